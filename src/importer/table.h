// The recommendations table of a text or Markdown memo, in any of the three
// layouts (tabs, '|' pipes, fixed-width columns), as raw rows: cells as
// written, before dates are read and units split.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "importer/lines.h"
#include "importer/memo_date.h"
#include "importer/memo_parser.h"

namespace followup::importer::detail {

struct RawRow {
  int number = 0;
  int line = 0;      // where the row starts
  std::string text;  // paragraphs joined by '\n'
  std::string responsible;
  std::string due;
  int due_line = 0;  // where the due cell's text starts; 0 when empty
};

enum class Layout { tabs, pipes, spaces };

// Column roles as indices into the header's cells; -1 when absent.
struct Columns {
  int number = -1;
  int text = -1;
  int responsible = -1;
  int due = -1;
};

// Reads a header row's cells: which holds the recommendation, the
// responsible unit, the due date, and (optionally) the number. Nullopt when
// one of the first three is missing. Words in English, Spanish, French.
std::optional<Columns> assign_columns(const std::vector<std::string>& cells);

struct TableParse {
  bool found = false;  // a header row was found
  int header_line = 0;
  std::vector<RawRow> rows;
  // A line after the table's end that reads like its next row (0: none):
  // the caller warns that it is not imported.
  int end_line = 0;
  int stray_line = 0;
  int stray_number = 0;
  std::string stray_text;  // that line, as an error quotes it (excerpt.h)
  // Set when the table breaks a bound of ParseLimits (too many rows, a cell
  // too long): reading stops there and the caller reports it.
  std::string error;
  int error_line = 0;
};

// Finds the first table header at or after lines[begin] and reads the rows
// below it until the table ends (see docs/import.md), within `limits`'
// bounds on rows and cell sizes.
TableParse parse_table(const std::vector<Line>& lines, std::size_t begin, const ParseLimits& limits);

// "1." "1)" "1000." at the start of a recommendation cell: the number, and the
// length of the marker with the space after it. Nullopt otherwise.
struct NumberMarker {
  int number = 0;
  std::size_t length = 0;
};
std::optional<NumberMarker> leading_number(std::string_view text, bool bare_allowed);

// The number in a number-column cell: "1", "1.", "**1**", "Rec. 1",
// "Recommendation 1", "N° 1", "#1". Nullopt for anything else.
std::optional<int> number_cell_value(std::string_view cell);

// How a due cell reads as a date; a cell far longer than any date form
// (200 bytes) is none, without reading it.
DateReading date_reading(std::string_view cell);

// "Page 2 of 5", "- 3 -", "Página 2 de 5", "2/5": lines that only number a page.
bool is_page_number(std::string_view text);

// "a)", "(b)", "iv.", "- ", "• ": a lettered or bulleted sub-item.
bool is_sub_item(std::string_view text);

}  // namespace followup::importer::detail
