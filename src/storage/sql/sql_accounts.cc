// The accounts (store.h, "Accounts"): credentials and sessions, as SQL
// over the transaction's connection. Outside the history: the journal
// passes these through unrecorded, and verify leaves their tables out.
#include <string>

#include "storage/rules.h"
#include "storage/sql/sql_transaction.h"

namespace followup::sql {

Status SqlTransaction::check_writable(std::string_view what) {
  if (auto open = check_open(); !open) return open;
  if (!m_writable) return store_rules::write_in_read_transaction(what);
  return {};
}

namespace {

// not_found unless the user exists.
Status require_user(Connection& db, const std::string& user, const std::string& what) {
  auto known = db.prepare("SELECT 1 FROM users WHERE name = ?1");
  if (!known) return known.error();
  known->bind(1, user);
  auto row = known->step(what);
  if (!row) return row.error();
  if (!*row) return store_rules::user_not_found(user);
  return {};
}

}  // namespace

Result<std::optional<Credential>> SqlTransaction::find_credential(std::string_view user) {
  if (auto open = check_open(); !open) return open.error();
  auto stmt = m_db.prepare(
      "SELECT \"user\", password_hash, totp_secret, changed_at FROM credentials WHERE \"user\" = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, user);
  auto row = stmt->step("find the credential of " + std::string(user));
  if (!row) return row.error();
  if (!*row) return std::optional<Credential>{};
  return std::optional<Credential>(Credential{stmt->text(0), stmt->text(1), stmt->text(2), stmt->text(3)});
}

Status SqlTransaction::put_credential(const Credential& credential) {
  const std::string what = "set the credential of " + credential.user;
  if (auto ok = check_writable(what); !ok) return ok;
  if (auto known = require_user(m_db, credential.user, what); !known) return known;
  auto stmt = m_db.prepare(
      "INSERT INTO credentials (\"user\", password_hash, totp_secret, changed_at) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (\"user\") DO UPDATE SET password_hash = excluded.password_hash, "
      "totp_secret = excluded.totp_secret, changed_at = excluded.changed_at");
  if (!stmt) return stmt.error();
  stmt->bind(1, credential.user)
      .bind(2, credential.password_hash)
      .bind(3, credential.totp_secret)
      .bind(4, credential.changed_at);
  return stmt->run(what);
}

Result<std::optional<StoredSession>> SqlTransaction::find_session(std::string_view token_hash) {
  if (auto open = check_open(); !open) return open.error();
  auto stmt = m_db.prepare(
      "SELECT token_hash, \"user\", kind, csrf, created_at, expires_at FROM sessions WHERE token_hash = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, token_hash);
  auto row = stmt->step("find a session");
  if (!row) return row.error();
  if (!*row) return std::optional<StoredSession>{};
  return std::optional<StoredSession>(StoredSession{stmt->text(0), stmt->text(1), stmt->text(2),
                                                    stmt->text(3), stmt->text(4), stmt->text(5)});
}

Status SqlTransaction::add_session(const StoredSession& session) {
  const std::string what = "open a session of " + session.user;
  if (auto ok = check_writable(what); !ok) return ok;
  if (auto known = require_user(m_db, session.user, what); !known) return known;
  auto stmt = m_db.prepare(
      "INSERT INTO sessions (token_hash, \"user\", kind, csrf, created_at, expires_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (token_hash) DO NOTHING");
  if (!stmt) return stmt.error();
  stmt->bind(1, session.token_hash)
      .bind(2, session.user)
      .bind(3, session.kind)
      .bind(4, session.csrf)
      .bind(5, session.created_at)
      .bind(6, session.expires_at);
  if (auto ran = stmt->run(what); !ran) return ran;
  if (stmt->changes() == 0)
    return make_error(ErrorCode::already_exists, what + ": the token is already held");
  return {};
}

Status SqlTransaction::delete_session(std::string_view token_hash) {
  if (auto ok = check_writable("close a session"); !ok) return ok;
  auto stmt = m_db.prepare("DELETE FROM sessions WHERE token_hash = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, token_hash);
  return stmt->run("close a session");
}

Status SqlTransaction::delete_sessions(std::string_view user, std::string_view now) {
  if (auto ok = check_writable("close sessions"); !ok) return ok;
  auto stmt = m_db.prepare(user.empty() ? "DELETE FROM sessions WHERE expires_at <= ?2"
                                        : "DELETE FROM sessions WHERE \"user\" = ?1");
  if (!stmt) return stmt.error();
  if (!user.empty()) stmt->bind(1, user);
  if (user.empty()) stmt->bind(2, now);
  return stmt->run("close sessions");
}

}  // namespace followup::sql
