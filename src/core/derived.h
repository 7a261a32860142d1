// Facts derived from a recommendation's record for an as-of date: who has
// responded, on time or late, what is overdue and for how long. Pure; the
// date is handed in. The definitions are those of docs/reports.md.
//
// "Due by D" means the end of day D: a thing due on D is overdue from D+1,
// and its days overdue on date A are A - D.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/model.h"
#include "core/workflow.h"

namespace followup {

// The record as it stood at the end of `as_of`: everything dated after it
// is left out (responses with their actions, progress reports, validations,
// the closure, the issue itself) and actions done after it are not done.
// Every function below works on this view, so a report can be replayed for
// any past date. Key actions carry no date of their own: an action added
// after its unit's response is seen from the response's date.
RecommendationRecord view_as_of(const RecommendationRecord& rec, Date as_of);

// True when as_of is after `due` (the end of day `due` has passed).
bool is_overdue(Date due, Date as_of);
// as_of - due when overdue, else 0.
int days_overdue(Date due, Date as_of);

enum class AgeingBucket { days_1_30, days_31_90, days_91_180, days_181_365, over_365 };
// "1-30", "31-90", "91-180", "181-365", "over 365"
std::string_view to_string(AgeingBucket b);
const std::vector<AgeingBucket>& all_ageing_buckets();
// The bucket of a positive number of days overdue; nullopt for 0 or less.
std::optional<AgeingBucket> ageing_bucket(int days_overdue);

// The state of one responsible unit in a (possibly joint) recommendation.
enum class UnitState {
  awaiting_response,    // no response and not overdue (not yet due, not issued, or closed)
  overdue,              // no response and the follow-up due date has passed
  responded_on_time,    // responded on or before the due date; no progress claimed
  responded_late,       // responded after the due date; no progress claimed
  in_progress,          // the unit's latest report claims in_progress
  claimed_implemented,  // the unit's latest report claims a final status
  claimed_not_implemented,
  claimed_no_longer_applicable,
};
std::string_view to_string(UnitState s);

struct UnitFollowUp {
  std::string unit;
  UnitState state = UnitState::awaiting_response;
  std::optional<Date> responded_on;    // nullopt: no response (as of)
  std::optional<Decision> decision;    // with responded_on
  std::optional<bool> on_time;         // with responded_on: responded_on <= due
  int days_late = 0;                   // responded_on - due when late, else 0
  bool overdue = false;                // see UnitState::overdue
  int days_overdue = 0;                // as_of - due when overdue, else 0
  std::optional<ClaimedStatus> claim;  // the unit's latest progress report, if any
  std::optional<Date> claimed_on;
};

// How the follow-up confirmation of a whole recommendation stands.
enum class ResponseStatus {
  not_issued,  // a draft: nothing is due
  awaiting,    // some unit has not responded; not overdue (not yet due, or closed)
  overdue,     // some unit has not responded and the due date has passed
  on_time,     // every responsible unit responded on or before the due date
  late,        // every responsible unit responded, at least one after the due date
};
std::string_view to_string(ResponseStatus s);

struct FollowUpFacts {
  std::string ref;             // "PLACMI-2#2"
  State state = State::draft;  // as of
  ResponseStatus response = ResponseStatus::not_issued;
  bool overdue = false;  // while any responsible unit is overdue
  int days_overdue = 0;
  std::optional<AgeingBucket> ageing;  // with overdue
  int days_late = 0;                   // the most days late among its units
  // The office's key: closed as implemented, or open and the latest
  // validation rates it implemented.
  bool implemented = false;
  // Every responsible unit responded and each response is accepted or
  // partially accepted.
  bool accepted = false;
  std::vector<UnitFollowUp> units;  // one per responsible unit, in the record's order
};

FollowUpFacts follow_up_facts(const RecommendationRecord& rec, Date as_of);

struct ActionFacts {
  KeyAction action;             // as of: `done` is cleared when done after as_of
  std::string responding_unit;  // the unit whose response or addition holds it
  bool overdue = false;         // not done, recommendation issued and not closed, as_of > due
  int days_overdue = 0;
  std::optional<AgeingBucket> ageing;
};

// Every key action of the recommendation (as of), in response order.
std::vector<ActionFacts> action_facts(const RecommendationRecord& rec, Date as_of);

}  // namespace followup
