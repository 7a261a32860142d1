#include "storage/sqlite/sqlite_store.h"

#include <filesystem>
#include <mutex>
#include <optional>
#include <system_error>
#include <vector>

#include "storage/journal.h"
#include "storage/migrations/migrations.h"
#include "storage/sql/sql_store.h"
#include "storage/sql/sql_transaction.h"
#include "storage/sqlite/detail/database.h"
#include "util/sha256.h"

namespace followup {

namespace {

using sql::SqlTransaction;
using sqlite_detail::Database;
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

// What every connection sets: how long it waits for another's lock; extra
// checks of each b-tree page as it is read, so that damage is reported
// rather than spread, also where the first write's full check is not run;
// and a page cache big enough for the kept index's hot pages, small enough
// that a command stays far below its memory bound (docs/performance.md).
Status configure_connection(Database& db, const std::string& where) {
  if (auto st = db.exec("PRAGMA busy_timeout = " + std::to_string(k_busy_timeout_ms), where); !st) return st;
  if (auto st = db.exec("PRAGMA cell_size_check = ON", where); !st) return st;
  return db.exec("PRAGMA cache_size = -32768", where);
}

Status configure_writer(Database& db) {
  std::string where = "open the store " + db.path();
  if (auto st = configure_connection(db, where); !st) return st;
  // journal_mode answers the mode now in force; anything but "wal" (an
  // in-memory or read-only database) breaks the durability rules, and
  // readers on their own connections would wait for the writer.
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

// A reader never writes: query_only makes SQLite refuse it too.
Status configure_reader(Database& db) {
  std::string where = "open the store " + db.path();
  if (auto st = configure_connection(db, where); !st) return st;
  return db.exec("PRAGMA query_only = ON", where);
}

// The last migration that changes the kept index's columns or tables (0004
// made it; 0007_actions_due.sql, 0009_rates_counters.sql and
// 0010_owed_actions.sql added to it): the index is built from the data
// there, in the same transaction, for every store migrated across it (the
// code writes every column, so it cannot be built at 0004 any more; a
// store stopped between the two has an empty index until 0010 runs).
constexpr int k_index_columns_migration = 10;

// Whether a migration begins with the line that asks for foreign keys off:
// one that rebuilds a table others refer to (the drop would otherwise break
// their foreign keys). They are off around its transaction, and checked
// before it commits, as SQLite's procedure for such changes says.
bool wants_foreign_keys_off(const Migration& migration) {
  return migration.sql.starts_with("-- followup: foreign keys off\n");
}

// Any row whose foreign key points nowhere, as an error; none, success.
Status check_foreign_keys(Database& db, const std::string& what) {
  auto stmt = db.prepare("PRAGMA foreign_key_check");
  if (!stmt) return stmt.error();
  auto row = stmt->step(what);
  if (!row) return row.error();
  if (!*row) return {};
  return make_error(ErrorCode::internal, what + ": a row of " + stmt->text(0) + " (rowid " +
                                             std::to_string(stmt->int64(1)) + ") refers to no row of " +
                                             stmt->text(2));
}

// The store at `path` has schema `version`, above the `newest` we know.
Error newer_than_known(const std::string& path, long long version, int newest) {
  return make_error(ErrorCode::failed_precondition, "the store " + path + " has schema version " +
                                                        std::to_string(version) +
                                                        ", newer than this followup knows (" +
                                                        std::to_string(newest) + "): use a newer followup");
}

// The store's schema version: the newest migration it has (0: none).
Result<long long> schema_version(Database& db, const std::string& what) {
  return single_integer(db, "SELECT coalesce(max(version), 0) FROM schema_version", what);
}

// What migration `migration` is applied as, in messages.
std::string migration_what(const Migration& migration, const std::string& path) {
  return "apply migration " + std::string(migration.name) + " to " + path;
}

// `migration`, inside the open transaction, unless the store has it
// already (read inside the write lock: another process may have migrated
// since).
Status apply_migration(Database& db, const Migration& migration, int newest) {
  const std::string& path = db.path();
  const std::string what = migration_what(migration, path);
  auto current = schema_version(db, what);
  if (!current) return current.error();
  if (*current > newest) return newer_than_known(path, *current, newest);
  if (*current >= migration.version) return {};
  if (auto st = db.exec(std::string(migration.sql), what); !st) return st;
  // The kept index is derived from the data: a store that had data before
  // it existed, or before its last column, gets it built.
  if (migration.version == k_index_columns_migration) {
    SqlTransaction build(db, true, nullptr);
    build.keep_last_fact(false);
    if (auto st = build.rebuild_followup_index(); !st) return st;
  }
  if (wants_foreign_keys_off(migration)) {
    if (auto st = check_foreign_keys(db, what); !st) return st;
  }
  auto record = db.prepare(
      "INSERT INTO schema_version (version, name, applied_at) "
      "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
  if (!record) return record.error();
  return record->bind(1, migration.version).bind(2, migration.name).run(what);
}

// `body` in one BEGIN IMMEDIATE transaction: committed when it succeeds,
// rolled back when it or the commit fails.
Status in_transaction(Database& db, const std::string& what, const std::function<Status()>& body) {
  if (auto st = db.exec("BEGIN IMMEDIATE", what); !st) return st;
  Status done = body();
  if (done) done = db.exec("COMMIT", what);
  if (!done && db.in_transaction()) static_cast<void>(db.exec("ROLLBACK", what));
  return done;
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

  auto before = schema_version(db, "read schema version");
  if (!before) return before.error();
  auto migrations = storage_detail::sqlite_migrations();
  int newest = migrations.empty() ? 0 : migrations.back().version;
  if (*before > newest) return newer_than_known(path, *before, newest);
  // Versions only grow: one the store had before is applied.
  long long applied = *before;
  if (applied == 0) {
    // A new store: every migration in one transaction, so that its WAL
    // holds each page once, as it ends, rather than once for each
    // migration that wrote it, and one sync makes the store. Its tables
    // are empty: a migration's foreign keys need not be off.
    auto st = in_transaction(db, "create the store " + path, [&]() -> Status {
      for (const Migration& migration : migrations)
        if (auto one = apply_migration(db, migration, newest); !one) return one;
      return {};
    });
    if (!st) return st;
    applied = newest;
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= applied) continue;
    const std::string what = migration_what(migration, path);
    const bool keys_off = wants_foreign_keys_off(migration);
    // Outside a transaction, where the pragma takes effect; back on below
    // on every way out.
    if (keys_off) {
      if (auto st = db.exec("PRAGMA foreign_keys = OFF", what); !st) return st;
    }
    Status done = in_transaction(db, what, [&] { return apply_migration(db, migration, newest); });
    if (keys_off) {
      if (auto st = db.exec("PRAGMA foreign_keys = ON", what); !st && done) done = st;
    }
    if (!done) return done;
    applied = migration.version;
  }
  // Migrations applied (a new store has them all): their pages move from
  // the WAL to the file now and the WAL is emptied, rather than keeping
  // its size (0.4 MB for a new store) as long as the store stays open.
  // Best effort: a reader of another process may hold the WAL, and the
  // next checkpoint then does it.
  if (applied > *before) static_cast<void>(db.exec("PRAGMA wal_checkpoint(TRUNCATE)", "checkpoint " + path));
  return {};
}

// The data tables verify compares: every table but the history itself,
// the accounts, the outbox and the calendar feeds (store.h: outside the history) and SQLite's and
// the migrator's bookkeeping.
Result<std::vector<std::string>> data_tables(Database& db) {
  auto stmt = db.prepare(
      "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT IN ('history', "
      "'schema_version', 'credentials', 'sessions', 'reminder_days', 'outbox', 'calendar_feeds') "
      "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  if (!stmt) return stmt.error();
  std::vector<std::string> out;
  while (true) {
    auto row = stmt->step("list the store's tables");
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(stmt->text(0));
  }
}

// A comma-separated column list without `column`.
std::string remove_column(const std::string& cols, std::string_view column) {
  std::string out;
  std::size_t start = 0;
  while (start <= cols.size()) {
    auto comma = cols.find(',', start);
    const std::string col =
        cols.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (col != column) out += (out.empty() ? "" : ",") + col;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string join_all(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto part : parts) out += part;
  return out;
}

// A row as "(col=value, ...)", values quoted as SQL literals, at most a
// line's worth.
Result<std::string> describe_row(Database& db, const std::string& sql, std::string_view what) {
  auto stmt = db.prepare(sql.c_str());
  if (!stmt) return stmt.error();
  auto row = stmt->step(what);
  if (!row) return row.error();
  if (!*row) return std::string();
  std::string text = stmt->text(0);
  if (text.size() > 300) text = text.substr(0, 300) + "...";
  return text;
}

class SqliteStore final : public sql::SqlStore {
 public:
  SqliteStore(std::unique_ptr<Database> db, const OpenOptions& options, sql::ConnectionWrapper wrap)
      : SqlStore(std::move(db), options.key, options.journal, options.keep_index, std::move(wrap)),
        m_db(&static_cast<Database&>(writer_connection())),
        m_check_max_bytes(options.check_before_write_max_bytes) {}

  Result<std::vector<std::string>> integrity_problems() override {
    std::vector<std::string> found;
    auto st = in_snapshot("check the store " + m_db->path(), [&](Database& db) -> Status {
      auto problems = db.problems(Database::CheckDepth::full);
      if (!problems) return problems.error();
      found = std::move(*problems);
      return {};
    });
    if (!st) return st.error();
    return found;
  }

  Status backup_to(std::string_view path) override {
    return in_snapshot("back up the store " + m_db->path(), [&](Database& db) {
      return db.backup_to(std::string(path), k_backup_pages_per_step);
    });
  }

  Result<VerifyReport> verify(const HistoryKey& key, std::optional<std::string_view> head) override {
    VerifyReport report;
    auto& problems = report.problems;
    // 1. The file itself.
    {
      std::lock_guard lock(writer_mutex());
      auto stmt = m_db->prepare("PRAGMA integrity_check");
      if (!stmt) return stmt.error();
      while (true) {
        auto row = stmt->step("check the store's integrity");
        if (!row) return row.error();
        if (!*row) break;
        if (stmt->text(0) != "ok") problems.push_back("the database file is damaged: " + stmt->text(0));
      }
      if (!problems.empty()) return report;
    }
    // 2. and 3. In one pass over the chain, a page at a time so that
    // memory stays bounded however long it is: each entry's hash and MAC,
    // the head seen earlier, and its ops replayed into a scratch store,
    // whose kept index is then built once from all its facts, and whose
    // tables are compared with these.
    const std::string scratch = m_db->path() + ".verify-" + util::to_hex(util::random_bytes(6));
    auto cleanup = [&] {
      std::error_code ec;
      for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(scratch + suffix, ec);
    };
    cleanup();
    {
      OpenOptions scratch_options;
      scratch_options.create = true;
      scratch_options.journal = false;
      scratch_options.keep_index = false;
      auto replica = open_sqlite_store(scratch, scratch_options);
      if (!replica) return replica.error();
      auto replayed = storage_detail::replay_history(*this, **replica, key, head, report);
      // open_sqlite_store makes a SqlStore.
      if (replayed && problems.empty()) replayed = static_cast<sql::SqlStore&>(**replica).build_kept_index();
      if (!replayed) {
        cleanup();
        return replayed.error();
      }
    }
    if (problems.empty()) {
      auto compared = compare_with(scratch, problems);
      if (!compared) {
        cleanup();
        return compared.error();
      }
    }
    cleanup();
    return report;
  }

 private:
  Result<std::unique_ptr<sql::Connection>> open_reader() override {
    // Never creates the file: a reader opened after the store's file was
    // removed must fail, not read an empty new one.
    auto db = Database::open(m_db->path(), Database::Missing::refuse);
    if (!db) return db.error();
    if (auto st = configure_reader(**db); !st) return st.error();
    return std::unique_ptr<sql::Connection>(std::move(*db));
  }

  [[nodiscard]] std::string_view begin_statement(bool writable) const override {
    return writable ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED";
  }

  // Every connection the store checks is one open_reader or open_sqlite_store
  // made: a Database.
  Status check_connection(sql::Connection& connection) override {
    const auto& db = static_cast<const Database&>(connection);
    if (!db.file_has_moved()) return {};
    return make_error(ErrorCode::unavailable, "the store file " + db.path() +
                                                  " was removed or renamed while open; nothing was written");
  }

  // A write on a damaged b-tree can spread the damage (a bad free-list page
  // handed out again overwrites live rows), so the first write on a Store
  // checks every page's structure first, up to a size: O(size of the
  // store), measured in docs/storage.md, and why reads do not pay it.
  Status check_before_first_write() override {
    if (file_bytes() > m_check_max_bytes) return {};
    auto problems = m_db->problems(Database::CheckDepth::quick);
    if (!problems) return problems.error();
    if (!problems->empty()) return damaged_store_error(problems->front());
    return {};
  }

  [[nodiscard]] const std::string& where() const override { return m_db->path(); }

  // The file and its write-ahead log.
  [[nodiscard]] std::uint64_t file_bytes() const {
    std::uint64_t total = 0;
    for (const std::string& name : {m_db->path(), m_db->path() + "-wal"}) {
      std::error_code ec;
      const auto size = std::filesystem::file_size(name, ec);
      if (!ec) total += size;
    }
    return total;
  }

  // Compares every data table with the replayed copy; the first rows that
  // differ are reported.
  Status compare_with(const std::string& scratch, std::vector<std::string>& problems) {
    std::lock_guard lock(writer_mutex());
    auto attach = m_db->prepare("ATTACH DATABASE ?1 AS replay");
    if (!attach) return attach.error();
    if (auto st = attach->bind(1, scratch).run("open the replayed store"); !st) return st;
    auto detach = [&] {
      static_cast<void>(m_db->exec("DETACH DATABASE replay", "close the replayed store"));
    };
    Status result = m_db->exec("BEGIN DEFERRED", "compare the store with its history");
    if (result) {
      auto tables = data_tables(*m_db);
      if (!tables) result = tables.error();
      for (std::size_t t = 0; result && tables && t < tables->size() && problems.empty(); ++t) {
        const std::string& table = (*tables)[t];
        auto columns = m_db->prepare("SELECT group_concat(name, ',') FROM pragma_table_info(?1)");
        if (!columns) {
          result = columns.error();
          break;
        }
        columns->bind(1, table);
        auto row = columns->step("read the columns of " + table);
        if (!row) {
          result = row.error();
          break;
        }
        // A recommendation's version counts the writes that touched it:
        // a store migrated from before the index counts from 1, its replay
        // from the first write. Every other column must match.
        std::string cols = columns->text(0);
        if (table == "followup_index") cols = remove_column(cols, "version");
        // A row as text: each column name=quote(value), blobs by hash.
        std::string shown;
        std::size_t start = 0;
        while (start <= cols.size()) {
          auto comma = cols.find(',', start);
          const std::string col =
              cols.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
          if (!shown.empty()) shown += " || ', ' || ";
          shown += "'";
          shown += col;
          shown += "=' || quote(\"";
          shown += col;
          shown += "\")";
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
        for (int side = 0; side < 2 && problems.empty(); ++side) {
          const std::string a = side == 0 ? "main" : "replay";
          const std::string b = side == 0 ? "replay" : "main";
          const std::string sql =
              join_all({"SELECT ", shown, " FROM (SELECT ", cols, " FROM ", a, ".\"", table,
                        "\" EXCEPT SELECT ", cols, " FROM ", b, ".\"", table, "\") LIMIT 1"});
          auto found = describe_row(*m_db, sql, "compare " + table);
          if (!found) {
            result = found.error();
            break;
          }
          if (!found->empty())
            problems.push_back(
                side == 0 ? "table " + table + " has a row its history does not make: (" + *found + ")"
                          : "table " + table + " lacks a row its history makes: (" + *found + ")");
        }
      }
      static_cast<void>(m_db->exec("ROLLBACK", "end the comparison"));
    }
    detach();
    return result;
  }

  // Runs `work` on a reader, in a read transaction whose snapshot is taken
  // at once and held to the end, outside Store::run and Store::read.
  Status in_snapshot(const std::string& what, const std::function<Status(Database& db)>& work) {
    return with_reader(what, [&](sql::Connection& reader) -> Status {
      auto& db = static_cast<Database&>(reader);
      if (auto st = db.exec("BEGIN DEFERRED", what); !st) return st;
      auto snapshot = single_integer(db, "SELECT count(*) FROM sqlite_schema", what);
      Status result = snapshot ? work(db) : Status{snapshot.error()};
      if (db.in_transaction()) static_cast<void>(db.exec("ROLLBACK", what));
      return result;
    });
  }

  // The writer, for what only SQLite can do (checks, backups, verify).
  Database* m_db;
  std::uint64_t m_check_max_bytes = k_check_before_write_max_bytes;
};

}  // namespace

int sqlite_schema_version() {
  auto migrations = storage_detail::sqlite_migrations();
  return migrations.empty() ? 0 : migrations.back().version;
}

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, const OpenOptions& options,
                                                 ConnectionWrapper wrap) {
  if (path.empty()) return make_error(ErrorCode::invalid_argument, "the store's path is empty");
  if (!options.create) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return make_error(ErrorCode::not_found, "no store at " + path);
  }
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
  if (auto st = configure_writer(**db); !st) return st.error();
  if (auto st = migrate(**db); !st) return st.error();
  auto store = std::make_unique<SqliteStore>(std::move(*db), options, std::move(wrap));
  if (auto st = store->open_first_reader(); !st) return st.error();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace followup
