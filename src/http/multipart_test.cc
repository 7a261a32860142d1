#include "http/multipart.h"

#include <gtest/gtest.h>

namespace followup::http {
namespace {

const std::string k_type = "multipart/form-data; boundary=XyZ";

std::string form(const std::vector<std::string>& parts, bool closed = true) {
  std::string out;
  for (const auto& part : parts) out += "--XyZ\r\n" + part + "\r\n";
  if (closed) out += "--XyZ--\r\n";
  return out;
}

TEST(FormData, ReadsFieldsAndFilesByteForByte) {
  static constexpr char k_bytes[] = "%PDF-1.4\r\n\0\x01\xff--XyZ not a boundary\r\nend";
  const std::string binary(k_bytes, sizeof k_bytes - 1);
  ASSERT_EQ(binary.size(), 38U);
  auto parts = parse_form_data(
      k_type, form({"Content-Disposition: form-data; name=\"request\"\r\n\r\n{\"status\": \"in_progress\"}",
                    "Content-Disposition: form-data; name=\"evidence\"; filename=\"minutes 1.pdf\"\r\n"
                    "Content-Type: application/pdf\r\n\r\n" +
                        binary,
                    "Content-Disposition: form-data; name=\"evidence\"; filename=\"b.txt\"\r\n\r\nplain"}));
  ASSERT_TRUE(parts.ok()) << parts.error().describe();
  ASSERT_EQ(parts->size(), 3U);
  EXPECT_EQ((*parts)[0].name, "request");
  EXPECT_FALSE((*parts)[0].filename.has_value());
  EXPECT_EQ((*parts)[0].body, "{\"status\": \"in_progress\"}");
  EXPECT_EQ((*parts)[1].filename, "minutes 1.pdf");
  EXPECT_EQ((*parts)[1].content_type, "application/pdf");
  EXPECT_EQ((*parts)[1].body, binary);
  EXPECT_EQ((*parts)[2].body, "plain");
}

TEST(FormData, RefusesWhatIsNotAWholeForm) {
  const std::string part = "Content-Disposition: form-data; name=\"request\"\r\n\r\n{}";
  struct Case {
    std::string type, body, message;
  };
  const std::vector<Case> cases = {
      {"application/json", form({part}),
       "the body must be multipart/form-data with a boundary, not 'application/json'"},
      {"multipart/form-data", form({part}),
       "the body must be multipart/form-data with a boundary, not 'multipart/form-data'"},
      {k_type, form({part}, false), "the upload is cut short: its closing boundary is missing"},
      {k_type, form({"Content-Disposition: form-data\r\n\r\nx"}),
       "part 1 of the upload has no name (Content-Disposition: form-data; name=...)"},
  };
  for (const auto& c : cases) {
    auto parts = parse_form_data(c.type, c.body);
    ASSERT_FALSE(parts.ok()) << c.message;
    EXPECT_EQ(parts.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(parts.error().message, c.message);
  }
  std::vector<std::string> many(k_max_form_parts + 1, part);
  EXPECT_EQ(parse_form_data(k_type, form(many)).error().message,
            "the upload has 101 parts; at most 100 are read");
}

}  // namespace
}  // namespace followup::http
