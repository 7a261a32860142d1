#include "web/charts.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "util/text.h"

namespace followup::web {

namespace {

// Okabe and Ito's palette, told apart with any colour vision; the series
// are also named in the legend and each bar's tooltip.
constexpr const char* k_colours[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"};
constexpr int k_label_width = 140;
constexpr int k_bar_width = 420;
constexpr int k_row_height = 26;
constexpr int k_legend_height = 24;

std::string number(double value) {
  if (std::abs(value - std::round(value)) < 1e-9)
    return std::to_string(static_cast<long long>(std::round(value)));
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << value;
  return out.str();
}

}  // namespace

std::string svg(const BarChart& chart) {
  const std::size_t rows = chart.categories.size();
  double max = chart.max;
  if (max <= 0)
    for (std::size_t row = 0; row < rows; ++row) {
      double total = 0;
      for (const auto& s : chart.series) total += row < s.values.size() ? s.values[row] : 0;
      max = std::max(max, total);
    }
  if (max <= 0) max = 1;
  const int legend = chart.series.size() > 1 ? k_legend_height : 0;
  const int height = legend + (static_cast<int>(std::max<std::size_t>(rows, 1)) * k_row_height) + 8;
  // The legend's width: a square, a gap and about 7 pixels a character.
  int legend_end = k_label_width;
  for (const auto& s : chart.series) legend_end += 24 + (static_cast<int>(s.name.size()) * 7);
  const int width = std::max(k_label_width + k_bar_width + 70, legend_end);
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
      x += 24 + (static_cast<int>(chart.series[i].name.size()) * 7);
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

}  // namespace followup::web
