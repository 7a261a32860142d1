// Any bytes in: parse_whole_number accepts exactly the texts of digits
// whose value is in range, and says why it refuses everything else.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/number.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using followup::util::parse_whole_number;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  constexpr long long k_min = 1;
  constexpr long long k_max = 1024LL * 1024 * 1024;
  const auto parsed = parse_whole_number(text, k_min, k_max);
  if (parsed.value.has_value() == !parsed.problem.empty()) __builtin_trap();  // one or the other
  if (!parsed.value) return 0;
  if (*parsed.value < k_min || *parsed.value > k_max) __builtin_trap();
  for (char c : text)
    if (c < '0' || c > '9') __builtin_trap();
  // Accepted text is the number, give or take leading zeros.
  const auto digits = text.substr(std::min(text.find_first_not_of('0'), text.size()));
  if (std::to_string(*parsed.value) != digits) __builtin_trap();
  return 0;
}
