// Small helpers shared by the storage tests.
#pragma once

#include "core/date.h"
#include "core/result.h"

namespace followup::testing {

inline Date d(const char* iso) { return *Date::parse_iso(iso); }

// A Result's outcome as a Status, for the tests that only check that.
template <typename T>
Status status_of(const Result<T>& result) {
  return result ? Status{} : Status{result.error()};
}

}  // namespace followup::testing
