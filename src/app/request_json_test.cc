#include "app/request_json.h"

#include <gtest/gtest.h>

#include "app/request_checks.h"

namespace followup::app {
namespace {

std::string error_of(std::string_view text) {
  auto parsed = parse_response_json(text, "r.json");
  return parsed ? std::string() : parsed.error().describe();
}

std::string nested(int depth) {
  const auto levels = static_cast<std::size_t>(depth);
  return std::string(levels, '[') + "1" + std::string(levels, ']');
}

TEST(ResponseJson, DecodesAResponse) {
  auto r = parse_response_json(
      R"({"unit": "MPRP", "decision": "partially_accepted", "rationale": "Only the regional part",
          "actions": [{"description": "Study", "unit": "MPRP", "due": "2002-03-31"}]})",
      "r.json");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->unit, "MPRP");
  EXPECT_EQ(r->decision, Decision::partially_accepted);
  ASSERT_EQ(r->actions.size(), 1U);
  EXPECT_EQ(r->actions[0].due.iso(), "2002-03-31");
}

TEST(ResponseJson, RefusesWithTheFileAndTheFieldNamed) {
  EXPECT_EQ(error_of("[]"), "r.json: not a JSON object");
  EXPECT_EQ(error_of("{"), "r.json: not a JSON object");
  EXPECT_EQ(error_of(R"({"unit": "MMS"})"), "r.json: \"decision\" is required");
  EXPECT_EQ(error_of(R"({"decision": 1})"), "r.json: \"decision\" must be a string");
  EXPECT_EQ(error_of(R"({"decision": "accepted", "rationale": "a\u001b[2J"})"),
            "r.json: rationale contains a control character (U+001B) at byte 1");
  EXPECT_EQ(error_of(R"({"decision": "accepted", "actions": [{"description": "x\u0085", "unit": "MMS",
                         "due": "2001-01-01"}]})"),
            "r.json: action description contains a control character (U+0085) at byte 1");
  EXPECT_EQ(error_of(R"({"decision": "accepted", "actions": [{"description": "x", "unit": "MMS",
                         "due": "2001-02-30"}]})"),
            "r.json: action due '2001-02-30' is not a date (YYYY-MM-DD)");
}

TEST(ResponseJson, ErrorsNameTheSourceAndTheField) {
  auto missing = parse_response_json(R"({"unit": "MMS"})", "r.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().file, "r.json");
  EXPECT_EQ(missing.error().field, "decision");
  EXPECT_EQ(missing.error().message, "\"decision\" is required");
  auto unclean = parse_response_json(
      R"({"decision": "accepted", "actions": [{"description": "x\u0085", "unit": "MMS", "due": "2001-01-01"}]})",
      "r.json");
  ASSERT_FALSE(unclean.ok());
  EXPECT_EQ(unclean.error().field, "action_description");
  EXPECT_EQ(parse_response_json("[]", "r.json").error().field, "");
}

TEST(ResponseJson, BoundsNestingAndActions) {
  // The object is level 1: a value nested 63 deep inside it reaches 64.
  EXPECT_EQ(error_of(R"({"decision": "accepted", "x": )" + nested(63) + "}"), "");
  EXPECT_EQ(error_of(R"({"decision": "accepted", "x": )" + nested(64) + "}"),
            "r.json: nested deeper than 64 levels");
  EXPECT_EQ(error_of(nested(100000)), "r.json: nested deeper than 64 levels");
  std::string actions;
  for (std::size_t i = 0; i <= k_max_actions; ++i)
    actions += std::string(i ? "," : "") + R"({"description": "x", "unit": "MMS", "due": "2001-01-01"})";
  EXPECT_EQ(error_of(R"({"decision": "accepted", "actions": [)" + actions + "]}"),
            "r.json: a response may have at most 500 actions, not 501");
}

}  // namespace
}  // namespace followup::app
