#include "app/request_json.h"

#include <nlohmann/json.hpp>
#include <string>

#include "app/request_checks.h"
#include "core/names.h"

namespace followup::app {

namespace {

using nlohmann::json;

// Parses `text`; discarded when it is not JSON or nests deeper than the limit.
// nlohmann's parser keeps its own stack, so depth costs no recursion here.
json parse_bounded(std::string_view text, bool& too_deep) {
  too_deep = false;
  const json::parser_callback_t limit = [&too_deep](int depth, json::parse_event_t event, json&) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        depth >= k_max_json_depth)
      too_deep = true;
    return !too_deep;
  };
  return json::parse(text, limit, false);
}

}  // namespace

Result<ResponseRequest> parse_response_json(std::string_view text, std::string_view source_name) {
  auto bad = [source_name](std::string field, const std::string& message) {
    Error e = field_error(ErrorCode::invalid_argument, std::move(field), message);
    e.file = std::string(source_name);
    return e;
  };
  // A request check's error, said of this source.
  auto checked = [source_name](const Status& st) {
    Error e = st.error();
    e.file = std::string(source_name);
    return e;
  };
  bool too_deep = false;
  const json j = parse_bounded(text, too_deep);
  if (too_deep) return bad("", "nested deeper than " + std::to_string(k_max_json_depth) + " levels");
  if (j.is_discarded() || !j.is_object()) return bad("", "not a JSON object");
  ResponseRequest r;
  auto text_field = [&](const char* key, std::string& into, bool required) -> Status {
    if (!j.contains(key))
      return required ? Status(bad(key, std::string("\"") + key + "\" is required")) : Status{};
    if (!j[key].is_string()) return bad(key, std::string("\"") + key + "\" must be a string");
    into = j[key].get<std::string>();
    return {};
  };
  std::string decision;
  if (auto st = text_field("unit", r.unit, false); !st) return st.error();
  if (auto st = text_field("decision", decision, true); !st) return st.error();
  if (auto st = text_field("rationale", r.rationale, false); !st) return st.error();
  if (auto st = check_text_field("decision", decision); !st) return checked(st);
  auto d = parse_decision(decision);
  if (!d)
    return bad("decision", "decision '" + decision + "' is not one of " + std::string(decision_words()));
  r.decision = *d;
  if (j.contains("actions")) {
    if (!j["actions"].is_array()) return bad("actions", "\"actions\" must be an array");
    if (j["actions"].size() > k_max_actions)
      return bad("actions", "a response may have at most " + std::to_string(k_max_actions) +
                                " actions, not " + std::to_string(j["actions"].size()));
    for (const auto& a : j["actions"]) {
      if (!a.is_object() || !a.contains("description") || !a.contains("unit") || !a.contains("due") ||
          !a["description"].is_string() || !a["unit"].is_string() || !a["due"].is_string())
        return bad("actions", "each action needs \"description\", \"unit\" and \"due\" as strings");
      const auto due_text = a["due"].get<std::string>();
      if (auto st = check_text_field("action due", due_text); !st) return checked(st);
      auto due = Date::parse_iso(due_text);
      if (!due) return bad("action_due", "action due '" + due_text + "' is not a date (YYYY-MM-DD)");
      r.actions.push_back({a["description"].get<std::string>(), a["unit"].get<std::string>(), *due});
    }
  }
  if (auto st = check_response_request(r); !st) return checked(st);
  return r;
}

}  // namespace followup::app
