// Reminders planned (docs/reminders.md): which notices one recommendation
// owes on a given day under a policy. Pure: the record and the date are
// handed in; who receives a notice, the daily digest and the sending are
// the caller's. Every date is a calendar date in the organisation's time
// zone; "due by D" is the end of day D, so a notice on D says "due today",
// never "overdue".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace followup {

struct ReminderPolicy {
  std::vector<int> days_before{14, 3};  // a notice this many days before a due date
  bool on_the_day = true;               // a notice on the due date itself
  int repeat_days = 7;                  // after it, every this many days overdue (0: none)
  int escalate_days = 30;               // a response this many days overdue: to the DG's office (0: never)
  // Progress reports asked at the end of every this many months (1, 2, 3,
  // 4, 6 or 12; 0: never): quarterly by default, on March 31, June 30,
  // September 30 and December 31.
  int progress_months = 3;
};

enum class NoticeKind { before, due, overdue, escalation, progress };
std::string_view to_string(NoticeKind k);

struct Notice {
  NoticeKind kind = NoticeKind::before;
  std::string evaluation;  // the recommendation: evaluation code and number
  int number = 0;
  std::string unit;      // who owes it: the responsible unit, or the action's owner
  long long action = 0;  // 0: the unit's management response; else the key action's id
  Date due;              // in force on the day planned; progress: the period's last day
  int days = 0;          // before, progress: days left; overdue and escalation: days overdue; due: 0
};

// The notices `rec` owes on `on`, as it stood at the end of that day
// (view_as_of): for each responsible unit that has not responded, about
// its follow-up due date in force (an extension re-plans them); for each
// key action not settled, about its due date in force, to its owner; and,
// when a response is exactly policy.escalate_days overdue, an escalation;
// and, before and on the last day of each progress period, a progress
// notice to each unit that accepted the recommendation (in whole or in
// part) before the period began, has not claimed it settled
// (implemented, not implemented, no longer applicable), and has not
// reported progress within the period. Nothing for a draft or a closed
// recommendation. In the record's order: responses by unit, then actions,
// then progress.
std::vector<Notice> plan_notices(const RecommendationRecord& rec, const ReminderPolicy& policy, Date on);

// The last day of the progress period that holds `on`, and the last day of
// the period before it, for periods of `months` months (as above).
std::pair<Date, Date> progress_period(Date on, int months);

// ---- Calendar feeds (docs/reminders.md, "Calendar feeds").

// A due date a unit owes, as a calendar shows it.
struct DueEvent {
  std::string evaluation;
  int number = 0;
  std::string unit;         // who owes it
  long long action = 0;     // 0: the unit's management response; else the key action's id
  Date due;                 // in force
  std::string text;         // the recommendation's text
  std::string action_text;  // the key action's description (empty for a response)
};

// The due dates still owed in `rec` as it stands on `today` (view_as_of):
// each responsible unit's follow-up due date in force until it responds,
// and each key action's due date in force until it is settled. Only those
// of `units` (every unit's when empty). Nothing for a draft or a closed
// recommendation. In the record's order: responses by unit, then actions.
std::vector<DueEvent> due_events(const RecommendationRecord& rec, const std::vector<std::string>& units,
                                 Date today);

// ---- Who hears of a notice, and the day's digests.

// A person mail reaches: a user, or a unit's own address in the directory.
struct Recipient {
  std::string email;
  std::string name;
};

// A notice in a person's digest.
struct DigestEntry {
  Notice notice;
  std::string text;  // the recommendation's text
  // The person hears of it as a copy (the unit's head, of an escalation).
  bool copy = false;
};

// All that one person hears of on a day.
// A reminder given up (its address refused for good, or too many failed
// attempts), reported to the evaluation office once.
struct UndeliveredMail {
  std::string recipient;
  std::string day;  // the day whose reminders it carried
  std::string error;
};

struct Digest {
  Recipient to;
  std::vector<DigestEntry> entries;          // by due date, then reference, unit and action
  std::vector<UndeliveredMail> undelivered;  // for the evaluation office's people
};

// Who hears of a notice (docs/reminders.md, "Who hears of it"). A unit's
// notices (before, due, overdue) go to its focal points: the users of role
// `unit` acting for it that have an address; when none has, to the unit's
// addresses in the directory. An escalation goes to the DG's office (the
// users of role `executive` with an address), and as a copy to the unit's
// addresses in the directory (its head). `unit` is the directory's entry
// for notice.unit, or null. Each address once (compared without case), the
// first naming kept.
std::vector<std::pair<Recipient, bool>> recipients_of(const Notice& notice, const Unit* unit,
                                                      const std::vector<User>& users);

// The day's notices as one digest per person: every notice each recipient
// hears of (recipients_of), grouped under its address, ordered by address.
// Nobody is in the result who hears of nothing. `texts` gives each
// notice's recommendation text, parallel to `notices`.
std::vector<Digest> build_digests(const std::vector<Notice>& notices, const std::vector<std::string>& texts,
                                  const std::vector<Unit>& units, const std::vector<User>& users);

}  // namespace followup
