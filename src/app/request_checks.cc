#include "app/request_checks.h"

#include <algorithm>
#include <string>

#include "core/unit_code.h"
#include "util/clean_text.h"
#include "util/text.h"

namespace followup::app {

namespace {

// The field's key: its words with '_' for ' ' ("action description" is
// "action_description").
std::string key_of(std::string_view words) {
  std::string key(words);
  std::replace(key.begin(), key.end(), ' ', '_');
  return key;
}

Error bad(std::string_view field, std::string message) {
  return field_error(ErrorCode::invalid_argument, key_of(field), std::move(message));
}

Status check_each(std::string_view field, const std::vector<std::string>& items) {
  for (const auto& item : items)
    if (auto st = check_text_field(field, item); !st) return st;
  return {};
}

}  // namespace

Status check_text_field(std::string_view field, std::string_view text, bool required) {
  const std::string name(field);
  if (required && util::trim(text).empty()) return bad(field, name + " is empty");
  if (text.size() > k_max_text_bytes)
    return bad(field, name + " is longer than " + std::to_string(k_max_text_bytes) + " bytes");
  if (auto problem = util::unclean_text_problem(text); !problem.empty())
    return bad(field, name + " " + problem);
  return {};
}

Status check_action_request(const ActionRequest& request) {
  if (auto st = check_text_field("action description", request.description, true); !st) return st;
  return check_text_field("action unit", request.unit, true);
}

Status check_add_action_request(const AddActionRequest& request) {
  if (auto st = check_action_request(request.action); !st) return st;
  return check_text_field("unit", request.unit);
}

Status check_response_request(const ResponseRequest& request) {
  if (auto st = check_text_field("unit", request.unit); !st) return st;
  if (auto st = check_text_field("rationale", request.rationale); !st) return st;
  if (request.actions.size() > k_max_actions)
    return bad("actions", "a response may have at most " + std::to_string(k_max_actions) + " actions, not " +
                              std::to_string(request.actions.size()));
  for (const auto& action : request.actions)
    if (auto st = check_action_request(action); !st) return st;
  return {};
}

Status check_progress_request(const ProgressRequest& request) {
  if (auto st = check_text_field("unit", request.unit); !st) return st;
  if (auto st = check_text_field("text", request.text, true); !st) return st;
  auto done = request.actions_done;
  std::sort(done.begin(), done.end());
  if (auto twice = std::adjacent_find(done.begin(), done.end()); twice != done.end())
    return bad("actions_done", "action " + std::to_string(*twice) + " is given twice as done");
  return {};
}

Status check_edit_request(const RecommendationEdit& edit) {
  if (edit.text)
    if (auto st = check_text_field("text", *edit.text, true); !st) return st;
  if (edit.units) {
    if (edit.units->empty()) return bad("units", "no unit given");
    if (auto st = check_each("unit", *edit.units); !st) return st;
  }
  return check_text_field("reason", edit.reason);
}

Status check_validation_request(const ValidationRequest& request) {
  if (auto st = check_text_field("rating", request.rating, true); !st) return st;
  return check_text_field("comment", request.comment, true);
}

Status check_closing_request(const CloseRequest& request) {
  if (auto st = check_text_field("waiver", request.waiver); !st) return st;
  if (auto st = check_text_field("override", request.override_reason); !st) return st;
  return check_text_field("reason", request.reason);
}

Status check_extension_request(const ExtensionRequest& request) {
  if (auto st = check_text_field("unit", request.unit); !st) return st;
  return check_text_field("reason", request.reason, true);
}

Status check_due_date_ask(const DueDateAsk& ask) {
  if (auto st = check_text_field("unit", ask.unit); !st) return st;
  return check_text_field("reason", ask.reason, true);
}

Status check_action_update_request(const ActionUpdate& update) {
  if (auto st = check_text_field("unit", update.unit); !st) return st;
  return check_text_field("reason", update.reason);
}

Status check_reopen_request(const ReopenRequest& request) {
  return check_text_field("reason", request.reason, true);
}

Status check_unit_details(const Unit& unit) {
  for (const auto& [field, text] : {std::pair<std::string_view, std::string_view>{"name", unit.name},
                                    {"kind", unit.kind},
                                    {"parent", unit.parent},
                                    {"head title", unit.head_title}})
    if (auto st = check_text_field(field, text); !st) return st;
  if (auto st = check_each("alias", unit.aliases); !st) return st;
  return check_each("email", unit.emails);
}

Status check_unit(const Unit& unit) {
  if (auto st = check_text_field("code", unit.code); !st) return st;
  if (auto st = check_unit_code(unit.code); !st) return st;
  return check_unit_details(unit);
}

Status check_user(const User& user) {
  for (const auto& [field, text] : {std::pair<std::string_view, std::string_view>{"name", user.name},
                                    {"full name", user.full_name},
                                    {"email", user.email}})
    if (auto st = check_text_field(field, text); !st) return st;
  return check_each("unit", user.units);
}

}  // namespace followup::app
