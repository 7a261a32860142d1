#include "cli/cli_support.h"

#include <iostream>

namespace followup::cli {

Result<HistoryKey> Environment::load_key() const {
  auto key = app::load_history_key(m_config.store, m_env.files());
  if (key || key.error().code != ErrorCode::not_found) return key;
  // A missing key is a store error here: the store needs it to be checked.
  Error e = key.error();
  e.code = ErrorCode::unavailable;
  e.message += " (the key file init created; see docs/storage.md)";
  return e;
}

std::optional<app::Session> Environment::open(app::OpenMode mode) {
  if (!m_store) {
    auto store = app::open_configured_store(m_config.store, m_env.files(), mode);
    if (!store) {
      Error e = store.error();
      if (e.code == ErrorCode::not_found) {
        e.message += " (create one with followup init)";
        e.code = ErrorCode::unavailable;
        std::cerr << "followup: " << e.message << "\n";
        return std::nullopt;
      }
      report_error(e);
      return std::nullopt;
    }
    m_store = std::move(*store);
  }
  return app::Session{*m_store, m_env.clock(), m_config.user, m_config.unit_backdate_days};
}

std::optional<app::Session> Environment::session() { return open(app::OpenMode::existing); }
std::optional<app::Session> Environment::create_session() { return open(app::OpenMode::create); }

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

Result<Date> as_of_or_today(const std::string& text, const env::Clock& clock) {
  if (text.empty()) return clock.today();
  auto date = Date::parse_iso(text);
  if (!date)
    return make_error(ErrorCode::invalid_argument,
                      "--as-of '" + text + "' is not a date (YYYY-MM-DD, a day that exists)");
  return *date;
}

}  // namespace followup::cli
