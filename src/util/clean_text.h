// Text typed by people, checked on the way in and made harmless on the way
// out: no control character reaches the store, and none stored earlier
// reaches a terminal as a control sequence.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace followup::util {

// Why `text` is not clean typed text, or "" when it is: valid UTF-8 with no
// control character but tab and line feed (C0, DEL and C1 U+0080-U+009F are
// refused). Byte offsets count from 0:
//   "contains a control character (U+001B) at byte 1"
//   "is not valid UTF-8 at byte 3"
std::string unclean_text_problem(std::string_view text);

// `text` for a terminal: every control character but tab and line feed, the
// bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) and
// every byte that is not UTF-8 are written as visible escapes ("\x1b",
// "\u009b", "\u202e", "\xff"), so stored text can never move the cursor,
// change colours or reorder what the reader sees.
std::string escape_for_terminal(std::string_view text);

// The last part of a path, after the last '/' or '\\' ("a/b\\c.pdf" gives "c.pdf").
std::string_view file_name_part(std::string_view path);

// A file name safe to show and store: folders dropped (both '/' and '\'),
// control characters, bidirectional overrides and bytes that are not UTF-8
// removed, surrounding white space trimmed, at most `max_bytes` bytes
// (never cutting a character), and never empty ("evidence" then).
inline constexpr std::size_t k_max_file_name_bytes = 255;
std::string safe_file_name(std::string_view name, std::size_t max_bytes = k_max_file_name_bytes);

}  // namespace followup::util
