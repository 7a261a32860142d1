#include "cli/cli_support.h"

#include <algorithm>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include "util/file.h"
#include "util/number.h"
#include "util/sha256.h"

namespace followup::cli {

std::string Environment::key_path() const {
  if (!m_globals.key_file.empty()) return m_globals.key_file;
  return sqlite_path_of(m_globals.db).value_or("followup") + ".key";
}

Result<HistoryKey> Environment::load_key() const {
  const std::string path = key_path();
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return make_error(ErrorCode::unavailable,
                      "no history key at " + path + " (the key file init created; see docs/storage.md)");
  std::string text;
  std::getline(in, text);
  // The key file holds the 32-byte key as 64 hex digits and a newline.
  auto bytes = util::from_hex(text);
  if (!bytes || bytes->size() != 32)
    return make_error(ErrorCode::unavailable, "the history key file " + path + " is not 64 hex digits");
  HistoryKey key{std::move(*bytes)};
  return key;
}

std::optional<app::Session> Environment::open(bool create) {
  if (!m_store) {
    OpenOptions options;
    options.create = create;
    if (create) {
      std::error_code ec;
      if (!std::filesystem::exists(key_path(), ec)) {
        std::filesystem::path dir = std::filesystem::path(key_path()).parent_path();
        if (!dir.empty()) std::filesystem::create_directories(dir, ec);
        const int fd = ::open(key_path().c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
        const std::string line = util::to_hex(util::random_bytes(32)) + "\n";
        if (fd < 0 || ::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()) ||
            ::fsync(fd) != 0) {
          if (fd >= 0) ::close(fd);
          report_error(
              make_error(ErrorCode::unavailable, "cannot create the history key file " + key_path()));
          return std::nullopt;
        }
        ::close(fd);
      }
    }
    if (auto key = load_key()) options.key = std::move(*key);
    auto store = open_store(m_globals.db, options);
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
  return app::Session{*m_store, m_clock, m_globals.actor, m_globals.unit_backdate_days};
}

std::optional<app::Session> Environment::session() { return open(false); }
std::optional<app::Session> Environment::create_session() { return open(true); }

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
