#include "util/file.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace followup::util {
namespace {

namespace fs = std::filesystem;

class BoundedRead : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() / ("followup-file-test-" + std::to_string(::getpid()));
    fs::create_directories(m_dir);
  }
  void TearDown() override { fs::remove_all(m_dir); }
  std::string path(const std::string& name) const { return (m_dir / name).string(); }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(path(name), std::ios::binary) << content;
    return path(name);
  }

 private:
  fs::path m_dir;
};

TEST_F(BoundedRead, ReadsARegularFileUpToTheLimit) {
  const auto file = write("ten.txt", "0123456789");
  EXPECT_EQ(read_file_bounded(file, 10).content, "0123456789");
  const auto over = read_file_bounded(file, 9);
  EXPECT_FALSE(over.content);
  EXPECT_EQ(over.problem, "'" + file + "' is larger than the limit of 9 bytes");
  EXPECT_EQ(read_file_bounded(write("empty", ""), 9).content, "");
}

TEST_F(BoundedRead, RefusesWhatIsNotARegularFileAtOnce) {
  EXPECT_EQ(read_file_bounded("/dev/zero", 100).problem,
            "'/dev/zero' is a character device, not a regular file");
  EXPECT_EQ(read_file_bounded(path(""), 100).problem,
            "'" + path("") + "' is a directory, not a regular file");
  const auto fifo = path("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(read_file_bounded(fifo, 100).problem,
            "'" + fifo + "' is a FIFO (named pipe), not a regular file");
  const auto socket_path = path("sock");
  const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(s, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, socket_path.c_str(), sizeof(address.sun_path) - 1);
  ASSERT_EQ(::bind(s, reinterpret_cast<const sockaddr*>(&address), sizeof(address)), 0);
  EXPECT_EQ(read_file_bounded(socket_path, 100).problem,
            "'" + socket_path + "' is a socket, not a regular file");
  ::close(s);
}

TEST_F(BoundedRead, NamesAMissingFile) {
  EXPECT_EQ(read_file_bounded(path("missing"), 100).problem,
            "cannot read '" + path("missing") + "': No such file or directory");
}

TEST_F(BoundedRead, RefusesAFileWhoseSizeIsNotWhatWasRead) {
  // /proc files say they are empty and are not: what was read is not what fstat saw.
  EXPECT_EQ(read_file_bounded("/proc/self/status", 1 << 20).problem,
            "'/proc/self/status' changed while it was being read; try again");
}

}  // namespace
}  // namespace followup::util
