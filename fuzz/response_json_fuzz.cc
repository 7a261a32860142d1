// Any bytes in, a response request or an error out: parse_response_json
// must never crash, hang, recurse without bound or read out of bounds, and
// what it accepts must pass the request checks.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "app/request_checks.h"
#include "app/request_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace followup::app;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto parsed = parse_response_json(bytes, "fuzz.json");
  if (!parsed.ok()) {
    if (parsed.error().file != "fuzz.json") __builtin_trap();  // errors name the source
    return 0;
  }
  if (!check_response_request(parsed.value()).ok()) __builtin_trap();
  if (parsed.value().actions.size() > k_max_actions) __builtin_trap();
  return 0;
}
