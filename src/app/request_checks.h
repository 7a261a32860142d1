// Checks on what a person typed, made before a use case runs: the same for
// the command line and the coming HTTP API. Each names the field in plain
// words ("text", "rationale", "action description"), never a command-line
// option, and sets Error::field to the words with '_' for ' '
// ("action_description"), so each front end can say it its own way.
//
// A text field must be clean (util/clean_text.h: valid UTF-8, no control
// character but tab and line feed) and at most k_max_text_bytes long; a
// required one must not be blank. A response carries at most k_max_actions
// actions.
#pragma once

#include <cstddef>
#include <string_view>

#include "app/follow_up.h"

namespace followup::app {

inline constexpr std::size_t k_max_text_bytes = std::size_t{64} * 1024;
inline constexpr std::size_t k_max_actions = 500;

// "FIELD contains a control character (U+001B) at byte 1", "FIELD is not
// valid UTF-8 at byte 3", "FIELD is longer than 65536 bytes", and for a
// required field "FIELD is empty" (also when only white space). Other
// fields: "units" ("no unit given"), "actions" (too many), "actions_done"
// ("action 3 is given twice as done").
Status check_text_field(std::string_view field, std::string_view text, bool required = false);

Status check_action_request(const ActionRequest& request);
// The action, and the unit adding it.
Status check_add_action_request(const AddActionRequest& request);
// Also: at most k_max_actions actions.
Status check_response_request(const ResponseRequest& request);
// Also: each action done named once ("action 3 is given twice").
Status check_progress_request(const ProgressRequest& request);
Status check_edit_request(const RecommendationEdit& edit);
// The office's comment is required.
Status check_validation_request(const ValidationRequest& request);
Status check_closing_request(const CloseRequest& request);
// The reason is required.
Status check_extension_request(const ExtensionRequest& request);
Status check_due_date_ask(const DueDateAsk& ask);
Status check_action_update_request(const ActionUpdate& update);
// The reason is required.
Status check_reopen_request(const ReopenRequest& request);
// Names, titles, aliases and addresses of a unit or a user; a unit's code
// keeps the unit-code rule (core/unit_code.h).
Status check_unit(const Unit& unit);
// The same but the code, for an edit (which cannot change it).
Status check_unit_details(const Unit& unit);
Status check_user(const User& user);

}  // namespace followup::app
