// Charts as SVG, drawn by the server so that the same chart appears on the
// page, in print and in exported reports (DESIGN.md, Interfaces). Pure:
// numbers in, markup out. Every chart is a figure a screen reader can
// name (role="img", a title and a description) and each bar carries its
// value as a tooltip; the pages put a table of the same numbers beside it.
#pragma once

#include <string>
#include <vector>

namespace followup::web {

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

// The chart as an <svg> element. Text is escaped; a chart without rows
// says "Nothing to show".
std::string svg(const BarChart& chart);

}  // namespace followup::web
