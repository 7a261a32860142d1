// The due dates a unit or a person owes (core/reminders.h, DueEvent) as an
// iCalendar document (RFC 5545) for a calendar feed, written with libical
// (docs/reminders.md, "Calendar feeds"). Pure but for libical.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/reminders.h"

namespace followup::render {

struct CalendarOptions {
  std::string name;                 // the calendar's name (X-WR-CALNAME)
  std::string base_url;             // each event links to its recommendation's page under it
  std::string domain = "followup";  // the right-hand part of every UID
  std::vector<int> alarm_days;      // a reminder inside each event, this many days before
  std::string now_utc;              // DTSTAMP: "2026-11-30T19:00:00Z"
};

// One VEVENT per due date: an all-day event on the date (DTSTART as a
// DATE), with a UID that stays the same while the date moves
// ("PLACMI-2-2-MPRP-response@DOMAIN", "PLACMI-2-2-action-4@DOMAIN"), a
// summary with the reference and what is due, the recommendation's text
// and the link as description, the link as URL, and a display alarm for
// each of alarm_days.
std::string calendar_document(const std::vector<DueEvent>& events, const CalendarOptions& options);

}  // namespace followup::render
