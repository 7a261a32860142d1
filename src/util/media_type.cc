#include "util/media_type.h"

#include <magic.h>
#include <memory>
#include <mutex>

#include "util/text.h"

namespace followup::util {

namespace {

struct MagicCloser {
  void operator()(magic_t m) const { magic_close(m); }
};
using Magic = std::unique_ptr<std::remove_pointer_t<magic_t>, MagicCloser>;

// libmagic handles are not thread-safe: one handle, used under a lock, loaded once.
std::mutex g_magic_mutex;

magic_t shared_magic() {
  static const Magic k_magic = [] {
    Magic m(magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS));
    if (m && magic_load(m.get(), nullptr) != 0) m.reset();
    return m;
  }();
  return k_magic.get();
}

// The lower-case ASCII letters of an attribute name after "on".
bool starts_event_handler(std::string_view lower, std::size_t i) {
  if (lower.compare(i, 2, "on") != 0) return false;
  if (i > 0) {
    const char before = lower[i - 1];
    if (!is_space(before) && before != '"' && before != '\'' && before != '/') return false;
  }
  std::size_t j = i + 2;
  while (j < lower.size() && is_ascii_lower(lower[j])) ++j;
  if (j - i - 2 < 3) return false;  // "onload", "onerror", "onbegin": never "on" or "one"
  while (j < lower.size() && is_space(lower[j])) ++j;
  return j < lower.size() && lower[j] == '=';
}

std::string markup_in(std::string_view lower) {
  static constexpr std::string_view k_tokens[] = {"<script", "<html",  "<svg",        "<iframe",
                                                  "<object", "<embed", "javascript:", "vbscript:"};
  std::string_view first;
  std::size_t at = std::string_view::npos;
  for (auto token : k_tokens)
    if (const auto found = lower.find(token); found < at) {
      at = found;
      first = token;
    }
  // Event handlers count after a tag opens ("<img", "<div"), not after "a < b".
  auto tag = lower.find('<');
  while (tag != std::string_view::npos && !(tag + 1 < lower.size() && is_ascii_lower(lower[tag + 1])))
    tag = lower.find('<', tag + 1);
  if (tag != std::string_view::npos)
    for (std::size_t i = tag + 1; i + 2 < lower.size() && i < at; ++i)
      if (starts_event_handler(lower, i)) {
        std::size_t end = i + 2;
        while (is_ascii_lower(lower[end])) ++end;
        return std::string(lower.substr(i, end - i)) + "=";
      }
  return at == std::string_view::npos ? std::string() : std::string(first);
}

}  // namespace

std::string active_markup_in(std::string_view content, std::size_t window) {
  content = content.substr(0, window);
  std::string lower;
  std::string without_nul;  // UTF-16 ASCII with its zero bytes taken out
  lower.reserve(content.size());
  for (char c : content) {
    lower += ascii_lower(c);
    if (c != '\0') without_nul += ascii_lower(c);
  }
  if (auto found = markup_in(lower); !found.empty()) return found;
  if (without_nul.size() != lower.size()) return markup_in(without_nul);
  return {};
}

std::string media_type_of(std::string_view content) {
  const std::lock_guard<std::mutex> lock(g_magic_mutex);
  magic_t magic = shared_magic();
  if (magic == nullptr) return "application/octet-stream";
  const char* type = magic_buffer(magic, content.data(), content.size());
  return type ? std::string(type) : "application/octet-stream";
}

}  // namespace followup::util
