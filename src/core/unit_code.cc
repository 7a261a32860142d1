#include "core/unit_code.h"

#include <string>

namespace followup {

bool is_valid_unit_code(std::string_view code) {
  if (code.empty() || code.size() > k_max_unit_code_length) return false;
  for (char c : code)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

Status check_unit_code(std::string_view code) {
  if (is_valid_unit_code(code)) return {};
  return make_error(ErrorCode::invalid_argument, "unit code '" + std::string(code) + "' must be 1-" +
                                                     std::to_string(k_max_unit_code_length) +
                                                     " characters of A-Z, 0-9 and '-'");
}

}  // namespace followup
