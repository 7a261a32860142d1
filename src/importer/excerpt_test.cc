#include "importer/excerpt.h"

#include <gtest/gtest.h>

namespace followup::importer::detail {
namespace {

TEST(Excerpt, ShortTextIsQuotedWholeWithWhiteSpaceFolded) {
  EXPECT_EQ(excerpt("  31\tAugust \n 2001 "), "31 August 2001");
  EXPECT_EQ(excerpt(""), "");
}

TEST(Excerpt, LongTextIsCutWithAnEllipsis) {
  EXPECT_EQ(excerpt(std::string(150, 'a')), std::string(100, 'a') + "\xE2\x80\xA6");
  EXPECT_EQ(excerpt(std::string(100, 'a')), std::string(100, 'a'));
  EXPECT_EQ(excerpt("abcdef", 3), "abc\xE2\x80\xA6");
}

TEST(Excerpt, CutsOnACodePointBoundary) {
  std::string text = "a";
  for (int i = 0; i < 60; ++i) text += "\xC3\xA9";  // é
  std::string expected = "a";
  for (int i = 0; i < 49; ++i) expected += "\xC3\xA9";
  EXPECT_EQ(excerpt(text), expected + "\xE2\x80\xA6");
}

TEST(Excerpt, DropsTheSpaceBeforeTheEllipsis) { EXPECT_EQ(excerpt("abc def", 4), "abc\xE2\x80\xA6"); }

}  // namespace
}  // namespace followup::importer::detail
