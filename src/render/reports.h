// The reports of core/reports.h as text, Markdown or CSV, or as an Excel
// workbook. Text and Markdown end with the report's definitions
// (report_footer); CSV holds the most detailed table only, one row per
// item, so that a spreadsheet can total it; the workbook holds every table,
// one sheet each, its cells typed (render/xlsx.h). Their JSON is
// app/json_views.h's.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/reports.h"
#include "render/table.h"
#include "render/xlsx.h"

namespace followup::render {

enum class ReportFormat { text, csv, markdown };
std::optional<ReportFormat> parse_report_format(std::string_view s);

std::string render_report(const StatusReport& report, ReportFormat format);

// The report as an Excel workbook's bytes: a sheet for each table of its
// text form (the rates report's with each rate's numerator, denominator and
// rate in columns of their own, as numbers), the report's title, as-of
// date, history head and definitions in the document's properties.
// `created_utc` as Workbook's. unavailable when the workbook could not be
// made.
Result<std::string> report_workbook(const StatusReport& report, std::string_view created_utc);
Result<std::string> report_workbook(const OverdueReport& report, std::string_view created_utc);
Result<std::string> report_workbook(const RatesReport& report, std::string_view created_utc);
Result<std::string> report_workbook(const UnitReport& report, std::string_view created_utc);

// A report printed as the rows of its last table (its detail) arrive,
// memory holding one batch of rows: begin with the report (its detail is
// not read), then its lines, then end. Markdown and CSV print exactly what
// render_report prints of the whole report; text aligns the detail's rows
// k_batch at a time, each batch under its own header row, so that a report
// of up to k_batch rows prints as render_report's too. Made on a Workbook
// instead, the stream adds the report's sheets to it, its detail's rows
// k_batch at a time, and the caller finishes the workbook after end():
// what report_workbook makes of the whole report.
class TableReportStream {
 public:
  static constexpr std::size_t k_batch = 1000;
  void end();

 protected:
  // `write` is handed the text a piece at a time (whole rows).
  TableReportStream(std::function<void(const std::string&)> write, ReportFormat format)
      : m_write(std::move(write)), m_format(format) {}
  explicit TableReportStream(Workbook& workbook) : m_format(ReportFormat::text), m_workbook(&workbook) {}
  // The title, the tables before the detail, the detail's title and
  // columns, and the footer, as render_report prints them; the workbook's
  // properties.
  void begin(const std::string& title, const std::vector<Table>& before, Table detail,
             std::string_view footer, WorkbookProperties properties);
  void add_row(std::vector<std::string> row);

 private:
  void flush();
  std::function<void(const std::string&)> m_write;
  ReportFormat m_format;  // when not on a workbook
  Workbook* m_workbook = nullptr;
  Table m_detail;  // its title and columns, and the rows of the batch not yet printed
  std::string_view m_footer;
  long long m_rows = 0;  // printed
};

// `report status --limit 0` (app's stream_status_report).
class StatusReportStream : public TableReportStream {
 public:
  StatusReportStream(std::function<void(const std::string&)> write, ReportFormat format)
      : TableReportStream(std::move(write), format) {}
  explicit StatusReportStream(Workbook& workbook) : TableReportStream(workbook) {}
  void begin(const StatusReport& report);
  void line(const StatusLine& line);
};

// `report overdue --limit 0` (app's stream_overdue_report): the responses,
// then the actions.
class OverdueReportStream : public TableReportStream {
 public:
  OverdueReportStream(std::function<void(const std::string&)> write, ReportFormat format)
      : TableReportStream(std::move(write), format) {}
  explicit OverdueReportStream(Workbook& workbook) : TableReportStream(workbook) {}
  void begin(const OverdueReport& report);
  void response(const OverdueResponse& r);
  void action(const OverdueAction& a);
};

std::string render_report(const OverdueReport& report, ReportFormat format);
std::string render_report(const RatesReport& report, ReportFormat format);
std::string render_report(const UnitReport& report, ReportFormat format);

}  // namespace followup::render
