// The memo's header block: To, From, Cc, Date, Subject in English, Spanish
// or French, plain or Markdown bold, each value possibly continuing on the
// following lines. docs/import.md explains the continuation heuristics.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/result.h"
#include "importer/lines.h"
#include "importer/memo_parser.h"

namespace followup::importer::detail {

// `title` ("Title:", "Título:", "Titre:") names the evaluation where a file
// has no Subject (CSV exports).
enum class FieldKind { to, from, cc, date, subject, title, other };

struct FieldLine {
  FieldKind kind = FieldKind::other;
  std::string_view value;  // after the colon, trimmed, Markdown bold marks removed
};

// "Key: value" as a field line writes it: a key of at most three words
// ending within 24 bytes, before a colon; Markdown marks around it (a
// list's "- ", a heading's "#", emphasis) removed. The key is as written.
struct KeyValue {
  std::string_view key;
  std::string_view value;  // after the colon, trimmed, Markdown bold marks removed
};
std::optional<KeyValue> split_key_value(std::string_view line);

// Recognises "To: ...", "**Para:** ...", "Objet : ...", and (as `other`)
// any short capitalised key such as "Ref: ..." or "Through: ...".
std::optional<FieldLine> match_field(std::string_view line);

struct HeaderParse {
  MemoHeader header;
  bool found = false;          // at least one known field
  int subject_line = 0;        // line of "Subject:" (else "Title:"), 0 when absent
  std::string title;           // a "Title:" field's value, white space folded
  std::size_t body_start = 0;  // index into the lines of the first line after the header
};

// Reads the header from lines[0, end). An impossible memo date is an
// error; an unreadable one is a warning and leaves the date empty. A value
// (an addressee, From, Date, Subject, Title) over `max_field_bytes` is an
// error at the line that takes it over.
Result<HeaderParse> parse_header(const std::vector<Line>& lines, std::size_t end, const std::string& file,
                                 std::size_t max_field_bytes, std::vector<Warning>& warnings);

// Addressees on one value line: split on ';' (never on ','), bullets and
// Markdown line-break marks removed.
void add_addressees(std::string_view value, std::vector<std::string>& out);

// Quotes, parentheses or brackets left open in `text`.
bool has_unbalanced_marks(std::string_view text);

// The same, for a value that grows a piece at a time (pieces joined with a
// space): adding a piece costs its length only, not the value's.
class MarkBalance {
 public:
  void add(std::string_view piece);
  [[nodiscard]] bool unbalanced() const;

 private:
  int m_parens = 0;
  int m_brackets = 0;
  int m_doubles = 0;
  int m_singles = 0;
  int m_curly = 0;
};

}  // namespace followup::importer::detail
