// Turning the bytes of a text file into UTF-8 with LF line ends.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace followup::util {

struct DecodedText {
  std::string text;      // UTF-8, LF line ends, non-breaking spaces made plain
  std::string encoding;  // "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE", "WINDOWS-1252"
};

struct DecodeFailure {
  std::string message;  // for a person: which encoding failed and where
  int line = 0;         // 1-based line of the fault in what was decoded so far; 0 if unknown
};

// Decoding rules, in order: a UTF-8 BOM means UTF-8 (which must then be
// valid); a UTF-16 BOM means UTF-16 in that byte order; valid UTF-8 is
// UTF-8; anything else is read as Windows-1252. CRLF and CR become LF,
// form feeds and vertical tabs (Word's manual line break) become LF, and
// U+00A0, U+2007, U+202F (non-breaking spaces) become plain spaces.
// Fails on bytes the chosen encoding cannot decode, and on binary content:
// NUL characters, or other control characters more often than one in 512.
struct DecodeResult {
  std::optional<DecodedText> decoded;
  DecodeFailure failure;  // meaningful only when `decoded` is empty
};
DecodeResult decode_text(std::string_view bytes);

bool is_valid_utf8(std::string_view bytes);

// The code point whose UTF-8 encoding starts at s[i] (i < s.size()) and its
// length in bytes; length 0 when the bytes there are not UTF-8 (a stray
// continuation byte, a truncated, overlong or surrogate sequence).
struct Utf8Char {
  char32_t code_point = 0;
  std::size_t length = 0;
};
Utf8Char decode_utf8_at(std::string_view s, std::size_t i);

// Converts with glibc iconv; nullopt on an invalid or incomplete sequence,
// with the byte offset of the fault in `bad_offset` when given.
std::optional<std::string> iconv_to_utf8(std::string_view bytes, const char* from_encoding,
                                         std::size_t* bad_offset = nullptr);

}  // namespace followup::util
