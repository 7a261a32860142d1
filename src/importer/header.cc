#include "importer/header.h"

#include <algorithm>

#include "core/reference.h"
#include "importer/excerpt.h"
#include "importer/memo_date.h"
#include "util/text.h"

namespace followup::importer::detail {

namespace {

using util::trim;

struct Key {
  std::string_view word;  // accent-folded, lower case
  FieldKind kind;
};

constexpr Key k_keys[] = {
    {"to", FieldKind::to},
    {"para", FieldKind::to},
    {"a", FieldKind::to},
    {"destinataire", FieldKind::to},
    {"destinataires", FieldKind::to},
    {"destinatario", FieldKind::to},
    {"destinatarios", FieldKind::to},
    {"expediteur", FieldKind::from},
    {"remitente", FieldKind::from},
    {"copie a", FieldKind::cc},
    {"copia a", FieldKind::cc},
    {"copies a", FieldKind::cc},
    {"copy to", FieldKind::cc},
    {"copies to", FieldKind::cc},
    {"cc to", FieldKind::cc},
    {"con copia a", FieldKind::cc},
    {"copias", FieldKind::cc},
    {"cc.", FieldKind::cc},
    {"c.c", FieldKind::cc},
    {"from", FieldKind::from},
    {"de", FieldKind::from},
    {"cc", FieldKind::cc},
    {"c.c.", FieldKind::cc},
    {"copie", FieldKind::cc},
    {"copies", FieldKind::cc},
    {"copia", FieldKind::cc},
    {"copy", FieldKind::cc},
    {"date", FieldKind::date},
    {"fecha", FieldKind::date},
    {"subject", FieldKind::subject},
    {"asunto", FieldKind::subject},
    {"objet", FieldKind::subject},
    {"objeto", FieldKind::subject},
    {"re", FieldKind::subject},
    {"title", FieldKind::title},
    {"titulo", FieldKind::title},
    {"titre", FieldKind::title},
};

// Words after which a subject obviously goes on: "Evaluation of the".
constexpr std::string_view k_connectors[] = {
    "of", "the", "and",  "for", "in",  "on", "to",  "a",  "an",   "de", "del", "la",   "el",  "los", "las",
    "y",  "en",  "para", "du",  "des", "le", "les", "et", "pour", "au", "aux", "with", "con", "avec"};

constexpr std::string_view k_greetings[] = {"dear",     "estimado", "estimada", "estimados", "estimadas",
                                            "cher",     "chère",    "chers",    "chères",    "madame",
                                            "monsieur", "señor",    "señora"};

std::string_view strip_emphasis(std::string_view s) {
  s = trim(s);
  while (!s.empty() && (s.front() == '*' || s.front() == '_')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '*' || s.back() == '_')) s.remove_suffix(1);
  return trim(s);
}

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = util::is_space(c);
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

std::string_view last_word(std::string_view s) {
  s = trim(s);
  const auto space = s.find_last_of(" \t");
  return space == std::string_view::npos ? s : s.substr(space + 1);
}

std::string_view first_word(std::string_view s) {
  s = trim(s);
  const auto space = s.find_first_of(" \t,");
  return space == std::string_view::npos ? s : s.substr(0, space);
}

bool ends_sentence(std::string_view s) {
  s = trim(s);
  return !s.empty() && (s.back() == '.' || s.back() == '!' || s.back() == '?');
}

bool ends_open(std::string_view value) {
  value = trim(value);
  if (value.empty()) return true;
  const char c = value.back();
  if (c == ',' || c == '-' || c == ':' || c == '&' || c == '/') return true;
  const std::string w = util::fold_case(last_word(value));
  for (auto k : k_connectors)
    if (w == k) return true;
  return false;
}

// A line that reads like one addressee ("Director, MMS"), not like prose.
bool addressee_like(std::string_view t) {
  t = trim(t);
  if (t.empty() || util::code_points(t) > 60 || word_count(t) > 8) return false;
  if (util::starts_lower(t) || ends_sentence(t) || t.back() == ':') return false;
  if (t.find(". ") != std::string_view::npos) return false;
  // A Markdown heading, or a heading about the recommendations, opens the body.
  if (t.front() == '#') return false;
  const std::string folded = util::fold_accents(t);
  if (folded.find("recommend") != std::string::npos || folded.find("recomend") != std::string::npos ||
      folded.find("recommand") != std::string::npos)
    return false;
  const std::string w = util::fold_case(first_word(t));
  for (auto g : k_greetings)
    if (w == g) return false;
  return true;
}

// A table row, or a fixed-width table's header ("RECOMMENDATIONS   Responsibility").
bool looks_tabular(std::string_view t) {
  t = trim(t);
  if (t.find('\t') != std::string_view::npos || t.find('|') != std::string_view::npos) return true;
  if (t.find("  ") == std::string_view::npos) return false;
  const std::string folded = util::fold_accents(t);
  return folded.find("recom") != std::string::npos || folded.find("recommand") != std::string::npos;
}

void append_text(std::string& to, std::string_view piece) {
  piece = trim(piece);
  if (piece.empty()) return;
  if (!to.empty()) to += ' ';
  to += piece;
}

}  // namespace

void MarkBalance::add(std::string_view s) {
  // Pieces are joined with a space, which no rule below treats as a letter:
  // adding them one by one counts as the joined text would.
  // Whether the character at i, `width` bytes long, has a letter on both sides.
  auto between_letters = [&s](std::size_t i, std::size_t width) {
    auto letter = [](char ch) { return util::is_ascii_alpha(ch) || static_cast<unsigned char>(ch) >= 0x80; };
    return i > 0 && letter(s[i - 1]) && i + width < s.size() && letter(s[i + width]);
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '(')
      ++m_parens;
    else if (c == ')')
      --m_parens;
    else if (c == '[')
      ++m_brackets;
    else if (c == ']')
      --m_brackets;
    else if (c == '"')
      ++m_doubles;
    else if (c == '\'') {
      // An apostrophe between letters ("IOM's", "l'OIM") is not a quote, nor
      // is one after a plural ("Seafarers' Orientation") unless a quote is
      // open for it to close.
      const bool after_letter = i > 0 && !util::is_space(s[i - 1]) && s[i - 1] != '(' && s[i - 1] != '[';
      if (between_letters(i, 1)) continue;
      if (!after_letter)
        ++m_singles;
      else if (m_singles > 0)
        --m_singles;
    } else if (s.substr(i, 3) == "\xE2\x80\x98" || s.substr(i, 3) == "\xE2\x80\x9C" ||
               s.substr(i, 2) == "\xC2\xAB") {
      ++m_curly;  // an opening single or double quote, or guillemet
    } else if (s.substr(i, 3) == "\xE2\x80\x99") {
      // A closing single quote, or an apostrophe when between letters.
      if (!between_letters(i, 3)) --m_curly;
    } else if (s.substr(i, 3) == "\xE2\x80\x9D" || s.substr(i, 2) == "\xC2\xBB") {
      --m_curly;
    }
  }
}

bool MarkBalance::unbalanced() const {
  return m_parens > 0 || m_brackets > 0 || m_doubles % 2 != 0 || m_singles > 0 || m_curly > 0;
}

bool has_unbalanced_marks(std::string_view text) {
  MarkBalance marks;
  marks.add(text);
  return marks.unbalanced();
}

std::optional<KeyValue> split_key_value(std::string_view line) {
  std::string_view s = util::trim_left(line);
  // A Markdown list of fields ("- **To:** ...") or a field as a heading.
  if (s.starts_with("- ") || s.starts_with("* ")) s = util::trim_left(s.substr(2));
  while (!s.empty() && s.front() == '#') s = util::trim_left(s.substr(1));
  while (!s.empty() && (s.front() == '*' || s.front() == '_')) s.remove_prefix(1);
  const auto colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 24) return std::nullopt;
  std::string_view key = s.substr(0, colon);
  while (!key.empty() && (key.back() == '*' || key.back() == '_' || key.back() == ' ')) key.remove_suffix(1);
  if (key.empty() || key.find('\t') != std::string_view::npos || word_count(key) > 3) return std::nullopt;
  std::string_view value = s.substr(colon + 1);
  while (!value.empty() && (value.front() == '*' || value.front() == '_' || util::is_space(value.front())))
    value.remove_prefix(1);
  return KeyValue{key, trim(value)};
}

std::optional<FieldLine> match_field(std::string_view line) {
  const auto field = split_key_value(line);
  if (!field) return std::nullopt;
  const std::string folded = util::fold_accents(field->key);
  for (const auto& k : k_keys)
    if (folded == k.word) return FieldLine{k.kind, field->value};
  // An unknown key counts only when it looks like a field name: capitalised,
  // no digits (a time "10:30" is not a field).
  if (!util::starts_upper(field->key)) return std::nullopt;
  for (char c : field->key)
    if (util::is_digit(c)) return std::nullopt;
  return FieldLine{FieldKind::other, field->value};
}

void add_addressees(std::string_view value, std::vector<std::string>& out) {
  std::string_view s = trim(value);
  if (s.starts_with("- ") || s.starts_with("* ") || s.starts_with("\xE2\x80\xA2")) {
    s.remove_prefix(s.starts_with("\xE2\x80\xA2") ? 3 : 2);
  }
  if (s.ends_with("<br>")) s.remove_suffix(4);
  while (!s.empty() && s.back() == '\\') s.remove_suffix(1);
  for (auto part : util::split(s, ';')) {
    std::string a = util::fold_space(strip_emphasis(part));
    while (!a.empty() && (a.back() == ',' || a.back() == ';')) a.pop_back();
    if (!a.empty()) out.push_back(std::move(a));
  }
}

Result<HeaderParse> parse_header(const std::vector<Line>& lines, std::size_t end, const std::string& file,
                                 std::size_t max_field_bytes, std::vector<Warning>& warnings) {
  HeaderParse out;
  std::size_t i = 0;
  // The header starts at the first field; what comes before ("MEMORANDUM",
  // a letterhead) is not part of any field.
  for (; i < end; ++i) {
    const auto f = match_field(lines[i].text);
    if (f && f->kind != FieldKind::other) break;
    if (looks_tabular(lines[i].text)) break;
  }
  if (i >= end || !match_field(lines[i].text)) {
    out.body_start = 0;
    return out;
  }
  out.found = true;

  FieldKind kind = FieldKind::other;
  std::string from;
  std::string subject;
  std::string date_text;
  // The marks left open in from, subject and title, kept as they grow.
  MarkBalance from_marks;
  MarkBalance subject_marks;
  MarkBalance title_marks;
  const MarkBalance no_marks;
  int date_line = 0;
  bool blank_gap = false;

  // The value grown, and a message when it grew past the limit.
  auto take_value = [&](FieldKind k, std::string_view value, int line_number) -> std::optional<std::string> {
    auto append = [&](std::string& to, MarkBalance* marks, const char* name) -> std::optional<std::string> {
      const std::string_view piece = strip_emphasis(value);
      if (marks != nullptr) marks->add(piece);
      append_text(to, piece);
      if (to.size() > max_field_bytes)
        return too_long(std::string("the ") + name + " field", max_field_bytes);
      return std::nullopt;
    };
    auto addressees = [&](std::vector<std::string>& to, const char* name) -> std::optional<std::string> {
      const std::size_t before = to.size();
      add_addressees(value, to);
      for (std::size_t a = before; a < to.size(); ++a)
        if (to[a].size() > max_field_bytes)
          return too_long(std::string("an addressee in the ") + name + " field", max_field_bytes);
      return std::nullopt;
    };
    switch (k) {
      case FieldKind::to:
        return addressees(out.header.to, "To");
      case FieldKind::cc:
        return addressees(out.header.cc, "Cc");
      case FieldKind::from:
        return append(from, &from_marks, "From");
      case FieldKind::subject:
        if (out.subject_line == 0) out.subject_line = line_number;
        return append(subject, &subject_marks, "Subject");
      case FieldKind::date:
        if (date_line == 0 && !trim(value).empty()) date_line = line_number;
        return append(date_text, nullptr, "Date");
      case FieldKind::title:
        if (out.subject_line == 0) out.subject_line = line_number;
        return append(out.title, &title_marks, "Title");
      case FieldKind::other:
        break;
    }
    return std::nullopt;
  };
  auto current_marks = [&]() -> const MarkBalance& {
    switch (kind) {
      case FieldKind::from:
        return from_marks;
      case FieldKind::subject:
        return subject_marks;
      case FieldKind::title:
        return title_marks;
      default:
        return no_marks;
    }
  };
  auto current_value = [&]() -> std::string_view {
    switch (kind) {
      case FieldKind::from:
        return from;
      case FieldKind::subject:
        return subject;
      case FieldKind::date:
        return date_text;
      case FieldKind::to:
        return out.header.to.empty() ? std::string_view{} : out.header.to.back();
      case FieldKind::cc:
        return out.header.cc.empty() ? std::string_view{} : out.header.cc.back();
      case FieldKind::title:
        return out.title;
      case FieldKind::other:
        return {};
    }
    return {};
  };
  // The lines of the paragraph starting at j: up to a blank line or a field.
  auto paragraph_end = [&](std::size_t j) {
    while (j < end && !is_blank(lines[j]) && !match_field(lines[j].text)) ++j;
    return j;
  };
  auto stands_alone = [&](std::size_t j) {
    return j + 1 >= end || is_blank(lines[j + 1]) || match_field(lines[j + 1].text).has_value();
  };
  // Lines up to here were already judged, with their whole paragraph: this
  // keeps a long list linear rather than quadratic.
  std::size_t accepted_until = 0;

  for (; i < end; ++i) {
    const Line& line = lines[i];
    if (is_blank(line)) {
      blank_gap = true;
      continue;
    }
    if (const auto f = match_field(line.text)) {
      if (f->kind == FieldKind::subject && !subject.empty()) {
        subject.clear();
        subject_marks = MarkBalance{};
      }
      kind = f->kind;
      if (auto too_long = take_value(kind, f->value, line.number))
        return Error{ErrorCode::invalid_argument, std::move(*too_long), file, line.number};
      blank_gap = false;
      continue;
    }
    const std::string_view t = trim(line.text);
    if (looks_tabular(t)) break;
    const std::string_view value = current_value();
    const bool open_marks = current_marks().unbalanced();
    bool goes_on = false;
    switch (kind) {
      case FieldKind::to:
      case FieldKind::cc: {
        // Every line of the paragraph must read like an addressee; a
        // paragraph of prose is the body.
        if (i < accepted_until) {
          goes_on = true;
          break;
        }
        const std::size_t stop = paragraph_end(i);
        goes_on = true;
        for (std::size_t j = i; j < stop && goes_on; ++j) goes_on = addressee_like(lines[j].text);
        if (goes_on) accepted_until = stop;
        break;
      }
      case FieldKind::title:
      case FieldKind::subject: {
        const bool single = stands_alone(i);
        if (!blank_gap) {
          // A wrapped subject line, unless the subject looks finished (its
          // acronym closed) and the line reads as the body's first sentence.
          goes_on = util::starts_lower(t) || open_marks || ends_open(value) ||
                    (util::code_points(t) <= 100 && !ends_sentence(t) && !trim(value).ends_with(")"));
        } else {
          // The title's acronym on a line of its own ("Central America
          // Component (PMWCA)") finishes a subject that has none yet. Asked
          // last: it reads the whole value.
          const auto brings_acronym = [&] {
            return trim(t).ends_with(")") && evaluation_code_from_title(t).has_value() &&
                   !evaluation_code_from_title(value).has_value();
          };
          goes_on = single && util::code_points(t) <= 120 &&
                    (util::starts_lower(t) || open_marks || ends_open(value) || brings_acronym());
        }
        break;
      }
      case FieldKind::from:
      case FieldKind::other: {
        if (!blank_gap)
          goes_on = addressee_like(t) || util::starts_lower(t);
        else
          goes_on = stands_alone(i) &&
                    (util::starts_lower(t) || open_marks || (ends_open(value) && addressee_like(t)));
        break;
      }
      case FieldKind::date:
        goes_on = trim(value).empty();
        break;
    }
    if (!goes_on) break;
    if (auto too_long = take_value(kind, t, line.number))
      return Error{ErrorCode::invalid_argument, std::move(*too_long), file, line.number};
    blank_gap = false;
  }
  out.body_start = i;
  out.header.from = util::fold_space(from);
  out.header.subject = util::fold_space(subject);
  out.title = util::fold_space(out.title);

  if (!date_text.empty()) {
    ParsedDate d = parse_memo_date(date_text);
    // A letter's place before its date: "Geneva, 16 July 2001",
    // "Genève, le 16 juillet 2001".
    const auto comma = date_text.find(", ");
    if (d.reading == DateReading::not_a_date && comma != std::string::npos &&
        std::none_of(date_text.begin(), date_text.begin() + static_cast<std::ptrdiff_t>(comma),
                     [](char c) { return util::is_digit(c); }))
      d = parse_memo_date(date_text.substr(comma + 2));
    if (d.reading == DateReading::impossible)
      return Error{ErrorCode::invalid_argument,
                   "impossible date '" + excerpt(date_text) + "' in the memo's Date field", file, date_line};
    if (d.reading == DateReading::date)
      out.header.date = d.date;
    else
      warnings.push_back(Warning{WarningKind::unreadable_memo_date, date_line, excerpt(date_text),
                                 "the memo's date '" + excerpt(date_text) +
                                     "' is not a date the importer can read; the date is left empty"});
  }
  return out;
}

}  // namespace followup::importer::detail
