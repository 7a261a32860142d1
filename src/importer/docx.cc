#include "importer/docx.h"

#include <algorithm>
#include <array>
#include <libxml/xmlreader.h>
#include <limits>
#include <map>
#include <memory>
#include <tuple>
#include <vector>
#include <zip.h>

#include "importer/xml_bound.h"
#include "util/text.h"

namespace followup::importer::detail {

namespace {

// A memo's document.xml is a few hundred kilobytes; anything far larger is
// refused rather than inflated (a zip bomb must not exhaust memory).
constexpr zip_uint64_t k_max_document_size = zip_uint64_t{64} * 1024 * 1024;
constexpr const char* k_document = "word/document.xml";
constexpr const char* k_numbering = "word/numbering.xml";
constexpr const char* k_styles = "word/styles.xml";

Error docx_error(std::string message) {
  return Error{ErrorCode::invalid_argument, std::move(message), "", 0};
}

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
struct ReaderCloser {
  void operator()(xmlTextReaderPtr r) const { xmlFreeTextReader(r); }
};

// The parts the reader reads: word/document.xml, and word/numbering.xml
// when the document has numbered paragraphs.
struct Parts {
  std::string document;
  std::string numbering;  // empty when there is none
  std::string styles;     // likewise
};

// One part's bytes, within the size bound and the attribute bound; nullopt
// when the archive has no such part.
Result<std::optional<std::string>> read_part(zip_t* archive, const char* name) {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive, name, 0, &stat) != 0) return std::optional<std::string>();
  if ((stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > k_max_document_size)
    return docx_error("the Word document is too large to import");
  const std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen(archive, name, 0));
  if (!file) return docx_error("the Word document uses a zip compression the importer cannot read");
  std::string xml;
  char buffer[65536];
  zip_int64_t n = 0;
  AttributeBound attributes;
  while ((n = zip_fread(file.get(), buffer, sizeof buffer)) > 0) {
    xml.append(buffer, static_cast<std::size_t>(n));
    if (xml.size() > k_max_document_size) return docx_error("the Word document is too large to import");
    if (!attributes.within(std::string_view(buffer, static_cast<std::size_t>(n))))
      return docx_error("the Word document has an element with more than " +
                        std::to_string(AttributeBound::k_max_attributes) + " attributes");
  }
  if (n < 0) return docx_error("the Word document is damaged (bad compressed data)");
  return std::optional<std::string>(std::move(xml));
}

// The parts out of the archive, read with libzip (which checks the
// archive's structure and each entry's CRC).
Result<Parts> read_parts(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) return docx_error("the Word document could not be read");
  const std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (!archive) {
    zip_source_free(source);
    zip_error_fini(&error);
    return docx_error("the file is not a Word document (damaged zip archive)");
  }
  auto document = read_part(archive.get(), k_document);
  if (!document) return document.error();
  if (!*document)
    return docx_error("the file is a zip archive but not a Word document (it has no " +
                      std::string(k_document) + ")");
  auto numbering = read_part(archive.get(), k_numbering);
  if (!numbering) return numbering.error();
  // Only a document with lists needs its styles (which may number paragraphs).
  std::optional<std::string> styles;
  if (*numbering) {
    auto read = read_part(archive.get(), k_styles);
    if (!read) return read.error();
    styles = std::move(*read);
  }
  return Parts{std::move(**document), numbering->value_or(""), styles.value_or("")};
}

// A cell's text in a pipe row: the characters the Markdown reader would
// take for structure are escaped, as `followup memo` writes them.
std::string markdown_cell(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const auto& p : paragraphs) {
    if (!out.empty()) out += "<br>";
    for (char c : p) {
      if (c == '|' || c == '\\' || c == '*' || c == '_') out += '\\';
      out += c;
    }
  }
  return out;
}

// The element's name without its namespace prefix ("w:p" gives "p").
std::string_view local_name(xmlTextReaderPtr reader) {
  const auto* name = xmlTextReaderConstName(reader);
  if (name == nullptr) return {};
  std::string_view s(reinterpret_cast<const char*>(name));
  const auto colon = s.find(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

// The value of the attribute `wanted` (its local name: "val" for
// "w:val") of the element the reader stands on; empty when it has none.
std::string attribute(xmlTextReaderPtr reader, std::string_view wanted) {
  std::string out;
  if (xmlTextReaderMoveToFirstAttribute(reader) != 1) return out;
  do {
    if (local_name(reader) == wanted) {
      const auto* value = xmlTextReaderConstValue(reader);
      if (value != nullptr) out = reinterpret_cast<const char*>(value);
      break;
    }
  } while (xmlTextReaderMoveToNextAttribute(reader) == 1);
  xmlTextReaderMoveToElement(reader);
  return out;
}

int int_of(const std::string& text) {
  int value = 0;
  for (char c : text) {
    if (!util::is_digit(c) || value > 99999) return -1;
    value = value * 10 + (c - '0');
  }
  return text.empty() ? -1 : value;
}

// Word's lists (word/numbering.xml): how each list's levels are numbered.
struct Level {
  int start = 1;
  std::string format = "decimal";  // numFmt: decimal, lowerLetter, upperRoman, bullet, ...
  std::string text = "%1.";        // lvlText: "%1.", "(%2)", "%1.%2."
};
constexpr int k_levels = 9;
struct ListFormat {
  std::array<Level, k_levels> levels;
};

class Numbering {
 public:
  // Reads numbering.xml; what it cannot read leaves lists numbered "1.".
  void read(const std::string& xml) {
    if (xml.empty() || xml.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) return;
    const std::unique_ptr<xmlTextReader, ReaderCloser> reader(
        xmlReaderForMemory(xml.data(), static_cast<int>(xml.size()), k_numbering, nullptr,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (!reader) return;
    std::map<int, ListFormat> abstract;
    int in_abstract = -1, level = -1, in_num = -1, override_level = -1;
    while (xmlTextReaderRead(reader.get()) == 1) {
      if (xmlTextReaderNodeType(reader.get()) != XML_READER_TYPE_ELEMENT) continue;
      const auto name = local_name(reader.get());
      if (name == "abstractNum") {
        in_abstract = int_of(attribute(reader.get(), "abstractNumId"));
        in_num = -1;
      } else if (name == "num") {
        in_num = int_of(attribute(reader.get(), "numId"));
        in_abstract = -1;
      } else if (name == "lvl" && in_abstract >= 0) {
        level = int_of(attribute(reader.get(), "ilvl"));
      } else if (in_abstract >= 0 && level >= 0 && level < k_levels) {
        Level& l = abstract[in_abstract].levels[static_cast<std::size_t>(level)];
        if (name == "start") l.start = std::max(0, int_of(attribute(reader.get(), "val")));
        if (name == "numFmt") l.format = attribute(reader.get(), "val");
        if (name == "lvlText") l.text = attribute(reader.get(), "val");
      } else if (in_num >= 0 && name == "abstractNumId") {
        m_lists[in_num] = abstract[int_of(attribute(reader.get(), "val"))];
      } else if (in_num >= 0 && name == "lvlOverride") {
        override_level = int_of(attribute(reader.get(), "ilvl"));
      } else if (in_num >= 0 && name == "startOverride" && override_level >= 0 && override_level < k_levels) {
        m_lists[in_num].levels[static_cast<std::size_t>(override_level)].start =
            std::max(0, int_of(attribute(reader.get(), "val")));
      }
    }
  }

  // Reads styles.xml: the paragraph styles that number their paragraphs
  // (Word's "List Number"), by style id.
  void read_styles(const std::string& xml) {
    if (xml.empty() || xml.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) return;
    const std::unique_ptr<xmlTextReader, ReaderCloser> reader(
        xmlReaderForMemory(xml.data(), static_cast<int>(xml.size()), k_styles, nullptr,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (!reader) return;
    std::string style;
    while (xmlTextReaderRead(reader.get()) == 1) {
      if (xmlTextReaderNodeType(reader.get()) != XML_READER_TYPE_ELEMENT) continue;
      const auto name = local_name(reader.get());
      if (name == "style") style = attribute(reader.get(), "styleId");
      if (name == "numId" && !style.empty()) m_styles[style].first = int_of(attribute(reader.get(), "val"));
      if (name == "ilvl" && !style.empty()) m_styles[style].second = int_of(attribute(reader.get(), "val"));
    }
  }

  // The list and level a paragraph style numbers its paragraphs in; {0, 0}
  // for none.
  [[nodiscard]] std::pair<int, int> of_style(const std::string& style) const {
    auto found = m_styles.find(style);
    return found == m_styles.end() ? std::pair<int, int>{0, 0} : found->second;
  }

  // The label of the next paragraph of list `num_id` at `level` ("3.",
  // "(b)", "-" for a bullet; "" for none), counting it.
  std::string next(int num_id, int level) {
    if (num_id <= 0 || level < 0 || level >= k_levels) return "";
    const ListFormat& list = m_lists[num_id];
    auto& counts = m_counts[num_id];
    const auto at = static_cast<std::size_t>(level);
    counts[at] = counts[at] == 0 ? list.levels[at].start : counts[at] + 1;
    for (std::size_t deeper = at + 1; deeper < counts.size(); ++deeper) counts[deeper] = 0;
    const Level& l = list.levels[at];
    if (l.format == "bullet") return "-";
    if (l.format == "none") return "";
    std::string out;
    for (std::size_t i = 0; i < l.text.size(); ++i) {
      const char c = l.text[i];
      if (c == '%' && i + 1 < l.text.size() && l.text[i + 1] >= '1' && l.text[i + 1] <= '9') {
        const auto which = static_cast<std::size_t>(l.text[i + 1] - '1');
        const int n = counts[which] == 0 ? list.levels[which].start : counts[which];
        out += shown(list.levels[which].format, n);
        ++i;
      } else {
        out += c;
      }
    }
    return out;
  }

 private:
  static std::string shown(const std::string& format, int n) {
    if ((format == "lowerLetter" || format == "upperLetter") && n >= 1) {
      // a..z, then aa..zz, as Word counts on.
      const char first = format == "lowerLetter" ? 'a' : 'A';
      return std::string(static_cast<std::size_t>((n - 1) / 26 + 1), static_cast<char>(first + (n - 1) % 26));
    }
    if ((format == "lowerRoman" || format == "upperRoman") && n >= 1 && n < 4000) {
      static constexpr std::pair<int, const char*> k_roman[] = {
          {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
          {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
      std::string out;
      for (const auto& [value, letters] : k_roman)
        for (; n >= value; n -= value) out += letters;
      if (format == "upperRoman")
        for (char& c : out) c = static_cast<char>(c - 'a' + 'A');
      return out;
    }
    return std::to_string(n);
  }

  std::map<int, ListFormat> m_lists;
  std::map<int, std::array<int, k_levels>> m_counts;
  std::map<std::string, std::pair<int, int>> m_styles;
};

// Turns WordprocessingML into Markdown: the state of one pass over the
// elements, in document order.
class MarkdownWriter {
 public:
  explicit MarkdownWriter(Numbering& numbering) : m_numbering(numbering) {}

  // `reader` stands on the element, for its attributes.
  void start(std::string_view name, xmlTextReaderPtr reader) {
    if (name == "ilvl" && m_in_numbering) {
      m_level = int_of(attribute(reader, "val"));
    } else if (name == "numId" && m_in_numbering) {
      m_list = int_of(attribute(reader, "val"));
    } else if (name == "numPr") {
      m_in_numbering = true;
      m_level = 0;
    } else if (name == "p") {
      m_list = -1;
      m_level = 0;
      m_style.clear();
    } else if (name == "pStyle") {
      m_style = attribute(reader, "val");
    } else if (name == "t") {
      m_in_text = true;
    } else if (name == "tabs") {
      m_in_tab_stops = true;
    } else if (name == "tab" && !m_in_tab_stops) {
      m_paragraph += '\t';
    } else if (name == "br" || name == "cr") {
      m_paragraph += '\n';
    } else if (name == "tbl") {
      if (++m_table_depth == 1) {
        m_header_written = false;
        if (!m_out.empty() && !m_out.ends_with("\n\n")) m_out += '\n';
      }
    } else if (name == "tr" && m_table_depth == 1) {
      m_row.clear();
    } else if (name == "tc" && m_table_depth == 1) {
      m_row.emplace_back();
    }
  }

  void end(std::string_view name) {
    if (name == "numPr") {
      m_in_numbering = false;
    } else if (name == "t") {
      m_in_text = false;
    } else if (name == "tabs") {
      m_in_tab_stops = false;
    } else if (name == "tbl") {
      if (--m_table_depth == 0) m_out += '\n';
    } else if (name == "tr" && m_table_depth == 1) {
      // One pipe row per Word row; the alignment row after the first.
      m_out += '|';
      for (const auto& cell : m_row) m_out += " " + markdown_cell(cell) + " |";
      m_out += '\n';
      if (!m_header_written) {
        m_out += '|';
        for (std::size_t k = 0; k < m_row.size(); ++k) m_out += "---|";
        m_out += '\n';
        m_header_written = true;
      }
    } else if (name == "p") {
      // A numbered paragraph starts with its number, as Word shows it: its
      // own list, or its style's (numId 0 turns the style's off).
      if (m_list < 0) std::tie(m_list, m_level) = m_numbering.of_style(m_style);
      if (const std::string label = m_numbering.next(m_list, m_level); !label.empty())
        m_paragraph = label + " " + m_paragraph;
      // A line break inside a paragraph is a paragraph of its own too.
      for (auto piece : util::split(m_paragraph, '\n')) {
        if (m_table_depth > 0) {
          if (!m_row.empty()) m_row.back().emplace_back(util::trim(piece));
        } else {
          m_out += piece;
          m_out += '\n';
        }
      }
      m_paragraph.clear();
    }
  }

  void text(std::string_view value) {
    if (!m_in_text) return;
    // Control characters other than tab and line end are no text.
    for (char c : value)
      if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') m_paragraph += c;
  }

  [[nodiscard]] const std::string& markdown() const { return m_out; }

 private:
  std::string m_out;
  std::string m_paragraph;      // the paragraph being read
  bool m_in_text = false;       // inside <w:t>, whose characters are the text
  bool m_in_tab_stops = false;  // inside <w:tabs>, whose <w:tab> are tab stops, not tabs
  int m_table_depth = 0;
  std::vector<std::vector<std::string>> m_row;  // cells of the row being read, by paragraph
  bool m_header_written = false;
  Numbering& m_numbering;
  bool m_in_numbering = false;  // inside a paragraph's <w:numPr>
  int m_list = -1;              // the paragraph's list (numId; 0: none; -1: its style's)
  std::string m_style;          // the paragraph's style (pStyle)
  int m_level = 0;              // and its level (ilvl)
};

}  // namespace

bool looks_like_zip(std::string_view bytes) { return bytes.starts_with(std::string_view("PK\x03\x04", 4)); }

Result<std::string> docx_to_markdown(std::string_view bytes) {
  auto parts = read_parts(bytes);
  if (!parts) return parts.error();
  Numbering numbering;
  numbering.read(parts->numbering);
  numbering.read_styles(parts->styles);
  const std::string* xml = &parts->document;
  if (xml->size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return docx_error("the Word document is too large to import");
  // libxml2's streaming reader; no network, no external entities, quiet.
  const std::unique_ptr<xmlTextReader, ReaderCloser> reader(
      xmlReaderForMemory(xml->data(), static_cast<int>(xml->size()), k_document, nullptr,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!reader) return docx_error("the Word document could not be read");
  MarkdownWriter writer(numbering);
  int status = 0;
  while ((status = xmlTextReaderRead(reader.get())) == 1) {
    switch (xmlTextReaderNodeType(reader.get())) {
      case XML_READER_TYPE_ELEMENT: {
        const auto name = local_name(reader.get());
        writer.start(name, reader.get());
        if (xmlTextReaderIsEmptyElement(reader.get()) == 1) writer.end(name);
        break;
      }
      case XML_READER_TYPE_END_ELEMENT:
        writer.end(local_name(reader.get()));
        break;
      case XML_READER_TYPE_TEXT:
      case XML_READER_TYPE_CDATA:
      case XML_READER_TYPE_WHITESPACE:
      case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
        const auto* value = xmlTextReaderConstValue(reader.get());
        if (value != nullptr) writer.text(reinterpret_cast<const char*>(value));
        break;
      }
      default:
        break;
    }
  }
  if (status < 0) return docx_error("the Word document is damaged (its text is not well-formed XML)");
  if (util::trim(writer.markdown()).empty()) return docx_error("the Word document has no text");
  return writer.markdown();
}

}  // namespace followup::importer::detail
