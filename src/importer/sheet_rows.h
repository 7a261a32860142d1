// A workbook's sheet in the terms of the CSV memo layout (docs/import.md,
// "Excel workbooks"): its rows as lines of text, for the memo fields,
// comments and title above the table, and as cells, for the table. The
// layout's rules themselves are the CSV reader's (memo_parser.cc).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "importer/csv.h"
#include "importer/lines.h"
#include "importer/table.h"
#include "importer/xlsx.h"

namespace followup::importer::detail {

// A cell's text as the memo reader takes it: non-breaking spaces (U+00A0,
// U+2007, U+202F) made plain, as in decoded text.
std::string memo_cell_text(const xlsx::Cell& cell);

// The sheet's rows as numbered lines: a row's cells (merged copies left
// out) make one line — "Subject:" or a field's name ("Subject", "Objet")
// in one cell and its value in the next make "Subject: value", further
// cells are joined with "; " (so that "To:" followed by one addressee a
// cell is a list) — and a cell's line breaks start further lines with the
// same number. The rows right below such a field row that have no cell
// under the field's name go on its value (joined with "; " for To and Cc,
// with a space otherwise), unless they name a table's columns. A run of
// empty rows is one blank line.
class SheetLines {
 public:
  explicit SheetLines(const xlsx::Sheet& sheet);

  [[nodiscard]] const std::vector<Line>& lines() const { return m_lines; }
  // Whether lines()[i] is the first line of a row whose cells name the
  // recommendation, the responsible unit and the due date (a header row).
  [[nodiscard]] bool names_columns(std::size_t i) const;
  // The index in sheet.rows of the row lines()[i] comes from; nullopt for
  // a blank line that stands for empty rows.
  [[nodiscard]] std::optional<std::size_t> row_of(std::size_t i) const;
  // The column of the cell holding the value of the line numbered `row`
  // (its field's value, else its first cell); 0 when there is none.
  [[nodiscard]] int value_column(int row) const;

 private:
  const xlsx::Sheet& m_sheet;
  std::string m_text;  // what m_lines point into
  std::vector<Line> m_lines;
  std::vector<std::size_t> m_rows;   // for each line, its row's index; npos for a blank line
  std::vector<bool> m_first;         // for each line, whether it is its row's first
  std::vector<int> m_value_columns;  // for each row of the sheet
};

// The table below a header row, in the CSV reader's terms: only the
// columns the header row gives a role (number, text, responsible, due),
// in order, so that a wide or sparse sheet costs no more than its cells.
struct SheetTable {
  Columns columns;                  // indices into `header` and each row's fields
  std::vector<std::string> header;  // the header row's cells of those columns
  std::vector<CsvRecord> rows;      // the rows below the header row, numbered by row; empty ones left out
  std::vector<int> sheet_columns;   // for each index, the sheet's column (1 is A)
  // The sheet's column of a role's index (-1: none): for messages.
  [[nodiscard]] int sheet_column(int index) const;
};

// The table whose header row is sheet.rows[header]: the columns from the
// row's first cell to its last, merged copies included, read by
// assign_columns. Nullopt when the row names no table.
std::optional<SheetTable> sheet_table(const xlsx::Sheet& sheet, std::size_t header);

}  // namespace followup::importer::detail
