#include "render/docx.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <utility>
#include <zip.h>

#include "util/encoding.h"
#include "util/text.h"

namespace followup::render {

namespace {

// Twentieths of a point. A4, margins of 2 cm.
constexpr int k_page_short = 11906;
constexpr int k_page_long = 16838;
constexpr int k_margin = 1134;
constexpr int k_header_footer = 567;
constexpr int k_indent = 567;
// Columns' widths, in tenths of a character: a column's cells' longest
// word up to 10 characters (dates, references, numbers), then its longest
// word, then its header's longest word up to 10 characters, then all of
// it, then its widest line, each capped. A character
// of the tables' 8-point text is taken as 105 twips (DejaVu Sans's
// digits, wider than Calibri's; capitals as 1.3 of that), a cell's
// margins as 80.
constexpr std::size_t k_short_word = 100;
constexpr std::size_t k_word_most = 200;
constexpr std::size_t k_header_word_most = 160;
constexpr std::size_t k_line_most = 400;
constexpr std::size_t k_tenth_twips_x10 = 105;  // twips per tenth of a character, times 10
constexpr std::size_t k_cell_margin = 40;
// The zip entries' time: 1980-01-01 00:00, MS-DOS's first day.
constexpr zip_uint16_t k_dos_date = (0U << 9U) | (1U << 5U) | 1U;
constexpr zip_uint16_t k_dos_time = 0;

constexpr std::string_view k_xml_head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr std::string_view k_w_ns =
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
    "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"";
constexpr std::string_view k_rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

bool allowed_in_xml(char32_t c) {
  if (c < 0x20) return c == '\t' || c == '\n' || c == '\r';
  return c != 0xFFFE && c != 0xFFFF;
}

// Line ends as '\n' (XML would make a lone CR one anyway).
std::string with_lf(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The runs' content of `text`: pieces of text, a line end a <w:br/>, a tab
// a <w:tab/>.
std::string run_content(std::string_view text) {
  const std::string escaped = xml_escape(with_lf(text));
  std::string out;
  std::string piece;
  auto flush = [&] {
    if (piece.empty()) return;
    out += "<w:t xml:space=\"preserve\">" + piece + "</w:t>";
    piece.clear();
  };
  for (char c : escaped) {
    if (c == '\n' || c == '\t') {
      flush();
      out += c == '\n' ? "<w:br/>" : "<w:tab/>";
    } else {
      piece += c;
    }
  }
  flush();
  return out;
}

std::string run(std::string_view text, std::string_view properties = {}) {
  const std::string content = run_content(text);
  if (content.empty()) return {};
  return "<w:r>" + (properties.empty() ? std::string() : "<w:rPr>" + std::string(properties) + "</w:rPr>") +
         content + "</w:r>";
}

std::string paragraph(std::string_view properties, const std::string& runs) {
  return "<w:p>" + (properties.empty() ? std::string() : "<w:pPr>" + std::string(properties) + "</w:pPr>") +
         runs + "</w:p>";
}

std::string styled(std::string_view style) { return "<w:pStyle w:val=\"" + std::string(style) + "\"/>"; }

// The widest line of `text`, and its longest word, in tenths of a
// character: a capital or a wide sign 13, any other character 10.
struct Extent {
  std::size_t line = 0;
  std::size_t word = 0;
};
std::size_t tenths(std::string_view s) {
  std::size_t out = 0;
  for (char c : s) {
    if ((util::byte(c) & 0xC0U) == 0x80) continue;  // a UTF-8 continuation byte
    const bool wide =
        (c >= 'A' && c <= 'Z') || std::string_view("#%@&mwMW").find(c) != std::string_view::npos;
    out += wide ? 13 : 10;
  }
  return out;
}
Extent extent_of(std::string_view text) {
  Extent out;
  for (auto line : util::split(text, '\n')) {
    out.line = std::max(out.line, tenths(line));
    for (auto word : util::split(line, ' ')) out.word = std::max(out.word, tenths(word));
  }
  return out;
}

std::string cell(std::string_view text, bool right, bool header) {
  return "<w:tc>" + paragraph(right ? "<w:jc w:val=\"right\"/>" : "", run(text, header ? "<w:b/>" : "")) +
         "</w:tc>";
}

// A page of `landscape` orientation: its width for text.
int text_width(bool landscape) { return (landscape ? k_page_long : k_page_short) - 2 * k_margin; }

std::string section(bool landscape) {
  const int w = landscape ? k_page_long : k_page_short;
  const int h = landscape ? k_page_short : k_page_long;
  const std::string m = std::to_string(k_margin);
  return "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:pgSz w:w=\"" +
         std::to_string(w) + "\" w:h=\"" + std::to_string(h) + "\"" +
         (landscape ? " w:orient=\"landscape\"" : "") + "/><w:pgMar w:top=\"" + m + "\" w:right=\"" + m +
         "\" w:bottom=\"" + m + "\" w:left=\"" + m + "\" w:header=\"" + std::to_string(k_header_footer) +
         "\" w:footer=\"" + std::to_string(k_header_footer) + "\" w:gutter=\"0\"/></w:sectPr>";
}

std::string content_types() {
  const std::string wml = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
  return std::string(k_xml_head) +
         "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" "
         "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
         "<Default Extension=\"png\" ContentType=\"image/png\"/>"
         "<Override PartName=\"/word/document.xml\" ContentType=\"" +
         wml + "document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"" + wml +
         "styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"" + wml +
         "settings+xml\"/><Override PartName=\"/word/footnotes.xml\" ContentType=\"" + wml +
         "footnotes+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"" + wml +
         "footer+xml\"/><Override PartName=\"/docProps/core.xml\" "
         "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>";
}

std::string relationship(std::string_view id, std::string_view type, std::string_view target) {
  return "<Relationship Id=\"" + std::string(id) + "\" Type=\"" + std::string(type) + "\" Target=\"" +
         std::string(target) + "\"/>";
}

std::string relationships(const std::string& items) {
  return std::string(k_xml_head) +
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" + items +
         "</Relationships>";
}

std::string package_rels() {
  return relationships(relationship("rId1", std::string(k_rel) + "officeDocument", "word/document.xml") +
                       relationship("rId2",
                                    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                                    "core-properties",
                                    "docProps/core.xml"));
}

// The image of the n-th chart (1, 2, ...): its part and relationship.
std::string chart_part(std::size_t n) { return "media/chart" + std::to_string(n) + ".png"; }
std::string chart_rel(std::size_t n) { return "rIdChart" + std::to_string(n); }

std::string document_rels(std::size_t charts) {
  const std::string rel(k_rel);
  std::string items = relationship("rIdStyles", rel + "styles", "styles.xml") +
                      relationship("rIdSettings", rel + "settings", "settings.xml") +
                      relationship("rIdFootnotes", rel + "footnotes", "footnotes.xml") +
                      relationship("rIdFooter", rel + "footer", "footer1.xml");
  for (std::size_t n = 1; n <= charts; ++n) items += relationship(chart_rel(n), rel + "image", chart_part(n));
  return relationships(items);
}

// A paragraph holding the n-th chart's image, `cx` by `cy` EMUs (914,400
// an inch), `description` its alternative text.
std::string picture(std::size_t n, long long cx, long long cy, std::string_view name,
                    std::string_view description) {
  const std::string id = std::to_string(n);
  const std::string extent = "cx=\"" + std::to_string(cx) + "\" cy=\"" + std::to_string(cy) + "\"";
  return "<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" "
         "distR=\"0\"><wp:extent " +
         extent + "/><wp:docPr id=\"" + id + "\" name=\"" + xml_escape(name) + "\" descr=\"" +
         xml_escape(description) +
         "\"/><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData "
         "uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic "
         "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:nvPicPr><pic:cNvPr "
         "id=\"" +
         id + "\" name=\"chart" + id +
         ".png\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"" + chart_rel(n) +
         "\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" "
         "y=\"0\"/><a:ext " +
         extent +
         "/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>"
         "</a:graphic></wp:inline></w:drawing></w:r></w:p>";
}

std::string paragraph_style(std::string_view id, std::string_view name, std::string_view ppr,
                            std::string_view rpr) {
  return "<w:style w:type=\"paragraph\" w:styleId=\"" + std::string(id) + "\"><w:name w:val=\"" +
         std::string(name) +
         "\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr>" + std::string(ppr) +
         "</w:pPr><w:rPr>" + std::string(rpr) + "</w:rPr></w:style>";
}

std::string styles() {
  return std::string(k_xml_head) + "<w:styles " + std::string(k_w_ns) +
         "><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" "
         "w:eastAsia=\"Calibri\" w:cs=\"Calibri\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/><w:lang "
         "w:val=\"en-GB\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"80\"/></w:pPr>"
         "</w:pPrDefault></w:docDefaults>"
         "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
         "<w:qFormat/></w:style>" +
         paragraph_style("Title", "Title", "<w:spacing w:after=\"120\"/>",
                         "<w:b/><w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/>") +
         paragraph_style(
             "Heading1", "heading 1",
             "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/>",
             "<w:b/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>") +
         paragraph_style(
             "Heading2", "heading 2",
             "<w:keepNext/><w:spacing w:before=\"200\" w:after=\"80\"/><w:outlineLvl w:val=\"1\"/>",
             "<w:b/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>") +
         paragraph_style("FootnoteText", "footnote text", "<w:spacing w:after=\"0\"/>",
                         "<w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/>") +
         paragraph_style("Footer", "footer", "<w:jc w:val=\"center\"/>", "<w:sz w:val=\"16\"/>") +
         "<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote "
         "reference\"/><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>"
         "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:pPr><w:spacing "
         "w:after=\"0\"/></w:pPr><w:rPr><w:sz w:val=\"16\"/><w:szCs "
         "w:val=\"16\"/></w:rPr><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
         "w:color=\"808080\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
         "w:color=\"808080\"/><w:bottom "
         "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:right w:val=\"single\" w:sz=\"4\" "
         "w:space=\"0\" w:color=\"808080\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
         "w:color=\"808080\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
         "</w:tblBorders><w:tblCellMar><w:left w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"40\" "
         "w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style></w:styles>";
}

std::string settings() {
  return std::string(k_xml_head) + "<w:settings " + std::string(k_w_ns) +
         "><w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>"
         "<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
         "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>";
}

// The separators Word requires, and the definitions as footnote 1.
std::string footnotes(std::string_view definitions) {
  std::string out = std::string(k_xml_head) + "<w:footnotes " + std::string(k_w_ns) +
                    "><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\"/>"
                    "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote "
                    "w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\"/>"
                    "</w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>";
  if (!definitions.empty())
    out += "<w:footnote w:id=\"1\">" +
           paragraph(styled("FootnoteText"),
                     "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>" +
                         run(" Definitions: " + std::string(definitions))) +
           "</w:footnote>";
  return out + "</w:footnotes>";
}

std::string field_runs(std::string_view instruction) {
  return "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> " +
         std::string(instruction) +
         " </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"
         "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
}

std::string footer() {
  return std::string(k_xml_head) + "<w:ftr " + std::string(k_w_ns) + ">" +
         paragraph(styled("Footer"),
                   run("Page ") + field_runs("PAGE") + run(" of ") + field_runs("NUMPAGES")) +
         "</w:ftr>";
}

std::string core_properties(const DocumentProperties& p, std::string_view created_utc) {
  auto element = [](std::string_view name, std::string_view value) {
    return "<" + std::string(name) + ">" + xml_escape(value) + "</" + std::string(name) + ">";
  };
  std::string out =
      std::string(k_xml_head) +
      "<cp:coreProperties "
      "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
      "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">" +
      element("dc:title", p.title) + element("dc:subject", p.subject) + element("dc:creator", "followup") +
      element("dc:description", p.comments);
  if (parse_utc_instant(created_utc))
    out += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">" + std::string(created_utc) + "</dcterms:created>";
  return out + "</cp:coreProperties>";
}

// The package's parts, zipped in order, each with the fixed time.
Result<std::string> zip_parts(const std::vector<std::pair<std::string, std::string>>& parts) {
  auto failed = [](zip_error_t* e) {
    const std::string why = zip_error_strerror(e);
    return make_error(ErrorCode::unavailable, "cannot write the Word document's package: " + why);
  };
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) {
    auto e = failed(&error);
    zip_error_fini(&error);
    return e;
  }
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    auto e = failed(&error);
    zip_error_fini(&error);
    zip_source_free(buffer);
    return e;
  }
  zip_error_fini(&error);
  zip_source_keep(buffer);  // still ours after zip_close, to read the archive back
  for (const auto& [name, data] : parts) {
    zip_source_t* file = zip_source_buffer(archive, data.data(), data.size(), 0);
    const zip_int64_t index =
        file == nullptr ? -1 : zip_file_add(archive, name.c_str(), file, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      if (file != nullptr) zip_source_free(file);
      auto e = failed(zip_get_error(archive));
      zip_discard(archive);
      zip_source_free(buffer);
      return e;
    }
    if (zip_file_set_dostime(archive, static_cast<zip_uint64_t>(index), k_dos_time, k_dos_date, 0) != 0) {
      auto e = failed(zip_get_error(archive));
      zip_discard(archive);
      zip_source_free(buffer);
      return e;
    }
  }
  if (zip_close(archive) != 0) {
    auto e = failed(zip_get_error(archive));
    zip_discard(archive);
    zip_source_free(buffer);
    return e;
  }
  std::string out;
  if (zip_source_open(buffer) != 0) {
    auto e = failed(zip_source_error(buffer));
    zip_source_free(buffer);
    return e;
  }
  char chunk[65536];
  zip_int64_t n = 0;
  while ((n = zip_source_read(buffer, chunk, sizeof chunk)) > 0)
    out.append(chunk, static_cast<std::size_t>(n));
  std::optional<Error> read_error;
  if (n < 0) read_error = failed(zip_source_error(buffer));
  zip_source_close(buffer);
  zip_source_free(buffer);
  if (read_error) return *read_error;
  return out;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  // The characters XML can hold, then the markup's escapes.
  std::string held;
  held.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const util::Utf8Char c = util::decode_utf8_at(text, i);
    if (c.length == 0) {
      held += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (allowed_in_xml(c.code_point)) held += text.substr(i, c.length);
    i += c.length;
  }
  return util::escape_markup(held);
}

struct WordDocument::Impl {
  std::string created;
  DocumentProperties properties;
  bool finished = false;
  bool landscape = false;
  // The body, and where each table's grid goes in it (the columns' widths
  // known once its rows are in).
  std::string body;
  struct Grid {
    std::size_t at = 0;
    // Per column, in characters: the longest word of its cells, of its
    // header, and its widest line.
    std::vector<std::size_t> word, header_word, line;
  };
  std::vector<Grid> grids;
  std::vector<std::string> charts;  // each chart's PNG bytes, in order
  // The table being written: its columns' kinds; open until the next part.
  std::vector<CellKind> kinds;
  bool table_open = false;

  void close_table() {
    if (!table_open) return;
    // A paragraph after the table: Word wants one before the section's end,
    // and two tables side by side would be one.
    body += "</w:tbl><w:p/>";
    table_open = false;
  }

  void write_row(const std::vector<std::string>& cells, bool header) {
    Grid& grid = grids.back();
    body += header ? "<w:tr><w:trPr><w:tblHeader/></w:trPr>" : "<w:tr>";
    for (std::size_t c = 0; c < kinds.size(); ++c) {
      const std::string text =
          c < cells.size() ? cell_shown(header ? CellKind::text : kinds[c], cells[c]) : "";
      const Extent e = extent_of(text);
      auto& word = header ? grid.header_word[c] : grid.word[c];
      word = std::max(word, e.word);
      grid.line[c] = std::max(grid.line[c], e.line);
      body += cell(text, right_aligned(kinds[c]), header);
    }
    body += "</w:tr>";
  }

  // The columns' widths in twips, filling the page's width: each column
  // gets the first tier of widths that fits them all (k_short_word...),
  // and what is left over goes towards the next tier in proportion to
  // what each column lacks of it: numbers, dates and references are not
  // split while a long header or text may be.
  std::string grid_xml(const Grid& grid) const {
    const std::size_t n = grid.line.size();
    std::vector<std::vector<std::size_t>> tiers(5, std::vector<std::size_t>(n));
    for (std::size_t c = 0; c < n; ++c) {
      tiers[0][c] = std::clamp<std::size_t>(grid.word[c], 30, k_short_word);
      tiers[1][c] = std::max(tiers[0][c], std::min(grid.word[c], k_word_most));
      tiers[2][c] = std::max(tiers[1][c], std::min(grid.header_word[c], k_short_word));
      tiers[3][c] = std::max(tiers[2][c], std::min(grid.header_word[c], k_header_word_most));
      tiers[4][c] = std::max(tiers[3][c], std::min(std::max(grid.line[c], grid.header_word[c]), k_line_most));
    }
    const auto page = static_cast<std::size_t>(text_width(landscape));
    const std::size_t margins = n * 2 * k_cell_margin;
    const std::size_t room = page > margins ? (page - margins) * 10 / k_tenth_twips_x10 : 0;
    auto sum = [](const std::vector<std::size_t>& v) {
      std::size_t total = 0;
      for (std::size_t x : v) total += x;
      return total;
    };
    std::vector<double> chars(tiers[0].begin(), tiers[0].end());
    if (sum(tiers[0]) <= room) {
      std::size_t t = 0;
      while (t + 1 < tiers.size() && sum(tiers[t + 1]) <= room) ++t;
      const std::vector<std::size_t>& next = tiers[std::min(t + 1, tiers.size() - 1)];
      const double lack = static_cast<double>(sum(next) - sum(tiers[t]));
      const double spare = static_cast<double>(room - sum(tiers[t]));
      for (std::size_t c = 0; c < n; ++c)
        chars[c] = static_cast<double>(tiers[t][c]) +
                   (lack > 0 ? std::min(1.0, spare / lack) * static_cast<double>(next[c] - tiers[t][c]) : 0);
    }
    double total = 0;
    for (double x : chars) total += x;
    std::string out = "<w:tblGrid>";
    for (double x : chars)
      out += "<w:gridCol w:w=\"" +
             std::to_string(static_cast<long long>(static_cast<double>(page) * x / total)) + "\"/>";
    return out + "</w:tblGrid>";
  }

  std::string head() const {
    const DocumentProperties& p = properties;
    std::string title = run(p.title);
    if (!p.definitions.empty())
      title +=
          "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference "
          "w:id=\"1\"/></w:r>";
    std::string out = paragraph(styled("Title"), title);
    std::string line;
    if (p.as_of) line = "As of " + p.as_of->iso() + ".";
    if (!p.history_head.empty())
      line += (line.empty() ? "" : " ") + ("History head: " + p.history_head + ".");
    if (!line.empty()) out += paragraph("", run(line));
    return out;
  }

  std::string document() const {
    std::string out = std::string(k_xml_head) + "<w:document " + std::string(k_w_ns) + "><w:body>" + head();
    std::size_t from = 0;
    for (const Grid& g : grids) {
      out.append(body, from, g.at - from);
      out += grid_xml(g);
      from = g.at;
    }
    out.append(body, from);
    return out + section(landscape) + "</w:body></w:document>";
  }
};

WordDocument::WordDocument(std::string_view created_utc) : m_impl(std::make_unique<Impl>()) {
  m_impl->created = created_utc;
}

WordDocument::~WordDocument() = default;

void WordDocument::set_properties(DocumentProperties properties) {
  m_impl->properties = std::move(properties);
}

void WordDocument::add_table(const Table& table) {
  Impl& m = *m_impl;
  if (m.finished) return;
  m.close_table();
  m.body += paragraph(styled("Heading1"), run(table.title));
  // Word refuses a table without cells.
  if (table.columns.empty()) return;
  m.kinds.assign(table.columns.size(), CellKind::text);
  std::copy_n(table.kinds.begin(), std::min(table.kinds.size(), m.kinds.size()), m.kinds.begin());
  if (table.columns.size() > k_portrait_columns) m.landscape = true;
  m.body +=
      "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout "
      "w:type=\"autofit\"/><w:tblLook w:val=\"0020\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" "
      "w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr>";
  const std::vector<std::size_t> zeros(table.columns.size(), 0);
  m.grids.push_back(Impl::Grid{m.body.size(), zeros, zeros, zeros});
  m.table_open = true;
  m.write_row(table.columns, true);
  for (const auto& row : table.rows) m.write_row(row, false);
}

void WordDocument::add_rows(const Rows& rows) {
  Impl& m = *m_impl;
  if (m.finished || !m.table_open) return;
  for (const auto& row : rows) m.write_row(row, false);
}

void WordDocument::add_heading(std::string_view text, int level) {
  Impl& m = *m_impl;
  if (m.finished) return;
  m.close_table();
  m.body += paragraph(styled(level <= 1 ? "Heading1" : "Heading2"), run(text));
}

void WordDocument::add_chart(const BarChart& chart) {
  Impl& m = *m_impl;
  if (m.finished) return;
  m.close_table();
  const ChartSize size = natural_size(chart);
  auto png = bar_chart_png(chart, static_cast<int>(size.width * 2), static_cast<int>(size.height * 2));
  if (!png) {
    add_paragraph(chart.title + ": the chart could not be drawn (" + png.error().message + ").", false);
    return;
  }
  m.charts.push_back(std::move(*png));
  // Its size in points, as EMUs (12,700 a point), narrowed to the text's
  // width (in twips, 20 a point) if need be.
  const double most = text_width(m.landscape) / 20.0;
  const double scale = size.width > most ? most / size.width : 1.0;
  const auto emu = [scale](double points) { return static_cast<long long>(points * scale * 12700); };
  m.body += paragraph(styled("Heading2") + "<w:keepNext/>", run(chart.title));
  m.body += picture(m.charts.size(), emu(size.width), emu(size.height), chart.title, chart.description);
  m.body += paragraph("", run(chart.description, "<w:i/>"));
}

void WordDocument::add_paragraph(std::string_view text, bool indented) {
  Impl& m = *m_impl;
  if (m.finished) return;
  m.close_table();
  m.body += paragraph(indented ? "<w:ind w:left=\"" + std::to_string(k_indent) + "\"/>" : "", run(text));
}

Result<std::string> WordDocument::finish() {
  Impl& m = *m_impl;
  if (m.finished) return make_error(ErrorCode::internal, "the Word document was finished already");
  m.close_table();
  m.finished = true;
  std::vector<std::pair<std::string, std::string>> parts;
  parts.emplace_back("[Content_Types].xml", content_types());
  parts.emplace_back("_rels/.rels", package_rels());
  parts.emplace_back("word/document.xml", m.document());
  parts.emplace_back("word/_rels/document.xml.rels", document_rels(m.charts.size()));
  for (std::size_t n = 1; n <= m.charts.size(); ++n)
    parts.emplace_back("word/" + chart_part(n), std::move(m.charts[n - 1]));
  m.charts.clear();
  parts.emplace_back("word/styles.xml", styles());
  parts.emplace_back("word/settings.xml", settings());
  parts.emplace_back("word/footnotes.xml", footnotes(m.properties.definitions));
  parts.emplace_back("word/footer1.xml", footer());
  parts.emplace_back("docProps/core.xml", core_properties(m.properties, m.created));
  m.body.clear();
  return zip_parts(parts);
}

}  // namespace followup::render
