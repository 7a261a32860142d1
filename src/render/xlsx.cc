#include "render/xlsx.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>
#include <xlsxwriter.h>

#include "util/text.h"

namespace followup::render {

namespace {

constexpr std::size_t k_sheet_name_max = 31;    // Excel's, in UTF-16 units
constexpr std::size_t k_cell_text_max = 32767;  // Excel's, in UTF-16 units
constexpr std::size_t k_column_width_max = 60;  // characters
constexpr double k_title_size = 13;
constexpr std::size_t k_text_width = 100;  // characters: column A of a sheet of text

// The code point at s[i] and its length in bytes; nullopt for a byte that
// does not start a well-formed UTF-8 sequence (overlong forms, surrogates
// and values past U+10FFFF included).
struct CodePoint {
  char32_t value;
  std::size_t length;
};

std::optional<CodePoint> code_point_at(std::string_view s, std::size_t i) {
  const unsigned char lead = util::byte(s[i]);
  if (lead < 0x80) return CodePoint{lead, 1};
  std::size_t length = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
  } else {
    return std::nullopt;
  }
  // The lead's own bits, and the least value a sequence this long may hold.
  char32_t value = lead & (0x7FU >> length);
  const char32_t least = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
  if (i + length > s.size()) return std::nullopt;
  for (std::size_t k = 1; k < length; ++k) {
    const unsigned char c = util::byte(s[i + k]);
    if ((c & 0xC0) != 0x80) return std::nullopt;
    value = (value << 6U) | (c & 0x3FU);
  }
  if (value < least || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
  return CodePoint{value, length};
}

// UTF-16 units: what Excel counts.
std::size_t units_of(char32_t c) { return c > 0xFFFF ? 2 : 1; }

// `s` as well-formed UTF-8 (a workbook is XML), each byte that is not
// UTF-8 replaced by U+FFFD (libxlsxwriter escapes control characters
// itself, as _x0001_); and at most `max_units` UTF-16 units, ending in "…"
// when cut.
std::string excel_text(std::string_view s, std::size_t max_units) {
  std::string out;
  out.reserve(s.size());
  std::size_t units = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = code_point_at(s, i);
    const std::string_view piece = c ? s.substr(i, c->length) : std::string_view("\xEF\xBF\xBD");
    const std::size_t n = c ? units_of(c->value) : 1;
    if (units + n > max_units) {
      // Room for the ellipsis: drop code points until it fits.
      while (units + 1 > max_units && !out.empty()) {
        std::size_t start = out.size() - 1;
        while (start > 0 && (util::byte(out[start]) & 0xC0) == 0x80) --start;
        const auto last = code_point_at(out, start);
        units -= last ? units_of(last->value) : 1;
        out.resize(start);
      }
      return out + "\xE2\x80\xA6";
    }
    out += piece;
    units += n;
    i += c ? c->length : 1;
  }
  return out;
}

// A document property's text: well-formed UTF-8 without the control
// characters XML refuses (libxlsxwriter escapes them in cells, not here),
// each made a space.
std::string property_text(std::string_view s) {
  std::string out = excel_text(s, s.size() + 1);
  for (char& c : out)
    if (util::byte(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') c = ' ';
  return out;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = util::ascii_lower(c);
  return out;
}

bool is_taken(const std::string& name, const std::vector<std::string>& taken) {
  const std::string lower = lower_ascii(name);
  if (lower == "history") return true;
  return std::any_of(taken.begin(), taken.end(),
                     [&](const std::string& t) { return lower_ascii(t) == lower; });
}

// The head of `name` of at most `max_units`, without trailing spaces.
std::string cut_name(std::string_view name, std::size_t max_units) {
  std::string out;
  std::size_t units = 0;
  for (std::size_t i = 0; i < name.size();) {
    const auto c = code_point_at(name, i);
    if (!c || units + units_of(c->value) > max_units) break;
    out += name.substr(i, c->length);
    units += units_of(c->value);
    i += c->length;
  }
  return std::string(util::trim_right(out));
}

CellKind kind_of(const Table& table, std::size_t column) {
  return column < table.kinds.size() ? table.kinds[column] : CellKind::text;
}

// The widest a column's cells show, in characters.
std::size_t shown_width(CellKind kind, std::string_view text) {
  switch (kind) {
    case CellKind::date:
      return 10;
    case CellKind::ratio:
      return 6;  // 100.0%
    case CellKind::integer:
    case CellKind::figure:
    case CellKind::text:
      break;
  }
  std::size_t widest = 0;
  for (auto line : util::split(text, '\n')) widest = std::max(widest, util::code_points(line));
  return widest;
}

std::optional<double> integer_of(std::string_view text) {
  long long n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  // Exact in a double up to 2^53; past that the cell is text.
  constexpr long long k_exact = 1LL << 53;
  if (n > k_exact || n < -k_exact) return std::nullopt;
  return static_cast<double>(n);
}

std::optional<double> ratio_of(std::string_view text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<lxw_datetime> excel_date(std::string_view text) {
  const auto d = Date::parse_iso(text);
  // Excel's dates begin in 1900.
  if (!d || d->year() < 1900) return std::nullopt;
  return lxw_datetime{d->year(), d->month(), d->day(), 0, 0, 0.0};
}

lxw_row_t row_index(std::size_t row) { return static_cast<lxw_row_t>(row); }
lxw_col_t col_index(std::size_t col) { return static_cast<lxw_col_t>(col); }

}  // namespace

std::string sheet_name(std::string_view title, const std::vector<std::string>& taken) {
  // The head, before a note.
  std::string_view head = title;
  head = head.substr(0, std::min(head.find(':'), head.find(" (")));
  std::string name = excel_text(head, head.size() + 1);
  for (char& c : name)
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos || util::byte(c) < 0x20 ||
        util::byte(c) == 0x7F)
      c = ' ';
  name = util::fold_space(name);
  while (!name.empty() && (name.front() == '\'' || name.front() == ' ')) name.erase(0, 1);
  while (!name.empty() && (name.back() == '\'' || name.back() == ' ')) name.pop_back();
  if (std::string cut = cut_name(name, k_sheet_name_max); cut != name) {
    // Cut at the end of a word, and not after a word that needs the next
    // nor after a comma ("Overdue responses by unit and age" is "Overdue
    // responses by unit").
    if (const auto space = cut.rfind(' '); space != std::string::npos && name[cut.size()] != ' ')
      cut.erase(space);
    static constexpr std::string_view k_joining[] = {"a",  "an", "and", "by",  "for", "in",
                                                     "of", "on", "or",  "the", "to"};
    auto joining = [&](std::string_view word) {
      return std::any_of(std::begin(k_joining), std::end(k_joining),
                         [&](std::string_view w) { return util::iequals(w, word); });
    };
    for (auto space = cut.rfind(' ');
         space != std::string::npos && joining(std::string_view(cut).substr(space + 1));
         space = cut.rfind(' '))
      cut.erase(space);
    while (!cut.empty() && std::string_view(" ,;-").find(cut.back()) != std::string_view::npos)
      cut.pop_back();
    name = cut;
  }
  while (!name.empty() && name.back() == '\'') name.pop_back();
  if (name.empty()) name = "Sheet";
  if (!is_taken(name, taken)) return name;
  for (int n = 2;; ++n) {
    const std::string suffix = " (" + std::to_string(n) + ")";
    std::string numbered = cut_name(name, k_sheet_name_max - suffix.size()) + suffix;
    if (!is_taken(numbered, taken)) return numbered;
  }
}

struct Workbook::Impl {
  std::string path;  // the file libxlsxwriter writes, removed once read
  lxw_workbook* book = nullptr;
  std::time_t created = 0;
  std::size_t max_rows = k_excel_rows;
  WorkbookProperties properties;
  std::optional<Error> error;
  bool finished = false;
  lxw_format* heading = nullptr;
  lxw_format* title = nullptr;
  lxw_format* header = nullptr;
  lxw_format* date = nullptr;
  lxw_format* ratio = nullptr;
  lxw_format* paragraph = nullptr;   // wrapped, at the top of its row
  lxw_format* indented = nullptr;    // the same, indented
  lxw_format* subheading = nullptr;  // wrapped, bold
  std::vector<std::string> names;
  std::vector<std::string> images;  // the charts' PNG bytes, kept until the workbook is written

  // The sheet being written: its table (title, columns, kinds), how many
  // of its rows it holds, how many sheets came before it for this table,
  // and its columns' widths. A sheet of text (`text_sheet`) has a title and
  // no columns, and a paragraph or heading a row.
  lxw_worksheet* sheet = nullptr;
  bool text_sheet = false;
  Table table;
  std::size_t rows = 0;
  int continued = 0;
  std::vector<std::size_t> widths;

  void fail(const std::string& what, lxw_error e) {
    if (!error) error = make_error(ErrorCode::unavailable, what + ": " + lxw_strerror(e));
  }
  void check(lxw_error e) {
    if (e != LXW_NO_ERROR) fail("cannot write the workbook's sheet '" + names.back() + "'", e);
  }

  void write_text(std::size_t row, std::size_t col, std::string_view text, lxw_format* format) {
    check(worksheet_write_string(sheet, row_index(row), col_index(col),
                                 excel_text(text, k_cell_text_max).c_str(), format));
  }

  void open_sheet() {
    names.push_back(sheet_name(table.title, names));
    sheet = workbook_add_worksheet(book, names.back().c_str());
    if (sheet == nullptr) {
      if (!error) error = make_error(ErrorCode::unavailable, "cannot add the sheet '" + names.back() + "'");
      return;
    }
    rows = 0;
    write_text(0, 0, properties.title, heading);
    // A sheet of text named after the document's title: not its title again.
    if (!text_sheet || table.title != properties.title || continued > 0)
      write_text(1, 0, continued > 0 ? table.title + " (continued)" : table.title, title);
    widths.assign(table.columns.size(), 0);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      write_text(k_header_row, c, table.columns[c], header);
      widths[c] = shown_width(CellKind::text, table.columns[c]);
    }
  }

  void close_sheet() {
    if (sheet == nullptr) return;
    if (text_sheet) {
      check(worksheet_set_column(sheet, 0, 0, static_cast<double>(k_text_width), nullptr));
      sheet = nullptr;
      return;
    }
    worksheet_freeze_panes(sheet, row_index(k_header_row + 1), 0);
    if (!table.columns.empty()) {
      const auto last_col = col_index(table.columns.size() - 1);
      check(
          worksheet_autofilter(sheet, row_index(k_header_row), 0, row_index(k_header_row + rows), last_col));
      for (std::size_t c = 0; c < widths.size(); ++c)
        check(worksheet_set_column(sheet, col_index(c), col_index(c),
                                   static_cast<double>(std::min(widths[c], k_column_width_max) + 2),
                                   nullptr));
    }
    sheet = nullptr;
  }

  void write_cell(std::size_t row, std::size_t col, const std::string& text) {
    if (text.empty()) return;
    const CellKind kind = kind_of(table, col);
    widths[col] = std::max(widths[col], shown_width(kind, text));
    switch (kind) {
      case CellKind::integer:
        if (const auto n = integer_of(text))
          return check(worksheet_write_number(sheet, row_index(row), col_index(col), *n, nullptr));
        break;
      case CellKind::ratio:
        if (const auto v = ratio_of(text))
          return check(worksheet_write_number(sheet, row_index(row), col_index(col), *v, ratio));
        break;
      case CellKind::date:
        if (auto d = excel_date(text))
          return check(worksheet_write_datetime(sheet, row_index(row), col_index(col), &*d, date));
        break;
      case CellKind::figure:
      case CellKind::text:
        break;
    }
    // Never a formula: a string cell holds the text as it is.
    write_text(row, col, text, nullptr);
  }

  // Whether the sheet has room for a row at `row` (0-based); if not, the
  // table or text goes on over a further sheet. False when there is none.
  bool room_at(std::size_t row) {
    if (row >= max_rows) {
      close_sheet();
      ++continued;
      open_sheet();
    }
    return sheet != nullptr;
  }

  // A sheet of text titled `sheet_title`, after the sheet being written.
  void open_text_sheet(const std::string& sheet_title) {
    close_sheet();
    table = Table{sheet_title, {}, {}, {}};
    text_sheet = true;
    continued = 0;
    open_sheet();
  }

  // A row of text on the sheet of text (one named after the document's
  // title when the sheet being written is not one).
  void write_text_row(std::string_view line, lxw_format* format) {
    if (book == nullptr || finished) return;
    if (!text_sheet || sheet == nullptr) open_text_sheet(properties.title);
    if (sheet == nullptr || error || !room_at(k_header_row + rows)) return;
    write_text(k_header_row + rows, 0, line, format);
    ++rows;
  }

  void write_row(const std::vector<std::string>& cells) {
    if (sheet == nullptr || error || !room_at(k_header_row + 1 + rows)) return;
    ++rows;
    for (std::size_t c = 0; c < cells.size() && c < table.columns.size(); ++c)
      write_cell(k_header_row + rows, c, cells[c]);
  }
};

Workbook::Workbook(std::string_view created_utc, std::size_t max_rows) : m_impl(std::make_unique<Impl>()) {
  Impl& m = *m_impl;
  m.created = static_cast<std::time_t>(parse_utc_instant(created_utc).value_or(0));
  // Room for the title and header rows and one row of the table.
  m.max_rows = std::clamp(max_rows, k_header_row + 2, k_excel_rows);
  std::error_code ec;
  const auto folder = std::filesystem::temp_directory_path(ec);
  std::string path = (ec ? std::filesystem::path("/tmp") : folder) / "followup-workbook-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) {
    m.error = make_error(ErrorCode::unavailable, "cannot create a temporary file for the workbook (" + path +
                                                     "): " + std::strerror(errno));
    return;
  }
  close(fd);
  m.path = path;
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;  // rows go to temporary files as they are written
  m.book = workbook_new_opt(m.path.c_str(), &options);
  if (m.book == nullptr) {
    m.error = make_error(ErrorCode::unavailable, "cannot start the workbook");
    return;
  }
  m.heading = workbook_add_format(m.book);
  format_set_bold(m.heading);
  format_set_font_size(m.heading, k_title_size);
  m.title = workbook_add_format(m.book);
  format_set_bold(m.title);
  m.header = workbook_add_format(m.book);
  format_set_bold(m.header);
  format_set_bottom(m.header, LXW_BORDER_THIN);
  m.date = workbook_add_format(m.book);
  format_set_num_format(m.date, "yyyy-mm-dd");
  m.ratio = workbook_add_format(m.book);
  format_set_num_format(m.ratio, "0.0%");
  m.paragraph = workbook_add_format(m.book);
  format_set_text_wrap(m.paragraph);
  format_set_align(m.paragraph, LXW_ALIGN_VERTICAL_TOP);
  m.indented = workbook_add_format(m.book);
  format_set_text_wrap(m.indented);
  format_set_align(m.indented, LXW_ALIGN_VERTICAL_TOP);
  format_set_indent(m.indented, 1);
  m.subheading = workbook_add_format(m.book);
  format_set_text_wrap(m.subheading);
  format_set_bold(m.subheading);
}

Workbook::~Workbook() {
  if (m_impl->book != nullptr && !m_impl->finished) lxw_workbook_free(m_impl->book);
  if (!m_impl->path.empty()) std::remove(m_impl->path.c_str());
}

void Workbook::set_properties(WorkbookProperties properties) { m_impl->properties = std::move(properties); }

void Workbook::add_table(const Table& table) {
  Impl& m = *m_impl;
  if (m.book == nullptr || m.finished) return;
  m.close_sheet();
  m.table = Table{table.title, table.columns, {}, table.kinds};
  m.text_sheet = false;
  m.continued = 0;
  m.open_sheet();
  for (const auto& row : table.rows) m.write_row(row);
}

void Workbook::add_rows(const Rows& rows) {
  if (m_impl->finished) return;
  for (const auto& row : rows) m_impl->write_row(row);
}

void Workbook::add_chart(const BarChart& chart) {
  Impl& m = *m_impl;
  if (m.book == nullptr || m.finished) return;
  add_table(chart_table(chart));
  if (m.sheet == nullptr) return;
  const ChartSize size = natural_size(chart);
  // At twice its size, shown at its size (libxlsxwriter's scale), so that
  // it stays sharp when zoomed.
  auto png = bar_chart_png(chart, static_cast<int>(size.width * 2), static_cast<int>(size.height * 2));
  if (!png) {
    if (!m.error) m.error = png.error();
    return;
  }
  m.images.push_back(std::move(*png));
  lxw_image_options options{};
  options.x_scale = 0.5;
  options.y_scale = 0.5;
  std::string description = excel_text(chart.description, 255);
  options.description = description.data();
  m.check(worksheet_insert_image_buffer_opt(
      m.sheet, row_index(k_header_row), col_index(chart.series.size() + 2),
      reinterpret_cast<const unsigned char*>(m.images.back().data()), m.images.back().size(), &options));
}

void Workbook::add_heading(std::string_view text, int level) {
  Impl& m = *m_impl;
  if (m.book == nullptr || m.finished) return;
  if (level <= 1) {
    m.open_text_sheet(std::string(text));
  } else {
    m.write_text_row(text, m.subheading);
  }
}

void Workbook::add_paragraph(std::string_view text, bool indented) {
  Impl& m = *m_impl;
  m.write_text_row(text, indented ? m.indented : m.paragraph);
}

const std::vector<std::string>& Workbook::sheet_names() const { return m_impl->names; }

Result<std::string> Workbook::finish() {
  Impl& m = *m_impl;
  if (m.finished) return make_error(ErrorCode::internal, "the workbook was finished already");
  if (m.book == nullptr) return *m.error;
  m.close_sheet();
  const WorkbookProperties& p = m.properties;
  std::string title = property_text(p.title);
  std::string subject = property_text(p.subject);
  std::string comments = property_text(p.comments);
  lxw_doc_properties doc{};
  doc.title = title.data();
  doc.subject = subject.data();
  doc.comments = comments.data();
  doc.created = m.created;
  std::string author = "followup";
  doc.author = author.data();
  if (auto e = workbook_set_properties(m.book, &doc); e != LXW_NO_ERROR)
    m.fail("cannot set the properties", e);
  if (p.as_of) {
    lxw_datetime as_of{p.as_of->year(), p.as_of->month(), p.as_of->day(), 0, 0, 0.0};
    if (auto e = workbook_set_custom_property_datetime(m.book, "As of", &as_of); e != LXW_NO_ERROR)
      m.fail("cannot set the property 'As of'", e);
  }
  if (!p.history_head.empty())
    if (auto e = workbook_set_custom_property_string(m.book, "History head",
                                                     property_text(p.history_head).c_str());
        e != LXW_NO_ERROR)
      m.fail("cannot set the property 'History head'", e);
  m.finished = true;
  // workbook_close writes the file and frees the workbook, in every case.
  const lxw_error closed = workbook_close(m.book);
  m.book = nullptr;
  if (closed != LXW_NO_ERROR) m.fail("cannot write the workbook", closed);
  if (m.error) return *m.error;
  std::ifstream in(m.path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof())
    return make_error(ErrorCode::unavailable, "cannot read back the workbook written to " + m.path);
  return bytes;
}

}  // namespace followup::render
