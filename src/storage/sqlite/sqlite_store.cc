#include "storage/sqlite/sqlite_store.h"

#include <filesystem>
#include <mutex>
#include <system_error>

#include "storage/migrations/migrations.h"
#include "storage/sqlite/detail/database.h"
#include "storage/sqlite/detail/sqlite_transaction.h"

namespace followup {

namespace {

using sqlite_detail::Database;
using sqlite_detail::SqliteTransaction;
using storage_detail::Migration;

// How long a writer waits for another process's lock before giving up with
// unavailable. Long enough for any single command's transaction.
constexpr int k_busy_timeout_ms = 5000;
// Pages a backup copies per step (4 MiB at the default page size).
constexpr int k_backup_pages_per_step = 1024;

Result<long long> single_integer(Database& db, const char* sql, std::string_view what) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.error();
  auto row = stmt->step(what);
  if (!row) return row.error();
  if (!*row) return make_error(ErrorCode::internal, std::string(what) + ": no answer");
  return stmt->int64(0);
}

Status configure(Database& db) {
  std::string where = "open the store " + db.path();
  if (auto st = db.exec("PRAGMA busy_timeout = " + std::to_string(k_busy_timeout_ms), where); !st) return st;
  // journal_mode answers the mode now in force; anything but "wal" (an
  // in-memory or read-only database) breaks the durability rules.
  {
    auto stmt = db.prepare("PRAGMA journal_mode = WAL");
    if (!stmt) return stmt.error();
    auto row = stmt->step(where);
    if (!row) return row.error();
    std::string mode = *row ? stmt->text(0) : "";
    if (mode != "wal")
      return make_error(ErrorCode::unavailable,
                        where + ": cannot switch to write-ahead logging (journal mode is '" + mode + "')");
  }
  if (auto st = db.exec("PRAGMA foreign_keys = ON", where); !st) return st;
  return db.exec("PRAGMA synchronous = FULL", where);
}

Status migrate(Database& db) {
  const std::string& path = db.path();
  auto schema_version_exists = single_integer(
      db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'",
      "read the store's schema version");
  if (!schema_version_exists) return schema_version_exists.error();
  if (*schema_version_exists == 0) {
    auto other_tables = single_integer(
        db,
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
        "read the store's tables");
    if (!other_tables) return other_tables.error();
    if (*other_tables > 0)
      return make_error(
          ErrorCode::failed_precondition,
          path + " is an SQLite database but not a followup store (it has no schema_version table)");
    if (auto st = db.exec(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at TEXT NOT NULL) STRICT",
            "create the schema_version table in " + path);
        !st)
      return st;
  }

  auto migrations = storage_detail::sqlite_migrations();
  int newest = migrations.empty() ? 0 : migrations.back().version;
  for (const Migration& migration : migrations) {
    std::string what = "apply migration " + std::string(migration.name) + " to " + path;
    if (auto st = db.exec("BEGIN IMMEDIATE", what); !st) return st;
    // Read inside the write lock: another process may have migrated since.
    auto current = single_integer(db, "SELECT coalesce(max(version), 0) FROM schema_version", what);
    Status applied;
    if (!current) {
      applied = current.error();
    } else if (*current > newest) {
      applied = make_error(ErrorCode::failed_precondition,
                           "the store " + path + " has schema version " + std::to_string(*current) +
                               ", newer than this followup knows (" + std::to_string(newest) +
                               "): use a newer followup");
    } else if (*current < migration.version) {
      applied = db.exec(std::string(migration.sql), what);
      if (applied) {
        auto record = db.prepare(
            "INSERT INTO schema_version (version, name, applied_at) "
            "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
        if (!record)
          applied = record.error();
        else
          applied = record->bind(1, migration.version).bind(2, migration.name).run(what);
      }
    }
    if (!applied) {
      if (!db.autocommit()) static_cast<void>(db.exec("ROLLBACK", what));
      return applied;
    }
    if (auto st = db.exec("COMMIT", what); !st) {
      if (!db.autocommit()) static_cast<void>(db.exec("ROLLBACK", what));
      return st;
    }
  }
  // A store with no pending migration still must not be newer than us.
  auto current =
      single_integer(db, "SELECT coalesce(max(version), 0) FROM schema_version", "read schema version");
  if (!current) return current.error();
  if (*current > newest)
    return make_error(ErrorCode::failed_precondition, "the store " + path + " has schema version " +
                                                          std::to_string(*current) +
                                                          ", newer than this followup knows (" +
                                                          std::to_string(newest) + "): use a newer followup");
  return {};
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<Database> db) : m_db(std::move(db)) {}

  Status run(const std::function<Status(Transaction&)>& work) override { return transact(work, true); }
  Status read(const std::function<Status(Transaction&)>& work) override { return transact(work, false); }

  Result<std::vector<std::string>> integrity_problems() override {
    std::vector<std::string> found;
    auto st = in_snapshot("check the store " + m_db->path(), [&]() -> Status {
      auto problems = m_db->problems(Database::CheckDepth::full);
      if (!problems) return problems.error();
      found = std::move(*problems);
      return {};
    });
    if (!st) return st.error();
    return found;
  }

  Status backup_to(std::string_view path) override {
    return in_snapshot("back up the store " + m_db->path(),
                       [&] { return m_db->backup_to(std::string(path), k_backup_pages_per_step); });
  }

 private:
  // Runs `work` in a read transaction whose snapshot is taken at once and
  // held to the end, outside Store::run and Store::read.
  Status in_snapshot(const std::string& what, const std::function<Status()>& work) {
    std::lock_guard lock(m_mutex);
    if (m_in_transaction)
      return make_error(ErrorCode::failed_precondition, what + ": refused inside a store transaction");
    if (auto st = m_db->exec("BEGIN DEFERRED", what); !st) return st;
    auto snapshot = single_integer(*m_db, "SELECT count(*) FROM sqlite_schema", what);
    Status result = snapshot ? work() : Status{snapshot.error()};
    if (!m_db->autocommit()) static_cast<void>(m_db->exec("ROLLBACK", what));
    return result;
  }

  // A write on a damaged b-tree can spread the damage (a bad free-list page
  // handed out again overwrites live rows), so the first write on a Store
  // checks every page's structure first. O(size of the store): measured in
  // docs/storage.md, and why reads do not pay it.
  Status check_before_first_write() {
    if (m_pages_checked) return {};
    auto problems = m_db->problems(Database::CheckDepth::quick);
    if (!problems) return problems.error();
    if (!problems->empty()) return damaged_store_error(problems->front());
    m_pages_checked = true;
    return {};
  }

  Status transact(const std::function<Status(Transaction&)>& work, bool writable) {
    std::lock_guard lock(m_mutex);
    if (m_in_transaction)
      return make_error(ErrorCode::failed_precondition,
                        "a store transaction was started inside another; do all the work in one");
    if (auto st = check_file(); !st) return st;
    if (writable) {
      if (auto st = check_before_first_write(); !st) return st;
    }
    const char* begin = writable ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED";
    if (auto st = m_db->exec(begin, "begin a transaction on " + m_db->path()); !st) return st;
    m_in_transaction = true;
    SqliteTransaction tx(*m_db, writable);
    Status result;
    try {
      result = work(tx);
    } catch (...) {
      end_failed();
      throw;
    }
    if (!result) {
      end_failed();
      return result;
    }
    if (m_db->autocommit()) {
      // SQLite rolled back by itself after a failure the work ignored.
      m_in_transaction = false;
      return make_error(ErrorCode::internal,
                        "the transaction on " + m_db->path() +
                            " was rolled back after an earlier failure; nothing was written");
    }
    // Checked last thing before COMMIT: a commit into a removed file would be
    // acknowledged and then lost when the connection closes.
    if (auto st = check_file(); !st) {
      end_failed();
      return st;
    }
    if (auto st = m_db->exec("COMMIT", "commit to " + m_db->path()); !st) {
      end_failed();
      return st;
    }
    m_in_transaction = false;
    return {};
  }

  Status check_file() {
    if (!m_db->file_has_moved()) return {};
    return make_error(ErrorCode::unavailable, "the store file " + m_db->path() +
                                                  " was removed or renamed while open; nothing was written");
  }

  void end_failed() {
    if (!m_db->autocommit()) static_cast<void>(m_db->exec("ROLLBACK", "roll back"));
    m_in_transaction = false;
  }

  std::unique_ptr<Database> m_db;
  // One connection serves one transaction at a time; a recursive mutex lets
  // a nested call from the same thread reach the refusal instead of deadlocking.
  std::recursive_mutex m_mutex;
  bool m_in_transaction = false;
  bool m_pages_checked = false;
};

}  // namespace

int sqlite_schema_version() {
  auto migrations = storage_detail::sqlite_migrations();
  return migrations.empty() ? 0 : migrations.back().version;
}

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path) {
  if (path.empty()) return make_error(ErrorCode::invalid_argument, "the store's path is empty");
  std::filesystem::path folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
      return make_error(ErrorCode::unavailable,
                        "cannot create the folder " + folder.string() + " for the store: " + ec.message());
  }
  auto db = Database::open(path);
  if (!db) return db.error();
  if (auto st = configure(**db); !st) return st.error();
  if (auto st = migrate(**db); !st) return st.error();
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(*db)));
}

}  // namespace followup
