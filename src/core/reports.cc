#include "core/reports.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <tuple>

#include "core/names.h"

namespace followup {

namespace {

// The footers are quoted word for word in docs/reports.md; change both.
constexpr std::string_view k_status_footer =
    "Counts recommendations issued on or before the as-of date; facts dated after it are ignored. \"Due "
    "by D\" means the end of day D. The memo's due date is kept; an extension, granted on its own date, "
    "sets a unit's due date in force from that day. Open: issued and not closed. Awaiting response: "
    "open, some responsible unit has not responded and its due date in force has not passed. Responded "
    "on time: every responsible unit responded on or before the memo's due date. Responded within an "
    "extension: every responsible unit responded by the due date in force on the day it responded, at "
    "least one after the memo's date. Responded late: every responsible unit responded, at least one "
    "after the due date in force on the day it responded. Overdue: some responsible unit has not "
    "responded and its due date in force has passed; a closed recommendation is never overdue. In "
    "progress: a unit's latest progress report claims in progress, or the units' claims differ. "
    "Claimed: every unit that reported claims implemented, not implemented or no longer applicable, "
    "awaiting the evaluation office's validation. Validated: the office's latest validation, with any "
    "rating, is not older than any progress report. Implemented: closed as implemented, or open with "
    "the office's latest validation rating it implemented; a unit's claim alone does not count. Closed: "
    "closed with any outcome. Closed without response: closed while a responsible unit never responded. "
    "Entered late: some fact of it was recorded more than the backdating window "
    "(FOLLOWUP_UNIT_BACKDATE_DAYS, default 7 days) after its date. Per unit, each recommendation the "
    "unit is responsible for is counted from the unit's own side (its response, its claim); open, "
    "validated, implemented, closed, closed without response and entered late are the recommendation's.";

constexpr std::string_view k_overdue_footer =
    "Lists, as of the date, every responsible unit that has not responded to an issued, open "
    "recommendation whose follow-up due date in force has passed, and every key action not done, "
    "cancelled or no longer applicable whose due date in force has passed, on an issued, open "
    "recommendation. The due date in force is the last extension granted on or before the as-of date "
    "(for a response) or the last revised date (for an action), else the original, which is shown "
    "beside it. \"Due by D\" means the end of day D: overdue from D+1, and days overdue = as-of date - "
    "D. Ageing buckets of days overdue: 1-30, 31-90, 91-180, 181-365, over 365. Facts dated after the "
    "as-of date are ignored.";

constexpr std::string_view k_annual_footer =
    "The evaluations issued in the years covered, each with its recommendations' counts as in the status "
    "report. The rates are the rates report's, of the same date, by year of issue and by unit. "
    "Responses by year: issued recommendations by their response status (on time, within an extension, "
    "late, overdue, or awaiting a response not yet due). Outstanding more than two years: recommendations "
    "open on the as-of date and issued more than 730 days before it, longest open first. Priority: "
    "recommendations of high priority open on the as-of date or issued in the years covered. Overdue by "
    "unit: each unit's overdue responses by days overdue (1-30, 31-90, 91-180, 181-365, over 365) and its "
    "overdue key actions, as in the overdue report. Only recommendations issued by the as-of date and "
    "facts dated on or before it count.";

constexpr std::string_view k_rates_footer =
    "Acceptance rate: unit responses accepted or partially accepted / all unit responses (a joint "
    "recommendation has one response per responsible unit). Acceptance rate by recommendation, as the "
    "Joint Inspection Unit counts it: recommendations every responsible unit accepted or partially "
    "accepted / recommendations every responsible unit responded to. Implementation rate: accepted "
    "recommendations that are implemented (closed as implemented, or rated implemented by the office's "
    "latest validation) / accepted recommendations (every responsible unit responded, each accepting or "
    "partially accepting); per unit, the recommendations whose response by that unit accepts or "
    "partially accepts. On-time response rate: unit responses made on or before the memo's due date / "
    "unit responses due (made, or overdue without response). Within-extension rate: unit responses made "
    "after the memo's due date but by the due date in force on the day of the response / the same unit "
    "responses due. Action completion rate: key actions done / key actions not cancelled nor no longer "
    "applicable, per unit counted for the action's owner. Grouped by the year the evaluation was issued "
    "and by responsible unit (the acceptance rate by recommendation in total and by year only). Only "
    "recommendations issued by the as-of date and facts dated on or before it count. A rate with a zero "
    "denominator is null.";

constexpr std::string_view k_unit_footer =
    "What the unit owes as of the date: a management response to every issued, open recommendation it "
    "is responsible for and has not answered, due by its follow-up due date in force (the memo's, or an "
    "extension granted on or before the as-of date); and every key action it owns that is not done, "
    "cancelled or no longer applicable, on an open recommendation, due by the action's due date in "
    "force (as proposed, or as last revised). The original date is shown beside the date in force. "
    "\"Due by D\" means the end of day D: an item is overdue from D+1, and days overdue = as-of date - "
    "D. Ageing buckets: 1-30, 31-90, 91-180, 181-365, over 365 days.";

std::size_t bucket_index(AgeingBucket b) { return static_cast<std::size_t>(b); }

// The issued (as of) records in report order: evaluation code, then number.
std::vector<const RecommendationRecord*> issued_records(const std::vector<RecommendationRecord>& records,
                                                        Date as_of) {
  std::vector<const RecommendationRecord*> out;
  for (const auto& r : records)
    if (r.issued && *r.issued <= as_of) out.push_back(&r);
  std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
    return std::tie(a->evaluation, a->rec.number) < std::tie(b->evaluation, b->rec.number);
  });
  return out;
}

// What recommendation and unit counts share.
void count_common(StatusCounts& c, const FollowUpFacts& f) {
  const bool closed = is_closed(f.state);
  ++c.recommendations;
  if (!closed) ++c.open;
  if (f.state == State::validated) ++c.validated;
  if (f.implemented) ++c.implemented;
  if (closed) ++c.closed;
  if (closed && !f.unresponsive.empty()) ++c.closed_without_response;
  if (f.entered_late) ++c.entered_late;
}

void count_recommendation(StatusCounts& c, const FollowUpFacts& f) {
  count_common(c, f);
  const bool closed = is_closed(f.state);
  if (!closed && f.response == ResponseStatus::awaiting) ++c.awaiting_response;
  if (f.response == ResponseStatus::on_time) ++c.responded_on_time;
  if (f.response == ResponseStatus::within_extension) ++c.responded_within_extension;
  if (f.response == ResponseStatus::late) ++c.responded_late;
  if (f.response == ResponseStatus::overdue) ++c.overdue;
  if (f.state == State::in_progress) ++c.in_progress;
  if (f.state == State::claimed) ++c.claimed;
}

bool is_final_claim(UnitState s) {
  return s == UnitState::claimed_implemented || s == UnitState::claimed_not_implemented ||
         s == UnitState::claimed_no_longer_applicable;
}

void count_unit(StatusCounts& c, const FollowUpFacts& f, const UnitFollowUp& u) {
  count_common(c, f);
  const bool closed = is_closed(f.state);
  if (!closed && u.state == UnitState::awaiting_response) ++c.awaiting_response;
  if (u.on_time == true) ++c.responded_on_time;
  if (u.within_extension) ++c.responded_within_extension;
  if (u.on_time == false && !u.within_extension) ++c.responded_late;
  if (u.overdue) ++c.overdue;
  if (!closed && u.state == UnitState::in_progress) ++c.in_progress;
  if (!closed && f.state != State::validated && is_final_claim(u.state)) ++c.claimed;
}

template <typename Row, typename Value>
std::vector<Row> rows_of(const std::map<std::string, Value>& m) {
  std::vector<Row> out;
  out.reserve(m.size());
  for (const auto& [key, value] : m) out.push_back(Row{key, value});
  return out;
}

bool accepts(Decision d) { return d == Decision::accepted || d == Decision::partially_accepted; }

}  // namespace

std::string_view to_string(ReportKind k) {
  switch (k) {
    case ReportKind::status:
      return "status";
    case ReportKind::overdue:
      return "overdue";
    case ReportKind::rates:
      return "rates";
    case ReportKind::unit:
      return "unit";
    case ReportKind::annual:
      return "annual";
  }
  return "?";
}

std::optional<ReportKind> parse_report_kind(std::string_view s) {
  for (ReportKind k :
       {ReportKind::status, ReportKind::overdue, ReportKind::rates, ReportKind::unit, ReportKind::annual})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

std::string_view report_footer(ReportKind k) {
  switch (k) {
    case ReportKind::status:
      return k_status_footer;
    case ReportKind::overdue:
      return k_overdue_footer;
    case ReportKind::rates:
      return k_rates_footer;
    case ReportKind::unit:
      return k_unit_footer;
    case ReportKind::annual:
      return k_annual_footer;
  }
  return {};
}

std::string HistoryHead::str() const { return std::to_string(entries) + ":" + hash; }

std::string_view to_string(OwedKind k) { return k == OwedKind::response ? "response" : "action"; }

std::optional<double> Rate::value() const {
  if (denominator == 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

StatusLine status_line(const RecommendationRecord& r, Date as_of) {
  const RecommendationRecord v = view_as_of(r, as_of);
  StatusLine line;
  line.evaluation = r.evaluation;
  line.number = r.rec.number;
  line.text = v.rec.text;
  line.priority = v.rec.priority;
  line.due = r.rec.due;
  line.issued = r.issued;
  line.facts = follow_up_facts(r, as_of);
  return line;
}

StatusReport status_report(const std::vector<RecommendationRecord>& records, Date as_of) {
  StatusReport report;
  report.as_of = as_of;
  std::map<std::string, StatusCounts> by_evaluation;
  std::map<std::string, StatusCounts> by_unit;
  for (const auto* r : issued_records(records, as_of)) {
    StatusLine line = status_line(*r, as_of);
    count_recommendation(report.total, line.facts);
    count_recommendation(by_evaluation[r->evaluation], line.facts);
    for (const auto& u : line.facts.units) count_unit(by_unit[u.unit], line.facts, u);
    report.recommendations.push_back(std::move(line));
  }
  report.by_evaluation = rows_of<StatusGroup>(by_evaluation);
  report.by_unit = rows_of<StatusGroup>(by_unit);
  return report;
}

StatusShares status_shares(const RecommendationRecord& r) {
  StatusShares out;
  out.last_fact = last_fact_date(r);
  // A draft without follow-up has no fact: any date shows it the same.
  const Date at = out.last_fact.value_or(r.rec.due);
  const FollowUpFacts f = follow_up_facts(r, at);
  const bool closed = is_closed(f.state);
  for (const auto& u : f.units) {
    std::optional<Date> unanswered;
    if (!closed && !u.responded_on) unanswered = u.extended_due.value_or(u.due);
    out.unit_unanswered_due.push_back(unanswered);
    if (unanswered && (!out.unanswered_due || *unanswered < *out.unanswered_due))
      out.unanswered_due = unanswered;
  }
  out.counted = r.issued.has_value();
  if (!out.counted) return out;
  out.actions_due = open_actions_due(r, at);
  count_recommendation(out.recommendation.fixed, f);
  out.recommendation.pending_due = out.unanswered_due;
  for (std::size_t i = 0; i < f.units.size(); ++i) {
    StatusShare share;
    count_unit(share.fixed, f, f.units[i]);
    share.pending_due = out.unit_unanswered_due[i];
    out.units.emplace_back(f.units[i].unit, share);
  }
  for (StatusShare* s : {&out.recommendation}) s->fixed.awaiting_response = s->fixed.overdue = 0;
  for (auto& [unit, s] : out.units) s.fixed.awaiting_response = s.fixed.overdue = 0;
  return out;
}

namespace {

void add_counts(StatusCounts& c, const StatusCounts& f) {
  c.recommendations += f.recommendations;
  c.open += f.open;
  c.awaiting_response += f.awaiting_response;
  c.responded_on_time += f.responded_on_time;
  c.responded_within_extension += f.responded_within_extension;
  c.responded_late += f.responded_late;
  c.overdue += f.overdue;
  c.in_progress += f.in_progress;
  c.claimed += f.claimed;
  c.validated += f.validated;
  c.implemented += f.implemented;
  c.closed += f.closed;
  c.closed_without_response += f.closed_without_response;
  c.entered_late += f.entered_late;
}

// Groups by key (ascending) with a page's groups added in, `add(a, b)`
// adding b's counts to a's when both have a key. Pages come in reference
// order, so a page's evaluations mostly follow the last one already there:
// only the groups from the page's first key on are merged.
template <typename Group, typename Key, typename Add>
void merge_groups(std::vector<Group>& into, std::vector<Group>&& page, Key key, Add add) {
  if (page.empty()) return;
  const auto from = std::lower_bound(into.begin(), into.end(), key(page.front()),
                                     [&](const Group& g, const std::string& k) { return key(g) < k; });
  std::vector<Group> tail(std::make_move_iterator(from), std::make_move_iterator(into.end()));
  into.erase(from, into.end());
  auto a = tail.begin();
  auto b = page.begin();
  while (a != tail.end() || b != page.end()) {
    if (b == page.end() || (a != tail.end() && key(*a) < key(*b))) {
      into.push_back(std::move(*a++));
    } else if (a == tail.end() || key(*b) < key(*a)) {
      into.push_back(std::move(*b++));
    } else {
      add(*a, *b);
      into.push_back(std::move(*a++));
      ++b;
    }
  }
}

void add_groups(std::vector<StatusGroup>& into, std::vector<StatusGroup>&& page) {
  merge_groups(
      into, std::move(page), [](const StatusGroup& g) -> const std::string& { return g.key; },
      [](StatusGroup& a, const StatusGroup& b) { add_counts(a.counts, b.counts); });
}

// One unit's overdue counts with another's added.
void add_unit_overdue(UnitOverdue& into, const UnitOverdue& u) {
  for (std::size_t i = 0; i < into.responses.size(); ++i) into.responses[i] += u.responses[i];
  into.actions += u.actions;
}

}  // namespace

void add_page(StatusReport& into, StatusReport&& page) {
  add_counts(into.total, page.total);
  add_groups(into.by_evaluation, std::move(page.by_evaluation));
  add_groups(into.by_unit, std::move(page.by_unit));
  std::move(page.recommendations.begin(), page.recommendations.end(),
            std::back_inserter(into.recommendations));
}

void add_share(StatusCounts& c, const StatusShare& s, Date as_of) {
  // The fixed counts hold no awaiting or overdue (status_shares).
  add_counts(c, s.fixed);
  if (s.pending_due) {
    if (is_overdue(*s.pending_due, as_of))
      ++c.overdue;
    else
      ++c.awaiting_response;
  }
}

OverdueReport overdue_report(const std::vector<RecommendationRecord>& records, Date as_of) {
  OverdueReport report;
  report.as_of = as_of;
  std::map<std::string, UnitOverdue> by_unit;
  for (const auto* r : issued_records(records, as_of)) {
    const FollowUpFacts f = follow_up_facts(*r, as_of);
    for (const auto& u : f.units) {
      if (!u.overdue) continue;
      const AgeingBucket bucket = *ageing_bucket(u.days_overdue);
      report.responses.push_back(OverdueResponse{f.ref, r->evaluation, r->rec.number, u.unit,
                                                 u.extended_due.value_or(u.due), u.due, u.days_overdue,
                                                 bucket});
      ++report.response_ageing[bucket_index(bucket)];
      ++by_unit[u.unit].responses[bucket_index(bucket)];
    }
    for (const auto& a : action_facts(*r, as_of)) {
      if (!a.overdue) continue;
      report.actions.push_back(OverdueAction{f.ref, a.action.id, a.action.description, a.action.unit,
                                             a.responding_unit, a.due, a.action.due, a.days_overdue,
                                             *a.ageing});
      ++report.action_ageing[bucket_index(*a.ageing)];
      ++by_unit[a.action.unit].actions;
    }
  }
  report.by_unit = unit_overdue_rows(std::move(by_unit));
  order(report);
  return report;
}

std::vector<UnitOverdue> unit_overdue_rows(std::map<std::string, UnitOverdue>&& units) {
  std::vector<UnitOverdue> out;
  out.reserve(units.size());
  for (auto& [unit, counts] : units) {
    counts.unit = unit;
    out.push_back(std::move(counts));
  }
  return out;
}

void order(OverdueReport& report) {
  // Most overdue first; the stable sort keeps reference order among equals.
  std::stable_sort(report.responses.begin(), report.responses.end(),
                   [](const auto& a, const auto& b) { return a.days_overdue > b.days_overdue; });
  std::stable_sort(report.actions.begin(), report.actions.end(),
                   [](const auto& a, const auto& b) { return a.days_overdue > b.days_overdue; });
}

void keep_most_overdue(OverdueReport& report, int limit) {
  report.limit = limit;
  if (limit <= 0) return;  // all: ordered once, at the end
  order(report);
  const auto keep = static_cast<std::size_t>(limit);
  if (report.responses.size() > keep) report.responses.resize(keep);
  if (report.actions.size() > keep) report.actions.resize(keep);
}

void add_page(OverdueReport& into, OverdueReport&& page) {
  std::move(page.responses.begin(), page.responses.end(), std::back_inserter(into.responses));
  std::move(page.actions.begin(), page.actions.end(), std::back_inserter(into.actions));
  for (std::size_t i = 0; i < into.response_ageing.size(); ++i) {
    into.response_ageing[i] += page.response_ageing[i];
    into.action_ageing[i] += page.action_ageing[i];
  }
  merge_groups(
      into.by_unit, std::move(page.by_unit),
      [](const UnitOverdue& u) -> const std::string& { return u.unit; }, add_unit_overdue);
}

namespace {

// Rows by key (ascending) with a page's rows added in.
void add_rows(std::vector<RatesRow>& into, const std::vector<RatesRow>& page) {
  std::map<std::string, Rates> merged;
  for (const auto& row : into) merged[row.key] = row.rates;
  for (const auto& row : page) add_rates(merged[row.key], row.rates);
  into = rows_of<RatesRow>(merged);
}

}  // namespace

void add_page(RatesReport& into, const RatesReport& page) {
  add_rates(into.total, page.total);
  add_rows(into.by_year, page.by_year);
  add_rows(into.by_unit, page.by_unit);
}

void add_page(UnitReport& into, UnitReport&& page) {
  std::move(page.items.begin(), page.items.end(), std::back_inserter(into.items));
  into.responses_due += page.responses_due;
  into.actions_due += page.actions_due;
  into.overdue += page.overdue;
}

namespace {

// What one issued recommendation adds to the rates on `as_of`: to its year
// of issue (and the total, which adds up the years) and to each unit it
// counts for, every unit touched having a row even when it adds nothing
// (as the report shows every unit and year that has a recommendation).
// With `count_overdue` false, the unit responses overdue on that date are
// left out of the on-time denominators (what a store keeps, rates_shares).
RecommendationRates recommendation_rates(const RecommendationRecord& r, Date as_of, bool count_overdue) {
  RecommendationRates out;
  const FollowUpFacts f = follow_up_facts(r, as_of);
  out.year = std::to_string(r.issued->year());
  std::map<std::string, Rates> by_unit;
  Rates& year = out.year_rates;
  const bool all_responded =
      !f.units.empty() && std::all_of(f.units.begin(), f.units.end(),
                                      [](const UnitFollowUp& u) { return u.responded_on.has_value(); });
  if (f.accepted) {
    ++year.implementation.denominator;
    if (f.implemented) ++year.implementation.numerator;
  }
  if (all_responded) {
    ++year.acceptance_by_recommendation.denominator;
    if (f.accepted) ++year.acceptance_by_recommendation.numerator;
  }
  for (const auto& a : action_facts(r, as_of)) {
    if (a.status == ActionStatus::cancelled || a.status == ActionStatus::no_longer_applicable) continue;
    for (Rates* rates : {&year, &by_unit[a.action.unit]}) {
      ++rates->action_completion.denominator;
      if (a.status == ActionStatus::done) ++rates->action_completion.numerator;
    }
  }
  for (const auto& u : f.units) {
    Rates& unit = by_unit[u.unit];
    for (Rates* rates : {&year, &unit}) {
      if (u.decision) {
        ++rates->acceptance.denominator;
        if (accepts(*u.decision)) ++rates->acceptance.numerator;
      }
      if (u.responded_on || (count_overdue && u.overdue)) {
        ++rates->on_time.denominator;
        ++rates->within_extension.denominator;
        if (u.on_time == true) ++rates->on_time.numerator;
        if (u.within_extension) ++rates->within_extension.numerator;
      }
    }
    if (u.decision && accepts(*u.decision)) {
      ++unit.implementation.denominator;
      if (f.implemented) ++unit.implementation.numerator;
    }
  }
  out.units = rows_of<RatesRow>(by_unit);
  return out;
}

}  // namespace

RatesReport rates_report(const std::vector<RecommendationRecord>& records, Date as_of) {
  RatesReport report;
  report.as_of = as_of;
  std::map<std::string, Rates> by_year;
  std::map<std::string, Rates> by_unit;
  for (const auto* r : issued_records(records, as_of)) {
    const RecommendationRates share = recommendation_rates(*r, as_of, true);
    add_rates(report.total, share.year_rates);
    add_rates(by_year[share.year], share.year_rates);
    for (const auto& row : share.units) add_rates(by_unit[row.key], row.rates);
  }
  report.by_year = rows_of<RatesRow>(by_year);
  report.by_unit = rows_of<RatesRow>(by_unit);
  return report;
}

std::optional<RecommendationRates> rates_shares(const RecommendationRecord& r) {
  if (!r.issued) return std::nullopt;
  // As status_shares: a recommendation without a fact shows the same on every date.
  return recommendation_rates(r, last_fact_date(r).value_or(r.rec.due), false);
}

void add_overdue_responses(Rates& rates, int overdue) {
  rates.on_time.denominator += overdue;
  rates.within_extension.denominator += overdue;
}

void add_rates(Rates& into, const Rates& r, int sign) {
  for (auto [a, b] :
       {std::pair{&into.acceptance, &r.acceptance},
        std::pair{&into.acceptance_by_recommendation, &r.acceptance_by_recommendation},
        std::pair{&into.implementation, &r.implementation}, std::pair{&into.on_time, &r.on_time},
        std::pair{&into.within_extension, &r.within_extension},
        std::pair{&into.action_completion, &r.action_completion}}) {
    a->numerator += sign * b->numerator;
    a->denominator += sign * b->denominator;
  }
}

UnitReport unit_report(const std::vector<RecommendationRecord>& records, std::string_view unit, Date as_of) {
  UnitReport report;
  report.unit = std::string(unit);
  report.as_of = as_of;
  for (const auto* r : issued_records(records, as_of)) {
    const FollowUpFacts f = follow_up_facts(*r, as_of);
    if (is_closed(f.state)) continue;
    const RecommendationRecord v = view_as_of(*r, as_of);
    for (const auto& u : f.units) {
      if (u.unit != unit || u.responded_on) continue;
      OwedItem item;
      item.kind = OwedKind::response;
      item.due = u.extended_due.value_or(u.due);
      item.original_due = u.due;
      item.ref = f.ref;
      item.text = v.rec.text;
      item.office_rating = f.office_rating;
      item.overdue = u.overdue;
      item.days_overdue = u.days_overdue;
      item.ageing = ageing_bucket(u.days_overdue);
      report.items.push_back(std::move(item));
      ++report.responses_due;
    }
    for (const auto& a : action_facts(*r, as_of)) {
      if (a.action.unit != unit || action_settled(a.action)) continue;
      OwedItem item;
      item.kind = OwedKind::action;
      item.due = a.due;
      item.original_due = a.action.due;
      item.ref = f.ref;
      item.text = a.action.description;
      item.office_rating = f.office_rating;
      item.action_id = a.action.id;
      item.overdue = a.overdue;
      item.days_overdue = a.days_overdue;
      item.ageing = a.ageing;
      report.items.push_back(std::move(item));
      ++report.actions_due;
    }
  }
  for (const auto& item : report.items)
    if (item.overdue) ++report.overdue;
  order(report);
  return report;
}

void order(UnitReport& report) {
  // Items arrive in reference order; sort by date, keeping it among equals.
  std::stable_sort(report.items.begin(), report.items.end(), [](const OwedItem& a, const OwedItem& b) {
    return std::tie(a.due, a.kind) < std::tie(b.due, b.kind);
  });
}

bool is_long_outstanding(const StatusLine& line, Date as_of) {
  return line.issued && !is_closed(line.facts.state) &&
         as_of.days_since(*line.issued) > k_long_outstanding_days;
}

bool is_annual_priority(const StatusLine& line, int first_year, int last_year) {
  if (line.priority != Priority::high) return false;
  const bool in_years = line.issued && line.issued->year() >= first_year && line.issued->year() <= last_year;
  return in_years || !is_closed(line.facts.state);
}

}  // namespace followup
