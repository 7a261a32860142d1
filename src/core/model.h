// The domain's nouns as plain values. Nothing here reads a file or a clock.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"

namespace followup {

// The memorandum that forwards an evaluation: its header fields as written.
struct MemoHeader {
  std::optional<Date> date;
  std::string from;
  std::vector<std::string> to;  // one addressee per entry, in memo order
  std::vector<std::string> cc;
  std::string subject;
};

// An organisational unit that can hold responsibility for a recommendation.
struct Unit {
  std::string code;                  // short, unique, upper case: "MRF-BA", "MMS"
  std::string name;                  // "MRF Buenos Aires"
  std::string kind;                  // "department", "office", "division", ...
  std::string parent;                // parent unit's code; empty at the top
  std::string head_title;            // "Head of MRF Buenos Aires", "Director, MMS"
  std::vector<std::string> aliases;  // other names memos use: "IOM Buenos Aires"
  std::vector<std::string> emails;   // contact addresses
};

// A classification the office gives; reports can filter on it.
enum class Priority { normal, high };

struct Recommendation {
  int number = 0;
  std::string text;
  // Directory codes of the responsible units; the first is the lead.
  std::vector<std::string> units;
  // The names as the memo wrote them, parallel to `units`.
  std::vector<std::string> responsible;
  // The follow-up due date ("confirmation of follow-up due by") the memo
  // set. Never moved once issued: an extension is its own fact.
  Date due;
  Priority priority = Priority::normal;
};

struct Evaluation {
  std::string code;  // "PLACMI-2"
  std::string title;
  MemoHeader memo;
  std::vector<Recommendation> recommendations;
  bool disclosed = false;      // visible to the public when true
  std::optional<Date> issued;  // set by the issue step; drafts until then
};

// ---- People and roles -----------------------------------------------------

enum class Role { evaluation, executive, unit, viewer, admin };

struct User {
  std::string name;  // login name, unique: "mms.focal"
  std::string full_name;
  std::string email;
  std::vector<Role> roles;
  std::vector<std::string> units;  // unit codes the user acts for (role `unit`)
};

// ---- The follow-up of one recommendation ------------------------------------
//
// Every fact below has two dates: the day it took effect (the step's
// --as-of) and the moment it was recorded. Facts are appended, never
// overwritten, so the record as of any past day can be rebuilt
// (core/derived.h view_as_of).

// How a fact came to be recorded.
struct Recorded {
  std::string at;          // UTC instant of recording, "2001-08-20T10:15:00Z"
  bool late = false;       // recorded more days after its date than units may backdate
  bool on_behalf = false;  // entered by the evaluation office for the unit
};

enum class Decision { accepted, partially_accepted, not_accepted };

enum class ActionStatus { not_started, in_progress, done, cancelled, no_longer_applicable };

// A dated change to a key action: a new status, a revised due date (the
// original is kept on the action), or both. A progress report that marks
// the action done makes one (with `report` set).
struct ActionEvent {
  long long id = 0;  // store-assigned, in the order recorded
  Date on;
  std::optional<ActionStatus> status;
  std::optional<Date> due;
  std::string reason;
  std::string by;
  long long report = 0;  // the progress report that made it, or 0
  Recorded recorded;
};

// A key action a unit proposes in its management response (or adds later).
// Its status and due date in force come from its events (core/derived.h).
struct KeyAction {
  long long id = 0;  // store-assigned, unique across the store
  std::string description;
  std::string unit;  // owner unit code
  Date due;          // the action's own original due date (not the follow-up due date)
  Date added;        // the day it was proposed
  std::string by;
  Recorded recorded;
  std::vector<ActionEvent> events;  // in the order recorded
};

// One responsible unit's management response to one recommendation.
struct ManagementResponse {
  std::string unit;  // unit code
  Decision decision = Decision::accepted;
  std::string rationale;  // required unless accepted
  Date responded;         // the step's date
  std::string by;         // user name
  Recorded recorded;
  std::vector<KeyAction> actions;
};

// The state a unit claims in a progress report.
enum class ClaimedStatus { not_started, in_progress, implemented, not_implemented, no_longer_applicable };

// A stored file, addressed by the SHA-256 of its content.
struct Evidence {
  std::string sha256;  // lower-case hex
  std::string name;    // the file name as uploaded, without folders
  std::string media_type;
  long long size = 0;
};

// Progress reports are appended, never overwritten.
struct ProgressReport {
  long long id = 0;
  std::string unit;
  ClaimedStatus status = ClaimedStatus::in_progress;
  std::string text;
  Date reported;
  std::string by;
  std::vector<long long> actions_done;  // key action ids this report marks done
  std::vector<Evidence> evidence;
  Recorded recorded;
};

// The evaluation office's own rating of a recommendation, kept beside the
// units' claims (two keys).
struct Validation {
  std::string rating;  // one of the ClaimedStatus names
  std::string comment;
  Date validated;
  std::string by;
  Recorded recorded;
};

enum class Outcome { implemented, not_implemented, no_longer_applicable, not_accepted };

// A closing, or a reopening, by the office. Both are kept: reopening never
// erases a closing, so the state on any past day can be rebuilt.
struct ClosingEvent {
  long long id = 0;  // store-assigned, in the order recorded
  bool reopening = false;
  Outcome outcome = Outcome::implemented;  // for a closing
  Date on;
  std::string by;
  // A reopening's reason; for a closing, why it closes while a responsible
  // unit never responded.
  std::string reason;
  std::string waiver;                     // why closing as implemented needs no evidence
  std::string override_reason;            // why implemented is closed without the office's rating
  std::vector<std::string> unresponsive;  // responsible units that never responded
  // Evidence the office attached when closing (beside the units' evidence
  // in their progress reports).
  std::vector<Evidence> evidence;
  Recorded recorded;
};

// A new follow-up due date granted by the office, for one unit of a joint
// recommendation or (unit empty) for all of them.
struct Extension {
  long long id = 0;
  std::string unit;
  Date due;
  std::string reason;
  Date granted;  // the day it took effect
  std::string by;
  Recorded recorded;
};

// A unit's request for a later follow-up due date, before it responds. It
// changes no date: the office answers it, granting it (an Extension is
// made from it) or refusing it with its reasons. Both are appended facts;
// a request without an answer is pending. Kept beside the follow-up, not
// in it (RecommendationRecord): the reports do not read them.
struct DueDateAnswer {
  bool granted = false;
  std::string text;         // the office's words; required to refuse
  long long extension = 0;  // the extension a grant made
  Date on;                  // the day it took effect
  std::string by;
  Recorded recorded;
};

struct DueDateRequest {
  long long id = 0;
  std::string evaluation;  // the recommendation's evaluation code and number
  int number = 0;
  std::string unit;  // the unit asking (responsible, not yet responded)
  Date due;          // the date asked for
  std::string reason;
  Date requested;  // the day it took effect
  std::string by;
  Recorded recorded;
  std::optional<DueDateAnswer> answer;  // nullopt while pending
};

// A change to an issued recommendation's text, units or priority: the whole
// new wording, dated. Before issue, edits correct the draft in place.
struct Revision {
  long long id = 0;
  Date on;
  std::string text;
  std::vector<std::string> units;
  std::vector<std::string> responsible;
  Priority priority = Priority::normal;
  std::string reason;
  std::string by;
  Recorded recorded;
};

// Everything recorded about one recommendation after import.
struct FollowUp {
  std::vector<ManagementResponse> responses;  // at most one per responsible unit
  std::vector<ProgressReport> reports;        // in the order they were made
  std::vector<Validation> validations;        // the latest is current
  std::vector<ClosingEvent> closings;         // closings and reopenings, in order
  std::vector<Extension> extensions;          // in the order granted
  std::vector<Revision> revisions;            // in the order made
};

// A recommendation with the evaluation it belongs to and its follow-up: what
// the rules and the reports work on.
struct RecommendationRecord {
  std::string evaluation;  // evaluation code
  Recommendation rec;
  std::optional<Date> issued;  // the evaluation's issue date; nullopt for a draft
  FollowUp follow_up;
  bool disclosed = false;  // the evaluation's: the public may read it once issued
};

}  // namespace followup
