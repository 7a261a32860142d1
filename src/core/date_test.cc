#include "core/date.h"

#include <gtest/gtest.h>

namespace followup {
namespace {

TEST(Date, ParsesIso) {
  auto d = Date::parse_iso("2001-08-31");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year(), 2001);
  EXPECT_EQ(d->month(), 8);
  EXPECT_EQ(d->day(), 31);
  EXPECT_EQ(d->iso(), "2001-08-31");
}

TEST(Date, RejectsImpossibleAndMalformed) {
  for (const char* bad : {"2002-09-31", "2001-02-29", "2001-13-01", "2001-00-10", "2001-8-31", "01-08-2001",
                          "2001-08-3x", "", "2001/08/31", "2001-08-311"})
    EXPECT_FALSE(Date::parse_iso(bad)) << bad;
  EXPECT_TRUE(Date::parse_iso("2004-02-29"));
}

TEST(Date, Arithmetic) {
  const auto due = *Date::parse_iso("2001-08-31");
  EXPECT_EQ(due.plus_days(1).iso(), "2001-09-01");
  EXPECT_EQ(due.plus_days(1).days_since(due), 1);
  EXPECT_EQ(due.days_since(due.plus_days(5)), -5);
  EXPECT_LT(due, due.plus_days(1));
  EXPECT_EQ(Date::from_ymd(2000, 12, 31)->plus_days(366).iso(), "2002-01-01");
}

TEST(Date, WritesEveryYearWithFourDigitsOrMore) {
  for (const char* text : {"0001-01-01", "0999-10-09", "1000-01-31", "2024-02-29", "9999-12-31"})
    EXPECT_EQ(Date::parse_iso(text)->iso(), text);
  // Past the years a person enters, by arithmetic: still readable.
  EXPECT_EQ(Date::parse_iso("9999-12-31")->plus_days(1).iso(), "10000-01-01");
  EXPECT_EQ(Date::parse_iso("0001-01-01")->plus_days(-1).iso(), "0000-12-31");
}

}  // namespace
}  // namespace followup

namespace followup {
namespace {

TEST(UtcInstant, ParsesAndPrintsBothWays) {
  EXPECT_EQ(parse_utc_instant("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_utc_instant("1970-01-02T01:02:03Z"), 86400 + 3723);
  EXPECT_EQ(parse_utc_instant("1969-12-31T23:59:59Z"), -1);
  EXPECT_EQ(utc_instant(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(utc_instant(0), "1970-01-01T00:00:00Z");
  for (const char* text : {"2026-11-28T04:27:24Z", "2000-02-29T23:59:59Z", "2001-08-31T12:00:00Z"}) {
    const auto seconds = parse_utc_instant(text);
    ASSERT_TRUE(seconds.has_value()) << text;
    EXPECT_EQ(utc_instant(*seconds), text);
  }
  // A day ahead across a month's end and a leap day.
  EXPECT_EQ(utc_instant(*parse_utc_instant("2000-02-28T18:00:00Z") + 86400), "2000-02-29T18:00:00Z");
}

TEST(UtcInstant, RefusesAnythingElse) {
  for (const char* text :
       {"", "2026-11-28", "2026-11-28T04:27:24", "2026-11-28 04:27:24Z", "2026-11-28T24:00:00Z",
        "2026-11-28T04:60:00Z", "2026-11-28T04:27:60Z", "2001-02-29T00:00:00Z", "2026-11-28T4:27:24Z",
        "2026-11-28T04:27:24+00:00", "2026-11-28T0a:27:24Z"})
    EXPECT_FALSE(parse_utc_instant(text).has_value()) << text;
}

}  // namespace
}  // namespace followup
