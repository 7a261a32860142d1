// The narrow interface the SQL layer (sql_transaction.h) runs on: one
// connection, its prepared statements, their parameters and rows. Each
// backend implements it once (sqlite/detail/database.h; PostgreSQL next);
// tests wrap it to inject faults (storage/testing/faulty_connection.h).
//
// SQL handed to a connection is always a constant of the SQL layer or of a
// backend, written with numbered parameters "?1", "?2"...; values travel
// only as bound parameters. A backend that spells parameters otherwise
// rewrites them with in_dialect when it prepares.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "storage/sql/dialect.h"

namespace followup::sql {

// What a backend implements for one prepared statement. The connection owns
// it and hands it out through a Statement, one borrower at a time.
class Cursor {
 public:
  Cursor() = default;
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  virtual ~Cursor() = default;

  // Parameters are numbered from 1; values are copied. A failed bind is
  // reported by the next step.
  virtual void bind_int64(int index, long long value) = 0;
  virtual void bind_text(int index, std::string_view text) = 0;
  virtual void bind_blob(int index, std::string_view bytes) = 0;
  virtual void bind_null(int index) = 0;
  // true when a row is ready, false when done; the error names `what`.
  virtual Result<bool> step(std::string_view what) = 0;
  // Columns are numbered from 0.
  [[nodiscard]] virtual bool is_null(int column) const = 0;
  [[nodiscard]] virtual long long int64(int column) const = 0;
  [[nodiscard]] virtual std::string text(int column) const = 0;
  [[nodiscard]] virtual std::string blob(int column) const = 0;
  // Rows an INSERT, UPDATE or DELETE changed, once it has run to its end.
  [[nodiscard]] virtual long long changes() const = 0;
  // The id of the row the connection's last INSERT added: how an insert's
  // id is read where the dialect's inserts do not answer it as a row
  // (Dialect::returning_id).
  [[nodiscard]] virtual long long last_insert_id() const = 0;
  // Ends a borrow: reset and unbound, ready to be handed out again.
  virtual void release() noexcept = 0;
};

// A prepared statement borrowed from its connection, given back (reset and
// unbound) when it goes out of scope.
class Statement {
 public:
  explicit Statement(Cursor* cursor) : m_cursor(cursor) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept : m_cursor(other.m_cursor) { other.m_cursor = nullptr; }
  Statement& operator=(Statement&&) = delete;
  ~Statement() {
    if (m_cursor != nullptr) m_cursor->release();
  }

  Statement& bind(int index, std::string_view text) {
    m_cursor->bind_text(index, text);
    return *this;
  }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, long long value) {
    m_cursor->bind_int64(index, value);
    return *this;
  }
  Statement& bind(int index, int value) { return bind(index, static_cast<long long>(value)); }
  Statement& bind(int index, const std::optional<std::string>& text) {
    return text ? bind(index, std::string_view(*text)) : bind_null(index);
  }
  Statement& bind_blob(int index, std::string_view bytes) {
    m_cursor->bind_blob(index, bytes);
    return *this;
  }
  Statement& bind_null(int index) {
    m_cursor->bind_null(index);
    return *this;
  }

  Result<bool> step(std::string_view what) { return m_cursor->step(what); }
  // Steps to the end, for statements that return no rows.
  Status run(std::string_view what);
  // For an INSERT prepared by prepare_insert: runs to the end and answers
  // the id of the row inserted, nullopt when none was (an INSERT ... SELECT
  // that selected nothing, an ON CONFLICT ... DO NOTHING that did nothing).
  Result<std::optional<long long>> run_returning_id(std::string_view what);

  [[nodiscard]] bool is_null(int column) const { return m_cursor->is_null(column); }
  [[nodiscard]] long long int64(int column) const { return m_cursor->int64(column); }
  [[nodiscard]] std::string text(int column) const { return m_cursor->text(column); }
  [[nodiscard]] std::optional<std::string> optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
  }
  [[nodiscard]] std::string blob(int column) const { return m_cursor->blob(column); }
  [[nodiscard]] long long changes() const { return m_cursor->changes(); }

 private:
  Cursor* m_cursor;
};

class Connection;
// Prepares `insert`, one row's INSERT, so that Statement::run_returning_id
// answers the new row's id: with the dialect's returning_id after it.
Result<Statement> prepare_insert(Connection& db, std::string_view insert);
// Runs `sql`, one constant statement without parameters, through the
// connection's prepared statements (Connection::exec parses its SQL every
// time): for those every transaction runs (BEGIN, COMMIT, SAVEPOINT,
// RELEASE).
Status run_prepared(Connection& db, std::string_view sql, std::string_view what);

// One connection to a database. Used by one thread at a time.
class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  virtual ~Connection() = default;

  // How this backend's SQL differs where the layer's SQL must.
  [[nodiscard]] virtual const Dialect& dialect() const = 0;
  // Runs constant SQL with no parameters (BEGIN, SAVEPOINT, scripts).
  virtual Status exec(std::string_view sql, std::string_view what) = 0;
  // Prepares (once per text) and lends the statement for `sql`. internal
  // when the same SQL is still borrowed: sharing one statement between two
  // iterations would silently restart the outer one.
  virtual Result<Statement> prepare(std::string_view sql) = 0;
  // True while a transaction is open. A backend may end one by itself on
  // some failures (SQLite on a full disk): the layer checks before writing.
  [[nodiscard]] virtual bool in_transaction() const = 0;
  // Statements prepared and scripts run so far: what tests count.
  [[nodiscard]] virtual long long statements_run() const = 0;
};

// Steps `stmt` to its end, calling `row` (answering a Status) for each row.
template <typename F>
Status each_row(Statement& stmt, std::string_view what, F&& row) {
  while (true) {
    auto more = stmt.step(what);
    if (!more) return more.error();
    if (!*more) return {};
    if (Status st = row(); !st) return st;
  }
}

}  // namespace followup::sql
