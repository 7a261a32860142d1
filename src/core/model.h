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

struct Recommendation {
  int number = 0;
  std::string text;
  // Directory codes of the responsible units; the first is the lead.
  std::vector<std::string> units;
  // The names as the memo wrote them, parallel to `units`.
  std::vector<std::string> responsible;
  Date due;  // the follow-up due date ("confirmation of follow-up due by")
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

enum class Decision { accepted, partially_accepted, not_accepted };

// A key action a unit proposes in its management response.
struct KeyAction {
  long long id = 0;  // store-assigned, unique across the store
  std::string description;
  std::string unit;          // owner unit code
  Date due;                  // the action's own due date (not the follow-up due date)
  std::optional<Date> done;  // set when a progress report marks it done
};

// One responsible unit's management response to one recommendation.
struct ManagementResponse {
  std::string unit;  // unit code
  Decision decision = Decision::accepted;
  std::string rationale;  // required unless accepted
  Date responded;         // the step's date
  std::string by;         // user name
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
};

// The evaluation office's own rating of a recommendation, kept beside the
// units' claims (two keys).
struct Validation {
  std::string rating;  // one of the ClaimedStatus names
  std::string comment;
  Date validated;
  std::string by;
};

enum class Outcome { implemented, not_implemented, no_longer_applicable };

struct Closure {
  Outcome outcome = Outcome::implemented;
  Date closed;
  std::string by;
  std::string waiver;  // reason evidence was waived; empty when evidence exists
  // Evidence the office attached when closing (beside the units' evidence
  // in their progress reports).
  std::vector<Evidence> evidence;
};

// Everything recorded about one recommendation after import.
struct FollowUp {
  std::vector<ManagementResponse> responses;  // at most one per responsible unit
  std::vector<ProgressReport> reports;        // in the order they were made
  std::vector<Validation> validations;        // the latest is current
  std::optional<Closure> closure;             // set while closed
};

// A recommendation with the evaluation it belongs to and its follow-up: what
// the rules and the reports work on.
struct RecommendationRecord {
  std::string evaluation;  // evaluation code
  Recommendation rec;
  std::optional<Date> issued;  // the evaluation's issue date; nullopt for a draft
  FollowUp follow_up;
};

}  // namespace followup
