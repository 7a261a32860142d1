// The life of a recommendation as a state machine, and who may take which
// step in which state. Pure: a step is checked against a record handed in;
// nothing is read or stored here. See docs/workflow.md.
//
// The state is never stored: state_of() derives it from the record, so a
// store cannot hold a state that disagrees with the facts it was made from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace followup {

enum class State {
  draft,               // the evaluation has not been issued
  awaiting_response,   // issued; some responsible unit has not responded
  responded,           // every responsible unit responded; no unit claims progress yet
  in_progress,         // some unit claims in_progress (or claims differ)
  claimed,             // every unit that reported claims implemented, not_implemented
                       // or no_longer_applicable: awaiting the office's validation
  validated,           // the office's latest validation is not older than any report
  closed_implemented,  // closed by the office
  closed_not_implemented,
  closed_no_longer_applicable,
  closed_not_accepted,
};
inline constexpr int k_state_count = 10;

enum class Step {
  edit,
  issue,
  respond,
  add_action,
  update_action,
  report_progress,
  validate,
  close,
  reopen,
  extend
};
inline constexpr int k_step_count = 10;

std::string_view to_string(State s);
std::string_view to_string(Step s);
std::optional<Step> parse_step(std::string_view s);

// Every state and step in declaration order, for tables and tests.
const std::vector<State>& all_states();
const std::vector<Step>& all_steps();

bool is_closed(State s);

// Derives the state from the record's facts (see the State comments). A
// unit's claim is its latest progress report; reports of units that are not
// responsible are ignored. The latest validation is current; it makes the
// state `validated` while no progress report is dated after it.
State state_of(const RecommendationRecord& rec);

// Whether the user holds the role.
bool has_role(const User& user, Role role);

// The one table: whether `role` may take `step` in `state`. The unit checks
// (which unit acts) and the rules on the step's content come on top.
bool table_allows(Role role, Step step, State state);

// Steps any of the user's roles allows in `state`, in Step order.
std::vector<Step> allowed_steps(const User& actor, State state);

// Responsible units of `rec` that `actor` belongs to, in the record's order.
std::vector<std::string> acting_units(const User& actor, const RecommendationRecord& rec);

// Whether `actor` may take `step` on `rec` now, acting for `unit` (needed
// for respond, add_action, update_action and report_progress; ignored
// otherwise). The evaluation office may take these unit steps on a unit's
// behalf (from paper records or mail); a unit user only for its own units.
// A unit that owns an action of the recommendation without being
// responsible may report progress (on its actions) and update its actions.
// Errors:
//  - permission_denied: none of the actor's roles may ever take the step, or
//    the actor does not belong to `unit`, or `unit` is not responsible;
//  - failed_precondition: a role may take the step but not in this state, or
//    the unit has already responded (respond) or has not yet (add_action,
//    report_progress);
//  - invalid_argument: a unit step without a unit.
// Messages name the recommendation, its state, the actor's roles and the
// steps they may take now, e.g.
//   "cannot close PLACMI-2#1: it is awaiting_response and close needs
//    responded, in_progress, claimed or validated; role evaluation may now: edit"
// ("may now" lists what the roles allow in this state, before unit checks).
// A user with several roles is allowed when any role allows.
Status check_step(const User& actor, Step step, const RecommendationRecord& rec, std::string_view unit);

// ---- Steps with their content: check_step plus the rules beyond the table.

// Before issue an edit needs no reason; after issue it needs one.
Status check_edit(const User& actor, const RecommendationRecord& rec, std::string_view reason);

// A unit responds once: a second response is refused (changes of mind go in
// progress reports and added actions, so the on-time record stays honest).
// A rationale is required unless the decision is accepted; every action
// needs a description, an owner unit (any unit) and is checked as in
// check_action; the response may not be dated before the issue.
Status check_response(const User& actor, const RecommendationRecord& rec, const ManagementResponse& response);

// An action added by responsible `unit` after its response: description and
// owner unit required; not dated before the unit's response.
Status check_add_action(const User& actor, const RecommendationRecord& rec, std::string_view unit,
                        const KeyAction& action);

// Text required; not dated before the unit's response; every action marked
// done belongs to this recommendation and is not done already.
Status check_progress_report(const User& actor, const RecommendationRecord& rec,
                             const ProgressReport& report);

// The rating is one of the ClaimedStatus names.
Status check_validation(const User& actor, const RecommendationRecord& rec, const Validation& validation);

// Two keys for implemented: the office's latest rating is implemented and
// not older than the last progress report, unless override_reason is given;
// and evidence of implementation (a report claiming implemented with
// evidence, or evidence on the closing), unless waived. not_accepted needs
// a unit that did not accept. Closing while a responsible unit never
// responded needs a reason (closure.unresponsive lists them). Not dated
// before the last closing or reopening.
Status check_close(const User& actor, const RecommendationRecord& rec, const ClosingEvent& closure);

// Only from a closed state, with a reason, not dated before the closing.
Status check_reopen(const User& actor, const RecommendationRecord& rec, std::string_view reason, Date on);

// An extension of the follow-up due date: a reason, a unit (when given)
// that is responsible and has not responded, and a date later than the one
// in force for it on the day it is granted.
Status check_extension(const User& actor, const RecommendationRecord& rec, const Extension& extension);

// A change to key action `action_id` by `unit` (its owner, or the unit
// whose response holds it): the action is not settled already; a revised
// due date, a cancellation or "no longer applicable" needs a reason.
Status check_action_update(const User& actor, const RecommendationRecord& rec, std::string_view unit,
                           long long action_id, const ActionEvent& event);

// The owner unit of an action, or the unit whose response holds it.
// nullptr when the recommendation has no action with that id.
// A unit asks for a later follow-up due date: allowed to whoever may
// respond for the unit (check_step with Step::respond: responsible, not yet
// responded, the recommendation awaiting its response), with a reason, a
// date later than the unit's due date in force, not dated before the
// issue, and no other request of the unit still unanswered in `pending`.
Status check_due_date_request(const User& actor, const RecommendationRecord& rec,
                              const DueDateRequest& request, const std::vector<DueDateRequest>& pending);
// The office answers a request: whoever may extend (Step::extend), the
// request not yet answered, not dated before it; a refusal with the
// office's reasons. A grant is also an extension (check_extension).
Status check_due_date_answer(const User& actor, const RecommendationRecord& rec,
                             const DueDateRequest& request, const DueDateAnswer& answer);

const KeyAction* find_action(const RecommendationRecord& rec, long long action_id,
                             std::string* responding_unit = nullptr);

// ---- Dates of facts.

struct DatingPolicy {
  Date today;                  // the day the fact is recorded (the clock)
  int unit_backdate_days = 7;  // how far back a unit user may date a fact
};

// Whether a fact dated `on` may be recorded today by `actor`: not after
// today; not before the evaluation was issued (issue: not before the
// memo's date); a user without the evaluation role not more than
// unit_backdate_days back. `what` names the fact in messages ("the
// response").
Status check_fact_date(const User& actor, const RecommendationRecord& rec, Step step, Date on,
                       const DatingPolicy& policy, std::optional<Date> memo_date = std::nullopt);

// How the fact is marked: late when recorded more than unit_backdate_days
// after its date; on behalf when `unit` is given and the actor does not
// belong to it.
Recorded recorded_now(const User& actor, std::string_view unit, Date on, const DatingPolicy& policy,
                      std::string at);

}  // namespace followup
