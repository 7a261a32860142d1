// A thin RAII layer over the sqlite3 C API: one connection, its prepared
// statements cached by SQL text, and SQLite result codes turned into Errors.
// Internal to the SQLite backend. SQL given here is always a constant of the
// backend; values from callers travel only as bound parameters.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

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

// A prepared statement borrowed from the connection's cache. Reset and
// unbound when it goes out of scope, ready for its next use.
class Statement {
 public:
  // `in_use` is the cache's flag for this statement, cleared on destruction.
  Statement(sqlite3_stmt* stmt, sqlite3* db, bool* in_use) : m_stmt(stmt), m_db(db), m_in_use(in_use) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept : m_stmt(other.m_stmt), m_db(other.m_db), m_in_use(other.m_in_use) {
    other.m_stmt = nullptr;
  }
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Parameters are numbered from 1, as in SQL's ?1, ?2...; values are copied.
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, long long value);
  Statement& bind(int index, int value) { return bind(index, static_cast<long long>(value)); }
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);
  Statement& bind(int index, const std::optional<std::string>& text) {
    return text ? bind(index, std::string_view(*text)) : bind_null(index);
  }

  // true when a row is ready, false when done; the error names `what`.
  Result<bool> step(std::string_view what);
  // Steps to the end, for statements that return no rows.
  Status run(std::string_view what);

  // Columns are numbered from 0.
  [[nodiscard]] bool is_null(int column) const;
  [[nodiscard]] long long int64(int column) const;
  [[nodiscard]] std::string text(int column) const;
  [[nodiscard]] std::optional<std::string> optional_text(int column) const;
  [[nodiscard]] std::string blob(int column) const;

 private:
  sqlite3_stmt* m_stmt;
  sqlite3* m_db;
  bool* m_in_use;
  int m_bind_error = 0;  // first failed bind, reported by step
};

class Database {
 public:
  // Opens or creates the file at `path` (read-write). unavailable when it
  // cannot be opened.
  static Result<std::unique_ptr<Database>> open(const std::string& path);

  // Only open() can make the key, so only open() constructs.
  class Key {
    friend class Database;
    Key() = default;
  };
  Database(Key /*key*/, sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs constant SQL with no parameters (pragmas, BEGIN, scripts).
  Status exec(const char* sql, std::string_view what);
  Status exec(std::string_view sql, std::string_view what) { return exec(std::string(sql).c_str(), what); }
  // Prepares (once) and hands out the statement for `sql`. internal when
  // the same SQL is still borrowed: sharing one statement between two
  // iterations would silently restart the outer one.
  Result<Statement> prepare(const char* sql);

  // False while a transaction is open.
  [[nodiscard]] bool autocommit() const;
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

  // Rows changed by the last INSERT, UPDATE or DELETE.
  [[nodiscard]] long long changes() const;
  [[nodiscard]] long long last_insert_rowid() const;
  [[nodiscard]] const std::string& path() const { return m_path; }
  // Statements handed out by prepare and scripts run by exec so far.
  [[nodiscard]] long long statements_run() const { return m_statements_run; }

 private:
  struct StatementDeleter {
    void operator()(sqlite3_stmt* stmt) const;
  };
  sqlite3* m_db;
  std::string m_path;
  long long m_statements_run = 0;
  struct Cached {
    std::unique_ptr<sqlite3_stmt, StatementDeleter> stmt;
    bool in_use = false;
  };
  // Keyed by SQL text; statements live until the connection closes. Nodes
  // of an unordered_map keep their address, so Statement may point at in_use.
  std::unordered_map<std::string, Cached> m_statements;
};

}  // namespace followup::sqlite_detail
