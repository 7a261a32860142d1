#include "app/request_checks.h"

#include <gtest/gtest.h>

namespace followup::app {
namespace {

std::string message_of(const Status& st) { return st ? std::string() : st.error().message; }

TEST(RequestChecks, TextFieldsAreCleanBoundedAndWhenRequiredNotBlank) {
  EXPECT_EQ(message_of(check_text_field("text", "fine\nand\ttabbed")), "");
  EXPECT_EQ(message_of(check_text_field("text", "a\x1b[2J")),
            "text contains a control character (U+001B) at byte 1");
  EXPECT_EQ(message_of(check_text_field("rationale", "ok\xff")), "rationale is not valid UTF-8 at byte 2");
  EXPECT_EQ(message_of(check_text_field("comment", " \n", true)), "comment is empty");
  EXPECT_EQ(message_of(check_text_field("comment", "", false)), "");
  EXPECT_EQ(message_of(check_text_field("text", std::string(k_max_text_bytes, 'a'))), "");
  EXPECT_EQ(message_of(check_text_field("text", std::string(k_max_text_bytes + 1, 'a'))),
            "text is longer than 65536 bytes");
}

TEST(RequestChecks, ResponseNamesTheFieldAndBoundsTheActions) {
  ResponseRequest r{"MMS", Decision::accepted, "why\x07", {}};
  EXPECT_EQ(message_of(check_response_request(r)),
            "rationale contains a control character (U+0007) at byte 3");
  r.rationale = "why";
  r.actions.push_back({"do\x9b", "MMS", Date{}});
  EXPECT_EQ(message_of(check_response_request(r)), "action description is not valid UTF-8 at byte 2");
  r.actions[0].description = " ";
  EXPECT_EQ(message_of(check_response_request(r)), "action description is empty");
  r.actions.assign(k_max_actions + 1, ActionRequest{"do", "MMS", Date{}});
  EXPECT_EQ(message_of(check_response_request(r)), "a response may have at most 500 actions, not 501");
  r.actions.resize(k_max_actions);
  EXPECT_EQ(message_of(check_response_request(r)), "");
}

TEST(RequestChecks, ProgressRefusesAnActionDoneTwice) {
  ProgressRequest p{"MMS", ClaimedStatus::in_progress, "done", {3, 4, 3}, {}};
  EXPECT_EQ(message_of(check_progress_request(p)), "action 3 is given twice as done");
  p.actions_done = {3, 4};
  EXPECT_EQ(message_of(check_progress_request(p)), "");
  p.text = "";
  EXPECT_EQ(message_of(check_progress_request(p)), "text is empty");
}

std::string field_of(const Status& st) { return st ? std::string() : st.error().field; }

TEST(RequestChecks, ErrorsCarryTheFieldAtFault) {
  EXPECT_EQ(field_of(check_text_field("rationale", "a\x1b")), "rationale");
  EXPECT_EQ(field_of(check_text_field("action description", "", true)), "action_description");
  EXPECT_EQ(field_of(check_text_field("head title", "\x07")), "head_title");
  ProgressRequest p{"MMS", ClaimedStatus::in_progress, "done", {3, 3}, {}};
  EXPECT_EQ(field_of(check_progress_request(p)), "actions_done");
  RecommendationEdit edit;
  edit.units = std::vector<std::string>{};
  EXPECT_EQ(field_of(check_edit_request(edit)), "units");
  ResponseRequest r{"MMS", Decision::accepted, "", {}};
  r.actions.assign(k_max_actions + 1, ActionRequest{"do", "MMS", Date{}});
  EXPECT_EQ(field_of(check_response_request(r)), "actions");
}

TEST(RequestChecks, StepsNameTheirFields) {
  EXPECT_EQ(message_of(check_validation_request({"implemented", ""})), "comment is empty");
  EXPECT_EQ(message_of(check_reopen_request({"\t"})), "reason is empty");
  CloseRequest closing;
  closing.waiver = "\x1b";
  EXPECT_EQ(message_of(check_closing_request(closing)),
            "waiver contains a control character (U+001B) at byte 0");
  closing.waiver.clear();
  closing.override_reason = "ok\x07";
  EXPECT_EQ(message_of(check_closing_request(closing)),
            "override contains a control character (U+0007) at byte 2");
  EXPECT_EQ(message_of(check_extension_request({"", Date{}, " "})), "reason is empty");
  EXPECT_EQ(message_of(check_add_action_request({"MMS\x1b", {"do", "MMS", Date{}}})),
            "unit contains a control character (U+001B) at byte 3");
  RecommendationEdit edit;
  edit.units = std::vector<std::string>{};
  EXPECT_EQ(message_of(check_edit_request(edit)), "no unit given");
  Unit unit{"FIN", "Fin\x1b", "", "", "", {}, {}};
  EXPECT_EQ(message_of(check_unit(unit)), "name contains a control character (U+001B) at byte 3");
  // The unit-code rule of core/unit_code.h, the one app::add_unit and the store apply.
  EXPECT_EQ(message_of(check_unit(Unit{"fin", "Finance", "", "", "", {}, {}})),
            "unit code 'fin' must be 1-20 characters of A-Z, 0-9 and '-'");
  EXPECT_TRUE(check_unit(Unit{"FIN-2", "Finance", "", "", "", {}, {}}));
  User user{"eva", "Eva\r", "", {}, {}};
  EXPECT_EQ(message_of(check_user(user)), "full name contains a control character (U+000D) at byte 3");
}

}  // namespace
}  // namespace followup::app
