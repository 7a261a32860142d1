#include "util/media_type.h"

#include <magic.h>
#include <memory>
#include <mutex>

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

}  // namespace

std::string media_type_of(std::string_view content) {
  const std::lock_guard<std::mutex> lock(g_magic_mutex);
  magic_t magic = shared_magic();
  if (magic == nullptr) return "application/octet-stream";
  const char* type = magic_buffer(magic, content.data(), content.size());
  return type ? std::string(type) : "application/octet-stream";
}

}  // namespace followup::util
