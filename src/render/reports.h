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
// properties.
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
// k_batch at a time, and the caller finishes the document after end():
// what write_report makes of the whole report.
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
  void begin(const std::string& title, const std::vector<Table>& before, Table detail,
             std::string_view footer, DocumentProperties properties);
  void add_row(std::vector<std::string> row);

 private:
  void flush();
  std::function<void(const std::string&)> m_write;
  ReportFormat m_format;  // when not on a document
  TableDocument* m_document = nullptr;
  Table m_detail;  // its title and columns, and the rows of the batch not yet printed
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

}  // namespace followup::render
