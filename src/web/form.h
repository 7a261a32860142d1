// A page's form as the request JSON the API takes, so that a form is
// decoded by the same decoders (app/request_json.h) as an API body and
// nothing of a request's rules is written twice. Field names say where a
// value goes:
//   name                 {"name": "value"}
//   roles[]              {"roles": ["value", ...]}
//   actions_done[]:n     {"actions_done": [3, ...]} (a whole number)
//   action.due           {"action": {"due": "value"}}
//   actions[0].due       {"actions": [{"due": "value"}]}
// Empty values are left out (an optional field left blank is absent), and
// so is a row of an array of objects whose fields are all blank.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace followup::web {

using Fields = std::vector<std::pair<std::string, std::string>>;

// The fields' JSON, without those named in `skip` (the CSRF token, the
// version). invalid_argument naming the field for a name that is none of
// the forms above, a row index over 99, or a number that is not one.
Result<nlohmann::json> form_json(const Fields& fields, const std::vector<std::string>& skip);

// The first value of a field ("" when absent).
std::string field(const Fields& fields, std::string_view name);

}  // namespace followup::web
