#include "cli/cli_support.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

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
    case ErrorCode::data_loss:
      std::cerr << "followup: " << error.message << "\n";
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

Result<std::string> read_input(const std::string& path) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::invalid_argument, "cannot read '" + path + "'");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return make_error(ErrorCode::invalid_argument, "error reading '" + path + "'");
  return content;
}

}  // namespace followup::cli
