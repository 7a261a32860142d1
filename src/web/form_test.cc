#include "web/form.h"

#include <gtest/gtest.h>

namespace followup::web {
namespace {

using nlohmann::json;

TEST(FormJson, MapsEveryKindOfName) {
  const Fields fields{{"csrf", "x"},
                      {"unit", "MMS"},
                      {"rationale", ""},
                      {"roles[]", "unit"},
                      {"roles[]", "viewer"},
                      {"actions_done[]:n", "3"},
                      {"actions[0].description", "Meet"},
                      {"actions[0].due", "2001-10-31"},
                      {"actions[1].description", ""},
                      {"actions[1].due", ""},
                      {"actions[2].description", "Write"},
                      {"action.unit", "MMS"},
                      {"action.due", ""}};
  auto out = form_json(fields, {"csrf"});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, json::parse(R"({"unit": "MMS", "roles": ["unit", "viewer"], "actions_done": [3],
      "actions": [{"description": "Meet", "due": "2001-10-31"}, {"description": "Write"}],
      "action": {"unit": "MMS"}})"));
}

TEST(FormJson, RefusesNamesAndNumbersItDoesNotKnow) {
  for (const auto& [name, value, message] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"Unit", "x", "the form's field 'Unit' is not one this page sends"},
           {"a[0]", "x", "the form's field 'a[0]' is not one this page sends"},
           {"a[100].b", "x", "the form's field 'a[100].b' is not one this page sends"},
           {"a:n", "1", "the form's field 'a:n' is not one this page sends"},
           {"a.b.c", "1", "the form's field 'a.b.c' is not one this page sends"},
           {"ids[]:n", "3x", "'3x' is not a whole number (ids)"},
       }) {
    auto out = form_json({{name, value}}, {});
    ASSERT_FALSE(out) << name;
    EXPECT_EQ(out.error().message, message);
  }
  auto twice = form_json({{"a", "1"}, {"a[0].b", "2"}}, {});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().message, "the form sends 'a' twice");
}

TEST(FormJson, FieldGivesTheFirstValue) {
  EXPECT_EQ(field({{"a", "1"}, {"a", "2"}}, "a"), "1");
  EXPECT_EQ(field({}, "a"), "");
}

}  // namespace
}  // namespace followup::web
