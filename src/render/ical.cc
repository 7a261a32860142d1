#include "render/ical.h"

#include <libical/ical.h>
#include <memory>

namespace followup::render {

namespace {

struct FreeComponent {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using Component = std::unique_ptr<icalcomponent, FreeComponent>;

// A string libical made for its caller (the _r functions).
struct FreeBuffer {
  void operator()(char* text) const { icalmemory_free_buffer(text); }
};

icaltimetype date_of(Date d) {
  icaltimetype t = icaltime_null_date();
  t.year = d.year();
  t.month = d.month();
  t.day = d.day();
  return t;
}

icaltimetype instant_of(std::string_view utc) {
  const auto seconds = parse_utc_instant(utc).value_or(0);
  return icaltime_from_timet_with_zone(static_cast<time_t>(seconds), 0, icaltimezone_get_utc_timezone());
}

std::string summary_of(const DueEvent& e) {
  const std::string ref = e.evaluation + "#" + std::to_string(e.number);
  if (e.action == 0) return ref + ": " + e.unit + "'s management response due";
  return ref + ": key action " + std::to_string(e.action) + " of " + e.unit + " due: " + e.action_text;
}

std::string uid_of(const DueEvent& e, const std::string& domain) {
  const std::string rec = e.evaluation + "-" + std::to_string(e.number);
  return (e.action == 0 ? rec + "-" + e.unit + "-response" : rec + "-action-" + std::to_string(e.action)) +
         "@" + domain;
}

}  // namespace

std::string calendar_document(const std::vector<DueEvent>& events, const CalendarOptions& options) {
  std::string base = options.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  Component calendar(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//followup//due dates//EN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_method(ICAL_METHOD_PUBLISH));
  icalproperty* name = icalproperty_new_x(options.name.c_str());
  icalproperty_set_x_name(name, "X-WR-CALNAME");
  icalcomponent_add_property(calendar.get(), name);
  const icaltimetype stamp = instant_of(options.now_utc);
  for (const auto& e : events) {
    const std::string link = base + "/recommendations/" + e.evaluation + "/" + std::to_string(e.number);
    const std::string summary = summary_of(e);
    icalcomponent* event = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    icalcomponent_add_property(event, icalproperty_new_uid(uid_of(e, options.domain).c_str()));
    icalcomponent_add_property(event, icalproperty_new_dtstamp(stamp));
    icalcomponent_add_property(event, icalproperty_new_dtstart(date_of(e.due)));
    icalcomponent_add_property(event, icalproperty_new_dtend(date_of(e.due.plus_days(1))));
    icalcomponent_add_property(event, icalproperty_new_summary(summary.c_str()));
    icalcomponent_add_property(event, icalproperty_new_description((e.text + "\n\n" + link).c_str()));
    icalcomponent_add_property(event, icalproperty_new_url(link.c_str()));
    icalcomponent_add_property(event, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
    for (int days : options.alarm_days) {
      icalcomponent* alarm = icalcomponent_new(ICAL_VALARM_COMPONENT);
      icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
      icaltriggertype trigger = icaltriggertype_from_int(-days * 24 * 60 * 60);
      icalcomponent_add_property(alarm, icalproperty_new_trigger(trigger));
      icalcomponent_add_property(alarm, icalproperty_new_description(summary.c_str()));
      icalcomponent_add_component(event, alarm);
    }
    icalcomponent_add_component(calendar.get(), event);
  }
  const std::unique_ptr<char, FreeBuffer> text(icalcomponent_as_ical_string_r(calendar.get()));
  return text ? std::string(text.get()) : std::string();
}

}  // namespace followup::render
