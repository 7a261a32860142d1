// Shared by the app tests: a real SQLite store in a fresh temporary folder,
// a fixed clock, and the seed memo.
#pragma once

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <memory>
#include <string>

#include "app/import.h"
#include "app/session.h"
#include "app/users.h"
#include "core/date.h"
#include "storage/store.h"

namespace followup::app::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string memo_path(const std::string& name) {
  return std::string(FOLLOWUP_SOURCE_DIR) + "/tests/data/memos/" + name;
}

inline std::string seed_memo() { return read_file(memo_path("000_126856058e4a29d7.txt")); }

inline User user(std::string name, std::vector<Role> roles, std::vector<std::string> units = {}) {
  User u;
  u.name = std::move(name);
  u.roles = std::move(roles);
  u.units = std::move(units);
  return u;
}

inline Date day(const char* iso) { return *Date::parse_iso(iso); }

inline HistoryKey test_key() { return HistoryKey{std::string(32, 'k')}; }

class StoreFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("followup-app-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    OpenOptions options;
    options.create = true;
    options.key = test_key();
    auto store = open_store("sqlite:" + (m_dir / "followup.db").string(), options);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    m_store = std::move(*store);
  }
  void TearDown() override {
    m_store.reset();
    std::filesystem::remove_all(m_dir);
  }

  // Today is 2002-12-31 and units may date facts up to 9999 days back, so
  // the scenario of 2001 can be entered as if on its days; tests of the
  // dating rules pass their own window.
  Session session(std::string actor = "tester", int backdate_days = 9999) {
    return Session{*m_store, m_clock, Principal{std::move(actor), false, false}, backdate_days, std::nullopt,
                   nullptr,  nullptr};
  }

  // The store's first user, the admin "root"; then `office` (of the
  // evaluation role), who imports the seed memo; then the `others`.
  void import_seed(const User& office, const std::vector<User>& others) {
    ASSERT_TRUE(initialise(session("setup"), "root"));
    ASSERT_TRUE(add_user(session("root"), office));
    auto imported = import_memo(session(office.name), ImportRequest{"seed.txt", seed_memo(), false, false});
    ASSERT_TRUE(imported.ok()) << imported.error().describe();
    for (const auto& u : others) {
      auto added = add_user(session("root"), u);
      ASSERT_TRUE(added) << added.error().describe();
    }
  }

  std::filesystem::path m_dir;
  std::unique_ptr<Store> m_store;
  env::FixedClock m_clock{*Date::from_ymd(2002, 12, 31), "2002-12-31T09:00:00Z"};
};

}  // namespace followup::app::testing
