#include "util/totp.h"

#include <gtest/gtest.h>

namespace followup::util {
namespace {

// RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" (base32
// GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ) gives 94287082 at 59 s, of which an
// app showing 6 digits shows the last six.
constexpr const char* k_rfc_secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

TEST(Totp, CodesOfTheRfcVectors) {
  EXPECT_EQ(totp_code(k_rfc_secret, 59), "287082");
  EXPECT_EQ(totp_code(k_rfc_secret, 1111111109), "081804");
  EXPECT_EQ(totp_code(k_rfc_secret, 1234567890), "005924");
  EXPECT_EQ(totp_code(k_rfc_secret, 2000000000), "279037");
}

TEST(Totp, MatchesItsStepAndOneEitherSideOnly) {
  EXPECT_TRUE(totp_matches(k_rfc_secret, "005924", 1234567890));
  EXPECT_TRUE(totp_matches(k_rfc_secret, "005924", 1234567890 + 30));
  EXPECT_TRUE(totp_matches(k_rfc_secret, "005924", 1234567890 - 30));
  EXPECT_FALSE(totp_matches(k_rfc_secret, "005924", 1234567890 + 90));
  EXPECT_FALSE(totp_matches(k_rfc_secret, "005925", 1234567890));
}

TEST(Totp, RefusesMalformedCodesAndSecrets) {
  for (const char* code : {"", "5924", "0059245", "00592a", " 05924"})
    EXPECT_FALSE(totp_matches(k_rfc_secret, code, 1234567890)) << code;
  EXPECT_FALSE(totp_matches("", "005924", 1234567890));
  EXPECT_FALSE(totp_matches("not base32!", "005924", 1234567890));
  EXPECT_FALSE(totp_code("not base32!", 0).has_value());
}

TEST(Totp, NewSecretsWork) {
  const std::string secret = new_totp_secret();
  EXPECT_EQ(secret.size(), 32U);
  EXPECT_NE(secret, new_totp_secret());
  const auto code = totp_code(secret, 1700000000);
  ASSERT_TRUE(code.has_value());
  EXPECT_TRUE(totp_matches(secret, *code, 1700000000));
}

}  // namespace
}  // namespace followup::util
