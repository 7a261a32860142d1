// Any bytes in, a memo or an error out: parse_memo, dry_run_json and
// content_hash must never crash, hang or read out of bounds, whatever the
// format asked for.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "importer/content_hash.h"
#include "importer/memo_json.h"
#include "importer/memo_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace followup::importer;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const Format format : {Format::detect, Format::csv}) {
    ParseOptions options;
    options.file_name = "fuzz";
    options.format = format;
    auto parsed = parse_memo(bytes, options);
    if (!parsed.ok()) {
      // Errors must name the file and describe themselves.
      if (parsed.error().describe().empty()) __builtin_trap();
      continue;
    }
    const ParsedMemo& memo = parsed.value();
    // The directory its To: list seeds, handed in: the same success.
    const auto directory = directory_from_addressees(memo.header);
    options.directory = &directory;
    auto again = parse_memo(bytes, options);
    if (!again.ok()) __builtin_trap();  // a directory changes splitting, never success
    (void)dry_run_json(memo).dump();
    (void)dry_run_json(again.value()).dump();
    (void)content_hash(memo);
    // Making units for unknown names may refuse a name, never crash.
    options.add_unknown_units = true;
    (void)parse_memo(bytes, options);
  }
  return 0;
}
