#include <filesystem>
#include <gtest/gtest.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

#include "env/fault_injection.h"
#include "env/memory_env.h"

namespace followup::env {
namespace {

// The same contract for the POSIX file system (in a fresh folder) and the
// one in memory: what tests learn from the second holds for the first.
class FileSystemContract : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (posix()) {
      m_dir = std::filesystem::temp_directory_path() /
              ("followup-env-test-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
      std::filesystem::remove_all(m_dir);
      std::filesystem::create_directories(m_dir);
      m_root = m_dir.string() + "/";
    } else {
      ASSERT_TRUE(m_memory.create_directories("/mem").ok());
      m_root = "/mem/";
    }
  }
  void TearDown() override {
    if (posix()) std::filesystem::remove_all(m_dir);
  }
  [[nodiscard]] bool posix() const { return GetParam(); }
  FileSystem& files() { return posix() ? system_env().files() : m_memory; }
  std::string path(const std::string& name) { return m_root + name; }

  std::filesystem::path m_dir;
  std::string m_root;
  MemoryFileSystem m_memory;
};

TEST_P(FileSystemContract, WritesANewFileAndReadsItBack) {
  ASSERT_TRUE(files().write_new_file(path("a.txt"), "hello", FileMode::shared).ok());
  EXPECT_TRUE(files().exists(path("a.txt")));
  auto read = files().read_file(path("a.txt"), 5);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(*read, "hello");
}

TEST_P(FileSystemContract, NeverReplacesAFile) {
  ASSERT_TRUE(files().write_new_file(path("a.txt"), "first", FileMode::shared).ok());
  auto st = files().write_new_file(path("a.txt"), "second", FileMode::shared);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::already_exists);
  EXPECT_EQ(st.error().message, "'" + path("a.txt") + "' exists");
  EXPECT_EQ(*files().read_file(path("a.txt"), 100), "first");
}

TEST_P(FileSystemContract, RefusesAFileOverTheLimitInTheSameWords) {
  ASSERT_TRUE(files().write_new_file(path("big"), "twelve bytes", FileMode::shared).ok());
  auto read = files().read_file(path("big"), 11);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(read.error().message, "'" + path("big") + "' is larger than the limit of 11 bytes");
}

TEST_P(FileSystemContract, NamesAMissingFile) {
  auto read = files().read_file(path("missing"), 10);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message, "cannot read '" + path("missing") + "': No such file or directory");
}

TEST_P(FileSystemContract, RefusesAFolderAsInput) {
  ASSERT_TRUE(files().create_directories(path("d/e")).ok());
  EXPECT_TRUE(files().exists(path("d")));
  auto read = files().read_file(path("d"), 10);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message, "'" + path("d") + "' is a directory, not a regular file");
}

TEST_P(FileSystemContract, WritesOnlyIntoAnExistingFolder) {
  auto st = files().write_new_file(path("no/such/file"), "x", FileMode::shared);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::unavailable);
  EXPECT_FALSE(files().exists(path("no/such/file")));
  ASSERT_TRUE(files().create_directories(path("no/such")).ok());
  EXPECT_TRUE(files().write_new_file(path("no/such/file"), "x", FileMode::shared).ok());
}

INSTANTIATE_TEST_SUITE_P(Env, FileSystemContract, ::testing::Values(true, false),
                         [](const auto& param) { return param.param ? "Posix" : "Memory"; });

TEST(PosixFileSystem, WritesASecretForItsOwnerOnly) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("followup-env-mode-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto file = (dir / "key").string();
  ASSERT_TRUE(system_env().files().write_new_file(file, "secret\n", FileMode::owner_only).ok());
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::filesystem::remove_all(dir);
}

TEST(MemoryFileSystem, ReadsStandardInputAndRemembersModes) {
  MemoryFileSystem files;
  files.set_standard_input("from stdin");
  EXPECT_EQ(*files.read_file("-", 100), "from stdin");
  auto over = files.read_file("-", 3);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().message, "standard input is larger than the limit of 3 bytes");
  ASSERT_TRUE(files.write_new_file("key", "k", FileMode::owner_only).ok());
  EXPECT_EQ(files.mode_of("key"), FileMode::owner_only);
}

TEST(FaultInjection, FailsTheNextOperationsThenHeals) {
  MemoryFileSystem memory;
  memory.put("in.txt", "data");
  FaultInjectionFileSystem files(memory);
  files.fail(FileOp::read,
             make_error(ErrorCode::invalid_argument, "cannot read 'in.txt': Input/output error"), 1);
  auto first = files.read_file("in.txt", 100);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().message, "cannot read 'in.txt': Input/output error");
  EXPECT_EQ(*files.read_file("in.txt", 100), "data");
  EXPECT_EQ(files.attempts(FileOp::read), 2);

  files.fail(FileOp::write, make_error(ErrorCode::unavailable, "No space left on device"));
  EXPECT_FALSE(files.write_new_file("out.txt", "x", FileMode::shared).ok());
  EXPECT_FALSE(files.write_new_file("out.txt", "x", FileMode::shared).ok());
  EXPECT_FALSE(files.exists("out.txt"));  // a failed write leaves nothing
  files.heal();
  EXPECT_TRUE(files.write_new_file("out.txt", "x", FileMode::shared).ok());
  EXPECT_EQ(files.attempts(FileOp::write), 3);
}

MailMessage message(std::string id) {
  MailMessage m;
  m.from = {"Followup", "followup@example.org"};
  m.to = {{"Eva", "eva@example.org"}};
  m.subject = "Due today";
  m.text = "PLACMI-2#1";
  m.message_id = std::move(id);
  m.date = "2001-09-01T08:00:00Z";
  return m;
}

TEST(MemoryMail, DeliversAMessageIdOnce) {
  MemoryMailTransport mail;
  EXPECT_TRUE(mail.send(message("r1@followup.invalid")).ok());
  EXPECT_TRUE(mail.send(message("r1@followup.invalid")).ok());
  EXPECT_TRUE(mail.send(message("r2@followup.invalid")).ok());
  ASSERT_EQ(mail.sent().size(), 2u);
  EXPECT_EQ(mail.sent()[0].message_id, "r1@followup.invalid");
  EXPECT_EQ(mail.sent()[1].message_id, "r2@followup.invalid");
  MailMessage nobody = message("r3@followup.invalid");
  nobody.to.clear();
  EXPECT_EQ(mail.send(nobody).error().code, ErrorCode::invalid_argument);
}

TEST(FaultInjection, ALostReplyDeliversAndARetrySendsNothingMore) {
  MemoryEnv memory(FixedClock(*Date::from_ymd(2001, 9, 1), "2001-09-01T08:00:00Z"));
  FaultInjectionEnv env(memory);
  env.mail().fail(MailFault::refuse, 1);
  EXPECT_EQ(env.mail().send(message("r@followup.invalid")).error().code, ErrorCode::unavailable);
  EXPECT_TRUE(memory.mail().sent().empty());
  env.mail().fail(MailFault::lose_reply, 1);
  EXPECT_FALSE(env.mail().send(message("r@followup.invalid")).ok());
  EXPECT_EQ(memory.mail().sent().size(), 1u);
  EXPECT_TRUE(env.mail().send(message("r@followup.invalid")).ok());
  EXPECT_EQ(memory.mail().sent().size(), 1u);
  EXPECT_EQ(env.mail().attempts(), 3);
  EXPECT_EQ(env.clock().today(), *Date::from_ymd(2001, 9, 1));
}

TEST(SystemEnv, HasNoMailTransportYet) {
  auto st = system_env().mail().send(message("k@followup.invalid"));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::unavailable);
}

}  // namespace
}  // namespace followup::env
