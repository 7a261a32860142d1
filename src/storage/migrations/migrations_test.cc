#include "storage/migrations/migrations.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <string>

namespace followup::storage_detail {
namespace {

TEST(MigrationsTest, AreNumberedFromOneWithoutGaps) {
  auto migrations = sqlite_migrations();
  ASSERT_FALSE(migrations.empty());
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i + 1));
    char prefix[5];
    std::snprintf(prefix, sizeof prefix, "%04d", migrations[i].version);
    EXPECT_EQ(migrations[i].name.substr(0, 5), std::string(prefix) + "_");
    EXPECT_FALSE(migrations[i].sql.empty());
  }
  EXPECT_EQ(migrations[0].name, "0001_initial");
}

TEST(MigrationsTest, ApplyInOrderToAnEmptyDatabase) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  for (const Migration& m : sqlite_migrations()) {
    char* message = nullptr;
    int rc = sqlite3_exec(db, std::string(m.sql).c_str(), nullptr, nullptr, &message);
    EXPECT_EQ(rc, SQLITE_OK) << m.name << ": " << (message != nullptr ? message : "");
    sqlite3_free(message);
  }
  sqlite3_close(db);
}

}  // namespace
}  // namespace followup::storage_detail
