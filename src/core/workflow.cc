#include "core/workflow.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/derived.h"
#include "core/names.h"
#include "core/reference.h"

namespace followup {

namespace {

using StateSet = std::uint16_t;

constexpr StateSet bit(State s) { return static_cast<StateSet>(1U << static_cast<unsigned>(s)); }

constexpr StateSet k_open_after_response =
    bit(State::responded) | bit(State::in_progress) | bit(State::claimed) | bit(State::validated);
constexpr StateSet k_closed = bit(State::closed_implemented) | bit(State::closed_not_implemented) |
                              bit(State::closed_no_longer_applicable) | bit(State::closed_not_accepted);
constexpr StateSet k_open = bit(State::awaiting_response) | k_open_after_response;

struct Permission {
  Role role;
  Step step;
  StateSet states;
};

// THE table. A (role, step) pair that is absent is never allowed; viewer and
// admin change nothing in follow-up, so they have no rows.
constexpr std::array<Permission, 16> k_table{{
    {Role::evaluation, Step::edit, bit(State::draft) | k_open},
    {Role::evaluation, Step::issue, bit(State::draft)},
    {Role::executive, Step::issue, bit(State::draft)},
    {Role::unit, Step::respond, bit(State::awaiting_response)},
    // Awaiting_response is included: in a joint recommendation a unit that
    // has responded goes on while the others have not.
    {Role::unit, Step::add_action, k_open},
    {Role::unit, Step::update_action, k_open},
    {Role::unit, Step::report_progress, k_open},
    // The office enters a unit's steps on its behalf (paper records, mail).
    {Role::evaluation, Step::respond, bit(State::awaiting_response)},
    {Role::evaluation, Step::add_action, k_open},
    {Role::evaluation, Step::update_action, k_open},
    {Role::evaluation, Step::report_progress, k_open},
    // There is something to validate only once a unit has reported.
    {Role::evaluation, Step::validate, bit(State::in_progress) | bit(State::claimed) | bit(State::validated)},
    // Closing does not wait for a validation: a not accepted recommendation,
    // or one overtaken by events, is closed on the office's own judgement
    // (implemented needs the office's rating; see check_close). A joint
    // recommendation may be closed while a unit never responded, with a
    // reason.
    {Role::evaluation, Step::close, k_open},
    {Role::evaluation, Step::reopen, k_closed},
    {Role::evaluation, Step::extend, bit(State::awaiting_response)},
}};

constexpr std::array<Role, 5> k_all_roles{Role::evaluation, Role::executive, Role::unit, Role::viewer,
                                          Role::admin};

constexpr std::array<std::string_view, k_state_count> k_state_names{"draft",
                                                                    "awaiting_response",
                                                                    "responded",
                                                                    "in_progress",
                                                                    "claimed",
                                                                    "validated",
                                                                    "closed_implemented",
                                                                    "closed_not_implemented",
                                                                    "closed_no_longer_applicable",
                                                                    "closed_not_accepted"};
constexpr std::array<std::string_view, k_step_count> k_step_names{
    "edit",     "issue", "respond", "add_action", "update_action", "report_progress",
    "validate", "close", "reopen",  "extend"};
// How a step reads in "cannot ... PLACMI-2#1".
constexpr std::array<std::string_view, k_step_count> k_step_verbs{"edit",
                                                                  "issue",
                                                                  "respond to",
                                                                  "add an action to",
                                                                  "update an action of",
                                                                  "report progress on",
                                                                  "validate",
                                                                  "close",
                                                                  "reopen",
                                                                  "extend"};

StateSet states_for(Role role, Step step) {
  for (const auto& p : k_table)
    if (p.role == role && p.step == step) return p.states;
  return 0;
}

bool is_unit_step(Step step) {
  return step == Step::respond || step == Step::add_action || step == Step::update_action ||
         step == Step::report_progress;
}

// Whether `unit` owns an action of the recommendation.
bool owns_an_action(const RecommendationRecord& rec, std::string_view unit) {
  for (const auto& r : rec.follow_up.responses)
    for (const auto& a : r.actions)
      if (a.unit == unit) return true;
  return false;
}

bool is_final(ClaimedStatus s) {
  return s == ClaimedStatus::implemented || s == ClaimedStatus::not_implemented ||
         s == ClaimedStatus::no_longer_applicable;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string join(const std::vector<std::string>& words, std::string_view last_sep = ", ") {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += (i + 1 == words.size()) ? std::string(last_sep) : std::string(", ");
    out += words[i];
  }
  return out;
}

std::string ref_of(const RecommendationRecord& rec) {
  return RecommendationRef{rec.evaluation, rec.rec.number}.str();
}

// "role unit" or "roles evaluation, unit"
std::string roles_phrase(const User& actor) {
  std::vector<std::string> names;
  for (Role r : actor.roles) names.emplace_back(to_string(r));
  if (names.empty()) return "a user with no role";
  return (names.size() == 1 ? "role " : "roles ") + join(names);
}

std::string allowed_phrase(const User& actor, State state) {
  std::vector<std::string> names;
  for (Step s : allowed_steps(actor, state)) names.emplace_back(to_string(s));
  return names.empty() ? "nothing" : join(names);
}

std::string cannot(Step step, const RecommendationRecord& rec) {
  return "cannot " + std::string(k_step_verbs[static_cast<std::size_t>(step)]) + " " + ref_of(rec);
}

const ManagementResponse* response_of(const RecommendationRecord& rec, std::string_view unit) {
  for (const auto& r : rec.follow_up.responses)
    if (r.unit == unit) return &r;
  return nullptr;
}

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

Status unit_checks(const User& actor, Step step, const RecommendationRecord& rec, std::string_view unit) {
  const auto& responsible = rec.rec.units;
  if (unit.empty()) {
    const auto mine = acting_units(actor, rec);
    return make_error(ErrorCode::invalid_argument,
                      cannot(step, rec) + ": name the unit you act for (" +
                          (mine.empty() ? "you belong to none of its responsible units: " + join(responsible)
                                        : "you belong to responsible units " + join(mine)) +
                          ")");
  }
  const std::string prefix = cannot(step, rec) + " for " + std::string(unit);
  if (!contains(actor.units, unit) && !has_role(actor, Role::evaluation))
    return make_error(ErrorCode::permission_denied,
                      prefix + ": user " + actor.name + " does not belong to " + std::string(unit) +
                          " (belongs to " +
                          (actor.units.empty() ? std::string("no unit") : join(actor.units)) + ")");
  const bool action_step = step == Step::report_progress || step == Step::update_action;
  if (!contains(responsible, unit) && !(action_step && owns_an_action(rec, unit)))
    return make_error(ErrorCode::permission_denied,
                      prefix + ": " + std::string(unit) +
                          " is not responsible for it (responsible: " + join(responsible) + ")");
  return {};
}

Status unit_state_checks(Step step, const RecommendationRecord& rec, std::string_view unit) {
  const std::string prefix = cannot(step, rec) + " for " + std::string(unit);
  const ManagementResponse* response = response_of(rec, unit);
  // An action owner that is not responsible has no response of its own.
  if (step != Step::respond && response == nullptr && !contains(rec.rec.units, unit)) return {};
  if (step == Step::respond && response != nullptr)
    return make_error(ErrorCode::failed_precondition,
                      prefix + ": " + std::string(unit) + " already responded on " +
                          response->responded.iso() +
                          "; a unit responds once (add actions or report progress instead)");
  if (step != Step::respond && response == nullptr)
    return make_error(ErrorCode::failed_precondition,
                      prefix + ": " + std::string(unit) + " has not responded yet; respond first");
  return {};
}

Error invalid(Step step, const RecommendationRecord& rec, const std::string& what) {
  return make_error(ErrorCode::invalid_argument, cannot(step, rec) + ": " + what);
}

Status check_action_content(Step step, const RecommendationRecord& rec, const KeyAction& action) {
  if (blank(action.description)) return invalid(step, rec, "an action needs a description");
  if (action.unit.empty())
    return invalid(step, rec, "action \"" + action.description + "\" needs an owner unit");
  return {};
}

}  // namespace

bool has_role(const User& user, Role role) {
  return std::find(user.roles.begin(), user.roles.end(), role) != user.roles.end();
}

std::string_view to_string(State s) { return k_state_names[static_cast<std::size_t>(s)]; }
std::string_view to_string(Step s) { return k_step_names[static_cast<std::size_t>(s)]; }

std::optional<Step> parse_step(std::string_view s) {
  for (std::size_t i = 0; i < k_step_names.size(); ++i)
    if (k_step_names[i] == s) return static_cast<Step>(i);
  return std::nullopt;
}

const std::vector<State>& all_states() {
  static const std::vector<State> k_all = [] {
    std::vector<State> v;
    v.reserve(k_state_count);
    for (int i = 0; i < k_state_count; ++i) v.push_back(static_cast<State>(i));
    return v;
  }();
  return k_all;
}

const std::vector<Step>& all_steps() {
  static const std::vector<Step> k_all = [] {
    std::vector<Step> v;
    v.reserve(k_step_count);
    for (int i = 0; i < k_step_count; ++i) v.push_back(static_cast<Step>(i));
    return v;
  }();
  return k_all;
}

bool is_closed(State s) { return (bit(s) & k_closed) != 0; }

State state_of(const RecommendationRecord& rec) {
  if (!rec.issued) return State::draft;
  const FollowUp& f = rec.follow_up;
  if (const ClosingEvent* closure = current_closure(f)) {
    switch (closure->outcome) {
      case Outcome::implemented:
        return State::closed_implemented;
      case Outcome::not_implemented:
        return State::closed_not_implemented;
      case Outcome::no_longer_applicable:
        return State::closed_no_longer_applicable;
      case Outcome::not_accepted:
        return State::closed_not_accepted;
    }
  }
  for (const auto& unit : rec.rec.units)
    if (response_of(rec, unit) == nullptr) return State::awaiting_response;

  if (!f.validations.empty()) {
    const Date validated = f.validations.back().validated;
    const bool report_after = std::any_of(f.reports.begin(), f.reports.end(),
                                          [&](const ProgressReport& r) { return r.reported > validated; });
    if (!report_after) return State::validated;
  }

  int reporting = 0;
  int final_claims = 0;
  int progress_claims = 0;
  for (const auto& unit : rec.rec.units) {
    const ProgressReport* latest = nullptr;
    for (const auto& r : f.reports)
      if (r.unit == unit) latest = &r;
    if (latest == nullptr) continue;
    ++reporting;
    if (is_final(latest->status))
      ++final_claims;
    else if (latest->status == ClaimedStatus::in_progress)
      ++progress_claims;
  }
  if (reporting > 0 && final_claims == reporting) return State::claimed;
  if (progress_claims > 0 || final_claims > 0) return State::in_progress;
  return State::responded;
}

bool table_allows(Role role, Step step, State state) { return (states_for(role, step) & bit(state)) != 0; }

std::vector<Step> allowed_steps(const User& actor, State state) {
  std::vector<Step> out;
  for (Step step : all_steps())
    for (Role role : actor.roles)
      if (table_allows(role, step, state)) {
        out.push_back(step);
        break;
      }
  return out;
}

std::vector<std::string> acting_units(const User& actor, const RecommendationRecord& rec) {
  std::vector<std::string> out;
  for (const auto& unit : rec.rec.units)
    if (contains(actor.units, unit)) out.push_back(unit);
  return out;
}

Status check_step(const User& actor, Step step, const RecommendationRecord& rec, std::string_view unit) {
  const State state = state_of(rec);
  StateSet possible = 0;
  std::vector<std::string> may_roles;
  for (Role role : k_all_roles)
    if (states_for(role, step) != 0) may_roles.emplace_back(to_string(role));
  for (Role role : actor.roles) possible |= states_for(role, step);

  if (possible == 0)
    return make_error(ErrorCode::permission_denied,
                      cannot(step, rec) + ": " + roles_phrase(actor) + " may not " +
                          std::string(to_string(step)) + " (only " + join(may_roles) + " may); it is " +
                          std::string(to_string(state)) + " and " + roles_phrase(actor) +
                          " may now: " + allowed_phrase(actor, state));
  if (is_unit_step(step)) {
    if (auto s = unit_checks(actor, step, rec, unit); !s) return s;
  }
  if ((possible & bit(state)) == 0) {
    std::vector<std::string> needs;
    for (State s : all_states())
      if ((possible & bit(s)) != 0) needs.emplace_back(to_string(s));
    return make_error(ErrorCode::failed_precondition,
                      cannot(step, rec) + ": it is " + std::string(to_string(state)) + " and " +
                          std::string(to_string(step)) + " needs " + join(needs, " or ") + "; " +
                          roles_phrase(actor) + " may now: " + allowed_phrase(actor, state));
  }
  if (is_unit_step(step)) return unit_state_checks(step, rec, unit);
  return {};
}

Status check_edit(const User& actor, const RecommendationRecord& rec, std::string_view reason) {
  if (auto s = check_step(actor, Step::edit, rec, {}); !s) return s;
  if (rec.issued && blank(reason))
    return invalid(Step::edit, rec, "it was issued on " + rec.issued->iso() + ", so an edit needs a reason");
  return {};
}

Status check_response(const User& actor, const RecommendationRecord& rec,
                      const ManagementResponse& response) {
  if (auto s = check_step(actor, Step::respond, rec, response.unit); !s) return s;
  if (response.decision != Decision::accepted && blank(response.rationale))
    return invalid(
        Step::respond, rec,
        "a rationale is required when the decision is " + std::string(to_string(response.decision)));
  for (const auto& action : response.actions)
    if (auto s = check_action_content(Step::respond, rec, action); !s) return s;
  return {};
}

Status check_add_action(const User& actor, const RecommendationRecord& rec, std::string_view unit,
                        const KeyAction& action) {
  if (auto s = check_step(actor, Step::add_action, rec, unit); !s) return s;
  if (const ManagementResponse* own = response_of(rec, unit); own != nullptr && action.added < own->responded)
    return invalid(Step::add_action, rec,
                   "the action is dated " + action.added.iso() + ", before " + std::string(unit) +
                       " responded on " + own->responded.iso());
  return check_action_content(Step::add_action, rec, action);
}

Status check_progress_report(const User& actor, const RecommendationRecord& rec,
                             const ProgressReport& report) {
  if (auto s = check_step(actor, Step::report_progress, rec, report.unit); !s) return s;
  if (blank(report.text)) return invalid(Step::report_progress, rec, "a progress report needs a text");
  const ManagementResponse* own = response_of(rec, report.unit);
  if (own != nullptr && report.reported < own->responded)
    return invalid(Step::report_progress, rec,
                   "the report is dated " + report.reported.iso() + ", before " + report.unit +
                       " responded on " + own->responded.iso());
  const bool responsible = contains(rec.rec.units, report.unit);
  for (std::size_t i = 0; i < report.actions_done.size(); ++i) {
    const long long id = report.actions_done[i];
    if (std::find(report.actions_done.begin(), report.actions_done.begin() + static_cast<std::ptrdiff_t>(i),
                  id) != report.actions_done.begin() + static_cast<std::ptrdiff_t>(i))
      return invalid(Step::report_progress, rec, "action " + std::to_string(id) + " is marked done twice");
    std::string holder;
    const KeyAction* found = find_action(rec, id, &holder);
    if (found == nullptr)
      return invalid(Step::report_progress, rec,
                     "action " + std::to_string(id) + " is not one of its actions");
    if (!responsible && found->unit != report.unit)
      return make_error(ErrorCode::permission_denied, cannot(Step::report_progress, rec) + " for " +
                                                          report.unit + ": action " + std::to_string(id) +
                                                          " belongs to " + found->unit);
    if (auto done = action_done(*found))
      return make_error(ErrorCode::failed_precondition, cannot(Step::report_progress, rec) + ": action " +
                                                            std::to_string(id) + " was already done on " +
                                                            done->iso());
    if (action_settled(*found))
      return make_error(ErrorCode::failed_precondition, cannot(Step::report_progress, rec) + ": action " +
                                                            std::to_string(id) + " is " +
                                                            std::string(to_string(action_status(*found))));
  }
  return {};
}

Status check_validation(const User& actor, const RecommendationRecord& rec, const Validation& validation) {
  if (auto s = check_step(actor, Step::validate, rec, {}); !s) return s;
  if (!parse_claimed_status(validation.rating))
    return invalid(
        Step::validate, rec,
        "unknown rating \"" + validation.rating + "\" (use " + std::string(claimed_status_words()) + ")");
  return {};
}

namespace {

// Closings and reopenings are recorded in date order.
Status check_after_last_closing(Step step, const RecommendationRecord& rec, Date on) {
  const auto& closings = rec.follow_up.closings;
  if (!closings.empty() && on < closings.back().on)
    return invalid(step, rec,
                   "it is dated " + on.iso() + ", before its last " +
                       (closings.back().reopening ? "reopening" : "closing") + " on " +
                       closings.back().on.iso());
  return {};
}

}  // namespace

Status check_close(const User& actor, const RecommendationRecord& rec, const ClosingEvent& closure) {
  if (auto s = check_step(actor, Step::close, rec, {}); !s) return s;
  if (auto s = check_after_last_closing(Step::close, rec, closure.on); !s) return s;
  const std::string as = " as " + std::string(to_string(closure.outcome));
  std::vector<std::string> silent;
  for (const auto& unit : rec.rec.units)
    if (response_of(rec, unit) == nullptr) silent.push_back(unit);
  if (!silent.empty() && blank(closure.reason))
    return make_error(ErrorCode::failed_precondition,
                      cannot(Step::close, rec) + as + ": " + join(silent, " and ") +
                          (silent.size() == 1 ? " has" : " have") +
                          " not responded; closing without a response needs a reason");
  const auto& f = rec.follow_up;
  if (closure.outcome == Outcome::not_accepted) {
    const bool rejected =
        std::any_of(f.responses.begin(), f.responses.end(),
                    [](const ManagementResponse& r) { return r.decision == Decision::not_accepted; });
    if (!rejected && blank(closure.override_reason))
      return make_error(
          ErrorCode::failed_precondition,
          cannot(Step::close, rec) + as + ": no unit's response is not_accepted; give a reason to override");
  }
  if (closure.outcome != Outcome::implemented) return {};
  if (blank(closure.override_reason)) {
    const Validation* rating = f.validations.empty() ? nullptr : &f.validations.back();
    const ProgressReport* last = f.reports.empty() ? nullptr : &f.reports.back();
    for (const auto& r : f.reports)
      if (last == nullptr || r.reported > last->reported) last = &r;
    if (rating == nullptr || rating->rating != to_string(ClaimedStatus::implemented))
      return make_error(
          ErrorCode::failed_precondition,
          cannot(Step::close, rec) + as + ": the office has not rated it implemented (" +
              (rating == nullptr ? std::string("no validation")
                                 : "latest rating " + rating->rating + " on " + rating->validated.iso()) +
              "); validate it first, or override with a reason");
    if (last != nullptr && (rating->validated < last->reported ||
                            (rating->validated == last->reported && rating->recorded.at < last->recorded.at)))
      return make_error(ErrorCode::failed_precondition,
                        cannot(Step::close, rec) + as + ": the office's rating of " +
                            rating->validated.iso() + " is older than " + last->unit +
                            "'s progress report of " + last->reported.iso() +
                            "; validate it again, or override with a reason");
  }
  if (!blank(closure.waiver) || !closure.evidence.empty()) return {};
  const bool has_evidence = std::any_of(f.reports.begin(), f.reports.end(), [](const ProgressReport& r) {
    return r.status == ClaimedStatus::implemented && !r.evidence.empty();
  });
  if (!has_evidence)
    return make_error(
        ErrorCode::failed_precondition,
        cannot(Step::close, rec) + as +
            ": no progress report claiming implemented carries evidence; attach evidence to such a report "
            "or to the closing, or give a reason to waive it");
  return {};
}

Status check_reopen(const User& actor, const RecommendationRecord& rec, std::string_view reason, Date on) {
  if (auto s = check_step(actor, Step::reopen, rec, {}); !s) return s;
  if (blank(reason)) return invalid(Step::reopen, rec, "reopening needs a reason");
  return check_after_last_closing(Step::reopen, rec, on);
}

Status check_extension(const User& actor, const RecommendationRecord& rec, const Extension& extension) {
  if (auto s = check_step(actor, Step::extend, rec, {}); !s) return s;
  if (blank(extension.reason)) return invalid(Step::extend, rec, "an extension needs a reason");
  std::vector<std::string> units;
  if (extension.unit.empty()) {
    for (const auto& unit : rec.rec.units)
      if (response_of(rec, unit) == nullptr) units.push_back(unit);
  } else {
    if (!contains(rec.rec.units, extension.unit))
      return invalid(
          Step::extend, rec,
          extension.unit + " is not responsible for it (responsible: " + join(rec.rec.units) + ")");
    if (const ManagementResponse* r = response_of(rec, extension.unit))
      return make_error(ErrorCode::failed_precondition, cannot(Step::extend, rec) + " for " + extension.unit +
                                                            ": it responded on " + r->responded.iso());
    units.push_back(extension.unit);
  }
  for (const auto& unit : units) {
    const Date current = due_in_force(rec, unit, extension.granted);
    if (extension.due <= current)
      return invalid(Step::extend, rec,
                     "the new date " + extension.due.iso() + " is not later than " + unit + "'s due date " +
                         current.iso());
  }
  return {};
}

Status check_due_date_request(const User& actor, const RecommendationRecord& rec,
                              const DueDateRequest& request, const std::vector<DueDateRequest>& pending) {
  // Whoever may respond for the unit may ask for more time to.
  if (auto s = check_step(actor, Step::respond, rec, request.unit); !s) return s;
  const std::string ref = recommendation_ref(rec.evaluation, rec.rec.number);
  if (blank(request.reason))
    return field_error(ErrorCode::invalid_argument, "reason",
                       "a request for a later due date needs a reason");
  if (rec.issued && request.requested < *rec.issued)
    return field_error(ErrorCode::invalid_argument, "as_of",
                       "the request's date " + request.requested.iso() + " is before " + ref +
                           " was issued on " + rec.issued->iso());
  const Date current = due_in_force(rec, request.unit, request.requested);
  if (request.due <= current)
    return field_error(ErrorCode::invalid_argument, "due",
                       "the date asked for, " + request.due.iso() + ", is not later than " + request.unit +
                           "'s due date " + current.iso());
  for (const auto& other : pending)
    if (other.unit == request.unit && !other.answer)
      return make_error(ErrorCode::failed_precondition, request.unit + " already asked for " +
                                                            other.due.iso() + " on " + other.requested.iso() +
                                                            " (request " + std::to_string(other.id) +
                                                            "); the office has not answered yet");
  return {};
}

Status check_due_date_answer(const User& actor, const RecommendationRecord& rec,
                             const DueDateRequest& request, const DueDateAnswer& answer) {
  if (auto s = check_step(actor, Step::extend, rec, {}); !s) return s;
  if (request.answer)
    return make_error(ErrorCode::failed_precondition, "request " + std::to_string(request.id) +
                                                          " was answered on " + request.answer->on.iso());
  if (!answer.granted && blank(answer.text))
    return field_error(ErrorCode::invalid_argument, "text", "a refusal needs the office's reasons");
  if (answer.on < request.requested)
    return field_error(
        ErrorCode::invalid_argument, "as_of",
        "the answer's date " + answer.on.iso() + " is before the request's, " + request.requested.iso());
  return {};
}

const KeyAction* find_action(const RecommendationRecord& rec, long long action_id,
                             std::string* responding_unit) {
  for (const auto& r : rec.follow_up.responses)
    for (const auto& a : r.actions)
      if (a.id == action_id) {
        if (responding_unit != nullptr) *responding_unit = r.unit;
        return &a;
      }
  return nullptr;
}

Status check_action_update(const User& actor, const RecommendationRecord& rec, std::string_view unit,
                           long long action_id, const ActionEvent& event) {
  if (auto s = check_step(actor, Step::update_action, rec, unit); !s) return s;
  std::string holder;
  const KeyAction* action = find_action(rec, action_id, &holder);
  if (action == nullptr)
    return invalid(Step::update_action, rec,
                   "action " + std::to_string(action_id) + " is not one of its actions");
  if (action->unit != unit && holder != unit)
    return make_error(ErrorCode::permission_denied,
                      cannot(Step::update_action, rec) + " for " + std::string(unit) + ": action " +
                          std::to_string(action_id) + " belongs to " + action->unit);
  if (!event.status && !event.due)
    return invalid(Step::update_action, rec, "give a new status or a new due date");
  if (action_settled(*action))
    return make_error(ErrorCode::failed_precondition, cannot(Step::update_action, rec) + ": action " +
                                                          std::to_string(action_id) + " is " +
                                                          std::string(to_string(action_status(*action))));
  const bool needs_reason = event.due || event.status == ActionStatus::cancelled ||
                            event.status == ActionStatus::no_longer_applicable;
  if (needs_reason && blank(event.reason))
    return invalid(Step::update_action, rec,
                   std::string(event.due ? "a new due date" : "cancelling an action") + " needs a reason");
  if (event.on < action->added)
    return invalid(
        Step::update_action, rec,
        "it is dated " + event.on.iso() + ", before the action was proposed on " + action->added.iso());
  return {};
}

Status check_fact_date(const User& actor, const RecommendationRecord& rec, Step step, Date on,
                       const DatingPolicy& policy, std::optional<Date> memo_date) {
  const std::string what = cannot(step, rec);
  if (on > policy.today)
    return make_error(ErrorCode::invalid_argument, what + ": it is dated " + on.iso() + ", after today (" +
                                                       policy.today.iso() +
                                                       "); nothing is dated in the future");
  if (step == Step::issue) {
    if (memo_date && on < *memo_date)
      return make_error(ErrorCode::invalid_argument,
                        what + ": it is dated " + on.iso() + ", before the memo's date " + memo_date->iso());
  } else if (step != Step::edit && rec.issued && on < *rec.issued) {
    return make_error(ErrorCode::invalid_argument, what + ": it is dated " + on.iso() + ", before " +
                                                       rec.evaluation + " was issued on " +
                                                       rec.issued->iso());
  }
  const int back = policy.today.days_since(on);
  if (!has_role(actor, Role::evaluation) && back > policy.unit_backdate_days)
    return make_error(ErrorCode::invalid_argument,
                      what + ": it is dated " + on.iso() + ", " + std::to_string(back) +
                          " days ago; a unit may date its facts at most " +
                          std::to_string(policy.unit_backdate_days) +
                          " days back (the evaluation office can enter older facts)");
  return {};
}

Recorded recorded_now(const User& actor, std::string_view unit, Date on, const DatingPolicy& policy,
                      std::string at) {
  Recorded r;
  r.at = std::move(at);
  r.late = policy.today.days_since(on) > policy.unit_backdate_days;
  r.on_behalf = !unit.empty() && !contains(actor.units, unit);
  return r;
}

}  // namespace followup
