// The status report printed as its detail arrives is the report rendered
// whole: exactly in Markdown and CSV, and in text up to one batch of rows
// (beyond, each batch is aligned under its own header row). The status and
// overdue reports' documents: their tables, then their charts, whole or
// streamed.
#include "render/reports.h"

#include <gtest/gtest.h>

namespace followup::render {
namespace {

// A report of `lines` lines, each with two units (the second with a
// longer code on every 7th line, so that batches align differently), and
// a cell a spreadsheet would run.
StatusReport report_of(int lines) {
  StatusReport r;
  r.as_of = *Date::parse_iso("2002-01-01");
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
    b.unit = i % 7 == 0 ? "=HYPERLINK-OFFICE" : "OIG";
    b.days_overdue = i;
    line.facts.units = {a, b};
    r.recommendations.push_back(line);
  }
  return r;
}

std::string streamed(const StatusReport& report, ReportFormat format) {
  std::string out;
  StatusReportStream stream([&out](const std::string& text) { out += text; }, format);
  StatusReport head = report;
  head.recommendations.clear();
  stream.begin(head);
  for (const auto& line : report.recommendations) stream.line(line);
  stream.end();
  return out;
}

TEST(StatusReportStream, PrintsWhatTheWholeReportPrints) {
  // 0 lines, a few, and exactly one batch of rows (two per line).
  for (int lines : {0, 3, static_cast<int>(StatusReportStream::k_batch / 2)}) {
    const StatusReport report = report_of(lines);
    for (ReportFormat format : {ReportFormat::text, ReportFormat::markdown, ReportFormat::csv})
      EXPECT_EQ(streamed(report, format), render_report(report, format))
          << lines << " lines, format " << static_cast<int>(format);
  }
}

TEST(StatusReportStream, ManyBatchesAreTheWholeReportInMarkdownAndCsvAndRepeatTheHeaderInText) {
  const StatusReport report = report_of(1234);  // 2,468 rows: three batches
  EXPECT_EQ(streamed(report, ReportFormat::markdown), render_report(report, ReportFormat::markdown));
  EXPECT_EQ(streamed(report, ReportFormat::csv), render_report(report, ReportFormat::csv));
  const std::string text = streamed(report, ReportFormat::text);
  const std::string header_start = "\nref ";
  std::size_t headers = 0;
  for (auto at = text.find(header_start); at != std::string::npos; at = text.find(header_start, at + 1))
    ++headers;
  EXPECT_EQ(headers, 3U);
  // Every row is there, once, in order.
  std::size_t at = 0;
  for (int i = 1; i <= 1234; ++i) {
    at = text.find("\nEV-1#" + std::to_string(i) + " ", at);
    ASSERT_NE(at, std::string::npos) << i;
    at = text.find("\nEV-1#" + std::to_string(i) + " ", at + 1);  // its second unit's row
    ASSERT_NE(at, std::string::npos) << i;
  }
  EXPECT_TRUE(text.ends_with("\nDefinitions: " + std::string(report_footer(ReportKind::status)) + "\n"));
}

// What a report writes into a document, in order: "table TITLE" and
// "chart ID" events, the tables (with the rows added later) and the charts.
class RecordingDocument : public TableDocument {
 public:
  std::vector<std::string> events;
  std::vector<Table> tables;
  std::vector<BarChart> charts;

  void set_properties(DocumentProperties /*properties*/) override {}
  void add_table(const Table& table) override {
    events.push_back("table " + table.title);
    tables.push_back(table);
  }
  void add_rows(const Rows& rows) override {
    tables.back().rows.insert(tables.back().rows.end(), rows.begin(), rows.end());
  }
  void add_chart(const BarChart& chart) override {
    events.push_back("chart " + chart.id);
    charts.push_back(chart);
  }
  void add_heading(std::string_view /*text*/, int /*level*/) override {}
  void add_paragraph(std::string_view /*text*/, bool /*indented*/) override {}
  Result<std::string> finish() override { return std::string(); }
};

std::vector<std::string> categories(const BarChart& chart) { return chart.categories; }

// Each series as "NAME: v1 v2 ...".
std::vector<std::string> series(const BarChart& chart) {
  std::vector<std::string> out;
  for (const auto& s : chart.series) {
    std::string line = s.name + ":";
    for (const double v : s.values) line += " " + std::to_string(static_cast<int>(v));
    out.push_back(line);
  }
  return out;
}

TEST(StatusReportDocument, ChartsTheUnitsResponsesAfterTheTables) {
  StatusReport report = report_of(2);
  StatusCounts mms;
  mms.recommendations = 9;
  mms.responded_on_time = 3;
  mms.responded_within_extension = 1;
  mms.responded_late = 2;
  mms.overdue = 1;
  mms.awaiting_response = 2;
  StatusCounts oig;
  oig.recommendations = 4;
  oig.responded_late = 4;
  report.by_unit = {StatusGroup{"MMS", mms}, StatusGroup{"OIG", oig}};
  RecordingDocument doc;
  write_report(report, doc);
  EXPECT_EQ(doc.events, (std::vector<std::string>{"table By evaluation", "table By unit",
                                                  "table Recommendations", "chart unit-responses-chart"}));
  ASSERT_EQ(doc.charts.size(), 1U);
  const BarChart& chart = doc.charts[0];
  EXPECT_EQ(chart.title, "Responses by unit");
  EXPECT_EQ(categories(chart), (std::vector<std::string>{"MMS", "OIG"}));
  EXPECT_EQ(series(chart), (std::vector<std::string>{"on time: 3 0", "within an extension: 1 0", "late: 2 4",
                                                     "overdue: 1 0", "awaiting: 2 0"}));
  EXPECT_EQ(chart.suffix, "");
}

// A report cut to its most overdue line, its counts of more: two
// responses of MMS 1-30 days overdue and one 91-180, three of TCF 31-90
// days and one over a year, and actions only of OIG.
OverdueReport overdue_report_cut() {
  OverdueReport report;
  report.as_of = *Date::parse_iso("2002-01-01");
  report.limit = 1;
  OverdueResponse r;
  r.ref = "EV-1#1";
  r.unit = "TCF";
  r.due = r.original_due = *Date::parse_iso("2000-12-01");
  r.days_overdue = 396;
  r.ageing = AgeingBucket::over_365;
  report.responses = {r};
  report.response_ageing = {2, 3, 1, 0, 1};
  report.action_ageing = {0, 2, 1, 0, 0};
  report.by_unit = {UnitOverdue{"MMS", {2, 0, 1, 0, 0}, 1}, UnitOverdue{"OIG", {0, 0, 0, 0, 0}, 2},
                    UnitOverdue{"TCF", {0, 3, 0, 0, 1}, 0}};
  return report;
}

TEST(OverdueReportDocument, ChartsTheUnitsOverdueResponsesOfAllAfterTheTables) {
  const OverdueReport report = overdue_report_cut();
  RecordingDocument doc;
  write_report(report, doc);
  ASSERT_EQ(doc.events.size(), 4U);
  EXPECT_EQ(doc.events[0], "table Ageing");
  EXPECT_EQ(doc.events[1], "table Overdue by unit");
  EXPECT_TRUE(doc.events[2].starts_with("table Overdue responses and actions: the 1 most overdue of each"))
      << doc.events[2];
  EXPECT_EQ(doc.events[3], "chart overdue-chart");
  EXPECT_EQ(doc.tables[1].columns,
            (std::vector<std::string>{"unit", "1-30 days", "31-90 days", "91-180 days", "181-365 days",
                                      "over 365 days", "overdue actions"}));
  EXPECT_EQ(doc.tables[1].rows, (Rows{{"MMS", "2", "0", "1", "0", "0", "1"},
                                      {"OIG", "0", "0", "0", "0", "0", "2"},
                                      {"TCF", "0", "3", "0", "0", "1", "0"}}));
  ASSERT_EQ(doc.charts.size(), 1U);
  const BarChart& chart = doc.charts[0];
  EXPECT_EQ(chart.title, "Overdue responses by unit and age");
  // OIG owes actions only: no bar.
  EXPECT_EQ(categories(chart), (std::vector<std::string>{"MMS", "TCF"}));
  EXPECT_EQ(series(chart), (std::vector<std::string>{"1-30 days: 2 0", "31-90 days: 0 3", "91-180 days: 1 0",
                                                     "181-365 days: 0 0", "over 365 days: 0 1"}));
}

TEST(OverdueReportText, HasTheTableByUnit) {
  const std::string markdown = render_report(overdue_report_cut(), ReportFormat::markdown);
  EXPECT_NE(markdown.find("### Ageing\n"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("### Overdue by unit\n\n"
                          "| unit | 1-30 days | 31-90 days | 91-180 days | 181-365 days | over 365 days | "
                          "overdue actions |\n"
                          "|---|---|---|---|---|---|---|\n"
                          "| MMS | 2 | 0 | 1 | 0 | 0 | 1 |\n"
                          "| OIG | 0 | 0 | 0 | 0 | 0 | 2 |\n"
                          "| TCF | 0 | 3 | 0 | 0 | 1 | 0 |\n"),
            std::string::npos)
      << markdown;
  EXPECT_LT(markdown.find("### Overdue by unit"), markdown.find("### Overdue responses and actions"));
}

// Streamed into a document (--limit 0), a report writes what write_report
// writes of the whole report: the same tables and rows, then the charts.
// `feed` hands the stream, begun with the report's head, its detail.
template <typename Stream, typename Report, typename Feed>
void expect_streamed_is_whole(const Report& report, Report head, Feed feed) {
  RecordingDocument whole;
  write_report(report, whole);
  RecordingDocument streamed;
  Stream stream(streamed);
  stream.begin(head);
  feed(stream);
  stream.end();
  EXPECT_EQ(streamed.events, whole.events);
  ASSERT_EQ(streamed.tables.size(), whole.tables.size());
  for (std::size_t i = 0; i < whole.tables.size(); ++i)
    EXPECT_EQ(streamed.tables[i].rows, whole.tables[i].rows);
  ASSERT_EQ(streamed.charts.size(), whole.charts.size());
  for (std::size_t i = 0; i < whole.charts.size(); ++i) {
    EXPECT_EQ(categories(streamed.charts[i]), categories(whole.charts[i]));
    EXPECT_EQ(series(streamed.charts[i]), series(whole.charts[i]));
  }
}

TEST(ReportStreams, OnADocumentWriteTheWholeReportsTablesAndCharts) {
  const StatusReport status = report_of(3);
  StatusReport status_head = status;
  status_head.recommendations.clear();
  expect_streamed_is_whole<StatusReportStream>(status, status_head, [&](StatusReportStream& stream) {
    for (const auto& line : status.recommendations) stream.line(line);
  });
  OverdueReport overdue = overdue_report_cut();
  overdue.limit = 0;
  OverdueReport overdue_head = overdue;
  overdue_head.responses.clear();
  expect_streamed_is_whole<OverdueReportStream>(overdue, overdue_head, [&](OverdueReportStream& stream) {
    for (const auto& r : overdue.responses) stream.response(r);
  });
}

}  // namespace
}  // namespace followup::render
