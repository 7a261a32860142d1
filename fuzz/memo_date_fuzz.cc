// Any text in, as a date written in a memo: parse_memo_date must never
// crash or hang, and a date it reads must be a real day that reads back.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/date.h"
#include "importer/memo_date.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace followup;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = importer::parse_memo_date(text);
  if (parsed.reading == importer::DateReading::date) {
    const auto again = Date::parse_iso(parsed.date.iso());
    if (!again || *again != parsed.date) __builtin_trap();
    // Its ISO form is one of the forms it reads.
    const auto iso = importer::parse_memo_date(parsed.date.iso());
    if (iso.reading != importer::DateReading::date || iso.date != parsed.date) __builtin_trap();
  }
  return 0;
}
