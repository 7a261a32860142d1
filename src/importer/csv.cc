#include "importer/csv.h"

namespace followup::importer::detail {

CsvParse parse_csv(std::string_view text, char separator, int first_line) {
  CsvParse out;
  CsvRecord record;
  std::string field;
  int line = first_line;
  record.line = line;
  bool quoted = false;
  bool field_started = false;
  int quote_line = 0;
  auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  auto end_record = [&] {
    end_field();
    bool empty = true;
    for (const auto& f : record.fields)
      if (f.find_first_not_of(" \t") != std::string::npos) empty = false;
    if (!empty) out.records.push_back(std::move(record));
    record = CsvRecord{};
    record.line = line;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
      quote_line = line;
    } else if (c == separator) {
      end_field();
    } else if (c == '\n') {
      ++line;
      end_record();
    } else {
      // Leading spaces before a quote are allowed ("a", "b").
      if (c != ' ' || field_started || !field.empty()) field_started = field_started || c != ' ';
      field += c;
    }
  }
  if (quoted) {
    out.error = "a quoted CSV field is never closed";
    out.error_line = quote_line;
    return out;
  }
  if (!field.empty() || !record.fields.empty()) end_record();
  return out;
}

char guess_separator(std::string_view header_line) {
  std::size_t commas = 0;
  std::size_t semicolons = 0;
  for (char c : header_line) {
    if (c == ',') ++commas;
    if (c == ';') ++semicolons;
  }
  return semicolons > commas ? ';' : ',';
}

}  // namespace followup::importer::detail
