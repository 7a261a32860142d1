#include "render/pdf.h"

#include <algorithm>
#include <cairo-pdf.h>
#include <charconv>
#include <cstdio>
#include <optional>
#include <pango/pangocairo.h>
#include <variant>
#include <vector>

#include "core/date.h"

namespace followup::render {

// What the document holds until finish(): outside the anonymous namespace,
// as PdfDocument::Impl holds it.
namespace pdf_detail {

// A table as laid out: its columns' widths, on which pages.
struct TableBlock {
  Table table;
  std::vector<double> widths;
  bool landscape = false;
};

// A heading (level 1 or 2) or a paragraph (level 0), indented or not.
struct TextBlock {
  std::string text;
  int level = 0;
  bool indented = false;
};

using PdfBlock = std::variant<TableBlock, BarChart, TextBlock>;

}  // namespace pdf_detail

namespace {

using pdf_detail::PdfBlock;
using pdf_detail::TableBlock;
using pdf_detail::TextBlock;

// A4 in points, and the room around and under the text.
constexpr double k_a4_short = 595.276;
constexpr double k_a4_long = 841.89;
constexpr double k_page_margin = 40;
constexpr double k_footer_room = 18;  // above the bottom margin, for "Page N of M"
constexpr double k_cell_pad_x = 3;
constexpr double k_cell_pad_y = 2;
constexpr double k_block_gap = 12;
constexpr double k_paragraph_indent = 18;  // an indented paragraph's, from the margin
// A table of at least this many columns goes landscape when it needs to.
constexpr std::size_t k_landscape_columns = 6;

enum class PdfStyle { title, line, heading, subheading, body, cell, header_cell, note, footer };

// Text as pango takes it: UTF-8, each byte that is not replaced by U+FFFD.
std::string valid_utf8(std::string_view s) {
  gchar* valid = g_utf8_make_valid(s.data(), static_cast<gssize>(s.size()));
  std::string out(valid);
  g_free(valid);
  return out;
}

double from_pango(int units) { return static_cast<double>(units) / PANGO_SCALE; }
int to_pango(double points) { return static_cast<int>(points * PANGO_SCALE); }

CellKind pdf_kind_of(const Table& table, std::size_t column) {
  return column < table.kinds.size() ? table.kinds[column] : CellKind::text;
}

cairo_status_t collect_pdf_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Fonts and one reusable layout over a context of its own, so that the
// counting pass and the drawing pass measure alike (72 dpi: sizes in
// points, no hinting).
class PdfFonts {
 public:
  PdfFonts() : m_context(pango_font_map_create_context(pango_cairo_font_map_get_default())) {
    pango_cairo_context_set_resolution(m_context, 72);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(m_context, options);
    cairo_font_options_destroy(options);
    m_layout = pango_layout_new(m_context);
  }
  ~PdfFonts() {
    g_object_unref(m_layout);
    g_object_unref(m_context);
  }
  PdfFonts(const PdfFonts&) = delete;
  PdfFonts& operator=(const PdfFonts&) = delete;
  PdfFonts(PdfFonts&&) = delete;
  PdfFonts& operator=(PdfFonts&&) = delete;

  // The layout holding `text` in `style`, wrapped to `width` points (none:
  // one line a paragraph), aligned right or left, cut with an ellipsis
  // past `max_height` points (none: never).
  PangoLayout* layout(PdfStyle style, const std::string& text, std::optional<double> width = std::nullopt,
                      bool right = false, std::optional<double> max_height = std::nullopt) {
    PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_size(font, to_pango(size_of(style)));
    if (style == PdfStyle::title || style == PdfStyle::heading || style == PdfStyle::subheading ||
        style == PdfStyle::header_cell)
      pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(m_layout, font);
    pango_font_description_free(font);
    pango_layout_set_width(m_layout, width ? to_pango(*width) : -1);
    pango_layout_set_wrap(m_layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(m_layout, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pango_layout_set_ellipsize(m_layout, max_height ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
    pango_layout_set_height(m_layout, max_height ? to_pango(*max_height) : -1);
    pango_layout_set_text(m_layout, valid_utf8(text).c_str(), -1);
    return m_layout;
  }

  // The table's cells are a point smaller when it has many columns.
  void set_small_cells(bool small) { m_small_cells = small; }

 private:
  [[nodiscard]] double size_of(PdfStyle style) const {
    switch (style) {
      case PdfStyle::title:
        return 16;
      case PdfStyle::heading:
        return 12;
      case PdfStyle::subheading:
      case PdfStyle::body:
        return 10;
      case PdfStyle::line:
      case PdfStyle::note:
        return 9;
      case PdfStyle::cell:
      case PdfStyle::header_cell:
        return m_small_cells ? 7 : 8;
      case PdfStyle::footer:
        return 8;
    }
    return 9;
  }

  PangoContext* m_context;
  PangoLayout* m_layout = nullptr;
  bool m_small_cells = false;
};

double layout_width(PangoLayout* layout) {
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout, &w, &h);
  return from_pango(w);
}

double layout_height(PangoLayout* layout) {
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout, &w, &h);
  return from_pango(h);
}

double widest_word(PdfFonts& fonts, PdfStyle style, const std::string& text) {
  double widest = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(" \n", start);
    if (end == std::string::npos) end = text.size();
    if (end > start)
      widest = std::max(widest, layout_width(fonts.layout(style, text.substr(start, end - start))));
    start = end + 1;
  }
  return widest;
}

// Columns of `wanted` widths sharing `room`: each as wide as it wants
// when that is no more than an equal share of what the narrower ones
// leave, the others that share.
std::vector<double> share_room(const std::vector<double>& wanted, double room) {
  std::vector<double> widths(wanted.size(), 0);
  std::vector<std::size_t> open(wanted.size());
  for (std::size_t c = 0; c < open.size(); ++c) open[c] = c;
  double left = room;
  while (!open.empty()) {
    const double share = left / static_cast<double>(open.size());
    std::vector<std::size_t> still;
    for (std::size_t c : open) {
      if (wanted[c] <= share) {
        widths[c] = wanted[c];
        left -= wanted[c];
      } else {
        still.push_back(c);
      }
    }
    if (still.size() == open.size()) {
      for (std::size_t c : open) widths[c] = share;
      break;
    }
    open = std::move(still);
  }
  return widths;
}

// A column's widths: its cells' widest on one line, its header's longest
// word and its header on one line (each with the cell's padding).
struct ColumnWidths {
  double cells = 0;
  double header_word = 0;
  double header_line = 0;
};

// Columns as wide as their cells and their header's longest word, room
// left over widening headers that would wrap. When they do not fit in
// `room`, the cells come first (share_room), and what they leave goes to
// the headers whose longest word would break (share_room again: as many
// as can be made whole).
std::vector<double> fit_columns(const std::vector<ColumnWidths>& columns, double room) {
  std::vector<double> wanted(columns.size());
  double total = 0;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    wanted[c] = std::max(columns[c].cells, columns[c].header_word);
    total += wanted[c];
  }
  if (total <= room) {
    double spare = room - total;
    for (std::size_t c = 0; c < wanted.size() && spare > 0; ++c) {
      const double grow = std::min(spare, std::max(0.0, columns[c].header_line - wanted[c]));
      wanted[c] += grow;
      spare -= grow;
    }
    return wanted;
  }
  std::vector<double> cells(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) cells[c] = columns[c].cells;
  std::vector<double> widths = share_room(cells, room);
  double spare = room;
  std::vector<double> lacking(widths.size());
  for (std::size_t c = 0; c < widths.size(); ++c) {
    spare -= widths[c];
    lacking[c] = std::max(0.0, columns[c].header_word - widths[c]);
  }
  if (spare > 0) {
    const std::vector<double> grow = share_room(lacking, spare);
    for (std::size_t c = 0; c < widths.size(); ++c) widths[c] += std::min(grow[c], lacking[c]);
  }
  return widths;
}

// The pages laid out, counted (draw false) or drawn onto `cr`'s PDF
// surface: the same steps both times, so that the drawing knows how many
// pages there are. Only the Document tag stays open across a page's end:
// a paragraph or table that runs on is ended and begun again.
class PdfPager {
 public:
  PdfPager(PdfFonts& fonts, cairo_t* cr, cairo_surface_t* surface, int total)
      : m_fonts(fonts), m_cr(cr), m_surface(surface), m_total(total) {}

  [[nodiscard]] int pages() const { return m_page; }
  [[nodiscard]] bool first_landscape() const { return m_first_landscape; }

  void begin_document() { tag_begin("Document"); }

  // The last page is left for cairo to finish, after the Document tag's
  // end: cairo 1.16 drops the whole structure tree when that end falls on
  // a new, empty page after a page size was set.
  void end_document() {
    if (m_page == 0) open_page(false);
    close_page(true);
    tag_end("Document");
  }

  // The document's title and its as-of line, on the first page.
  void heading(const DocumentProperties& p, bool landscape) {
    open_page(landscape);
    if (!p.title.empty()) paragraph(p.title, PdfStyle::title, "H1", 6);
    std::string line;
    if (p.as_of) line = "As of " + p.as_of->iso();
    if (!p.history_head.empty())
      line += std::string(line.empty() ? "" : " \xC2\xB7 ") + "History head: " + p.history_head;
    if (!line.empty()) paragraph(line, PdfStyle::line, "P", k_block_gap);
  }

  void table(const TableBlock& block) {
    const Table& t = block.table;
    m_fonts.set_small_cells(t.columns.size() > 12);
    if (m_page == 0) open_page(block.landscape);
    if (m_landscape != block.landscape) {
      if (m_empty) {
        open_page(block.landscape, false);
      } else {
        new_page(block.landscape);
      }
    }
    const double title_height =
        layout_height(m_fonts.layout(PdfStyle::heading, t.title, content_width())) + 4;
    const double header_height = row_height(block, t.columns, true);
    const double first_height = t.rows.empty() ? 0 : row_height(block, t.rows.front(), false);
    if (m_y + title_height + header_height + first_height > bottom() && !m_empty) new_page(block.landscape);
    paragraph(t.title, PdfStyle::heading, "H2", 4);
    tag_begin("Table");
    draw_row(block, t.columns, true);
    for (const auto& row : t.rows) {
      const double h = row_height(block, row, false);
      if (m_y + h > bottom() && !m_at_table_top) {
        tag_end("Table");
        new_page(block.landscape);
        paragraph(t.title + " (continued)", PdfStyle::heading, "H2", 4);
        tag_begin("Table");
        draw_row(block, t.columns, true);
      }
      draw_row(block, row, false);
    }
    tag_end("Table");
    m_y += k_block_gap;
  }

  void chart(const BarChart& c) {
    if (m_page == 0) open_page(false);
    const ChartSize natural = natural_size(c);
    double scale = std::min(1.0, content_width() / natural.width);
    const double title_height =
        layout_height(m_fonts.layout(PdfStyle::heading, c.title, content_width())) + 4;
    if (m_y + title_height + (natural.height * scale) > bottom() && !m_empty) new_page(m_landscape);
    // Taller than a whole page: made smaller to fit.
    scale = std::min(scale, (bottom() - m_y - title_height) / natural.height);
    paragraph(c.title, PdfStyle::heading, "H2", 4);
    tag_begin("Figure");
    if (m_draw) draw_bar_chart(m_cr, c, k_page_margin, m_y, natural.width * scale, natural.height * scale);
    tag_end("Figure");
    m_y += natural.height * scale + 4;
    if (!c.description.empty()) paragraph(c.description, PdfStyle::note, "P", 0);
    m_y += k_block_gap;
  }

  // A heading (H2 or H3) kept on the page of the paragraph's first line
  // after it, or a paragraph (P).
  void text(const TextBlock& block) {
    if (m_page == 0) open_page(false);
    const double indent = block.indented ? k_paragraph_indent : 0;
    if (block.level == 0) {
      paragraph(block.text, PdfStyle::body, "P", 6, indent);
      return;
    }
    const PdfStyle style = block.level == 1 ? PdfStyle::heading : PdfStyle::subheading;
    const double need = layout_height(m_fonts.layout(style, block.text, content_width())) +
                        layout_height(m_fonts.layout(PdfStyle::body, "D"));
    if (m_y + need > bottom() && !m_empty) new_page(m_landscape);
    if (block.level == 1 && !m_empty) m_y += 6;
    paragraph(block.text, style, block.level == 1 ? "H2" : "H3", 4, indent);
  }

  void notes(const std::string& definitions) {
    if (definitions.empty()) return;
    if (m_page == 0) open_page(false);
    const double need = layout_height(m_fonts.layout(PdfStyle::heading, "Definitions")) + 4 +
                        layout_height(m_fonts.layout(PdfStyle::note, "D"));
    if (m_y + need > bottom()) new_page(m_landscape);
    paragraph("Definitions", PdfStyle::heading, "H2", 4);
    paragraph(definitions, PdfStyle::note, "P", 0);
  }

 private:
  [[nodiscard]] double page_width() const { return m_landscape ? k_a4_long : k_a4_short; }
  [[nodiscard]] double page_height() const { return m_landscape ? k_a4_short : k_a4_long; }
  [[nodiscard]] double content_width() const { return page_width() - (2 * k_page_margin); }
  [[nodiscard]] double bottom() const { return page_height() - k_page_margin - k_footer_room; }

  void tag_begin(const char* name) {
    if (m_draw) cairo_tag_begin(m_cr, name, "");
  }
  void tag_end(const char* name) {
    if (m_draw) cairo_tag_end(m_cr, name);
  }

  // A new page, or (`next` false) the empty one turned.
  void open_page(bool landscape, bool next = true) {
    if (next) ++m_page;
    m_landscape = landscape;
    // The first page's size is the surface's own: cairo 1.16 breaks the
    // structure tree (a tag error, or none written) when it is set.
    if (m_page == 1) m_first_landscape = landscape;
    if (m_draw && m_page > 1) cairo_pdf_surface_set_size(m_surface, page_width(), page_height());
    m_y = k_page_margin;
    m_empty = true;
  }

  void close_page(bool last = false) {
    if (m_draw) {
      const std::string text = "Page " + std::to_string(m_page) + " of " + std::to_string(m_total);
      PangoLayout* layout = m_fonts.layout(PdfStyle::footer, text, content_width(), false);
      pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
      tag_begin("P");
      cairo_set_source_rgb(m_cr, 0.25, 0.25, 0.25);
      cairo_move_to(m_cr, k_page_margin, page_height() - k_page_margin - 8);
      pango_cairo_show_layout(m_cr, layout);
      tag_end("P");
      if (!last) cairo_show_page(m_cr);
    }
  }

  void new_page(bool landscape) {
    close_page();
    open_page(landscape);
  }

  // Text over the content's width (less `indent` points on the left),
  // line by line onto further pages as it needs (a new `tag` element on
  // each), then `after` points below.
  void paragraph(const std::string& text, PdfStyle style, const char* tag, double after, double indent = 0) {
    // A copy of its own: the footer of a page ended midway takes the fonts' layout.
    PangoLayout* layout = pango_layout_copy(m_fonts.layout(style, text, content_width() - indent));
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    PangoRectangle first_line{};
    pango_layout_iter_get_line_extents(iter, nullptr, &first_line);
    if (!m_empty && m_y + from_pango(first_line.y + first_line.height) > bottom()) new_page(m_landscape);
    tag_begin(tag);
    double top = 0;  // the layout's y where this page's part begins
    bool first = true;
    do {
      PangoRectangle line{};
      pango_layout_iter_get_line_extents(iter, nullptr, &line);
      const double line_top = from_pango(line.y);
      const double line_height = from_pango(line.height);
      if (!first && m_y + (line_top - top) + line_height > bottom()) {
        tag_end(tag);
        new_page(m_landscape);
        tag_begin(tag);
        top = line_top;
      }
      first = false;
      if (m_draw) {
        cairo_set_source_rgb(m_cr, 0.1, 0.1, 0.1);
        cairo_move_to(m_cr, k_page_margin + indent,
                      m_y + from_pango(pango_layout_iter_get_baseline(iter)) - top);
        pango_cairo_show_layout_line(m_cr, pango_layout_iter_get_line_readonly(iter));
      }
      if (pango_layout_iter_at_last_line(iter)) m_y += line_top + line_height - top;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    g_object_unref(layout);
    tag_end(tag);
    m_y += after;
    m_empty = false;
  }

  // The tallest a cell may be: a page's room under a table's title and
  // header row, roughly.
  [[nodiscard]] double cell_height_limit() const { return (bottom() - k_page_margin) * 0.8; }

  PangoLayout* cell_layout(const TableBlock& block, std::size_t c, const std::string& text, bool header) {
    const CellKind kind = pdf_kind_of(block.table, c);
    return m_fonts.layout(header ? PdfStyle::header_cell : PdfStyle::cell,
                          header ? text : cell_shown(kind, text), block.widths[c] - (2 * k_cell_pad_x),
                          right_aligned(kind), cell_height_limit());
  }

  double row_height(const TableBlock& block, const std::vector<std::string>& cells, bool header) {
    double tallest = layout_height(m_fonts.layout(PdfStyle::cell, " "));
    for (std::size_t c = 0; c < cells.size() && c < block.widths.size(); ++c)
      if (!cells[c].empty())
        tallest = std::max(tallest, layout_height(cell_layout(block, c, cells[c], header)));
    return tallest + (2 * k_cell_pad_y);
  }

  void draw_row(const TableBlock& block, const std::vector<std::string>& cells, bool header) {
    const double h = row_height(block, cells, header);
    if (m_draw) {
      double width = 0;
      for (double w : block.widths) width += w;
      if (header) {
        cairo_set_source_rgb(m_cr, 0.9, 0.9, 0.9);
        cairo_rectangle(m_cr, k_page_margin, m_y, width, h);
        cairo_fill(m_cr);
      }
      cairo_set_source_rgb(m_cr, header ? 0.2 : 0.75, header ? 0.2 : 0.75, header ? 0.2 : 0.75);
      cairo_set_line_width(m_cr, header ? 0.8 : 0.4);
      cairo_move_to(m_cr, k_page_margin, m_y + h);
      cairo_line_to(m_cr, k_page_margin + width, m_y + h);
      cairo_stroke(m_cr);
      tag_begin("TR");
      double x = k_page_margin;
      for (std::size_t c = 0; c < block.widths.size(); ++c) {
        tag_begin(header ? "TH" : "TD");
        if (c < cells.size() && !cells[c].empty()) {
          PangoLayout* layout = cell_layout(block, c, cells[c], header);
          cairo_set_source_rgb(m_cr, 0.1, 0.1, 0.1);
          cairo_move_to(m_cr, x + k_cell_pad_x, m_y + k_cell_pad_y);
          pango_cairo_show_layout(m_cr, layout);
        }
        tag_end(header ? "TH" : "TD");
        x += block.widths[c];
      }
      tag_end("TR");
    }
    m_y += h;
    m_empty = false;
    m_at_table_top = header;
  }

  PdfFonts& m_fonts;
  cairo_t* m_cr;
  cairo_surface_t* m_surface;
  bool m_draw = m_cr != nullptr;
  int m_total;
  int m_page = 0;
  bool m_landscape = false;
  bool m_first_landscape = false;
  double m_y = 0;
  bool m_empty = true;          // nothing on the page yet
  bool m_at_table_top = false;  // the last row drawn was a header row
};

// The columns' widths and the orientation of a table's pages.
void size_table(PdfFonts& fonts, TableBlock& block) {
  const Table& t = block.table;
  fonts.set_small_cells(t.columns.size() > 12);
  const std::size_t n = t.columns.size();
  constexpr double k_padding = (2 * k_cell_pad_x) + 0.5;
  std::vector<ColumnWidths> columns(n);
  for (std::size_t c = 0; c < n; ++c) {
    columns[c].header_word = widest_word(fonts, PdfStyle::header_cell, t.columns[c]) + k_padding;
    columns[c].header_line = layout_width(fonts.layout(PdfStyle::header_cell, t.columns[c])) + k_padding;
  }
  for (const auto& row : t.rows)
    for (std::size_t c = 0; c < n && c < row.size(); ++c)
      if (!row[c].empty())
        columns[c].cells =
            std::max(columns[c].cells,
                     layout_width(fonts.layout(PdfStyle::cell, cell_shown(pdf_kind_of(t, c), row[c]))));
  double total = 0;
  for (auto& c : columns) {
    c.cells += k_padding;
    total += std::max(c.cells, c.header_word);
  }
  block.landscape = n >= k_landscape_columns && total > k_a4_short - (2 * k_page_margin);
  block.widths = fit_columns(columns, (block.landscape ? k_a4_long : k_a4_short) - (2 * k_page_margin));
}

}  // namespace

struct PdfDocument::Impl {
  using PdfBlock = pdf_detail::PdfBlock;
  using TableBlock = pdf_detail::TableBlock;
  std::string created;  // ISO 8601 UTC, or empty
  DocumentProperties properties;
  std::vector<PdfBlock> blocks;
  std::optional<std::size_t> last_table;
  bool finished = false;
  int pages = 0;
};

PdfDocument::PdfDocument(std::string_view created_utc) : m_impl(std::make_unique<Impl>()) {
  if (parse_utc_instant(created_utc)) m_impl->created = std::string(created_utc);
}

PdfDocument::~PdfDocument() = default;

void PdfDocument::set_properties(DocumentProperties properties) {
  m_impl->properties = std::move(properties);
}

void PdfDocument::add_table(const Table& table) {
  if (m_impl->finished) return;
  m_impl->blocks.emplace_back(TableBlock{table, {}, false});
  m_impl->last_table = m_impl->blocks.size() - 1;
}

void PdfDocument::add_rows(const Rows& rows) {
  if (m_impl->finished || !m_impl->last_table) return;
  auto& t = std::get<TableBlock>(m_impl->blocks[*m_impl->last_table]).table;
  t.rows.insert(t.rows.end(), rows.begin(), rows.end());
}

void PdfDocument::add_chart(const BarChart& chart) {
  if (m_impl->finished) return;
  m_impl->blocks.emplace_back(chart);
}

void PdfDocument::add_heading(std::string_view text, int level) {
  if (m_impl->finished) return;
  m_impl->blocks.emplace_back(TextBlock{std::string(text), level <= 1 ? 1 : 2, false});
}

void PdfDocument::add_paragraph(std::string_view text, bool indented) {
  if (m_impl->finished) return;
  m_impl->blocks.emplace_back(TextBlock{std::string(text), 0, indented});
}

int PdfDocument::pages() const { return m_impl->pages; }

Result<std::string> PdfDocument::finish() {
  Impl& m = *m_impl;
  if (m.finished) return make_error(ErrorCode::internal, "the PDF was finished already");
  m.finished = true;
  PdfFonts fonts;
  for (auto& block : m.blocks)
    if (auto* t = std::get_if<TableBlock>(&block)) size_table(fonts, *t);
  const auto lay_out = [&](PdfPager& pager) {
    pager.begin_document();
    const auto* first = m.blocks.empty() ? nullptr : std::get_if<TableBlock>(&m.blocks.front());
    pager.heading(m.properties, first != nullptr && first->landscape);
    for (const auto& block : m.blocks) {
      if (const auto* t = std::get_if<TableBlock>(&block)) {
        pager.table(*t);
      } else if (const auto* c = std::get_if<BarChart>(&block)) {
        pager.chart(*c);
      } else {
        pager.text(std::get<TextBlock>(block));
      }
    }
    pager.notes(m.properties.definitions);
    pager.end_document();
  };
  PdfPager counting(fonts, nullptr, nullptr, 0);
  lay_out(counting);

  std::string bytes;
  const bool turned = counting.first_landscape();
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(
      collect_pdf_bytes, &bytes, turned ? k_a4_long : k_a4_short, turned ? k_a4_short : k_a4_long);
  const auto metadata = [&](cairo_pdf_metadata_t key, const std::string& value) {
    if (!value.empty()) cairo_pdf_surface_set_metadata(surface, key, valid_utf8(value).c_str());
  };
  metadata(CAIRO_PDF_METADATA_TITLE, m.properties.title);
  metadata(CAIRO_PDF_METADATA_SUBJECT, m.properties.subject);
  metadata(CAIRO_PDF_METADATA_CREATOR, "followup");
  metadata(CAIRO_PDF_METADATA_CREATE_DATE, m.created);
  cairo_t* cr = cairo_create(surface);
  PdfPager drawing(fonts, cr, surface, counting.pages());
  lay_out(drawing);
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  m.blocks.clear();
  if (status != CAIRO_STATUS_SUCCESS)
    return make_error(ErrorCode::unavailable,
                      std::string("cannot make the PDF: ") + cairo_status_to_string(status));
  m.pages = drawing.pages();
  return bytes;
}

}  // namespace followup::render
