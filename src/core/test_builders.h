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

}  // namespace followup::testing
