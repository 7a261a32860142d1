// The media type of some content, judged by its bytes (libmagic), never by
// the name a person gave it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace followup::util {

// "application/pdf", "text/plain", ... ; "application/octet-stream" when
// libmagic cannot tell or cannot be loaded.
std::string media_type_of(std::string_view content);

// How far into a file active_markup_in looks.
inline constexpr std::size_t k_active_markup_window = std::size_t{1024} * 1024;

// The first thing in the first `window` bytes of `content` that a browser
// would run or load, whatever the file claims to be: a tag ("<script",
// "<html", "<svg", "<iframe", "<object", "<embed"), a "javascript:" or
// "vbscript:" URL, or an event-handler attribute ("onload=", "onerror =")
// after a '<'. ASCII case is ignored, and UTF-16 text is seen through (NUL
// bytes are skipped). "" when there is none.
std::string active_markup_in(std::string_view content, std::size_t window = k_active_markup_window);

}  // namespace followup::util
