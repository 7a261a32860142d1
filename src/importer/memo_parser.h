// Reads a memorandum (text, Markdown or CSV, in any encoding of DESIGN.md's
// "Import formats", or a Word .docx) into a ParsedMemo. Parsing is pure: bytes in, a value
// or an error out.
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

struct Warning {
  int line = 0;  // 1-based line in the (decoded) input; 0 when not tied to a line
  std::string message;
};

struct ParsedRecommendation {
  int number = 0;
  std::string text;                               // paragraphs joined by '\n'
  std::vector<std::string> responsible;           // names as written, lead first
  std::vector<std::optional<std::string>> units;  // codes, parallel; nullopt = unresolved
  Date due;
  int line = 0;  // where the row starts
};

struct ParsedMemo {
  MemoHeader header;
  std::string code;   // evaluation code (core/reference.h)
  std::string title;  // the evaluation's title
  std::vector<ParsedRecommendation> recommendations;
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
  // Whole unit names that must never be split as joint responsibility
  // (the directory's names); the memo's own To: names are added by the parser.
  // When set, parse_memo also resolves units as resolve_units does; when
  // null, every `units` entry is nullopt and no unit warnings are made.
  const UnitDirectory* directory = nullptr;
  ParseLimits limits;
};

// Errors are invalid_argument with file, line (when known) and a message
// that quotes the offending text. The rules (encodings, header fields and
// their continuations, table layouts, furniture, dates, joint units, CSV,
// title and code) are in docs/import.md. Warnings come sorted by line.
// For CSV without a Subject field the title is the first `# comment` line,
// else the file name's stem.
Result<ParsedMemo> parse_memo(std::string_view bytes, const ParseOptions& options);

// Fills `units` of every recommendation from the directory and appends a
// warning for each name matched by place (saying how) or not matched at all.
// Calling it again replaces the unit warnings of the earlier call.
void resolve_units(ParsedMemo& memo, const UnitDirectory& directory);

// The evaluation a parsed memo describes, ready to store: unresolved units
// become empty codes.
Evaluation to_evaluation(const ParsedMemo& memo);

// Seeds a directory from the memo's To: list (for a first import into an
// empty store). Addressees that give no unit are skipped.
UnitDirectory directory_from_addressees(const MemoHeader& header);

}  // namespace followup::importer
