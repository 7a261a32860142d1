#include "util/clean_text.h"

#include <gtest/gtest.h>

namespace followup::util {
namespace {

TEST(CleanText, AcceptsTextTabsAndLineFeeds) {
  for (std::string_view ok : {"", "plain", "two\nlines\tand a tab", "São Paulo — “quoted” 東京", "emoji 😀"})
    EXPECT_EQ(unclean_text_problem(ok), "") << ok;
}

TEST(CleanText, NamesTheFirstControlCharacterOrBadByte) {
  EXPECT_EQ(unclean_text_problem("a\x1b[31m"), "contains a control character (U+001B) at byte 1");
  EXPECT_EQ(unclean_text_problem(std::string("\0", 1)), "contains a control character (U+0000) at byte 0");
  EXPECT_EQ(unclean_text_problem("a\rb"), "contains a control character (U+000D) at byte 1");
  EXPECT_EQ(unclean_text_problem("x\x7f"), "contains a control character (U+007F) at byte 1");
  EXPECT_EQ(unclean_text_problem("ab\xC2\x9B"), "contains a control character (U+009B) at byte 2");
  EXPECT_EQ(unclean_text_problem("abc\xff"), "is not valid UTF-8 at byte 3");
  EXPECT_EQ(unclean_text_problem("\xC0\xAF"), "is not valid UTF-8 at byte 0");      // overlong '/'
  EXPECT_EQ(unclean_text_problem("\xED\xA0\x80"), "is not valid UTF-8 at byte 0");  // a surrogate
}

TEST(CleanText, EscapesWhatATerminalWouldObey) {
  EXPECT_EQ(escape_for_terminal("a\x1b[2Jb"), "a\\x1B[2Jb");
  EXPECT_EQ(escape_for_terminal("keep\n\tthese"), "keep\n\tthese");
  EXPECT_EQ(escape_for_terminal("\r\x07\x7f"), "\\x0D\\x07\\x7F");
  EXPECT_EQ(escape_for_terminal("\xC2\x9B"
                                "31m"),
            "\\u009B31m");
  EXPECT_EQ(escape_for_terminal("abc\xE2\x80\xAE"
                                "fdp.exe"),
            "abc\\u202Efdp.exe");
  EXPECT_EQ(escape_for_terminal("\xff\xfe"), "\\xFF\\xFE");
  EXPECT_EQ(escape_for_terminal("São 東京"), "São 東京");
}

TEST(CleanText, FileNamesLoseFoldersControlsAndOverrides) {
  EXPECT_EQ(safe_file_name("minutes.pdf"), "minutes.pdf");
  EXPECT_EQ(safe_file_name("/tmp/x/minutes.pdf"), "minutes.pdf");
  EXPECT_EQ(safe_file_name("C:\\Users\\a\\minutes.pdf"), "minutes.pdf");
  EXPECT_EQ(safe_file_name("in\x1b[31mvoice\n.pdf"), "in[31mvoice.pdf");
  EXPECT_EQ(safe_file_name("report\xE2\x80\xAE"
                           "fdp.exe"),
            "reportfdp.exe");
  EXPECT_EQ(safe_file_name("bad\xff.txt"), "bad.txt");
  EXPECT_EQ(safe_file_name(""), "evidence");
  EXPECT_EQ(safe_file_name("folder/"), "evidence");
  EXPECT_EQ(safe_file_name("\x01\x02"), "evidence");
  EXPECT_EQ(safe_file_name(std::string(300, 'a')), std::string(255, 'a'));
  // 127 two-byte letters are 254 bytes; the 128th would pass 255 and is left out whole.
  std::string accents;
  for (int i = 0; i < 130; ++i) accents += "é";
  const auto capped = safe_file_name(accents);
  EXPECT_EQ(capped.size(), 254U);
  EXPECT_EQ(unclean_text_problem(capped), "");
}

}  // namespace
}  // namespace followup::util
