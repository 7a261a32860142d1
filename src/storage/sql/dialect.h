// Where the SQL layer's statements differ between backends. Everything else
// the layer writes is SQL both SQLite and PostgreSQL take as it is (ON
// CONFLICT ... DO UPDATE with excluded, row values, LIMIT, SAVEPOINT).
// Fragments a dialect answers use the layer's "?N" parameters.
#pragma once

#include <string>
#include <string_view>

namespace followup::sql {

class Statement;

class Dialect {
 public:
  Dialect() = default;
  Dialect(const Dialect&) = delete;
  Dialect& operator=(const Dialect&) = delete;
  virtual ~Dialect() = default;

  // How the backend spells parameter n (from 1): "?1" in SQLite, "$1" in
  // PostgreSQL. in_dialect rewrites the layer's "?N" with it.
  [[nodiscard]] virtual std::string parameter(int n) const = 0;
  // A subquery answering, as column `value`, the integers of the JSON array
  // bound (as text) to parameter n: how a page of ids travels in one
  // parameter.
  [[nodiscard]] virtual std::string ids_in_json(int n) const = 0;
  // An expression true when `column` begins with the prefix bind_prefix
  // binds; it takes parameters n and n + 1 (a range of an index in SQLite,
  // whose LIKE folds case and treats '%' and '_' as wildcards).
  [[nodiscard]] virtual std::string prefix_match(std::string_view column, int n) const = 0;
  virtual void bind_prefix(Statement& statement, int n, std::string_view prefix) const = 0;
  // Words after a table name that make the planner read it through `index`
  // ("INDEXED BY name" in SQLite); empty where the planner is trusted.
  [[nodiscard]] virtual std::string index_hint(std::string_view index) const = 0;
  // The statement run in an append to the history before its head is
  // read: it must hold, to the end of the transaction, a lock that every
  // other append waits for, so that no two entries chain onto the same
  // head (store.h, "The history append"). Empty when the write transaction
  // itself already holds such a lock (SQLite's BEGIN IMMEDIATE takes the
  // one write lock of the database).
  [[nodiscard]] virtual std::string_view lock_history_head() const = 0;
  // What follows an INSERT of one row whose id the layer reads
  // (prepare_insert): " RETURNING id" where the insert answers it as a row;
  // empty where the connection tells it (Cursor::last_insert_id), as in
  // SQLite, whose RETURNING first copies its rows into a table of its own.
  [[nodiscard]] virtual std::string_view returning_id() const = 0;
};

// `sql` with each parameter "?N" (outside quoted text) spelled as the
// dialect spells parameter N.
std::string in_dialect(std::string_view sql, const Dialect& dialect);

}  // namespace followup::sql
