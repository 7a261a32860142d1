#include "core/reminders.h"

#include <algorithm>

#include "core/derived.h"

namespace followup {

namespace {

// The notice a due date owes on `on` under the policy, if any (escalations
// are the caller's: they concern responses only).
std::optional<NoticeKind> notice_on(Date due, Date on, const ReminderPolicy& policy, int& days) {
  const int late = on.days_since(due);
  if (late < 0) {
    days = -late;
    if (std::find(policy.days_before.begin(), policy.days_before.end(), days) != policy.days_before.end())
      return NoticeKind::before;
    return std::nullopt;
  }
  days = late;
  if (late == 0) return policy.on_the_day ? std::optional(NoticeKind::due) : std::nullopt;
  if (policy.repeat_days > 0 && late % policy.repeat_days == 0) return NoticeKind::overdue;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(NoticeKind k) {
  switch (k) {
    case NoticeKind::before:
      return "before";
    case NoticeKind::due:
      return "due";
    case NoticeKind::overdue:
      return "overdue";
    case NoticeKind::escalation:
      return "escalation";
  }
  return "?";
}

std::vector<Notice> plan_notices(const RecommendationRecord& rec, const ReminderPolicy& policy, Date on) {
  std::vector<Notice> out;
  const RecommendationRecord seen = view_as_of(rec, on);
  if (!seen.issued || current_closure(seen.follow_up) != nullptr) return out;
  for (const auto& unit : seen.rec.units) {
    const bool responded = std::any_of(seen.follow_up.responses.begin(), seen.follow_up.responses.end(),
                                       [&](const ManagementResponse& r) { return r.unit == unit; });
    if (responded) continue;
    const Date due = due_in_force(seen, unit, on);
    int days = 0;
    if (auto kind = notice_on(due, on, policy, days))
      out.push_back(Notice{*kind, seen.evaluation, seen.rec.number, unit, 0, due, days});
    if (policy.escalate_days > 0 && on.days_since(due) == policy.escalate_days)
      out.push_back(Notice{NoticeKind::escalation, seen.evaluation, seen.rec.number, unit, 0, due,
                           policy.escalate_days});
  }
  for (const auto& facts : action_facts(seen, on)) {
    if (action_settled(facts.action)) continue;
    int days = 0;
    if (auto kind = notice_on(facts.due, on, policy, days))
      out.push_back(Notice{*kind, seen.evaluation, seen.rec.number, facts.action.unit, facts.action.id,
                           facts.due, days});
  }
  return out;
}

}  // namespace followup
