// multipart/form-data bodies (RFC 7578: a form's fields and its files),
// read with GMime: what the pages' forms and the API's uploads send.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace followup::http {

struct FormPart {
  std::string name;                     // the field's name
  std::optional<std::string> filename;  // set for a file
  std::string content_type;             // as sent ("text/plain" when none)
  std::string body;                     // the bytes, transfer encoding undone
};

// At most this many parts are read.
inline constexpr std::size_t k_max_form_parts = 100;

// The parts of `body`, whose Content-Type header is `content_type`, in
// order. invalid_argument, saying what is wrong, when the type is not
// multipart/form-data or has no boundary, when the body is cut short (its
// closing boundary missing), when a part has no name, or when there are
// more than k_max_form_parts parts.
Result<std::vector<FormPart>> parse_form_data(std::string_view content_type, std::string_view body);

}  // namespace followup::http
