#include "render/reports.h"

#include <array>
#include <cstdio>
#include <numeric>

#include "core/names.h"
#include "core/reference.h"
#include "render/table.h"
#include "util/text.h"

namespace followup::render {

namespace {

using Row = std::vector<std::string>;
using Rows = std::vector<Row>;
using K = CellKind;

std::string num(int n) { return std::to_string(n); }

std::string percent(const Rate& rate) {
  const auto v = rate.value();
  if (!v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%% (%d/%d)", *v * 100.0, rate.numerator, rate.denominator);
  return buf;
}

std::string ratio(const Rate& rate) {
  const auto v = rate.value();
  if (!v) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", *v);
  return buf;
}

// The rate as a CellKind::ratio cell: every digit, so that it reads back exactly.
std::string exact_ratio(const Rate& rate) {
  const auto v = rate.value();
  if (!v) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", *v);
  return buf;
}

std::string ageing_text(const std::optional<AgeingBucket>& b) { return b ? std::string(to_string(*b)) : ""; }

// A report as its tables: the first is the summary, the last the detail.
struct Document {
  std::string title;
  std::vector<Table> tables;
  std::string_view footer;
  const Table* csv = nullptr;  // which table CSV prints
};

DocumentProperties document_properties(const Document& doc, ReportKind kind, Date as_of,
                                       const HistoryHead& head) {
  return DocumentProperties{doc.title,
                            "followup report " + std::string(to_string(kind)),
                            "History head: " + head.str() + ". Definitions: " + std::string(doc.footer),
                            as_of,
                            head.str(),
                            std::string(doc.footer)};
}

// A report whose tables are `tables` into `out`.
void fill(TableDocument& out, const std::vector<Table>& tables, DocumentProperties properties) {
  out.set_properties(std::move(properties));
  for (const auto& t : tables) out.add_table(t);
}

std::string render(const Document& doc, ReportFormat format) {
  std::string out;
  switch (format) {
    case ReportFormat::csv:
      return table_csv(doc.csv ? *doc.csv : doc.tables.back());
    case ReportFormat::markdown:
      out = "## " + doc.title + "\n\n";
      for (const auto& t : doc.tables) out += table_markdown(t) + "\n";
      out += "*Definitions.* " + std::string(doc.footer) + "\n";
      return out;
    case ReportFormat::text:
      out = doc.title + "\n\n";
      for (const auto& t : doc.tables) out += table_text(t) + "\n";
      out += "Definitions: " + std::string(doc.footer) + "\n";
      return out;
  }
  return out;
}

const Row k_count_columns = {"recommendations",
                             "open",
                             "awaiting response",
                             "on time",
                             "within extension",
                             "late",
                             "overdue",
                             "in progress",
                             "claimed",
                             "validated",
                             "implemented",
                             "closed",
                             "closed without response",
                             "entered late"};

Row count_cells(const std::string& key, const StatusCounts& c) {
  return {key,
          num(c.recommendations),
          num(c.open),
          num(c.awaiting_response),
          num(c.responded_on_time),
          num(c.responded_within_extension),
          num(c.responded_late),
          num(c.overdue),
          num(c.in_progress),
          num(c.claimed),
          num(c.validated),
          num(c.implemented),
          num(c.closed),
          num(c.closed_without_response),
          num(c.entered_late)};
}

Table count_table(std::string title, std::string key_column, const std::vector<StatusGroup>& groups,
                  const StatusCounts* total) {
  Table t{std::move(title), {std::move(key_column)}, {}, {K::text}};
  t.columns.insert(t.columns.end(), k_count_columns.begin(), k_count_columns.end());
  t.kinds.resize(t.columns.size(), K::integer);
  for (const auto& g : groups) t.rows.push_back(count_cells(g.key, g.counts));
  if (total) t.rows.push_back(count_cells("Total", *total));
  return t;
}

Table rates_table(std::string title, std::string key_column, const std::vector<RatesRow>& rows,
                  const Rates* total) {
  Table t{std::move(title),
          {std::move(key_column), "acceptance (responses)", "acceptance (recommendations)", "implementation",
           "on-time response", "within an extension", "action completion"},
          {}};
  auto cells = [](const std::string& key, const Rates& r) -> Row {
    return {key,
            percent(r.acceptance),
            percent(r.acceptance_by_recommendation),
            percent(r.implementation),
            percent(r.on_time),
            percent(r.within_extension),
            percent(r.action_completion)};
  };
  for (const auto& r : rows) t.rows.push_back(cells(r.key, r.rates));
  if (total) t.rows.push_back(cells("Total", *total));
  return t;
}

// rates_table for a document: each rate's numerator, denominator and rate
// in columns of their own (the within-extension rate's denominator is the
// on-time rate's, its "responses due").
Table rates_sheet(std::string title, std::string key_column, const std::vector<RatesRow>& rows,
                  const Rates* total) {
  Table t{
      std::move(title),
      {std::move(key_column), "accepted responses", "responses", "acceptance (responses)",
       "accepted by every unit", "answered by every unit", "acceptance (recommendations)", "implemented",
       "accepted recommendations", "implementation", "responded on time", "responses due", "on-time response",
       "responded within an extension", "within an extension", "actions done", "actions",
       "action completion"},
      {},
      {K::text, K::integer, K::integer, K::ratio, K::integer, K::integer, K::ratio, K::integer, K::integer,
       K::ratio, K::integer, K::integer, K::ratio, K::integer, K::ratio, K::integer, K::integer, K::ratio}};
  auto cells = [](const std::string& key, const Rates& r) -> Row {
    return {key,
            num(r.acceptance.numerator),
            num(r.acceptance.denominator),
            exact_ratio(r.acceptance),
            num(r.acceptance_by_recommendation.numerator),
            num(r.acceptance_by_recommendation.denominator),
            exact_ratio(r.acceptance_by_recommendation),
            num(r.implementation.numerator),
            num(r.implementation.denominator),
            exact_ratio(r.implementation),
            num(r.on_time.numerator),
            num(r.on_time.denominator),
            exact_ratio(r.on_time),
            num(r.within_extension.numerator),
            exact_ratio(r.within_extension),
            num(r.action_completion.numerator),
            num(r.action_completion.denominator),
            exact_ratio(r.action_completion)};
  };
  for (const auto& r : rows) t.rows.push_back(cells(r.key, r.rates));
  if (total) t.rows.push_back(cells("Total", *total));
  return t;
}

}  // namespace

std::optional<ReportFormat> parse_report_format(std::string_view s) {
  if (s == "text") return ReportFormat::text;
  if (s == "csv") return ReportFormat::csv;
  if (s == "markdown") return ReportFormat::markdown;
  return std::nullopt;
}

namespace {

// Each unit's overdue responses by days overdue and its overdue actions.
Table overdue_by_unit_table(const std::vector<UnitOverdue>& units) {
  Table t{"Overdue by unit", {"unit"}, {}, {K::text}};
  for (const auto bucket : all_ageing_buckets()) {
    t.columns.push_back(std::string(to_string(bucket)) + " days");
    t.kinds.push_back(K::integer);
  }
  t.columns.emplace_back("overdue actions");
  t.kinds.push_back(K::integer);
  for (const auto& u : units) {
    Row row{u.unit};
    for (const int n : u.responses) row.push_back(num(n));
    row.push_back(num(u.actions));
    t.rows.push_back(std::move(row));
  }
  return t;
}

// The overdue report's tables but for the rows of its lists.
Document overdue_document(const OverdueReport& report) {
  Document doc{"Overdue as of " + report.as_of.iso(), {}, report_footer(ReportKind::overdue), nullptr};
  Table ageing{"Ageing", {"days overdue", "responses", "actions"}, {}, {K::text, K::integer, K::integer}};
  const auto& buckets = all_ageing_buckets();
  for (std::size_t i = 0; i < buckets.size(); ++i)
    ageing.rows.push_back(
        {std::string(to_string(buckets[i])), num(report.response_ageing[i]), num(report.action_ageing[i])});
  doc.tables.push_back(std::move(ageing));
  doc.tables.push_back(overdue_by_unit_table(report.by_unit));
  const int responses = std::accumulate(report.response_ageing.begin(), report.response_ageing.end(), 0);
  const int actions = std::accumulate(report.action_ageing.begin(), report.action_ageing.end(), 0);
  std::string title = "Overdue responses and actions";
  if (report.limit > 0 && (static_cast<std::size_t>(responses) > report.responses.size() ||
                           static_cast<std::size_t>(actions) > report.actions.size()))
    title += ": the " + num(report.limit) + " most overdue of each (of " + num(responses) +
             " responses and " + num(actions) + " actions)";
  doc.tables.push_back(
      Table{title,
            {"kind", "ref", "unit", "due", "original due", "days overdue", "ageing", "action", "description"},
            {},
            {K::text, K::text, K::text, K::date, K::date, K::integer, K::text, K::integer, K::text}});
  return doc;
}

Row overdue_row(const OverdueResponse& r) {
  return {"response",
          r.ref,
          r.unit,
          r.due.iso(),
          r.original_due.iso(),
          num(r.days_overdue),
          std::string(to_string(r.ageing)),
          "",
          ""};
}

Row overdue_row(const OverdueAction& a) {
  return {"action",
          a.ref,
          a.unit,
          a.due.iso(),
          a.original_due.iso(),
          num(a.days_overdue),
          std::string(to_string(a.ageing)),
          std::to_string(a.id),
          a.description};
}

// The status report's tables but for the detail's rows.
Document status_document(const StatusReport& report) {
  Document doc{
      "Status of follow-up as of " + report.as_of.iso(), {}, report_footer(ReportKind::status), nullptr};
  doc.tables.push_back(count_table("By evaluation", "evaluation", report.by_evaluation, &report.total));
  doc.tables.push_back(count_table("By unit", "unit", report.by_unit, nullptr));
  // One page of the detail: say where the next begins.
  doc.tables.push_back(
      Table{report.next_after ? "Recommendations (one page: the next begins after " + *report.next_after + ")"
                              : "Recommendations",
            {"ref", "priority", "due", "issued", "state", "response", "office rating", "unit", "extended to",
             "unit state", "claim", "responded on", "days late", "days overdue"},
            {},
            {K::text, K::text, K::date, K::date, K::text, K::text, K::text, K::text, K::date, K::text,
             K::text, K::date, K::integer, K::integer}});
  return doc;
}

// A line of the detail: one row per responsible unit.
void add_status_rows(Rows& rows, const StatusLine& line) {
  const auto ref = recommendation_ref(line.evaluation, line.number);
  const auto& f = line.facts;
  const std::string rating =
      f.office_rating ? std::string(to_string(*f.office_rating)) + " (" + f.rated_on->iso() + ")" : "";
  for (const auto& u : f.units) {
    rows.push_back(
        {ref, std::string(to_string(line.priority)), line.due.iso(), line.issued ? line.issued->iso() : "",
         std::string(to_string(f.state)), std::string(to_string(f.response)), rating, u.unit,
         u.extended_due ? u.extended_due->iso() : "", std::string(to_string(u.state)),
         u.claim ? std::string(to_string(*u.claim)) : "", u.responded_on ? u.responded_on->iso() : "",
         u.days_late > 0 ? num(u.days_late) : "", u.days_overdue > 0 ? num(u.days_overdue) : ""});
  }
}

}  // namespace

std::string render_report(const StatusReport& report, ReportFormat format) {
  Document doc = status_document(report);
  for (const auto& line : report.recommendations) add_status_rows(doc.tables.back().rows, line);
  return render(doc, format);
}

namespace {

// The charts after a report's tables in a document, whole or streamed.
std::vector<BarChart> charts_of(const StatusReport& report) { return {unit_responses_chart(report.by_unit)}; }
std::vector<BarChart> charts_of(const OverdueReport& report) {
  return {overdue_by_unit_chart(report.by_unit)};
}

}  // namespace

void write_report(const StatusReport& report, TableDocument& out) {
  Document doc = status_document(report);
  for (const auto& line : report.recommendations) add_status_rows(doc.tables.back().rows, line);
  fill(out, doc.tables, document_properties(doc, ReportKind::status, report.as_of, report.head));
  for (const auto& chart : charts_of(report)) out.add_chart(chart);
}

void TableReportStream::begin(const std::string& title, const std::vector<Table>& before, Table detail,
                              std::string_view footer, DocumentProperties properties,
                              std::vector<BarChart> charts) {
  m_detail = std::move(detail);
  m_footer = footer;
  if (m_document) {
    m_charts = std::move(charts);
    m_document->set_properties(std::move(properties));
    for (const auto& t : before) m_document->add_table(t);
    m_document->add_table(m_detail);
    return;
  }
  std::string out;
  switch (m_format) {
    case ReportFormat::csv:
      out = table_csv_rows({m_detail.columns});
      break;
    case ReportFormat::markdown:
      out = "## " + title + "\n\n";
      for (const auto& t : before) out += table_markdown(t) + "\n";
      out += table_markdown_head(m_detail);
      break;
    case ReportFormat::text:
      out = title + "\n\n";
      for (const auto& t : before) out += table_text(t) + "\n";
      out += m_detail.title + "\n";
      break;
  }
  m_write(out);
}

void TableReportStream::add_row(std::vector<std::string> row) {
  m_detail.rows.push_back(std::move(row));
  if (m_detail.rows.size() >= k_batch) flush();
}

void TableReportStream::flush() {
  if (m_detail.rows.empty()) return;
  m_rows += static_cast<long long>(m_detail.rows.size());
  if (m_document) {
    m_document->add_rows(m_detail.rows);
    m_detail.rows.clear();
    return;
  }
  switch (m_format) {
    case ReportFormat::csv:
      m_write(table_csv_rows(m_detail.rows));
      break;
    case ReportFormat::markdown:
      m_write(table_markdown_rows(m_detail.rows));
      break;
    case ReportFormat::text:
      m_write(table_text(Table{"", m_detail.columns, m_detail.rows}));
      break;
  }
  m_detail.rows.clear();
}

void TableReportStream::end() {
  flush();
  if (m_document) {
    for (const auto& chart : m_charts) m_document->add_chart(chart);
    return;
  }
  switch (m_format) {
    case ReportFormat::csv:
      return;
    case ReportFormat::markdown:
      m_write("\n*Definitions.* " + std::string(m_footer) + "\n");
      return;
    case ReportFormat::text:
      if (m_rows == 0) m_write(table_text(Table{"", m_detail.columns, {}}));
      m_write("\nDefinitions: " + std::string(m_footer) + "\n");
      return;
  }
}

void StatusReportStream::begin(const StatusReport& report) {
  Document doc = status_document(report);
  Table detail = std::move(doc.tables.back());
  doc.tables.pop_back();
  TableReportStream::begin(doc.title, doc.tables, std::move(detail), doc.footer,
                           document_properties(doc, ReportKind::status, report.as_of, report.head),
                           charts_of(report));
}

void StatusReportStream::line(const StatusLine& line) {
  Rows rows;
  add_status_rows(rows, line);
  for (auto& row : rows) add_row(std::move(row));
}

void OverdueReportStream::begin(const OverdueReport& report) {
  Document doc = overdue_document(report);
  Table detail = std::move(doc.tables.back());
  doc.tables.pop_back();
  TableReportStream::begin(doc.title, doc.tables, std::move(detail), doc.footer,
                           document_properties(doc, ReportKind::overdue, report.as_of, report.head),
                           charts_of(report));
}

void OverdueReportStream::response(const OverdueResponse& r) { add_row(overdue_row(r)); }

void OverdueReportStream::action(const OverdueAction& a) { add_row(overdue_row(a)); }

namespace {

Document whole_overdue_document(const OverdueReport& report) {
  Document doc = overdue_document(report);
  for (const auto& r : report.responses) doc.tables.back().rows.push_back(overdue_row(r));
  for (const auto& a : report.actions) doc.tables.back().rows.push_back(overdue_row(a));
  return doc;
}

Document rates_document(const RatesReport& report) {
  Document doc{"Acceptance, implementation and on-time rates as of " + report.as_of.iso(),
               {},
               report_footer(ReportKind::rates),
               nullptr};
  doc.tables.push_back(rates_table("By year of issue", "year", report.by_year, &report.total));
  doc.tables.push_back(rates_table("By unit", "unit", report.by_unit, nullptr));
  return doc;
}

Document unit_document(const UnitReport& report) {
  Document doc{"What " + report.unit + " owes as of " + report.as_of.iso() + ": " +
                   num(report.responses_due) + " response(s), " + num(report.actions_due) + " action(s), " +
                   num(report.overdue) + " overdue",
               {},
               report_footer(ReportKind::unit),
               nullptr};
  Table items{
      "By date",
      {"due", "original due", "kind", "ref", "action", "overdue", "days overdue", "ageing", "office rating",
       "what"},
      {},
      {K::date, K::date, K::text, K::text, K::integer, K::text, K::integer, K::text, K::text, K::text}};
  for (const auto& i : report.items)
    items.rows.push_back({i.due.iso(), i.original_due.iso(), std::string(to_string(i.kind)), i.ref,
                          i.action_id ? std::to_string(i.action_id) : "", i.overdue ? "yes" : "no",
                          i.days_overdue > 0 ? num(i.days_overdue) : "", ageing_text(i.ageing),
                          i.office_rating ? std::string(to_string(*i.office_rating)) : "", i.text});
  doc.tables.push_back(std::move(items));
  return doc;
}

}  // namespace

std::string render_report(const OverdueReport& report, ReportFormat format) {
  return render(whole_overdue_document(report), format);
}

void write_report(const OverdueReport& report, TableDocument& out) {
  const Document doc = whole_overdue_document(report);
  fill(out, doc.tables, document_properties(doc, ReportKind::overdue, report.as_of, report.head));
  for (const auto& chart : charts_of(report)) out.add_chart(chart);
}

std::string render_report(const RatesReport& report, ReportFormat format) {
  const Document doc = rates_document(report);
  // CSV: one row per group with numerators and denominators, for spreadsheets.
  Table flat{"",
             {"group", "key", "accepted", "responses", "acceptance", "accepted_recommendations_all_units",
              "recommendations_answered", "acceptance_by_recommendation", "implemented",
              "accepted_recommendations", "implementation", "on_time", "due", "on_time_rate",
              "within_extension", "within_extension_rate", "actions_done", "actions", "action_completion"},
             {}};
  auto add = [&flat](const std::string& group, const std::string& key, const Rates& r) {
    flat.rows.push_back({group, key, num(r.acceptance.numerator), num(r.acceptance.denominator),
                         ratio(r.acceptance), num(r.acceptance_by_recommendation.numerator),
                         num(r.acceptance_by_recommendation.denominator),
                         ratio(r.acceptance_by_recommendation), num(r.implementation.numerator),
                         num(r.implementation.denominator), ratio(r.implementation), num(r.on_time.numerator),
                         num(r.on_time.denominator), ratio(r.on_time), num(r.within_extension.numerator),
                         ratio(r.within_extension), num(r.action_completion.numerator),
                         num(r.action_completion.denominator), ratio(r.action_completion)});
  };
  add("total", "", report.total);
  for (const auto& r : report.by_year) add("year", r.key, r.rates);
  for (const auto& r : report.by_unit) add("unit", r.key, r.rates);
  if (format == ReportFormat::csv) return table_csv(flat);
  return render(doc, format);
}

void write_report(const RatesReport& report, TableDocument& out) {
  const Document doc = rates_document(report);
  const std::vector<Table> sheets = {rates_sheet("By year of issue", "year", report.by_year, &report.total),
                                     rates_sheet("By unit", "unit", report.by_unit, nullptr)};
  fill(out, sheets, document_properties(doc, ReportKind::rates, report.as_of, report.head));
  // Its charts, after the tables.
  for (const auto& chart : {answers_by_year_chart(report), implementation_by_year_chart(report),
                            implementation_by_unit_chart(report)})
    out.add_chart(chart);
}

std::string render_report(const UnitReport& report, ReportFormat format) {
  return render(unit_document(report), format);
}

void write_report(const UnitReport& report, TableDocument& out) {
  const Document doc = unit_document(report);
  fill(out, doc.tables, document_properties(doc, ReportKind::unit, report.as_of, report.head));
}

// ---- The annual report and the charts ---------------------------------------

BarChart overdue_by_unit_chart(const std::vector<UnitOverdue>& units) {
  BarChart chart{"overdue-chart",
                 "Overdue responses by unit and age",
                 "For each unit, its management responses past their follow-up due date, by days overdue.",
                 {},
                 {},
                 "",
                 0};
  const auto& buckets = all_ageing_buckets();
  for (const auto bucket : buckets) chart.series.push_back({std::string(to_string(bucket)) + " days", {}});
  for (const auto& u : units) {
    int responses = 0;
    for (const int n : u.responses) responses += n;
    if (responses == 0) continue;
    chart.categories.push_back(u.unit);
    for (std::size_t i = 0; i < buckets.size(); ++i) chart.series[i].values.push_back(u.responses[i]);
  }
  return chart;
}

BarChart answers_by_year_chart(const RatesReport& rates) {
  BarChart chart{"answers-chart",
                 "Responses on time and late, by year of issue",
                 "For each year, the unit responses due: given by the due date, within an extension, and "
                 "late or still missing.",
                 {},
                 {{"on time", {}}, {"within an extension", {}}, {"late or missing", {}}},
                 "",
                 0};
  for (const auto& row : rates.by_year) {
    const auto& r = row.rates;
    chart.categories.push_back(row.key);
    chart.series[0].values.push_back(r.on_time.numerator);
    chart.series[1].values.push_back(r.within_extension.numerator);
    chart.series[2].values.push_back(r.on_time.denominator - r.on_time.numerator -
                                     r.within_extension.numerator);
  }
  return chart;
}

namespace {

// Bars stacked by response status: on time, within an extension, late,
// overdue, awaiting.
BarChart response_status_chart(std::string id, std::string title, std::string description) {
  return BarChart{
      std::move(id),
      std::move(title),
      std::move(description),
      {},
      {{"on time", {}}, {"within an extension", {}}, {"late", {}}, {"overdue", {}}, {"awaiting", {}}},
      "",
      0};
}

// A category of it: its counts in the series' order.
void add_response_status(BarChart& chart, const std::string& category, const std::array<int, 5>& counts) {
  chart.categories.push_back(category);
  for (std::size_t i = 0; i < chart.series.size(); ++i) chart.series[i].values.push_back(counts[i]);
}

}  // namespace

BarChart responses_by_year_chart(const std::vector<ResponsesInYear>& years) {
  BarChart chart = response_status_chart(
      "responses-chart", "Responses by year of issue",
      "For each year, the issued recommendations whose units all responded on time, within an "
      "extension or late, those overdue, and those awaiting a response not yet due.");
  for (const auto& y : years)
    add_response_status(chart, y.year, {y.on_time, y.within_extension, y.late, y.overdue, y.awaiting});
  return chart;
}

BarChart unit_responses_chart(const std::vector<StatusGroup>& units) {
  BarChart chart = response_status_chart(
      "unit-responses-chart", "Responses by unit",
      "For each responsible unit, the recommendations it responded to on time, within an extension or "
      "late, those whose response is overdue, and those awaiting a response not yet due.");
  for (const auto& u : units) {
    const auto& c = u.counts;
    add_response_status(chart, u.key,
                        {c.responded_on_time, c.responded_within_extension, c.responded_late, c.overdue,
                         c.awaiting_response});
  }
  return chart;
}

namespace {

BarChart implementation_chart(std::string id, std::string title, std::string description,
                              const std::vector<RatesRow>& rows) {
  BarChart chart{
      std::move(id), std::move(title), std::move(description), {}, {{"implemented", {}}}, "%", 100};
  for (const auto& row : rows) {
    const auto rate = row.rates.implementation.value();
    if (!rate) continue;
    chart.categories.push_back(row.key);
    chart.series[0].values.push_back(*rate * 100);
  }
  return chart;
}

}  // namespace

BarChart implementation_by_year_chart(const RatesReport& rates) {
  return implementation_chart("implementation-chart", "Implementation rate by year of issue",
                              "For each year, the accepted recommendations the office rated or closed as "
                              "implemented, in per cent.",
                              rates.by_year);
}

BarChart implementation_by_unit_chart(const RatesReport& rates) {
  return implementation_chart(
      "unit-implementation-chart", "Implementation rate by unit",
      "For each unit, the recommendations it accepted that the office rated or closed "
      "as implemented, in per cent.",
      rates.by_unit);
}

std::vector<BarChart> annual_charts(const AnnualReport& report) {
  return {overdue_by_unit_chart(report.overdue_by_unit), responses_by_year_chart(report.responses_by_year),
          implementation_by_year_chart(report.rates), implementation_by_unit_chart(report.rates)};
}

namespace {

std::string years_of(const AnnualReport& r) {
  return r.first_year == r.last_year ? std::to_string(r.first_year)
                                     : std::to_string(r.first_year) + "-" + std::to_string(r.last_year);
}

// "(the 500 longest open of 812)" when a list was cut.
std::string cut_note(std::size_t shown, int total, std::string_view which) {
  if (static_cast<int>(shown) >= total) return "";
  return " (the " + std::to_string(shown) + " " + std::string(which) + " of " + std::to_string(total) + ")";
}

Table annual_lines_table(std::string title, const std::vector<StatusLine>& lines, Date as_of) {
  Table t{std::move(title),
          {"ref", "units", "priority", "issued", "due", "state", "response", "days open", "text"},
          {},
          {K::text, K::text, K::text, K::date, K::date, K::text, K::text, K::integer, K::text}};
  for (const auto& line : lines) {
    std::vector<std::string> units;
    for (const auto& u : line.facts.units) units.push_back(u.unit);
    t.rows.push_back({recommendation_ref(line.evaluation, line.number), util::join(units, ", "),
                      std::string(to_string(line.priority)), line.issued ? line.issued->iso() : "",
                      line.due.iso(), std::string(to_string(line.facts.state)),
                      std::string(to_string(line.facts.response)),
                      line.issued ? num(as_of.days_since(*line.issued)) : "", line.text});
  }
  return t;
}

// `for_document`: the rates with their numerators and denominators in
// columns of their own (rates_sheet), else as the rates report prints them.
Document annual_document(const AnnualReport& report, bool for_document) {
  const std::string years = years_of(report);
  Document doc{"Evaluation follow-up, " + years + ", as of " + report.as_of.iso(),
               {},
               report_footer(ReportKind::annual),
               nullptr};
  Table evaluations{"Evaluations issued in " + years,
                    {"evaluation", "title", "issued", "recommendations", "open", "on time",
                     "within extension", "late", "overdue", "implemented", "closed"},
                    {},
                    {K::text, K::text, K::date, K::integer, K::integer, K::integer, K::integer, K::integer,
                     K::integer, K::integer, K::integer}};
  for (const auto& e : report.evaluations) {
    const auto& c = e.counts;
    evaluations.rows.push_back({e.code, e.title, e.issued.iso(), num(c.recommendations), num(c.open),
                                num(c.responded_on_time), num(c.responded_within_extension),
                                num(c.responded_late), num(c.overdue), num(c.implemented), num(c.closed)});
  }
  doc.tables.push_back(std::move(evaluations));
  const auto rates = for_document ? rates_sheet : rates_table;
  doc.tables.push_back(rates("Rates by year of issue", "year", report.rates.by_year, &report.rates.total));
  doc.tables.push_back(rates("Rates by unit", "unit", report.rates.by_unit, nullptr));
  Table responses{"Response status by year of issue",
                  {"year", "on time", "within extension", "late", "overdue", "awaiting"},
                  {},
                  {K::text, K::integer, K::integer, K::integer, K::integer, K::integer}};
  for (const auto& y : report.responses_by_year)
    responses.rows.push_back(
        {y.year, num(y.on_time), num(y.within_extension), num(y.late), num(y.overdue), num(y.awaiting)});
  doc.tables.push_back(std::move(responses));
  doc.tables.push_back(annual_lines_table(
      "Outstanding more than two years" +
          cut_note(report.long_outstanding.size(), report.long_outstanding_total, "longest open"),
      report.long_outstanding, report.as_of));
  doc.tables.push_back(annual_lines_table(
      "Priority recommendations" + cut_note(report.priority.size(), report.priority_total, "first"),
      report.priority, report.as_of));
  doc.tables.push_back(overdue_by_unit_table(report.overdue_by_unit));
  doc.csv = &doc.tables.front();
  return doc;
}

}  // namespace

std::string render_report(const AnnualReport& report, ReportFormat format) {
  return render(annual_document(report, false), format);
}

void write_report(const AnnualReport& report, TableDocument& out) {
  const Document doc = annual_document(report, true);
  fill(out, doc.tables, document_properties(doc, ReportKind::annual, report.as_of, report.head));
  for (const auto& chart : annual_charts(report)) out.add_chart(chart);
}

}  // namespace followup::render
