// Requests as JSON, decoded the same way for every front end (the command
// line's `respond --file` now, the HTTP API later). Errors are about the
// source: Error::file is `source_name` (describe() gives "response.json:
// ..."), and Error::field names the field at fault in the JSON's own words.
#pragma once

#include <cstddef>
#include <string_view>

#include "app/follow_up.h"

namespace followup::app {

inline constexpr int k_max_json_depth = 64;

// {"unit", "decision", "rationale", "actions": [{"description", "unit",
// "due"}]}: "decision" is required, the rest optional. Refused: text that is
// not a JSON object, nesting deeper than k_max_json_depth (checked while
// parsing, without recursion), a field of the wrong type, a decision or date
// that is not one, and anything check_response_request refuses.
Result<ResponseRequest> parse_response_json(std::string_view text, std::string_view source_name);

}  // namespace followup::app
