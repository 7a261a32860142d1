#include "app/request_json.h"

#include <gtest/gtest.h>

#include "app/request_checks.h"
#include "core/names.h"

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

// Every other request decodes its fields and refuses, in these words, what
// it cannot take; the source and the field are named.
template <typename Request>
std::string refusal(Result<Request> (*decode)(std::string_view, std::string_view), std::string_view text) {
  auto parsed = decode(text, "b.json");
  return parsed ? std::string() : parsed.error().describe();
}

TEST(RequestJson, DecodesEveryStepsRequest) {
  auto edit = parse_edit_json(R"({"text": "New text", "units": ["MMS", "MPRP"], "priority": "high",
                                  "reason": "Clearer"})",
                              "b.json");
  ASSERT_TRUE(edit) << edit.error().describe();
  EXPECT_EQ(*edit->text, "New text");
  EXPECT_EQ(*edit->units, (std::vector<std::string>{"MMS", "MPRP"}));
  EXPECT_EQ(*edit->priority, Priority::high);
  EXPECT_FALSE(edit->due.has_value());

  auto added = parse_add_action_json(
      R"({"unit": "MRF-DAKAR", "action": {"description": "Report", "unit": "MRF-DAKAR", "due": "2099-09-30"}})",
      "b.json");
  ASSERT_TRUE(added) << added.error().describe();
  EXPECT_EQ(added->unit, "MRF-DAKAR");
  EXPECT_EQ(added->action.due.iso(), "2099-09-30");

  auto progress = parse_progress_json(
      R"({"unit": "MMS", "status": "implemented", "text": "Done", "actions_done": [1, 2]})", "b.json");
  ASSERT_TRUE(progress) << progress.error().describe();
  EXPECT_EQ(progress->status, ClaimedStatus::implemented);
  EXPECT_EQ(progress->actions_done, (std::vector<long long>{1, 2}));

  auto validation =
      parse_validation_json(R"({"rating": "implemented", "comment": "Minutes seen"})", "b.json");
  ASSERT_TRUE(validation);
  EXPECT_EQ(validation->comment, "Minutes seen");

  auto closing =
      parse_closing_json(R"({"outcome": "implemented", "override": "Agreed in writing"})", "b.json");
  ASSERT_TRUE(closing);
  EXPECT_EQ(closing->outcome, Outcome::implemented);
  EXPECT_EQ(closing->override_reason, "Agreed in writing");
  EXPECT_TRUE(closing->evidence.empty());

  auto reopen = parse_reopen_json(R"({"reason": "Never agreed"})", "b.json");
  ASSERT_TRUE(reopen);
  EXPECT_EQ(reopen->reason, "Never agreed");

  auto extension =
      parse_extension_json(R"({"unit": "MPRP", "due": "2001-09-30", "reason": "Asked"})", "b.json");
  ASSERT_TRUE(extension);
  EXPECT_EQ(extension->due.iso(), "2001-09-30");

  auto update =
      parse_action_update_json(R"({"unit": "MMS", "status": "cancelled", "reason": "Moot"})", "b.json");
  ASSERT_TRUE(update);
  EXPECT_EQ(*update->status, ActionStatus::cancelled);
  EXPECT_FALSE(update->due.has_value());
}

TEST(RequestJson, DecodesUnitsAndUsers) {
  auto unit = parse_unit_json(R"({"code": "FIN", "name": "Finance", "head_title": "Director, FIN",
                                  "aliases": ["Finance and Administration"]})",
                              "b.json");
  ASSERT_TRUE(unit) << unit.error().describe();
  EXPECT_EQ(unit->head_title, "Director, FIN");
  EXPECT_EQ(unit->aliases, std::vector<std::string>{"Finance and Administration"});

  auto edit = parse_unit_edit_json(R"({"head_title": "Chief, FIN", "emails": []})", "b.json");
  ASSERT_TRUE(edit);
  EXPECT_EQ(*edit->head_title, "Chief, FIN");
  EXPECT_TRUE(edit->emails->empty());
  EXPECT_FALSE(edit->name.has_value());
  EXPECT_TRUE(edit->code.empty());

  auto user = parse_user_json(R"({"name": "mms", "roles": ["unit"], "units": ["MMS"]})", "b.json");
  ASSERT_TRUE(user) << user.error().describe();
  EXPECT_EQ(user->roles, std::vector<Role>{Role::unit});
  EXPECT_EQ(user->units, std::vector<std::string>{"MMS"});
}

TEST(RequestJson, RefusesInTheSourcesWords) {
  EXPECT_EQ(refusal(parse_edit_json, "{}"),
            "b.json: nothing to edit: give \"text\", \"due\", \"units\" or \"priority\"");
  EXPECT_EQ(refusal(parse_edit_json, R"({"due": "2001-02-30"})"),
            "b.json: due '2001-02-30' is not a date (YYYY-MM-DD)");
  EXPECT_EQ(refusal(parse_edit_json, R"({"units": "MMS"})"), "b.json: \"units\" must be an array of strings");
  EXPECT_EQ(refusal(parse_edit_json, R"({"units": []})"), "b.json: no unit given");
  EXPECT_EQ(refusal(parse_edit_json, R"({"priority": "urgent"})"),
            "b.json: priority 'urgent' is not one of normal, high");
  EXPECT_EQ(refusal(parse_add_action_json, R"({"unit": "MMS"})"), "b.json: \"action\" is required");
  EXPECT_EQ(refusal(parse_add_action_json, R"({"unit": "MMS", "action": {"description": "x"}})"),
            "b.json: each action needs \"description\", \"unit\" and \"due\" as strings");
  EXPECT_EQ(refusal(parse_progress_json, R"({"status": "in_progress"})"), "b.json: \"text\" is required");
  EXPECT_EQ(refusal(parse_progress_json, R"({"status": "finished", "text": "x"})"),
            "b.json: status 'finished' is not one of " + std::string(claimed_status_words()));
  EXPECT_EQ(refusal(parse_progress_json, R"({"status": "in_progress", "text": "x", "actions_done": ["1"]})"),
            "b.json: \"actions_done\" must be an array of whole numbers");
  EXPECT_EQ(refusal(parse_progress_json, R"({"status": "in_progress", "text": "x", "actions_done": [3, 3]})"),
            "b.json: action 3 is given twice as done");
  EXPECT_EQ(refusal(parse_validation_json, R"({"rating": "implemented", "comment": " "})"),
            "b.json: comment is empty");
  EXPECT_EQ(refusal(parse_closing_json, R"({"waiver": "x"})"), "b.json: \"outcome\" is required");
  EXPECT_EQ(refusal(parse_closing_json, R"({"outcome": "implemented", "waiver": "\u001b"})"),
            "b.json: waiver contains a control character (U+001B) at byte 0");
  EXPECT_EQ(refusal(parse_reopen_json, R"({"reason": 3})"), "b.json: \"reason\" must be a string");
  EXPECT_EQ(refusal(parse_extension_json, R"({"reason": "x"})"), "b.json: \"due\" is required");
  EXPECT_EQ(refusal(parse_action_update_json, R"({"unit": "MMS", "status": "done!"})"),
            "b.json: status 'done!' is not one of " + std::string(action_status_words()));
  EXPECT_EQ(refusal(parse_unit_json, R"({"code": "FIN"})"), "b.json: \"name\" is required");
  EXPECT_EQ(refusal(parse_unit_json, R"({"code": "FIN", "name": "F\u001b"})"),
            "b.json: name contains a control character (U+001B) at byte 1");
  EXPECT_EQ(refusal(parse_unit_edit_json, R"({"aliases": [1]})"),
            "b.json: \"aliases\" must be an array of strings");
  EXPECT_EQ(refusal(parse_user_json, R"({"name": "x"})"), "b.json: \"roles\" is required");
  EXPECT_EQ(refusal(parse_user_json, R"({"name": "x", "roles": ["wizard"]})"),
            "b.json: role 'wizard' is not one of " + std::string(role_words()));
  EXPECT_EQ(refusal(parse_user_json, "[]"), "b.json: not a JSON object");
  EXPECT_EQ(refusal(parse_reopen_json, R"({"x": )" + nested(64) + "}"),
            "b.json: nested deeper than 64 levels");
}

TEST(RequestJson, NamesTheFieldAtFault) {
  auto missing = parse_extension_json(R"({"unit": "MPRP", "due": "2001-09-30"})", "b.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "reason");
  EXPECT_EQ(missing.error().file, "b.json");
  auto bad_role = parse_user_json(R"({"name": "x", "roles": ["wizard"]})", "b.json");
  ASSERT_FALSE(bad_role.ok());
  EXPECT_EQ(bad_role.error().field, "roles");
  auto twice =
      parse_progress_json(R"({"status": "in_progress", "text": "x", "actions_done": [3, 3]})", "b.json");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().field, "actions_done");
}

}  // namespace
}  // namespace followup::app
