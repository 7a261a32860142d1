#include "util/text.h"

#include <algorithm>

namespace followup::util {

namespace {

// Base letters of U+00C0..U+00FF, lower case; '\0' where there is none.
constexpr char k_latin1_base[64] = {
    'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // C0-CF
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   0,    // D0-DF
    'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // E0-EF
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   'y',  // F0-FF
};

// The code point of a two-byte Latin-1 sequence starting at s[i], or 0.
unsigned latin1_at(std::string_view s, std::size_t i) {
  if (i + 1 < s.size() && (byte(s[i]) == 0xC3) && (byte(s[i + 1]) & 0xC0) == 0x80)
    return 0xC0u + (byte(s[i + 1]) & 0x3Fu);
  return 0;
}

}  // namespace

std::string_view trim_left(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  return s.substr(i);
}

std::string_view trim_right(std::string_view s) {
  std::size_t n = s.size();
  while (n > 0 && is_space(s[n - 1])) --n;
  return s.substr(0, n);
}

std::string_view trim(std::string_view s) { return trim_right(trim_left(s)); }

std::string fold_space(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (char c : s) {
    if (is_space(c)) {
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += c;
  }
  return out;
}

std::string fold_case(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (is_ascii_upper(c)) {
      out[i] = ascii_lower(c);
    } else if (const unsigned cp = latin1_at(out, i); cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) {
      out[i + 1] = static_cast<char>(byte(out[i + 1]) + 0x20);
      ++i;
    }
  }
  return out;
}

std::string fold_accents(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (const unsigned cp = latin1_at(s, i); cp != 0 && k_latin1_base[cp - 0xC0] != 0) {
      out += k_latin1_base[cp - 0xC0];
      ++i;
    } else {
      out += ascii_lower(c);
    }
  }
  return out;
}

std::string ascii_upper(std::string_view s) {
  std::string out = fold_accents(s);
  for (char& c : out)
    if (is_ascii_lower(c)) c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool starts_lower(std::string_view s) {
  if (s.empty()) return false;
  if (is_ascii_lower(s[0])) return true;
  const unsigned cp = latin1_at(s, 0);
  return cp >= 0xDF && cp != 0xF7;
}

bool starts_upper(std::string_view s) {
  if (s.empty()) return false;
  if (is_ascii_upper(s[0])) return true;
  const unsigned cp = latin1_at(s, 0);
  return cp >= 0xC0 && cp <= 0xDE && cp != 0xD7;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((byte(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::size_t byte_offset_of_column(std::string_view s, std::size_t column) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((byte(s[i]) & 0xC0) == 0x80) continue;
    if (seen == column) return i;
    ++seen;
  }
  return s.size();
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::vector<std::string_view> split(std::string_view s, char separator) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const auto pos = s.find(separator, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

std::vector<std::string> split_nonempty(std::string_view s, char separator) {
  std::vector<std::string> out;
  for (const auto piece : split(s, separator))
    if (!piece.empty()) out.emplace_back(piece);
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string spaced(std::string_view word) {
  std::string out(word);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string escape_markup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace followup::util
