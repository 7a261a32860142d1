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

}  // namespace
}  // namespace followup::util
