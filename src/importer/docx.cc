#include "importer/docx.h"

#include <libxml/xmlreader.h>
#include <limits>
#include <memory>
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

// word/document.xml out of the archive, read with libzip (which checks the
// archive's structure and each entry's CRC).
Result<std::string> read_document(std::string_view bytes) {
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
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive.get(), k_document, 0, &stat) != 0)
    return docx_error("the file is a zip archive but not a Word document (it has no " +
                      std::string(k_document) + ")");
  if ((stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > k_max_document_size)
    return docx_error("the Word document is too large to import");
  const std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen(archive.get(), k_document, 0));
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
  return xml;
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

// Turns WordprocessingML into Markdown: the state of one pass over the
// elements, in document order.
class MarkdownWriter {
 public:
  void start(std::string_view name) {
    if (name == "t") {
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
    if (name == "t") {
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
};

}  // namespace

bool looks_like_zip(std::string_view bytes) { return bytes.starts_with(std::string_view("PK\x03\x04", 4)); }

Result<std::string> docx_to_markdown(std::string_view bytes) {
  auto xml = read_document(bytes);
  if (!xml) return xml.error();
  if (xml->size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return docx_error("the Word document is too large to import");
  // libxml2's streaming reader; no network, no external entities, quiet.
  const std::unique_ptr<xmlTextReader, ReaderCloser> reader(
      xmlReaderForMemory(xml->data(), static_cast<int>(xml->size()), k_document, nullptr,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!reader) return docx_error("the Word document could not be read");
  MarkdownWriter writer;
  int status = 0;
  while ((status = xmlTextReaderRead(reader.get())) == 1) {
    switch (xmlTextReaderNodeType(reader.get())) {
      case XML_READER_TYPE_ELEMENT: {
        const auto name = local_name(reader.get());
        writer.start(name);
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
