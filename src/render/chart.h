// Bar charts: the same chart as SVG for the pages (web/pages.cc), drawn by
// cairo into a PDF (render/pdf.h), or as a PNG image for other documents.
// Numbers in, a picture out; no file is read or written. The SVG is a
// figure a screen reader can name (role="img", a title and a description)
// and each bar carries its value as a tooltip; the pages put a table of the
// same numbers beside it.
#pragma once

#include <cairo.h>
#include <string>
#include <vector>

#include "core/result.h"
#include "render/table.h"

namespace followup::render {

struct ChartSeries {
  std::string name;            // in the legend: "1-30 days"
  std::vector<double> values;  // one per category
};

// Horizontal bars, one row per category; with several series, stacked.
struct BarChart {
  std::string id;           // unique on the page: the title's and description's ids derive from it
  std::string title;        // "Overdue responses by unit and age"
  std::string description;  // what the bars show, for a screen reader
  std::vector<std::string> categories;  // the rows: unit codes, years
  std::vector<ChartSeries> series;
  std::string suffix;  // after each value: "%" for rates, "" for counts
  double max = 0;      // the scale's end; 0: the largest row's total
};

// The chart's numbers as a table titled as the chart: a row per category,
// a column per series (counts as integers; with the suffix "%", ratios of
// the values over 100). For a workbook, beside the chart's image.
Table chart_table(const BarChart& chart);

// The chart as an <svg> element. Text is escaped; a chart without rows
// says "Nothing to show".
std::string svg(const BarChart& chart);

// The size the chart is drawn at without scaling, in the SVG's pixels (a
// PDF's points): the bars, and below them an axis with the scale's start,
// middle and end.
struct ChartSize {
  double width;
  double height;
};
ChartSize natural_size(const BarChart& chart);

// The chart drawn by cairo in the box at (x, y) of `width` by `height`:
// what svg() shows (the legend, a labelled row of stacked bars per
// category, each row's total after it, "Nothing to show" without rows), an
// axis under the bars, each bar outlined so that the lighter colours keep
// their edges on white. Scaled evenly to fit the box, at its top left;
// text in DejaVu Sans through pango. The title and description are not
// drawn: the document around the chart shows them. `cr`'s state is kept.
void draw_bar_chart(cairo_t* cr, const BarChart& chart, double x, double y, double width, double height);

// The chart as a PNG image of `width_px` by `height_px` pixels on white;
// invalid_argument when a side is not within 1 to 10,000 pixels,
// unavailable when cairo cannot make it.
Result<std::string> bar_chart_png(const BarChart& chart, int width_px, int height_px);

}  // namespace followup::render
