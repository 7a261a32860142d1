// The reports' JSON (app/json_views.h), kept apart from the values' for
// its length.
#include "app/json_views.h"
#include "core/names.h"

namespace followup::app {

namespace {

nlohmann::json date_or_null(const std::optional<Date>& d) {
  return d ? nlohmann::json(d->iso()) : nlohmann::json();
}

nlohmann::json bucket_or_null(const std::optional<AgeingBucket>& b) {
  return b ? nlohmann::json(std::string(to_string(*b))) : nlohmann::json();
}

nlohmann::json counts_json(nlohmann::json j, const StatusCounts& c) {
  j["recommendations"] = c.recommendations;
  j["open"] = c.open;
  j["awaiting_response"] = c.awaiting_response;
  j["responded_on_time"] = c.responded_on_time;
  j["responded_within_extension"] = c.responded_within_extension;
  j["responded_late"] = c.responded_late;
  j["overdue"] = c.overdue;
  j["in_progress"] = c.in_progress;
  j["claimed"] = c.claimed;
  j["validated"] = c.validated;
  j["implemented"] = c.implemented;
  j["closed"] = c.closed;
  j["closed_without_response"] = c.closed_without_response;
  j["entered_late"] = c.entered_late;
  return j;
}

nlohmann::json ageing_json(const std::array<int, 5>& counts) {
  nlohmann::json j = nlohmann::json::object();
  for (AgeingBucket b : all_ageing_buckets())
    j[std::string(to_string(b))] = counts[static_cast<std::size_t>(b)];
  return j;
}

// Units' overdue responses by age and overdue actions (OverdueReport::by_unit).
nlohmann::json units_overdue_json(const std::vector<UnitOverdue>& units) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& u : units)
    j.push_back({{"unit", u.unit}, {"responses", ageing_json(u.responses)}, {"actions", u.actions}});
  return j;
}

nlohmann::json rate_json(const Rate& r) {
  nlohmann::json j{{"numerator", r.numerator}, {"denominator", r.denominator}};
  const auto v = r.value();
  j["rate"] = v ? nlohmann::json(*v) : nlohmann::json();
  return j;
}

nlohmann::json rates_json(nlohmann::json j, const Rates& r) {
  j["acceptance"] = rate_json(r.acceptance);
  j["acceptance_by_recommendation"] = rate_json(r.acceptance_by_recommendation);
  j["implementation"] = rate_json(r.implementation);
  j["on_time"] = rate_json(r.on_time);
  j["within_extension"] = rate_json(r.within_extension);
  j["action_completion"] = rate_json(r.action_completion);
  return j;
}

nlohmann::json header(ReportKind kind, Date as_of, const HistoryHead& head) {
  return nlohmann::json{{"report", std::string(to_string(kind))},
                        {"as_of", as_of.iso()},
                        {"history_head", {{"entries", head.entries}, {"hash", head.hash}}}};
}

nlohmann::json optional_word(const auto& v) {
  return v ? nlohmann::json(std::string(to_string(*v))) : nlohmann::json();
}

}  // namespace

nlohmann::json json_of(const StatusLine& line) {
  const FollowUpFacts& f = line.facts;
  nlohmann::json units = nlohmann::json::array();
  for (const auto& u : f.units) {
    units.push_back({
        {"unit", u.unit},
        {"state", std::string(to_string(u.state))},
        {"due", u.due.iso()},
        {"extended_due", date_or_null(u.extended_due)},
        {"responded_on", date_or_null(u.responded_on)},
        {"decision", optional_word(u.decision)},
        {"on_time", u.on_time ? nlohmann::json(*u.on_time) : nlohmann::json()},
        {"within_extension", u.within_extension},
        {"days_late", u.responded_on ? nlohmann::json(u.days_late) : nlohmann::json()},
        {"overdue", u.overdue},
        {"days_overdue", u.days_overdue},
        {"claim", optional_word(u.claim)},
        {"claimed_on", date_or_null(u.claimed_on)},
    });
  }
  return {
      {"ref", f.ref},
      {"evaluation", line.evaluation},
      {"number", line.number},
      {"text", line.text},
      {"priority", std::string(to_string(line.priority))},
      {"issued", date_or_null(line.issued)},
      {"due", line.due.iso()},
      {"state", std::string(to_string(f.state))},
      {"response", std::string(to_string(f.response))},
      {"days_late", f.days_late},
      {"overdue", f.overdue},
      {"days_overdue", f.days_overdue},
      {"ageing", bucket_or_null(f.ageing)},
      {"accepted", f.accepted},
      {"implemented", f.implemented},
      {"office_rating", optional_word(f.office_rating)},
      {"rated_on", date_or_null(f.rated_on)},
      {"entered_late", f.entered_late},
      {"unresponsive", f.unresponsive},
      {"units", std::move(units)},
  };
}

nlohmann::json json_of(const StatusReport& r) {
  nlohmann::json j = header(ReportKind::status, r.as_of, r.head);
  j["total"] = counts_json(nlohmann::json::object(), r.total);
  j["by_evaluation"] = nlohmann::json::array();
  for (const auto& g : r.by_evaluation)
    j["by_evaluation"].push_back(counts_json({{"evaluation", g.key}}, g.counts));
  j["by_unit"] = nlohmann::json::array();
  for (const auto& g : r.by_unit) j["by_unit"].push_back(counts_json({{"unit", g.key}}, g.counts));
  j["recommendations"] = nlohmann::json::array();
  for (const auto& line : r.recommendations) j["recommendations"].push_back(json_of(line));
  j["next_after"] = r.next_after ? nlohmann::json(*r.next_after) : nlohmann::json();
  j["footer"] = std::string(report_footer(ReportKind::status));
  return j;
}

void JsonListsStream::begin(const nlohmann::json& report, const std::vector<std::string>& lists) {
  const std::string whole = report.dump(2);
  std::size_t from = 0;
  for (const auto& name : lists) {
    // The empty array among the top-level keys (a string value holds no line end).
    const std::string empty = "\n  \"" + name + "\": []";
    const auto at = whole.find(empty, from);
    const auto bracket = at + empty.size() - 1;  // its ']'
    m_pieces.push_back(whole.substr(from, bracket - from));
    from = bracket;
  }
  m_pieces.push_back(whole.substr(from));
  m_out << m_pieces.front();
}

void JsonListsStream::close_until(std::size_t list) {
  while (m_list < list) {
    m_out << (m_empty ? "" : "\n  ") << m_pieces[++m_list];
    m_empty = true;
  }
}

void JsonListsStream::element(std::size_t list, const nlohmann::json& value) {
  close_until(list);
  // As dump(2) prints an element of a top-level list: on its own lines,
  // indented by four.
  const std::string text = value.dump(2);
  std::string indented = m_empty ? "\n    " : ",\n    ";
  for (char c : text) {
    indented += c;
    if (c == '\n') indented += "    ";
  }
  m_out << indented;
  m_empty = false;
}

void JsonListsStream::end() {
  close_until(m_pieces.size() - 1);
  m_out << "\n";
}

nlohmann::json json_of(const OverdueResponse& x) {
  return {{"ref", x.ref},
          {"evaluation", x.evaluation},
          {"number", x.number},
          {"unit", x.unit},
          {"due", x.due.iso()},
          {"original_due", x.original_due.iso()},
          {"days_overdue", x.days_overdue},
          {"ageing", std::string(to_string(x.ageing))}};
}

nlohmann::json json_of(const OverdueAction& x) {
  return {{"ref", x.ref},
          {"id", x.id},
          {"description", x.description},
          {"unit", x.unit},
          {"responding_unit", x.responding_unit},
          {"due", x.due.iso()},
          {"original_due", x.original_due.iso()},
          {"days_overdue", x.days_overdue},
          {"ageing", std::string(to_string(x.ageing))}};
}

nlohmann::json json_of(const OverdueReport& r) {
  nlohmann::json j = header(ReportKind::overdue, r.as_of, r.head);
  j["responses"] = nlohmann::json::array();
  for (const auto& x : r.responses) j["responses"].push_back(json_of(x));
  j["actions"] = nlohmann::json::array();
  for (const auto& x : r.actions) j["actions"].push_back(json_of(x));
  j["ageing"] = {{"responses", ageing_json(r.response_ageing)}, {"actions", ageing_json(r.action_ageing)}};
  // Of all the overdue items, whatever the limit.
  j["by_unit"] = units_overdue_json(r.by_unit);
  // The lists hold at most this many each, the most overdue (null: all).
  j["limit"] = r.limit > 0 ? nlohmann::json(r.limit) : nlohmann::json();
  j["footer"] = std::string(report_footer(ReportKind::overdue));
  return j;
}

nlohmann::json json_of(const RatesReport& r) {
  nlohmann::json j = header(ReportKind::rates, r.as_of, r.head);
  j["total"] = rates_json(nlohmann::json::object(), r.total);
  j["by_year"] = nlohmann::json::array();
  for (const auto& row : r.by_year)
    j["by_year"].push_back(rates_json({{"year", std::stoi(row.key)}}, row.rates));
  j["by_unit"] = nlohmann::json::array();
  for (const auto& row : r.by_unit) j["by_unit"].push_back(rates_json({{"unit", row.key}}, row.rates));
  j["footer"] = std::string(report_footer(ReportKind::rates));
  return j;
}

nlohmann::json json_of(const UnitReport& r) {
  nlohmann::json j = header(ReportKind::unit, r.as_of, r.head);
  j["unit"] = r.unit;
  j["responses_due"] = r.responses_due;
  j["actions_due"] = r.actions_due;
  j["overdue"] = r.overdue;
  j["items"] = nlohmann::json::array();
  for (const auto& x : r.items)
    j["items"].push_back(
        {{"kind", std::string(to_string(x.kind))},
         {"due", x.due.iso()},
         {"original_due", x.original_due.iso()},
         {"ref", x.ref},
         {"text", x.text},
         {"action_id", x.kind == OwedKind::action ? nlohmann::json(x.action_id) : nlohmann::json()},
         {"office_rating", optional_word(x.office_rating)},
         {"overdue", x.overdue},
         {"days_overdue", x.days_overdue},
         {"ageing", bucket_or_null(x.ageing)}});
  j["footer"] = std::string(report_footer(ReportKind::unit));
  return j;
}

nlohmann::json json_of(const AnnualReport& r) {
  nlohmann::json j = header(ReportKind::annual, r.as_of, r.head);
  j["first_year"] = r.first_year;
  j["last_year"] = r.last_year;
  j["evaluations"] = nlohmann::json::array();
  for (const auto& e : r.evaluations)
    j["evaluations"].push_back(
        counts_json({{"evaluation", e.code}, {"title", e.title}, {"issued", e.issued.iso()}}, e.counts));
  // The rates report of the same date, whole: `report rates --json`'s
  // numbers (its kind, date and head are the annual report's).
  nlohmann::json rates = json_of(r.rates);
  j["rates"] = {{"total", rates["total"]}, {"by_year", rates["by_year"]}, {"by_unit", rates["by_unit"]}};
  j["responses_by_year"] = nlohmann::json::array();
  for (const auto& y : r.responses_by_year)
    j["responses_by_year"].push_back({{"year", std::stoi(y.year)},
                                      {"on_time", y.on_time},
                                      {"within_extension", y.within_extension},
                                      {"late", y.late},
                                      {"overdue", y.overdue},
                                      {"awaiting", y.awaiting}});
  j["long_outstanding"] = nlohmann::json::array();
  for (const auto& line : r.long_outstanding) j["long_outstanding"].push_back(json_of(line));
  j["long_outstanding_total"] = r.long_outstanding_total;
  j["priority"] = nlohmann::json::array();
  for (const auto& line : r.priority) j["priority"].push_back(json_of(line));
  j["priority_total"] = r.priority_total;
  j["overdue_by_unit"] = units_overdue_json(r.overdue_by_unit);
  j["footer"] = std::string(report_footer(ReportKind::annual));
  return j;
}

}  // namespace followup::app
