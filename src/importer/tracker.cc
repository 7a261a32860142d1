#include "importer/tracker.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "core/reference.h"
#include "importer/csv.h"
#include "importer/excerpt.h"
#include "importer/joint.h"
#include "importer/memo_date.h"
#include "importer/xlsx.h"
#include "util/encoding.h"
#include "util/number.h"
#include "util/text.h"

namespace followup::importer {

namespace {

// A header or a word as matched: case and accents folded, '-', ':', '_'
// and '*' read as spaces, white space folded, a trailing '.' dropped.
std::string folded(std::string_view text) {
  std::string out = util::fold_accents(text);
  for (char& c : out)
    if (c == '-' || c == ':' || c == '_' || c == '*') c = ' ';
  out = util::fold_space(out);
  if (out.size() > 1 && out.back() == '.') out.pop_back();
  return out;
}

struct FieldWords {
  const char* field;
  std::vector<const char*> headers;  // folded
};

// The headers each field is found by, in English, Spanish and French.
const std::vector<FieldWords>& field_words() {
  static const std::vector<FieldWords> words = {
      {"evaluation",
       {"evaluation", "evaluation code", "code", "eval", "evaluacion", "codigo", "code evaluation",
        "codigo de la evaluacion", "code de l'evaluation"}},
      {"title", {"title", "evaluation title", "evaluation name", "titulo", "titre"}},
      {"issued", {"issued", "date issued", "issue date", "memo date", "fecha de emision", "date d'emission"}},
      {"number",
       {"no", "nº", "n°", "number", "rec no", "rec. no", "recommendation number", "recommendation no", "#",
        "numero"}},
      {"recommendation",
       {"recommendation", "recommendation text", "text", "recomendacion", "recommandation"}},
      {"units",
       {"responsible", "responsible unit", "responsible units", "responsible unit(s)", "unit", "units",
        "responsable", "responsables", "unidad responsable", "unite responsable"}},
      {"due", {"due", "due date", "deadline", "plazo", "fecha limite", "echeance", "date limite"}},
      {"decision", {"decision", "response", "management response", "respuesta", "reponse"}},
      {"responded",
       {"responded", "response date", "date of response", "fecha de respuesta", "date de reponse"}},
      {"rationale", {"rationale", "comments", "comment", "justification", "justificacion"}},
      {"action", {"action", "actions", "key action", "key actions", "accion", "action cle"}},
      {"action_owner", {"action owner", "owner", "responsable de la accion", "responsable de l'action"}},
      {"action_due",
       {"action due", "action due date", "action deadline", "plazo de la accion", "echeance de l'action"}},
      {"status", {"status", "implementation status", "estado", "statut", "etat"}},
      {"status_date",
       {"status date", "as of", "last update", "updated", "fecha del estado", "date du statut"}},
  };
  return words;
}

const std::vector<std::pair<const char*, Decision>>& decision_words() {
  static const std::vector<std::pair<const char*, Decision>> words = {
      {"accepted", Decision::accepted},
      {"accept", Decision::accepted},
      {"agreed", Decision::accepted},
      {"agree", Decision::accepted},
      {"aceptada", Decision::accepted},
      {"acceptee", Decision::accepted},
      {"partially accepted", Decision::partially_accepted},
      {"partially agreed", Decision::partially_accepted},
      {"partially agree", Decision::partially_accepted},
      {"parcialmente aceptada", Decision::partially_accepted},
      {"partiellement acceptee", Decision::partially_accepted},
      {"not accepted", Decision::not_accepted},
      {"rejected", Decision::not_accepted},
      {"disagree", Decision::not_accepted},
      {"no aceptada", Decision::not_accepted},
      {"non acceptee", Decision::not_accepted},
  };
  return words;
}

const std::vector<std::pair<const char*, TrackerStatus>>& status_words() {
  static const std::vector<std::pair<const char*, TrackerStatus>> words = {
      {"open", TrackerStatus::open},
      {"not started", TrackerStatus::open},
      {"pending", TrackerStatus::open},
      {"abierta", TrackerStatus::open},
      {"ouverte", TrackerStatus::open},
      {"in progress", TrackerStatus::in_progress},
      {"ongoing", TrackerStatus::in_progress},
      {"partially implemented", TrackerStatus::in_progress},
      {"en curso", TrackerStatus::in_progress},
      {"en cours", TrackerStatus::in_progress},
      {"implemented", TrackerStatus::implemented},
      {"completed", TrackerStatus::implemented},
      {"implementada", TrackerStatus::implemented},
      {"mise en oeuvre", TrackerStatus::implemented},
      {"closed", TrackerStatus::closed_implemented},
      {"closed implemented", TrackerStatus::closed_implemented},
      {"cerrada", TrackerStatus::closed_implemented},
      {"cloturee", TrackerStatus::closed_implemented},
      {"not implemented", TrackerStatus::closed_not_implemented},
      {"closed not implemented", TrackerStatus::closed_not_implemented},
      {"no implementada", TrackerStatus::closed_not_implemented},
      {"non mise en oeuvre", TrackerStatus::closed_not_implemented},
      {"no longer applicable", TrackerStatus::no_longer_applicable},
      {"closed no longer applicable", TrackerStatus::no_longer_applicable},
      {"not applicable", TrackerStatus::no_longer_applicable},
      {"n/a", TrackerStatus::no_longer_applicable},
      {"ya no aplicable", TrackerStatus::no_longer_applicable},
      {"sans objet", TrackerStatus::no_longer_applicable},
  };
  return words;
}

template <typename T>
std::optional<T> word_of(const std::vector<std::pair<const char*, T>>& words, std::string_view text) {
  const std::string key = folded(text);
  for (const auto& [word, value] : words)
    if (key == word) return value;
  return std::nullopt;
}

// A cell as a message quotes it.
std::string quote(std::string_view text) { return "'" + detail::excerpt(text) + "'"; }

// Where the rows come from, for messages: a CSV file's lines, or a
// workbook's sheet, whose rows are the lines ("sheet 'Suivi', row 7: ...").
struct Source {
  std::string file_name;
  const xlsx::Sheet* sheet = nullptr;
  // "line 7" or "row 7".
  [[nodiscard]] std::string line_name(int line) const {
    return (sheet ? "row " : "line ") + std::to_string(line);
  }
};

Error error_at(const Source& source, int line, std::string message) {
  if (source.sheet && line > 0)
    message = xlsx::place(*source.sheet, line) + ": " + message;
  else if (source.sheet)
    message = xlsx::place(*source.sheet) + ": " + message;
  return Error{ErrorCode::invalid_argument, std::move(message), source.file_name, line};
}

// A date field as a message names it: "response date".
std::string spaced_field(const std::string& field) {
  if (field == "issued") return "issue date";
  if (field == "responded") return "response date";
  if (field == "due") return "due date";
  return util::spaced(field);  // status date, action due
}

// The row's cells by field.
using Row = std::map<std::string, std::string>;

class RowReader {
 public:
  RowReader(const Source& options, const Row& row, int line) : m_options(options), m_row(row), m_line(line) {}

  [[nodiscard]] std::string text(const std::string& field) const {
    auto found = m_row.find(field);
    return found == m_row.end() ? std::string() : std::string(util::trim(found->second));
  }
  Result<std::optional<Date>> date(const std::string& field) const {
    const std::string cell = text(field);
    if (cell.empty()) return std::optional<Date>{};
    const ParsedDate parsed = parse_memo_date(cell);
    if (parsed.reading == DateReading::date) return std::optional<Date>(parsed.date);
    return error(
        spaced_field(field) + " " + quote(cell) +
        (parsed.reading == DateReading::impossible ? " is a day that does not exist" : " is not a date"));
  }
  [[nodiscard]] Error error(std::string message) const {
    return error_at(m_options, m_line, std::move(message));
  }

 private:
  const Source& m_options;
  const Row& m_row;
  int m_line;
};

// Keeps the first value a recommendation's rows give for a field; a later
// row giving another is an error naming both lines.
template <typename T>
Status agree(std::optional<T>& kept, int& kept_line, const std::optional<T>& value, int line,
             const std::string& what, const std::string& ref, const Source& options) {
  if (!value) return {};
  if (!kept) {
    kept = value;
    kept_line = line;
    return {};
  }
  if (*kept == *value) return {};
  return error_at(options, line,
                  ref + " gives another " + what + " here than on " + options.line_name(kept_line));
}

struct Pending {
  TrackerRecommendation rec;
  std::optional<std::string> title, text, units_cell, rationale;
  std::optional<Date> issued, due, responded, status_date;
  std::optional<Decision> decision;
  std::optional<TrackerStatus> status;
  std::map<std::string, int> lines;  // field -> the line that gave it
};

Status take_row(Pending& p, const RowReader& r, int line, const Source& options) {
  const std::string ref = p.rec.evaluation + "#" + std::to_string(p.rec.number);
  auto text_value = [&](const std::string& field) -> std::optional<std::string> {
    std::string v = r.text(field);
    if (v.empty()) return std::nullopt;
    return v;
  };
  auto keep = [&](auto& kept, const auto& value, const std::string& field, const std::string& what) {
    return agree(kept, p.lines[field], value, line, what, ref, options);
  };
  if (auto st = keep(p.title, text_value("title"), "title", "title"); !st) return st;
  if (auto st = keep(p.text, text_value("recommendation"), "recommendation", "recommendation text"); !st)
    return st;
  if (auto st = keep(p.units_cell, text_value("units"), "units", "responsible units"); !st) return st;
  if (auto st = keep(p.rationale, text_value("rationale"), "rationale", "rationale"); !st) return st;
  for (const auto& [field, kept, what] :
       std::array<std::tuple<const char*, std::optional<Date>*, const char*>, 4>{
           {{"issued", &p.issued, "issue date"},
            {"due", &p.due, "due date"},
            {"responded", &p.responded, "response date"},
            {"status_date", &p.status_date, "status date"}}}) {
    auto value = r.date(field);
    if (!value) return value.error();
    if (auto st = keep(*kept, *value, field, what); !st) return st;
  }
  if (auto cell = r.text("decision"); !cell.empty()) {
    auto decision = word_of(decision_words(), cell);
    if (!decision)
      return r.error("decision " + quote(cell) +
                     " is not one of accepted, partially accepted, not accepted (or agree, partially agree, "
                     "disagree)");
    if (auto st = keep(p.decision, decision, "decision", "decision"); !st) return st;
  }
  {
    const std::string cell = r.text("status");
    auto status = cell.empty() ? std::optional<TrackerStatus>() : word_of(status_words(), cell);
    if (!cell.empty() && !status)
      return r.error("status " + quote(cell) +
                     " is not one of open, in progress, implemented, closed, not implemented, no longer "
                     "applicable");
    if (auto st = keep(p.status, status, "status", "status"); !st) return st;
  }
  if (auto description = r.text("action"); !description.empty()) {
    auto due = r.date("action_due");
    if (!due) return due.error();
    if (!*due) return r.error("the action " + quote(description) + " has no action due date");
    p.rec.actions.push_back(TrackerAction{description, r.text("action_owner"), **due, line});
  } else if (!r.text("action_owner").empty() || !r.text("action_due").empty()) {
    return r.error("an action owner or due date without an action");
  }
  p.rec.lines.push_back(line);
  return {};
}

// The recommendation its rows make, checked as a whole.
Result<TrackerRecommendation> finish(Pending&& p, const Source& options) {
  TrackerRecommendation rec = std::move(p.rec);
  const std::string ref = rec.evaluation + "#" + std::to_string(rec.number);
  const int first = rec.lines.front();
  auto line_of = [&](const char* field) {
    auto found = p.lines.find(field);
    return found == p.lines.end() ? first : found->second;
  };
  rec.title = p.title.value_or("");
  rec.issued = p.issued;
  rec.text = p.text.value_or("");
  if (p.units_cell) rec.units = split_responsible(*p.units_cell, ProtectedNames());
  rec.due = p.due;
  rec.decision = p.decision;
  rec.responded = p.responded;
  rec.rationale = p.rationale.value_or("");
  rec.status = p.status.value_or(TrackerStatus::open);
  rec.status_date = p.status_date;
  if (rec.decision && !rec.responded)
    return error_at(options, line_of("decision"), ref + " has a decision without its response date");
  if (rec.responded && !rec.decision)
    return error_at(options, line_of("responded"), ref + " has a response date without its decision");
  if (!rec.actions.empty() && !rec.decision)
    return error_at(options, rec.actions.front().line,
                    ref + " has key actions but no response (decision and response date) to hold them");
  if (rec.status != TrackerStatus::open && !rec.status_date)
    return error_at(options, line_of("status"),
                    ref + " is " + std::string(to_string(rec.status)) + " without a status date");
  if ((rec.status == TrackerStatus::in_progress || rec.status == TrackerStatus::implemented) && !rec.decision)
    return error_at(options, line_of("status"),
                    ref + " is " + std::string(to_string(rec.status)) +
                        ", which the units report after their response: it has none");
  return rec;
}

}  // namespace

const std::vector<std::string>& tracker_fields() {
  static const std::vector<std::string> fields = [] {
    std::vector<std::string> out;
    for (const auto& w : field_words()) out.emplace_back(w.field);
    return out;
  }();
  return fields;
}

std::string_view to_string(TrackerStatus s) {
  switch (s) {
    case TrackerStatus::open:
      return "open";
    case TrackerStatus::in_progress:
      return "in progress";
    case TrackerStatus::implemented:
      return "implemented";
    case TrackerStatus::closed_implemented:
      return "closed as implemented";
    case TrackerStatus::closed_not_implemented:
      return "closed as not implemented";
    case TrackerStatus::no_longer_applicable:
      return "closed as no longer applicable";
  }
  return "open";
}

Result<std::map<std::string, std::string>> parse_tracker_mapping(std::string_view bytes,
                                                                 std::string_view file_name) {
  auto bad = [&](std::string message) {
    return Error{ErrorCode::invalid_argument, std::move(message), std::string(file_name), 0};
  };
  const auto parsed = nlohmann::json::parse(bytes, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object())
    return bad(
        "a mapping is a JSON object from field names to column headers, e.g. "
        "{\"recommendation\": \"Texte\"}");
  std::map<std::string, std::string> out;
  const auto& fields = tracker_fields();
  for (const auto& [field, header] : parsed.items()) {
    if (std::find(fields.begin(), fields.end(), field) == fields.end())
      return bad("'" + field.substr(0, 60) + "' is not a tracker field; the fields are " +
                 util::join(fields, ", "));
    if (!header.is_string() || header.get<std::string>().empty())
      return bad("the header of " + field + " must be a non-empty string");
    out[field] = header.get<std::string>();
  }
  return out;
}

namespace {

// The most rows above the header row (a title, notes): the header row is
// the first of the first k_max_title_rows + 1 rows with content that names
// the evaluation and the number.
constexpr std::size_t k_max_title_rows = 10;

// A header row read: each column's field ("" for none), and the fields'
// headers.
struct Header {
  std::vector<std::string> field_of;
  std::map<std::string, std::string> columns;
  std::vector<std::string> unused;
};

// The columns of `header`: the mapping's, then the headers each field is
// known by. An error when the mapping names a header the row lacks.
Result<Header> read_header(const detail::CsvRecord& header, const std::map<std::string, std::string>& mapping,
                           const Source& source) {
  Header out;
  out.field_of.resize(header.fields.size());
  for (const auto& [field, wanted] : mapping) {
    const std::string key = folded(wanted);
    auto at = std::find_if(header.fields.begin(), header.fields.end(),
                           [&](const std::string& h) { return folded(h) == key; });
    if (at == header.fields.end())
      return error_at(source, header.line,
                      "the mapping puts " + field + " in the column " + quote(wanted) +
                          ", which the header row does not have");
    out.field_of[static_cast<std::size_t>(at - header.fields.begin())] = field;
  }
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    if (!out.field_of[i].empty()) continue;
    const std::string key = folded(header.fields[i]);
    for (const auto& w : field_words()) {
      if (mapping.count(w.field) != 0) continue;
      if (std::any_of(out.field_of.begin(), out.field_of.end(),
                      [&](const std::string& f) { return f == w.field; }))
        continue;
      if (std::any_of(w.headers.begin(), w.headers.end(), [&](const char* h) { return key == h; }))
        out.field_of[i] = w.field;
    }
    if (out.field_of[i].empty()) {
      if (!util::trim(header.fields[i]).empty()) out.unused.emplace_back(header.fields[i]);
    } else {
      out.columns[out.field_of[i]] = header.fields[i];
    }
  }
  for (const auto& [field, wanted] : mapping) out.columns[field] = wanted;
  return out;
}

bool names_required(const Header& h) {
  return h.columns.count("evaluation") != 0 && h.columns.count("number") != 0;
}

// The tracker of `records` (a CSV file's, or a sheet's rows).
Result<ParsedTracker> parse_records(std::vector<detail::CsvRecord> records,
                                    const std::map<std::string, std::string>& mapping, const Source& source) {
  records.erase(std::remove_if(records.begin(), records.end(),
                               [](const detail::CsvRecord& r) {
                                 return std::all_of(
                                     r.fields.begin(), r.fields.end(),
                                     [](const std::string& f) { return util::trim(f).empty(); });
                               }),
                records.end());
  if (records.empty()) return error_at(source, 0, "the tracker is empty");
  if (records.size() - 1 > k_tracker_max_rows)
    return error_at(source, 0,
                    "the tracker has " + std::to_string(records.size() - 1) + " rows, over the limit of " +
                        std::to_string(k_tracker_max_rows));

  // The header row: the first that names the evaluation and the number;
  // the first row when none does (its error names its headers).
  std::size_t at = 0;
  std::optional<Header> found;
  for (std::size_t k = 0; k < records.size() && k <= k_max_title_rows; ++k) {
    auto header = read_header(records[k], mapping, source);
    if (header && names_required(*header)) {
      at = k;
      found = std::move(*header);
      break;
    }
  }
  if (!found) {
    auto first = read_header(records.front(), mapping, source);
    if (!first) return first.error();
    found = std::move(*first);
  }
  const auto& header = records[at];
  const auto& field_of = found->field_of;
  ParsedTracker out;
  out.columns = found->columns;
  out.unused_columns = found->unused;
  for (const char* required : {"evaluation", "number"})
    if (out.columns.count(required) == 0)
      return error_at(source, header.line,
                      std::string("no column holds the ") + required +
                          " (headers: " + util::join(header.fields, ", ") + "); name it with --mapping");

  // The rows, gathered by recommendation.
  std::map<std::pair<std::string, int>, Pending> pending;
  for (std::size_t k = at + 1; k < records.size(); ++k) {
    const auto& record = records[k];
    Row row;
    for (std::size_t i = 0; i < record.fields.size() && i < field_of.size(); ++i) {
      if (field_of[i].empty()) continue;
      if (record.fields[i].size() > k_tracker_max_field_bytes)
        return error_at(source, record.line,
                        detail::too_long("the " + field_of[i] + " cell", k_tracker_max_field_bytes));
      row[field_of[i]] = record.fields[i];
    }
    const RowReader r(source, row, record.line);
    const std::string code = r.text("evaluation");
    if (code.empty()) return r.error("the row has no evaluation");
    if (!is_valid_evaluation_code(code))
      return r.error("evaluation " + quote(code) + " is not an evaluation code (letters, digits and '-')");
    const std::string number_cell = r.text("number");
    auto number = util::parse_whole_number(number_cell, 1, 9999);
    if (!number.value)
      return r.error("recommendation number " + quote(number_cell) + " " +
                     (number_cell.empty() ? "is missing" : "is not a whole number from 1 to 9999"));
    auto& p = pending[{code, static_cast<int>(*number.value)}];
    if (p.rec.lines.empty()) {
      p.rec.evaluation = code;
      p.rec.number = static_cast<int>(*number.value);
    }
    if (auto st = take_row(p, r, record.line, source); !st) return st.error();
  }
  for (auto& [key, p] : pending) {
    auto rec = finish(std::move(p), source);
    if (!rec) return rec.error();
    out.recommendations.push_back(std::move(*rec));
  }
  return out;
}

// A sheet's rows as records: each row's cells by column, up to the last
// column any of its first rows uses (the header's), numbered by row.
std::vector<detail::CsvRecord> sheet_records(const xlsx::Sheet& sheet) {
  int width = 0;
  for (std::size_t k = 0; k < sheet.rows.size() && k <= k_max_title_rows; ++k)
    if (!sheet.rows[k].cells.empty()) width = std::max(width, sheet.rows[k].cells.back().column);
  std::vector<detail::CsvRecord> records;
  records.reserve(sheet.rows.size());
  for (const auto& row : sheet.rows) {
    detail::CsvRecord record;
    record.line = row.number;
    record.fields.resize(static_cast<std::size_t>(width));
    for (const auto& cell : row.cells)
      if (cell.column <= width) record.fields[static_cast<std::size_t>(cell.column - 1)] = cell.text;
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace

Result<ParsedTracker> parse_tracker(std::string_view bytes, const TrackerOptions& options) {
  Source source{options.file_name};
  if (bytes.size() > k_tracker_max_bytes)
    return error_at(source, 0,
                    "the tracker is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                        std::to_string(k_tracker_max_bytes));
  if (xlsx::looks_like_xlsx(bytes)) {
    auto workbook = xlsx::read_workbook(bytes);
    if (!workbook) return error_at(source, workbook.error().line, workbook.error().message);
    // The first visible sheet with content.
    for (const auto& sheet : workbook->sheets) {
      if (sheet.state != xlsx::SheetState::visible || sheet.rows.empty()) continue;
      source.sheet = &sheet;
      return parse_records(sheet_records(sheet), options.mapping, source);
    }
    return error_at(source, 0, "the tracker is empty: the workbook has no visible sheet with content");
  }
  const auto decoded = util::decode_text(bytes);
  if (!decoded.decoded) return error_at(source, decoded.failure.line, decoded.failure.message);
  const std::string& text = decoded.decoded->text;
  const auto first_end = text.find('\n');
  const char separator = detail::guess_separator(text.substr(0, first_end));
  auto csv = detail::parse_csv(text, separator, 1);
  if (!csv.error.empty()) return error_at(source, csv.error_line, csv.error);
  return parse_records(std::move(csv.records), options.mapping, source);
}

}  // namespace followup::importer
