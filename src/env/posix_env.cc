#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#include "env/env.h"
#include "util/file.h"

namespace followup::env {

namespace {

class SystemClock final : public Clock {
 public:
  [[nodiscard]] Date today() const override {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return *Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
  }

  [[nodiscard]] std::string now_utc() const override {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
  }
};

Error unavailable(std::string message) { return make_error(ErrorCode::unavailable, std::move(message)); }

class PosixFileSystem final : public FileSystem {
 public:
  Result<std::string> read_file(const std::string& path, std::size_t max_bytes) override {
    auto read = util::read_file_bounded(path, max_bytes);
    if (!read.content) return make_error(ErrorCode::invalid_argument, std::move(read.problem));
    return std::move(*read.content);
  }

  Status write_new_file(const std::string& path, std::string_view bytes, FileMode mode) override {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY,
                          mode == FileMode::owner_only ? 0600 : 0666);
    if (fd < 0) {
      if (errno == EEXIST) return make_error(ErrorCode::already_exists, "'" + path + "' exists");
      return unavailable("cannot write '" + path + "': " + std::strerror(errno));
    }
    std::string problem;
    for (std::size_t done = 0; done < bytes.size() && problem.empty();) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        problem = n < 0 ? std::strerror(errno) : "nothing written";
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    if (problem.empty() && ::fsync(fd) != 0) problem = std::strerror(errno);
    if (::close(fd) != 0 && problem.empty()) problem = std::strerror(errno);
    if (problem.empty()) return {};
    ::unlink(path.c_str());
    return unavailable("cannot write '" + path + "': " + problem);
  }

  [[nodiscard]] bool exists(const std::string& path) const override {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
  }

  Status create_directories(const std::string& path) override {
    if (path.empty()) return {};
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) return unavailable("cannot create the folder '" + path + "': " + ec.message());
    return {};
  }
};

class NoMailTransport final : public MailTransport {
 public:
  Status send(const MailMessage& /*message*/) override {
    return unavailable("no mail transport is configured");
  }
};

class SystemEnv final : public Env {
 public:
  [[nodiscard]] const Clock& clock() const override { return m_clock; }
  FileSystem& files() override { return m_files; }
  MailTransport& mail() override { return m_mail; }

 private:
  SystemClock m_clock;
  PosixFileSystem m_files;
  NoMailTransport m_mail;
};

}  // namespace

Env& system_env() {
  static SystemEnv env;
  return env;
}

}  // namespace followup::env
