#include "render/chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <pango/pangocairo.h>
#include <sstream>

#include "util/text.h"

namespace followup::render {

namespace {

// Okabe and Ito's palette, told apart with any colour vision; the series
// are also named in the legend and each bar's tooltip.
constexpr const char* k_colours[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"};
constexpr int k_label_width = 140;
constexpr int k_bar_width = 420;
constexpr int k_row_height = 26;
constexpr int k_legend_height = 24;
constexpr int k_axis_height = 22;  // under the bars, drawn by cairo only
constexpr const char* k_ink = "#1a1a1a";

std::string number(double value) {
  if (std::abs(value - std::round(value)) < 1e-9)
    return std::to_string(static_cast<long long>(std::round(value)));
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << value;
  return out.str();
}

// The rows' largest total, or the chart's own scale; never 0.
double scale_end(const BarChart& chart) {
  double max = chart.max;
  if (max <= 0)
    for (std::size_t row = 0; row < chart.categories.size(); ++row) {
      double total = 0;
      for (const auto& s : chart.series) total += row < s.values.size() ? s.values[row] : 0;
      max = std::max(max, total);
    }
  return max <= 0 ? 1 : max;
}

int legend_height(const BarChart& chart) { return chart.series.size() > 1 ? k_legend_height : 0; }

// A legend entry's width: a square, a gap and about 7 pixels a character.
int legend_entry_width(const ChartSeries& s) { return 24 + (static_cast<int>(s.name.size()) * 7); }

int chart_width(const BarChart& chart) {
  int legend_end = k_label_width;
  for (const auto& s : chart.series) legend_end += legend_entry_width(s);
  return std::max(k_label_width + k_bar_width + 70, legend_end);
}

int bars_height(const BarChart& chart) {
  return legend_height(chart) +
         (static_cast<int>(std::max<std::size_t>(chart.categories.size(), 1)) * k_row_height) + 8;
}

void set_colour(cairo_t* cr, std::string_view hex) {
  auto part = [&](std::size_t at) { return std::stoi(std::string(hex.substr(at, 2)), nullptr, 16) / 255.0; };
  cairo_set_source_rgb(cr, part(1), part(3), part(5));
}

// Text in DejaVu Sans of `size` pixels, its first line's baseline at
// `baseline`: from `x` (left), ending at `x` (right) or centred on `x`.
enum class Anchor { start, end, middle };
void draw_text(cairo_t* cr, PangoLayout* layout, const std::string& text, double size, double x,
               double baseline, Anchor anchor) {
  PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans");
  pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  gchar* valid = g_utf8_make_valid(text.c_str(), static_cast<gssize>(text.size()));
  pango_layout_set_text(layout, valid, -1);
  g_free(valid);
  // One line (a line end shows as a symbol), placed by its own width.
  PangoLayoutLine* line = pango_layout_get_line_readonly(layout, 0);
  PangoRectangle logical{};
  pango_layout_line_get_extents(line, nullptr, &logical);
  const double w = static_cast<double>(logical.width) / PANGO_SCALE;
  const double left = anchor == Anchor::start ? x : anchor == Anchor::end ? x - w : x - (w / 2);
  set_colour(cr, k_ink);
  cairo_move_to(cr, left, baseline);
  pango_cairo_show_layout_line(cr, line);
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

ChartSize natural_size(const BarChart& chart) {
  const double axis = chart.categories.empty() ? 0 : k_axis_height;
  return {static_cast<double>(chart_width(chart)), bars_height(chart) + axis};
}

void draw_bar_chart(cairo_t* cr, const BarChart& chart, double x, double y, double width, double height) {
  const ChartSize natural = natural_size(chart);
  const double scale = std::min(width / natural.width, height / natural.height);
  if (!(scale > 0)) return;
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_scale(cr, scale, scale);
  PangoLayout* layout = pango_cairo_create_layout(cr);
  pango_layout_set_single_paragraph_mode(layout, TRUE);
  const double max = scale_end(chart);
  const int legend = legend_height(chart);
  cairo_set_line_width(cr, 0.75);
  if (legend > 0) {
    int lx = k_label_width;
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
      cairo_rectangle(cr, lx, 6, 12, 12);
      set_colour(cr, k_colours[i % std::size(k_colours)]);
      cairo_fill_preserve(cr);
      set_colour(cr, k_ink);
      cairo_stroke(cr);
      draw_text(cr, layout, chart.series[i].name, 12, lx + 16, 16, Anchor::start);
      lx += legend_entry_width(chart.series[i]);
    }
  }
  const std::size_t rows = chart.categories.size();
  if (rows == 0) draw_text(cr, layout, "Nothing to show", 13, k_label_width, legend + 18, Anchor::start);
  for (std::size_t row = 0; row < rows; ++row) {
    const int top = legend + (static_cast<int>(row) * k_row_height) + 4;
    // The label, cut with an ellipsis to the labels' column.
    pango_layout_set_width(layout, (k_label_width - 8) * PANGO_SCALE);
    pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    draw_text(cr, layout, chart.categories[row], 12, k_label_width - 8, top + 15, Anchor::end);
    pango_layout_set_width(layout, -1);
    pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE);
    double start = 0;
    double total = 0;
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
      const double value = row < chart.series[i].values.size() ? chart.series[i].values[row] : 0;
      total += value;
      if (value <= 0) continue;
      cairo_rectangle(cr, k_label_width + (start / max * k_bar_width), top,
                      std::max(value / max * k_bar_width, 1.0), 20);
      set_colour(cr, k_colours[i % std::size(k_colours)]);
      cairo_fill_preserve(cr);
      set_colour(cr, k_ink);
      cairo_stroke(cr);
      start += value;
    }
    draw_text(cr, layout, number(total) + chart.suffix, 12, k_label_width + (start / max * k_bar_width) + 6,
              top + 15, Anchor::start);
  }
  if (rows > 0) {
    const double axis = bars_height(chart) - 2;
    set_colour(cr, k_ink);
    cairo_move_to(cr, k_label_width, axis);
    cairo_line_to(cr, k_label_width + k_bar_width, axis);
    for (int tick = 0; tick <= 2; ++tick) {
      const double tx = k_label_width + (tick * k_bar_width / 2.0);
      cairo_move_to(cr, tx, axis);
      cairo_line_to(cr, tx, axis + 4);
    }
    cairo_stroke(cr);
    for (int tick = 0; tick <= 2; ++tick)
      draw_text(cr, layout, number(max * tick / 2) + chart.suffix, 10,
                k_label_width + (tick * k_bar_width / 2.0), axis + 15, Anchor::middle);
  }
  g_object_unref(layout);
  cairo_restore(cr);
}

Result<std::string> bar_chart_png(const BarChart& chart, int width_px, int height_px) {
  constexpr int k_most = 10000;
  if (width_px < 1 || height_px < 1 || width_px > k_most || height_px > k_most)
    return make_error(ErrorCode::invalid_argument, "a chart's image is 1 to 10000 pixels a side, not " +
                                                       std::to_string(width_px) + " by " +
                                                       std::to_string(height_px));
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width_px, height_px);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  draw_bar_chart(cr, chart, 0, 0, width_px, height_px);
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  std::string png;
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_write_to_png_stream(surface, append_bytes, &png);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return make_error(ErrorCode::unavailable,
                      std::string("cannot draw the chart's image: ") + cairo_status_to_string(status));
  return png;
}

std::string svg(const BarChart& chart) {
  const std::size_t rows = chart.categories.size();
  const double max = scale_end(chart);
  const int legend = legend_height(chart);
  const int height = bars_height(chart);
  const int width = chart_width(chart);
  const std::string title_id = chart.id + "-title";
  const std::string desc_id = chart.id + "-desc";
  std::ostringstream out;
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 " << width
      << ' ' << height << "\" width=\"" << width << "\" height=\"" << height << "\" aria-labelledby=\""
      << title_id << ' ' << desc_id << "\">"
      << "<title id=\"" << title_id << "\">" << util::escape_markup(chart.title) << "</title>"
      << "<desc id=\"" << desc_id << "\">" << util::escape_markup(chart.description) << "</desc>";
  if (legend > 0) {
    int x = k_label_width;
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
      out << "<rect x=\"" << x << "\" y=\"6\" width=\"12\" height=\"12\" fill=\""
          << k_colours[i % std::size(k_colours)] << "\"/>"
          << "<text x=\"" << x + 16 << "\" y=\"16\" font-size=\"12\" fill=\"#1a1a1a\">"
          << util::escape_markup(chart.series[i].name) << "</text>";
      x += legend_entry_width(chart.series[i]);
    }
  }
  if (rows == 0)
    out << "<text x=\"" << k_label_width << "\" y=\"" << legend + 18
        << "\" font-size=\"13\" fill=\"#1a1a1a\">Nothing to show</text>";
  for (std::size_t row = 0; row < rows; ++row) {
    const int y = legend + (static_cast<int>(row) * k_row_height) + 4;
    out << "<text x=\"" << k_label_width - 8 << "\" y=\"" << y + 15
        << "\" font-size=\"12\" text-anchor=\"end\" fill=\"#1a1a1a\">"
        << util::escape_markup(chart.categories[row]) << "</text>";
    double start = 0;
    double total = 0;
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
      const double value = row < chart.series[i].values.size() ? chart.series[i].values[row] : 0;
      total += value;
      if (value <= 0) continue;
      const double x = k_label_width + (start / max * k_bar_width);
      const double w = value / max * k_bar_width;
      out << "<rect x=\"" << number(x) << "\" y=\"" << y << "\" width=\"" << number(std::max(w, 1.0))
          << "\" height=\"20\" fill=\"" << k_colours[i % std::size(k_colours)] << "\"><title>"
          << util::escape_markup(chart.categories[row]) << ", " << util::escape_markup(chart.series[i].name)
          << ": " << number(value) << util::escape_markup(chart.suffix) << "</title></rect>";
      start += value;
    }
    out << "<text x=\"" << number(k_label_width + (start / max * k_bar_width) + 6) << "\" y=\"" << y + 15
        << "\" font-size=\"12\" fill=\"#1a1a1a\">" << number(total) << util::escape_markup(chart.suffix)
        << "</text>";
  }
  out << "</svg>";
  return out.str();
}

Table chart_table(const BarChart& chart) {
  const bool percent = chart.suffix == "%";
  Table out{chart.title, {"category"}, {}, {CellKind::text}};
  for (const auto& series : chart.series) {
    out.columns.push_back(series.name);
    out.kinds.push_back(percent ? CellKind::ratio : CellKind::integer);
  }
  for (std::size_t i = 0; i < chart.categories.size(); ++i) {
    std::vector<std::string> row{chart.categories[i]};
    for (const auto& series : chart.series) {
      if (i >= series.values.size()) {
        row.emplace_back();
        continue;
      }
      char buf[64];
      if (percent)
        std::snprintf(buf, sizeof buf, "%.17g", series.values[i] / 100);
      else
        std::snprintf(buf, sizeof buf, "%.0f", series.values[i]);
      row.emplace_back(buf);
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace followup::render
