#include "importer/sheet_rows.h"

#include <algorithm>

#include "importer/header.h"
#include "util/text.h"

namespace followup::importer::detail {

namespace {

constexpr std::size_t k_no_row = static_cast<std::size_t>(-1);

// The cells of a row that hold text of their own (merged copies left out).
std::vector<const xlsx::Cell*> own_cells(const xlsx::Row& row) {
  std::vector<const xlsx::Cell*> out;
  for (const auto& cell : row.cells)
    if (!cell.merged && !util::trim(cell.text).empty()) out.push_back(&cell);
  return out;
}

// The texts of those cells, trimmed.
std::vector<std::string> own_texts(const std::vector<const xlsx::Cell*>& cells) {
  std::vector<std::string> out;
  out.reserve(cells.size());
  for (const auto* cell : cells) out.emplace_back(util::trim(memo_cell_text(*cell)));
  return out;
}

bool names_table(const std::vector<const xlsx::Cell*>& cells) {
  return cells.size() >= 3 && assign_columns(own_texts(cells)).has_value();
}

// A row as one piece of text (line breaks in it start further lines), and
// the column of the cell holding its value.
std::string row_text(const xlsx::Row& row, int& value_column) {
  const auto cells = own_cells(row);
  value_column = 0;
  if (cells.empty()) return {};
  std::string first(util::trim(memo_cell_text(*cells.front())));
  value_column = cells.front()->column;
  if (cells.size() == 1) return first;
  std::string rest;
  for (std::size_t k = 1; k < cells.size(); ++k) {
    if (!rest.empty()) rest += "; ";
    rest += util::trim(memo_cell_text(*cells[k]));
  }
  // "Subject:" or "Subject" in one cell, its value in the next.
  if (first.ends_with(':')) {
    value_column = cells[1]->column;
    return first + " " + rest;
  }
  if (first.find('\n') == std::string::npos) {
    const auto field = match_field(first + ":");
    if (field && field->kind != FieldKind::other) {
      value_column = cells[1]->column;
      return first + ": " + rest;
    }
  }
  return first + "; " + rest;
}

}  // namespace

std::string memo_cell_text(const xlsx::Cell& cell) {
  std::string out;
  out.reserve(cell.text.size());
  const std::string& s = cell.text;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 2, "\xC2\xA0") == 0) {
      out += ' ';
      i += 1;
    } else if (s.compare(i, 3, "\xE2\x80\x87") == 0 || s.compare(i, 3, "\xE2\x80\xAF") == 0) {
      out += ' ';
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

SheetLines::SheetLines(const xlsx::Sheet& sheet) : m_sheet(sheet) {
  struct Span {
    std::size_t begin;
    std::size_t end;
    int number;
    std::size_t row;
    bool first;
  };
  std::vector<Span> spans;
  m_value_columns.resize(sheet.rows.size());
  int previous = 0;
  // The field the row above gives a value in its own cell, which rows
  // below with no cell under its name go on: the column of its name, and
  // how its value's pieces join ("; " in a list of addressees).
  std::optional<std::pair<int, std::string_view>> field;
  for (std::size_t k = 0; k < sheet.rows.size(); ++k) {
    const auto& row = sheet.rows[k];
    if (row.number > previous + 1 && previous > 0) {
      spans.push_back({m_text.size(), m_text.size(), previous + 1, k_no_row, true});
      field.reset();
    }
    previous = row.number;
    const auto cells = own_cells(row);
    if (field && !cells.empty() && cells.front()->column > field->first && !names_table(cells)) {
      for (const auto& piece : own_texts(cells)) {
        m_text += field->second;
        for (auto part : util::split(piece, '\n')) {
          if (part.data() != piece.data()) m_text += field->second;
          m_text += util::trim(part);
        }
      }
      spans.back().end = m_text.size();
      m_value_columns[k] = cells.front()->column;
      continue;
    }
    field.reset();
    const std::string text = row_text(row, m_value_columns[k]);
    if (!cells.empty() && m_value_columns[k] != cells.front()->column) {
      const auto kind = match_field(text.substr(0, text.find('\n')));
      const bool list = kind && (kind->kind == FieldKind::to || kind->kind == FieldKind::cc);
      field.emplace(cells.front()->column, list ? "; " : " ");
    }
    std::size_t from = 0;
    bool first = true;
    for (;;) {
      const auto end = text.find('\n', from);
      const std::string_view piece =
          util::trim_right(std::string_view(text).substr(from, end == std::string::npos ? end : end - from));
      spans.push_back({m_text.size(), m_text.size() + piece.size(), row.number, k, first});
      m_text += piece;
      first = false;
      if (end == std::string::npos) break;
      from = end + 1;
    }
  }
  m_lines.reserve(spans.size());
  for (const auto& s : spans) {
    m_lines.push_back(Line{std::string_view(m_text).substr(s.begin, s.end - s.begin), s.number});
    m_rows.push_back(s.row);
    m_first.push_back(s.first);
  }
}

bool SheetLines::names_columns(std::size_t i) const {
  if (i >= m_lines.size() || m_rows[i] == k_no_row || !m_first[i]) return false;
  return names_table(own_cells(m_sheet.rows[m_rows[i]]));
}

std::optional<std::size_t> SheetLines::row_of(std::size_t i) const {
  if (i >= m_rows.size() || m_rows[i] == k_no_row) return std::nullopt;
  return m_rows[i];
}

int SheetLines::value_column(int row) const {
  const auto& rows = m_sheet.rows;
  const auto found =
      std::lower_bound(rows.begin(), rows.end(), row, [](const xlsx::Row& r, int n) { return r.number < n; });
  if (found == rows.end() || found->number != row) return 0;
  return m_value_columns[static_cast<std::size_t>(found - rows.begin())];
}

int SheetTable::sheet_column(int index) const {
  if (index < 0 || static_cast<std::size_t>(index) >= sheet_columns.size()) return -1;
  return sheet_columns[static_cast<std::size_t>(index)];
}

std::optional<SheetTable> sheet_table(const xlsx::Sheet& sheet, std::size_t header) {
  if (header >= sheet.rows.size() || sheet.rows[header].cells.empty()) return std::nullopt;
  const auto& head = sheet.rows[header];
  const int first = head.cells.front().column;
  std::vector<std::string> cells(static_cast<std::size_t>(head.cells.back().column - first + 1));
  for (const auto& cell : head.cells)
    cells[static_cast<std::size_t>(cell.column - first)] = std::string(util::trim(memo_cell_text(cell)));
  const auto columns = assign_columns(cells);
  if (!columns) return std::nullopt;

  SheetTable table;
  std::vector<int> kept;  // indices into `cells` that have a role, in order
  for (const int index : {columns->number, columns->text, columns->responsible, columns->due})
    if (index >= 0) kept.push_back(index);
  std::sort(kept.begin(), kept.end());
  auto compact = [&kept](int index) {
    if (index < 0) return -1;
    return static_cast<int>(std::lower_bound(kept.begin(), kept.end(), index) - kept.begin());
  };
  table.columns = Columns{compact(columns->number), compact(columns->text), compact(columns->responsible),
                          compact(columns->due)};
  for (const int index : kept) {
    table.header.push_back(cells[static_cast<std::size_t>(index)]);
    table.sheet_columns.push_back(first + index);
  }
  for (std::size_t k = header + 1; k < sheet.rows.size(); ++k) {
    const auto& row = sheet.rows[k];
    CsvRecord record;
    record.line = row.number;
    bool any = false;
    for (const int column : table.sheet_columns) {
      const auto* cell = row.at(column);
      record.fields.push_back(cell == nullptr ? std::string() : memo_cell_text(*cell));
      any = any || util::trim(record.fields.back()).size() > 0;
    }
    if (any) table.rows.push_back(std::move(record));
  }
  return table;
}

}  // namespace followup::importer::detail
