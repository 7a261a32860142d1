#include "util/sha256.h"

#include <gtest/gtest.h>
#include <string>

namespace followup::util {
namespace {

// Vectors from FIPS 180-2 and NIST's example values.
TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, MillionAs) {
  EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, BinaryContentWithNulBytes) {
  std::string data("a\0b", 3);
  EXPECT_NE(sha256_hex(data), sha256_hex("ab"));
  EXPECT_EQ(sha256_hex(data).size(), 64U);
}

TEST(Sha256Test, IncrementalEqualsOneShot) {
  Sha256 h;
  h.update("abcdbcdecdefdefgefghfghighij");
  h.update("");
  h.update("hijkijkljklmklmnlmnomnopnopq");
  EXPECT_EQ(h.finish_hex(), sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
}

TEST(Sha256Test, RecognisesDigestSpelling) {
  EXPECT_TRUE(is_sha256_hex(sha256_hex("x")));
  EXPECT_FALSE(is_sha256_hex(""));
  EXPECT_FALSE(is_sha256_hex("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
  EXPECT_FALSE(is_sha256_hex(std::string(63, 'a')));
  EXPECT_FALSE(is_sha256_hex(std::string(65, 'a')));
  EXPECT_FALSE(is_sha256_hex(std::string(63, 'a') + "g"));
}

}  // namespace
}  // namespace followup::util

namespace followup::util {
namespace {

TEST(Hex, RoundTripsAndRefusesWhatIsNotHex) {
  const std::string bytes("\x00\x7f\x80\xff", 4);
  EXPECT_EQ(to_hex(bytes), "007f80ff");
  EXPECT_EQ(from_hex("007f80ff"), bytes);
  EXPECT_EQ(from_hex(""), std::string());
  EXPECT_FALSE(from_hex("abc"));
  EXPECT_FALSE(from_hex("0G"));
  EXPECT_FALSE(from_hex("AB")) << "upper case is not the spelling the store writes";
}

}  // namespace
}  // namespace followup::util
