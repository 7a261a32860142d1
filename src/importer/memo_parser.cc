#include "importer/memo_parser.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <span>
#include <tuple>
#include <unordered_set>

#include "core/reference.h"
#include "importer/csv.h"
#include "importer/docx.h"
#include "importer/excerpt.h"
#include "importer/header.h"
#include "importer/joint.h"
#include "importer/labelled.h"
#include "importer/lines.h"
#include "importer/memo_date.h"
#include "importer/sheet_rows.h"
#include "importer/table.h"
#include "importer/xlsx.h"
#include "util/encoding.h"
#include "util/text.h"

namespace followup::importer {

namespace {

using detail::Line;
using detail::RawRow;

Error input_error(const ParseOptions& options, int line, std::string message) {
  return Error{ErrorCode::invalid_argument, std::move(message), options.file_name, line};
}

// The cell of a table row a message is about.
enum class CellRole { row, field, number, text, responsible, due };

// Makes the errors of one input: "FILE:LINE: message". A workbook's also
// name the sheet and the cell ("memo.xlsx:7: sheet 'Recs', cell D7: ..."),
// its lines being the sheet's rows.
class Reporter {
 public:
  using Place = std::function<std::string(int line, CellRole role)>;

  explicit Reporter(const ParseOptions& options, Place place = {}, std::string_view line_word = "line")
      : m_options(options), m_place(std::move(place)), m_line_word(line_word) {}

  [[nodiscard]] const ParseOptions& options() const { return m_options; }
  // "line", or "row" in a workbook: how messages name another line.
  [[nodiscard]] std::string_view line_word() const { return m_line_word; }

  [[nodiscard]] Error error(int line, CellRole role, std::string message) const {
    return input_error(m_options, line, placed(line, role, std::move(message)));
  }
  // An error made by a reader that knows lines only (the memo's fields).
  [[nodiscard]] Error point(Error error, CellRole role) const {
    error.message = placed(error.line, role, std::move(error.message));
    return error;
  }

 private:
  [[nodiscard]] std::string placed(int line, CellRole role, std::string message) const {
    if (!m_place) return message;
    return m_place(line, role) + ": " + message;
  }

  const ParseOptions& m_options;
  Place m_place;
  std::string_view m_line_word;
};

std::string_view extension_of(std::string_view file) {
  const auto slash = file.find_last_of('/');
  const auto name = slash == std::string_view::npos ? file : file.substr(slash + 1);
  const auto dot = name.find_last_of('.');
  return dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
}

std::string stem_of(std::string_view file) {
  if (file.empty() || file == "-") return {};
  const auto slash = file.find_last_of('/');
  auto name = slash == std::string_view::npos ? file : file.substr(slash + 1);
  const auto dot = name.find_last_of('.');
  if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::vector<std::string> naive_fields(std::string_view line, char separator) {
  std::vector<std::string> out;
  for (auto f : util::split(line, separator)) {
    auto t = util::trim(f);
    if (t.size() >= 2 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
    out.emplace_back(util::trim(t));
  }
  return out;
}

bool is_comment(const Line& line) { return util::trim_left(line.text).starts_with("#"); }

// The index of the line that is a CSV header row, if the input is CSV:
// the first line that is not blank, a '#' comment or a memo field.
std::optional<std::size_t> csv_header_index(const std::vector<Line>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (detail::is_blank(lines[i]) || is_comment(lines[i])) continue;
    const auto field = detail::match_field(lines[i].text);
    if (field) continue;
    const std::string_view t = lines[i].text;
    if (t.find('\t') != std::string_view::npos || t.find('|') != std::string_view::npos) return std::nullopt;
    const char sep = detail::guess_separator(t);
    if (t.find(sep) == std::string_view::npos) return std::nullopt;
    if (detail::assign_columns(naive_fields(t, sep))) return i;
    return std::nullopt;
  }
  return std::nullopt;
}

std::string clean_text(std::string_view text) {
  std::string out;
  for (auto paragraph : util::split(text, '\n')) {
    std::string p = util::fold_space(paragraph);
    if (p.empty()) continue;
    if (!out.empty()) out += '\n';
    out += p;
  }
  return out;
}

// Resolves each responsible name as its row is read: against the
// directory, else (add_unknown_units) against the units made for names it
// does not know.
class UnitResolver {
 public:
  UnitResolver(const UnitDirectory& directory, const MemoHeader& header, const Reporter& report,
               ParsedMemo& memo)
      : m_directory(directory), m_header(header), m_report(report), m_memo(memo) {}

  Result<std::optional<std::string>> resolve(const std::string& name, int line) {
    const std::string quoted = detail::excerpt(name);
    if (const auto match = m_directory.resolve(name)) {
      if (match->how == MatchKind::place)
        m_memo.warnings.push_back(
            Warning{WarningKind::unit_matched_by_place, line, quoted, match->explanation});
      return std::optional<std::string>(match->unit->code);
    }
    if (!m_report.options().add_unknown_units) {
      m_memo.warnings.push_back(Warning{WarningKind::unit_not_in_directory, line, quoted,
                                        "'" + quoted + "' is not in the unit directory"});
      return std::optional<std::string>();
    }
    // The unit the memo's To: list gives for the name, else its own words'.
    if (!m_addressees) m_addressees = directory_from_addressees(m_header);
    std::optional<Unit> unit;
    if (auto match = m_addressees->resolve(name)) unit = *match->unit;
    if (!unit) unit = unit_from_addressee(name);
    if (!unit)
      return m_report.error(line, CellRole::responsible,
                            "cannot derive a unit from the name '" + quoted + "'");
    if (!m_working) m_working = m_directory;
    if (!m_working->resolve(unit->code)) {
      m_working->add(*unit);
      m_memo.new_units.push_back(*unit);
    }
    std::string code = m_working->resolve(unit->code)->unit->code;
    const bool known = m_directory.resolve(code).has_value();
    m_memo.warnings.push_back(Warning{
        WarningKind::unit_added, line, quoted,
        "'" + quoted + "' is not in the unit directory: " +
            (known ? "taken as unit " + code + ", the code its name gives" : "added as unit " + code)});
    return std::optional<std::string>(std::move(code));
  }

 private:
  const UnitDirectory& m_directory;
  const MemoHeader& m_header;
  const Reporter& m_report;
  ParsedMemo& m_memo;
  std::optional<UnitDirectory> m_addressees;  // what the To: list gives, made when first needed
  std::optional<UnitDirectory> m_working;     // the directory and the units made so far
};

struct Finisher {
  const Reporter& report;
  const ProtectedNames& names;
  std::optional<Date> memo_date;
  std::vector<Warning>& warnings;
  UnitResolver& units;

  Result<ParsedRecommendation> finish(const RawRow& row) const {
    const std::string n = std::to_string(row.number);
    ParsedRecommendation rec;
    rec.number = row.number;
    rec.line = row.line;
    rec.text = clean_text(row.text);
    if (rec.text.empty())
      return report.error(row.line, CellRole::text, "recommendation " + n + " has no text");
    const std::string responsible = util::fold_space(row.responsible);
    if (responsible.empty())
      return report.error(row.line, CellRole::responsible,
                          "recommendation " + n + " has no responsible unit");
    rec.responsible = split_responsible(row.responsible, names);
    if (rec.responsible.empty())
      return report.error(row.line, CellRole::responsible,
                          "recommendation " + n + " has no responsible unit (the cell holds only '" +
                              detail::excerpt(responsible) + "')");
    for (const auto& name : rec.responsible) {
      auto code = units.resolve(name, row.line);
      if (!code) return code.error();
      rec.units.push_back(std::move(*code));
    }
    const std::string due = util::fold_space(row.due);
    if (due.empty()) return report.error(row.line, CellRole::due, "recommendation " + n + " has no due date");
    const ParsedDate d = parse_memo_date(due);
    if (d.reading == DateReading::impossible)
      return report.error(
          row.due_line, CellRole::due,
          "impossible date '" + detail::excerpt(due) + "' as the due date of recommendation " + n);
    if (d.reading == DateReading::not_a_date)
      return report.error(row.due_line, CellRole::due,
                          "'" + detail::excerpt(due) +
                              "' is not a due date the importer can read (recommendation " + n +
                              "); write it as 31 August 2001, 31/08/2001 or 2001-08-31");
    rec.due = d.date;
    if (memo_date && rec.due < *memo_date)
      warnings.push_back(Warning{WarningKind::due_before_memo_date, row.due_line, detail::excerpt(due),
                                 "recommendation " + n + " is due " + rec.due.iso() +
                                     ", before the memo's date " + memo_date->iso()});
    return rec;
  }
};

// Gaps and disorder are doubts (warnings); a number used twice cannot be
// stored, so it is an error here, in the dry run as in the import.
Status check_numbering(const std::vector<ParsedRecommendation>& recs, std::vector<Warning>& warnings,
                       const Reporter& report) {
  std::map<int, int> first_line;
  int previous = 0;
  int highest = 0;  // a gap is a number missing below the highest seen
  for (const auto& r : recs) {
    if (const auto seen = first_line.find(r.number); seen != first_line.end())
      return report.error(r.line, CellRole::number,
                          "recommendation number " + std::to_string(r.number) + " is used twice (first on " +
                              std::string(report.line_word()) + " " + std::to_string(seen->second) +
                              "); nothing was imported");
    if (r.number < previous) {
      warnings.push_back(Warning{WarningKind::numbering_out_of_order,
                                 r.line,
                                 {},
                                 "numbering out of order: recommendation " + std::to_string(r.number) +
                                     " follows " + std::to_string(previous)});
    } else if (r.number > highest + 1) {
      const std::string missing = r.number == highest + 2
                                      ? "number " + std::to_string(highest + 1) + " is missing"
                                      : "numbers " + std::to_string(highest + 1) + " to " +
                                            std::to_string(r.number - 1) + " are missing";
      warnings.push_back(Warning{
          WarningKind::numbering_gap,
          r.line,
          {},
          "numbering gap: recommendation " + std::to_string(r.number) +
              (previous == 0 ? " is the first" : " follows " + std::to_string(previous)) + ", " + missing});
    }
    first_line.emplace(r.number, r.line);
    previous = r.number;
    highest = std::max(highest, r.number);
  }
  return {};
}

ProtectedNames protected_names(const MemoHeader& header, const UnitDirectory* directory) {
  ProtectedNames names;
  for (const auto& a : header.to) {
    names.add(a);
    if (const auto u = unit_from_addressee(a)) names.add(u->name);
  }
  if (directory != nullptr)
    for (const auto& u : directory->units()) {
      names.add(u.name);
      names.add(u.head_title);
      for (const auto& a : u.aliases) names.add(a);
    }
  return names;
}

// Where a kind's warnings stand among the others on the same line: the
// order the reading meets them.
int stage(WarningKind kind) {
  switch (kind) {
    case WarningKind::unreadable_memo_date:
      return 0;
    case WarningKind::stray_row:
      return 1;
    case WarningKind::due_before_memo_date:
      return 2;
    case WarningKind::numbering_gap:
    case WarningKind::numbering_out_of_order:
      return 3;
    case WarningKind::no_title:
    case WarningKind::code_from_initials:
      return 4;
    case WarningKind::unit_matched_by_place:
    case WarningKind::unit_not_in_directory:
    case WarningKind::unit_added:
      return 5;
  }
  return 6;
}

Result<ParsedMemo> finish_memo(ParsedMemo memo, const std::vector<RawRow>& rows, int subject_line,
                               const std::string& fallback_title, const Reporter& report) {
  const ParseOptions& options = report.options();
  // No directory, or an empty one: the memo's To: list seeds it.
  UnitDirectory seeded;
  const UnitDirectory* directory = options.directory;
  if (directory == nullptr || directory->empty()) {
    seeded = directory_from_addressees(memo.header);
    memo.new_units = seeded.units();
    directory = &seeded;
  }
  const auto names = protected_names(memo.header, directory);
  UnitResolver units(*directory, memo.header, report, memo);
  const Finisher finisher{report, names, memo.header.date, memo.warnings, units};
  for (const auto& row : rows) {
    auto rec = finisher.finish(row);
    if (!rec) return rec.error();
    memo.recommendations.push_back(std::move(*rec));
  }
  if (auto st = check_numbering(memo.recommendations, memo.warnings, report); !st) return st.error();

  memo.title = memo.header.subject.empty() ? util::fold_space(fallback_title) : memo.header.subject;
  if (auto code = evaluation_code_from_title(memo.title)) {
    memo.code = std::move(*code);
  } else {
    memo.code = evaluation_code_from_initials(memo.title);
    if (memo.title.empty())
      memo.warnings.push_back(
          Warning{WarningKind::no_title,
                  subject_line,
                  {},
                  "the memo has no subject or title; the evaluation code is '" + memo.code + "'"});
    else
      memo.warnings.push_back(Warning{WarningKind::code_from_initials, subject_line,
                                      detail::excerpt(memo.title),
                                      "the title has no acronym in parentheses; evaluation code '" +
                                          memo.code + "' is made from its initials"});
  }
  std::stable_sort(memo.warnings.begin(), memo.warnings.end(), [](const Warning& a, const Warning& b) {
    return a.line != b.line ? a.line < b.line : stage(a.kind) < stage(b.kind);
  });
  return memo;
}

Result<ParsedMemo> parse_text_memo(const std::vector<Line>& lines, const ParseOptions& options) {
  ParsedMemo memo;
  auto header = detail::parse_header(lines, lines.size(), options.file_name, options.limits.max_field_bytes,
                                     memo.warnings);
  if (!header) return header.error();
  memo.header = std::move(header->header);
  auto table = detail::parse_table(lines, header->body_start, options.limits);
  // No table, or one without rows: the recommendations may be labelled paragraphs.
  if (table.error.empty() && table.rows.empty()) {
    auto labelled = detail::parse_labelled(lines, header->body_start, options.limits);
    // Else numbered paragraphs with the same fields (a Word numbered list).
    if (!labelled.found) labelled = detail::parse_labelled(lines, header->body_start, options.limits, true);
    if (labelled.found) table = std::move(labelled);
  }
  if (!table.error.empty()) return input_error(options, table.error_line, table.error);
  if (!table.found)
    return input_error(options, 0,
                       "no recommendations table found: expected a header row naming the recommendation, "
                       "the responsible unit and the due date, or paragraphs labelled \"Recommendation 1:\" "
                       "(or numbered \"1.\") with \"Responsible:\" and \"Deadline:\" lines");
  if (table.rows.empty())
    return input_error(options, table.header_line,
                       "the recommendations table has no numbered rows (\"1.\", \"1)\" or a number column)");
  if (table.stray_line > 0)
    memo.warnings.push_back(Warning{WarningKind::stray_row, table.stray_line, table.stray_text,
                                    "'" + table.stray_text + "' reads like recommendation " +
                                        std::to_string(table.stray_number) +
                                        " but the recommendations table ended at line " +
                                        std::to_string(table.end_line) + "; it is not imported"});
  std::string fallback = header->title.empty() ? stem_of(options.file_name) : header->title;
  return finish_memo(std::move(memo), table.rows, header->subject_line, fallback, Reporter(options));
}

// Where a table laid out as CSV is (a CSV file, a workbook's sheet): the
// lines above its header row — blank, '#' comments, memo fields, Excel's
// "sep=" line, a plain title line (the header row following within four
// lines) — are passed over, and the first other line is the header row.
// With `letterhead` (a sheet), lines above the first field that name no
// columns are passed over too, as a text memo passes over its letterhead.
struct TableStart {
  std::size_t header = 0;  // index of the header row's line; lines.size() when there is none
  std::string comment_title;
  std::optional<char> separator;  // Excel's "sep=;" line
};

TableStart find_table_start(const std::vector<Line>& lines,
                            const std::function<bool(std::size_t)>& names_columns, bool letterhead) {
  TableStart start;
  bool field_seen = false;
  // A plain line (no field, no '#') is the title when the header row
  // follows within a few lines: "Evaluation of the Return Pilot (RP)".
  auto header_row_follows = [&](std::size_t i) {
    for (std::size_t j = i + 1, seen = 0; j < lines.size() && seen < 4; ++j) {
      if (detail::is_blank(lines[j])) continue;
      if (names_columns(j)) return true;
      ++seen;
    }
    return false;
  };
  std::size_t& h = start.header;
  for (; h < lines.size(); ++h) {
    if (detail::is_blank(lines[h])) continue;
    const std::string_view trimmed = util::trim(lines[h].text);
    if (trimmed.size() == 5 && util::istarts_with(trimmed, "sep=")) {
      start.separator = trimmed.back();
      continue;
    }
    if (is_comment(lines[h]) ||
        (!detail::match_field(lines[h].text) && !names_columns(h) && header_row_follows(h))) {
      if (start.comment_title.empty()) {
        auto t = util::trim_left(lines[h].text);
        while (!t.empty() && t.front() == '#') t.remove_prefix(1);
        start.comment_title = util::fold_space(t);
      }
      continue;
    }
    if (detail::match_field(lines[h].text)) {
      field_seen = true;
      continue;
    }
    if (letterhead && !field_seen && !names_columns(h)) continue;
    break;
  }
  return start;
}

// A CSV layout's table as cells: its columns, and the rows below its header row.
struct CellTable {
  detail::Columns columns;
  int header_line = 0;
  std::span<const detail::CsvRecord> rows;
};

// The recommendations of a table laid out as CSV, one a row, then the memo
// (the header already read from the lines above the table).
Result<ParsedMemo> memo_from_table(ParsedMemo memo, const detail::HeaderParse& header,
                                   const std::string& comment_title, const CellTable& table,
                                   const Reporter& report) {
  const ParseOptions& options = report.options();
  const detail::Columns& cols = table.columns;
  auto cell = [](const detail::CsvRecord& r, int index) -> std::string_view {
    if (index < 0 || static_cast<std::size_t>(index) >= r.fields.size()) return {};
    return util::trim(r.fields[static_cast<std::size_t>(index)]);
  };
  std::vector<RawRow> rows;
  for (const auto& r : table.rows) {
    if (rows.size() >= options.limits.max_recommendations)
      return report.error(r.line, CellRole::row,
                          detail::too_many_recommendations(options.limits.max_recommendations));
    RawRow row;
    row.line = r.line;
    row.due_line = r.line;
    std::string_view text_cell = cell(r, cols.text);
    if (cols.number >= 0) {
      const auto number_cell = cell(r, cols.number);
      const auto n = detail::number_cell_value(number_cell);
      if (!n)
        return report.error(r.line, CellRole::number,
                            "recommendation number '" + detail::excerpt(number_cell) + "' is not a number");
      row.number = *n;
    } else if (const auto m = detail::leading_number(text_cell, false)) {
      row.number = m->number;
      text_cell.remove_prefix(m->length);
    } else {
      row.number = rows.empty() ? 1 : rows.back().number + 1;
    }
    row.text = std::string(text_cell);
    row.responsible = std::string(cell(r, cols.responsible));
    row.due = std::string(cell(r, cols.due));
    for (const auto& [field, name, role] :
         {std::tuple{&row.text, "the text", CellRole::text},
          std::tuple{&row.responsible, "the responsible cell", CellRole::responsible},
          std::tuple{&row.due, "the due cell", CellRole::due}})
      if (field->size() > options.limits.max_field_bytes)
        return report.error(
            r.line, role,
            detail::too_long(std::string(name) + " of recommendation " + std::to_string(row.number),
                             options.limits.max_field_bytes));
    rows.push_back(std::move(row));
  }
  if (rows.empty())
    return report.error(table.header_line, CellRole::row,
                        "the recommendations table has no rows below its header row");
  std::string fallback = !header.title.empty()    ? header.title
                         : !comment_title.empty() ? comment_title
                                                  : stem_of(options.file_name);
  return finish_memo(std::move(memo), rows, header.subject_line, fallback, report);
}

Result<ParsedMemo> parse_csv_memo(std::string_view text, const std::vector<Line>& lines,
                                  const ParseOptions& options) {
  const Reporter report(options);
  const auto start = find_table_start(
      lines,
      [&lines](std::size_t i) {
        return detail::assign_columns(naive_fields(lines[i].text, detail::guess_separator(lines[i].text)))
            .has_value();
      },
      false);
  const std::size_t h = start.header;
  if (h >= lines.size())
    return input_error(options, 0, "no recommendations table found: the CSV file has no header row");
  ParsedMemo memo;
  auto header =
      detail::parse_header(lines, h, options.file_name, options.limits.max_field_bytes, memo.warnings);
  if (!header) return header.error();
  memo.header = std::move(header->header);

  const char sep = start.separator.value_or(detail::guess_separator(lines[h].text));
  const auto offset = static_cast<std::size_t>(lines[h].text.data() - text.data());
  const auto csv = detail::parse_csv(text.substr(offset), sep, lines[h].number);
  if (!csv.error.empty()) return input_error(options, csv.error_line, csv.error);
  std::vector<std::string> head;
  if (!csv.records.empty())
    for (const auto& f : csv.records.front().fields) head.emplace_back(util::trim(f));
  const auto cols = detail::assign_columns(head);
  if (!cols)
    return input_error(options, lines[h].number,
                       "no recommendations table found: the CSV header row '" +
                           detail::excerpt(lines[h].text) +
                           "' must name the recommendation, the responsible unit and the due date");
  const CellTable table{*cols, lines[h].number, std::span(csv.records).subspan(1)};
  return memo_from_table(std::move(memo), *header, start.comment_title, table, report);
}

// A cell in a Markdown pipe row, as `followup memo` writes one: the
// characters the reader takes for structure escaped, line breaks as <br>.
std::string markdown_cell(std::string_view text) {
  std::string out;
  for (const char c : util::trim(text)) {
    if (c == '\n') {
      out += "<br>";
      continue;
    }
    if (c == '|' || c == '\\' || c == '*' || c == '_') out += '\\';
    out += c;
  }
  return out;
}

// A workbook's memo as the Markdown memo_text gives, which reads back to
// the same memo: its fields as read, then its table's columns as a pipe table.
std::string workbook_markdown(const ParsedMemo& memo, const detail::SheetTable& table) {
  std::string out;
  auto field = [&out](std::string_view name, std::string_view value) {
    if (value.empty()) return;
    out += name;
    out += ": ";
    out += value;
    out += '\n';
  };
  field("To", util::join(memo.header.to, "; "));
  field("Cc", util::join(memo.header.cc, "; "));
  field("From", memo.header.from);
  if (memo.header.date) field("Date", memo.header.date->iso());
  if (memo.header.subject.empty())
    field("Title", memo.title);
  else
    field("Subject", memo.header.subject);
  out += "\n|";
  for (const auto& cell : table.header) out += " " + markdown_cell(cell) + " |";
  out += "\n|";
  for (std::size_t k = 0; k < table.header.size(); ++k) out += "---|";
  out += '\n';
  for (const auto& row : table.rows) {
    out += '|';
    for (const auto& cell : row.fields) out += " " + markdown_cell(cell) + " |";
    out += '\n';
  }
  return out;
}

// A zip archive that is no Word document: what its name says it is, when
// that is a workbook, is what the error says it is not.
Error zip_error(std::string_view bytes, std::string_view file_name, const Error& docx) {
  const std::string ext = util::fold_case(extension_of(file_name));
  Error error = docx;
  if (ext == "xlsx" || ext == "xlsm") {
    auto workbook = xlsx::read_workbook(bytes);
    if (!workbook) error = workbook.error();
  }
  error.file = std::string(file_name);
  error.code = ErrorCode::invalid_argument;
  error.line = 0;
  return error;
}

// A workbook's memo: the first visible sheet that holds a table laid out
// as CSV, read as a CSV file is (docs/import.md, "Excel workbooks"); with
// `markdown`, also the memo as the Markdown memo_text gives.
Result<ParsedMemo> parse_workbook_memo(std::string_view bytes, const ParseOptions& options,
                                       std::string* markdown = nullptr) {
  auto workbook = xlsx::read_workbook(bytes);
  if (!workbook) {
    Error error = workbook.error();
    error.file = options.file_name;
    return error;
  }
  // The first sheet with content that has no table, for the error.
  const xlsx::Sheet* untabled = nullptr;
  int untabled_row = 0;
  std::string untabled_text;
  std::size_t with_content = 0;
  for (const auto& sheet : workbook->sheets) {
    if (sheet.state != xlsx::SheetState::visible || sheet.rows.empty()) continue;
    ++with_content;
    const detail::SheetLines lines(sheet);
    const auto start = find_table_start(
        lines.lines(), [&lines](std::size_t i) { return lines.names_columns(i); }, true);
    const auto row = start.header < lines.lines().size() ? lines.row_of(start.header) : std::nullopt;
    const auto table = row ? detail::sheet_table(sheet, *row) : std::nullopt;
    if (!table || !lines.names_columns(start.header)) {
      if (untabled == nullptr) {
        untabled = &sheet;
        if (start.header < lines.lines().size()) {
          untabled_row = lines.lines()[start.header].number;
          untabled_text = detail::excerpt(lines.lines()[start.header].text);
        }
      }
      continue;
    }
    const Reporter report(
        options,
        [&sheet, &lines, &table](int line, CellRole role) {
          if (line <= 0) return xlsx::place(sheet);
          switch (role) {
            case CellRole::field:
              return xlsx::place(sheet, line, lines.value_column(line));
            case CellRole::number:
              return xlsx::place(sheet, line,
                                 table->sheet_column(table->columns.number >= 0 ? table->columns.number
                                                                                : table->columns.text));
            case CellRole::text:
              return xlsx::place(sheet, line, table->sheet_column(table->columns.text));
            case CellRole::responsible:
              return xlsx::place(sheet, line, table->sheet_column(table->columns.responsible));
            case CellRole::due:
              return xlsx::place(sheet, line, table->sheet_column(table->columns.due));
            case CellRole::row:
              break;
          }
          return xlsx::place(sheet, line);
        },
        "row");
    ParsedMemo memo;
    auto header = detail::parse_header(lines.lines(), start.header, options.file_name,
                                       options.limits.max_field_bytes, memo.warnings);
    if (!header) return report.point(header.error(), CellRole::field);
    memo.header = std::move(header->header);
    const CellTable cells{table->columns, lines.lines()[start.header].number, table->rows};
    auto parsed = memo_from_table(std::move(memo), *header, start.comment_title, cells, report);
    if (parsed && markdown != nullptr) *markdown = workbook_markdown(*parsed, *table);
    return parsed;
  }
  if (untabled == nullptr)
    return input_error(options, 0,
                       "no recommendations table found: the workbook has no visible sheet with content");
  const std::string others = with_content > 1 ? " (nor does any other sheet)" : "";
  if (untabled_row == 0)
    return input_error(options, 0,
                       xlsx::place(*untabled) +
                           ": no recommendations table found: the sheet has no header row naming the "
                           "recommendation, the responsible unit and the due date below the memo's fields" +
                           others);
  return input_error(options, untabled_row,
                     xlsx::place(*untabled, untabled_row) + ": no recommendations table found: the row '" +
                         untabled_text +
                         "' must name the recommendation, the responsible unit and the due date" + others);
}

}  // namespace

Result<ParsedMemo> parse_memo(std::string_view bytes, const ParseOptions& options) {
  const std::size_t max_bytes = options.limits.max_input_bytes;
  if (bytes.size() > max_bytes)
    return input_error(options, 0,
                       "the input is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                           std::to_string(max_bytes) + " bytes for one memo");
  // An Excel workbook is read as CSV is, its first sheet with a table
  // giving the rows; a Word .docx as the Markdown its paragraphs and
  // tables make.
  if (options.format != Format::csv && detail::looks_like_zip(bytes)) {
    if (xlsx::looks_like_xlsx(bytes)) return parse_workbook_memo(bytes, options);
    const auto markdown = detail::docx_to_markdown(bytes);
    if (!markdown) return zip_error(bytes, options.file_name, markdown.error());
    if (markdown->size() > max_bytes)
      return input_error(options, 0,
                         "the Word document's text is " + std::to_string(markdown->size()) +
                             " bytes, over the limit of " + std::to_string(max_bytes) +
                             " bytes for one memo");
    ParseOptions as_markdown = options;
    as_markdown.format = Format::markdown;
    return parse_memo(*markdown, as_markdown);
  }
  if (util::trim(bytes).empty() || bytes == "\xEF\xBB\xBF")
    return input_error(options, 0, "the input is empty");
  const auto decoded = util::decode_text(bytes);
  if (!decoded.decoded) return input_error(options, decoded.failure.line, decoded.failure.message);
  const std::string& text = decoded.decoded->text;
  if (util::trim(text).empty()) return input_error(options, 0, "the input is empty");
  const auto lines = detail::split_lines(text);

  Format format = options.format;
  if (format == Format::detect) {
    const std::string ext = util::fold_case(extension_of(options.file_name));
    if (ext == "csv")
      format = Format::csv;
    else if (ext == "md" || ext == "markdown")
      format = Format::markdown;
  }
  if (format == Format::detect) format = csv_header_index(lines) ? Format::csv : Format::text;
  if (format == Format::csv) return parse_csv_memo(text, lines, options);
  return parse_text_memo(lines, options);
}

UnitDirectory directory_from_addressees(const MemoHeader& header) {
  UnitDirectory directory;
  std::unordered_set<std::string> codes;  // a set, not a search of the units: a long To: list stays linear
  for (const auto& a : header.to) {
    auto unit = unit_from_addressee(a);
    if (!unit) continue;
    if (codes.insert(unit->code).second) directory.add(std::move(*unit));
  }
  return directory;
}

Result<Evaluation> to_evaluation(const ParsedMemo& memo) {
  Evaluation e;
  e.code = memo.code;
  e.title = memo.title;
  e.memo = memo.header;
  for (const auto& p : memo.recommendations) {
    Recommendation r;
    r.number = p.number;
    r.text = p.text;
    r.responsible = p.responsible;
    for (std::size_t i = 0; i < p.units.size(); ++i) {
      if (!p.units[i])
        return Error{ErrorCode::invalid_argument,
                     "recommendation " + std::to_string(p.number) + ": '" +
                         detail::excerpt(p.responsible[i]) + "' is not in the unit directory",
                     {},
                     p.line};
      r.units.push_back(*p.units[i]);
    }
    r.due = p.due;
    e.recommendations.push_back(std::move(r));
  }
  return e;
}

namespace {

constexpr std::pair<WarningKind, std::string_view> k_warning_words[] = {
    {WarningKind::unreadable_memo_date, "unreadable_memo_date"},
    {WarningKind::stray_row, "stray_row"},
    {WarningKind::due_before_memo_date, "due_before_memo_date"},
    {WarningKind::numbering_gap, "numbering_gap"},
    {WarningKind::numbering_out_of_order, "numbering_out_of_order"},
    {WarningKind::no_title, "no_title"},
    {WarningKind::code_from_initials, "code_from_initials"},
    {WarningKind::unit_matched_by_place, "unit_matched_by_place"},
    {WarningKind::unit_not_in_directory, "unit_not_in_directory"},
    {WarningKind::unit_added, "unit_added"},
};

}  // namespace

std::string_view to_string(WarningKind kind) {
  for (const auto& [k, word] : k_warning_words)
    if (k == kind) return word;
  return "unknown";
}

Result<MemoText> memo_text(std::string_view bytes, std::string_view file_name) {
  auto unreadable = [&](std::string message, int line) {
    return Error{ErrorCode::invalid_argument, std::move(message), std::string(file_name), line};
  };
  if (detail::looks_like_zip(bytes)) {
    if (xlsx::looks_like_xlsx(bytes)) {
      ParseOptions options;
      options.file_name = std::string(file_name);
      std::string markdown;
      auto memo = parse_workbook_memo(bytes, options, &markdown);
      if (!memo) return memo.error();
      return MemoText{std::move(markdown), true};
    }
    auto markdown = detail::docx_to_markdown(bytes);
    if (!markdown) return zip_error(bytes, file_name, markdown.error());
    return MemoText{std::move(*markdown), true};
  }
  auto decoded = util::decode_text(bytes);
  if (!decoded.decoded) return unreadable(decoded.failure.message, decoded.failure.line);
  const std::string ext = util::fold_case(extension_of(file_name));
  return MemoText{std::move(decoded.decoded->text), ext == "md" || ext == "markdown"};
}

std::optional<WarningKind> parse_warning_kind(std::string_view word) {
  for (const auto& [k, w] : k_warning_words)
    if (w == word) return k;
  return std::nullopt;
}

}  // namespace followup::importer
