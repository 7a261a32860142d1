// An Env held in memory, for tests: a fixed clock, files in a map, and mail
// kept in a list instead of sent (after leveldb's helpers/memenv).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "env/env.h"

namespace followup::env {

// Files as a map from path to bytes; folders are remembered as created.
// read_file answers as the POSIX one does, in the same words, for a missing
// file and one over the limit; "-" reads what set_standard_input gave.
class MemoryFileSystem final : public FileSystem {
 public:
  Result<std::string> read_file(const std::string& path, std::size_t max_bytes) override;
  Status write_new_file(const std::string& path, std::string_view bytes, FileMode mode) override;
  [[nodiscard]] bool exists(const std::string& path) const override;
  Status create_directories(const std::string& path) override;

  // Puts (or replaces) a file, as if someone else had written it.
  void put(const std::string& path, std::string bytes) { m_files[path] = std::move(bytes); }
  void set_standard_input(std::string bytes) { m_stdin = std::move(bytes); }
  // The file's bytes; nullptr when there is none.
  [[nodiscard]] const std::string* find(const std::string& path) const;
  // The mode a file was written with by write_new_file (shared for put).
  [[nodiscard]] FileMode mode_of(const std::string& path) const;

 private:
  std::map<std::string, std::string> m_files;
  std::map<std::string, FileMode> m_modes;
  std::set<std::string> m_folders;
  std::string m_stdin;
};

// Keeps every message it is given, once per Message-ID (a second send of
// an id is ok and keeps nothing, as a real transport that has delivered it).
class MemoryMailTransport final : public MailTransport {
 public:
  Status send(const MailMessage& message) override;
  [[nodiscard]] const std::vector<MailMessage>& sent() const { return m_sent; }

 private:
  std::vector<MailMessage> m_sent;
};

class MemoryEnv final : public Env {
 public:
  explicit MemoryEnv(FixedClock clock) : m_clock(std::move(clock)) {}
  [[nodiscard]] const Clock& clock() const override { return m_clock; }
  MemoryFileSystem& files() override { return m_files; }
  MemoryMailTransport& mail() override { return m_mail; }

 private:
  FixedClock m_clock;
  MemoryFileSystem m_files;
  MemoryMailTransport m_mail;
};

}  // namespace followup::env
