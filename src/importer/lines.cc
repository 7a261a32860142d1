#include "importer/lines.h"

#include "util/text.h"

namespace followup::importer::detail {

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  lines.reserve(text.size() / 64 + 1);
  std::size_t start = 0;
  int number = 1;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    const auto stop = end == std::string_view::npos ? text.size() : end;
    lines.push_back(Line{util::trim_right(text.substr(start, stop - start)), number++});
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  // A final line end does not start another line.
  if (lines.size() > 1 && lines.back().text.empty() && !text.empty() && text.back() == '\n') lines.pop_back();
  return lines;
}

}  // namespace followup::importer::detail
