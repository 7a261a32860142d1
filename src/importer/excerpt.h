// What an error or warning quotes of the input: at most a line's worth, so
// that a message about a megabyte-long cell stays a message. And the
// messages for input over a bound of ParseLimits, made in one place.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace followup::importer::detail {

// The most bytes of input a message quotes, before the ellipsis.
inline constexpr std::size_t k_max_quoted_bytes = 100;

// `text` with white space runs folded to one space and trimmed; when longer
// than `max_bytes`, cut on a UTF-8 boundary and ended with "…". Reads only
// as much of `text` as it quotes (plus any white space run it stops in).
std::string excerpt(std::string_view text, std::size_t max_bytes = k_max_quoted_bytes);

// "WHAT is longer than LIMIT bytes, the limit for one field": the message
// for any field over ParseLimits::max_field_bytes.
std::string too_long(std::string_view what, std::size_t limit);

// "the memo has more than LIMIT recommendations, the limit for one memo".
std::string too_many_recommendations(std::size_t limit);

}  // namespace followup::importer::detail
