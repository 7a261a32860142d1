#include "app/calendar.h"

#include <libical/ical.h>

#include "app/follow_up.h"
#include "app/import.h"
#include "app/test_support.h"
#include "app/users.h"

namespace followup::app {
namespace {

using testing::day;
using testing::user;

// The seed memo issued on 2001-07-20; today is 2002-12-31 (the fixture's
// clock): nobody has responded, MRF Buenos Aires has, with a key action
// of MMS due 2003-03-31.
class CalendarTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    import_seed(user("eva", {Role::evaluation}),
                {user("dg", {Role::executive}), user("ba", {Role::unit}, {"MRF-BA"}),
                 user("mms", {Role::unit}, {"MMS"}), user("mprp", {Role::unit}, {"MPRP"}),
                 user("both", {Role::unit}, {"MMS", "MPRP"})});
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(issue_evaluation(session("eva"), "PLACMI-2", day("2001-07-20")));
    ResponseRequest r{"MRF-BA", Decision::accepted, "", {}};
    r.actions = {{"Agree the parameters for collaboration", "MMS", day("2003-03-31")}};
    ASSERT_TRUE(respond(session("ba"), "PLACMI-2#1", r, day("2001-08-20")));
    m_settings.public_url = "https://followup.example.org";
  }

  // UID and date of each event of the feed at `path`.
  std::vector<std::string> events(const std::string& path) {
    const std::string token = path.substr(std::string("/calendar/").size(), path.size() - 14);
    auto text = calendar_at(*m_store, m_clock, token, m_settings);
    EXPECT_TRUE(text.ok()) << text.error().describe();
    if (!text.ok()) return {};
    std::vector<std::string> out;
    icalcomponent* calendar = icalparser_parse_string(text->c_str());
    for (icalcomponent* e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); e != nullptr;
         e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT))
      out.push_back(std::string(icalcomponent_get_uid(e)) + " " +
                    icaltime_as_ical_string(icalcomponent_get_dtstart(e)));
    icalcomponent_free(calendar);
    return out;
  }

  ReminderSettings m_settings;
};

TEST_F(CalendarTest, AUnitsFeedHoldsWhatItOwes) {
  auto mms = create_calendar_feed(session("mms"), "unit", "MMS");
  ASSERT_TRUE(mms.ok()) << mms.error().describe();
  EXPECT_EQ(mms->path.size(), std::string("/calendar/.ics").size() + 43);
  EXPECT_EQ(events(mms->path), (std::vector<std::string>{"PLACMI-2-2-MMS-response@localhost 20010831",
                                                         "PLACMI-2-1-action-1@localhost 20030331"}));
}

TEST_F(CalendarTest, AUsersFeedHoldsItsUnitsOnceEachAndTheOfficesEverything) {
  auto both = create_calendar_feed(session("both"), "user", "both");
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(events(both->path), (std::vector<std::string>{"PLACMI-2-2-MMS-response@localhost 20010831",
                                                          "PLACMI-2-2-MPRP-response@localhost 20010831",
                                                          "PLACMI-2-1-action-1@localhost 20030331"}));
  auto dg = create_calendar_feed(session("dg"), "user", "dg");
  ASSERT_TRUE(dg.ok());
  EXPECT_EQ(events(dg->path).size(), 3u);
}

TEST_F(CalendarTest, ARevokedOrUnknownAddressIsNotFound) {
  auto feed = create_calendar_feed(session("eva"), "unit", "MPRP");
  ASSERT_TRUE(feed.ok());
  ASSERT_TRUE(revoke_calendar_feed(session("mprp"), feed->feed.id));
  const std::string token = feed->path.substr(10, 43);
  EXPECT_EQ(calendar_at(*m_store, m_clock, token, m_settings).error().code, ErrorCode::not_found);
  EXPECT_EQ(calendar_at(*m_store, m_clock, "not-a-token", m_settings).error().code, ErrorCode::not_found);
  auto listed = calendar_feeds(session("mprp"));
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().revoked_at, "2002-12-31T09:00:00Z");
  EXPECT_EQ(listed->front().created_by, "eva");
  EXPECT_EQ(listed->front().token_hash.size(), 64u);
}

TEST_F(CalendarTest, OnlyItsOwnerTheOfficeOrAnAdminManagesAFeed) {
  EXPECT_EQ(create_calendar_feed(session("mms"), "unit", "MPRP").error().code, ErrorCode::permission_denied);
  EXPECT_EQ(create_calendar_feed(session("mms"), "user", "mprp").error().code, ErrorCode::permission_denied);
  EXPECT_EQ(create_calendar_feed(session("dg"), "unit", "MMS").error().code, ErrorCode::permission_denied);
  EXPECT_EQ(create_calendar_feed(session("eva"), "unit", "NOPE").error().code, ErrorCode::not_found);
  EXPECT_EQ(create_calendar_feed(session("root"), "team", "MMS").error().code, ErrorCode::invalid_argument);
  auto feed = create_calendar_feed(session("root"), "user", "mprp");
  ASSERT_TRUE(feed.ok());
  EXPECT_EQ(revoke_calendar_feed(session("mms"), feed->feed.id).error().code, ErrorCode::permission_denied);
  EXPECT_EQ(revoke_calendar_feed(session("mprp"), 999).error().code, ErrorCode::not_found);
  EXPECT_TRUE(calendar_feeds(session("mms"))->empty());
  EXPECT_EQ(calendar_feeds(session("mprp"))->size(), 1u);
}

}  // namespace
}  // namespace followup::app
