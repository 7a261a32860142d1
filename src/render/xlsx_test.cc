// The Excel workbook: a zip archive (read back with libzip) holding one
// sheet per table, its cells typed by their columns' kinds, its header row
// frozen and filtered; and the reports as workbooks, whole or streamed.
#include "render/xlsx.h"

#include <gtest/gtest.h>

#include "importer/test_zip.h"
#include "render/reports.h"

namespace followup::render {
namespace {

using importer::testing::zip_entries;
using Files = std::map<std::string, std::string>;
constexpr std::string_view k_created = "2026-11-28T04:27:24Z";

// A report's workbook, as `report --format xlsx` makes it.
template <typename Report>
Result<std::string> report_workbook(const Report& report, std::string_view created_utc) {
  Workbook book(created_utc);
  write_report(report, book);
  return book.finish();
}

Files finished(Workbook& book) {
  auto bytes = book.finish();
  EXPECT_TRUE(bytes.ok()) << (bytes.ok() ? "" : bytes.error().message);
  if (!bytes.ok()) return {};
  EXPECT_TRUE(bytes->starts_with("PK\x03\x04")) << "a zip archive";
  return zip_entries(*bytes);
}

std::string sheet_xml(const Files& files, int n) {
  const auto at = files.find("xl/worksheets/sheet" + std::to_string(n) + ".xml");
  return at == files.end() ? "" : at->second;
}

TEST(Workbook, HoldsOneSheetPerTableWithTypedCells) {
  Workbook book(k_created);
  book.set_properties({"Status of follow-up as of 2001-09-10", "followup report status",
                       "History head: 3:abc. Definitions: ...", Date::parse_iso("2001-09-10"), "3:abc"});
  book.add_table(
      Table{"By unit", {"unit", "open"}, {{"MMS", "2"}, {"MPRP", "0"}}, {CellKind::text, CellKind::integer}});
  book.add_table(Table{"Recommendations (one page: the next begins after X#2)",
                       {"ref", "due", "days late", "rate", "text"},
                       {{"X#1", "2001-08-31", "5", "0.5", "=1+1"}, {"X#2", "", "", "", "@SUM(A1)"}},
                       {CellKind::text, CellKind::date, CellKind::integer, CellKind::ratio}});
  EXPECT_EQ(book.sheet_names(), (std::vector<std::string>{"By unit", "Recommendations"}));
  const Files files = finished(book);
  ASSERT_TRUE(files.contains("xl/workbook.xml"));
  const std::string& workbook = files.at("xl/workbook.xml");
  EXPECT_NE(workbook.find("<sheet name=\"By unit\" sheetId=\"1\""), std::string::npos) << workbook;
  EXPECT_NE(workbook.find("<sheet name=\"Recommendations\" sheetId=\"2\""), std::string::npos) << workbook;
  EXPECT_EQ(sheet_xml(files, 3), "") << "two tables, two sheets";

  const std::string one = sheet_xml(files, 1);
  // The title rows and the header row stay in view; the filter is over the table.
  EXPECT_NE(one.find("topLeftCell=\"A4\""), std::string::npos) << one;
  EXPECT_NE(one.find("state=\"frozen\""), std::string::npos) << one;
  EXPECT_NE(one.find("<autoFilter ref=\"A3:B5\"/>"), std::string::npos) << one;
  EXPECT_NE(one.find("<t>Status of follow-up as of 2001-09-10</t>"), std::string::npos) << one;
  EXPECT_NE(one.find("<c r=\"B4\"><v>2</v></c>"), std::string::npos) << one;
  EXPECT_NE(one.find("<c r=\"B5\"><v>0</v></c>"), std::string::npos) << one;
  EXPECT_NE(one.find("<cols>"), std::string::npos) << "column widths: " << one;

  const std::string two = sheet_xml(files, 2);
  EXPECT_NE(two.find("<autoFilter ref=\"A3:E5\"/>"), std::string::npos) << two;
  // The whole title, note included, in the title row.
  EXPECT_NE(two.find("<t>Recommendations (one page: the next begins after X#2)</t>"), std::string::npos);
  // 2001-08-31 is Excel's day 37134, in a date format; numbers as numbers.
  EXPECT_NE(two.find("<c r=\"B4\" s=\""), std::string::npos) << two;
  EXPECT_NE(two.find("<v>37134</v>"), std::string::npos) << two;
  EXPECT_NE(two.find("<c r=\"C4\"><v>5</v></c>"), std::string::npos) << two;
  EXPECT_NE(two.find("<v>0.5</v>"), std::string::npos) << two;
  // Formula-like text is a string cell; the workbook holds no formula at all.
  EXPECT_NE(two.find("t=\"inlineStr\"><is><t>=1+1</t></is>"), std::string::npos) << two;
  EXPECT_NE(two.find("<t>@SUM(A1)</t>"), std::string::npos) << two;
  for (const auto& [name, data] : files) EXPECT_EQ(data.find("<f>"), std::string::npos) << name;
  // Empty cells are left empty: row 5 holds its ref and its text only.
  EXPECT_EQ(two.find("r=\"B5\""), std::string::npos) << two;

  ASSERT_TRUE(files.contains("docProps/core.xml"));
  const std::string& core = files.at("docProps/core.xml");
  EXPECT_NE(core.find("<dc:title>Status of follow-up as of 2001-09-10</dc:title>"), std::string::npos)
      << core;
  EXPECT_NE(core.find("2026-11-28T04:27:24Z"), std::string::npos) << core;
  EXPECT_NE(core.find("History head: 3:abc."), std::string::npos) << core;
  ASSERT_TRUE(files.contains("docProps/custom.xml"));
  const std::string& custom = files.at("docProps/custom.xml");
  EXPECT_NE(custom.find("name=\"History head\""), std::string::npos) << custom;
  EXPECT_NE(custom.find("3:abc"), std::string::npos) << custom;
  EXPECT_NE(custom.find("name=\"As of\""), std::string::npos) << custom;
  EXPECT_NE(custom.find("2001-09-10T00:00:00Z"), std::string::npos) << custom;
}

TEST(Workbook, WritesAsTextWhatDoesNotReadAsItsKind) {
  Workbook book(k_created);
  book.add_table(Table{"T",
                       {"n", "d", "r"},
                       {{"Total", "2001-02-30", "n/a"}, {"12x", "1899-12-31", "-"}},
                       {CellKind::integer, CellKind::date, CellKind::ratio}});
  const std::string sheet = sheet_xml(finished(book), 1);
  for (std::string_view text : {"Total", "2001-02-30", "n/a", "12x", "1899-12-31", "-"})
    EXPECT_NE(sheet.find("<t>" + std::string(text) + "</t>"), std::string::npos) << text;
}

TEST(Workbook, KeepsCellsAndPropertiesWellFormedAndWithinExcelsLength) {
  Workbook book(k_created);
  book.set_properties({"bad \x01 title \xC0", "", "", std::nullopt, ""});
  const std::string long_text(40000, 'a');
  book.add_table(Table{"T", {"text"}, {{long_text}, {"bad \xFF byte"}, {"\x1B[31m"}}});
  const Files files = finished(book);
  const std::string sheet = sheet_xml(files, 1);
  EXPECT_NE(sheet.find("<t>" + std::string(32766, 'a') + "\xE2\x80\xA6</t>"), std::string::npos);
  EXPECT_NE(sheet.find("<t>bad \xEF\xBF\xBD byte</t>"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<t>_x001B_[31m</t>"), std::string::npos) << sheet;
  EXPECT_NE(files.at("docProps/core.xml").find("<dc:title>bad   title \xEF\xBF\xBD</dc:title>"),
            std::string::npos);
}

TEST(Workbook, GoesOnOverFurtherSheetsPastTheRowsASheetHolds) {
  Workbook book(k_created, 5);  // the two title rows, the header row, two rows of the table
  book.add_table(Table{"T", {"a", "b"}, {{"1", "x"}, {"2", "y"}, {"3", "z"}}, {CellKind::integer}});
  book.add_rows({{"4", "w"}, {"5", "v"}});
  EXPECT_EQ(book.sheet_names(), (std::vector<std::string>{"T", "T (2)", "T (3)"}));
  const Files files = finished(book);
  EXPECT_NE(sheet_xml(files, 1).find("<autoFilter ref=\"A3:B5\"/>"), std::string::npos);
  const std::string two = sheet_xml(files, 2);
  EXPECT_NE(two.find("<t>T (continued)</t>"), std::string::npos) << two;
  EXPECT_NE(two.find("<c r=\"A4\"><v>3</v></c>"), std::string::npos) << two;
  EXPECT_NE(two.find("<autoFilter ref=\"A3:B5\"/>"), std::string::npos) << two;
  const std::string three = sheet_xml(files, 3);
  EXPECT_NE(three.find("<c r=\"A4\"><v>5</v></c>"), std::string::npos) << three;
  EXPECT_NE(three.find("<autoFilter ref=\"A3:B4\"/>"), std::string::npos) << three;
}

TEST(Workbook, TextGoesOnSheetsOfTextNamedAfterTheTitleOrAHeading) {
  Workbook book(k_created, 5);  // the two title rows and three rows of text
  book.set_properties({"Follow-up memorandum: X as of 1 June 2005", "followup memo", "", std::nullopt, ""});
  book.add_paragraph("MEMORANDUM", false);
  book.add_paragraph("To: A\nFrom: B", false);
  book.add_heading("Follow-up as of 1 June 2005", 1);
  book.add_heading("1. Due 31 August 2001.", 2);
  book.add_paragraph("MMS: accepted.", true);
  book.add_paragraph("MMS: done.", true);
  book.add_paragraph("=1+1", true);
  book.add_table(Table{"T", {"a"}, {{"1"}}, {CellKind::integer}});
  book.add_paragraph("after the table", false);
  EXPECT_EQ(book.sheet_names(),
            (std::vector<std::string>{"Follow-up memorandum", "Follow-up as of 1 June 2005",
                                      "Follow-up as of 1 June 2005 (2)", "T", "Follow-up memorandum (2)"}));
  const Files files = finished(book);
  const std::string memo = sheet_xml(files, 1);
  // The title once, then a paragraph a row (style 2: wrapped), its line end
  // kept; column A wide; nothing frozen. Styles 3, 4 and 5: a sheet's
  // title, a level 2 heading (bold, wrapped), an indented paragraph.
  EXPECT_NE(memo.find("<t>Follow-up memorandum: X as of 1 June 2005</t>"), std::string::npos) << memo;
  EXPECT_EQ(memo.find("r=\"A2\""), std::string::npos) << memo;
  EXPECT_NE(memo.find("<c r=\"A3\" s=\"2\" t=\"inlineStr\"><is><t>MEMORANDUM</t></is></c>"),
            std::string::npos)
      << memo;
  EXPECT_NE(memo.find("<c r=\"A4\" s=\"2\" t=\"inlineStr\"><is><t>To: A\nFrom: B</t>"), std::string::npos)
      << memo;
  EXPECT_NE(memo.find("<col min=\"1\" max=\"1\" width=\"100.7109375\""), std::string::npos) << memo;
  EXPECT_EQ(memo.find("frozen"), std::string::npos) << memo;
  const std::string follow = sheet_xml(files, 2);
  EXPECT_NE(follow.find("<c r=\"A2\" s=\"3\" t=\"inlineStr\"><is><t>Follow-up as of 1 June 2005</t>"),
            std::string::npos)
      << follow;
  EXPECT_NE(follow.find("<c r=\"A3\" s=\"4\" t=\"inlineStr\"><is><t>1. Due 31 August 2001.</t>"),
            std::string::npos)
      << follow;
  EXPECT_NE(follow.find("<c r=\"A5\" s=\"5\" t=\"inlineStr\"><is><t>MMS: done.</t>"), std::string::npos)
      << follow;
  // Past the rows a sheet holds, on a further sheet; a formula's text stays text.
  const std::string more = sheet_xml(files, 3);
  EXPECT_NE(more.find("<t>Follow-up as of 1 June 2005 (continued)</t>"), std::string::npos) << more;
  EXPECT_NE(more.find("<c r=\"A3\" s=\"5\" t=\"inlineStr\"><is><t>=1+1</t>"), std::string::npos) << more;
  EXPECT_NE(sheet_xml(files, 5).find("<t>after the table</t>"), std::string::npos) << sheet_xml(files, 5);
}

TEST(Workbook, NamesSheetsAsExcelAllows) {
  EXPECT_EQ(sheet_name("Overdue responses and actions: the 1000 most overdue of each", {}),
            "Overdue responses and actions");
  EXPECT_EQ(sheet_name("Recommendations (one page: the next begins after X#1)", {}), "Recommendations");
  // A name too long ends at a word, and not on one that needs the next.
  EXPECT_EQ(sheet_name("Overdue responses by unit and age", {}), "Overdue responses by unit");
  EXPECT_EQ(sheet_name("Implementation rate by year of issue", {}), "Implementation rate by year");
  EXPECT_EQ(sheet_name("Implementation rate by year of the", {}), "Implementation rate by year");
  EXPECT_EQ(sheet_name("Responses on time and late, by year of issue", {}), "Responses on time and late");
  EXPECT_EQ(sheet_name("The recommendations and responses of 2001", {}), "The recommendations");
  EXPECT_EQ(sheet_name("Acceptanceandimplementationratesbyyear", {}), "Acceptanceandimplementationrate");
  EXPECT_EQ(sheet_name("By unit", {"By unit"}), "By unit (2)");
  EXPECT_EQ(sheet_name("By unit", {"by UNIT", "By unit (2)"}), "By unit (3)");
  EXPECT_EQ(sheet_name("a[b]c*d?e/f\\g", {}), "a b c d e f g");
  EXPECT_EQ(sheet_name("tab\there", {}), "tab here");
  EXPECT_EQ(sheet_name("'quoted'", {}), "quoted");
  EXPECT_EQ(sheet_name("", {}), "Sheet");
  EXPECT_EQ(sheet_name("[]", {}), "Sheet");
  EXPECT_EQ(sheet_name("History", {}), "History (2)");
  EXPECT_EQ(sheet_name(std::string(40, 'x'), {}), std::string(31, 'x'));
  EXPECT_EQ(sheet_name(std::string(40, 'x'), {std::string(31, 'x')}), std::string(27, 'x') + " (2)");
  EXPECT_EQ(sheet_name("Évaluation d'été", {}), "Évaluation d'été");
  // Outside the Basic Multilingual Plane a character counts two.
  std::string faces;
  for (int i = 0; i < 20; ++i) faces += "\xF0\x9F\x98\x80";
  EXPECT_EQ(sheet_name(faces, {}), faces.substr(0, std::size_t{15} * 4));
}

// A status report of `lines` lines, each with two units.
StatusReport workbook_status_report(int lines) {
  StatusReport r;
  r.as_of = *Date::parse_iso("2002-01-01");
  r.head = HistoryHead{12, "abcdef"};
  r.total.recommendations = lines;
  r.by_evaluation = {StatusGroup{"EV-1", r.total}};
  r.by_unit = {StatusGroup{"MMS", r.total}};
  for (int i = 1; i <= lines; ++i) {
    StatusLine line;
    line.evaluation = "EV-1";
    line.number = i;
    line.due = *Date::parse_iso("2001-08-31");
    line.issued = Date::parse_iso("2001-07-20");
    line.facts.ref = "EV-1#" + std::to_string(i);
    UnitFollowUp a;
    a.unit = "MMS";
    a.due = line.due;
    UnitFollowUp b = a;
    b.unit = "=HYPERLINK-OFFICE";
    b.days_overdue = i;
    line.facts.units = {a, b};
    r.recommendations.push_back(line);
  }
  return r;
}

TEST(ReportWorkbook, StreamedIsTheWholeReportsWorkbook) {
  const StatusReport report = workbook_status_report(1234);  // 2,468 rows: three batches
  Workbook book(k_created);
  StatusReportStream stream(book);
  StatusReport head = report;
  head.recommendations.clear();
  stream.begin(head);
  for (const auto& line : report.recommendations) stream.line(line);
  stream.end();
  auto streamed = book.finish();
  auto whole = report_workbook(report, k_created);
  ASSERT_TRUE(streamed.ok());
  ASSERT_TRUE(whole.ok());
  EXPECT_TRUE(*streamed == *whole) << "the same bytes";
  const Files files = zip_entries(*whole);
  const std::string& workbook = files.at("xl/workbook.xml");
  for (std::string_view name : {"By evaluation", "By unit", "Recommendations"})
    EXPECT_NE(workbook.find("<sheet name=\"" + std::string(name) + "\""), std::string::npos) << name;
  const std::string detail = sheet_xml(files, 3);
  EXPECT_NE(detail.find("<autoFilter ref=\"A3:N2471\"/>"), std::string::npos);
  EXPECT_NE(detail.find("<t>=HYPERLINK-OFFICE</t>"), std::string::npos);
  EXPECT_NE(files.at("docProps/custom.xml").find("12:abcdef"), std::string::npos);
}

TEST(ReportWorkbook, RatesHoldNumeratorsDenominatorsAndRatesApart) {
  RatesReport report;
  report.as_of = *Date::parse_iso("2002-12-31");
  report.total.acceptance = Rate{7, 11};
  report.by_year = {RatesRow{"2001", report.total}};
  report.by_unit = {RatesRow{"MMS", Rates{}}};
  auto bytes = report_workbook(report, k_created);
  ASSERT_TRUE(bytes.ok());
  const Files files = zip_entries(*bytes);
  const std::string years = sheet_xml(files, 1);
  EXPECT_NE(years.find("<t>accepted responses</t>"), std::string::npos) << years;
  EXPECT_NE(years.find("<c r=\"B4\"><v>7</v></c>"), std::string::npos) << years;
  EXPECT_NE(years.find("<c r=\"C4\"><v>11</v></c>"), std::string::npos) << years;
  EXPECT_NE(years.find("<v>0.6363636363636364</v>"), std::string::npos) << years;
  EXPECT_NE(years.find("<t>Total</t>"), std::string::npos) << years;
  // A rate without a denominator is an empty cell.
  EXPECT_EQ(sheet_xml(files, 2).find("r=\"D4\""), std::string::npos);
}

}  // namespace
}  // namespace followup::render
