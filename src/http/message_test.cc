#include "http/message.h"

#include <gtest/gtest.h>

namespace followup::http {
namespace {

using Strings = std::vector<std::string>;

TEST(Target, SplitsThePathAndDecodesEachSegment) {
  auto t = parse_target("/api/v1/recommendations/PLACMI-2/1");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->segments, (Strings{"api", "v1", "recommendations", "PLACMI-2", "1"}));
  auto encoded = parse_target("/api/v1/units/MRF%20San%20Jos%C3%A9?x=1");
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(encoded->segments.back(), "MRF San José");
  EXPECT_EQ(parse_target("/")->segments, Strings{});
  EXPECT_EQ(parse_target("/a/")->segments, Strings{"a"});  // a trailing slash is dropped
  EXPECT_EQ(parse_target("/a//b")->segments, (Strings{"a", "", "b"}));
}

TEST(Target, DecodesTheQuery) {
  auto t = parse_target("/x?unit=MRF+Buenos%20Aires&overdue=true&&empty=&flag");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->param("unit"), "MRF Buenos Aires");
  EXPECT_EQ(t->param("overdue"), "true");
  EXPECT_EQ(t->param("empty"), "");
  EXPECT_EQ(t->param("flag"), "");
  EXPECT_EQ(t->param("absent"), std::nullopt);
}

TEST(Target, RefusesWhatCouldEscapeOrIsMalformed) {
  for (const char* bad : {"", "api/v1", "/a/../b", "/a/./b", "/a/%2e%2e/b", "/a/%2E%2E", "/a%2fb", "/a/%zz",
                          "/a/%4", "/a/%", "/a%00b", "/x?a=%", "/x?a=%0", "/x?%00=1", "http://host/a"})
    EXPECT_FALSE(parse_target(bad).has_value()) << bad;
}

TEST(Cookies, FindsTheOneNamed) {
  EXPECT_EQ(cookie_value("a=1; followup_session=tok; b=2", "followup_session"), "tok");
  EXPECT_EQ(cookie_value("followup_session=tok", "followup_session"), "tok");
  EXPECT_EQ(cookie_value("xfollowup_session=tok", "followup_session"), "");
  EXPECT_EQ(cookie_value("", "followup_session"), "");
}

TEST(PercentEncode, KeepsOnlyUnreserved) {
  EXPECT_EQ(percent_encode("minutes 2001.pdf"), "minutes%202001.pdf");
  EXPECT_EQ(percent_encode("é\"\r\n;"), "%C3%A9%22%0D%0A%3B");
}

}  // namespace
}  // namespace followup::http
