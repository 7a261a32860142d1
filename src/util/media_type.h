// The media type of some content, judged by its bytes (libmagic), never by
// the name a person gave it.
#pragma once

#include <string>
#include <string_view>

namespace followup::util {

// "application/pdf", "text/plain", ... ; "application/octet-stream" when
// libmagic cannot tell or cannot be loaded.
std::string media_type_of(std::string_view content);

}  // namespace followup::util
