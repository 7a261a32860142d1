// Builders the core tests share: dates from ISO text and follow-up facts
// with only the fields a test cares about. Test code only.
#pragma once

#include <string>

#include "core/model.h"

namespace followup::testing {

inline Date d(const char* iso) { return *Date::parse_iso(iso); }

// A unit's management response on a date; no rationale and no actions.
inline ManagementResponse response(const char* unit, const char* on, Decision decision = Decision::accepted) {
  ManagementResponse m;
  m.unit = unit;
  m.decision = decision;
  m.responded = d(on);
  m.by = "someone";
  return m;
}

// A unit's progress report claiming `status` on a date; no evidence.
inline ProgressReport report(const char* unit, ClaimedStatus status, const char* on) {
  ProgressReport p;
  p.unit = unit;
  p.status = status;
  p.text = "done what we could";
  p.reported = d(on);
  return p;
}

// A key action proposed on `added` (by default, never dated).
inline KeyAction action(long long id, const char* description, const char* unit, const char* due,
                        const char* added = "2000-01-01") {
  KeyAction a;
  a.id = id;
  a.description = description;
  a.unit = unit;
  a.due = d(due);
  a.added = d(added);
  return a;
}

// An action event setting a status on a date.
inline ActionEvent status_event(ActionStatus status, const char* on) {
  ActionEvent e;
  e.on = d(on);
  e.status = status;
  return e;
}

inline Validation validation(const char* rating, const char* on, const char* comment = "seen") {
  Validation v;
  v.rating = rating;
  v.comment = comment;
  v.validated = d(on);
  v.by = "oig";
  return v;
}

inline ClosingEvent closing(Outcome outcome, const char* on) {
  ClosingEvent c;
  c.outcome = outcome;
  c.on = d(on);
  c.by = "oig";
  return c;
}

inline ClosingEvent reopening(const char* on, const char* reason = "new facts") {
  ClosingEvent c;
  c.reopening = true;
  c.on = d(on);
  c.by = "oig";
  c.reason = reason;
  return c;
}

// PLACMI-2#2, held jointly by MMS and MPRP, due 2001-08-31: a draft.
inline RecommendationRecord joint_draft() {
  RecommendationRecord r;
  r.evaluation = "PLACMI-2";
  r.rec.number = 2;
  r.rec.text = "Improve the flow of information.";
  r.rec.units = {"MMS", "MPRP"};
  r.rec.responsible = {"MMS", "MPRP"};
  r.rec.due = d("2001-08-31");
  return r;
}

inline Extension extension(const char* unit, const char* due, const char* granted) {
  Extension e;
  e.unit = unit;
  e.due = d(due);
  e.granted = d(granted);
  e.reason = "granted";
  e.by = "oig";
  return e;
}

}  // namespace followup::testing
