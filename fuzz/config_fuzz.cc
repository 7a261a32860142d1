// Any bytes in, a configuration or an error out: parse_config must never
// crash or hang, and every error names the file and a line.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "app/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace followup::app;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto parsed = parse_config(bytes, "fuzz.toml");
  if (!parsed.ok()) {
    if (parsed.error().file != "fuzz.toml" || parsed.error().line < 0) __builtin_trap();
    return 0;
  }
  const Config& c = parsed.value();
  if (c.unit_backdate_days < 0 || c.unit_backdate_days > 9999) __builtin_trap();
  if (c.evidence.max_bytes < 1) __builtin_trap();
  return 0;
}
