// RFC 4180 records: fields separated by ',' (or ';', as spreadsheets in
// Spanish and French locales write them), double-quoted fields may hold the
// separator, doubled quotes and line ends.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace followup::importer::detail {

struct CsvRecord {
  std::vector<std::string> fields;
  int line = 0;  // 1-based line where the record starts
};

struct CsvParse {
  std::vector<CsvRecord> records;
  std::string error;  // non-empty for an unterminated quoted field
  int error_line = 0;
};

// `text` has LF line ends; `first_line` is the line number of its first line.
CsvParse parse_csv(std::string_view text, char separator, int first_line);

// The separator a header line uses: ';' when it splits the line into more
// fields than ',' does, else ','.
char guess_separator(std::string_view header_line);

}  // namespace followup::importer::detail
