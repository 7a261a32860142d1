#include "app/service.h"

#include <filesystem>

#include "util/sha256.h"

namespace followup::app {

namespace {

// Far more than a key's line; a bigger file is not a key file.
constexpr std::size_t k_key_file_max_bytes = 4096;

Error key_error(ErrorCode code, std::string message) {
  return field_error(code, "key_file", std::move(message));
}

Status create_history_key(const std::string& path, env::FileSystem& files) {
  if (files.exists(path)) return {};
  const auto folder = std::filesystem::path(path).parent_path().string();
  if (!folder.empty()) (void)files.create_directories(folder);
  const std::string line = util::to_hex(util::random_bytes(32)) + "\n";
  if (auto st = files.write_new_file(path, line, env::FileMode::owner_only); !st)
    return key_error(ErrorCode::unavailable, "cannot create the history key file " + path);
  return {};
}

}  // namespace

std::string history_key_path(const StoreSettings& settings) {
  if (!settings.key_file.empty()) return settings.key_file;
  return sqlite_path_of(settings.url).value_or("followup") + ".key";
}

Result<HistoryKey> load_history_key(const StoreSettings& settings, env::FileSystem& files) {
  const std::string path = history_key_path(settings);
  if (!files.exists(path)) return key_error(ErrorCode::not_found, "no history key at " + path);
  auto text = files.read_file(path, k_key_file_max_bytes);
  if (!text) {
    if (text.error().message.find("larger than the limit") == std::string::npos)
      return key_error(ErrorCode::unavailable, "cannot read the history key: " + text.error().message);
    text = std::string();
  }
  // The key file holds the 32-byte key as 64 hex digits and a newline.
  auto bytes = util::from_hex(std::string_view(*text).substr(0, text->find('\n')));
  if (!bytes || bytes->size() != 32)
    return key_error(ErrorCode::unavailable, "the history key file " + path + " is not 64 hex digits");
  return HistoryKey{std::move(*bytes)};
}

Result<std::unique_ptr<Store>> open_configured_store(const StoreSettings& settings, env::FileSystem& files,
                                                     OpenMode mode) {
  OpenOptions options;
  options.create = mode == OpenMode::create;
  options.check_before_write_max_bytes = static_cast<std::uint64_t>(settings.check_before_write_max_mb) << 20;
  if (options.create)
    if (auto st = create_history_key(history_key_path(settings), files); !st) return st.error();
  if (auto key = load_history_key(settings, files)) options.key = std::move(*key);
  return open_store(settings.url, options);
}

}  // namespace followup::app
