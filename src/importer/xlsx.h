// Reads an Excel .xlsx workbook (Office Open XML: a zip of XML parts) into
// its sheets, each a list of rows of typed cells, with libzip and libxml2's
// streaming reader. Only what a table of text, numbers and dates needs is
// read: the sheets' names and order, the shared strings, each cell's value
// (a formula's cached value, never the formula), the styles enough to know
// which numbers are dates, and merged ranges. Hostile archives are refused
// within XlsxLimits, in time linear in the input. docs/import.md ("Excel
// workbooks") says what is read and what is not.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace followup::importer::xlsx {

// Excel's grid: columns A (1) to XFD (16384), rows 1 to 1,048,576.
inline constexpr int k_max_column = 16384;
inline constexpr int k_max_row = 1048576;

// "A" for 1, "Z" for 26, "AA" for 27, "XFD" for 16384.
std::string column_name(int column);

// "D7": a cell's reference, as Excel names it.
std::string cell_name(int column, int row);

// A cell reference ("D7", "$D$7", any case) read back, within the grid;
// nullopt for anything else.
struct CellRef {
  int column = 0;  // 1-based: A is 1
  int row = 0;     // 1-based
};
std::optional<CellRef> parse_cell_ref(std::string_view ref);

enum class CellType {
  text,     // a shared string, an inline string or a formula's text result
  number,   // a number whose format is not a date (times of day are numbers)
  date,     // a number whose format shows a day, month or year, or a `t="d"` cell
  boolean,  // TRUE or FALSE
  error,    // a formula's error result: #N/A, #DIV/0!, #REF!...
};

struct Cell {
  int column = 0;  // 1-based: A is 1
  CellType type = CellType::text;
  // The value as text: text as written (line breaks as '\n', no other
  // control character); a number in its shortest exact decimal form ("1",
  // "2.5", "1e+21"), whatever its number format; a date as YYYY-MM-DD (a
  // time of day on it dropped); "TRUE" or "FALSE"; an error's code.
  std::string text;
  // A number's or a date's value (the date serial in the workbook's date
  // system), 1 or 0 for a boolean; 0 otherwise.
  double number = 0;
  // The day of a date cell; nullopt for a serial that names no day (Excel's
  // fictitious 29 February 1900, a serial below 1, a year past 9999): the
  // cell's text is then the number, or "1900-02-29".
  std::optional<Date> date;
  bool formula = false;  // the value is a formula's cached result
  // A copy of the value of the merged range the cell lies in, whose
  // top-left cell holds it (that cell has merged = false).
  bool merged = false;
};

struct Row {
  int number = 0;           // 1-based, as the sheet numbers it
  std::vector<Cell> cells;  // the cells holding a value, left to right; a missing column is an empty cell
  // The cell in `column`, or nullptr when it is empty.
  [[nodiscard]] const Cell* at(int column) const;
};

enum class SheetState { visible, hidden, very_hidden };

struct Sheet {
  std::string name;  // as the tab shows it
  SheetState state = SheetState::visible;
  std::string part;       // its part in the archive ("xl/worksheets/sheet1.xml"), for messages
  std::vector<Row> rows;  // the rows holding a value, top to bottom; a missing number is an empty row
};

struct Workbook {
  std::vector<Sheet> sheets;  // the worksheets in the workbook's order (chart sheets are left out)
  bool date1904 = false;      // the 1904 date system (workbookPr date1904)
};

// Bounds on what one workbook may hold: a workbook over one is refused with
// an error, never read in part. The defaults are far above any memo or
// tracker a person keeps in Excel.
struct XlsxLimits {
  std::size_t max_entries = 10000;                       // files in the zip archive
  std::size_t max_part_bytes = std::size_t{64} << 20;    // one part, uncompressed
  std::size_t max_total_bytes = std::size_t{256} << 20;  // the parts read, uncompressed, together
  std::size_t max_sheets = 1000;
  std::size_t max_cells = 1000000;  // cells holding a value (merged copies included), all sheets
  std::size_t max_shared_strings = 1000000;
  int max_depth = 32;  // XML element nesting in any part
};

// Whether the bytes are a zip archive holding xl/workbook.xml: an Excel
// workbook, not a Word document. Reads only the archive's directory.
bool looks_like_xlsx(std::string_view bytes);

// The workbook's worksheets, every one of them (hidden ones too: see
// Sheet::state). Errors are invalid_argument without a file name; one
// about a cell or a row has the row's number as its line and a message
// that names the sheet and the cell ("sheet 'Recs', cell D7: ..."):
// a damaged archive or part, a part missing or over a bound, XML that is
// not well-formed or nests too deep, a cell reference outside the grid or
// out of order, a shared string that does not exist.
Result<Workbook> read_workbook(std::string_view bytes, const XlsxLimits& limits = {});

// A sheet's reference in messages: "sheet 'Recs'", "sheet 'Recs', row 7",
// "sheet 'Recs', cell D7" (row or column 0: left out).
std::string place(const Sheet& sheet, int row = 0, int column = 0);

}  // namespace followup::importer::xlsx
