// A thin RAII layer over the sqlite3 C API: one connection (the SQL layer's
// sql::Connection), its prepared statements cached by SQL text, and SQLite
// result codes turned into Errors. Internal to the SQLite backend.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "storage/sql/connection.h"

struct sqlite3;
struct sqlite3_stmt;

namespace followup::sqlite_detail {

// True for the result codes of a damaged file: SQLITE_CORRUPT and
// SQLITE_NOTADB with their extended forms.
bool is_damage(int rc);

// The Error for SQLite result code `rc` (extended codes understood):
// constraint kinds map to already_exists / not_found / invalid_argument /
// failed_precondition, busy and I/O trouble to unavailable, a damaged file
// to data_loss (damaged_store_error with SQLite's words), the rest to
// internal. `what` says what was being done ("open /x/y.db").
Error error_from_sqlite(int rc, std::string_view detail, std::string_view what);

// The SQLite dialect of the SQL layer.
const sql::Dialect& sqlite_dialect();

// One prepared statement of a connection's cache.
class SqliteCursor final : public sql::Cursor {
 public:
  SqliteCursor(sqlite3_stmt* stmt, sqlite3* db) : m_stmt(stmt), m_db(db) {}
  SqliteCursor(const SqliteCursor&) = delete;
  SqliteCursor& operator=(const SqliteCursor&) = delete;
  ~SqliteCursor() override;

  void bind_int64(int index, long long value) override;
  void bind_text(int index, std::string_view text) override;
  void bind_blob(int index, std::string_view bytes) override;
  void bind_null(int index) override;
  Result<bool> step(std::string_view what) override;
  [[nodiscard]] bool is_null(int column) const override;
  [[nodiscard]] long long int64(int column) const override;
  [[nodiscard]] std::string text(int column) const override;
  [[nodiscard]] std::string blob(int column) const override;
  [[nodiscard]] long long changes() const override;
  [[nodiscard]] long long last_insert_id() const override;
  void release() noexcept override;

  // Lent out by Database::prepare until released.
  bool in_use = false;

 private:
  void note_bind(int rc) {
    if (rc != 0 && m_bind_error == 0) m_bind_error = rc;
  }
  sqlite3_stmt* m_stmt;
  sqlite3* m_db;
  int m_bind_error = 0;  // first failed bind, reported by step
};

class Database final : public sql::Connection {
 public:
  // Opens the file at `path` (read-write), creating it when missing if
  // `create`. unavailable when it cannot be opened.
  enum class Missing { create, refuse };
  static Result<std::unique_ptr<Database>> open(const std::string& path, Missing missing = Missing::create);

  // Only open() can make the key, so only open() constructs.
  class Key {
    friend class Database;
    Key() = default;
  };
  Database(Key /*key*/, sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database() override;

  [[nodiscard]] const sql::Dialect& dialect() const override { return sqlite_dialect(); }
  Status exec(std::string_view sql, std::string_view what) override;
  Result<sql::Statement> prepare(std::string_view sql) override;
  [[nodiscard]] bool in_transaction() const override;
  [[nodiscard]] long long statements_run() const override { return m_statements_run; }

  // True when the file this connection opened has been removed or renamed
  // since: writes would go to a file nobody can open again.
  [[nodiscard]] bool file_has_moved() const;
  // What SQLite's own check of the file finds: `quick` runs PRAGMA
  // quick_check (every page's structure); otherwise PRAGMA integrity_check
  // (also indexes against their tables) and foreign_key_check. One line per
  // problem; empty when there is none.
  enum class CheckDepth { quick, full };
  Result<std::vector<std::string>> problems(CheckDepth depth);
  // Copies the database, in steps of `pages_per_step` pages, into a new file
  // at `path` (see Store::backup_to). Run inside a read transaction on this
  // connection, so that every step copies the same snapshot while other
  // connections write (in WAL mode a reader never blocks them).
  Status backup_to(const std::string& path, int pages_per_step);

  [[nodiscard]] const std::string& path() const { return m_path; }

 private:
  sqlite3* m_db;
  std::string m_path;
  // Read by Store::statements_run from any thread.
  std::atomic<long long> m_statements_run = 0;
  // Keyed by SQL text; statements live until the connection closes.
  std::unordered_map<std::string, std::unique_ptr<SqliteCursor>> m_statements;
};

}  // namespace followup::sqlite_detail
