// Files chosen by a person or a setting (memos, evidence, request JSON, the
// configuration file, the history key, files written on request) are read
// and written only through this interface, so that tests replace the disk
// with memory or with one that fails. The store's own file is not among
// them: SQLite reaches it through its own layer (storage/).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace followup::env {

// Who may read a file the program creates.
enum class FileMode {
  shared,      // 0666 less the process's umask: an ordinary output
  owner_only,  // 0600: a secret such as the history key
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // The whole of `path` ("-" is standard input), at most `max_bytes`.
  // invalid_argument, with a sentence naming the file, when it is missing
  // or unreadable, is not a regular file (a FIFO, a device, a directory:
  // refused without reading), is larger than `max_bytes`, or changes while
  // it is read (util/file.h).
  virtual Result<std::string> read_file(const std::string& path, std::size_t max_bytes) = 0;

  // Creates `path` with `bytes`, synced to the disk before it returns. Never
  // replaces anything: already_exists when `path` exists. unavailable when
  // the file cannot be created or written; then nothing is left at `path`.
  // The folder must exist (create_directories).
  virtual Status write_new_file(const std::string& path, std::string_view bytes, FileMode mode) = 0;

  // Whether anything (a file, a folder, a link) is at `path`.
  [[nodiscard]] virtual bool exists(const std::string& path) const = 0;

  // Creates the folder `path` and its missing parents; ok when it exists.
  // unavailable when it cannot be created.
  virtual Status create_directories(const std::string& path) = 0;
};

}  // namespace followup::env
