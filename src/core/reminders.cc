#include "core/reminders.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include "core/derived.h"
#include "core/workflow.h"

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
    case NoticeKind::progress:
      return "progress";
  }
  return "?";
}

namespace {

Date last_day_of_month(int year, int month) {
  if (month == 12) return *Date::from_ymd(year, 12, 31);
  return Date::from_ymd(year, month + 1, 1)->plus_days(-1);
}

bool accepting(Decision d) { return d == Decision::accepted || d == Decision::partially_accepted; }

bool settled_claim(ClaimedStatus s) {
  return s == ClaimedStatus::implemented || s == ClaimedStatus::not_implemented ||
         s == ClaimedStatus::no_longer_applicable;
}

}  // namespace

std::pair<Date, Date> progress_period(Date on, int months) {
  const int end_month = (on.month() + months - 1) / months * months;
  const int start_month = end_month - months;
  const Date before =
      start_month == 0 ? *Date::from_ymd(on.year() - 1, 12, 31) : last_day_of_month(on.year(), start_month);
  return {last_day_of_month(on.year(), end_month), before};
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
  if (policy.progress_months <= 0 || 12 % policy.progress_months != 0) return out;
  const auto [end, start] = progress_period(on, policy.progress_months);
  const int left = end.days_since(on);
  const bool asked = left == 0 ? policy.on_the_day
                               : std::find(policy.days_before.begin(), policy.days_before.end(), left) !=
                                     policy.days_before.end();
  if (!asked) return out;
  for (const auto& response : seen.follow_up.responses) {
    if (!accepting(response.decision) || response.responded > start) continue;
    const ProgressReport* latest = nullptr;
    bool reported_in_period = false;
    for (const auto& report : seen.follow_up.reports)
      if (report.unit == response.unit) {
        latest = &report;
        reported_in_period = reported_in_period || report.reported > start;
      }
    if (reported_in_period || (latest != nullptr && settled_claim(latest->status))) continue;
    out.push_back(
        Notice{NoticeKind::progress, seen.evaluation, seen.rec.number, response.unit, 0, end, left});
  }
  return out;
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool acts_for(const User& user, Role role, std::string_view unit) {
  if (!has_role(user, role)) return false;
  return unit.empty() || std::find(user.units.begin(), user.units.end(), unit) != user.units.end();
}

}  // namespace

std::vector<std::pair<Recipient, bool>> recipients_of(const Notice& notice, const Unit* unit,
                                                      const std::vector<User>& users) {
  std::vector<std::pair<Recipient, bool>> out;
  auto add = [&](const std::string& email, const std::string& name, bool copy) {
    if (email.empty()) return;
    const std::string key = lower(email);
    for (const auto& [known, known_copy] : out)
      if (lower(known.email) == key) return;
    out.push_back({Recipient{email, name}, copy});
  };
  auto add_unit_addresses = [&](bool copy) {
    if (unit == nullptr) return;
    const std::string& name = !unit->head_title.empty() ? unit->head_title : unit->name;
    for (const auto& email : unit->emails) add(email, name.empty() ? unit->code : name, copy);
  };
  auto add_users = [&](Role role, std::string_view of_unit) {
    for (const auto& u : users)
      if (acts_for(u, role, of_unit)) add(u.email, u.full_name.empty() ? u.name : u.full_name, false);
  };
  if (notice.kind == NoticeKind::escalation) {
    add_users(Role::executive, {});
    add_unit_addresses(true);
    return out;
  }
  add_users(Role::unit, notice.unit);
  if (out.empty()) add_unit_addresses(false);
  return out;
}

std::vector<Digest> build_digests(const std::vector<Notice>& notices, const std::vector<std::string>& texts,
                                  const std::vector<Unit>& units, const std::vector<User>& users) {
  std::map<std::string, const Unit*> by_code;
  for (const auto& u : units) by_code.emplace(u.code, &u);
  std::map<std::string, Digest> by_address;
  for (std::size_t i = 0; i < notices.size(); ++i) {
    const Notice& n = notices[i];
    auto found = by_code.find(n.unit);
    for (auto& [to, copy] : recipients_of(n, found == by_code.end() ? nullptr : found->second, users)) {
      Digest& digest = by_address[lower(to.email)];
      if (digest.to.email.empty()) digest.to = to;
      digest.entries.push_back(DigestEntry{n, i < texts.size() ? texts[i] : std::string(), copy});
    }
  }
  std::vector<Digest> out;
  out.reserve(by_address.size());
  for (auto& [address, digest] : by_address) {
    std::stable_sort(
        digest.entries.begin(), digest.entries.end(), [](const DigestEntry& a, const DigestEntry& b) {
          return std::tie(a.notice.due, a.notice.evaluation, a.notice.number, a.notice.unit,
                          a.notice.action) <
                 std::tie(b.notice.due, b.notice.evaluation, b.notice.number, b.notice.unit, b.notice.action);
        });
    out.push_back(std::move(digest));
  }
  return out;
}

std::vector<DueEvent> due_events(const RecommendationRecord& rec, const std::vector<std::string>& units,
                                 Date today) {
  std::vector<DueEvent> out;
  const RecommendationRecord seen = view_as_of(rec, today);
  if (!seen.issued || current_closure(seen.follow_up) != nullptr) return out;
  auto wanted = [&](const std::string& unit) {
    return units.empty() || std::find(units.begin(), units.end(), unit) != units.end();
  };
  for (const auto& unit : seen.rec.units) {
    if (!wanted(unit)) continue;
    const bool responded = std::any_of(seen.follow_up.responses.begin(), seen.follow_up.responses.end(),
                                       [&](const ManagementResponse& r) { return r.unit == unit; });
    if (!responded)
      out.push_back(DueEvent{
          seen.evaluation, seen.rec.number, unit, 0, due_in_force(seen, unit, today), seen.rec.text, {}});
  }
  for (const auto& facts : action_facts(seen, today))
    if (!action_settled(facts.action) && wanted(facts.action.unit))
      out.push_back(DueEvent{seen.evaluation, seen.rec.number, facts.action.unit, facts.action.id, facts.due,
                             seen.rec.text, facts.action.description});
  return out;
}

}  // namespace followup
