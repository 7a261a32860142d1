// Reads a memorandum (text, Markdown or CSV, in any encoding of DESIGN.md's
// "Import formats", a Word .docx or an Excel .xlsx) into a ParsedMemo.
// Parsing is pure: bytes in, a value or an error out.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/model.h"
#include "core/result.h"
#include "core/unit_directory.h"

namespace followup::importer {

// What a warning is about (docs/import.md, "Warnings"). Callers tell
// warnings apart by kind, never by their text.
enum class WarningKind {
  unreadable_memo_date,    // the Date field holds no date: the memo's date is left empty
  stray_row,               // a line after the table reads like its next row: not imported
  due_before_memo_date,    // a recommendation is due before the memo's date
  numbering_gap,           // a number is missing below the highest seen
  numbering_out_of_order,  // a number smaller than the one before
  no_title,                // no subject, title or file name: the evaluation code is EVAL
  code_from_initials,      // the title has no acronym: the code is made from its initials
  unit_matched_by_place,   // a responsible name matched a unit by its place name
  unit_not_in_directory,   // a responsible name matched no unit: its code is nullopt
  unit_added,              // a name the directory did not know, given a unit (add_unknown_units)
};

// The kind's word in JSON ("unit_not_in_directory"), and back.
std::string_view to_string(WarningKind kind);
std::optional<WarningKind> parse_warning_kind(std::string_view word);

struct Warning {
  WarningKind kind = WarningKind::unit_not_in_directory;
  int line = 0;         // 1-based line in the (decoded) input; 0 when not tied to a line
  std::string excerpt;  // the input text it is about, as quoted (excerpt.h); empty when none
  std::string message;  // for a person; quotes the excerpt
};

struct ParsedRecommendation {
  int number = 0;
  std::string text;                      // paragraphs joined by '\n'
  std::vector<std::string> responsible;  // names as written, lead first
  // Unit codes, parallel to `responsible`, resolved as each row is read;
  // nullopt only for a name the directory does not know (with a
  // unit_not_in_directory warning).
  std::vector<std::optional<std::string>> units;
  Date due;
  int line = 0;  // where the row starts
};

struct ParsedMemo {
  MemoHeader header;
  std::string code;   // evaluation code (core/reference.h)
  std::string title;  // the evaluation's title
  std::vector<ParsedRecommendation> recommendations;
  // Units the codes above name that the directory handed in lacks: every
  // unit of the directory the To: list seeds (when none was handed in),
  // then those made for unknown names (add_unknown_units), in the order
  // made. Whoever stores the memo stores them first.
  std::vector<Unit> new_units;
  std::vector<Warning> warnings;
};

enum class Format { detect, text, markdown, csv };

// Bounds on what one memo may hold, so that hostile input costs little:
// input over a bound is refused with an error, never cut. The defaults
// (docs/import.md) are far above any real memorandum.
inline constexpr std::size_t k_default_max_input_bytes = std::size_t{20} * 1024 * 1024;
inline constexpr std::size_t k_default_max_recommendations = 10000;
inline constexpr std::size_t k_default_max_field_bytes = std::size_t{64} * 1024;

struct ParseLimits {
  // The bytes handed to parse_memo (for a .docx, also the Markdown its text
  // makes); checked first, before any decoding.
  std::size_t max_input_bytes = k_default_max_input_bytes;
  std::size_t max_recommendations = k_default_max_recommendations;
  // Any one field as read: a recommendation's text, responsible or due cell,
  // an addressee, the From, Date, Subject or Title value.
  std::size_t max_field_bytes = k_default_max_field_bytes;
};

struct ParseOptions {
  std::string file_name = "-";  // used in errors: "FILE:LINE: message"
  Format format = Format::detect;
  // The unit directory: its names are never split as joint responsibility
  // (nor are the memo's own To: names), and each responsible name is
  // resolved against it as its row is read (docs/import.md, "Units"). Null
  // or empty: the directory the memo's To: list seeds, as for the first
  // import into an empty store; its units are then new_units.
  const UnitDirectory* directory = nullptr;
  // A name the directory does not know is given a unit instead of staying
  // unresolved: the unit the To: list gives for it, else the one its own
  // words give (unit_from_addressee); a unit_added warning, the unit in
  // new_units unless its code is known. A name that gives no unit is then
  // an error.
  bool add_unknown_units = false;
  ParseLimits limits;
};

// Errors are invalid_argument with file, line (when known) and a message
// that quotes the offending text. The rules (encodings, header fields and
// their continuations, table layouts, furniture, dates, joint units, CSV,
// title and code) are in docs/import.md. Warnings come sorted by line and,
// on one line, in the order of WarningKind's groups: the header's, the
// table's end, due dates, numbering, the code, then units in name order.
// For CSV without a Subject field the title is the first `# comment` line,
// else the file name's stem. An Excel workbook is read as CSV is, from its
// first visible sheet with such a table; its errors' line is the sheet's
// row, and their message starts with the sheet and the cell ("sheet
// 'Recs', cell D7: ..."); its warnings' lines are rows too.
Result<ParsedMemo> parse_memo(std::string_view bytes, const ParseOptions& options);

// The evaluation a parsed memo describes, ready to store. invalid_argument
// at the row's line, naming the first responsible name that did not
// resolve, when there is one: no unit code is ever left empty.
Result<Evaluation> to_evaluation(const ParsedMemo& memo);

// Seeds a directory from the memo's To: list (for a first import into an
// empty store). Addressees that give no unit are skipped.
UnitDirectory directory_from_addressees(const MemoHeader& header);

// A memo's text as parse_memo reads it: a Word document's paragraphs and
// tables as Markdown, an Excel workbook's memo fields and table as Markdown
// that reads back to the same memo, any other bytes decoded to UTF-8 (the
// encodings of docs/import.md). `markdown` for a Word document, a workbook
// or a .md/.markdown file.
// invalid_argument, as parse_memo says it, when the bytes cannot be read.
struct MemoText {
  std::string text;
  bool markdown = false;
};
Result<MemoText> memo_text(std::string_view bytes, std::string_view file_name);

}  // namespace followup::importer
