// The decoded input as numbered lines: every later stage reports errors by
// these numbers.
#pragma once

#include <string_view>
#include <vector>

namespace followup::importer::detail {

struct Line {
  std::string_view text;  // without the line end, trailing white space removed
  int number = 0;         // 1-based
};

// Splits LF-separated text; the views point into `text`, which must outlive them.
std::vector<Line> split_lines(std::string_view text);

// True for a line with nothing but white space.
inline bool is_blank(const Line& line) {
  return line.text.find_first_not_of(" \t") == std::string_view::npos;
}

}  // namespace followup::importer::detail
