#include "importer/excerpt.h"

#include "util/text.h"

namespace followup::importer::detail {

std::string excerpt(std::string_view text, std::size_t max_bytes) {
  std::string out;
  bool pending_space = false;
  for (const char c : text) {
    if (util::is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (out.size() + (pending_space ? 1 : 0) >= max_bytes) {
      // A continuation byte here means the code point at the end of `out`
      // does not fit whole: it goes too.
      if (!pending_space && (static_cast<unsigned char>(c) & 0xC0U) == 0x80U) {
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0U) == 0x80U) out.pop_back();
        if (!out.empty()) out.pop_back();
      }
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += "\xE2\x80\xA6";  // …
      return out;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string too_long(std::string_view what, std::size_t limit) {
  return std::string(what) + " is longer than " + std::to_string(limit) + " bytes, the limit for one field";
}

std::string too_many_recommendations(std::size_t limit) {
  return "the memo has more than " + std::to_string(limit) + " recommendations, the limit for one memo";
}

}  // namespace followup::importer::detail
