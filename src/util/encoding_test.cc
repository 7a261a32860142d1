#include "util/encoding.h"

#include <gtest/gtest.h>

namespace followup::util {
namespace {

struct EncodingCase {
  std::string name;
  std::string bytes;
  std::string text;
  std::string encoding;
};

TEST(Encoding, DecodesEveryAcceptedForm) {
  const EncodingCase cases[] = {
      {"utf8", "Jos\xC3\xA9\n", "Jos\xC3\xA9\n", "UTF-8"},
      {"utf8 bom", "\xEF\xBB\xBFJos\xC3\xA9", "Jos\xC3\xA9", "UTF-8 with BOM"},
      {"utf16le", std::string("\xFF\xFEJ\0o\0s\0\xE9\0", 10), "Jos\xC3\xA9", "UTF-16LE"},
      {"utf16be", std::string("\xFE\xFF\0J\0o\0s\0\xE9", 10), "Jos\xC3\xA9", "UTF-16BE"},
      {"cp1252", "Jos\xE9 \x93q\x94", "Jos\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D", "WINDOWS-1252"},
      {"crlf", "a\r\nb\rc\n", "a\nb\nc\n", "UTF-8"},
      {"nbsp",
       "a\xC2\xA0"
       "b\xE2\x80\xAF"
       "c",
       "a b c", "UTF-8"},
      {"form feed", "a\fb", "a\nb", "UTF-8"},
  };
  for (const auto& c : cases) {
    const auto r = decode_text(c.bytes);
    ASSERT_TRUE(r.decoded) << c.name << ": " << r.failure.message;
    EXPECT_EQ(r.decoded->text, c.text) << c.name;
    EXPECT_EQ(r.decoded->encoding, c.encoding) << c.name;
  }
}

TEST(Encoding, RejectsWhatCannotBeText) {
  struct Bad {
    std::string bytes;
    std::string message;
  };
  const Bad cases[] = {
      {"\xEF\xBB\xBF"
       "a\xFF",
       "input starts with a UTF-8 byte order mark but is not valid UTF-8"},
      {"ab\ncd\x81", "input is neither UTF-8 nor Windows-1252 text (byte 0x81 at offset 5)"},
      {std::string("abc\0def", 7), "input is binary data, not text (it has NUL characters)"},
      {std::string("\xFF\xFE"
                   "a",
                   3),
       "input starts with a UTF-16LE byte order mark but cannot be decoded as UTF-16LE at byte 2"},
  };
  for (const auto& c : cases) {
    const auto r = decode_text(c.bytes);
    ASSERT_FALSE(r.decoded) << c.message;
    EXPECT_EQ(r.failure.message, c.message);
  }
}

TEST(Encoding, ValidatesUtf8) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("\xE2\x82\xAC"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));      // truncated
}

}  // namespace
}  // namespace followup::util
