// Any bytes in, as an Excel .xlsx workbook: read_workbook must never crash,
// hang or read out of bounds (libzip and libxml2 see hostile archives and
// XML), what it reads must keep its promises (rows and cells in reference
// order, within the grid, a date cell's text its ISO day), and the memo
// read from it, and its text, must go through parse_memo the same way.
//
// A deflated archive's CRCs stop most mutations at the zip: bytes that are
// not a zip are taken as a workbook's parts instead, separated by NUL
// bytes — the first sheet's XML, then xl/sharedStrings.xml, then
// xl/styles.xml (tests/data/fuzz/xlsx/seed-parts.txt) — zipped here, so
// that the XML readers see the fuzzer's bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "importer/memo_parser.h"
#include "importer/test_xlsx.h"
#include "importer/xlsx.h"

namespace {

std::string as_workbook(std::string_view bytes) {
  using namespace followup::importer::testing;
  TestWorkbook book;
  book.sheets.push_back(TestSheet{"Fuzz", "", "", ""});
  auto parts = xlsx_parts(book);
  const char* names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"};
  for (const char* name : names) {
    const auto end = bytes.find('\0');
    for (auto& [part, data] : parts)
      if (part == name) data = std::string(bytes.substr(0, end));
    if (end == std::string_view::npos) break;
    bytes.remove_prefix(end + 1);
  }
  return zip_of(parts);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace followup::importer;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string zipped = input.starts_with("PK") ? std::string() : as_workbook(input);
  const std::string_view bytes = zipped.empty() ? input : std::string_view(zipped);
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
