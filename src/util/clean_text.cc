#include "util/clean_text.h"

#include <cstdio>

#include "util/encoding.h"
#include "util/text.h"

namespace followup::util {

namespace {

bool is_control(char32_t c) { return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F); }

bool is_bidi_control(char32_t c) { return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); }

std::string hex(unsigned value, int digits) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%0*X", digits, value);
  return buffer;
}

}  // namespace

std::string unclean_text_problem(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto ch = decode_utf8_at(text, i);
    if (ch.length == 0) return "is not valid UTF-8 at byte " + std::to_string(i);
    if (is_control(ch.code_point))
      return "contains a control character (U+" + hex(ch.code_point, 4) + ") at byte " + std::to_string(i);
    i += ch.length;
  }
  return {};
}

std::string escape_for_terminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto ch = decode_utf8_at(text, i);
    if (ch.length == 0) {
      out += "\\x" + hex(static_cast<unsigned char>(text[i]), 2);
      ++i;
      continue;
    }
    if (ch.code_point < 0x80 && is_control(ch.code_point))
      out += "\\x" + hex(ch.code_point, 2);
    else if (is_control(ch.code_point) || is_bidi_control(ch.code_point))
      out += "\\u" + hex(ch.code_point, 4);
    else
      out.append(text.substr(i, ch.length));
    i += ch.length;
  }
  return out;
}

std::string_view file_name_part(std::string_view path) {
  const auto slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string safe_file_name(std::string_view name, std::size_t max_bytes) {
  name = file_name_part(name);
  std::string kept;
  for (std::size_t i = 0; i < name.size();) {
    const auto ch = decode_utf8_at(name, i);
    if (ch.length == 0) {
      ++i;
      continue;
    }
    if (!is_control(ch.code_point) && !is_bidi_control(ch.code_point) && ch.code_point != '\t' &&
        ch.code_point != '\n')
      kept.append(name.substr(i, ch.length));
    i += ch.length;
  }
  std::string out(trim(kept));
  if (out.size() > max_bytes) {
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    out.resize(cut);
  }
  return out.empty() ? "evidence" : out;
}

}  // namespace followup::util
