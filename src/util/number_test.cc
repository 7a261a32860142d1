#include "util/number.h"

#include <gtest/gtest.h>

namespace followup::util {
namespace {

TEST(WholeNumber, TakesDigitsInRange) {
  EXPECT_EQ(parse_whole_number("10", 1, 100).value, 10);
  EXPECT_EQ(parse_whole_number("0010", 1, 100).value, 10);
  EXPECT_EQ(parse_whole_number("1", 1, 1).value, 1);
  EXPECT_EQ(parse_whole_number("9223372036854775807", 0, 9223372036854775807LL).value, 9223372036854775807LL);
}

TEST(WholeNumber, RefusesEverythingElseSayingWhy) {
  const std::string not_number = "is not a whole number (digits 0-9 only)";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "is empty"},
      {"99999999999999999999", "is too large (at most 100)"},
      {"101", "is too large (at most 100)"},
      {"0", "is too small (at least 1)"},
      {" 10", not_number},
      {"10 ", not_number},
      {"1e3", not_number},
      {"0x10", not_number},
      {"-5", not_number},
      {"+5", not_number},
      {"1.0", not_number},
      {"1_000", not_number},
      {std::string("1\0", 2), not_number},
      {"\xD9\xA1", not_number},  // ARABIC-INDIC DIGIT ONE
  };
  for (const auto& [text, problem] : cases) {
    const auto parsed = parse_whole_number(text, 1, 100);
    EXPECT_FALSE(parsed.value) << text;
    EXPECT_EQ(parsed.problem, problem) << text;
  }
}

}  // namespace
}  // namespace followup::util
