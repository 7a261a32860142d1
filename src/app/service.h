// Opening the store a surface works on (the command line now, the HTTP
// server later), with its history key, from the settings: the only way a
// surface reaches a store. Files are read and written through the Env's
// file system (env/file_system.h).
#pragma once

#include <memory>
#include <string>

#include "env/file_system.h"
#include "storage/store.h"

namespace followup::app {

struct StoreSettings {
  std::string url = "sqlite:var/followup.db";  // sqlite:PATH, or a bare path
  std::string key_file;                        // empty: the store's path + ".key"
  // The first write checks every page of a file up to this size (MiB).
  long long check_before_write_max_mb = static_cast<long long>(k_check_before_write_max_bytes >> 20);
};

// The history key file: key_file, else the SQLite path with ".key" appended
// ("followup.key" for a URL that names no SQLite path).
std::string history_key_path(const StoreSettings& settings);

// The key in history_key_path: 64 hex digits on the file's first line.
// not_found "no history key at PATH" when there is no file; unavailable,
// naming the file, when it cannot be read or is not 64 hex digits. The
// errors name the field "key_file".
Result<HistoryKey> load_history_key(const StoreSettings& settings, env::FileSystem& files);

enum class OpenMode {
  existing,  // a missing store is not_found ("no store at PATH")
  create,    // creates the store, its folder and its history key if missing
};

// Opens the store, with its history key when the key file can be read
// (reads need no key; without it every write is refused by the store).
// With OpenMode::create a missing key file is created first: 32 random
// bytes as 64 hex digits and a newline, readable by its owner only;
// unavailable "cannot create the history key file PATH" when that fails.
Result<std::unique_ptr<Store>> open_configured_store(const StoreSettings& settings, env::FileSystem& files,
                                                     OpenMode mode);

}  // namespace followup::app
