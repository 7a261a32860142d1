#include "importer/docx.h"

#include <cstdint>
#include <optional>
#include <vector>

#define ZLIB_CONST
#include <zlib.h>

#include "util/text.h"

namespace followup::importer::detail {

namespace {

// A memo's document.xml is a few hundred kilobytes; anything far larger is
// refused rather than inflated (a zip bomb must not exhaust memory).
constexpr std::uint32_t k_max_document_size = 64U * 1024U * 1024U;
constexpr std::string_view k_document = "word/document.xml";

Error docx_error(std::string message) {
  return Error{ErrorCode::invalid_argument, std::move(message), "", 0};
}

std::optional<std::uint32_t> read_u32(std::string_view b, std::size_t at) {
  if (at > b.size() || b.size() - at < 4) return std::nullopt;
  std::uint32_t v = 0;
  for (std::size_t k = 4; k-- > 0;) v = (v << 8U) | static_cast<unsigned char>(b[at + k]);
  return v;
}

std::optional<std::uint16_t> read_u16(std::string_view b, std::size_t at) {
  if (at > b.size() || b.size() - at < 2) return std::nullopt;
  return static_cast<std::uint16_t>(static_cast<unsigned>(static_cast<unsigned char>(b[at])) |
                                    (static_cast<unsigned>(static_cast<unsigned char>(b[at + 1])) << 8U));
}

struct Entry {
  std::uint16_t method = 0;
  std::uint32_t compressed = 0;
  std::uint32_t size = 0;
  std::uint32_t local_offset = 0;
};

// The central directory entry of `name`, found from the end-of-directory
// record (the last "PK\5\6" within the final 64 KiB + 22 bytes).
Result<Entry> find_entry(std::string_view zip, std::string_view name) {
  constexpr std::size_t k_end_record = 22;
  if (zip.size() < k_end_record) return docx_error("the file is not a Word document (damaged zip archive)");
  const std::size_t lowest = zip.size() > k_end_record + 65535 ? zip.size() - k_end_record - 65535 : 0;
  std::optional<std::size_t> end;
  for (std::size_t at = zip.size() - k_end_record + 1; at-- > lowest;) {
    if (read_u32(zip, at) == 0x06054b50U) {
      end = at;
      break;
    }
  }
  if (!end) return docx_error("the file is not a Word document (damaged zip archive)");
  const auto count = read_u16(zip, *end + 10);
  const auto directory = read_u32(zip, *end + 16);
  if (!count || !directory) return docx_error("the file is not a Word document (damaged zip archive)");
  std::size_t at = *directory;
  for (std::uint16_t k = 0; k < *count; ++k) {
    if (read_u32(zip, at) != 0x02014b50U)
      return docx_error("the file is not a Word document (damaged zip archive)");
    const auto method = read_u16(zip, at + 10);
    const auto compressed = read_u32(zip, at + 20);
    const auto size = read_u32(zip, at + 24);
    const auto name_length = read_u16(zip, at + 28);
    const auto extra_length = read_u16(zip, at + 30);
    const auto comment_length = read_u16(zip, at + 32);
    const auto local = read_u32(zip, at + 42);
    if (!method || !compressed || !size || !name_length || !extra_length || !comment_length || !local ||
        zip.size() - at < 46U + *name_length)
      return docx_error("the file is not a Word document (damaged zip archive)");
    if (zip.substr(at + 46, *name_length) == name) return Entry{*method, *compressed, *size, *local};
    at += 46U + *name_length + *extra_length + *comment_length;
  }
  return docx_error("the file is a zip archive but not a Word document (it has no " + std::string(name) +
                    ")");
}

Result<std::string> read_entry(std::string_view zip, const Entry& e) {
  const auto name_length = read_u16(zip, std::size_t{e.local_offset} + 26);
  const auto extra_length = read_u16(zip, std::size_t{e.local_offset} + 28);
  if (read_u32(zip, e.local_offset) != 0x04034b50U || !name_length || !extra_length)
    return docx_error("the Word document is damaged (bad zip entry)");
  const std::size_t data = std::size_t{e.local_offset} + 30U + *name_length + *extra_length;
  if (data > zip.size() || zip.size() - data < e.compressed)
    return docx_error("the Word document is damaged (truncated zip entry)");
  const std::string_view packed = zip.substr(data, e.compressed);
  if (e.size > k_max_document_size) return docx_error("the Word document is too large to import");
  if (e.method == 0) return std::string(packed);
  if (e.method != 8) return docx_error("the Word document uses a zip compression the importer cannot read");
  std::string out(e.size, '\0');
  z_stream zs{};
  if (inflateInit2_(&zs, -MAX_WBITS, ZLIB_VERSION, static_cast<int>(sizeof(z_stream))) != Z_OK)
    return docx_error("the Word document could not be decompressed");
  zs.next_in = reinterpret_cast<const Bytef*>(packed.data());
  zs.avail_in = static_cast<uInt>(packed.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&zs, Z_FINISH);
  const auto produced = zs.total_out;
  inflateEnd(&zs);
  if (rc != Z_STREAM_END || produced != e.size)
    return docx_error("the Word document is damaged (bad compressed data)");
  return out;
}

// XML character references and the five predefined entities, as UTF-8.
void append_entity(std::string& out, std::string_view entity) {
  if (entity == "amp")
    out += '&';
  else if (entity == "lt")
    out += '<';
  else if (entity == "gt")
    out += '>';
  else if (entity == "quot")
    out += '"';
  else if (entity == "apos")
    out += '\'';
  else if (entity.size() > 1 && entity.front() == '#') {
    std::uint32_t cp = 0;
    const bool hex = entity[1] == 'x' || entity[1] == 'X';
    for (std::size_t k = hex ? 2 : 1; k < entity.size() && cp <= 0x10FFFF; ++k) {
      const char c = entity[k];
      std::uint32_t d = 0;
      if (util::is_digit(c))
        d = static_cast<std::uint32_t>(c - '0');
      else if (hex && util::ascii_lower(c) >= 'a' && util::ascii_lower(c) <= 'f')
        d = static_cast<std::uint32_t>(util::ascii_lower(c) - 'a' + 10);
      else
        return;
      cp = cp * (hex ? 16U : 10U) + d;
    }
    // Control characters other than tab and line end are no text (XML 1.0
    // allows none of them either).
    if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0U | (cp >> 6U));
      out += static_cast<char>(0x80U | (cp & 0x3FU));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0U | (cp >> 12U));
      out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
      out += static_cast<char>(0x80U | (cp & 0x3FU));
    } else {
      out += static_cast<char>(0xF0U | (cp >> 18U));
      out += static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU));
      out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
      out += static_cast<char>(0x80U | (cp & 0x3FU));
    }
  }
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

// The element name of the tag starting at `xml[at]` ('<'), without prefix
// attributes or the closing '/': "w:p" for "<w:p w:rsidR=...>".
std::string_view tag_name(std::string_view tag) {
  std::size_t k = 0;
  while (k < tag.size() && tag[k] != ' ' && tag[k] != '/' && tag[k] != '>' && tag[k] != '\t' &&
         tag[k] != '\n' && tag[k] != '\r')
    ++k;
  return tag.substr(0, k);
}

}  // namespace

bool looks_like_zip(std::string_view bytes) { return bytes.starts_with(std::string_view("PK\x03\x04", 4)); }

Result<std::string> docx_to_markdown(std::string_view bytes) {
  const auto entry = find_entry(bytes, k_document);
  if (!entry) return entry.error();
  const auto xml_result = read_entry(bytes, *entry);
  if (!xml_result) return xml_result.error();
  const std::string_view xml = *xml_result;

  std::string out;
  std::string paragraph;      // the paragraph being read
  bool in_text = false;       // inside <w:t>, whose characters are the text
  bool in_tab_stops = false;  // inside <w:tabs>, whose <w:tab> are tab stops, not tabs
  int table_depth = 0;
  std::vector<std::vector<std::string>> row;  // cells of the row being read, by paragraph
  bool header_written = false;

  std::size_t i = 0;
  while (i < xml.size()) {
    if (xml[i] == '<') {
      const auto close = xml.find('>', i);
      if (close == std::string_view::npos) break;
      const std::string_view tag = xml.substr(i + 1, close - i - 1);
      i = close + 1;
      const bool ending = tag.starts_with("/");
      const bool empty = tag.ends_with("/");
      const std::string_view name = tag_name(ending ? tag.substr(1) : tag);
      if (name == "w:t") {
        in_text = !ending && !empty;
      } else if (name == "w:tabs") {
        in_tab_stops = !ending && !empty;
      } else if (name == "w:tab" && !ending && !in_tab_stops) {
        paragraph += '\t';
      } else if ((name == "w:br" || name == "w:cr") && !ending) {
        paragraph += '\n';
      } else if (name == "w:tbl") {
        table_depth += ending ? -1 : 1;
        if (!ending && table_depth == 1) {
          header_written = false;
          if (!out.empty() && !out.ends_with("\n\n")) out += '\n';
        }
        if (ending && table_depth == 0) out += '\n';
      } else if (name == "w:tr" && table_depth == 1) {
        if (!ending) {
          row.clear();
        } else {
          // One pipe row per Word row; the alignment row after the first.
          out += '|';
          for (const auto& cell : row) out += " " + markdown_cell(cell) + " |";
          out += '\n';
          if (!header_written) {
            out += '|';
            for (std::size_t k = 0; k < row.size(); ++k) out += "---|";
            out += '\n';
            header_written = true;
          }
        }
      } else if (name == "w:tc" && table_depth == 1 && !ending) {
        row.emplace_back();
      } else if (name == "w:p" && (ending || empty)) {
        // A line break inside a paragraph is a paragraph of its own too.
        for (auto piece : util::split(paragraph, '\n')) {
          if (table_depth > 0) {
            if (!row.empty()) row.back().emplace_back(util::trim(piece));
          } else {
            out += piece;
            out += '\n';
          }
        }
        paragraph.clear();
      }
      continue;
    }
    if (xml[i] == '&') {
      const auto semi = xml.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        if (in_text) append_entity(paragraph, xml.substr(i + 1, semi - i - 1));
        i = semi + 1;
        continue;
      }
    }
    if (in_text) paragraph += xml[i];
    ++i;
  }
  if (util::trim(out).empty()) return docx_error("the Word document has no text");
  return out;
}

}  // namespace followup::importer::detail
