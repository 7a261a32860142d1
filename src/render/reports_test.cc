// The status report printed as its detail arrives is the report rendered
// whole: exactly in Markdown and CSV, and in text up to one batch of rows
// (beyond, each batch is aligned under its own header row).
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

}  // namespace
}  // namespace followup::render
