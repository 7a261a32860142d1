// Any bytes in, every request decoder of app/request_json.h run on them: none
// may crash, hang or recurse without bound, each error names the source,
// and what a decoder accepts passes that request's checks.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "app/request_checks.h"
#include "app/request_json.h"

namespace {

constexpr std::string_view k_source = "fuzz.json";

template <typename Request, typename Check>
void exercise(followup::Result<Request> parsed, Check&& check) {
  if (!parsed.ok()) {
    if (parsed.error().file != k_source) __builtin_trap();
    return;
  }
  if (!check(parsed.value()).ok()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace followup::app;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  exercise(parse_edit_json(bytes, k_source), check_edit_request);
  exercise(parse_add_action_json(bytes, k_source), check_add_action_request);
  exercise(parse_progress_json(bytes, k_source), check_progress_request);
  exercise(parse_validation_json(bytes, k_source), check_validation_request);
  exercise(parse_closing_json(bytes, k_source), check_closing_request);
  exercise(parse_reopen_json(bytes, k_source), check_reopen_request);
  exercise(parse_extension_json(bytes, k_source), check_extension_request);
  exercise(parse_action_update_json(bytes, k_source), check_action_update_request);
  exercise(parse_unit_json(bytes, k_source), check_unit);
  exercise(parse_user_json(bytes, k_source), check_user);
  exercise(parse_unit_edit_json(bytes, k_source), [](const UnitEdit&) { return followup::Status{}; });
  return 0;
}
