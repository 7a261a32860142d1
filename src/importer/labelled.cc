#include "importer/labelled.h"

#include <utility>

#include "importer/excerpt.h"
#include "importer/header.h"
#include "util/text.h"

namespace followup::importer::detail {

namespace {

// Accent-folded, lower case (util::fold_accents), as a key is compared.
constexpr std::pair<std::string_view, LabelledField> k_field_labels[] = {
    {"responsible", LabelledField::responsible},
    {"responsible unit", LabelledField::responsible},
    {"responsible units", LabelledField::responsible},
    {"responsible unit(s)", LabelledField::responsible},
    {"responsibility", LabelledField::responsible},
    {"responsable", LabelledField::responsible},
    {"responsables", LabelledField::responsible},
    {"responsable(s)", LabelledField::responsible},
    {"unidad responsable", LabelledField::responsible},
    {"unidades responsables", LabelledField::responsible},
    {"unite responsable", LabelledField::responsible},
    {"unites responsables", LabelledField::responsible},
    {"unite(s) responsable(s)", LabelledField::responsible},
    {"service responsable", LabelledField::responsible},
    {"deadline", LabelledField::due},
    {"due", LabelledField::due},
    {"due date", LabelledField::due},
    {"due by", LabelledField::due},
    {"target date", LabelledField::due},
    {"plazo", LabelledField::due},
    {"fecha limite", LabelledField::due},
    {"fecha de vencimiento", LabelledField::due},
    {"vencimiento", LabelledField::due},
    {"echeance", LabelledField::due},
    {"date limite", LabelledField::due},
    {"date d'echeance", LabelledField::due},
    {"date d\xE2\x80\x99"
     "echeance",
     LabelledField::due},
    {"delai", LabelledField::due},
};

// No label is longer than this, its emphasis marks and number included.
constexpr std::size_t k_longest_label = 40;

}  // namespace

std::optional<RecommendationLabel> recommendation_label(std::string_view line) {
  std::string_view s = util::trim(line);
  while (!s.empty() && s.front() == '#') s = util::trim_left(s.substr(1));
  std::size_t marks = 0;  // emphasis opened before the label, closed after it
  while (marks < s.size() && (s[marks] == '*' || s[marks] == '_')) ++marks;
  // Every label starts so ("Rec.", "Recommendation", "Recomendación",
  // "Recommandation"): no other line is copied.
  if (!util::istarts_with(s.substr(marks), "rec")) return std::nullopt;
  std::string text(s.substr(marks));
  if (marks > 0) {
    // Searched for only where a label ends: a line of many marks stays linear.
    const auto close = std::string_view(text).substr(0, k_longest_label).find(s.substr(0, marks));
    if (close != std::string_view::npos) text.erase(close, marks);
  }
  // The text starts with letters, so a marker is a label's.
  const auto marker = leading_number(text, true);
  if (!marker) return std::nullopt;
  std::string_view rest = std::string_view(text).substr(marker->length);
  const std::string_view head = util::trim_right(std::string_view(text).substr(0, marker->length));
  bool stop = head.back() == ':' || head.back() == '.' || head.back() == ')';
  for (std::string_view dash : {"-", "\xE2\x80\x93", "\xE2\x80\x94"}) {
    if (!stop && rest.starts_with(dash) &&
        (rest.size() == dash.size() || util::is_space(rest[dash.size()]))) {
      rest = util::trim_left(rest.substr(dash.size()));
      stop = true;
    }
  }
  if (!stop && !rest.empty()) return std::nullopt;
  return RecommendationLabel{marker->number, std::string(rest)};
}

std::optional<FieldValue> labelled_field(std::string_view line) {
  const auto field = split_key_value(line);
  if (!field) return std::nullopt;
  const std::string key = util::fold_accents(field->key);
  for (const auto& [label, kind] : k_field_labels)
    if (key == label) return FieldValue{kind, field->value};
  return std::nullopt;
}

namespace {

// "1. text", "2) text", "(3) text": a numbered paragraph's number and text.
std::optional<RecommendationLabel> numbered_label(std::string_view line) {
  const auto marker = leading_number(line, false);
  if (!marker) return std::nullopt;
  return RecommendationLabel{marker->number, std::string(util::trim(line.substr(marker->length)))};
}

}  // namespace

TableParse parse_labelled(const std::vector<Line>& lines, std::size_t begin, const ParseLimits& limits,
                          bool numbered) {
  TableParse out;
  std::vector<RawRow>& rows = out.rows;
  // What a line that is neither a label nor a field goes on: the text,
  // until the first field; then the field above it, its value going on,
  // until a blank line; then nothing (a heading, closing remarks) until the
  // next label.
  enum class Into { nothing, text, responsible, due };
  Into into = Into::nothing;
  bool blank = false;  // a blank line since the last line read
  bool any_field = false;
  int responsible_line = 0;  // where the current recommendation's fields are; 0: none yet
  int due_line = 0;

  auto fail = [&](int line, std::string message) {
    out.error = std::move(message);
    out.error_line = line;
  };
  auto add = [&](std::string& to, std::string_view piece, char joint, const char* what, int line) {
    if (piece.empty()) return;
    if (!to.empty()) to += joint;
    to += piece;
    if (to.size() > limits.max_field_bytes)
      fail(line, too_long(std::string(what) + " of recommendation " + std::to_string(rows.back().number),
                          limits.max_field_bytes));
  };

  for (std::size_t i = begin; i < lines.size() && out.error.empty(); ++i) {
    const Line& line = lines[i];
    if (is_blank(line)) {
      blank = true;
      if (into != Into::text) into = Into::nothing;
      continue;
    }
    const std::string_view t = util::trim(line.text);
    if (auto label = numbered ? numbered_label(t) : recommendation_label(t)) {
      // Numbered paragraphs before the first with a field are the body's.
      if (numbered && !any_field) rows.clear();
      if (rows.size() >= limits.max_recommendations) {
        fail(line.number, too_many_recommendations(limits.max_recommendations));
        break;
      }
      RawRow row;
      row.number = label->number;
      row.line = line.number;
      rows.push_back(std::move(row));
      into = Into::text;
      blank = false;
      responsible_line = due_line = 0;
      add(rows.back().text, label->text, ' ', "the text", line.number);
      continue;
    }
    if (rows.empty()) continue;  // the memo's body, before the first label
    RawRow& row = rows.back();
    if (const auto field = labelled_field(t)) {
      const bool responsible = field->field == LabelledField::responsible;
      int& first = responsible ? responsible_line : due_line;
      if (first != 0) {
        fail(line.number,
             "recommendation " + std::to_string(row.number) +
                 (responsible ? " names its responsible units twice" : " gives its due date twice") +
                 " (first on line " + std::to_string(first) + ")");
        break;
      }
      first = line.number;
      any_field = true;
      into = responsible ? Into::responsible : Into::due;
      if (responsible) {
        add(row.responsible, field->value, '\n', "the responsible field", line.number);
      } else {
        row.due_line = line.number;
        add(row.due, field->value, ' ', "the due date field", line.number);
      }
    } else if (blank && is_page_number(t)) {
      continue;  // a page break: the line after it goes on as after a blank line
    } else if (into == Into::text) {
      // Lines wrap; a blank line, a sub-item or a numbered item starts a paragraph.
      const bool paragraph = blank || is_sub_item(t) || leading_number(t, false).has_value();
      add(row.text, t, paragraph ? '\n' : ' ', "the text", line.number);
    } else if (into == Into::responsible) {
      add(row.responsible, t, '\n', "the responsible field", line.number);  // each line names a unit
    } else if (into == Into::due) {
      if (date_reading(row.due) == DateReading::not_a_date)
        add(row.due, t, ' ', "the due date field", line.number);
      else
        into = Into::nothing;
    }
    blank = false;
  }
  out.found = any_field || !out.error.empty();
  return out;
}

}  // namespace followup::importer::detail
