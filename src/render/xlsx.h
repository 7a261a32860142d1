// An Excel workbook (.xlsx) made of Tables, one sheet each, written by
// libxlsxwriter: a report for a spreadsheet, its cells typed by their
// columns' kinds (render/table.h).
//
// Each sheet holds, from its first row: the workbook's title (bold), the
// table's title, the header row, then the table's rows. The rows down to
// the header stay in view (a frozen pane) and the header row carries an
// autofilter over the table. Cells are written by their column's kind: a
// date as an Excel date (shown YYYY-MM-DD), an integer as a number, a ratio
// as a number shown as a percentage (0.0%), text as a string cell, so that
// text a spreadsheet would read as a formula ('=1+1', see
// csv_formula_like) stays the text it is; an empty cell is left empty, and
// a cell that does not read as its kind is written as text. Columns are as
// wide as their widest cell (at most 60 characters). A text longer than
// Excel's 32,767 characters is cut there, ending in "…".
//
// libxlsxwriter builds the workbook in temporary files (rows are written
// to them as they come: memory stays small however many rows), then the
// finished file's bytes are handed over.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "render/document.h"
#include "render/table.h"

namespace followup::render {

// The workbook's properties: its title also the first row of every sheet.
using WorkbookProperties = DocumentProperties;

// A sheet's name made from a table's title, valid for Excel and not among
// `taken` (compared without regard to ASCII case, as Excel does): the
// title's head (before a ':' or " (" that starts a note), []:*?/\ and
// control characters made spaces, no apostrophe at either end, at most 31
// characters (one outside the Basic Multilingual Plane counts two); "Sheet"
// when nothing is left; then " (2)", " (3)"... until it is unique.
// "History" is Excel's own and counts as taken.
std::string sheet_name(std::string_view title, const std::vector<std::string>& taken);

class Workbook final : public TableDocument {
 public:
  static constexpr std::size_t k_excel_rows = 1048576;  // an Excel sheet's rows
  static constexpr std::size_t k_header_row = 2;        // 0-based: after the two title rows

  // `created_utc`: the document's creation time, as env::Clock::now_utc
  // gives it ("2026-11-28T04:27:24Z"); the same tables and time make the
  // same bytes. A sheet holds at most `max_rows` rows, its title and header
  // rows included: a table with more goes on over further sheets, each with
  // the title and header rows again (its title saying "continued").
  explicit Workbook(std::string_view created_utc, std::size_t max_rows = k_excel_rows);
  ~Workbook() override;
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
  Workbook(Workbook&&) = delete;
  Workbook& operator=(Workbook&&) = delete;

  // Before the first table: its title heads every sheet.
  void set_properties(WorkbookProperties properties) override;
  // A new sheet for `table`, with its rows.
  void add_table(const Table& table) override;
  // More rows of the last table added.
  void add_rows(const Rows& rows) override;
  // A sheet of the chart's numbers (chart_table), its image to their right.
  void add_chart(const BarChart& chart) override;
  // A level 1 heading starts a sheet of text named after it (sheet_name),
  // with the document's title and the heading as its first two rows; a
  // level 2 heading is a bold row of it, a paragraph a row (one cell,
  // wrapped, its line ends kept, indented when `indented`). Text that
  // comes before any level 1 heading, or after a table, starts a sheet of
  // text named after the document's title. Column A is 100 characters wide.
  void add_heading(std::string_view text, int level) override;
  void add_paragraph(std::string_view text, bool indented) override;
  // The sheets' names so far, in order.
  [[nodiscard]] const std::vector<std::string>& sheet_names() const;
  // The workbook's bytes; unavailable, in libxlsxwriter's words, when it
  // could not be made (a temporary file could not be written, say). Once.
  Result<std::string> finish() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace followup::render
