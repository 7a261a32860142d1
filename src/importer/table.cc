#include "importer/table.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <unordered_map>

#include "importer/excerpt.h"
#include "importer/memo_date.h"
#include "util/text.h"

namespace followup::importer::detail {

namespace {

using util::trim;

enum class Role { number, text, responsible, due, other, carry };

struct Fragment {
  Role role = Role::other;
  std::string_view text;
};

struct Segment {
  std::size_t column = 0;  // code point column where the segment starts
  std::string_view text;
};

bool contains_any(const std::string& folded, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (folded.find(w) != std::string::npos) return true;
  return false;
}

bool has_text_word(std::string_view cell) {
  return contains_any(util::fold_accents(cell), {"recom", "recommand", "texte", "text"});
}

// A header cell that names the number ("Recommendation No.", "N°",
// "Número") rather than the text, whatever else it says.
bool names_number(const std::string& folded) {
  static constexpr std::string_view k_words[] = {"no", "no.",    "n°",     "nº",   "n.°",
                                                 "#",  "number", "numero", "num.", "nr."};
  for (auto word : util::split(folded, ' '))
    for (auto w : k_words)
      if (word == w) return true;
  return false;
}

// Cells of a Markdown row, "\|" not being a separator. When the table has
// outer pipes they are removed; when it has none, a leading '|' marks an
// empty first cell.
std::vector<std::string_view> split_pipes(std::string_view line, bool outer = true) {
  std::string_view t = trim(line);
  if (outer && !t.empty() && t.front() == '|') t.remove_prefix(1);
  if (outer && !t.empty() && t.back() == '|' && (t.size() < 2 || t[t.size() - 2] != '\\')) t.remove_suffix(1);
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '|' && (i == 0 || t[i - 1] != '\\')) {
      cells.push_back(trim(t.substr(start, i - start)));
      start = i + 1;
    }
  }
  cells.push_back(trim(t.substr(start)));
  return cells;
}

bool is_alignment_row(const std::vector<std::string_view>& cells) {
  bool dash = false;
  for (auto c : cells)
    for (char ch : c) {
      if (ch == '-')
        dash = true;
      else if (ch != ':' && ch != ' ')
        return false;
    }
  return dash;
}

bool is_rule_line(std::string_view t) {
  t = trim(t);
  if (t.size() < 3) return false;
  for (char c : t)
    if (c != '-' && c != '=' && c != ' ' && c != '+' && c != '_') return false;
  return true;
}

// Segments separated by a tab or by two or more spaces. Columns count code
// points, a tab moving to the next multiple of 8 as an editor shows it, so
// that a line indented with a tab lines up with one indented with spaces.
std::vector<Segment> split_spaces(std::string_view line) {
  constexpr std::size_t k_tab_width = 8;
  std::vector<Segment> out;
  std::size_t column = 0;
  std::size_t i = 0;
  const std::size_t n = line.size();
  while (i < n) {
    while (i < n && (line[i] == ' ' || line[i] == '\t')) {
      column = line[i] == '\t' ? (column / k_tab_width + 1) * k_tab_width : column + 1;
      ++i;
    }
    if (i >= n) break;
    const std::size_t start = i;
    const std::size_t start_column = column;
    while (i < n) {
      if (line[i] == '\t') break;
      if (line[i] == ' ' && i + 1 < n && (line[i + 1] == ' ' || line[i + 1] == '\t')) break;
      if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;
      ++i;
    }
    out.push_back(Segment{start_column, trim(line.substr(start, i - start))});
  }
  return out;
}

// A run of `*` or `_` at index i..end is Markdown emphasis when it opens or
// closes a word: white space or punctuation on one side, text on the other.
// "snake_case" and "2 * 3" are left alone.
bool is_emphasis(std::string_view cell, std::size_t i, std::size_t end) {
  auto word = [](char ch) {
    return util::is_ascii_alpha(ch) || util::is_digit(ch) || static_cast<unsigned char>(ch) >= 0x80;
  };
  const bool before_word = i > 0 && word(cell[i - 1]);
  const bool after_word = end < cell.size() && word(cell[end]);
  const bool before_space = i == 0 || util::is_space(cell[i - 1]);
  const bool after_space = end >= cell.size() || util::is_space(cell[end]);
  if (before_word && after_word) return false;
  return !(before_space && after_space);
}

std::string clean_cell(std::string_view cell) {
  std::string out;
  out.reserve(cell.size());
  // Once no '>' is left, no later "<br" closes: not searching again keeps
  // a cell of many "<br" linear.
  bool closable = true;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    // A Markdown escape ("\\|", "1\\.", "\\*") stands for the character itself.
    if (cell[i] == '\\' && i + 1 < cell.size() &&
        std::ispunct(static_cast<unsigned char>(cell[i + 1])) != 0) {
      out += cell[++i];
      continue;
    }
    if (cell[i] == '*' || cell[i] == '_') {
      std::size_t end = i;
      while (end < cell.size() && cell[end] == cell[i]) ++end;
      if (is_emphasis(cell, i, end)) {
        i = end - 1;
        continue;
      }
      out.append(cell.substr(i, end - i));
      i = end - 1;
      continue;
    }
    if (closable && cell[i] == '<' && util::istarts_with(cell.substr(i), "<br")) {
      const auto close = cell.find('>', i);
      closable = close != std::string_view::npos;
      if (closable) {
        out += '\n';
        i = close;
        continue;
      }
    }
    out += cell[i];
  }
  return out;
}

std::string_view strip_stars(std::string_view s) {
  s = trim(s);
  while (!s.empty() && (s.front() == '*' || s.front() == '_')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '*' || s.back() == '_')) s.remove_suffix(1);
  return trim(s);
}

struct Header {
  Layout layout = Layout::tabs;
  std::size_t first = 0;  // line indices
  std::size_t last = 0;
  std::vector<std::string> cells;
  std::vector<std::size_t> starts;  // spaces layout: column of each cell
  Columns columns;
  // Tabs layout: the header aligns its cells with several tabs, so a run of
  // tabs is one separator (and an empty cell cannot be told apart).
  bool tab_runs = false;
  bool outer_pipes = true;    // pipes layout: "| a | b |" rather than "a | b"
  bool synthetic = false;     // no header row: columns read from the first row
  std::size_t rows_from = 0;  // index of the first line below the header
};

std::vector<std::string_view> split_tabs(std::string_view line, bool runs) {
  if (!runs) return util::split(line, '\t');
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i < line.size() && line[i] != '\t') continue;
    out.push_back(line.substr(start, i - start));
    // Tabs with only spaces between them ("\t \t") are one separator too.
    for (std::size_t j = i + 1; j < line.size() && (line[j] == '\t' || line[j] == ' '); ++j)
      if (line[j] == '\t') i = j;
    start = i + 1;
  }
  return out;
}

std::optional<Header> header_at(const std::vector<Line>& lines, std::size_t i) {
  const std::string_view t = lines[i].text;
  Header h;
  h.first = h.last = i;
  if (t.find('|') != std::string_view::npos) {
    h.outer_pipes = trim(t).starts_with("|");
    for (auto c : split_pipes(t, h.outer_pipes)) h.cells.emplace_back(strip_stars(c));
    if (h.cells.size() < 3) return std::nullopt;
    h.layout = Layout::pipes;
    if (auto cols = assign_columns(h.cells)) {
      h.columns = *cols;
      return h;
    }
    return std::nullopt;
  }
  if (t.find('\t') != std::string_view::npos) {
    h.layout = Layout::tabs;
    h.tab_runs = util::trim(t).find("\t\t") != std::string_view::npos;
    for (auto c : split_tabs(util::trim(t), h.tab_runs)) h.cells.emplace_back(trim(c));
    // A header cell may wrap onto the next line (Word exports a cell's
    // paragraphs as lines): the next line's first cell goes on the last cell.
    for (std::size_t j = i;; ++j) {
      if (auto cols = assign_columns(h.cells)) {
        h.columns = *cols;
        h.last = j;
        return h;
      }
      if (j + 1 >= lines.size() || j >= i + 2 || is_blank(lines[j + 1])) return std::nullopt;
      bool any_text = false;
      for (const auto& c : h.cells) any_text = any_text || has_text_word(c);
      if (!any_text || leading_number(trim(lines[j + 1].text), false)) return std::nullopt;
      const auto more = split_tabs(trim(lines[j + 1].text), h.tab_runs);
      h.cells.back() += ' ';
      h.cells.back() += trim(more.front());
      for (std::size_t k = 1; k < more.size(); ++k) h.cells.emplace_back(trim(more[k]));
    }
  }
  const auto segments = split_spaces(t);
  if (segments.size() < 2) return std::nullopt;
  bool any_text = false;
  for (const auto& s : segments) {
    if (util::code_points(s.text) > 40) return std::nullopt;
    any_text = any_text || has_text_word(s.text);
    h.cells.emplace_back(s.text);
    h.starts.push_back(s.column);
  }
  if (!any_text) return std::nullopt;
  h.layout = Layout::spaces;
  for (std::size_t j = i;; ++j) {
    if (auto cols = assign_columns(h.cells)) {
      h.columns = *cols;
      h.last = j;
      return h;
    }
    if (j + 1 >= lines.size() || j >= i + 3) return std::nullopt;
    const std::string_view next = lines[j + 1].text;
    if (is_blank(lines[j + 1]) || is_rule_line(next) || leading_number(trim(next), true)) return std::nullopt;
    for (const auto& s : split_spaces(next)) {
      std::size_t k = 0;
      while (k + 1 < h.starts.size() && h.starts[k + 1] <= s.column + 1) ++k;
      h.cells[k] += ' ';
      h.cells[k] += s.text;
    }
  }
}

// A table without a header row: its first row ("1. text⇥unit⇥date", or
// the same in columns two spaces apart) gives the columns: the last cell
// is the due date, the one before it the responsible unit.
std::optional<Header> headerless_at(const std::vector<Line>& lines, std::size_t i) {
  const std::string_view t = trim(lines[i].text);
  if (!leading_number(t, true)) return std::nullopt;
  Header h;
  h.synthetic = true;
  h.first = h.last = h.rows_from = i;
  std::vector<std::string_view> cells;
  if (t.find('\t') != std::string_view::npos) {
    h.layout = Layout::tabs;
    for (auto c : util::split(t, '\t')) cells.push_back(trim(c));
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
  } else {
    h.layout = Layout::spaces;
    for (const auto& s : split_spaces(lines[i].text)) {
      cells.push_back(s.text);
      h.starts.push_back(s.column);
    }
  }
  if (cells.size() < 3 || cells.size() > 4) return std::nullopt;
  if (date_reading(cells.back()) == DateReading::not_a_date) return std::nullopt;
  const int n = static_cast<int>(cells.size());
  const bool number_cell = n == 4 && number_cell_value(cells.front()).has_value();
  if (n == 4 && !number_cell) return std::nullopt;
  h.columns = Columns{number_cell ? 0 : -1, number_cell ? 1 : 0, n - 2, n - 1};
  for (auto c : cells) h.cells.emplace_back(c);
  if (h.layout == Layout::spaces) h.starts.resize(cells.size());
  return h;
}

Role role_of(const Columns& c, int index) {
  if (index == c.number) return Role::number;
  if (index == c.text) return Role::text;
  if (index == c.responsible) return Role::responsible;
  if (index == c.due) return Role::due;
  return Role::other;
}

int index_of(const Columns& c, Role role) {
  switch (role) {
    case Role::number:
      return c.number;
    case Role::responsible:
      return c.responsible;
    case Role::due:
      return c.due;
    default:
      return c.text;
  }
}

bool is_whole_number(std::string_view s) { return number_cell_value(s).has_value(); }

bool ends_with_stop(std::string_view t) {
  t = trim(t);
  return !t.empty() &&
         (t.back() == '.' || t.back() == ';' || t.back() == ':' || t.back() == '!' || t.back() == '?');
}

}  // namespace

DateReading date_reading(std::string_view cell) {
  // This is asked of a growing due cell at every line: a cell far longer
  // than any date form must not cost its whole length each time.
  constexpr std::size_t k_longest_date_cell = 200;
  if (cell.size() > k_longest_date_cell) return DateReading::not_a_date;
  return parse_memo_date(util::fold_space(cell)).reading;
}

std::optional<Columns> assign_columns(const std::vector<std::string>& cells) {
  Columns c;
  std::vector<std::string> folded;
  folded.reserve(cells.size());
  for (const auto& cell : cells) folded.push_back(util::fold_accents(cell));
  const int n = static_cast<int>(cells.size());
  for (int i = 0; i < n && c.responsible < 0; ++i)
    if (contains_any(folded[static_cast<std::size_t>(i)],
                     {"respons", "unit", "unidad", "owner", "lead", "encargad", "accountab"}))
      c.responsible = i;
  // Rarer words for the same column, tried only when none of the above is there.
  for (int i = 0; i < n && c.responsible < 0; ++i)
    if (contains_any(folded[static_cast<std::size_t>(i)],
                     {"action by", "who", "quien", "qui ", "service", "office"}))
      c.responsible = i;
  for (int i = 0; i < n && c.due < 0; ++i)
    if (i != c.responsible &&
        contains_any(folded[static_cast<std::size_t>(i)],
                     {"due", "date", "fecha", "plazo", "tardar", "echeance", "deadline", "attendu", "delai",
                      "limite", "when", "cuando", "timeframe", "time frame", "timeline", "target",
                      "vencimiento", "calendrier", "calendario"}))
      c.due = i;
  // "Recommendation No." before "Text" is the number column, not the text.
  for (int pass = 0; pass < 2 && c.text < 0; ++pass)
    for (int i = 0; i < n && c.text < 0; ++i)
      if (i != c.responsible && i != c.due && has_text_word(cells[static_cast<std::size_t>(i)]) &&
          (pass == 1 || !names_number(folded[static_cast<std::size_t>(i)])))
        c.text = i;
  if (c.text < 0 || c.responsible < 0 || c.due < 0) return std::nullopt;
  for (int i = 0; i < c.text; ++i) {
    const auto& f = folded[static_cast<std::size_t>(i)];
    if (i != c.responsible && i != c.due && (util::code_points(f) <= 8 || names_number(f))) {
      c.number = i;
      break;
    }
  }
  return c;
}

std::optional<int> number_cell_value(std::string_view cell) {
  std::string_view s = strip_stars(cell);
  static constexpr std::string_view k_prefixes[] = {"recommendation",
                                                    "recomendación",
                                                    "recomendacion",
                                                    "recommandation",
                                                    "rec.",
                                                    "rec",
                                                    "no.",
                                                    "no",
                                                    "n°",
                                                    "nº",
                                                    "n.",
                                                    "#",
                                                    "r"};
  for (auto p : k_prefixes) {
    if (util::istarts_with(s, p) && s.size() > p.size() &&
        (util::is_digit(s[p.size()]) || util::is_space(s[p.size()]))) {
      s = trim(s.substr(p.size()));
      break;
    }
  }
  const auto m = leading_number(s, true);
  if (!m || m->length < util::trim_right(s).size()) return std::nullopt;
  return m->number;
}

std::optional<NumberMarker> leading_number(std::string_view text, bool bare_allowed) {
  // Up to 999,999,999 fits an int: the bound on how many rows a memo may
  // have is ParseLimits', not the number reader's.
  constexpr std::size_t k_max_number_digits = 9;
  std::size_t i = 0;
  // A label before the number ("Recommendation 1:", "Rec. 2.") lets a colon
  // mark it, as in "Recommandation 3 : ...".
  static constexpr std::string_view k_labels[] = {"recommendation", "recomendación",  "recomendaci\xC3\x93n",
                                                  "recomendacion",  "recommandation", "rec."};
  bool labelled = false;
  for (auto label : k_labels) {
    if (util::istarts_with(text, label) && text.size() > label.size() &&
        (util::is_space(text[label.size()]) || util::is_digit(text[label.size()]))) {
      i = label.size();
      while (i < text.size() && util::is_space(text[i])) ++i;
      labelled = true;
      break;
    }
  }
  // "(1)" as well as "1." and "1)".
  const bool parenthesised = !labelled && i < text.size() && text[i] == '(';
  if (parenthesised) ++i;
  const std::size_t digits_from = i;
  int value = 0;
  while (i < text.size() && util::is_digit(text[i]) && i - digits_from < k_max_number_digits)
    value = value * 10 + (text[i++] - '0');
  if (i == digits_from || (i < text.size() && util::is_digit(text[i]))) return std::nullopt;
  bool marked = false;
  if (parenthesised) {
    if (i >= text.size() || text[i] != ')') return std::nullopt;
    marked = true;
    ++i;
  } else if (labelled) {
    std::size_t j = i;
    while (j < text.size() && util::is_space(text[j])) ++j;
    if (j < text.size() && (text[j] == ':' || text[j] == '.' || text[j] == ')')) {
      marked = true;
      i = j + 1;
    }
  } else if (i < text.size() && (text[i] == '.' || text[i] == ')')) {
    marked = true;
    ++i;
  }
  if (!marked && !bare_allowed) return std::nullopt;
  if (i < text.size() && !util::is_space(text[i])) return std::nullopt;
  while (i < text.size() && util::is_space(text[i])) ++i;
  return NumberMarker{value, i};
}

bool is_page_number(std::string_view text) {
  if (trim(text).size() > 40) return false;  // "Página 123 de 456" is far shorter
  std::string f = util::fold_accents(trim(text));
  std::string_view s = f;
  auto strip_dashes = [&] {
    for (;;) {
      s = trim(s);
      if (!s.empty() && (s.front() == '-' || s.front() == '['))
        s.remove_prefix(1);
      else if (s.starts_with("\xE2\x80\x93") || s.starts_with("\xE2\x80\x94"))
        s.remove_prefix(3);
      else
        break;
    }
    for (;;) {
      s = trim(s);
      if (!s.empty() && (s.back() == '-' || s.back() == ']'))
        s.remove_suffix(1);
      else if (s.ends_with("\xE2\x80\x93") || s.ends_with("\xE2\x80\x94"))
        s.remove_suffix(3);
      else
        break;
    }
  };
  strip_dashes();
  for (std::string_view word : {"page", "pagina", "pag.", "pg.", "p."})
    if (s.starts_with(word)) {
      s.remove_prefix(word.size());
      s = trim(s);
      break;
    }
  auto digits = [&] {
    std::size_t k = 0;
    while (k < s.size() && util::is_digit(s[k])) ++k;
    s.remove_prefix(k);
    return k > 0 && k <= 4;
  };
  if (!digits()) return false;
  s = trim(s);
  if (s.empty()) return true;
  for (std::string_view word : {"of", "de", "sur", "/"})
    if (s.starts_with(word)) {
      s.remove_prefix(word.size());
      s = trim(s);
      return digits() && trim(s).empty();
    }
  return false;
}

bool is_sub_item(std::string_view text) {
  std::string_view t = trim(text);
  if (t.starts_with("- ") || t.starts_with("* ") || t.starts_with("\xE2\x80\xA2") ||
      t.starts_with("\xE2\x80\x93 "))
    return true;
  std::size_t i = 0;
  if (i < t.size() && t[i] == '(') ++i;
  const std::size_t start = i;
  while (i < t.size() && util::is_ascii_lower(t[i]) && i - start < 4) ++i;
  const std::size_t letters = i - start;
  if (letters == 0) return false;
  if (letters > 1) {
    for (std::size_t k = start; k < i; ++k)
      if (t[k] != 'i' && t[k] != 'v' && t[k] != 'x') return false;
  }
  if (i >= t.size() || (t[i] != ')' && t[i] != '.')) return false;
  ++i;
  return i == t.size() || t[i] == ' ';
}

TableParse parse_table(const std::vector<Line>& lines, std::size_t begin, const ParseLimits& limits) {
  TableParse out;
  std::optional<Header> header;
  for (std::size_t i = begin; i < lines.size() && !header; ++i)
    if (!is_blank(lines[i])) header = header_at(lines, i);
  if (header) {
    header->rows_from = header->last + 1;
  } else {
    for (std::size_t i = begin; i < lines.size() && !header; ++i)
      if (!is_blank(lines[i])) header = headerless_at(lines, i);
  }
  if (!header) return out;
  out.found = true;
  out.header_line = lines[header->first].number;
  const Header& h = *header;

  std::vector<std::string_view> header_lines;
  if (!h.synthetic)
    for (std::size_t k = h.first; k <= h.last; ++k) header_lines.push_back(trim(lines[k].text));
  auto is_header_repeat = [&](std::string_view t) {
    for (auto hl : header_lines)
      if (hl == t) return true;
    return false;
  };

  // Running headers and footers: short lines without cells met more than once.
  std::unordered_map<std::string_view, int> seen;
  seen.reserve(lines.size() - std::min(lines.size(), h.rows_from));
  for (std::size_t k = h.rows_from; k < lines.size(); ++k) {
    const std::string_view t = trim(lines[k].text);
    if (t.empty() || t.size() > 300 || t.find('\t') != std::string_view::npos ||
        t.find('|') != std::string_view::npos)
      continue;
    ++seen[t];
  }
  // A page number's nearest non-blank neighbours that are not indented,
  // hold one cell and end no sentence are its running header or footer,
  // even when they occur once. (Indented lines continue a cell.)
  std::vector<bool> near_page(lines.size(), false);
  for (std::size_t k = h.rows_from; k < lines.size(); ++k) {
    if (!is_page_number(lines[k].text)) continue;
    for (int dir : {-1, 1}) {
      std::size_t j = k;
      for (;;) {
        if ((dir < 0 && j <= h.rows_from) || (dir > 0 && j + 1 >= lines.size())) break;
        j = dir < 0 ? j - 1 : j + 1;
        if (is_blank(lines[j])) continue;
        const std::string_view text = lines[j].text;
        near_page[j] = !util::is_space(text.front()) && split_spaces(text).size() == 1;
        break;
      }
    }
  }
  auto is_running = [&](std::string_view t, std::size_t index) {
    if (util::code_points(t) > 100 || ends_with_stop(t) || is_sub_item(t)) return false;
    if (t.find('\t') != std::string_view::npos || t.find('|') != std::string_view::npos) return false;
    const auto it = seen.find(t);
    return (it != seen.end() && it->second >= 2) || near_page[index];
  };

  // Lines a Markdown table may be interrupted by at a page break.
  auto is_furniture = [&](std::string_view t) {
    return is_page_number(t) ||
           (!t.empty() && util::code_points(t) <= 100 && !ends_with_stop(t) && !is_sub_item(t));
  };
  auto repeats_pipe_header = [&](std::string_view line) {
    if (is_header_repeat(trim(line))) return true;
    const auto cells = split_pipes(trim(line), h.outer_pipes);
    if (cells.size() != h.cells.size()) return false;
    for (std::size_t k = 0; k < cells.size(); ++k)
      if (strip_stars(cells[k]) != h.cells[k]) return false;
    return true;
  };

  // Where a tab or fixed-width table goes on after line `from`, which would
  // end it: past blank lines and a few short lines that end no sentence, the
  // header row repeated or a line with cells numbered as the next row.
  auto resumes_at = [&](std::size_t from) -> std::optional<std::size_t> {
    const int next = out.rows.back().number + 1;
    int skipped = 0;
    for (std::size_t j = from; j < lines.size(); ++j) {
      if (is_blank(lines[j])) continue;
      const std::string_view t = trim(lines[j].text);
      if (is_header_repeat(t)) return j;
      const auto m = leading_number(t, false);
      const bool cells = h.layout == Layout::tabs ? t.find('\t') != std::string_view::npos
                                                  : split_spaces(lines[j].text).size() >= 3;
      if (m && m->number == next && cells) return j;
      if (t.find('|') != std::string_view::npos || !is_furniture(t) || ++skipped > 3) return std::nullopt;
    }
    return std::nullopt;
  };

  const Columns& cols = h.columns;
  const std::size_t ncols = h.cells.size();
  std::size_t ended_at = lines.size();  // the line that ended the table
  std::vector<RawRow>& rows = out.rows;
  Role current = Role::text;
  Columns row_columns = cols;  // tabs: the columns the current row started in
  bool pending_break = false;
  bool blank_since = false;
  std::vector<Fragment> fragments;
  std::vector<std::string> owned;

  auto complete = [&] {
    const RawRow& r = rows.back();
    return !r.text.empty() && !r.responsible.empty() && !r.due.empty();
  };
  auto append = [&](Role role, std::string_view text, bool brk, int line_number) {
    RawRow& r = rows.back();
    text = trim(text);
    if (text.empty()) return;
    std::string* cell = nullptr;
    const char* name = "";
    switch (role) {
      case Role::text:
        cell = &r.text;
        name = "the text";
        break;
      case Role::responsible:
        cell = &r.responsible;
        name = "the responsible cell";
        break;
      case Role::due:
        cell = &r.due;
        name = "the due cell";
        if (r.due.empty()) r.due_line = line_number;
        break;
      default:
        return;
    }
    // A line end inside a text or responsible cell is kept where the layout
    // marks cell paragraphs (tabs, pipes): each line of a responsible cell
    // names a unit. Fixed-width cells wrap, so there it is a space.
    if (!cell->empty()) *cell += (role != Role::due && brk) ? '\n' : ' ';
    *cell += text;
    if (cell->size() > limits.max_field_bytes && out.error.empty()) {
      out.error = too_long(std::string(name) + " of recommendation " + std::to_string(r.number),
                           limits.max_field_bytes);
      out.error_line = line_number;
    }
  };

  for (std::size_t i = h.rows_from; i < lines.size(); ++i) {
    const Line& line = lines[i];
    if (is_blank(line)) {
      pending_break = true;
      blank_since = true;
      continue;
    }
    const std::string_view t = trim(line.text);
    fragments.clear();
    owned.clear();
    bool number_column = cols.number >= 0;
    Columns line_columns = cols;  // tabs: a number column the header did not name shifts them

    if (h.layout == Layout::pipes) {
      if (t.find('|') == std::string_view::npos) {
        if (rows.empty()) continue;
        // A page break inside the table: page numbers, running lines and
        // blank lines, then the header row again. Anything else ends it.
        std::size_t j = i;
        while (j < lines.size() && (is_blank(lines[j]) || is_furniture(strip_stars(lines[j].text))) &&
               util::trim(lines[j].text).find('|') == std::string_view::npos)
          ++j;
        if (j < lines.size() && repeats_pipe_header(lines[j].text)) {
          i = j;
          continue;
        }
        ended_at = i;
        break;
      }
      const auto cells = split_pipes(t, h.outer_pipes);
      if (is_alignment_row(cells)) continue;
      owned.reserve(cells.size());
      bool same_as_header = cells.size() == ncols;
      for (std::size_t k = 0; k < cells.size(); ++k) {
        owned.push_back(clean_cell(cells[k]));
        if (same_as_header && strip_stars(owned.back()) != h.cells[k]) same_as_header = false;
      }
      if (same_as_header) continue;
      Columns c = cols;
      if (!number_column && cells.size() == ncols + 1 && is_whole_number(cells[0])) {
        c = Columns{0, cols.text + 1, cols.responsible + 1, cols.due + 1};
        number_column = true;
      }
      for (std::size_t k = 0; k < owned.size(); ++k)
        fragments.push_back({role_of(c, static_cast<int>(k)), owned[k]});
    } else if (h.layout == Layout::tabs) {
      if (is_header_repeat(t)) continue;
      auto cells = split_tabs(h.tab_runs ? trim(line.text) : line.text, h.tab_runs);
      // A row aligned with several tabs under a header written with single
      // ones: more cells than the columns can hold means the runs are
      // separators, not empty cells.
      if (!h.tab_runs && cells.size() > ncols + 1 && trim(line.text).find("\t\t") != std::string_view::npos)
        cells = split_tabs(trim(line.text), true);
      if (cells.size() == 1) {
        fragments.push_back({Role::carry, t});
      } else {
        Columns c = cols;
        // A number column the header did not name (its cell empty, or no
        // cell at all): a first cell that is just a number, on a line with
        // a cell more than the header, or too few cells to hold the whole
        // row ("2⇥Its first paragraph", the row's other cells lines below).
        if (!number_column && (cells.size() == ncols + 1 || cells.size() < ncols) &&
            is_whole_number(cells[0])) {
          c = Columns{0, cols.text + 1, cols.responsible + 1, cols.due + 1};
          number_column = true;
        }
        const auto number_cell = static_cast<std::size_t>(c.number);
        const bool starts_row = number_column
                                    ? number_cell < cells.size() && is_whole_number(cells[number_cell])
                                    : leading_number(trim(cells[0]), false) || is_whole_number(cells[0]);
        line_columns = c;
        // A line that starts no row goes on the row above, in that row's
        // columns: its first cell on the cell the previous line ended in (a
        // cell's last paragraph, then the tabs to the next cells, as Word
        // writes it), the cells after it on the columns after that one. When
        // the row has a number column a line that leaves it empty is read
        // cell by cell ("⇥(a) a sub-point" under the text).
        if (!starts_row && !rows.empty()) c = row_columns;
        const bool wrapped =
            !starts_row && !rows.empty() && (row_columns.number < 0 || !trim(cells[0]).empty());
        const int base = wrapped ? index_of(c, current) : 0;
        for (std::size_t k = 0; k < cells.size(); ++k) {
          const Role r = (wrapped && k == 0) ? Role::carry : role_of(c, base + static_cast<int>(k));
          fragments.push_back({r, cells[k]});
        }
      }
    } else {
      if (is_header_repeat(t) || is_rule_line(t)) continue;
      for (const auto& s : split_spaces(line.text)) {
        std::size_t k = 0;
        while (k + 1 < h.starts.size() && h.starts[k + 1] <= s.column + 1) ++k;
        fragments.push_back({role_of(cols, static_cast<int>(k)), s.text});
      }
    }
    if (fragments.empty()) continue;

    // Does this line start a row?
    std::optional<NumberMarker> marker;
    Fragment* text_fragment = nullptr;
    if (number_column) {
      for (auto& f : fragments)
        if (f.role == Role::number)
          if (const auto n = number_cell_value(f.text)) marker = NumberMarker{*n, 0};
    } else {
      Fragment& first = fragments.front();
      if (first.role == Role::text || first.role == Role::carry) {
        // "1." or "1)" before the text; a bare "1" only as a cell of its own.
        auto m = leading_number(trim(first.text), false);
        if (!m && fragments.size() >= 2) {
          if (const auto n = number_cell_value(first.text)) m = NumberMarker{*n, trim(first.text).size()};
        }
        const int expected = rows.empty() ? 1 : rows.back().number + 1;
        // In a tab table a row's cells follow its text, so while the row
        // above still lacks them a numbered line without tabs is a numbered
        // paragraph of its text, not a new row.
        const bool may_start =
            fragments.size() >= 2 || h.layout != Layout::tabs || rows.empty() || complete();
        if (m && may_start && (m->number == expected || fragments.size() >= 2)) {
          marker = m;
          text_fragment = &first;
        }
      }
    }

    if (!marker) {
      if (rows.empty()) continue;
      // "2010" under the due column of a row whose due cell so far reads
      // "30 September" ends that date; it is not a page number.
      const bool ends_due =
          !rows.back().due.empty() &&
          std::all_of(fragments.begin(), fragments.end(),
                      [&](const Fragment& f) {
                        return f.role == Role::due || (f.role == Role::carry && current == Role::due);
                      }) &&
          date_reading(rows.back().due) == DateReading::not_a_date;
      if ((is_page_number(t) && !ends_due) || is_header_repeat(t) || is_running(t, i)) continue;
      const bool indented = !line.text.empty() && util::is_space(line.text.front());
      if (h.layout != Layout::pipes && complete() && blank_since && !indented && !is_sub_item(t)) {
        // A page break whose running line occurs only once: the table goes
        // on when the header row or the next numbered row follows.
        // A resume at this very line (one the loop above did not take as a
        // row) ends the table: reading it again would never move on.
        const auto resume = resumes_at(i);
        if (!resume || *resume <= i) {
          ended_at = i;
          break;
        }
        i = *resume - 1;
        continue;
      }
    } else {
      if (rows.size() >= limits.max_recommendations) {
        out.error = too_many_recommendations(limits.max_recommendations);
        out.error_line = line.number;
        return out;
      }
      RawRow row;
      row.number = marker->number;
      row.line = line.number;
      rows.push_back(std::move(row));
      row_columns = line_columns;
      current = Role::text;
      pending_break = false;
      if (text_fragment != nullptr) {
        text_fragment->text = trim(text_fragment->text).substr(marker->length);
        text_fragment->role = Role::text;
      }
    }

    bool first_on_line = true;
    for (const auto& f : fragments) {
      Role r = f.role;
      // A line after a finished row (its due cell already a date) adds a
      // paragraph to the recommendation; otherwise it goes on the cell the
      // previous line ended in.
      if (r == Role::carry)
        r = (complete() && current == Role::due && date_reading(rows.back().due) != DateReading::not_a_date)
                ? Role::text
                : current;
      if (r == Role::number || r == Role::other) continue;
      const bool brk =
          pending_break || is_sub_item(f.text) || (h.layout != Layout::spaces && first_on_line && !marker);
      append(r, f.text, brk, line.number);
      if (!out.error.empty()) return out;
      if (!trim(f.text).empty()) current = r;
      first_on_line = false;
    }
    pending_break = false;
    blank_since = false;
  }

  // A line below the end of the table that reads like its next row (cells,
  // the next number, a date last) is not taken, but is not passed over in
  // silence either.
  if (!rows.empty() && ended_at < lines.size()) {
    const int next = rows.back().number + 1;
    for (std::size_t k = ended_at; k < lines.size(); ++k) {
      const std::string_view t = trim(lines[k].text);
      std::vector<std::string> cells;
      if (t.find('|') != std::string_view::npos) {
        for (auto c : split_pipes(t, t.starts_with("|"))) cells.push_back(clean_cell(c));
      } else if (t.find('\t') != std::string_view::npos) {
        for (auto c : split_tabs(t, true)) cells.emplace_back(trim(c));
      } else {
        for (const auto& seg : split_spaces(lines[k].text)) cells.emplace_back(seg.text);
      }
      if (cells.size() < 3) continue;
      const auto first = number_cell_value(cells.front());
      const auto marker = leading_number(trim(cells.front()), false);
      const bool numbered = (first && *first == next) || (marker && marker->number == next);
      if (numbered && date_reading(cells.back()) != DateReading::not_a_date) {
        out.end_line = lines[ended_at].number;
        out.stray_line = lines[k].number;
        out.stray_number = next;
        out.stray_text = excerpt(t);
        break;
      }
    }
  }
  return out;
}

}  // namespace followup::importer::detail
