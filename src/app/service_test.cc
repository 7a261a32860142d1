#include "app/service.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>

#include "env/fault_injection.h"
#include "env/memory_env.h"

namespace followup::app {
namespace {

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("followup-service-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    m_settings.url = "sqlite:" + (m_dir / "store" / "followup.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  std::filesystem::path m_dir;
  StoreSettings m_settings;
  env::MemoryFileSystem m_files;
};

TEST_F(ServiceTest, TheKeyFileSitsBesideTheStoreUnlessNamed) {
  EXPECT_EQ(history_key_path(m_settings), (m_dir / "store" / "followup.db.key").string());
  EXPECT_EQ(history_key_path(StoreSettings{"var/f.db", ""}), "var/f.db.key");
  EXPECT_EQ(history_key_path(StoreSettings{"sqlite:var/f.db", "/keys/k"}), "/keys/k");
}

TEST_F(ServiceTest, ReadsTheKeyAndNamesWhatIsWrongWithIt) {
  const std::string path = history_key_path(m_settings);
  auto missing = load_history_key(m_settings, m_files);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  EXPECT_EQ(missing.error().message, "no history key at " + path);
  m_files.put(path, "not hex\n");
  auto malformed = load_history_key(m_settings, m_files);
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, ErrorCode::unavailable);
  EXPECT_EQ(malformed.error().message, "the history key file " + path + " is not 64 hex digits");
  m_files.put(path, std::string(64, 'a') + "\n");
  auto key = load_history_key(m_settings, m_files);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->bytes, std::string(32, '\xaa'));
}

TEST_F(ServiceTest, OnlyCreateMakesAStoreAndItsKey) {
  auto none = open_configured_store(m_settings, m_files, OpenMode::existing);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::not_found);
  EXPECT_FALSE(m_files.exists(history_key_path(m_settings)));

  auto created = open_configured_store(m_settings, m_files, OpenMode::create);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  const std::string* key = m_files.find(history_key_path(m_settings));
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->size(), 65u);
  EXPECT_EQ(m_files.mode_of(history_key_path(m_settings)), env::FileMode::owner_only);
  created->reset();
  // Created again: the key stays the one it was.
  const std::string first = *key;
  ASSERT_TRUE(open_configured_store(m_settings, m_files, OpenMode::create).ok());
  EXPECT_EQ(*m_files.find(history_key_path(m_settings)), first);
}

TEST_F(ServiceTest, AKeyThatCannotBeWrittenStopsTheCreation) {
  env::FaultInjectionFileSystem files(m_files);
  files.fail(env::FileOp::write, make_error(ErrorCode::unavailable, "No space left on device"));
  auto store = open_configured_store(m_settings, files, OpenMode::create);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::unavailable);
  EXPECT_EQ(store.error().message, "cannot create the history key file " + history_key_path(m_settings));
  EXPECT_FALSE(std::filesystem::exists(m_dir / "store" / "followup.db"));
}

}  // namespace
}  // namespace followup::app
