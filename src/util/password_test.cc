#include "util/password.h"

#include <gtest/gtest.h>
#include <set>

namespace followup::util {
namespace {

TEST(Password, HashIsArgon2idAndMatchesOnlyItsPassword) {
  const auto hash = hash_password("correct horse battery");
  ASSERT_TRUE(hash.has_value());
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
  EXPECT_TRUE(password_matches(*hash, "correct horse battery"));
  EXPECT_FALSE(password_matches(*hash, "correct horse batterY"));
  EXPECT_FALSE(password_matches(*hash, ""));
}

TEST(Password, SamePasswordHashesDifferently) {
  const auto a = hash_password("same password");
  const auto b = hash_password("same password");
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);  // a salt of its own each time
}

TEST(Password, MalformedHashMatchesNothing) {
  EXPECT_FALSE(password_matches("", ""));
  EXPECT_FALSE(password_matches("$argon2id$v=19$garbage", "x"));
  EXPECT_FALSE(password_matches(std::string(200, 'a'), "x"));
  EXPECT_FALSE(password_matches(std::string("$argon2id\0x", 11), "x"));
}

TEST(Password, TokensAreUrlSafeAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = random_token();
    EXPECT_EQ(token.size(), 43U);
    EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100U);
}

}  // namespace
}  // namespace followup::util

namespace followup::util {
namespace {

TEST(Base64, RoundTripsAnyBytesAndRefusesWhatIsNotIt) {
  const std::string bytes("\x00\xff\x10memo\n", 8);
  EXPECT_EQ(to_base64(bytes), "AP8QbWVtbwo");
  EXPECT_EQ(from_base64(to_base64(bytes)), bytes);
  EXPECT_EQ(from_base64(""), std::string());
  EXPECT_EQ(from_base64("AP8Q bWVtbwo"), std::nullopt);
  EXPECT_EQ(from_base64("AP8+"), std::nullopt);  // the standard alphabet's '+'
}

}  // namespace
}  // namespace followup::util
