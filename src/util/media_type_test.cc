#include "util/media_type.h"

#include <gtest/gtest.h>

namespace followup::util {
namespace {

TEST(MediaType, JudgesByContent) {
  EXPECT_EQ(media_type_of("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"), "application/pdf");
  EXPECT_EQ(media_type_of(std::string_view("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)), "image/png");
  EXPECT_EQ(media_type_of("Minutes of the meeting of the four MRFs.\n"), "text/plain");
  EXPECT_EQ(media_type_of("<!DOCTYPE html><html><script>alert(1)</script></html>"), "text/html");
  EXPECT_EQ(media_type_of(std::string_view("\x7f"
                                           "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0",
                                           20))
                .rfind("application/x-", 0),
            0u);
}

TEST(ActiveMarkup, FindsWhatABrowserWouldRunAnywhere) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"%PDF-1.4\n<html><script>alert(1)</script></html>", "<html"},
      {"Minutes\n<SVG xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "<svg"},
      {"notes <img src=x onerror =alert(1)>", "onerror="},
      {"<a href=\"JavaScript:alert(1)\">x</a>", "javascript:"},
      {"see vbscript:msgbox", "vbscript:"},
      {"<iframe src=x>", "<iframe"},
      {"<object data=x>", "<object"},
      {"<embed src=x>", "<embed"},
      {"<div/onmouseover=alert(1)>", "onmouseover="},
      {std::string("\xFF\xFE<\0s\0c\0r\0i\0p\0t\0>\0", 18), "<script"},  // UTF-16LE
      {std::string("\xFE\xFF\0<\0h\0t\0m\0l", 12), "<html"},             // UTF-16BE
  };
  for (const auto& [content, token] : cases) EXPECT_EQ(active_markup_in(content), token) << content;
}

TEST(ActiveMarkup, LeavesPlainTextAlone) {
  for (std::string_view plain : {"The meeting took place on 12 October; one=1, onset = 5.",
                                 "a < b and on the one hand, online=yes", "html and script are words", ""})
    EXPECT_EQ(active_markup_in(plain), "") << plain;
  // Past the window nothing is looked at.
  EXPECT_EQ(active_markup_in(std::string(20, 'a') + "<script", 20), "");
}

}  // namespace
}  // namespace followup::util
