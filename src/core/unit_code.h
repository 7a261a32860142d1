// The unit-code rule, in one place: what a valid unit code is. Adding a
// unit, the request checks, the codes the importer derives for new units
// and the store's journaled writes all ask these two functions.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/result.h"

namespace followup {

inline constexpr std::size_t k_max_unit_code_length = 20;

// 1 to k_max_unit_code_length characters of A-Z, 0-9 and '-': "MMS", "MRF-BA".
bool is_valid_unit_code(std::string_view code);

// ok, or invalid_argument: "unit code 'bad code' must be 1-20 characters
// of A-Z, 0-9 and '-'".
Status check_unit_code(std::string_view code);

}  // namespace followup
