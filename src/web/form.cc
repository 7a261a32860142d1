#include "web/form.h"

#include <algorithm>
#include <map>

namespace followup::web {

namespace {

using nlohmann::json;

bool is_word(std::string_view text) {
  return !text.empty() && text.size() <= 40 && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9');
  });
}

bool is_digits(std::string_view text, std::size_t max) {
  return !text.empty() && text.size() <= max &&
         text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

Result<json> form_json(const Fields& fields, const std::vector<std::string>& skip) {
  json out = json::object();
  // Rows of arrays of objects, by array then index, gathered before they
  // are put in order.
  std::map<std::string, std::map<int, json>> rows;
  for (const auto& entry : fields) {
    const std::string& name = entry.first;  // (a lambda cannot capture a structured binding in clang 14)
    const std::string& value = entry.second;
    if (std::find(skip.begin(), skip.end(), name) != skip.end()) continue;
    auto bad = [&name] {
      return field_error(ErrorCode::invalid_argument, name.substr(0, 60),
                         "the form's field '" + name.substr(0, 60) + "' is not one this page sends");
    };
    std::string_view text = name;
    const bool numeric = text.ends_with(":n");
    if (numeric) text.remove_suffix(2);
    const auto bracket = text.find('[');
    if (bracket == std::string_view::npos) {
      if (numeric) return bad();
      const auto dot = text.find('.');
      if (dot == std::string_view::npos) {
        if (!is_word(text)) return bad();
        if (!value.empty()) out[std::string(text)] = value;
        continue;
      }
      // key.field: an object.
      const std::string key(text.substr(0, dot));
      if (!is_word(key) || !is_word(text.substr(dot + 1))) return bad();
      if (!out.contains(key)) out[key] = json::object();
      if (!out[key].is_object()) return bad();
      if (!value.empty()) out[key][std::string(text.substr(dot + 1))] = value;
      continue;
    }
    const std::string key(text.substr(0, bracket));
    const auto close = text.find(']', bracket);
    if (!is_word(key) || close == std::string_view::npos) return bad();
    const std::string_view index = text.substr(bracket + 1, close - bracket - 1);
    const std::string_view rest = text.substr(close + 1);
    if (index.empty()) {  // key[] or key[]:n
      if (!rest.empty()) return bad();
      if (!out.contains(key)) out[key] = json::array();
      if (!out[key].is_array()) return bad();
      if (value.empty()) continue;
      if (!numeric) {
        out[key].push_back(value);
      } else if (is_digits(value, 15)) {
        out[key].push_back(std::stoll(value));
      } else {
        return field_error(ErrorCode::invalid_argument, key,
                           "'" + value.substr(0, 40) + "' is not a whole number (" + key + ")");
      }
      continue;
    }
    // key[i].field
    if (numeric || !is_digits(index, 2) || !rest.starts_with('.') || !is_word(rest.substr(1))) return bad();
    json& row = rows[key][std::stoi(std::string(index))];
    if (!row.is_object()) row = json::object();
    if (!value.empty()) row[std::string(rest.substr(1))] = value;
  }
  for (auto& [key, by_index] : rows) {
    if (out.contains(key))
      return field_error(ErrorCode::invalid_argument, key, "the form sends '" + key + "' twice");
    json list = json::array();
    for (auto& [index, row] : by_index)
      if (!row.empty()) list.push_back(std::move(row));
    out[key] = std::move(list);
  }
  return out;
}

std::string field(const Fields& fields, std::string_view name) {
  for (const auto& [key, value] : fields)
    if (key == name) return value;
  return {};
}

}  // namespace followup::web
