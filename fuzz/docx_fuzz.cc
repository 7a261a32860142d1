// Any bytes in, as a Word .docx: docx_to_markdown must never crash, hang or
// read out of bounds (libzip and libxml2 see hostile archives and XML), and
// the Markdown it makes must go through parse_memo the same way.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "importer/docx.h"
#include "importer/memo_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace followup::importer;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto markdown = detail::docx_to_markdown(bytes);
  if (!markdown.ok()) {
    if (markdown.error().message.empty()) __builtin_trap();
    return 0;
  }
  ParseOptions options;
  options.file_name = "fuzz.docx";
  options.format = Format::markdown;
  const auto memo = parse_memo(*markdown, options);
  if (!memo.ok() && memo.error().describe().empty()) __builtin_trap();
  return 0;
}
