// Calendar feeds (docs/reminders.md, "Calendar feeds"): a unit's or a
// person's due dates as an iCalendar document at an address holding a
// secret token, which its owner (or the office, or an admin) creates and
// revokes. The events come from core/reminders.h (due_events), the
// document from render/ical.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/reminders.h"
#include "app/session.h"

namespace followup::app {

// A feed's events are read up to this many; a feed holds no more.
inline constexpr std::size_t k_calendar_max_events = 10000;

struct NewCalendarFeed {
  CalendarFeed feed;
  std::string token;  // shown once: only its hash is kept
  std::string path;   // "/calendar/TOKEN.ics", under the server's address
};

// Creates a feed of the unit `owner` (kind "unit") or of the user `owner`
// (kind "user"). A unit's feed: for an admin, the evaluation office, or a
// user of that unit; a user's: for that user or an admin
// (permission_denied otherwise). invalid_argument for another kind;
// not_found for an unknown unit or user.
Result<NewCalendarFeed> create_calendar_feed(const Session& session, std::string_view kind,
                                             std::string_view owner);

// Revokes feed `id`: its address answers 404 from then on. The same
// permissions; not_found for an unknown id.
Status revoke_calendar_feed(const Session& session, long long id);

// The feeds the acting user may revoke (all of them for an admin or the
// evaluation office), revoked ones included, by id.
Result<std::vector<CalendarFeed>> calendar_feeds(const Session& session);

// The iCalendar document at a feed's address, as of the clock's today:
// what the unit owes, or what the user's units owe (everything open, for a
// user who sees everything: the office, the DG's office, viewers, admins),
// at most k_calendar_max_events events, with an alarm at each of the
// policy's days_before. not_found for a token no feed in use holds.
Result<std::string> calendar_at(Store& store, const env::Clock& clock, std::string_view token,
                                const ReminderSettings& settings);

}  // namespace followup::app
