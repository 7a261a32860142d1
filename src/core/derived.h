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

// The record as it stood at the end of `as_of`: every fact dated after it
// is left out (responses, actions and their events, progress reports,
// validations, closings and reopenings, extensions, revisions, the issue
// itself), and the latest revision dated on or before it is applied to
// `rec` (text, units, priority; the due date is the memo's). Every function
// below works on this view, so a report can be replayed for any past date.
RecommendationRecord view_as_of(const RecommendationRecord& rec, Date as_of);

// The closing in force: the last closing event if it is not a reopening,
// else nullptr. Closing events are recorded in date order (app rule), so on
// a view this is the closing that held on the view's date.
const ClosingEvent* current_closure(const FollowUp& f);

// A key action's status and due date in force: from its last event that
// sets them; not_started and the original due date without one.
ActionStatus action_status(const KeyAction& a);
Date action_due(const KeyAction& a);
// The day it was marked done, while its status is done.
std::optional<Date> action_done(const KeyAction& a);
// Done, cancelled or no longer applicable: nothing more is owed.
bool action_settled(const KeyAction& a);

// The follow-up due date in force for `unit` at the end of day `on`: the
// last extension granted on or before `on` for that unit or for all units,
// else the memo's date.
Date due_in_force(const RecommendationRecord& rec, std::string_view unit, Date on);

// Whether any fact of the record was entered late (see Recorded::late).
bool any_entered_late(const RecommendationRecord& rec);

// The date of its latest fact (issue, responses, actions and their events,
// reports, validations, closings and reopenings, extensions granted,
// revisions); nullopt when it has none (a draft without follow-up). Every
// view as of this date or later is the same record.
std::optional<Date> last_fact_date(const RecommendationRecord& rec);

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
  awaiting_response,           // no response and not overdue (not yet due, not issued, or closed)
  overdue,                     // no response and the follow-up due date has passed
  responded_on_time,           // responded on or before the memo's due date; no progress claimed
  responded_within_extension,  // after the memo's date, by the extended date then in force
  responded_late,              // responded after the due date in force that day; no progress claimed
  in_progress,                 // the unit's latest report claims in_progress
  claimed_implemented,         // the unit's latest report claims a final status
  claimed_not_implemented,
  claimed_no_longer_applicable,
};
std::string_view to_string(UnitState s);

struct UnitFollowUp {
  std::string unit;
  UnitState state = UnitState::awaiting_response;
  std::optional<Date> responded_on;    // nullopt: no response (as of)
  std::optional<Decision> decision;    // with responded_on
  Date due;                            // the memo's due date
  std::optional<Date> extended_due;    // the due date in force as of, when extended
  std::optional<bool> on_time;         // with responded_on: responded_on <= the memo's due
  bool within_extension = false;       // with responded_on: late by the memo, on time by an extension
  int days_late = 0;                   // responded_on - due in force that day when late, else 0
  bool overdue = false;                // see UnitState::overdue
  int days_overdue = 0;                // as_of - due when overdue, else 0
  std::optional<ClaimedStatus> claim;  // the unit's latest progress report, if any
  std::optional<Date> claimed_on;
};

// How the follow-up confirmation of a whole recommendation stands.
enum class ResponseStatus {
  not_issued,        // a draft: nothing is due
  awaiting,          // some unit has not responded; not overdue (not yet due, or closed)
  overdue,           // some unit has not responded and the due date has passed
  on_time,           // every responsible unit responded on or before the memo's due date
  within_extension,  // every unit responded in time, at least one within an extension
  late,              // every responsible unit responded, at least one after the due date in force
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
  // The office's latest rating as of, beside the units' claims.
  std::optional<ClaimedStatus> office_rating;
  std::optional<Date> rated_on;
  bool entered_late = false;              // some fact of it was entered late
  std::vector<std::string> unresponsive;  // closed while these units never responded
  std::vector<UnitFollowUp> units;        // one per responsible unit, in the record's order
};

FollowUpFacts follow_up_facts(const RecommendationRecord& rec, Date as_of);

struct ActionFacts {
  KeyAction action;  // as of: events after as_of are left out
  ActionStatus status = ActionStatus::not_started;
  Date due;                     // in force as of (action.due is the original)
  std::optional<Date> done;     // with status done
  std::string responding_unit;  // the unit whose response or addition holds it
  bool overdue = false;         // not settled, recommendation issued and not closed, as_of > due in force
  int days_overdue = 0;
  std::optional<AgeingBucket> ageing;
};

// Every key action of the recommendation (as of), in response order.
std::vector<ActionFacts> action_facts(const RecommendationRecord& rec, Date as_of);

// The earliest due date in force of the key actions still owed (not
// settled) of an issued recommendation that is not closed, as the record
// stands after `last_fact`, its latest fact: on any date after it and on
// or after `last_fact`, some action is overdue (action_facts), and on none
// before it. nullopt when no action is owed.
std::optional<Date> open_actions_due(const RecommendationRecord& rec, Date last_fact);

// The key actions still owed (not settled) of an issued, open
// recommendation as of `last_fact` (its latest fact), each with its place
// among action_facts': on every date on or after last_fact, each is overdue
// exactly when the date is after its due date in force. Empty otherwise.
struct OwedAction {
  int position = 0;
  ActionFacts facts;
};
std::vector<OwedAction> owed_actions(const RecommendationRecord& rec, Date last_fact);

}  // namespace followup
