// The reports of core/reports.h as text, Markdown or CSV, or written into
// a document (render/document.h: an Excel workbook, a Word document, a
// PDF). Text and Markdown end with the report's definitions
// (report_footer); CSV holds the most detailed table only, one row per
// item, so that a spreadsheet can total it; a document gets every table,
// its cells typed, and the definitions in its properties. Their JSON is
// app/json_views.h's.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/reports.h"
#include "render/document.h"
#include "render/table.h"

namespace followup::render {

enum class ReportFormat { text, csv, markdown };
std::optional<ReportFormat> parse_report_format(std::string_view s);

std::string render_report(const StatusReport& report, ReportFormat format);

// The report into a document, which the caller then finishes: each table
// of its text form (the rates report's with each rate's numerator,
// denominator and rate in columns of their own, as numbers), the report's
// title, as-of date, history head and definitions in the document's
// properties; the charts after the tables: the status report's responses
// by unit (unit_responses_chart), the overdue report's overdue responses
// by unit (overdue_by_unit_chart, of all, whatever the limit), the rates
// report's responses on time and late by year and implementation rate by
// year and by unit.
void write_report(const StatusReport& report, TableDocument& out);
void write_report(const OverdueReport& report, TableDocument& out);
void write_report(const RatesReport& report, TableDocument& out);
void write_report(const UnitReport& report, TableDocument& out);

// A report printed as the rows of its last table (its detail) arrive,
// memory holding one batch of rows: begin with the report (its detail is
// not read), then its lines, then end. Markdown and CSV print exactly what
// render_report prints of the whole report; text aligns the detail's rows
// k_batch at a time, each batch under its own header row, so that a report
// of up to k_batch rows prints as render_report's too. Made on a document
// instead, the stream adds the report's tables to it, its detail's rows
// k_batch at a time, and its charts at end(); the caller finishes the
// document after end(): what write_report makes of the whole report.
class TableReportStream {
 public:
  static constexpr std::size_t k_batch = 1000;
  void end();

 protected:
  // `write` is handed the text a piece at a time (whole rows).
  TableReportStream(std::function<void(const std::string&)> write, ReportFormat format)
      : m_write(std::move(write)), m_format(format) {}
  explicit TableReportStream(TableDocument& document) : m_format(ReportFormat::text), m_document(&document) {}
  // The title, the tables before the detail, the detail's title and
  // columns, and the footer, as render_report prints them; the document's
  // properties.
  // `charts` go after the tables, on a document only.
  void begin(const std::string& title, const std::vector<Table>& before, Table detail,
             std::string_view footer, DocumentProperties properties, std::vector<BarChart> charts);
  void add_row(std::vector<std::string> row);

 private:
  void flush();
  std::function<void(const std::string&)> m_write;
  ReportFormat m_format;  // when not on a document
  TableDocument* m_document = nullptr;
  Table m_detail;                  // its title and columns, and the rows of the batch not yet printed
  std::vector<BarChart> m_charts;  // for the document's end
  std::string_view m_footer;
  long long m_rows = 0;  // printed
};

// `report status --limit 0` (app's stream_status_report).
class StatusReportStream : public TableReportStream {
 public:
  StatusReportStream(std::function<void(const std::string&)> write, ReportFormat format)
      : TableReportStream(std::move(write), format) {}
  explicit StatusReportStream(TableDocument& document) : TableReportStream(document) {}
  void begin(const StatusReport& report);
  void line(const StatusLine& line);
};

// `report overdue --limit 0` (app's stream_overdue_report): the responses,
// then the actions.
class OverdueReportStream : public TableReportStream {
 public:
  OverdueReportStream(std::function<void(const std::string&)> write, ReportFormat format)
      : TableReportStream(std::move(write), format) {}
  explicit OverdueReportStream(TableDocument& document) : TableReportStream(document) {}
  void begin(const OverdueReport& report);
  void response(const OverdueResponse& r);
  void action(const OverdueAction& a);
};

std::string render_report(const OverdueReport& report, ReportFormat format);
std::string render_report(const RatesReport& report, ReportFormat format);
std::string render_report(const UnitReport& report, ReportFormat format);

// ---- The annual report and the charts ---------------------------------------
// The report to the governing body (core's AnnualReport): its tables as
// text, Markdown (CSV: the evaluations' table), or into a document with its
// charts (annual_charts) after the tables.
std::string render_report(const AnnualReport& report, ReportFormat format);
void write_report(const AnnualReport& report, TableDocument& out);

// The charts of the dashboard and the annual report, made from the
// reports' numbers, the same wherever they appear:
// overdue responses by unit, stacked by days overdue (ids "overdue-chart");
BarChart overdue_by_unit_chart(const std::vector<UnitOverdue>& units);
// unit responses due by year of issue: on time, within an extension, late
// or missing (the rates report's, "answers-chart");
BarChart answers_by_year_chart(const RatesReport& rates);
// issued recommendations by year of issue and response status
// ("responses-chart");
BarChart responses_by_year_chart(const std::vector<ResponsesInYear>& years);
// the responsible units' recommendations by the unit's response status:
// on time, within an extension, late, overdue, awaiting (the status
// report's by_unit counts, "unit-responses-chart");
BarChart unit_responses_chart(const std::vector<StatusGroup>& units);
// the implementation rate, in per cent, by year of issue
// ("implementation-chart") and by unit ("unit-implementation-chart"), for
// the rows with accepted recommendations.
BarChart implementation_by_year_chart(const RatesReport& rates);
BarChart implementation_by_unit_chart(const RatesReport& rates);
// The annual report's: overdue by unit, responses by year, implementation
// by year and by unit.
std::vector<BarChart> annual_charts(const AnnualReport& report);

}  // namespace followup::render
