#include "render/pdf.h"

#include <gtest/gtest.h>
#include <regex>
#include <string>

namespace followup::render {
namespace {

DocumentProperties pdf_properties() {
  return DocumentProperties{"Status of follow-up as of 2026-11-28",
                            "followup report status",
                            "History head: 7:abc. Definitions: d",
                            Date::parse_iso("2026-11-28"),
                            "7:abc",
                            "Open: not yet closed."};
}

Table pdf_table(int rows, std::size_t columns = 3) {
  Table t{"Recommendations",
          {"ref", "due", "days late"},
          {},
          {CellKind::text, CellKind::date, CellKind::integer}};
  while (t.columns.size() < columns) {
    t.columns.push_back("column " + std::to_string(t.columns.size()));
    t.kinds.push_back(CellKind::text);
  }
  for (int i = 0; i < rows; ++i) {
    std::vector<std::string> row = {"PLACMI-" + std::to_string(i) + "#1", "2026-01-02", std::to_string(i)};
    while (row.size() < columns) row.emplace_back("a few words of text");
    t.rows.push_back(row);
  }
  return t;
}

Result<std::string> pdf_of(const Table& table, PdfDocument* out = nullptr) {
  PdfDocument doc("2026-11-28T04:27:24Z");
  PdfDocument& d = out != nullptr ? *out : doc;
  d.set_properties(pdf_properties());
  d.add_table(table);
  return d.finish();
}

int matches(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  return static_cast<int>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

TEST(Pdf, IsAPdfWithItsMetadataAndOnePagePerPageCounted) {
  PdfDocument doc("2026-11-28T04:27:24Z");
  const auto bytes = pdf_of(pdf_table(5), &doc);
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_TRUE(bytes->starts_with("%PDF-"));
  EXPECT_TRUE(bytes->ends_with("%%EOF\n"));
  EXPECT_NE(bytes->find("/Title (Status of follow-up as of 2026-11-28)"), std::string::npos);
  EXPECT_NE(bytes->find("/Subject (followup report status)"), std::string::npos);
  EXPECT_NE(bytes->find("/Creator (followup)"), std::string::npos);
  EXPECT_NE(bytes->find("/CreationDate (20261128042724Z)"), std::string::npos);
  EXPECT_EQ(doc.pages(), 1);
  EXPECT_EQ(matches(*bytes, "/Type /Page\\b"), 1);
  // Tagged: the structure tree and the mark.
  EXPECT_NE(bytes->find("/StructTreeRoot"), std::string::npos);
  EXPECT_NE(bytes->find("/MarkInfo << /Marked true >>"), std::string::npos);
  // The font is embedded.
  EXPECT_NE(bytes->find("/FontFile"), std::string::npos);
}

TEST(Pdf, TheSameInputMakesTheSameBytes) {
  const auto a = pdf_of(pdf_table(80));
  const auto b = pdf_of(pdf_table(80));
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(*a, *b);
}

TEST(Pdf, PagesGrowWithRows) {
  PdfDocument few("2026-11-28T04:27:24Z");
  PdfDocument more("2026-11-28T04:27:24Z");
  PdfDocument most("2026-11-28T04:27:24Z");
  ASSERT_TRUE(pdf_of(pdf_table(20), &few));
  ASSERT_TRUE(pdf_of(pdf_table(200), &more));
  const auto bytes = pdf_of(pdf_table(400), &most);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(few.pages(), 1);
  EXPECT_GT(more.pages(), 1);
  EXPECT_GT(most.pages(), more.pages());
  EXPECT_EQ(matches(*bytes, "/Type /Page\\b"), most.pages());
}

TEST(Pdf, RowsInBatchesMakeWhatTheWholeTableMakes) {
  const Table whole = pdf_table(150);
  PdfDocument doc("2026-11-28T04:27:24Z");
  doc.set_properties(pdf_properties());
  Table head = whole;
  head.rows.resize(40);
  doc.add_table(head);
  doc.add_rows(Rows(whole.rows.begin() + 40, whole.rows.begin() + 100));
  doc.add_rows(Rows(whole.rows.begin() + 100, whole.rows.end()));
  const auto batched = doc.finish();
  ASSERT_TRUE(batched);
  EXPECT_EQ(*batched, *pdf_of(whole));
}

TEST(Pdf, ManyWideColumnsGoOnLandscapePages) {
  PdfDocument narrow("2026-11-28T04:27:24Z");
  const auto portrait = pdf_of(pdf_table(5, 4), &narrow);
  ASSERT_TRUE(portrait);
  EXPECT_NE(portrait->find("/MediaBox [ 0 0 595.276 841.89 ]"), std::string::npos);
  EXPECT_EQ(portrait->find("/MediaBox [ 0 0 841.89 595.276 ]"), std::string::npos);
  const auto landscape = pdf_of(pdf_table(5, 9));
  ASSERT_TRUE(landscape);
  EXPECT_NE(landscape->find("/MediaBox [ 0 0 841.89 595.276 ]"), std::string::npos);
  EXPECT_EQ(landscape->find("/MediaBox [ 0 0 595.276 841.89 ]"), std::string::npos);
}

TEST(Pdf, LongTextAndBadBytesStillMakeADocument) {
  Table t = pdf_table(3);
  std::string essay;
  for (int i = 0; i < 3000; ++i) essay += "word" + std::to_string(i) + " ";
  t.rows[1][0] = essay + "\xFF\xFE";
  t.rows[2][0] = std::string(500, 'x');
  PdfDocument doc("not a time");
  doc.add_table(t);
  const auto bytes = doc.finish();
  ASSERT_TRUE(bytes) << bytes.error().message;
  // The essay is cut to a page: a row never runs on past the one it starts on.
  EXPECT_LE(doc.pages(), 2);
}

TEST(Pdf, AChartThatDoesNotFitStartsANewPage) {
  const BarChart chart{"c", "Overdue by unit", "What the bars show.", {"MMS", "MPRP"}, {{"late", {3, 4}}}, "",
                       0};
  PdfDocument alone("2026-11-28T04:27:24Z");
  alone.add_chart(chart);
  ASSERT_TRUE(alone.finish());
  EXPECT_EQ(alone.pages(), 1);
  // A table filling the first page nearly to its foot, then the chart.
  int rows = 1;
  for (;; ++rows) {
    PdfDocument probe("2026-11-28T04:27:24Z");
    ASSERT_TRUE(pdf_of(pdf_table(rows + 1), &probe));
    if (probe.pages() > 1) break;
  }
  PdfDocument doc("2026-11-28T04:27:24Z");
  doc.set_properties(pdf_properties());
  doc.add_table(pdf_table(rows));
  doc.add_chart(chart);
  const auto bytes = doc.finish();
  ASSERT_TRUE(bytes);
  EXPECT_EQ(doc.pages(), 2);
  EXPECT_NE(bytes->find("/S /Figure"), std::string::npos);
}

TEST(Pdf, HeadingsAndParagraphsAreTaggedAndRunOntoFurtherPages) {
  PdfDocument doc("2026-11-28T04:27:24Z");
  doc.set_properties({"Follow-up memorandum: X as of 1 June 2005", "followup memo", "", std::nullopt, ""});
  doc.add_paragraph("MEMORANDUM\nTo: A", false);
  doc.add_heading("Follow-up as of 1 June 2005", 1);
  for (int i = 1; i <= 80; ++i) {
    doc.add_heading(std::to_string(i) + ". Due 31 August 2001. State: open.", 2);
    doc.add_paragraph("MMS: accepted on 20 August 2001 (on time).", true);
  }
  const auto bytes = doc.finish();
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_GE(doc.pages(), 3) << "161 lines and more run over pages";
  EXPECT_EQ(matches(*bytes, "/Type /Page\\b"), doc.pages());
  EXPECT_EQ(matches(*bytes, "/S /H3\\b"), 80);
  EXPECT_EQ(matches(*bytes, "/S /H2\\b"), 1);
  // The title (H1) and, besides the footers, each paragraph a P: one more on each page it runs onto.
  EXPECT_EQ(matches(*bytes, "/S /H1\\b"), 1);
  EXPECT_GE(matches(*bytes, "/S /P\\b"), 81 + doc.pages());
}

TEST(Pdf, FinishesOnce) {
  PdfDocument doc("2026-11-28T04:27:24Z");
  const auto bytes = doc.finish();
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_EQ(doc.pages(), 1);
  const auto again = doc.finish();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::internal);
  EXPECT_EQ(again.error().message, "the PDF was finished already");
}

}  // namespace
}  // namespace followup::render
