#include "storage/sqlite/sqlite_store.h"

#include <filesystem>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <vector>

#include "storage/journal.h"
#include "storage/migrations/migrations.h"
#include "storage/sql/sql_transaction.h"
#include "storage/sqlite/detail/database.h"
#include "util/number.h"
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

// What every connection sets: how long it waits for another's lock, and a
// page cache big enough for the kept index's hot pages, small enough that a
// command stays far below its memory bound (docs/performance.md).
Status configure_connection(Database& db, const std::string& where) {
  if (auto st = db.exec("PRAGMA busy_timeout = " + std::to_string(k_busy_timeout_ms), where); !st) return st;
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

// History entries verify reads at a time.
constexpr int k_verify_page = 500;

// The migration that adds the kept index (0004_followup_index.sql).
constexpr int k_followup_index_migration = 4;

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
      // The kept index is derived from the data: a store that had data
      // before it existed gets it built in the same transaction.
      if (applied && migration.version == k_followup_index_migration)
        applied = SqlTransaction(db, true, nullptr).rebuild_followup_index();
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
      if (db.in_transaction()) static_cast<void>(db.exec("ROLLBACK", what));
      return applied;
    }
    if (auto st = db.exec("COMMIT", what); !st) {
      if (db.in_transaction()) static_cast<void>(db.exec("ROLLBACK", what));
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

// The data tables verify compares: every table but the history itself and
// SQLite's and the migrator's bookkeeping.
Result<std::vector<std::string>> data_tables(Database& db) {
  auto stmt = db.prepare(
      "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT IN ('history', "
      "'schema_version') "
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

// A connection of the store: SQLite's, and what the SQL layer runs on (that
// one, or a test's wrapper of it).
struct Connection {
  std::unique_ptr<Database> db;
  std::unique_ptr<sql::Connection> wrapper;
  sql::Connection& sql() { return wrapper ? *wrapper : *db; }
};

Connection wrapped(std::unique_ptr<Database> db, const ConnectionWrapper& wrap) {
  Connection out{std::move(db), nullptr};
  if (wrap) out.wrapper = wrap(*out.db);
  return out;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<Database> db, std::optional<HistoryKey> key, bool journal,
              ConnectionWrapper wrap)
      : m_writer(wrapped(std::move(db), wrap)),
        m_db(m_writer.db.get()),
        m_key(std::move(key)),
        m_journal(journal),
        m_wrap(std::move(wrap)) {}

  Status run(const std::function<Status(Transaction&)>& work) override {
    ThreadEntry entry(*this);
    if (entry.nested()) return nested_error();
    std::lock_guard lock(m_mutex);
    return transact(m_writer, work, true);
  }

  // On a connection of its own, so that it never waits for a writer: in
  // WAL mode its snapshot is the last commit when it begins.
  Status read(const std::function<Status(Transaction&)>& work) override {
    ThreadEntry entry(*this);
    if (entry.nested()) return nested_error();
    auto reader = take_reader();
    if (!reader) return reader.error();
    ReaderLease lease(*this, *reader);
    return transact(lease.connection(), work, false);
  }

  // Opens the first reader with the store, so that no command's count of
  // statements includes opening one.
  Status open_reader() {
    auto reader = take_reader();
    if (!reader) return reader.error();
    ReaderLease lease(*this, *reader);
    return {};
  }

  long long statements_run() override {
    std::lock_guard lock(m_pool_mutex);
    long long total = m_writer.sql().statements_run();
    for (const auto& reader : m_readers) total += reader->sql().statements_run();
    return total;
  }

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

  Result<VerifyReport> verify(const HistoryKey& key, std::optional<std::string_view> head) override {
    VerifyReport report;
    auto& problems = report.problems;
    // 1. The file itself.
    {
      std::lock_guard lock(m_mutex);
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
    // whose tables are then compared with these.
    const std::string scratch = m_db->path() + ".verify-" + util::to_hex(util::random_bytes(6));
    auto cleanup = [&] {
      std::error_code ec;
      for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(scratch + suffix, ec);
    };
    cleanup();
    {
      auto replica = open_sqlite_store(scratch, OpenOptions{true, std::nullopt, false});
      if (!replica) return replica.error();
      HeadCheck seen_head(head);
      auto replayed = (*replica)->run([&](Transaction& out) -> Status {
        return read([&](Transaction& live) -> Status {
          auto blobs = [&](std::string_view sha) { return live.get_blob(sha); };
          HistoryChainCheck chain(&key);
          // After the first fault the chain is still read to its end, for
          // its head and the head seen earlier, but nothing more replayed.
          bool broken = false;
          long long after = 0;
          while (true) {
            auto page = live.history_after(after, k_verify_page);
            if (!page) return page.error();
            for (const HistoryEntry& entry : *page) {
              report.entries = entry.id;
              report.head_hash = entry.hash;
              seen_head.see(entry, problems);
              if (broken) continue;
              if (auto fault = chain.next(entry)) {
                problems.push_back(fault->message);
                broken = true;
              } else if (auto st = storage_detail::replay_ops(out, entry.event.ops, blobs); !st) {
                problems.push_back("history entry " + std::to_string(entry.id) + " (" + entry.event.action +
                                   " " + entry.event.entity + ") does not replay: " + st.error().message);
                broken = true;
              }
            }
            if (page->size() < static_cast<std::size_t>(k_verify_page)) break;
            after = page->back().id;
          }
          seen_head.finish(report.entries, problems);
          return {};
        });
      });
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
  // Checks, while the chain is read, that a head printed earlier ("N:HASH")
  // is still in it.
  class HeadCheck {
   public:
    explicit HeadCheck(std::optional<std::string_view> head) {
      if (!head) return;
      const auto colon = head->find(':');
      const auto parsed =
          colon == std::string_view::npos
              ? util::NumberParse{}
              : util::parse_whole_number(head->substr(0, colon), 0, std::numeric_limits<long long>::max());
      m_text = std::string(*head);
      m_malformed = !parsed.value;
      if (parsed.value) {
        m_entry = *parsed.value;
        m_hash = std::string(head->substr(colon + 1));
      }
    }
    void see(const HistoryEntry& entry, std::vector<std::string>& problems) {
      if (m_text.empty() || m_malformed || entry.id != m_entry) return;
      m_found = true;
      if (entry.hash != m_hash)
        problems.push_back("history entry " + std::to_string(m_entry) +
                           " is not the one seen earlier: its hash is " + entry.hash + ", not " + m_hash +
                           " (the chain was rewritten)");
    }
    void finish(long long entries, std::vector<std::string>& problems) const {
      if (m_text.empty()) return;
      if (m_malformed) {
        problems.push_back("the head '" + m_text + "' is not N:HASH");
        return;
      }
      if (m_entry == 0 || m_found) return;
      problems.push_back("history entry " + std::to_string(m_entry) + " seen earlier (hash " + m_hash +
                         ") is no longer in the chain, which has " + std::to_string(entries) +
                         " entries (entries were removed)");
    }

   private:
    std::string m_text;
    bool m_malformed = false;
    long long m_entry = 0;
    std::string m_hash;
    bool m_found = false;
  };

  // Compares every data table with the replayed copy; the first rows that
  // differ are reported.
  Status compare_with(const std::string& scratch, std::vector<std::string>& problems) {
    std::lock_guard lock(m_mutex);
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

  // Runs `work` in a read transaction whose snapshot is taken at once and
  // held to the end, outside Store::run and Store::read.
  Status in_snapshot(const std::string& what, const std::function<Status()>& work) {
    ThreadEntry entry(*this);
    if (entry.nested())
      return make_error(ErrorCode::failed_precondition, what + ": refused inside a store transaction");
    std::lock_guard lock(m_mutex);
    if (auto st = m_db->exec("BEGIN DEFERRED", what); !st) return st;
    auto snapshot = single_integer(*m_db, "SELECT count(*) FROM sqlite_schema", what);
    Status result = snapshot ? work() : Status{snapshot.error()};
    if (m_db->in_transaction()) static_cast<void>(m_db->exec("ROLLBACK", what));
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

  // Runs `work` in one transaction on `conn`, which the caller holds.
  Status transact(Connection& conn, const std::function<Status(Transaction&)>& work, bool writable) {
    sql::Connection& db = conn.sql();
    const std::string& path = conn.db->path();
    if (auto st = check_file(*conn.db); !st) return st;
    if (writable) {
      if (auto st = check_before_first_write(); !st) return st;
    }
    const char* begin = writable ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED";
    if (auto st = db.exec(begin, "begin a transaction on " + path); !st) return st;
    SqlTransaction inner(db, writable, m_key ? &*m_key : nullptr);
    storage_detail::JournalingTransaction journal(inner);
    Transaction& tx = m_journal ? static_cast<Transaction&>(journal) : inner;
    Status result;
    try {
      result = work(tx);
    } catch (...) {
      end_failed(db);
      throw;
    }
    if (result && journal.unrecorded_changes()) {
      result = make_error(ErrorCode::internal,
                          "a change without a history entry was refused; nothing was written");
    }
    if (!result) {
      end_failed(db);
      return result;
    }
    if (!db.in_transaction()) {
      // SQLite rolled back by itself after a failure the work ignored.
      return make_error(
          ErrorCode::internal,
          "the transaction on " + path + " was rolled back after an earlier failure; nothing was written");
    }
    // Checked last thing before COMMIT: a commit into a removed file would be
    // acknowledged and then lost when the connection closes.
    if (auto st = check_file(*conn.db); !st) {
      end_failed(db);
      return st;
    }
    if (auto st = db.exec("COMMIT", "commit to " + path); !st) {
      end_failed(db);
      return st;
    }
    return {};
  }

  static Status check_file(const Database& db) {
    if (!db.file_has_moved()) return {};
    return make_error(ErrorCode::unavailable, "the store file " + db.path() +
                                                  " was removed or renamed while open; nothing was written");
  }

  static void end_failed(sql::Connection& db) {
    if (db.in_transaction()) static_cast<void>(db.exec("ROLLBACK", "roll back"));
  }

  static Error nested_error() {
    return make_error(ErrorCode::failed_precondition,
                      "a store transaction was started inside another; do all the work in one");
  }

  // Marks the calling thread as inside a transaction of this store for its
  // lifetime; nested() when it already was (the outer one stays marked).
  class ThreadEntry {
   public:
    explicit ThreadEntry(SqliteStore& store) : m_store(store) {
      std::lock_guard lock(store.m_pool_mutex);
      m_nested = !store.m_busy_threads.insert(std::this_thread::get_id()).second;
    }
    ThreadEntry(const ThreadEntry&) = delete;
    ThreadEntry& operator=(const ThreadEntry&) = delete;
    ~ThreadEntry() {
      if (m_nested) return;
      std::lock_guard lock(m_store.m_pool_mutex);
      m_store.m_busy_threads.erase(std::this_thread::get_id());
    }
    [[nodiscard]] bool nested() const { return m_nested; }

   private:
    SqliteStore& m_store;
    bool m_nested = false;
  };

  // An idle reader, or a new one: the pool grows to the number of reads
  // running at once and keeps its connections until the store closes.
  Result<Connection*> take_reader() {
    {
      std::lock_guard lock(m_pool_mutex);
      if (!m_idle.empty()) {
        Connection* reader = m_idle.back();
        m_idle.pop_back();
        return reader;
      }
    }
    auto db = Database::open(m_db->path());
    if (!db) return db.error();
    if (auto st = configure_reader(**db); !st) return st.error();
    auto reader = std::make_unique<Connection>(wrapped(std::move(*db), m_wrap));
    std::lock_guard lock(m_pool_mutex);
    m_readers.push_back(std::move(reader));
    return m_readers.back().get();
  }

  // A reader taken from the pool, given back when the read ends.
  class ReaderLease {
   public:
    ReaderLease(SqliteStore& store, Connection* reader) : m_store(store), m_reader(reader) {}
    ReaderLease(const ReaderLease&) = delete;
    ReaderLease& operator=(const ReaderLease&) = delete;
    ~ReaderLease() {
      std::lock_guard lock(m_store.m_pool_mutex);
      m_store.m_idle.push_back(m_reader);
    }
    Connection& connection() { return *m_reader; }

   private:
    SqliteStore& m_store;
    Connection* m_reader;
  };

  Connection m_writer;
  Database* m_db;  // the writer's, for what only SQLite can do (checks, backups, verify)
  std::optional<HistoryKey> m_key;
  bool m_journal = true;
  ConnectionWrapper m_wrap;
  // The writer serves one transaction at a time; a recursive mutex lets a
  // nested call from the same thread reach the refusal instead of deadlocking.
  std::recursive_mutex m_mutex;
  bool m_pages_checked = false;
  // Guards the reader pool and the set of threads inside a transaction.
  std::mutex m_pool_mutex;
  std::vector<std::unique_ptr<Connection>> m_readers;
  std::vector<Connection*> m_idle;
  std::set<std::thread::id> m_busy_threads;
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
  auto store = std::make_unique<SqliteStore>(std::move(*db), options.key, options.journal, std::move(wrap));
  if (auto st = store->open_reader(); !st) return st.error();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace followup
