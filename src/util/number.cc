#include "util/number.h"

#include <charconv>
#include <system_error>

#include "util/text.h"

namespace followup::util {

NumberParse parse_whole_number(std::string_view text, long long min, long long max) {
  if (text.empty()) return {std::nullopt, "is empty"};
  for (char c : text)
    if (!is_digit(c)) return {std::nullopt, "is not a whole number (digits 0-9 only)"};
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range || (error == std::errc{} && value > max))
    return {std::nullopt, "is too large (at most " + std::to_string(max) + ")"};
  if (error != std::errc{} || end != text.data() + text.size())
    return {std::nullopt, "is not a whole number (digits 0-9 only)"};
  if (value < min) return {std::nullopt, "is too small (at least " + std::to_string(min) + ")"};
  return {value, {}};
}

}  // namespace followup::util
