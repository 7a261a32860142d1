// A titled table of text cells, and its renderings as aligned text,
// Markdown and CSV: every report is made of these.
#pragma once

#include <string>
#include <vector>

namespace followup::render {

struct Table {
  std::string title;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // each as long as columns
};

// Columns padded to their widest cell (counted in UTF-8 characters).
std::string table_text(const Table& table);
// A GitHub-style pipe table; '|' in cells escaped.
std::string table_markdown(const Table& table);
// RFC 4180, CRLF line ends, header row first.
std::string table_csv(const Table& table);

std::string csv_field(std::string_view text);

}  // namespace followup::render
