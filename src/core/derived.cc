#include "core/derived.h"

#include <algorithm>

#include "core/names.h"
#include "core/reference.h"

namespace followup {

namespace {

template <typename T, typename Pred>
void erase_if_dated(std::vector<T>& v, Pred after) {
  v.erase(std::remove_if(v.begin(), v.end(), after), v.end());
}

const ProgressReport* latest_report(const FollowUp& f, std::string_view unit) {
  const ProgressReport* latest = nullptr;
  for (const auto& r : f.reports)
    if (r.unit == unit) latest = &r;
  return latest;
}

bool is_accepting(Decision d) { return d == Decision::accepted || d == Decision::partially_accepted; }

}  // namespace

RecommendationRecord view_as_of(const RecommendationRecord& rec, Date as_of) {
  RecommendationRecord v = rec;
  if (v.issued && *v.issued > as_of) v.issued.reset();
  FollowUp& f = v.follow_up;
  erase_if_dated(f.responses, [&](const ManagementResponse& r) { return r.responded > as_of; });
  for (auto& r : f.responses) {
    erase_if_dated(r.actions, [&](const KeyAction& a) { return a.added > as_of; });
    for (auto& a : r.actions) erase_if_dated(a.events, [&](const ActionEvent& e) { return e.on > as_of; });
  }
  erase_if_dated(f.reports, [&](const ProgressReport& r) { return r.reported > as_of; });
  erase_if_dated(f.validations, [&](const Validation& x) { return x.validated > as_of; });
  erase_if_dated(f.closings, [&](const ClosingEvent& c) { return c.on > as_of; });
  erase_if_dated(f.extensions, [&](const Extension& e) { return e.granted > as_of; });
  erase_if_dated(f.revisions, [&](const Revision& r) { return r.on > as_of; });
  if (!f.revisions.empty()) {
    const Revision& latest = f.revisions.back();
    v.rec.text = latest.text;
    v.rec.units = latest.units;
    v.rec.responsible = latest.responsible;
    v.rec.priority = latest.priority;
    f.revisions.clear();
  }
  return v;
}

const ClosingEvent* current_closure(const FollowUp& f) {
  if (f.closings.empty() || f.closings.back().reopening) return nullptr;
  return &f.closings.back();
}

ActionStatus action_status(const KeyAction& a) {
  for (auto it = a.events.rbegin(); it != a.events.rend(); ++it)
    if (it->status) return *it->status;
  return ActionStatus::not_started;
}

Date action_due(const KeyAction& a) {
  for (auto it = a.events.rbegin(); it != a.events.rend(); ++it)
    if (it->due) return *it->due;
  return a.due;
}

std::optional<Date> action_done(const KeyAction& a) {
  for (auto it = a.events.rbegin(); it != a.events.rend(); ++it)
    if (it->status) return *it->status == ActionStatus::done ? std::optional<Date>(it->on) : std::nullopt;
  return std::nullopt;
}

bool action_settled(const KeyAction& a) {
  const ActionStatus s = action_status(a);
  return s == ActionStatus::done || s == ActionStatus::cancelled || s == ActionStatus::no_longer_applicable;
}

std::optional<Date> last_fact_date(const RecommendationRecord& rec) {
  std::optional<Date> last = rec.issued;
  auto see = [&](Date d) {
    if (!last || d > *last) last = d;
  };
  const FollowUp& f = rec.follow_up;
  for (const auto& r : f.responses) {
    see(r.responded);
    for (const auto& a : r.actions) {
      see(a.added);
      for (const auto& e : a.events) see(e.on);
    }
  }
  for (const auto& r : f.reports) see(r.reported);
  for (const auto& v : f.validations) see(v.validated);
  for (const auto& c : f.closings) see(c.on);
  for (const auto& e : f.extensions) see(e.granted);
  for (const auto& r : f.revisions) see(r.on);
  return last;
}

Date due_in_force(const RecommendationRecord& rec, std::string_view unit, Date on) {
  Date due = rec.rec.due;
  for (const auto& e : rec.follow_up.extensions)
    if (e.granted <= on && (e.unit.empty() || e.unit == unit)) due = e.due;
  return due;
}

bool any_entered_late(const RecommendationRecord& rec) {
  const FollowUp& f = rec.follow_up;
  auto late = [](const auto& v) {
    return std::any_of(v.begin(), v.end(), [](const auto& x) { return x.recorded.late; });
  };
  for (const auto& r : f.responses) {
    if (r.recorded.late || late(r.actions)) return true;
    for (const auto& a : r.actions)
      if (late(a.events)) return true;
  }
  return late(f.reports) || late(f.validations) || late(f.closings) || late(f.extensions) ||
         late(f.revisions);
}

bool is_overdue(Date due, Date as_of) { return as_of > due; }

int days_overdue(Date due, Date as_of) { return is_overdue(due, as_of) ? as_of.days_since(due) : 0; }

std::string_view to_string(AgeingBucket b) {
  switch (b) {
    case AgeingBucket::days_1_30:
      return "1-30";
    case AgeingBucket::days_31_90:
      return "31-90";
    case AgeingBucket::days_91_180:
      return "91-180";
    case AgeingBucket::days_181_365:
      return "181-365";
    case AgeingBucket::over_365:
      return "over 365";
  }
  return "?";
}

const std::vector<AgeingBucket>& all_ageing_buckets() {
  static const std::vector<AgeingBucket> k_all{AgeingBucket::days_1_30, AgeingBucket::days_31_90,
                                               AgeingBucket::days_91_180, AgeingBucket::days_181_365,
                                               AgeingBucket::over_365};
  return k_all;
}

std::optional<AgeingBucket> ageing_bucket(int days) {
  if (days <= 0) return std::nullopt;
  if (days <= 30) return AgeingBucket::days_1_30;
  if (days <= 90) return AgeingBucket::days_31_90;
  if (days <= 180) return AgeingBucket::days_91_180;
  if (days <= 365) return AgeingBucket::days_181_365;
  return AgeingBucket::over_365;
}

std::string_view to_string(UnitState s) {
  switch (s) {
    case UnitState::awaiting_response:
      return "awaiting_response";
    case UnitState::overdue:
      return "overdue";
    case UnitState::responded_on_time:
      return "responded_on_time";
    case UnitState::responded_within_extension:
      return "responded_within_extension";
    case UnitState::responded_late:
      return "responded_late";
    case UnitState::in_progress:
      return "in_progress";
    case UnitState::claimed_implemented:
      return "claimed_implemented";
    case UnitState::claimed_not_implemented:
      return "claimed_not_implemented";
    case UnitState::claimed_no_longer_applicable:
      return "claimed_no_longer_applicable";
  }
  return "?";
}

std::string_view to_string(ResponseStatus s) {
  switch (s) {
    case ResponseStatus::not_issued:
      return "not_issued";
    case ResponseStatus::awaiting:
      return "awaiting";
    case ResponseStatus::overdue:
      return "overdue";
    case ResponseStatus::on_time:
      return "on_time";
    case ResponseStatus::within_extension:
      return "within_extension";
    case ResponseStatus::late:
      return "late";
  }
  return "?";
}

FollowUpFacts follow_up_facts(const RecommendationRecord& rec, Date as_of) {
  const RecommendationRecord v = view_as_of(rec, as_of);
  FollowUpFacts out;
  out.ref = RecommendationRef{v.evaluation, v.rec.number}.str();
  out.state = state_of(v);
  const bool closed = is_closed(out.state);
  // Nothing runs before issue, and nothing is chased once closed.
  const bool clock_runs = v.issued.has_value() && !closed;

  bool all_responded = true;
  bool any_late = false;
  bool any_extension = false;
  bool all_accepting = true;
  for (const auto& unit : v.rec.units) {
    UnitFollowUp u;
    u.unit = unit;
    u.due = v.rec.due;
    const Date in_force = due_in_force(v, unit, as_of);
    if (in_force != v.rec.due) u.extended_due = in_force;
    const ManagementResponse* response = nullptr;
    for (const auto& r : v.follow_up.responses)
      if (r.unit == unit) {
        response = &r;
        break;
      }
    if (response == nullptr) {
      all_responded = false;
      u.overdue = clock_runs && is_overdue(in_force, as_of);
      u.days_overdue = u.overdue ? days_overdue(in_force, as_of) : 0;
      u.state = u.overdue ? UnitState::overdue : UnitState::awaiting_response;
    } else {
      // Judged against the date in force on the day of the answer.
      const Date then = due_in_force(v, unit, response->responded);
      u.responded_on = response->responded;
      u.decision = response->decision;
      u.on_time = response->responded <= v.rec.due;
      u.within_extension = !*u.on_time && response->responded <= then;
      const bool late = response->responded > then;
      u.days_late = late ? response->responded.days_since(then) : 0;
      any_late = any_late || late;
      any_extension = any_extension || u.within_extension;
      out.days_late = std::max(out.days_late, u.days_late);
      all_accepting = all_accepting && is_accepting(response->decision);
      u.state = *u.on_time           ? UnitState::responded_on_time
                : u.within_extension ? UnitState::responded_within_extension
                                     : UnitState::responded_late;
      if (const ProgressReport* latest = latest_report(v.follow_up, unit)) {
        u.claim = latest->status;
        u.claimed_on = latest->reported;
        switch (latest->status) {
          case ClaimedStatus::not_started:
            break;
          case ClaimedStatus::in_progress:
            u.state = UnitState::in_progress;
            break;
          case ClaimedStatus::implemented:
            u.state = UnitState::claimed_implemented;
            break;
          case ClaimedStatus::not_implemented:
            u.state = UnitState::claimed_not_implemented;
            break;
          case ClaimedStatus::no_longer_applicable:
            u.state = UnitState::claimed_no_longer_applicable;
            break;
        }
      }
    }
    out.overdue = out.overdue || u.overdue;
    out.days_overdue = std::max(out.days_overdue, u.days_overdue);
    out.units.push_back(std::move(u));
  }
  out.ageing = ageing_bucket(out.days_overdue);
  if (!v.issued)
    out.response = ResponseStatus::not_issued;
  else if (out.overdue)
    out.response = ResponseStatus::overdue;
  else if (!all_responded)
    out.response = ResponseStatus::awaiting;
  else if (any_late)
    out.response = ResponseStatus::late;
  else
    out.response = any_extension ? ResponseStatus::within_extension : ResponseStatus::on_time;

  out.accepted = all_responded && !v.rec.units.empty() && all_accepting;
  if (!v.follow_up.validations.empty()) {
    const Validation& latest = v.follow_up.validations.back();
    out.office_rating = parse_claimed_status(latest.rating);
    out.rated_on = latest.validated;
  }
  if (out.state == State::closed_implemented)
    out.implemented = true;
  else if (!closed)
    out.implemented = out.office_rating == ClaimedStatus::implemented;
  if (const ClosingEvent* c = current_closure(v.follow_up)) out.unresponsive = c->unresponsive;
  out.entered_late = any_entered_late(v);
  return out;
}

std::vector<ActionFacts> action_facts(const RecommendationRecord& rec, Date as_of) {
  const RecommendationRecord v = view_as_of(rec, as_of);
  const bool clock_runs = v.issued.has_value() && !is_closed(state_of(v));
  std::vector<ActionFacts> out;
  for (const auto& r : v.follow_up.responses)
    for (const auto& a : r.actions) {
      ActionFacts f;
      f.action = a;
      f.status = action_status(a);
      f.due = action_due(a);
      f.done = action_done(a);
      f.responding_unit = r.unit;
      f.overdue = clock_runs && !action_settled(a) && is_overdue(f.due, as_of);
      f.days_overdue = f.overdue ? days_overdue(f.due, as_of) : 0;
      f.ageing = ageing_bucket(f.days_overdue);
      out.push_back(std::move(f));
    }
  return out;
}

std::vector<OwedAction> owed_actions(const RecommendationRecord& rec, Date last_fact) {
  const RecommendationRecord v = view_as_of(rec, last_fact);
  if (!v.issued || is_closed(state_of(v))) return {};
  std::vector<OwedAction> out;
  int position = 0;
  for (auto& f : action_facts(rec, last_fact)) {
    if (!action_settled(f.action)) out.push_back(OwedAction{position, std::move(f)});
    ++position;
  }
  return out;
}

std::optional<Date> open_actions_due(const RecommendationRecord& rec, Date last_fact) {
  std::optional<Date> earliest;
  for (const auto& owed : owed_actions(rec, last_fact))
    if (!earliest || owed.facts.due < *earliest) earliest = owed.facts.due;
  return earliest;
}

}  // namespace followup
