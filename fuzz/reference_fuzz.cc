// Any text in, as a recommendation reference ("PLACMI-2#1") or an
// evaluation title: parsing must never crash, a reference it reads must
// print back to the same reference, and a code taken from a title must be
// a valid code.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/reference.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace followup;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto ref = parse_recommendation_ref(text);
  if (ref.ok()) {
    if (!is_valid_evaluation_code(ref->evaluation) || ref->number < 1) __builtin_trap();
    const auto again = parse_recommendation_ref(ref->str());
    if (!again.ok() || !(*again == *ref)) __builtin_trap();
  } else if (ref.error().message.empty()) {
    __builtin_trap();
  }
  (void)is_valid_evaluation_code(text);
  (void)evaluation_code_from_title(text);
  (void)evaluation_code_from_initials(text);
  return 0;
}
