// What every user of GMime needs: the library initialised once, and its
// objects owned as unique_ptrs that drop their reference. Header-only: the
// targets that include it link GMime themselves (pkg-config gmime-3.0).
#pragma once

#include <gmime/gmime.h>
#include <memory>
#include <mutex>

namespace followup::util {

inline void ensure_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

// GObject references released with g_object_unref.
struct GObjectUnref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
template <typename T>
using GOwned = std::unique_ptr<T, GObjectUnref>;

}  // namespace followup::util
