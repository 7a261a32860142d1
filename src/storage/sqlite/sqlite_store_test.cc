// What only the SQLite backend can show: its file, its pragmas, its
// migrations, tampering by hand with the sqlite3 API, and faults below it.
#include "storage/sqlite/sqlite_store.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <gtest/gtest.h>
#include <iterator>
#include <sqlite3.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "storage/sqlite/detail/database.h"
#include "storage/store.h"
#include "storage/testing/faulty_connection.h"
#include "storage/testing/temp_dir.h"
#include "util/sha256.h"

namespace followup {
namespace {

using testing::TempDir;

// A store the tests may create, with a history key; writes need no history
// entry here (journal_test.cc covers the journal).
OpenOptions test_options() {
  OpenOptions options;
  options.create = true;
  options.key = HistoryKey{std::string(32, 'k')};
  options.journal = false;
  return options;
}

// Raw access to the file, as a person with the sqlite3 shell would have.
class RawDb {
 public:
  explicit RawDb(const std::filesystem::path& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &m_db), SQLITE_OK);
    sqlite3_busy_timeout(m_db, 5000);
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  ~RawDb() { sqlite3_close(m_db); }

  // The error message, or "" when the SQL ran.
  std::string exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message);
    std::string out = rc == SQLITE_OK ? "" : (message != nullptr ? message : "error");
    sqlite3_free(message);
    return out;
  }
  std::string text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(m_db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(m_db);
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr)
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return out;
  }

 private:
  sqlite3* m_db = nullptr;
};

std::unique_ptr<Store> open_ok(const std::string& url) {
  auto opened = open_store(url, test_options());
  EXPECT_TRUE(opened.ok()) << opened.error().message;
  return opened.ok() ? std::move(*opened) : nullptr;
}

Status append(Store& store, const std::string& entity) {
  return store.run([&](Transaction& tx) -> Status {
    auto e = tx.append_history(HistoryEvent{"ana", "2001-07-20T10:15:00Z", entity, "edit", "null", "{}"});
    return e ? Status{} : Status{e.error()};
  });
}

std::vector<HistoryEntry> all_history(Store& store) {
  std::vector<HistoryEntry> entries;
  auto st = store.read([&](Transaction& tx) -> Status {
    auto h = tx.history(std::nullopt);
    if (!h) return h.error();
    entries = std::move(*h);
    return {};
  });
  EXPECT_TRUE(st.ok()) << st.error().message;
  return entries;
}

std::size_t history_size(Store& store) { return all_history(store).size(); }

TEST(SqliteStoreTest, CreatesFoldersAndFileInWalMode) {
  TempDir dir;
  auto path = dir.path() / "var" / "deeper" / "followup.db";
  auto store = open_ok("sqlite:" + path.string());
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(std::filesystem::exists(path));
  RawDb raw(path);
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.text("SELECT max(version) FROM schema_version"), std::to_string(sqlite_schema_version()));
}

// A new store gets its migrations in one transaction, then checkpointed:
// its pages are in the file and its WAL is empty while it stays open (it
// kept 0.4 MB otherwise, and 1.3 MB when each migration was a transaction).
TEST(SqliteStoreTest, ANewStoreLeavesItsWalEmpty) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  auto store = open_ok(path.string());
  ASSERT_NE(store, nullptr);
  auto wal = path;
  wal += "-wal";
  ASSERT_TRUE(std::filesystem::exists(wal));
  EXPECT_EQ(std::filesystem::file_size(wal), 0U);
  EXPECT_GT(std::filesystem::file_size(path), 100U * 1024U);
}

TEST(SqliteStoreTest, BarePathAndSqliteSchemeReachTheSameStore) {
  TempDir dir;
  auto path = (dir.path() / "followup.db").string();
  {
    auto store = open_ok(path);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(append(*store, "unit:MMS").ok());
  }
  auto store = open_ok("sqlite:" + path);
  ASSERT_NE(store, nullptr);
  std::size_t count = 0;
  ASSERT_TRUE(store
                  ->read([&](Transaction& tx) -> Status {
                    auto h = tx.history(std::nullopt);
                    if (!h) return h.error();
                    count = h->size();
                    return {};
                  })
                  .ok());
  EXPECT_EQ(count, 1U);
}

TEST(SqliteStoreTest, OnlyCreateMakesAStore) {
  TempDir dir;
  const auto path = (dir.path() / "typo" / "followup.db").string();
  OpenOptions options = test_options();
  options.create = false;
  auto missing = open_store(path, options);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  EXPECT_EQ(missing.error().message, "no store at " + path);
  EXPECT_FALSE(std::filesystem::exists(path)) << "nothing was created";
}

TEST(SqliteStoreTest, UnknownSchemesAreRefusedByName) {
  auto pg = open_store("postgresql://db.example.org/followup", test_options());
  ASSERT_FALSE(pg.ok());
  EXPECT_EQ(pg.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(pg.error().message, "postgresql is not supported yet: use sqlite:PATH");
  auto other = open_store("mysql://x/y", test_options());
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(other.error().message,
            "unknown store scheme 'mysql' in 'mysql://x/y': use sqlite:PATH or a file path");
  auto empty = open_store("sqlite:", test_options());
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::invalid_argument);
}

TEST(SqliteStoreTest, MigrationsApplyOnceAcrossReopening) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  for (int i = 0; i < 3; ++i) ASSERT_NE(open_ok(path.string()), nullptr);
  RawDb raw(path);
  EXPECT_EQ(raw.text("SELECT count(*) FROM schema_version"), std::to_string(sqlite_schema_version()));
  EXPECT_EQ(raw.text("SELECT name FROM schema_version WHERE version = 1"), "0001_initial");
}

TEST(SqliteStoreTest, AStoreNewerThanTheBinaryIsRefused) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  ASSERT_NE(open_ok(path.string()), nullptr);
  {
    RawDb raw(path);
    ASSERT_EQ(raw.exec("INSERT INTO schema_version VALUES (999, '0999_future', '2030-01-01T00:00:00Z')"), "");
  }
  auto opened = open_store(path.string(), test_options());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(opened.error().message, "the store " + path.string() +
                                        " has schema version 999, newer than this followup knows (" +
                                        std::to_string(sqlite_schema_version()) + "): use a newer followup");
}

TEST(SqliteStoreTest, AnotherApplicationsDatabaseIsRefused) {
  TempDir dir;
  auto path = dir.path() / "other.db";
  {
    RawDb raw(path);
    ASSERT_EQ(raw.exec("CREATE TABLE accounts (id INTEGER)"), "");
  }
  auto opened = open_store(path.string(), test_options());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(
      opened.error().message,
      path.string() + " is an SQLite database but not a followup store (it has no schema_version table)");
}

TEST(SqliteStoreTest, AFileThatIsNotADatabaseGivesAnError) {
  TempDir dir;
  auto path = dir.path() / "notes.txt";
  std::ofstream(path)
      << "These are not the pages you are looking for. Not an SQLite file at all, but long enough.\n";
  auto opened = open_store(path.string(), test_options());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::data_loss);
  EXPECT_EQ(opened.error().message, "the store is damaged: file is not a database; restore a backup");
}

TEST(SqliteStoreTest, AFolderThatCannotBeCreatedIsUnavailable) {
  TempDir dir;
  std::ofstream(dir.path() / "plain-file") << "x";
  auto path = dir.path() / "plain-file" / "sub" / "followup.db";
  auto opened = open_store(path.string(), test_options());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::unavailable);
  EXPECT_EQ(
      opened.error().message.rfind(
          "cannot create the folder " + (dir.path() / "plain-file" / "sub").string() + " for the store: ", 0),
      0U)
      << opened.error().message;
}

TEST(SqliteStoreTest, AVanishedFolderGivesAnErrorNotACrash) {
  TempDir dir;
  auto folder = dir.path() / "var";
  auto store = open_ok((folder / "followup.db").string());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(append(*store, "unit:MMS").ok());
  std::filesystem::remove_all(folder);
  Status st = append(*store, "unit:MPRP");
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.error().code == ErrorCode::unavailable || st.error().code == ErrorCode::internal)
      << to_string(st.error().code);
  EXPECT_FALSE(st.error().message.empty());
  // Nothing was acknowledged, so nothing may be found when it reappears.
  EXPECT_FALSE(std::filesystem::exists(folder / "followup.db"));
}

// Permissions do not bind root, so this runs only for other users (CI,
// developers); as root it is skipped rather than passing vacuously.
TEST(SqliteStoreTest, AReadOnlyStoreGivesAnErrorNotACrash) {
  if (geteuid() == 0) GTEST_SKIP() << "file permissions do not apply to root";
  TempDir dir;
  auto path = dir.path() / "followup.db";
  ASSERT_NE(open_ok(path.string()), nullptr);
  std::filesystem::permissions(path, std::filesystem::perms::owner_read);
  std::filesystem::permissions(dir.path(),
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  auto opened = open_store(path.string(), test_options());
  Status st = opened.ok() ? append(**opened, "unit:MMS") : Status(opened.error());
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.error().code == ErrorCode::unavailable || st.error().code == ErrorCode::internal)
      << to_string(st.error().code) << ": " << st.error().message;
  EXPECT_FALSE(st.error().message.empty());
}

TEST(SqliteStoreTest, AFileRemovedDuringATransactionIsNotAcknowledged) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  auto store = open_ok(path.string());
  ASSERT_NE(store, nullptr);
  Status st = store->run([&](Transaction& tx) -> Status {
    auto e = tx.append_history(HistoryEvent{"ana", "2001-07-20T10:15:00Z", "unit:MMS", "add", "null", "{}"});
    if (!e) return e.error();
    std::filesystem::remove(path);
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::unavailable);
  EXPECT_EQ(st.error().message,
            "the store file " + path.string() + " was removed or renamed while open; nothing was written");
}

// A read while another is running opens a reader of its own; once the
// file is gone, that must fail rather than make an empty store there.
TEST(SqliteStoreTest, AReaderOpenedAfterTheFileIsRemovedDoesNotMakeANewOne) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  auto store = open_ok(path.string());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(append(*store, "unit:MMS").ok());
  std::promise<void> reading;
  std::promise<void> finish;
  std::shared_future<void> finished = finish.get_future().share();
  Status first_read;
  std::thread first([&] {
    first_read = store->read([&](Transaction&) -> Status {
      reading.set_value();  // holds the store's only reader
      finished.wait();
      return {};
    });
  });
  reading.get_future().wait();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  Status second = store->read([](Transaction& tx) -> Status {
    auto units = tx.list_units();
    return units ? Status{} : Status{units.error()};
  });
  finish.set_value();
  first.join();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::unavailable) << second.error().message;
  EXPECT_FALSE(std::filesystem::exists(path)) << "a reader made a new, empty store";
  ASSERT_FALSE(first_read.ok()) << "the file went while it was read";
  EXPECT_EQ(first_read.error().code, ErrorCode::unavailable) << first_read.error().message;
}

// Waits out the busy timeout (5 s): the price of testing the real lock.
TEST(SqliteStoreTest, AWriterLockedOutByAnotherProcessGetsUnavailable) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  auto store = open_ok(path.string());
  ASSERT_NE(store, nullptr);
  RawDb other(path);
  ASSERT_EQ(other.exec("BEGIN IMMEDIATE"), "");
  Status st = append(*store, "unit:MMS");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::unavailable);
  EXPECT_EQ(st.error().message, "begin a transaction on " + path.string() +
                                    ": database is locked (another process holds the store's lock)");
  ASSERT_EQ(other.exec("ROLLBACK"), "");
  EXPECT_TRUE(append(*store, "unit:MMS").ok());
  EXPECT_EQ(history_size(*store), 1U);
}

TEST(SqliteStoreTest, HistoryChangedByHandIsNamed) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  auto store = open_ok(path.string());
  ASSERT_NE(store, nullptr);
  for (const char* entity : {"unit:MMS", "unit:MPRP", "unit:HR"}) ASSERT_TRUE(append(*store, entity).ok());
  {
    RawDb raw(path);
    // Removing an entry is stopped; changing one is left to the chain to tell.
    EXPECT_EQ(raw.exec("DELETE FROM history WHERE id = 3"),
              "history is append-only: entries cannot be removed");
    ASSERT_EQ(raw.exec("UPDATE history SET after = '{\"forged\":true}' WHERE id = 2"), "");
  }
  const auto fault = verify_history_chain(all_history(*store));
  ASSERT_TRUE(fault.has_value());
  EXPECT_EQ(fault->id, 2);
  EXPECT_EQ(fault->message, "history entry 2 does not match its hash (changed after it was written?)");
}

TEST(SqliteStoreTest, ProgressReportsCannotBeChangedOrRemoved) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  auto store = open_ok(path.string());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store
                  ->run([](Transaction& tx) -> Status {
                    if (auto st = tx.add_unit(Unit{"MMS", "MMS", "", "", "", {}, {}}); !st) return st;
                    Evaluation e;
                    e.code = "E-1";
                    Recommendation r;
                    r.number = 1;
                    r.units = {"MMS"};
                    r.due = *Date::parse_iso("2001-08-31");
                    e.recommendations = {r};
                    if (auto st = tx.insert_evaluation(e, util::sha256_hex("e")); !st) return st;
                    ProgressReport report{0,  "MMS", ClaimedStatus::in_progress, "Going", r.due, "ana", {},
                                          {}, {}};
                    auto id = tx.add_report("E-1", 1, report);
                    return id ? Status{} : Status{id.error()};
                  })
                  .ok());
  RawDb raw(path);
  EXPECT_EQ(raw.exec("UPDATE progress_reports SET text = 'rewritten'"),
            "progress reports are append-only: a report cannot be changed");
  EXPECT_EQ(raw.exec("DELETE FROM progress_reports"),
            "progress reports are append-only: a report cannot be removed");
}

// An insert's id comes from the connection (SQLite's inserts answer none
// without RETURNING, whose rows it copies first): each insert runs once,
// and one that inserts nothing answers no id.
TEST(SqliteStoreTest, AnInsertAnswersTheIdOfItsRowOnce) {
  TempDir dir;
  auto db = sqlite_detail::Database::open((dir.path() / "ids.db").string());
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)", "setup").ok());
  auto insert = [&](const char* sql, const char* name) -> Result<std::optional<long long>> {
    auto stmt = sql::prepare_insert(**db, sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, std::string(name));
    return stmt->run_returning_id("insert");
  };
  EXPECT_EQ(*insert("INSERT INTO t (name) VALUES (?1)", "a"), std::optional<long long>(1));
  EXPECT_EQ(*insert("INSERT INTO t (name) VALUES (?1)", "b"), std::optional<long long>(2));
  EXPECT_EQ(*insert("INSERT INTO t (name) VALUES (?1) ON CONFLICT (name) DO NOTHING", "a"), std::nullopt);
  EXPECT_EQ(*insert("INSERT INTO t (name) SELECT ?1 FROM t WHERE name = 'none'", "c"), std::nullopt);
  auto dup = insert("INSERT INTO t (name) VALUES (?1)", "b");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::already_exists);
  EXPECT_EQ(*insert("INSERT INTO t (name) VALUES (?1)", "d"), std::optional<long long>(3));
  auto count = (*db)->prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*count->step("count"));
  EXPECT_EQ(count->int64(0), 3);  // a, b, d: each once
}

TEST(SqliteStoreTest, ConstraintFailuresBecomeErrors) {
  TempDir dir;
  auto path = (dir.path() / "followup.db").string();
  ASSERT_NE(open_ok(path), nullptr);
  auto db = sqlite_detail::Database::open(path);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->exec("PRAGMA foreign_keys = ON", "setup").ok());
  auto fk =
      (*db)->exec("INSERT INTO unit_aliases (unit, position, alias) VALUES ('NOPE', 0, 'x')", "add alias");
  ASSERT_FALSE(fk.ok());
  EXPECT_EQ(fk.error().code, ErrorCode::not_found);
  EXPECT_EQ(fk.error().message, "add alias: FOREIGN KEY constraint failed");
  ASSERT_TRUE((*db)->exec("INSERT INTO units VALUES ('MMS', 'MMS', '', NULL, '')", "add unit").ok());
  auto dup = (*db)->exec("INSERT INTO units VALUES ('MMS', 'MMS', '', NULL, '')", "add unit");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::already_exists);
  auto check = (*db)->exec("INSERT INTO units VALUES ('', 'Nameless', '', NULL, '')", "add unit");
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().code, ErrorCode::invalid_argument);
  auto type =
      (*db)->exec("INSERT INTO recommendations (evaluation, number, text, due) VALUES ('E', 'one', '', '')",
                  "add recommendation");
  ASSERT_FALSE(type.ok());
}

TEST(SqliteStoreTest, ASecondUseOfABorrowedStatementIsRefused) {
  TempDir dir;
  auto db = sqlite_detail::Database::open((dir.path() / "x.db").string());
  ASSERT_TRUE(db.ok());
  const char* sql = "SELECT 1";
  {
    auto first = (*db)->prepare(sql);
    ASSERT_TRUE(first.ok());
    auto second = (*db)->prepare(sql);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ErrorCode::internal);
    EXPECT_EQ(second.error().message, "a statement was used twice at once: SELECT 1");
  }
  EXPECT_TRUE((*db)->prepare(sql).ok()) << "returned to the cache when the first borrow ended";
}

TEST(SqliteStoreTest, TwoConnectionsSeeEachOthersCommits) {
  TempDir dir;
  auto path = (dir.path() / "followup.db").string();
  auto first = open_ok(path);
  auto second = open_ok(path);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  ASSERT_TRUE(append(*first, "unit:MMS").ok());
  EXPECT_EQ(history_size(*second), 1U);
  ASSERT_TRUE(append(*second, "unit:MPRP").ok());
  EXPECT_EQ(history_size(*first), 2U);
  const auto fault = verify_history_chain(all_history(*first));
  EXPECT_FALSE(fault.has_value()) << "the second connection chained onto the first one's entry";
}

// Runs `child` in a forked process that ends with _exit, as a crash would:
// no destructor runs, nothing is closed or checkpointed.
void in_dying_process(const std::function<void()>& child) {
  pid_t pid = fork();
  ASSERT_NE(pid, -1);
  if (pid == 0) {
    child();
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0) << "the child failed before dying as planned";
}

TEST(SqliteStoreTest, AcknowledgedWorkSurvivesAProcessThatDies) {
  TempDir dir;
  auto path = (dir.path() / "followup.db").string();
  in_dying_process([&] {
    auto store = open_store(path, test_options());
    if (!store.ok() || !append(**store, "unit:MMS").ok()) _exit(1);
    _exit(0);  // acknowledged, then gone without closing
  });
  auto store = open_ok(path);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(history_size(*store), 1U);
}

TEST(SqliteStoreTest, UnfinishedWorkOfAProcessThatDiesIsGone) {
  TempDir dir;
  auto path = (dir.path() / "followup.db").string();
  ASSERT_NE(open_ok(path), nullptr);
  in_dying_process([&] {
    auto store = open_store(path, test_options());
    if (!store.ok()) _exit(1);
    static_cast<void>((*store)->run([](Transaction& tx) -> Status {
      static_cast<void>(
          tx.append_history(HistoryEvent{"ana", "2001-07-20T10:15:00Z", "unit:MMS", "add", "null", "{}"}));
      _exit(0);  // dies inside the transaction, before COMMIT
    }));
  });
  auto store = open_ok(path);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(history_size(*store), 0U);
  EXPECT_TRUE(append(*store, "unit:MPRP").ok()) << "the dead process's lock is gone";
}

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A store of `entries` history entries with long texts, so that the
// history spans many pages; closed (and checkpointed) on return.
void fill(const std::string& path, int entries) {
  auto store = open_ok(path);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store
                  ->run([&](Transaction& tx) -> Status {
                    for (int i = 0; i < entries; ++i) {
                      auto e = tx.append_history(HistoryEvent{"ana", "2001-07-20T10:15:00Z",
                                                              "unit:U" + std::to_string(i), "add", "null",
                                                              "\"" + std::string(500, 'x') + "\""});
                      if (!e) return e.error();
                    }
                    return {};
                  })
                  .ok());
}

// Overwrites page `page` (1-based, 4096 bytes) of the file with 0xAB bytes.
void damage_page(const std::filesystem::path& path, long long page) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp((page - 1) * 4096);
  const std::string garbage(4096, '\xAB');
  file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
}

TEST(SqliteStoreTest, ADamagedPageStopsTheFirstWriteAndTheCheckNamesIt) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  fill(path.string(), 200);
  std::string page;
  {
    RawDb raw(path);
    page =
        raw.text("SELECT pageno FROM dbstat WHERE name = 'history' AND pagetype = 'leaf' LIMIT 1 OFFSET 10");
  }
  ASSERT_FALSE(page.empty());
  damage_page(path, std::stoll(page));
  const std::string before = file_bytes(path);

  auto store = open_ok(path.string());
  ASSERT_NE(store, nullptr);
  Status st = append(*store, "unit:MMS");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::data_loss);
  EXPECT_EQ(st.error().message.rfind("the store is damaged: Page " + page + ": ", 0), 0U)
      << st.error().message;
  EXPECT_TRUE(st.error().message.ends_with("; restore a backup")) << st.error().message;
  auto problems = store->integrity_problems();
  ASSERT_TRUE(problems.ok()) << problems.error().message;
  ASSERT_FALSE(problems->empty());
  EXPECT_EQ(problems->front().rfind("Page " + page + ": ", 0), 0U) << problems->front();
  store.reset();
  EXPECT_EQ(file_bytes(path), before) << "nothing may be written to a damaged store";
}

TEST(SqliteStoreTest, ASoundStoreHasNoProblems) {
  TempDir dir;
  auto path = (dir.path() / "followup.db").string();
  fill(path, 20);
  auto store = open_ok(path);
  ASSERT_NE(store, nullptr);
  auto problems = store->integrity_problems();
  ASSERT_TRUE(problems.ok()) << problems.error().message;
  EXPECT_TRUE(problems->empty());
}

TEST(SqliteStoreTest, ABackupIsOneSnapshotTakenWhileAnotherConnectionWrites) {
  TempDir dir;
  auto path = (dir.path() / "followup.db").string();
  auto copy = dir.path() / "backup.db";
  fill(path, 2000);
  auto store = open_ok(path);
  auto writer = open_ok(path);
  ASSERT_NE(store, nullptr);
  ASSERT_NE(writer, nullptr);
  std::atomic<bool> stop = false;
  std::atomic<int> written = 0;
  std::thread writing([&] {
    while (!stop) {
      if (append(*writer, "unit:W").ok()) ++written;
    }
  });
  while (written < 5) std::this_thread::yield();
  Status st = store->backup_to(copy.string());
  stop = true;
  writing.join();
  ASSERT_TRUE(st.ok()) << st.error().message;

  auto restored = open_ok(copy.string());
  ASSERT_NE(restored, nullptr);
  auto problems = restored->integrity_problems();
  ASSERT_TRUE(problems.ok()) << problems.error().message;
  EXPECT_TRUE(problems->empty());
  auto entries = all_history(*restored);
  EXPECT_GE(entries.size(), 2005U);
  EXPECT_LE(entries.size(), 2000U + static_cast<std::size_t>(written.load()));
  EXPECT_FALSE(verify_history_chain(entries).has_value());
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"backup.db", "backup.db-shm", "backup.db-wal", "followup.db",
                                             "followup.db-shm", "followup.db-wal"}))
      << "no partial copy is left behind";
}

TEST(SqliteStoreTest, ABackupNeverOverwritesAFile) {
  TempDir dir;
  auto path = (dir.path() / "followup.db").string();
  auto copy = dir.path() / "backup.db";
  std::ofstream(copy) << "keep me";
  auto store = open_ok(path);
  ASSERT_NE(store, nullptr);
  Status st = store->backup_to(copy.string());
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::already_exists);
  EXPECT_EQ(st.error().message, copy.string() + " exists already: a backup never overwrites a file");
  EXPECT_EQ(file_bytes(copy), "keep me");
}

// A backup and the full check run on a reader: a write transaction open
// on the same Store, in another thread, holds neither of them up, and the
// backup is the last commit.
TEST(SqliteStoreTest, ABackupAndACheckDoNotWaitForAWriteOnTheSameStore) {
  TempDir dir;
  auto path = (dir.path() / "followup.db").string();
  auto copy = dir.path() / "backup.db";
  auto store = open_ok(path);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(append(*store, "unit:MMS").ok());
  std::promise<void> written;
  std::promise<void> finish;
  std::shared_future<void> finished = finish.get_future().share();
  std::thread writer([&] {
    EXPECT_TRUE(store
                    ->run([&](Transaction& tx) -> Status {
                      auto e = tx.append_history(
                          HistoryEvent{"ana", "2001-07-20T10:15:00Z", "unit:HR", "edit", "null", "{}"});
                      written.set_value();
                      finished.wait();  // open until the backup and the check are done
                      return e ? Status{} : Status{e.error()};
                    })
                    .ok());
  });
  written.get_future().wait();
  auto copying = std::async(std::launch::async, [&] {
    Status st = store->backup_to(copy.string());
    auto problems = store->integrity_problems();
    return st.ok() && problems.ok() && problems->empty();
  });
  // Not a timing: the writer waits for the backup, so a backup that waited
  // for the writer would never end; the bound makes that a failure.
  const bool answered = copying.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
  finish.set_value();
  writer.join();
  ASSERT_TRUE(answered) << "the backup waited for the open write";
  EXPECT_TRUE(copying.get()) << "the backup or the check failed";
  auto restored = open_ok(copy.string());
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(history_size(*restored), 1U) << "the backup holds the last commit, not the open write";
  EXPECT_EQ(history_size(*store), 2U);
}

}  // namespace
}  // namespace followup

namespace followup {
namespace {

// An issued evaluation of three recommendations for MMS, the second
// answered with a key action due 2002-03-31, and the history entry that
// carries it: something in every column of the kept index.
Status write_issued_evaluation(Transaction& tx) {
  Unit u;
  u.code = "MMS";
  u.name = "Media";
  u.kind = "office";
  if (auto a = tx.add_unit(u); !a) return a;
  Evaluation e;
  e.code = "PLACMI-2";
  e.title = "Placement";
  for (int n = 1; n <= 3; ++n) {
    Recommendation r;
    r.number = n;
    r.text = "Do " + std::to_string(n);
    r.due = *Date::from_ymd(2001, 8, 31);
    r.units = {"MMS"};
    e.recommendations.push_back(r);
  }
  if (auto a = tx.insert_evaluation(e, "hash"); !a) return a;
  if (auto a = tx.set_evaluation_issued("PLACMI-2", *Date::from_ymd(2001, 7, 20)); !a) return a;
  ManagementResponse m;
  m.unit = "MMS";
  m.responded = *Date::from_ymd(2001, 9, 5);
  m.by = "mms";
  KeyAction act;
  act.description = "Train";
  act.unit = "MMS";
  act.added = m.responded;
  act.due = *Date::from_ymd(2002, 3, 31);
  act.by = "mms";
  m.actions = {act};
  if (auto a = tx.put_response("PLACMI-2", 2, m); !a) return a;
  auto entry =
      tx.append_history(HistoryEvent{"eva", "2001-09-05T10:00:00Z", "evaluation:PLACMI-2", "import"});
  return entry ? Status{} : Status{entry.error()};
}

// What 0021 changed, taken away again: the tests that take a store back to
// an older version start with it.
constexpr const char* k_undo_last_fact =
    "DROP TABLE store_last_fact; CREATE INDEX followup_index_last_fact ON followup_index (last_fact); ";

// A store written before the kept index existed (schema 3) gets it built
// when it is opened, from its data, exactly as steps would have kept it; and
// it still verifies against its history.
TEST(SqliteStoreTest, AStoreFromBeforeTheKeptIndexGetsItBuiltOnOpening) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  OpenOptions options = test_options();
  options.journal = true;
  const std::string k_index =
      "SELECT group_concat(recommendation || unit || coalesce(pending_due, '-') || flags, ';') "
      "FROM (SELECT * FROM followup_index ORDER BY recommendation, unit)";
  const std::string k_counters =
      "SELECT group_concat(scope || key || recommendations || open || pending, ';') "
      "FROM (SELECT * FROM status_counters ORDER BY scope, key)";
  std::string index_before;
  std::string counters_before;
  {
    auto store = open_store(path.string(), options);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    auto st = (*store)->run(write_issued_evaluation);
    ASSERT_TRUE(st.ok()) << st.error().describe();
  }
  {
    RawDb raw(path);
    index_before = raw.text(k_index);
    counters_before = raw.text(k_counters);
    ASSERT_NE(index_before, "");
    ASSERT_NE(counters_before, "");
    // Back to schema 3, as a store of the previous release is.
    ASSERT_EQ(
        raw.exec(
            "DROP TABLE store_last_fact; DROP TABLE followup_index; DROP TABLE status_counters; DROP TABLE "
            "rates_counters; "
            "DROP TABLE owed_actions; DROP TABLE sessions; DROP TABLE credentials; "
            "DROP TABLE calendar_feeds; DROP TABLE memo_originals; DROP TABLE outbox; DROP TABLE "
            "reminder_days; DROP TABLE "
            "due_date_answers; DROP TABLE "
            "due_date_requests; "
            "DROP INDEX history_entity_id; "
            "DROP INDEX report_evidence_sha256; DROP INDEX closing_evidence_sha256; DROP INDEX "
            "key_actions_unit; "
            "CREATE INDEX history_entity ON history (entity); DELETE FROM schema_version WHERE version >= 4"),
        "");
  }
  auto store = open_store(path.string(), options);
  ASSERT_TRUE(store.ok()) << store.error().describe();
  {
    RawDb raw(path);
    EXPECT_EQ(raw.text(k_index), index_before);
    EXPECT_EQ(raw.text(k_counters), counters_before);
  }
  auto verified = (*store)->verify(*options.key, std::nullopt);
  ASSERT_TRUE(verified.ok()) << verified.error().describe();
  EXPECT_EQ(verified->problems, std::vector<std::string>{});
}

// What the migrations after the one a test goes back to added, taken away
// again (but for the versions recorded): k_undo_listed the last one's
// (0018), then back before the due-date requests (schema 11), the accounts
// (10), the owed actions (9) with k_undo_owed, and the kept rates (8) with
// k_undo_rates.
constexpr const char* k_undo_listed =
    "DROP INDEX followup_index_listed; CREATE INDEX followup_index_list ON followup_index (unit, evaluation, "
    "number); ";
constexpr const char* k_undo_owed =
    "DROP TABLE calendar_feeds; DROP TABLE memo_originals; DROP TABLE outbox; DROP TABLE reminder_days; DROP "
    "TABLE due_date_answers; "
    "DROP TABLE due_date_requests; "
    "DROP TABLE sessions; DROP TABLE credentials; DROP TABLE owed_actions; DROP INDEX "
    "followup_index_overdue; ";
constexpr const char* k_undo_rates =
    "DROP TABLE calendar_feeds; DROP TABLE memo_originals; DROP TABLE outbox; DROP TABLE reminder_days; DROP "
    "TABLE due_date_answers; "
    "DROP TABLE due_date_requests; "
    "DROP TABLE sessions; DROP TABLE credentials; DROP TABLE owed_actions; DROP INDEX "
    "followup_index_overdue; DROP TABLE rates_counters; ALTER TABLE "
    "followup_index DROP COLUMN rates; DROP INDEX "
    "followup_index_pending; CREATE INDEX followup_index_pending ON followup_index (pending_due, unit, "
    "evaluation) WHERE pending_due IS NOT NULL; ";

// A store from before the last fact was kept on the own rows alone (schema
// 18: every unit's row carried its recommendation's) loses the unit rows'
// copies on opening, as steps now write them; and it still verifies
// against its history.
TEST(SqliteStoreTest, AStoreFromBeforeTheLastFactOnOwnRowsLosesTheUnitsCopiesOnOpening) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  OpenOptions options = test_options();
  options.journal = true;
  const std::string k_last_facts =
      "SELECT group_concat(recommendation || ' ' || quote(unit) || ' ' || coalesce(last_fact, 'NULL'), ';') "
      "FROM (SELECT * FROM followup_index ORDER BY recommendation, unit)";
  {
    auto store = open_store(path.string(), options);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    auto st = (*store)->run(write_issued_evaluation);
    ASSERT_TRUE(st.ok()) << st.error().describe();
  }
  // The three recommendations of PLACMI-2, each for MMS: issued on
  // 2001-07-20, #2 answered on 2001-09-05.
  const std::string expected =
      "1 '' 2001-07-20;1 'MMS' NULL;2 '' 2001-09-05;2 'MMS' NULL;3 '' 2001-07-20;3 'MMS' NULL";
  {
    RawDb raw(path);
    ASSERT_EQ(raw.text(k_last_facts), expected);
    ASSERT_EQ(raw.exec(std::string(k_undo_last_fact) +
                       "UPDATE followup_index AS u SET last_fact = (SELECT o.last_fact FROM followup_index o "
                       "WHERE o.recommendation = u.recommendation AND o.unit = '') WHERE u.unit <> ''; "
                       "DELETE FROM schema_version WHERE version >= 19"),
              "");
    ASSERT_EQ(raw.text(k_last_facts),
              "1 '' 2001-07-20;1 'MMS' 2001-07-20;2 '' 2001-09-05;2 'MMS' 2001-09-05;3 '' 2001-07-20;3 'MMS' "
              "2001-07-20");
  }
  auto store = open_store(path.string(), options);
  ASSERT_TRUE(store.ok()) << store.error().describe();
  {
    RawDb raw(path);
    EXPECT_EQ(raw.text(k_last_facts), expected);
  }
  auto verified = (*store)->verify(*options.key, std::nullopt);
  ASSERT_TRUE(verified.ok()) << verified.error().describe();
  EXPECT_EQ(verified->problems, std::vector<std::string>{});
}

// The two appended tables as they were before 0020 rebuilt them: with
// AUTOINCREMENT, and history with its UNIQUE index on hash. Run with
// foreign keys off, as a person with the sqlite3 shell has them.
constexpr const char* k_undo_appends =
    "CREATE TABLE h (id INTEGER PRIMARY KEY AUTOINCREMENT, actor TEXT NOT NULL, at TEXT NOT NULL, entity "
    "TEXT "
    "NOT NULL, action TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL, prev_hash TEXT NOT NULL, "
    "hash "
    "TEXT NOT NULL UNIQUE, ops TEXT NOT NULL DEFAULT '[]', mac TEXT NOT NULL DEFAULT '') STRICT; "
    "INSERT INTO h SELECT * FROM history; DROP TABLE history; ALTER TABLE h RENAME TO history; "
    "CREATE INDEX history_entity_id ON history (entity, id); "
    "CREATE TABLE p (id INTEGER PRIMARY KEY AUTOINCREMENT, recommendation INTEGER NOT NULL REFERENCES "
    "recommendations (id), unit TEXT NOT NULL REFERENCES units (code), status TEXT NOT NULL, text TEXT NOT "
    "NULL, reported TEXT NOT NULL, by_user TEXT NOT NULL, recorded_at TEXT NOT NULL DEFAULT '', late INTEGER "
    "NOT NULL DEFAULT 0, on_behalf INTEGER NOT NULL DEFAULT 0) STRICT; "
    "INSERT INTO p SELECT * FROM progress_reports; DROP TABLE progress_reports; "
    "ALTER TABLE p RENAME TO progress_reports; "
    "DELETE FROM schema_version WHERE version >= 20; ";

// A progress report on PLACMI-2's second recommendation, by `unit`, dated
// `reported`, and the history entry that carries it.
Status write_report(Transaction& tx, const std::string& unit, Date reported = *Date::from_ymd(2001, 10, 1)) {
  ProgressReport report{0, unit, ClaimedStatus::in_progress, "Going", reported, "mms", {}, {}, {}};
  if (auto id = tx.add_report("PLACMI-2", 2, report); !id) return id.error();
  auto entry = tx.append_history(
      HistoryEvent{"mms", reported.iso() + "T10:00:00Z", "recommendation:PLACMI-2/2", "report-progress"});
  return entry ? Status{} : Status{entry.error()};
}

// The store's last fact, as the kept reports read it ("" for none).
std::string last_fact(Store& store) {
  std::string out;
  auto st = store.read([&](Transaction& tx) -> Status {
    auto last = tx.last_fact_date();
    if (!last) return last.error();
    out = *last ? (*last)->iso() : "";
    return {};
  });
  EXPECT_TRUE(st.ok()) << st.error().describe();
  return out;
}

// A store from before 0021 gets its last fact kept on a row of its own on
// opening, from the index, and loses the index on last_fact; a later step
// moves the row; and a step that finds its recommendation's latest fact
// later in the index than in its facts (an index damaged by hand) takes
// the store's last fact from the whole index again.
TEST(SqliteStoreTest, AStoreFromBeforeTheKeptLastFactGetsItOnOpeningAndStepsMoveIt) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  OpenOptions options = test_options();
  options.journal = true;
  const std::string k_kept =
      "SELECT group_concat(id || ' ' || coalesce(last_fact, 'NULL')) FROM store_last_fact";
  const std::string k_index = "SELECT count(*) FROM sqlite_schema WHERE name = 'followup_index_last_fact'";
  {
    auto store = open_store(path.string(), options);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    EXPECT_EQ(last_fact(**store), "");
    auto st = (*store)->run(write_issued_evaluation);
    ASSERT_TRUE(st.ok()) << st.error().describe();
    EXPECT_EQ(last_fact(**store), "2001-09-05");
  }
  {
    RawDb raw(path);
    ASSERT_EQ(raw.text(k_kept), "1 2001-09-05");
    ASSERT_EQ(raw.exec(std::string(k_undo_last_fact) + "DELETE FROM schema_version WHERE version >= 21"), "");
    ASSERT_EQ(raw.text(k_index), "1");
  }
  auto store = open_store(path.string(), options);
  ASSERT_TRUE(store.ok()) << store.error().describe();
  {
    RawDb raw(path);
    EXPECT_EQ(raw.text(k_kept), "1 2001-09-05");
    EXPECT_EQ(raw.text(k_index), "0");
  }
  EXPECT_EQ(last_fact(**store), "2001-09-05");
  auto st = (*store)->run([](Transaction& tx) { return write_report(tx, "MMS"); });
  ASSERT_TRUE(st.ok()) << st.error().describe();
  EXPECT_EQ(last_fact(**store), "2001-10-01");
  // The index damaged: PLACMI-2 #2's latest fact later than its facts.
  {
    RawDb raw(path);
    ASSERT_EQ(raw.exec("UPDATE followup_index SET last_fact = '2009-01-01' WHERE unit = '' AND last_fact = "
                       "'2001-10-01'; UPDATE store_last_fact SET last_fact = '2009-01-01'"),
              "");
  }
  EXPECT_EQ(last_fact(**store), "2009-01-01");
  st = (*store)->run([](Transaction& tx) { return write_report(tx, "MMS", *Date::from_ymd(2002, 1, 2)); });
  ASSERT_TRUE(st.ok()) << st.error().describe();
  EXPECT_EQ(last_fact(**store), "2002-01-02");
}

// A store from before 0020 keeps every row and id of its history and
// progress reports; it loses their AUTOINCREMENT (no sqlite_sequence row
// is written again) and history's index on hash; its foreign keys are on
// again after the rebuild; the next report and entry take the next ids;
// and it still verifies against its history.
TEST(SqliteStoreTest, AStoreFromBeforeTheLighterAppendsKeepsItsRowsAndIds) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  OpenOptions options = test_options();
  options.journal = true;
  const std::string k_rows =
      "SELECT (SELECT group_concat(id || ' ' || hash, ';') FROM (SELECT * FROM history ORDER BY id)) "
      "|| ' | ' || (SELECT group_concat(id || ' ' || unit || ' ' || reported, ';') "
      "FROM (SELECT * FROM progress_reports ORDER BY id))";
  const std::string k_kept =
      "SELECT group_concat(name || ' ' || seq, ' ') FROM (SELECT * FROM sqlite_sequence WHERE name IN "
      "('history', "
      "'progress_reports') ORDER BY name)";
  const std::string k_shape =
      "SELECT (SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%AUTOINCREMENT%' AND name IN ('history', "
      "'progress_reports')) || ' ' || (SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema "
      "WHERE type = 'index' AND tbl_name = 'history' ORDER BY name))";
  {
    auto store = open_store(path.string(), options);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    for (const auto& step :
         {std::function<Status(Transaction&)>(write_issued_evaluation),
          std::function<Status(Transaction&)>([](Transaction& tx) { return write_report(tx, "MMS"); })}) {
      auto st = (*store)->run(step);
      ASSERT_TRUE(st.ok()) << st.error().describe();
    }
  }
  std::string rows_before;
  {
    RawDb raw(path);
    rows_before = raw.text(k_rows);
    ASSERT_EQ(raw.text(k_shape), "0 history_entity_id");
    ASSERT_EQ(raw.exec(std::string(k_undo_last_fact) + k_undo_appends), "");
    ASSERT_EQ(raw.text(k_shape), "2 history_entity_id sqlite_autoindex_history_1");
    ASSERT_EQ(raw.text(k_kept), "history 2 progress_reports 1");
    ASSERT_EQ(raw.text(k_rows), rows_before);
  }
  // The connections the store opens, the writer first, each passed through.
  std::vector<sql::Connection*> connections;
  testing::FaultPlan no_faults;
  auto store = open_sqlite_store(path.string(), options, [&](sql::Connection& inner) {
    connections.push_back(&inner);
    return std::make_unique<testing::FaultyConnection>(inner, no_faults);
  });
  ASSERT_TRUE(store.ok()) << store.error().describe();
  {
    RawDb raw(path);
    EXPECT_EQ(raw.text(k_rows), rows_before);
    EXPECT_EQ(raw.text(k_shape), "0 history_entity_id");
    EXPECT_EQ(raw.text(k_kept), "");
  }
  // The writer, which ran the migrations, has its foreign keys on again.
  ASSERT_FALSE(connections.empty());
  {
    auto keys = connections.front()->prepare("PRAGMA foreign_keys");
    ASSERT_TRUE(keys.ok()) << keys.error().describe();
    auto row = keys->step("read foreign_keys");
    ASSERT_TRUE(row.ok() && *row);
    EXPECT_EQ(keys->int64(0), 1);
  }
  auto st = (*store)->run([](Transaction& tx) { return write_report(tx, "MMS"); });
  ASSERT_TRUE(st.ok()) << st.error().describe();
  {
    RawDb raw(path);
    EXPECT_EQ(raw.text("SELECT group_concat(id, ' ') FROM progress_reports"), "1 2");
    EXPECT_EQ(raw.text("SELECT max(id) = count(*) FROM history"), "1");
    EXPECT_EQ(raw.text(k_kept), "");
  }
  auto verified = (*store)->verify(*options.key, std::nullopt);
  ASSERT_TRUE(verified.ok()) << verified.error().describe();
  EXPECT_EQ(verified->problems, std::vector<std::string>{});
}

// A store whose rows refer to rows it does not have (written with foreign
// keys off) is not rebuilt: opening it names the first such row, and the
// store is as it was.
TEST(SqliteStoreTest, AStoreWithARowReferringToNothingIsNotRebuilt) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  OpenOptions options = test_options();
  {
    auto store = open_store(path.string(), options);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    auto st = (*store)->run(write_issued_evaluation);
    ASSERT_TRUE(st.ok()) << st.error().describe();
  }
  {
    RawDb raw(path);
    ASSERT_EQ(raw.exec(std::string(k_undo_last_fact) + k_undo_appends +
                       "INSERT INTO report_actions_done (report, position, action) VALUES (41, 0, 1)"),
              "");
  }
  auto store = open_store(path.string(), options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().message, "apply migration 0020_appends_without_autoincrement to " + path.string() +
                                       ": a row of report_actions_done (rowid 1) refers to no row of "
                                       "progress_reports");
  RawDb raw(path);
  EXPECT_EQ(raw.text("SELECT max(version) FROM schema_version"), "19");
  EXPECT_EQ(raw.text("SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%AUTOINCREMENT%'"), "11");
}

// A store from before the rates were kept (schema 8) gets them on opening,
// as steps would have kept them: a row per year of issue and per unit.
TEST(SqliteStoreTest, AStoreFromBeforeTheKeptRatesGetsThemOnOpening) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  OpenOptions options = test_options();
  const std::string k_rates =
      "SELECT group_concat(scope || ' ' || key || ' ' || recommendations || ' ' || acceptance_n || '/' || "
      "acceptance_d || ' ' || on_time_n || '/' || on_time_d || ' ' || action_completion_n || '/' || "
      "action_completion_d || ' ' || pending, ';') FROM (SELECT * FROM rates_counters ORDER BY scope, key)";
  {
    auto store = open_store(path.string(), options);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    auto st = (*store)->run(write_issued_evaluation);
    ASSERT_TRUE(st.ok()) << st.error().describe();
  }
  // Three recommendations of 2001 for MMS: one answered (accepted, after
  // the due date, with an action not done), two pending.
  const std::string expected = "unit MMS 3 1/1 0/1 0/1 2;year 2001 3 1/1 0/1 0/1 2";
  {
    RawDb raw(path);
    ASSERT_EQ(raw.text(k_rates), expected);
    ASSERT_EQ(raw.exec(std::string(k_undo_last_fact) + k_undo_listed + k_undo_rates +
                       "DELETE FROM schema_version WHERE version >= 9"),
              "");
  }
  auto store = open_store(path.string(), options);
  ASSERT_TRUE(store.ok()) << store.error().describe();
  RawDb raw(path);
  EXPECT_EQ(raw.text(k_rates), expected);
}

// A store from before the owed key actions were kept (schema 9) gets them
// on opening, as steps would have kept them.
TEST(SqliteStoreTest, AStoreFromBeforeTheOwedActionsGetsThemOnOpening) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  OpenOptions options = test_options();
  const std::string k_owed =
      "SELECT group_concat(action || ' ' || evaluation || '#' || number || ' ' || position || ' ' || unit || "
      "' ' "
      "|| responding_unit || ' ' || due || ' ' || original_due, ';') FROM (SELECT * FROM owed_actions ORDER "
      "BY action)";
  {
    auto store = open_store(path.string(), options);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    auto st = (*store)->run(write_issued_evaluation);
    ASSERT_TRUE(st.ok()) << st.error().describe();
  }
  // The one action, owed on the issued, open recommendation #2.
  const std::string expected = "1 PLACMI-2#2 0 MMS MMS 2002-03-31 2002-03-31";
  {
    RawDb raw(path);
    ASSERT_EQ(raw.text(k_owed), expected);
    ASSERT_EQ(raw.exec(std::string(k_undo_last_fact) + k_undo_listed + k_undo_owed +
                       "DELETE FROM schema_version WHERE version >= 10"),
              "");
  }
  auto store = open_store(path.string(), options);
  ASSERT_TRUE(store.ok()) << store.error().describe();
  RawDb raw(path);
  EXPECT_EQ(raw.text(k_owed), expected);
}

// A store from before the key actions' due dates were kept (schema 6) gets
// them filled when it is opened, as steps would have kept them.
TEST(SqliteStoreTest, AStoreFromBeforeActionsDueGetsThemFilledOnOpening) {
  TempDir dir;
  auto path = dir.path() / "followup.db";
  OpenOptions options = test_options();
  const std::string k_actions_due =
      "SELECT group_concat(recommendation || ':' || coalesce(actions_due, '-'), ';') "
      "FROM (SELECT * FROM followup_index WHERE unit = '' ORDER BY recommendation)";
  {
    auto store = open_store(path.string(), options);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    auto st = (*store)->run(write_issued_evaluation);
    ASSERT_TRUE(st.ok()) << st.error().describe();
  }
  {
    RawDb raw(path);
    ASSERT_EQ(raw.text(k_actions_due), "1:-;2:2002-03-31;3:-");
    // Back to schema 6.
    ASSERT_EQ(raw.exec(std::string(k_undo_last_fact) + k_undo_listed + k_undo_rates +
                       "DROP INDEX followup_index_owing; ALTER TABLE followup_index DROP COLUMN actions_due; "
                       "DROP INDEX key_actions_unit; DELETE FROM schema_version WHERE version >= 7"),
              "");
  }
  auto store = open_store(path.string(), options);
  ASSERT_TRUE(store.ok()) << store.error().describe();
  RawDb raw(path);
  EXPECT_EQ(raw.text(k_actions_due), "1:-;2:2002-03-31;3:-");
}

// The first write checks every page of a store up to the size set, and
// not of a larger one: the check is one statement more on that write, and
// only on the first.
TEST(SqliteStoreTest, TheFirstWriteChecksThePagesOfAStoreUpToTheSizeSet) {
  TempDir dir;
  const auto path = (dir.path() / "followup.db").string();
  auto statements_of_two_writes = [&](std::uint64_t max_bytes) {
    OpenOptions options = test_options();
    options.check_before_write_max_bytes = max_bytes;
    auto store = open_store(path, options);
    EXPECT_TRUE(store.ok()) << store.error().describe();
    std::vector<long long> counts;
    for (int i = 0; i < 2; ++i) {
      const long long before = (*store)->statements_run();
      EXPECT_TRUE((*store)->run([](Transaction&) -> Status { return {}; }).ok());
      counts.push_back((*store)->statements_run() - before);
    }
    return counts;
  };
  const auto unchecked = statements_of_two_writes(0);
  const auto checked = statements_of_two_writes(k_check_before_write_max_bytes);
  ASSERT_EQ(unchecked.size(), 2U);
  ASSERT_EQ(checked.size(), 2U);
  EXPECT_EQ(checked[0], unchecked[0] + 1);
  EXPECT_EQ(checked[1], unchecked[1]);
  EXPECT_EQ(unchecked[0], unchecked[1]);
}

}  // namespace
}  // namespace followup
