// Requests as JSON, decoded the same way for every front end (the command
// line's `respond --file` now, the HTTP API's bodies later): one decoder
// per request of app/follow_up.h, app/units.h and app/users.h. Errors are
// about the source: Error::file is `source_name` (describe() gives
// "response.json: ..."), and Error::field names the field at fault in the
// JSON's own words.
//
// Every decoder refuses text that is not a JSON object, nesting deeper than
// k_max_json_depth (checked while parsing, without recursion), a required
// field that is missing ("\"reason\" is required"), a field of the wrong
// type ("\"due\" must be a string"), a word or a date that is not one
// ("status 'done' is not one of ...", "due '2001-02-30' is not a date
// (YYYY-MM-DD)"), and what the request's check (app/request_checks.h)
// refuses. Other fields are ignored. What a request names by its place in
// an address (the recommendation, an action's id, a unit's code) is not in
// its body, and evidence files travel beside it, not in it.
#pragma once

#include <cstddef>
#include <string_view>

#include "app/follow_up.h"
#include "app/units.h"

namespace followup::app {

inline constexpr int k_max_json_depth = 64;

// {"unit", "decision", "rationale", "actions": [{"description", "unit",
// "due"}]}: "decision" is required.
Result<ResponseRequest> parse_response_json(std::string_view text, std::string_view source_name);

// {"text", "due", "units": [...], "priority", "reason"}: at least one of
// text, due, units and priority ("nothing to edit" otherwise).
Result<RecommendationEdit> parse_edit_json(std::string_view text, std::string_view source_name);

// {"unit", "action": {"description", "unit", "due"}}: "action" is required.
Result<AddActionRequest> parse_add_action_json(std::string_view text, std::string_view source_name);

// {"unit", "status", "text", "actions_done": [ids]}: "status" and "text"
// are required.
Result<ProgressRequest> parse_progress_json(std::string_view text, std::string_view source_name);

// {"rating", "comment"}: both required.
Result<ValidationRequest> parse_validation_json(std::string_view text, std::string_view source_name);

// {"outcome", "waiver", "override", "reason"}: "outcome" is required.
Result<CloseRequest> parse_closing_json(std::string_view text, std::string_view source_name);

// {"reason"}: required.
Result<ReopenRequest> parse_reopen_json(std::string_view text, std::string_view source_name);

// {"unit", "due", "reason"}: "due" and "reason" are required.
Result<ExtensionRequest> parse_extension_json(std::string_view text, std::string_view source_name);

// {"unit", "due", "reason"}: "due" and "reason" are required.
Result<DueDateAsk> parse_due_date_ask_json(std::string_view text, std::string_view source_name);
// {"decision": "grant" or "refuse", "text"}: "decision" is required.
Result<DueDateReply> parse_due_date_reply_json(std::string_view text, std::string_view source_name);
// {"unit", "status", "due", "reason"}.
Result<ActionUpdate> parse_action_update_json(std::string_view text, std::string_view source_name);

// {"code", "name", "kind", "parent", "head_title", "aliases": [...],
// "emails": [...]}: "code" and "name" are required.
Result<Unit> parse_unit_json(std::string_view text, std::string_view source_name);

// {"name", "kind", "parent", "head_title", "aliases", "emails"}: each given
// one replaces the unit's; the code is the caller's to set.
Result<UnitEdit> parse_unit_edit_json(std::string_view text, std::string_view source_name);

// {"name", "full_name", "email", "roles": [...], "units": [...]}: "name"
// and "roles" are required.
Result<User> parse_user_json(std::string_view text, std::string_view source_name);

}  // namespace followup::app
