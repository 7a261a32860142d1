// Strict whole numbers, for settings a person types (environment variables,
// later a settings page): what is written is exactly what is meant.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace followup::util {

struct NumberParse {
  std::optional<long long> value;  // set when the text is a number in range
  std::string problem;             // otherwise why not, e.g. "is empty"
};

// Decimal digits only, between `min` and `max` inclusive. Refused, each with
// its own problem: empty text, a sign ("-5", "+5"), white space (" 10",
// "10 "), an exponent ("1e3"), a base prefix ("0x10"), any other character,
// and a number out of range or beyond long long ("99999999999999999999").
NumberParse parse_whole_number(std::string_view text, long long min, long long max);

}  // namespace followup::util
