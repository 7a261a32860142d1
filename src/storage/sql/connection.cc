#include "storage/sql/connection.h"

#include <cstddef>

namespace followup::sql {

Status Statement::run(std::string_view what) {
  while (true) {
    auto row = step(what);
    if (!row) return row.error();
    if (!*row) return {};
  }
}

Result<std::optional<long long>> Statement::run_returning_id(std::string_view what) {
  auto row = step(what);
  if (!row) return row.error();
  if (*row) {  // RETURNING's row
    const long long id = int64(0);
    if (auto st = run(what); !st) return st.error();
    return std::optional<long long>(id);
  }
  // Done (a statement stepped again would run again).
  if (changes() > 0) return std::optional<long long>(m_cursor->last_insert_id());
  return std::optional<long long>();
}

Status run_prepared(Connection& db, std::string_view sql, std::string_view what) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.error();
  return stmt->run(what);
}

Result<Statement> prepare_insert(Connection& db, std::string_view insert) {
  std::string sql(insert);
  sql += db.dialect().returning_id();
  return db.prepare(sql);
}

std::string in_dialect(std::string_view sql, const Dialect& dialect) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;  // the quote character of the text being read, if any
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
      out += c;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    std::size_t end = i + 1;
    while (c == '?' && end < sql.size() && sql[end] >= '0' && sql[end] <= '9') ++end;
    if (end == i + 1) {
      out += c;
      continue;
    }
    int n = 0;
    for (std::size_t k = i + 1; k < end; ++k) n = n * 10 + (sql[k] - '0');
    out += dialect.parameter(n);
    i = end - 1;
  }
  return out;
}

}  // namespace followup::sql
