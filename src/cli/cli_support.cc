#include "cli/cli_support.h"

#include <cstdlib>
#include <iostream>

#include "util/file.h"
#include "util/number.h"

namespace followup::cli {

std::optional<app::Session> Environment::session() {
  if (!m_store) {
    auto store = open_store(m_globals.db);
    if (!store) {
      report_error(store.error());
      return std::nullopt;
    }
    m_store = std::move(*store);
  }
  return app::Session{*m_store, m_clock, m_globals.actor};
}

int report_error(const Error& error) {
  switch (error.code) {
    case ErrorCode::unavailable:
    case ErrorCode::internal:
      std::cerr << "followup: store error: " << error.describe() << "\n";
      return k_store_error;
    default:
      if (error.file.empty()) {
        std::cerr << "followup: " << error.message << "\n";
      } else {
        std::cerr << error.describe() << "\n";
      }
      return k_bad_input;
  }
}

Result<Date> as_of_or_today(const std::string& text, const app::Clock& clock) {
  if (text.empty()) return clock.today();
  auto date = Date::parse_iso(text);
  if (!date)
    return make_error(ErrorCode::invalid_argument,
                      "--as-of '" + text + "' is not a date (YYYY-MM-DD, a day that exists)");
  return *date;
}

Result<std::string> read_input(const std::string& path, std::size_t max_bytes) {
  auto read = util::read_file_bounded(path, max_bytes);
  if (!read.content) return make_error(ErrorCode::invalid_argument, std::move(read.problem));
  return std::move(*read.content);
}

Result<std::optional<long long>> number_setting(const char* name, long long min, long long max) {
  const char* text = std::getenv(name);
  if (text == nullptr) return std::optional<long long>{};
  auto parsed = util::parse_whole_number(text, min, max);
  if (!parsed.value)
    return make_error(ErrorCode::invalid_argument, std::string(name) + " '" + text + "' " + parsed.problem);
  return parsed.value;
}

}  // namespace followup::cli
