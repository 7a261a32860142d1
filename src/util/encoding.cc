#include "util/encoding.h"

#include <cerrno>
#include <cstdio>
#include <iconv.h>
#include <memory>

#include "util/text.h"

namespace followup::util {

namespace {

struct IconvCloser {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

int count_lines(std::string_view text) {
  int lines = 1;
  for (char c : text)
    if (c == '\n') ++lines;
  return lines;
}

// LF line ends, plain spaces, and a count of control characters.
std::string normalise(std::string_view in, std::size_t& controls, bool& has_nul) {
  std::string out;
  out.reserve(in.size());
  controls = 0;
  has_nul = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    const unsigned char b = byte(c);
    if (c == '\r') {
      out += '\n';
      if (i + 1 < in.size() && in[i + 1] == '\n') ++i;
    } else if (c == '\f' || c == '\v') {
      out += '\n';
    } else if (b < 0x20 && c != '\t' && c != '\n') {
      if (b == 0) has_nul = true;
      ++controls;
      out += ' ';
    } else if (b == 0xC2 && i + 1 < in.size() && byte(in[i + 1]) == 0xA0) {
      out += ' ';
      ++i;
    } else if (b == 0xE2 && i + 2 < in.size() && byte(in[i + 1]) == 0x80 &&
               (byte(in[i + 2]) == 0x87 || byte(in[i + 2]) == 0xAF)) {
      out += ' ';
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// Text in an 8-bit encoding has no NUL and few other control characters;
// a UTF-16 file without its BOM is caught here too.
bool looks_binary(std::string_view bytes) {
  std::size_t controls = 0;
  for (char c : bytes) {
    const unsigned char b = byte(c);
    if (b == 0) return true;
    if (b < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') ++controls;
  }
  return controls * 512 > bytes.size();
}

std::string binary_message(bool has_nul) {
  return std::string("input is binary data, not text (it has ") + (has_nul ? "NUL" : "control") +
         " characters)";
}

}  // namespace

Utf8Char decode_utf8_at(std::string_view s, std::size_t i) {
  const unsigned char c = byte(s[i]);
  if (c < 0x80) return {c, 1};
  std::size_t len = 0;
  char32_t cp = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07u;
  } else {
    return {0, 0};
  }
  if (i + len > s.size()) return {0, 0};
  for (std::size_t k = 1; k < len; ++k) {
    const unsigned char d = byte(s[i + k]);
    if ((d & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (d & 0x3Fu);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return {0, 0};
  return {cp, len};
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto ch = decode_utf8_at(s, i);
    if (ch.length == 0) return false;
    i += ch.length;
  }
  return true;
}

std::optional<std::string> iconv_to_utf8(std::string_view bytes, const char* from_encoding,
                                         std::size_t* bad_offset) {
  iconv_t raw = iconv_open("UTF-8", from_encoding);
  if (raw == reinterpret_cast<iconv_t>(-1)) return std::nullopt;  // NOLINT: iconv's documented failure value
  const std::unique_ptr<void, IconvCloser> cd(raw);
  std::string out(bytes.size() * 2 + 16, '\0');
  // iconv's interface is not const-correct; it does not write through inbuf.
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  std::size_t done = 0;
  while (in_left > 0) {
    char* out_ptr = out.data() + done;
    std::size_t out_left = out.size() - done;
    const std::size_t rc = iconv(raw, &in, &in_left, &out_ptr, &out_left);
    done = out.size() - out_left;
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    if (bad_offset != nullptr) *bad_offset = bytes.size() - in_left;
    return std::nullopt;
  }
  out.resize(done);
  return out;
}

DecodeResult decode_text(std::string_view bytes) {
  DecodeResult result;
  std::string utf8;
  std::string encoding;
  if (bytes.size() >= 3 && byte(bytes[0]) == 0xEF && byte(bytes[1]) == 0xBB && byte(bytes[2]) == 0xBF) {
    bytes.remove_prefix(3);
    if (!is_valid_utf8(bytes)) {
      result.failure.message = "input starts with a UTF-8 byte order mark but is not valid UTF-8";
      return result;
    }
    utf8 = std::string(bytes);
    encoding = "UTF-8 with BOM";
  } else if (bytes.size() >= 2 && ((byte(bytes[0]) == 0xFF && byte(bytes[1]) == 0xFE) ||
                                   (byte(bytes[0]) == 0xFE && byte(bytes[1]) == 0xFF))) {
    const bool little = byte(bytes[0]) == 0xFF;
    encoding = little ? "UTF-16LE" : "UTF-16BE";
    std::size_t bad = 0;
    auto converted = iconv_to_utf8(bytes.substr(2), encoding.c_str(), &bad);
    if (!converted) {
      char where[64];
      std::snprintf(where, sizeof where, " at byte %zu", bad + 2);
      result.failure.message =
          "input starts with a " + encoding + " byte order mark but cannot be decoded as " + encoding + where;
      return result;
    }
    utf8 = std::move(*converted);
  } else if (looks_binary(bytes)) {
    result.failure.message = binary_message(bytes.find('\0') != std::string_view::npos);
    return result;
  } else if (is_valid_utf8(bytes)) {
    utf8 = std::string(bytes);
    encoding = "UTF-8";
  } else {
    std::size_t bad = 0;
    auto converted = iconv_to_utf8(bytes, "WINDOWS-1252", &bad);
    if (!converted) {
      char what[96];
      std::snprintf(what, sizeof what,
                    "input is neither UTF-8 nor Windows-1252 text (byte 0x%02X at offset %zu)",
                    byte(bytes[bad]), bad);
      result.failure.message = what;
      result.failure.line = count_lines(bytes.substr(0, bad));
      return result;
    }
    utf8 = std::move(*converted);
    encoding = "WINDOWS-1252";
  }
  std::size_t controls = 0;
  bool has_nul = false;
  std::string text = normalise(utf8, controls, has_nul);
  if (has_nul || controls * 512 > text.size()) {
    result.failure.message = binary_message(has_nul);
    return result;
  }
  result.decoded = DecodedText{std::move(text), std::move(encoding)};
  return result;
}

}  // namespace followup::util
