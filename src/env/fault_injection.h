// Wrappers that make the outside world fail on purpose, for tests (after
// leveldb's fault-injection Env and SQLite's I/O error tests): each passes
// calls to the Env, file system or transport it wraps until told to fail.
#pragma once

#include <array>
#include <cstddef>
#include <optional>

#include "env/env.h"

namespace followup::env {

enum class FileOp : std::size_t { read, write, create_directories };

class FaultInjectionFileSystem final : public FileSystem {
 public:
  explicit FaultInjectionFileSystem(FileSystem& base) : m_base(base) {}

  // The next `count` operations of kind `op` (every one while count is
  // negative) fail with `error` and do nothing.
  void fail(FileOp op, Error error, int count = -1);
  // Every operation reaches the wrapped file system again.
  void heal();
  // Operations of kind `op` attempted so far, failed ones included.
  [[nodiscard]] int attempts(FileOp op) const { return m_faults.at(index(op)).attempts; }

  Result<std::string> read_file(const std::string& path, std::size_t max_bytes) override;
  Status write_new_file(const std::string& path, std::string_view bytes, FileMode mode) override;
  [[nodiscard]] bool exists(const std::string& path) const override { return m_base.exists(path); }
  Status create_directories(const std::string& path) override;

 private:
  struct Fault {
    std::optional<Error> error;
    int remaining = 0;  // negative: without end
    int attempts = 0;
  };
  static std::size_t index(FileOp op) { return static_cast<std::size_t>(op); }
  // The error the next operation of kind `op` fails with, if any; counts it.
  std::optional<Error> next(FileOp op);

  FileSystem& m_base;
  std::array<Fault, 3> m_faults{};
};

// How a send fails.
enum class MailFault {
  refuse,      // not delivered, and the caller is told so
  lose_reply,  // delivered, but the caller is told it failed (a lost reply)
};

class FaultInjectionMailTransport final : public MailTransport {
 public:
  explicit FaultInjectionMailTransport(MailTransport& base) : m_base(base) {}
  // The next `count` sends (every one while count is negative) fail so.
  void fail(MailFault fault, int count = -1);
  void heal() { m_remaining = 0; }
  [[nodiscard]] int attempts() const { return m_attempts; }

  Status send(const MailMessage& message) override;

 private:
  MailTransport& m_base;
  MailFault m_fault = MailFault::refuse;
  int m_remaining = 0;
  int m_attempts = 0;
};

// `base`'s clock, and its files and mail behind the wrappers above.
class FaultInjectionEnv final : public Env {
 public:
  explicit FaultInjectionEnv(Env& base) : m_base(base), m_files(base.files()), m_mail(base.mail()) {}
  [[nodiscard]] const Clock& clock() const override { return m_base.clock(); }
  FaultInjectionFileSystem& files() override { return m_files; }
  FaultInjectionMailTransport& mail() override { return m_mail; }

 private:
  Env& m_base;
  FaultInjectionFileSystem m_files;
  FaultInjectionMailTransport m_mail;
};

}  // namespace followup::env
