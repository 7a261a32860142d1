// The Word document: a zip archive (read back with libzip) holding the
// WordprocessingML parts, its text escaped for XML; the reports and the
// follow-up memo as documents.
#include "render/docx.h"

#include <gtest/gtest.h>

#include "importer/test_zip.h"
#include "render/memo.h"
#include "render/reports.h"

// A namespace of its own: the tests are compiled as one unit.
namespace followup::render::docx_test {
namespace {

using importer::testing::zip_entries;
using Files = std::map<std::string, std::string>;
constexpr std::string_view k_created = "2026-11-28T04:27:24Z";

bool has(const std::string& text, std::string_view piece) { return text.find(piece) != std::string::npos; }

Files finished(WordDocument& doc) {
  auto bytes = doc.finish();
  EXPECT_TRUE(bytes.ok()) << (bytes.ok() ? "" : bytes.error().message);
  if (!bytes.ok()) return {};
  EXPECT_TRUE(bytes->starts_with("PK\x03\x04")) << "a zip archive";
  return zip_entries(*bytes);
}

std::string part(const Files& files, const std::string& name) {
  const auto at = files.find(name);
  return at == files.end() ? "" : at->second;
}

DocumentProperties properties() {
  return {"Status of follow-up as of 2001-09-10",
          "followup report status",
          "History head: 3:abc. Definitions: open & late",
          Date::parse_iso("2001-09-10"),
          "3:abc",
          "Open: issued and not closed; <late> after the due date."};
}

Table units_table() {
  return Table{"By unit",
               {"unit", "open", "rate", "share", "due"},
               {{"MMS", "2", "0.63636363636363635", "63.6% (7/11)", "2001-08-31"}, {"MPRP", "0", "", "", ""}},
               {CellKind::text, CellKind::integer, CellKind::ratio, CellKind::figure, CellKind::date}};
}

TEST(XmlEscape, EscapesMarkupReplacesBadBytesAndDropsWhatXmlRefuses) {
  EXPECT_EQ(xml_escape("a & b < c > d \"e\" 'f'"), "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;");
  EXPECT_EQ(xml_escape("tab\tline\nreturn\r"), "tab\tline\nreturn\r");
  EXPECT_EQ(xml_escape(std::string("a\x01"
                                   "b\x1F"
                                   "c\x7F",
                                   6)),
            "abc\x7F");
  EXPECT_EQ(xml_escape(std::string("nul\0end", 7)), "nulend");
  EXPECT_EQ(xml_escape("\xEF\xBF\xBE\xEF\xBF\xBF!"), "!") << "U+FFFE and U+FFFF";
  EXPECT_EQ(xml_escape("caf\xE9 \xC3\xA9"), "caf\xEF\xBF\xBD \xC3\xA9") << "a Latin-1 byte";
  EXPECT_EQ(xml_escape("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD") << "an overlong '/'";
  EXPECT_EQ(xml_escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD") << "a surrogate";
  EXPECT_EQ(xml_escape("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");
}

TEST(WordDocument, HoldsTheTitleTheTablesAndTheParts) {
  WordDocument doc(k_created);
  doc.set_properties(properties());
  doc.add_table(units_table());
  const Files files = finished(doc);
  for (const char* name :
       {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/settings.xml",
        "word/footnotes.xml", "word/footer1.xml", "word/_rels/document.xml.rels", "docProps/core.xml"})
    EXPECT_TRUE(files.contains(name)) << name;
  EXPECT_EQ(files.size(), 9U);
  const std::string body = part(files, "word/document.xml");
  // The title with the definitions' footnote, the as-of line, the table's heading.
  EXPECT_TRUE(has(body,
                  "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Status of "
                  "follow-up as of 2001-09-10</w:t></w:r><w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/>"
                  "</w:rPr><w:footnoteReference w:id=\"1\"/></w:r></w:p>"))
      << body;
  EXPECT_TRUE(has(body, "<w:t xml:space=\"preserve\">As of 2001-09-10. History head: 3:abc.</w:t>")) << body;
  EXPECT_TRUE(
      has(body, "<w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t xml:space=\"preserve\">By unit</w:t>"))
      << body;
  // The header row repeats on every page, bold.
  EXPECT_TRUE(has(body,
                  "<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:rPr><w:b/></w:rPr><w:t "
                  "xml:space=\"preserve\">unit</w:t></w:r></w:p></w:tc>"))
      << body;
  EXPECT_EQ(body.find("<w:tblHeader/>"), body.rfind("<w:tblHeader/>")) << "only the header row";
  // Integer, ratio and figure right-aligned, the ratio as a percentage; text and dates not.
  EXPECT_TRUE(has(body,
                  "<w:tr><w:tc><w:p><w:r><w:t xml:space=\"preserve\">MMS</w:t></w:r></w:p></w:tc><w:tc><w:p>"
                  "<w:pPr><w:jc w:val=\"right\"/></w:pPr><w:r><w:t xml:space=\"preserve\">2</w:t></w:r></w:p>"
                  "</w:tc><w:tc><w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr><w:r><w:t xml:space=\"preserve\">"
                  "63.6%</w:t></w:r></w:p></w:tc><w:tc><w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr><w:r><w:t "
                  "xml:space=\"preserve\">63.6% (7/11)</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t "
                  "xml:space=\"preserve\">2001-08-31</w:t></w:r></w:p></w:tc></w:tr>"))
      << body;
  // An empty cell holds an empty paragraph.
  EXPECT_TRUE(has(body, "<w:tc><w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr></w:p></w:tc>")) << body;
  EXPECT_TRUE(has(body, "<w:tblGrid><w:gridCol w:w=\"")) << body;
  // Five columns: portrait A4.
  EXPECT_TRUE(has(body, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>")) << body;
  EXPECT_TRUE(has(body, "<w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>")) << body;

  const std::string notes = part(files, "word/footnotes.xml");
  EXPECT_TRUE(
      has(notes,
          "<w:footnote w:id=\"1\"><w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr><w:r><w:rPr>"
          "<w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t "
          "xml:space=\"preserve\"> Definitions: Open: issued and not closed; &lt;late&gt; after the due "
          "date.</w:t></w:r></w:p></w:footnote>"))
      << notes;
  EXPECT_TRUE(has(notes, "<w:footnote w:type=\"separator\" w:id=\"-1\">")) << notes;
  const std::string footer = part(files, "word/footer1.xml");
  EXPECT_TRUE(has(footer,
                  "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> "
                  "PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"))
      << footer;
  const std::string core = part(files, "docProps/core.xml");
  EXPECT_TRUE(has(core, "<dc:title>Status of follow-up as of 2001-09-10</dc:title>")) << core;
  EXPECT_TRUE(has(core, "<dc:subject>followup report status</dc:subject>")) << core;
  EXPECT_TRUE(has(core, "<dc:description>History head: 3:abc. Definitions: open &amp; late</dc:description>"))
      << core;
  EXPECT_TRUE(has(core, "<dc:creator>followup</dc:creator>")) << core;
  EXPECT_TRUE(
      has(core, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-28T04:27:24Z</dcterms:created>"))
      << core;
  const std::string types = part(files, "[Content_Types].xml");
  EXPECT_TRUE(
      has(types,
          "<Override PartName=\"/word/document.xml\" "
          "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+"
          "xml\"/>"))
      << types;
}

TEST(WordDocument, WithoutDefinitionsHasNoFootnote) {
  WordDocument doc("not a time");
  doc.set_properties({"T", "", "", std::nullopt, ""});
  doc.add_table(units_table());
  const Files files = finished(doc);
  const std::string body = part(files, "word/document.xml");
  EXPECT_FALSE(has(body, "footnoteReference")) << body;
  EXPECT_FALSE(has(body, "As of")) << body;
  EXPECT_FALSE(has(part(files, "word/footnotes.xml"), "w:id=\"1\""));
  EXPECT_FALSE(has(part(files, "docProps/core.xml"), "dcterms:created")) << "a time not in its form";
}

TEST(WordDocument, EscapesCellsAndBreaksTheirLines) {
  WordDocument doc(k_created);
  doc.set_properties({"A <b> & \"c\"", "", "", std::nullopt, ""});
  doc.add_table(Table{"T&C",
                      {"what"},
                      {{"one\ntwo\r\nthree\rfour"},
                       {std::string("bell\x07"
                                    "gone",
                                    9)},
                       {"caf\xE9"},
                       {"a\tb"},
                       {"</w:t><w:t>"}}});
  const Files files = finished(doc);
  const std::string body = part(files, "word/document.xml");
  EXPECT_TRUE(has(body, ">A &lt;b&gt; &amp; &quot;c&quot;</w:t>")) << body;
  EXPECT_TRUE(has(body, ">T&amp;C</w:t>")) << body;
  EXPECT_TRUE(
      has(body,
          "<w:r><w:t xml:space=\"preserve\">one</w:t><w:br/><w:t xml:space=\"preserve\">two</w:t><w:br/>"
          "<w:t xml:space=\"preserve\">three</w:t><w:br/><w:t xml:space=\"preserve\">four</w:t></w:r>"))
      << body;
  EXPECT_TRUE(has(body, ">bellgone</w:t>")) << "the control character dropped: " << body;
  EXPECT_TRUE(has(body, ">caf\xEF\xBF\xBD</w:t>")) << "the Latin-1 byte replaced: " << body;
  EXPECT_TRUE(has(body, ">a</w:t><w:tab/><w:t xml:space=\"preserve\">b</w:t>")) << body;
  EXPECT_TRUE(has(body, ">&lt;/w:t&gt;&lt;w:t&gt;</w:t>")) << body;
  EXPECT_TRUE(has(part(files, "docProps/core.xml"), "<dc:title>A &lt;b&gt; &amp; &quot;c&quot;</dc:title>"));
}

TEST(WordDocument, IsLandscapeWhenATableHasMoreThanPortraitColumns) {
  auto page_of = [](std::size_t columns) {
    WordDocument doc(k_created);
    doc.set_properties({"T", "", "", std::nullopt, ""});
    doc.add_table(Table{"Narrow", {"a"}, {{"1"}}});
    doc.add_table(
        Table{"Wide", std::vector<std::string>(columns, "c"), {std::vector<std::string>(columns, "x")}});
    const std::string body = part(finished(doc), "word/document.xml");
    const auto at = body.find("<w:pgSz ");
    return at == std::string::npos ? std::string() : body.substr(at, body.find("/>", at) + 2 - at);
  };
  EXPECT_EQ(page_of(WordDocument::k_portrait_columns), "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>");
  EXPECT_EQ(page_of(WordDocument::k_portrait_columns + 1),
            "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>");
}

// The w:gridCol widths of the document's first table, in twips.
std::vector<long> grid_of(const std::string& body) {
  std::vector<long> out;
  const std::string col = "<w:gridCol w:w=\"";
  const auto end = body.find("</w:tblGrid>");
  for (auto at = body.find(col); at < end; at = body.find(col, at + 1))
    out.push_back(std::stol(body.substr(at + col.size())));
  return out;
}

TEST(WordDocument, ColumnsFillThePageAndKeepShortWordsWhole) {
  // The status report's detail: 14 columns, landscape, 14570 twips of text.
  const std::vector<std::string> header{"ref",      "priority",      "due",       "issued",      "state",
                                        "response", "office rating", "unit",      "extended to", "unit state",
                                        "claim",    "responded on",  "days late", "days overdue"};
  const std::vector<std::string> row{"PLACMI-2#1",
                                     "normal",
                                     "2001-08-31",
                                     "2001-07-20",
                                     "awaiting_response",
                                     "on_time",
                                     "implemented (2001-11-05)",
                                     "MRF-BA",
                                     "2001-09-30",
                                     "claimed_implemented",
                                     "implemented",
                                     "2001-08-20",
                                     "5",
                                     "168"};
  WordDocument doc(k_created);
  doc.set_properties({"T", "", "", std::nullopt, ""});
  doc.add_table(Table{"Recommendations", header, {row}});
  const std::vector<long> grid = grid_of(part(finished(doc), "word/document.xml"));
  ASSERT_EQ(grid.size(), header.size());
  long total = 0;
  for (long w : grid) total += w;
  EXPECT_LE(total, 14570);
  EXPECT_GE(total, 14570 - 14) << "rounded down, a twip at most each";
  // A date or a reference fits: 10 characters of 105 twips and the cell's
  // margins.
  for (std::size_t c : {0U, 2U, 3U, 8U, 11U}) EXPECT_GE(grid[c], 10 * 105 + 80) << header[c];
  // A narrow column of numbers is narrower than the dates'.
  EXPECT_LT(grid[12], grid[2]);
}

TEST(WordDocument, TheSameInputMakesTheSameBytes) {
  auto make = [](std::string_view created) {
    WordDocument doc(created);
    doc.set_properties(properties());
    doc.add_table(units_table());
    doc.add_rows({{"MRF-BA", "1", "0.5", "50.0% (1/2)", "2001-09-01"}});
    auto bytes = doc.finish();
    return bytes.ok() ? *bytes : std::string();
  };
  const std::string one = make(k_created);
  ASSERT_FALSE(one.empty());
  EXPECT_EQ(one, make(k_created));
  EXPECT_NE(one, make("2026-11-29T00:00:00Z")) << "the creation time is in the properties";
  // The zip entries' time is 1980-01-01 00:00 (MS-DOS date 0x0021, time 0),
  // read from the first local header: offset 10 (time) and 12 (date).
  EXPECT_EQ(one.substr(10, 4), std::string("\x00\x00\x21\x00", 4));
}

TEST(WordDocument, RowsAddedGoToTheLastTableAndFinishIsOnce) {
  WordDocument doc(k_created);
  doc.set_properties(properties());
  doc.add_table(units_table());
  doc.add_rows({{"MRF-BA", "1", "0.5", "50.0% (1/2)", "2001-09-01"}});
  auto bytes = doc.finish();
  ASSERT_TRUE(bytes.ok());
  const std::string body = zip_entries(*bytes)["word/document.xml"];
  EXPECT_LT(body.find(">MPRP<"), body.find(">MRF-BA<")) << body;
  EXPECT_TRUE(has(body, ">50.0%</w:t>")) << body;
  auto again = doc.finish();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, "the Word document was finished already");
}

TEST(WordDocument, AReportHoldsEveryTable) {
  RatesReport report;
  report.as_of = *Date::parse_iso("2001-09-10");
  WordDocument doc(k_created);
  write_report(report, doc);
  auto bytes = doc.finish();
  ASSERT_TRUE(bytes.ok());
  const Files files = zip_entries(*bytes);
  const std::string body = part(files, "word/document.xml");
  EXPECT_TRUE(has(body, ">Acceptance, implementation and on-time rates as of 2001-09-10</w:t>")) << body;
  EXPECT_TRUE(has(body, ">By year of issue</w:t>")) << body;
  EXPECT_TRUE(has(body, ">By unit</w:t>")) << body;
  EXPECT_TRUE(has(body, "w:orient=\"landscape\"")) << "18 columns";
  EXPECT_TRUE(has(part(files, "word/footnotes.xml"), "> Definitions: ")) << "the report's definitions";
}

// The memo as a Word document (write_memo).
Result<std::string> memo_docx(DocumentProperties properties, std::string_view memo, std::optional<Date> as_of,
                              const std::vector<FollowUpEntry>& entries) {
  WordDocument doc(k_created);
  doc.set_properties(std::move(properties));
  write_memo(doc, memo, as_of, entries);
  return doc.finish();
}

TEST(MemoDocx, HoldsTheMemoAsSentThenTheFollowUp) {
  const std::string memo =
      "MEMORANDUM\n\nTo: Head of MRF\nDirector, MMS\n\n\nRECS\tWho\tWhen\n1. Do it\tMMS\t1 May";
  const std::vector<FollowUpEntry> entries{
      {1, "Due 31 August 2001. State: responded.", {"MMS: accepted on 20 August 2001 (on time)."}},
      {2, "Due 31 August 2001. State: open.", {}}};
  auto bytes =
      memo_docx({"Follow-up memorandum: X as of 10 September 2001", "followup memo", "", std::nullopt, ""},
                memo, Date::parse_iso("2001-09-10"), entries);
  ASSERT_TRUE(bytes.ok());
  const std::string body = zip_entries(*bytes)["word/document.xml"];
  const std::string t = "<w:t xml:space=\"preserve\">";
  const std::string expected =
      "<w:p><w:r>" + t + "MEMORANDUM</w:t></w:r></w:p><w:p><w:r>" + t + "To: Head of MRF</w:t><w:br/>" + t +
      "Director, MMS</w:t></w:r></w:p><w:p><w:r>" + t + "RECS</w:t><w:tab/>" + t + "Who</w:t><w:tab/>" + t +
      "When</w:t><w:br/>" + t + "1. Do it</w:t><w:tab/>" + t + "MMS</w:t><w:tab/>" + t +
      "1 May</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r>" + t +
      "Follow-up as of 10 September 2001</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr>"
      "<w:r>" +
      t +
      "1. Due 31 August 2001. State: responded.</w:t></w:r></w:p><w:p><w:pPr><w:ind w:left=\"567\"/>"
      "</w:pPr><w:r>" +
      t +
      "MMS: accepted on 20 August 2001 (on time).</w:t></w:r></w:p><w:p><w:pPr><w:pStyle "
      "w:val=\"Heading2\"/></w:pPr><w:r>" +
      t + "2. Due 31 August 2001. State: open.</w:t></w:r></w:p><w:sectPr>";
  EXPECT_TRUE(has(body, expected)) << body;
}

TEST(MemoDocx, WithoutAnAsOfIsTheMemoAlone) {
  auto bytes = memo_docx({"Memorandum: X", "", "", std::nullopt, ""}, "MEMORANDUM\r\n\r\nTo: A", std::nullopt,
                         {{1, "Due", {}}});
  ASSERT_TRUE(bytes.ok());
  const std::string body = zip_entries(*bytes)["word/document.xml"];
  EXPECT_TRUE(has(body, ">MEMORANDUM</w:t></w:r></w:p><w:p><w:r><w:t xml:space=\"preserve\">To: A</w:t>"))
      << body;
  EXPECT_FALSE(has(body, "Follow-up as of")) << body;
  EXPECT_FALSE(has(body, "Heading2")) << body;
}

}  // namespace
}  // namespace followup::render::docx_test
