// Any bytes in, as an Excel .xlsx workbook: read_workbook must never crash,
// hang or read out of bounds (libzip and libxml2 see hostile archives and
// XML), what it reads must keep its promises (rows and cells in reference
// order, within the grid, a date cell's text its ISO day), and the memo
// read from it, and its text, must go through parse_memo the same way.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "importer/memo_parser.h"
#include "importer/xlsx.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace followup::importer;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto workbook = xlsx::read_workbook(bytes);
  if (!workbook.ok()) {
    if (workbook.error().message.empty()) __builtin_trap();
  } else {
    for (const auto& sheet : workbook->sheets) {
      int last_row = 0;
      for (const auto& row : sheet.rows) {
        if (row.number <= last_row || row.number > xlsx::k_max_row || row.cells.empty()) __builtin_trap();
        last_row = row.number;
        int last_column = 0;
        for (const auto& cell : row.cells) {
          if (cell.column <= last_column || cell.column > xlsx::k_max_column) __builtin_trap();
          last_column = cell.column;
          if (cell.date && cell.text != cell.date->iso()) __builtin_trap();
          if (row.at(cell.column) != &cell) __builtin_trap();
        }
      }
    }
  }
  ParseOptions options;
  options.file_name = "fuzz.xlsx";
  const auto memo = parse_memo(bytes, options);
  if (!memo.ok()) {
    if (memo.error().describe().empty()) __builtin_trap();
    return 0;
  }
  // A workbook's memo as text reads back, as `followup memo` shows it.
  const auto text = memo_text(bytes, options.file_name);
  if (!text.ok()) __builtin_trap();
  options.format = Format::markdown;
  const auto again = parse_memo(text->text, options);
  if (!again.ok() && again.error().describe().empty()) __builtin_trap();
  return 0;
}
