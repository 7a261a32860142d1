#include "storage/sqlite/detail/database.h"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sqlite3.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "storage/store.h"

namespace followup::sqlite_detail {

namespace {

// SQLITE_TRANSIENT spelled without the macro's C-style cast: SQLite copies
// the value before the bind call returns, so callers' temporaries are safe.
// The integer-to-pointer cast is SQLite's own definition of the sentinel.
// NOLINTBEGIN(performance-no-int-to-ptr)
const sqlite3_destructor_type k_transient =
    reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));
// NOLINTEND(performance-no-int-to-ptr)

ErrorCode code_for(int rc) {
  switch (rc) {
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_UNIQUE:
      return ErrorCode::already_exists;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return ErrorCode::not_found;
    case SQLITE_CONSTRAINT_TRIGGER:
      return ErrorCode::failed_precondition;
    default:
      break;
  }
  switch (rc & 0xFF) {
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
      return ErrorCode::invalid_argument;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_PERM:
    case SQLITE_NOLFS:
    case SQLITE_AUTH:
      return ErrorCode::unavailable;
    default:
      return ErrorCode::internal;
  }
}

}  // namespace

bool is_damage(int rc) { return (rc & 0xFF) == SQLITE_CORRUPT || (rc & 0xFF) == SQLITE_NOTADB; }

Error error_from_sqlite(int rc, std::string_view detail, std::string_view what) {
  if (is_damage(rc))
    return damaged_store_error(detail.empty() ? std::string_view(sqlite3_errstr(rc)) : detail);
  std::string message(what);
  message += ": ";
  message += detail.empty() ? std::string_view(sqlite3_errstr(rc)) : detail;
  if ((rc & 0xFF) == SQLITE_BUSY) message += " (another process holds the store's lock)";
  if ((rc & 0xFF) == SQLITE_FULL) message += " (free space on the disk and try again)";
  return make_error(code_for(rc), std::move(message));
}

// ---- Dialect

namespace {

class SqliteDialect final : public sql::Dialect {
 public:
  [[nodiscard]] std::string parameter(int n) const override { return "?" + std::to_string(n); }
  [[nodiscard]] std::string ids_in_json(int n) const override {
    return "SELECT value FROM json_each(" + parameter(n) + ")";
  }
  // "Begins with P" is P <= column < P', P' being P with its last byte
  // raised by one: a range of the column's index.
  [[nodiscard]] std::string prefix_match(std::string_view column, int n) const override {
    std::string c(column);
    return c + " >= " + parameter(n) + " AND " + c + " < " + parameter(n + 1);
  }
  void bind_prefix(sql::Statement& statement, int n, std::string_view prefix) const override {
    std::string successor(prefix);
    if (!successor.empty()) successor.back() = static_cast<char>(successor.back() + 1);
    statement.bind(n, prefix).bind(n + 1, successor);
  }
  [[nodiscard]] std::string index_hint(std::string_view index) const override {
    return "INDEXED BY " + std::string(index);
  }
  [[nodiscard]] std::string_view lock_history_head() const override { return {}; }
  [[nodiscard]] std::string_view returning_id() const override { return {}; }
};

}  // namespace

const sql::Dialect& sqlite_dialect() {
  static const SqliteDialect dialect;
  return dialect;
}

// ---- Cursor

SqliteCursor::~SqliteCursor() { sqlite3_finalize(m_stmt); }

void SqliteCursor::bind_text(int index, std::string_view text) {
  note_bind(sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), k_transient, SQLITE_UTF8));
}

void SqliteCursor::bind_int64(int index, long long value) {
  note_bind(sqlite3_bind_int64(m_stmt, index, value));
}

void SqliteCursor::bind_blob(int index, std::string_view bytes) {
  note_bind(sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), k_transient));
}

void SqliteCursor::bind_null(int index) { note_bind(sqlite3_bind_null(m_stmt, index)); }

Result<bool> SqliteCursor::step(std::string_view what) {
  if (m_bind_error != 0) return error_from_sqlite(m_bind_error, sqlite3_errstr(m_bind_error), what);
  int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // The extended code and message of the failed step; reset would return
  // the same code, and the statement is reset when released anyway.
  return error_from_sqlite(sqlite3_extended_errcode(m_db), sqlite3_errmsg(m_db), what);
}

bool SqliteCursor::is_null(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

long long SqliteCursor::int64(int column) const { return sqlite3_column_int64(m_stmt, column); }

std::string SqliteCursor::text(int column) const {
  const unsigned char* data = sqlite3_column_text(m_stmt, column);
  if (data == nullptr) return {};
  auto size = static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column));
  return std::string(reinterpret_cast<const char*>(data), size);
}

std::string SqliteCursor::blob(int column) const {
  const void* data = sqlite3_column_blob(m_stmt, column);
  if (data == nullptr) return {};
  auto size = static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column));
  return std::string(static_cast<const char*>(data), size);
}

long long SqliteCursor::changes() const { return sqlite3_changes64(m_db); }

long long SqliteCursor::last_insert_id() const { return sqlite3_last_insert_rowid(m_db); }

void SqliteCursor::release() noexcept {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
  m_bind_error = 0;
  in_use = false;
}

// ---- Database

namespace {

// SQLite's global settings, made once before its first connection: no
// count of the memory it holds (each allocation would take a global mutex
// to keep it). sqlite3_config answers SQLITE_MISUSE when SQLite is already
// initialised (by someone else in the process); the default then stays.
void configure_sqlite_once() {
  static const bool done = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)done;
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& path, Missing missing) {
  configure_sqlite_once();
  sqlite3* db = nullptr;
  // No mutex of SQLite's per connection: a connection is used by one thread
  // at a time (SqlStore's writer under its lock, a reader leased to one
  // thread), which is SQLite's multi-thread mode.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  if (missing == Missing::create) flags |= SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    Error error = error_from_sqlite(rc, detail, "cannot open the store " + path);
    if (error.code != ErrorCode::data_loss) error.code = ErrorCode::unavailable;
    return error;
  }
  return std::make_unique<Database>(Key{}, db, path);
}

Database::~Database() {
  m_statements.clear();
  sqlite3_close_v2(m_db);
}

Status Database::exec(std::string_view sql, std::string_view what) {
  ++m_statements_run;
  char* message = nullptr;
  int rc = sqlite3_exec(m_db, std::string(sql).c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  std::string detail = message != nullptr ? message : "";
  sqlite3_free(message);
  return error_from_sqlite(sqlite3_extended_errcode(m_db), detail, what);
}

Result<sql::Statement> Database::prepare(std::string_view sql) {
  ++m_statements_run;
  std::string key(sql);
  auto found = m_statements.find(key);
  if (found == m_statements.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(m_db, key.c_str(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt, nullptr);
    if (rc != SQLITE_OK) return error_from_sqlite(rc, sqlite3_errmsg(m_db), "prepare a statement");
    found = m_statements.emplace(std::move(key), std::make_unique<SqliteCursor>(stmt, m_db)).first;
  }
  SqliteCursor& cursor = *found->second;
  if (cursor.in_use)
    return make_error(ErrorCode::internal, "a statement was used twice at once: " + std::string(sql));
  cursor.in_use = true;
  return sql::Statement(&cursor);
}

bool Database::in_transaction() const { return sqlite3_get_autocommit(m_db) == 0; }

bool Database::file_has_moved() const {
  int moved = 0;
  if (sqlite3_file_control(m_db, "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK) return false;
  return moved != 0;
}

Result<std::vector<std::string>> Database::problems(CheckDepth depth) {
  std::string what = "check " + m_path;
  std::vector<std::string> found;
  {
    auto stmt = prepare(depth == CheckDepth::quick ? "PRAGMA quick_check" : "PRAGMA integrity_check");
    if (!stmt) return stmt.error();
    while (true) {
      auto row = stmt->step(what);
      if (!row && row.error().code == ErrorCode::data_loss) {
        // The check itself can stumble on what it has found: that is one more problem.
        found.emplace_back(sqlite3_errmsg(m_db));
        break;
      }
      if (!row) return row.error();
      if (!*row) break;
      std::string line = stmt->text(0);
      // The first problem comes after a header naming the schema.
      constexpr std::string_view k_header = "*** in database main ***\n";
      if (line.starts_with(k_header)) line.erase(0, k_header.size());
      if (line != "ok") found.push_back(std::move(line));
    }
  }
  // Reading rows through a damaged page fails: the foreign keys are checked
  // only in a store whose pages are sound.
  if (depth == CheckDepth::quick || !found.empty()) return found;
  auto stmt = prepare("PRAGMA foreign_key_check");
  if (!stmt) return stmt.error();
  while (true) {
    auto row = stmt->step(what);
    if (!row) return row.error();
    if (!*row) break;
    found.push_back("row " + stmt->text(1) + " of " + stmt->text(0) + " refers to a missing row of " +
                    stmt->text(2));
  }
  return found;
}

namespace {

// Flushes a file or folder to the disk.
Status sync_path(const std::string& path, int flags, std::string_view what) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    std::string error = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return make_error(ErrorCode::unavailable, std::string(what) + ": cannot sync " + path + ": " + error);
  }
  ::close(fd);
  return {};
}

// Removes a file SQLite wrote and the journals it may have left beside it.
void remove_database_files(const std::string& path) {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) ::unlink((path + suffix).c_str());
}

}  // namespace

Status Database::backup_to(const std::string& path, int pages_per_step) {
  std::string what = "back up the store " + m_path + " to " + path;
  struct stat existing {};
  if (::lstat(path.c_str(), &existing) == 0)
    return make_error(ErrorCode::already_exists, path + " exists already: a backup never overwrites a file");

  // The copy is written under a name of its own beside `path` and appears
  // under `path` only once it is complete, synced and checked.
  std::string partial = path + ".partial-XXXXXX";
  int fd = ::mkstemp(partial.data());
  if (fd < 0)
    return make_error(ErrorCode::unavailable,
                      what + ": cannot create " + partial + ": " + std::strerror(errno));
  ::close(fd);
  auto fail = [&partial](Error error) -> Status {
    remove_database_files(partial);
    return error;
  };

  {
    auto copy = Database::open(partial);
    if (!copy) return fail(copy.error());
    sqlite3_backup* backup = sqlite3_backup_init((*copy)->m_db, "main", m_db, "main");
    if (backup == nullptr)
      return fail(
          error_from_sqlite(sqlite3_extended_errcode((*copy)->m_db), sqlite3_errmsg((*copy)->m_db), what));
    int rc = SQLITE_OK;
    while (rc == SQLITE_OK) rc = sqlite3_backup_step(backup, pages_per_step);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
      int code = sqlite3_extended_errcode((*copy)->m_db);
      return fail(error_from_sqlite(code != SQLITE_OK ? code : rc,
                                    code != SQLITE_OK ? sqlite3_errmsg((*copy)->m_db) : sqlite3_errstr(rc),
                                    what));
    }
    // The store runs in WAL mode and its header says so; the copy is made a
    // single self-contained file, which becomes WAL again when opened as a store.
    if (auto st = (*copy)->exec("PRAGMA journal_mode = DELETE", what); !st) return fail(st.error());
    auto found = (*copy)->problems(CheckDepth::full);
    if (!found) return fail(found.error());
    if (!found->empty())
      return fail(damaged_store_error("the copy made for the backup fails SQLite's integrity check (" +
                                      found->front() + "); nothing was written to " + path));
  }
  if (auto st = sync_path(partial, O_RDONLY, what); !st) return fail(st.error());
  // link() refuses an existing name, where rename() would replace it.
  if (::link(partial.c_str(), path.c_str()) != 0) {
    int error = errno;
    if (error == EEXIST)
      return fail(
          make_error(ErrorCode::already_exists, path + " exists already: a backup never overwrites a file"));
    return fail(make_error(ErrorCode::unavailable, what + ": " + std::strerror(error)));
  }
  remove_database_files(partial);
  std::string folder = std::filesystem::path(path).parent_path().string();
  return sync_path(folder.empty() ? "." : folder, O_RDONLY | O_DIRECTORY, what);
}

}  // namespace followup::sqlite_detail
