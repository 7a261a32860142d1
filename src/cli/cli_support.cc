#include "cli/cli_support.h"

#include <algorithm>
#include <array>
#include <iostream>

#include "util/text.h"

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
  // The command line's principal: the name it was given, on trust.
  return app::Session{*m_store,
                      m_env.clock(),
                      app::Principal{m_config.user, false, false},
                      m_config.unit_backdate_days,
                      std::nullopt,
                      nullptr,
                      nullptr};
}

std::optional<app::Session> Environment::session() { return open(app::OpenMode::existing); }
std::optional<app::Session> Environment::create_session() { return open(app::OpenMode::create); }

namespace {

// How this command line names the fields the app names (Error::field):
// `option` replaces the field's words when the message starts with them
// ("--comment is empty"); otherwise `hint` is added, when there is one.
struct FieldWords {
  std::string_view field;
  std::string_view option;
  std::string_view hint;
};

constexpr std::array<FieldWords, 11> k_field_words = {{
    {"action_description", "--action's description", ""},
    {"action_unit", "--action's unit", ""},
    {"text", "--text", ""},
    {"rationale", "--rationale", ""},
    {"comment", "--comment", ""},
    {"reason", "--reason", ""},
    {"waiver", "--waive-evidence", ""},
    {"override", "--override", ""},
    {"rating", "--rating", ""},
    {"unit", "--unit", " (--unit)"},
    {"actor", "", " (--as, FOLLOWUP_USER or the setting cli.user)"},
}};

}  // namespace

Error in_cli_words(Error error) {
  // An error about an input file is said in that file's words.
  if (error.field.empty() || !error.file.empty()) return error;
  for (const auto& words : k_field_words) {
    if (words.field != error.field) continue;
    const std::string plain = util::spaced(words.field);
    if (!words.option.empty() && error.message.starts_with(plain + " "))
      error.message = std::string(words.option) + error.message.substr(plain.size());
    else
      error.message += words.hint;
    break;
  }
  return error;
}

int report_error(const Error& app_error) {
  const Error error = in_cli_words(app_error);
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
