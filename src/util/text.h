// Small UTF-8 text helpers. Every function takes and returns UTF-8; none of
// them allocates more than the string it returns.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace followup::util {

// White space here is ASCII space, tab, CR, LF, FF and VT: decoding has
// already turned non-breaking spaces into plain ones.
inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_ascii_lower(char c) { return c >= 'a' && c <= 'z'; }
inline bool is_ascii_alpha(char c) { return is_ascii_upper(c) || is_ascii_lower(c); }
// A char's value as a byte (0-255), for comparing against byte values.
inline unsigned char byte(char c) { return static_cast<unsigned char>(c); }
inline char ascii_lower(char c) { return is_ascii_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s);
std::string_view trim_left(std::string_view s);
std::string_view trim_right(std::string_view s);

// Runs of white space become one space; leading and trailing space go.
std::string fold_space(std::string_view s);

// Lower case for ASCII and the accented Latin letters of Spanish and French
// (U+00C0-U+00DE); other characters are kept as they are.
std::string fold_case(std::string_view s);

// Lower case as fold_case, and the Latin-1 accented letters become their
// base letter ("Décembre" gives "decembre"): for matching words people write
// with or without accents.
std::string fold_accents(std::string_view s);

// ASCII upper case of fold_accents: "José" gives "JOSE".
std::string ascii_upper(std::string_view s);

// True when the first character is a lower-case letter, accented included.
bool starts_lower(std::string_view s);
// True when the first character is an upper-case letter, accented included.
bool starts_upper(std::string_view s);

// Number of code points (display columns for the scripts memos use).
std::size_t code_points(std::string_view s);
// Byte offset of code point `column`, or s.size() when the line is shorter.
std::size_t byte_offset_of_column(std::string_view s, std::size_t column);

// Case-insensitive (ASCII) equality and prefix test.
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);

// Splits on one byte; pieces are views into `s`, empty pieces included.
std::vector<std::string_view> split(std::string_view s, char separator);
// The pieces that are not empty, as strings: "a,,b," gives {"a", "b"}.
std::vector<std::string> split_nonempty(std::string_view s, char separator);

// The items with `separator` between them: join({"a", "b"}, "/") is "a/b".
// Text for HTML or XML character data and attribute values: & < > " '
// escaped.
std::string escape_markup(std::string_view text);

// A word of the JSON vocabulary as a person reads it: "in_progress" ->
// "in progress".
std::string spaced(std::string_view word);

std::string join(const std::vector<std::string>& items, std::string_view separator);

}  // namespace followup::util
