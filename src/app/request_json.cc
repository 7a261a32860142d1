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

// "\"due\"": a field named in a message as the JSON writes it.
std::string quoted(std::string_view key) { return "\"" + std::string(key) + "\""; }

// The words of a key in messages and checks ("head_title" is "head title").
std::string words_of(std::string_view key) {
  std::string words(key);
  for (char& c : words)
    if (c == '_') c = ' ';
  return words;
}

// One JSON object of a request, read field by field. Every error is said
// of the source.
class Body {
 public:
  Body(const json& object, std::string_view source) : m_j(object), m_source(source) {}

  [[nodiscard]] Error bad(std::string field, const std::string& message) const {
    Error e = field_error(ErrorCode::invalid_argument, std::move(field), message);
    e.file = m_source;
    return e;
  }
  // A request check's error, said of this source.
  [[nodiscard]] Error checked(const Status& st) const {
    Error e = st.error();
    e.file = m_source;
    return e;
  }
  // The same fields, read from another object (an action inside the body).
  [[nodiscard]] Body inner(const json& object) const { return Body(object, m_source); }

  [[nodiscard]] bool has(const char* key) const { return m_j.contains(key); }
  // The field's value; only for a field the body has.
  [[nodiscard]] const json& at(const char* key) const { return m_j.at(key); }

  Status text(const char* key, std::string& into, bool required = false) const {
    if (!has(key)) return required ? Status(bad(key, quoted(key) + " is required")) : Status{};
    if (!m_j[key].is_string()) return bad(key, quoted(key) + " must be a string");
    into = m_j[key].get<std::string>();
    return {};
  }

  Status text(const char* key, std::optional<std::string>& into) const {
    if (!has(key)) return {};
    into.emplace();
    return text(key, *into);
  }

  Status date(const char* key, std::optional<Date>& into, bool required = false) const {
    if (!has(key)) return required ? Status(bad(key, quoted(key) + " is required")) : Status{};
    std::string written;
    if (auto st = text(key, written); !st) return st;
    if (auto st = check_text_field(words_of(key), written); !st) return checked(st);
    into = Date::parse_iso(written);
    if (!into) return bad(key, words_of(key) + " '" + written + "' is not a date (YYYY-MM-DD)");
    return {};
  }

  Status texts(const char* key, std::optional<std::vector<std::string>>& into) const {
    if (!has(key)) return {};
    const json& items = m_j[key];
    auto wrong = [&] { return bad(key, quoted(key) + " must be an array of strings"); };
    if (!items.is_array()) return wrong();
    into.emplace();
    for (const auto& item : items) {
      if (!item.is_string()) return wrong();
      into->push_back(item.get<std::string>());
    }
    return {};
  }

  Status texts(const char* key, std::vector<std::string>& into, bool required = false) const {
    if (!has(key)) return required ? Status(bad(key, quoted(key) + " is required")) : Status{};
    std::optional<std::vector<std::string>> read;
    if (auto st = texts(key, read); !st) return st;
    into = std::move(*read);
    return {};
  }

  Status numbers(const char* key, std::vector<long long>& into) const {
    if (!has(key)) return {};
    const json& items = m_j[key];
    auto wrong = [&] { return bad(key, quoted(key) + " must be an array of whole numbers"); };
    if (!items.is_array()) return wrong();
    for (const auto& item : items) {
      if (!item.is_number_integer()) return wrong();
      into.push_back(item.get<long long>());
    }
    return {};
  }

  // A word of an enumeration ("status": "in_progress").
  template <typename T>
  Status word(const char* key, std::optional<T> (*parse)(std::string_view), std::string_view words,
              std::optional<T>& into, bool required = false) const {
    if (!has(key)) return required ? Status(bad(key, quoted(key) + " is required")) : Status{};
    std::string written;
    if (auto st = text(key, written); !st) return st;
    if (auto st = check_text_field(words_of(key), written); !st) return checked(st);
    into = parse(written);
    if (!into) return bad(key, words_of(key) + " '" + written + "' is not one of " + std::string(words));
    return {};
  }

 private:
  const json& m_j;
  std::string m_source;
};

// Decodes `text` as one object and hands it to `read`.
template <typename Request, typename Read>
Result<Request> decode(std::string_view text, std::string_view source_name, Read&& read) {
  bool too_deep = false;
  const json j = parse_bounded(text, too_deep);
  const Body body(j, source_name);
  if (too_deep) return body.bad("", "nested deeper than " + std::to_string(k_max_json_depth) + " levels");
  if (j.is_discarded() || !j.is_object()) return body.bad("", "not a JSON object");
  Request request{};
  if (auto st = read(body, request); !st) return st.error();
  return request;
}

// {"description", "unit", "due"}, all strings, as a response's and
// add-action's actions are written.
Result<ActionRequest> action_of(const Body& body, const json& a) {
  if (!a.is_object() || !a.contains("description") || !a.contains("unit") || !a.contains("due") ||
      !a["description"].is_string() || !a["unit"].is_string() || !a["due"].is_string())
    return body.bad("actions", "each action needs \"description\", \"unit\" and \"due\" as strings");
  const auto due_text = a["due"].get<std::string>();
  if (auto st = check_text_field("action due", due_text); !st) return body.checked(st);
  auto due = Date::parse_iso(due_text);
  if (!due) return body.bad("action_due", "action due '" + due_text + "' is not a date (YYYY-MM-DD)");
  return ActionRequest{a["description"].get<std::string>(), a["unit"].get<std::string>(), *due};
}

}  // namespace

Result<ResponseRequest> parse_response_json(std::string_view text, std::string_view source_name) {
  return decode<ResponseRequest>(text, source_name, [&](const Body& body, ResponseRequest& r) -> Status {
    std::optional<Decision> decision;
    if (auto st = body.text("unit", r.unit); !st) return st;
    if (auto st = body.word("decision", parse_decision, decision_words(), decision, true); !st) return st;
    r.decision = *decision;
    if (auto st = body.text("rationale", r.rationale); !st) return st;
    if (body.has("actions")) {
      const json& actions = body.at("actions");
      if (!actions.is_array()) return body.bad("actions", "\"actions\" must be an array");
      if (actions.size() > k_max_actions)
        return body.bad("actions", "a response may have at most " + std::to_string(k_max_actions) +
                                       " actions, not " + std::to_string(actions.size()));
      for (const auto& a : actions) {
        auto action = action_of(body, a);
        if (!action) return action.error();
        r.actions.push_back(std::move(*action));
      }
    }
    if (auto st = check_response_request(r); !st) return body.checked(st);
    return {};
  });
}

Result<RecommendationEdit> parse_edit_json(std::string_view text, std::string_view source_name) {
  return decode<RecommendationEdit>(text, source_name, [](const Body& body, RecommendationEdit& e) -> Status {
    if (auto st = body.text("text", e.text); !st) return st;
    if (auto st = body.date("due", e.due); !st) return st;
    if (auto st = body.texts("units", e.units); !st) return st;
    if (auto st = body.word("priority", parse_priority, priority_words(), e.priority); !st) return st;
    if (auto st = body.text("reason", e.reason); !st) return st;
    if (!e.text && !e.due && !e.units && !e.priority)
      return body.bad("", "nothing to edit: give \"text\", \"due\", \"units\" or \"priority\"");
    if (auto st = check_edit_request(e); !st) return body.checked(st);
    return {};
  });
}

Result<AddActionRequest> parse_add_action_json(std::string_view text, std::string_view source_name) {
  return decode<AddActionRequest>(text, source_name, [](const Body& body, AddActionRequest& r) -> Status {
    if (auto st = body.text("unit", r.unit); !st) return st;
    if (!body.has("action")) return body.bad("action", "\"action\" is required");
    auto action = action_of(body, body.at("action"));
    if (!action) return action.error();
    r.action = std::move(*action);
    if (auto st = check_add_action_request(r); !st) return body.checked(st);
    return {};
  });
}

Result<ProgressRequest> parse_progress_json(std::string_view text, std::string_view source_name) {
  return decode<ProgressRequest>(text, source_name, [](const Body& body, ProgressRequest& r) -> Status {
    std::optional<ClaimedStatus> status;
    if (auto st = body.text("unit", r.unit); !st) return st;
    if (auto st = body.word("status", parse_claimed_status, claimed_status_words(), status, true); !st)
      return st;
    r.status = *status;
    if (auto st = body.text("text", r.text, true); !st) return st;
    if (auto st = body.numbers("actions_done", r.actions_done); !st) return st;
    if (auto st = check_progress_request(r); !st) return body.checked(st);
    return {};
  });
}

Result<ValidationRequest> parse_validation_json(std::string_view text, std::string_view source_name) {
  return decode<ValidationRequest>(text, source_name, [](const Body& body, ValidationRequest& r) -> Status {
    if (auto st = body.text("rating", r.rating, true); !st) return st;
    if (auto st = body.text("comment", r.comment, true); !st) return st;
    if (auto st = check_validation_request(r); !st) return body.checked(st);
    return {};
  });
}

Result<CloseRequest> parse_closing_json(std::string_view text, std::string_view source_name) {
  return decode<CloseRequest>(text, source_name, [](const Body& body, CloseRequest& r) -> Status {
    std::optional<Outcome> outcome;
    if (auto st = body.word("outcome", parse_outcome, outcome_words(), outcome, true); !st) return st;
    r.outcome = *outcome;
    if (auto st = body.text("waiver", r.waiver); !st) return st;
    if (auto st = body.text("override", r.override_reason); !st) return st;
    if (auto st = body.text("reason", r.reason); !st) return st;
    if (auto st = check_closing_request(r); !st) return body.checked(st);
    return {};
  });
}

Result<ReopenRequest> parse_reopen_json(std::string_view text, std::string_view source_name) {
  return decode<ReopenRequest>(text, source_name, [](const Body& body, ReopenRequest& r) -> Status {
    if (auto st = body.text("reason", r.reason, true); !st) return st;
    if (auto st = check_reopen_request(r); !st) return body.checked(st);
    return {};
  });
}

Result<ExtensionRequest> parse_extension_json(std::string_view text, std::string_view source_name) {
  return decode<ExtensionRequest>(text, source_name, [](const Body& body, ExtensionRequest& r) -> Status {
    std::optional<Date> due;
    if (auto st = body.text("unit", r.unit); !st) return st;
    if (auto st = body.date("due", due, true); !st) return st;
    r.due = *due;
    if (auto st = body.text("reason", r.reason, true); !st) return st;
    if (auto st = check_extension_request(r); !st) return body.checked(st);
    return {};
  });
}

Result<DueDateAsk> parse_due_date_ask_json(std::string_view text, std::string_view source_name) {
  return decode<DueDateAsk>(text, source_name, [](const Body& body, DueDateAsk& r) -> Status {
    std::optional<Date> due;
    if (auto st = body.text("unit", r.unit); !st) return st;
    if (auto st = body.date("due", due, true); !st) return st;
    r.due = *due;
    if (auto st = body.text("reason", r.reason, true); !st) return st;
    if (auto st = check_due_date_ask(r); !st) return body.checked(st);
    return {};
  });
}

namespace {
std::optional<bool> parse_grant(std::string_view word) {
  if (word == "grant") return true;
  if (word == "refuse") return false;
  return std::nullopt;
}
}  // namespace

Result<DueDateReply> parse_due_date_reply_json(std::string_view text, std::string_view source_name) {
  return decode<DueDateReply>(text, source_name, [](const Body& body, DueDateReply& r) -> Status {
    std::optional<bool> grant;
    if (auto st = body.word("decision", parse_grant, "grant, refuse", grant, true); !st) return st;
    r.grant = *grant;
    if (auto st = body.text("text", r.text); !st) return st;
    if (auto st = check_text_field("text", r.text); !st) return body.checked(st);
    return {};
  });
}

Result<ActionUpdate> parse_action_update_json(std::string_view text, std::string_view source_name) {
  return decode<ActionUpdate>(text, source_name, [](const Body& body, ActionUpdate& r) -> Status {
    if (auto st = body.text("unit", r.unit); !st) return st;
    if (auto st = body.word("status", parse_action_status, action_status_words(), r.status); !st) return st;
    if (auto st = body.date("due", r.due); !st) return st;
    if (auto st = body.text("reason", r.reason); !st) return st;
    if (auto st = check_action_update_request(r); !st) return body.checked(st);
    return {};
  });
}

Result<Unit> parse_unit_json(std::string_view text, std::string_view source_name) {
  return decode<Unit>(text, source_name, [](const Body& body, Unit& u) -> Status {
    if (auto st = body.text("code", u.code, true); !st) return st;
    if (auto st = body.text("name", u.name, true); !st) return st;
    if (auto st = body.text("kind", u.kind); !st) return st;
    if (auto st = body.text("parent", u.parent); !st) return st;
    if (auto st = body.text("head_title", u.head_title); !st) return st;
    if (auto st = body.texts("aliases", u.aliases); !st) return st;
    if (auto st = body.texts("emails", u.emails); !st) return st;
    if (auto st = check_unit(u); !st) return body.checked(st);
    return {};
  });
}

Result<UnitEdit> parse_unit_edit_json(std::string_view text, std::string_view source_name) {
  return decode<UnitEdit>(text, source_name, [](const Body& body, UnitEdit& e) -> Status {
    if (auto st = body.text("name", e.name); !st) return st;
    if (auto st = body.text("kind", e.kind); !st) return st;
    if (auto st = body.text("parent", e.parent); !st) return st;
    if (auto st = body.text("head_title", e.head_title); !st) return st;
    if (auto st = body.texts("aliases", e.aliases); !st) return st;
    if (auto st = body.texts("emails", e.emails); !st) return st;
    Unit changed;
    changed.name = e.name.value_or("");
    changed.kind = e.kind.value_or("");
    changed.parent = e.parent.value_or("");
    changed.head_title = e.head_title.value_or("");
    changed.aliases = e.aliases.value_or(std::vector<std::string>{});
    changed.emails = e.emails.value_or(std::vector<std::string>{});
    if (auto st = check_unit_details(changed); !st) return body.checked(st);
    return {};
  });
}

Result<User> parse_user_json(std::string_view text, std::string_view source_name) {
  return decode<User>(text, source_name, [](const Body& body, User& u) -> Status {
    std::vector<std::string> roles;
    if (auto st = body.text("name", u.name, true); !st) return st;
    if (auto st = body.text("full_name", u.full_name); !st) return st;
    if (auto st = body.text("email", u.email); !st) return st;
    if (auto st = body.texts("roles", roles, true); !st) return st;
    for (const auto& word : roles) {
      if (auto st = check_text_field("role", word); !st) return body.checked(st);
      auto role = parse_role(word);
      if (!role) return body.bad("roles", "role '" + word + "' is not one of " + std::string(role_words()));
      u.roles.push_back(*role);
    }
    if (auto st = body.texts("units", u.units); !st) return st;
    if (auto st = check_user(u); !st) return body.checked(st);
    return {};
  });
}

}  // namespace followup::app
