#include "util/file.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace followup::util {

namespace {

// Closes the descriptor it owns.
class Descriptor {
 public:
  explicit Descriptor(int fd) : m_fd(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (m_fd > 2) ::close(m_fd);
  }
  [[nodiscard]] int get() const { return m_fd; }

 private:
  int m_fd;
};

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

std::string quoted(const std::string& path) { return path == "-" ? "standard input" : "'" + path + "'"; }

FileRead refused(std::string problem) { return {std::nullopt, std::move(problem)}; }

FileRead too_large(const std::string& path, std::size_t max_bytes) {
  return refused(quoted(path) + " is larger than the limit of " + std::to_string(max_bytes) + " bytes");
}

bool same_version(const struct stat& a, const struct stat& b) {
  return a.st_size == b.st_size && a.st_mtim.tv_sec == b.st_mtim.tv_sec &&
         a.st_mtim.tv_nsec == b.st_mtim.tv_nsec && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

// Reads up to max_bytes + 1 bytes, so that one byte too many is seen.
FileRead read_up_to(int fd, const std::string& path, std::size_t max_bytes) {
  std::string content;
  std::array<char, 65536> buffer{};
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return refused("error reading " + quoted(path) + ": " + std::strerror(errno));
    }
    if (n == 0) return {std::move(content), {}};
    const auto got = static_cast<std::size_t>(n);
    if (got > max_bytes - content.size()) return too_large(path, max_bytes);
    content.append(buffer.data(), got);
  }
}

}  // namespace

FileRead read_file_bounded(const std::string& path, std::size_t max_bytes) {
  if (path == "-") return read_up_to(STDIN_FILENO, path, max_bytes);
  // O_NONBLOCK: opening a FIFO must not wait for a writer; we refuse it next.
  const Descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    const int open_errno = errno;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
      return refused(quoted(path) + " is " + kind_of(st.st_mode) + ", not a regular file");
    return refused("cannot read " + quoted(path) + ": " + std::strerror(open_errno));
  }
  struct stat before {};
  if (::fstat(fd.get(), &before) != 0)
    return refused("cannot read " + quoted(path) + ": " + std::strerror(errno));
  if (!S_ISREG(before.st_mode))
    return refused(quoted(path) + " is " + kind_of(before.st_mode) + ", not a regular file");
  if (static_cast<unsigned long long>(before.st_size) > max_bytes) return too_large(path, max_bytes);
  // Regular files never block; clear O_NONBLOCK all the same for plain reads.
  (void)::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
  auto read = read_up_to(fd.get(), path, max_bytes);
  if (!read.content) return read;
  struct stat after {};
  if (::fstat(fd.get(), &after) != 0 || !same_version(before, after) ||
      static_cast<unsigned long long>(after.st_size) != read.content->size())
    return refused(quoted(path) + " changed while it was being read; try again");
  return read;
}

}  // namespace followup::util
