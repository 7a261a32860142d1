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

}  // namespace
}  // namespace followup
