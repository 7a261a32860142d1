#include "render/ical.h"

#include <gtest/gtest.h>
#include <libical/ical.h>

namespace followup::render {
namespace {

Date on(const char* iso) { return *Date::parse_iso(iso); }

std::vector<DueEvent> two_events() {
  return {DueEvent{"PLACMI-2", 2, "MPRP", 0, on("2001-09-30"), "Improve the flow; of information, now.", {}},
          DueEvent{"PLACMI-2", 2, "MPRP", 4, on("2004-02-29"), "Improve.", "Study the mechanisms"}};
}

CalendarOptions options() {
  CalendarOptions o;
  o.name = "followup: MPRP";
  o.base_url = "https://followup.example.org/";
  o.domain = "followup.example.org";
  o.alarm_days = {14, 3};
  o.now_utc = "2026-11-30T19:00:00Z";
  return o;
}

// What libical reads back from the document, an event a line.
std::vector<std::string> read_back(const std::string& text) {
  std::vector<std::string> out;
  icalcomponent* calendar = icalparser_parse_string(text.c_str());
  EXPECT_NE(calendar, nullptr);
  if (calendar == nullptr) return out;
  EXPECT_EQ(icalcomponent_isa(calendar), ICAL_VCALENDAR_COMPONENT);
  EXPECT_EQ(icalcomponent_count_errors(calendar), 0);
  for (icalcomponent* e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); e != nullptr;
       e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
    const icaltimetype start = icalcomponent_get_dtstart(e);
    std::string line = std::string(icalcomponent_get_uid(e)) + " | " + icaltime_as_ical_string(start) +
                       (start.is_date ? " (date)" : " (time)") + " | " + icalcomponent_get_summary(e) +
                       " | " + icalproperty_get_url(icalcomponent_get_first_property(e, ICAL_URL_PROPERTY)) +
                       " | " + icalcomponent_get_description(e) + " | alarms";
    for (icalcomponent* a = icalcomponent_get_first_component(e, ICAL_VALARM_COMPONENT); a != nullptr;
         a = icalcomponent_get_next_component(e, ICAL_VALARM_COMPONENT)) {
      const icaltriggertype t =
          icalproperty_get_trigger(icalcomponent_get_first_property(a, ICAL_TRIGGER_PROPERTY));
      line += " " + std::string(icaldurationtype_as_ical_string(t.duration));
    }
    out.push_back(line);
  }
  icalcomponent_free(calendar);
  return out;
}

TEST(Calendar, EachDueDateIsAnAllDayEventThatReadsBack) {
  const std::string text = calendar_document(two_events(), options());
  EXPECT_TRUE(text.starts_with("BEGIN:VCALENDAR\r\n")) << text;
  EXPECT_NE(text.find("X-WR-CALNAME:followup: MPRP\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("DTSTAMP:20261130T190000Z\r\n"), std::string::npos) << text;
  EXPECT_EQ(
      read_back(text),
      (std::vector<std::string>{
          "PLACMI-2-2-MPRP-response@followup.example.org | 20010930 (date) | PLACMI-2#2: MPRP's management "
          "response due | https://followup.example.org/recommendations/PLACMI-2/2 | Improve the flow; of "
          "information, now.\n\nhttps://followup.example.org/recommendations/PLACMI-2/2 | alarms -P2W -P3D",
          "PLACMI-2-2-action-4@followup.example.org | 20040229 (date) | PLACMI-2#2: key action 4 of MPRP "
          "due: Study the mechanisms | https://followup.example.org/recommendations/PLACMI-2/2 | "
          "Improve.\n\nhttps://followup.example.org/recommendations/PLACMI-2/2 | alarms -P2W -P3D",
      }));
}

TEST(Calendar, AnEmptyFeedIsAValidCalendar) {
  const std::string text = calendar_document({}, options());
  EXPECT_TRUE(read_back(text).empty());
  EXPECT_NE(text.find("END:VCALENDAR"), std::string::npos);
}

}  // namespace
}  // namespace followup::render
