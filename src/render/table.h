// A titled table of text cells, and its renderings as aligned text,
// Markdown and CSV: every report is made of these. Each column may say what
// its cells hold (CellKind), for a reader that keeps types (the Excel
// workbook, render/xlsx.h); the text renderings print every cell as written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace followup::render {

// What a column's cells hold, each written as text in a fixed form; an
// empty cell holds no value, whatever the kind.
enum class CellKind {
  text,     // words, shown as written
  integer,  // a whole number in decimal digits: "12", "-3"
  date,     // a calendar date, YYYY-MM-DD
  ratio,   // a fraction, written to read back exactly ("%.17g": "0.63636363636363635"); shown as a percentage
  figure,  // a number written for people, with its note ("63.6% (7/11)"): text to a spreadsheet,
           // right-aligned in a document
};

// Whether a document aligns a column of this kind on the right (counts,
// ratios, figures).
bool right_aligned(CellKind kind);
// A cell as a document shows it: a ratio as a percentage with one decimal
// ("63.6%"), anything else (or a ratio that does not read as a number) as
// written.
std::string cell_shown(CellKind kind, const std::string& text);

struct Table {
  std::string title;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // each as long as columns
  // Each column's kind, in the order of columns; a column without one (all
  // of them, when empty) is text.
  std::vector<CellKind> kinds = {};
};

// Columns padded to their widest cell (counted in UTF-8 characters).
std::string table_text(const Table& table);
// A GitHub-style pipe table; '|' in cells escaped.
std::string table_markdown(const Table& table);
// RFC 4180, CRLF line ends, header row first; every cell through csv_field.
std::string table_csv(const Table& table);

// The parts of table_markdown and table_csv, for a table printed as its
// rows arrive: its title and header row, then its rows, any number at a
// time (table_markdown is the head and the rows; table_csv the rows of the
// header row and of the rows).
using Rows = std::vector<std::vector<std::string>>;
std::string table_markdown_head(const Table& table);
std::string table_markdown_rows(const Rows& rows);
std::string table_csv_rows(const Rows& rows);

// True when a spreadsheet could read `text` as a formula: it starts with a
// tab or a carriage return, or (after leading white space) with '=', '+',
// '-', '@' or their full-width forms.
bool csv_formula_like(std::string_view text);

// One CSV cell, the only way the program writes one: quoted when it holds
// a comma, quote or line end; a formula-like cell is neutralised as OWASP
// recommends, with a leading ' and quoted ("'=1+1"), so it stays text.
std::string csv_field(std::string_view text);

}  // namespace followup::render
