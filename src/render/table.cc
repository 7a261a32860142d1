#include "render/table.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "util/text.h"

namespace followup::render {

namespace {

std::string one_line(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), '\n', ' ');
  std::replace(out.begin(), out.end(), '\t', ' ');
  return out;
}

}  // namespace

bool csv_formula_like(std::string_view text) {
  if (text.empty()) return false;
  if (text.front() == '\t' || text.front() == '\r') return true;
  const auto rest = util::trim_left(text);
  if (rest.empty()) return false;
  if (rest.front() == '=' || rest.front() == '+' || rest.front() == '-' || rest.front() == '@') return true;
  // Full-width ＝ ＋ － ＠ (U+FF1D, U+FF0B, U+FF0D, U+FF20): some spreadsheets fold them to ASCII.
  for (std::string_view wide : {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0"})
    if (rest.starts_with(wide)) return true;
  return false;
}

std::string csv_field(std::string_view text) {
  const bool formula = csv_formula_like(text);
  if (!formula && text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = formula ? "\"'" : "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string table_text(const Table& table) {
  std::vector<std::size_t> width(table.columns.size(), 0);
  for (std::size_t c = 0; c < table.columns.size(); ++c) width[c] = util::code_points(table.columns[c]);
  for (const auto& row : table.rows)
    for (std::size_t c = 0; c < row.size() && c < width.size(); ++c)
      width[c] = std::max(width[c], util::code_points(one_line(row[c])));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t c = 0; c < cells.size() && c < width.size(); ++c) {
      const auto cell = one_line(cells[c]);
      out += cell;
      if (c + 1 < cells.size()) out.append(width[c] - util::code_points(cell) + 2, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out;
  if (!table.title.empty()) out += table.title + "\n";
  out += line(table.columns);
  if (table.rows.empty()) out += "(none)\n";
  for (const auto& row : table.rows) out += line(row);
  return out;
}

namespace {

// A cell on one line, its pipes escaped.
std::string table_cell_md(std::string_view s) {
  std::string out;
  for (char c : one_line(s)) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string table_markdown_head(const Table& table) {
  std::string out;
  if (!table.title.empty()) out += "### " + table.title + "\n\n";
  out += "|";
  for (const auto& c : table.columns) out += " " + table_cell_md(c) + " |";
  out += "\n|";
  for (std::size_t i = 0; i < table.columns.size(); ++i) out += "---|";
  return out + "\n";
}

std::string table_markdown_rows(const Rows& rows) {
  std::string out;
  for (const auto& row : rows) {
    out += "|";
    for (const auto& c : row) out += " " + table_cell_md(c) + " |";
    out += "\n";
  }
  return out;
}

std::string table_markdown(const Table& table) {
  return table_markdown_head(table) + table_markdown_rows(table.rows);
}

std::string table_csv_rows(const Rows& rows) {
  std::string out;
  for (const auto& cells : rows) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += ',';
      out += csv_field(cells[i]);
    }
    out += "\r\n";
  }
  return out;
}

std::string table_csv(const Table& table) {
  return table_csv_rows({table.columns}) + table_csv_rows(table.rows);
}

bool right_aligned(CellKind kind) {
  return kind == CellKind::integer || kind == CellKind::ratio || kind == CellKind::figure;
}

std::string cell_shown(CellKind kind, const std::string& text) {
  if (kind != CellKind::ratio || text.empty()) return text;
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return text;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f%%", v * 100);
  return buf;
}

}  // namespace followup::render
