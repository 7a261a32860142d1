// Any text in, as an ISO date (as the command line and the store take it):
// Date::parse_iso must never crash, and a date it reads must print back to
// text that reads as the same date.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/date.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using followup::Date;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto date = Date::parse_iso(text);
  if (date) {
    const auto again = Date::parse_iso(date->iso());
    if (!again || *again != *date) __builtin_trap();
  }
  return 0;
}
