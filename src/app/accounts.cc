#include "app/accounts.h"

#include <algorithm>

#include "app/history_log.h"
#include "app/request_checks.h"
#include "app/users.h"
#include "core/names.h"
#include "util/clean_text.h"
#include "util/password.h"
#include "util/sha256.h"
#include "util/totp.h"

namespace followup::app {

namespace {

constexpr std::size_t k_password_min_bytes = 10;
constexpr std::size_t k_password_max_bytes = 1024;

const char* kind_word(SessionKind kind) { return kind == SessionKind::api ? "api" : "browser"; }

Error wrong_login() { return make_error(ErrorCode::unauthenticated, "wrong user name, password or code"); }

Error session_gone() {
  return make_error(ErrorCode::unauthenticated, "the session has expired or was closed; log in again");
}

long long now_seconds(const env::Clock& clock) { return parse_utc_instant(clock.now_utc()).value_or(0); }

// The user itself or an admin may change its credential.
Status may_change_credential(const User& actor, std::string_view user, std::string_view what) {
  if (actor.name == user) return {};
  return require_role(actor, {Role::admin}, std::string(what) + " of another user");
}

// The stored credential of an existing user (an empty one when it has
// none yet); not_found for an unknown user.
Result<Credential> credential_of(Transaction& tx, std::string_view user) {
  auto found = tx.find_user(user);
  if (!found) return found.error();
  if (!*found) return make_error(ErrorCode::not_found, "no user " + std::string(user));
  auto credential = tx.find_credential(user);
  if (!credential) return credential.error();
  if (*credential) return std::move(**credential);
  Credential fresh;
  fresh.user = std::string(user);
  return fresh;
}

}  // namespace

Status check_password(std::string_view password) {
  auto bad = [](std::string message) {
    return field_error(ErrorCode::invalid_argument, "password", std::move(message));
  };
  if (password.size() < k_password_min_bytes)
    return bad("the password is too short: at least " + std::to_string(k_password_min_bytes) + " characters");
  if (password.size() > k_password_max_bytes)
    return bad("the password is longer than " + std::to_string(k_password_max_bytes) + " bytes");
  if (auto problem = util::unclean_text_problem(password); !problem.empty())
    return bad("the password " + problem);
  if (password.find('\n') != std::string_view::npos || password.find('\t') != std::string_view::npos)
    return bad("the password contains a line feed or a tab");
  return {};
}

Status set_password(const Session& session, std::string_view user, std::string_view password) {
  if (auto ok = check_password(password); !ok) return ok;
  // Hashed before the transaction: it takes a tenth of a second, during
  // which the writer stays free.
  auto hash = util::hash_password(password);
  if (!hash) return make_error(ErrorCode::unavailable, "cannot hash the password: out of memory");
  return session.store.run([&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    if (auto ok = may_change_credential(*actor, user, "set the password"); !ok) return ok;
    auto credential = credential_of(tx, user);
    if (!credential) return credential.error();
    credential->password_hash = *hash;
    credential->changed_at = session.clock.now_utc();
    if (auto put = tx.put_credential(*credential); !put) return put;
    if (auto closed = tx.delete_sessions(user, ""); !closed) return closed;
    return record_change(tx, session, "user:" + std::string(user), "set password", nullptr, nullptr);
  });
}

Result<std::string> set_totp(const Session& session, std::string_view user, bool remove) {
  const std::string secret = remove ? std::string() : util::new_totp_secret();
  if (!remove && secret.empty()) return make_error(ErrorCode::internal, "cannot make a second-factor secret");
  auto done = session.store.run([&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    if (remove) {
      if (auto ok = require_role(*actor, {Role::admin}, "remove a second factor"); !ok) return ok;
    } else if (auto ok = may_change_credential(*actor, user, "set the second factor"); !ok) {
      return ok;
    }
    auto credential = credential_of(tx, user);
    if (!credential) return credential.error();
    credential->totp_secret = secret;
    credential->changed_at = session.clock.now_utc();
    if (auto put = tx.put_credential(*credential); !put) return put;
    if (auto closed = tx.delete_sessions(user, ""); !closed) return closed;
    return record_change(tx, session, "user:" + std::string(user),
                         remove ? "remove second factor" : "set second factor", nullptr, nullptr);
  });
  if (!done) return done.error();
  return secret;
}

// ---- The throttle

std::optional<long long> LoginThrottle::wait_for(const std::map<std::string, Failures, std::less<>>& table,
                                                 std::string_view key, int limit, long long now) const {
  const auto found = table.find(key);
  if (found == table.end()) return std::nullopt;
  const auto& at = found->second.at;
  // `at` keeps the last `limit` failures: when all are inside the window,
  // the next try waits for the oldest to leave it.
  if (static_cast<int>(at.size()) < limit || at.front() + m_window <= now) return std::nullopt;
  return at.front() + m_window - now;
}

void LoginThrottle::note(std::map<std::string, Failures, std::less<>>& table, std::string_view key, int limit,
                         long long now) {
  auto found = table.find(key);
  if (found == table.end()) {
    if (table.size() >= k_max_keys) {
      // Forget the key whose last failure is the oldest.
      auto oldest = std::min_element(table.begin(), table.end(), [](const auto& a, const auto& b) {
        return a.second.last < b.second.last;
      });
      table.erase(oldest);
    }
    found = table.emplace(std::string(key), Failures{}).first;
  }
  auto& at = found->second.at;
  at.push_back(now);
  if (static_cast<int>(at.size()) > limit) at.erase(at.begin());
  found->second.last = now;
}

std::optional<long long> LoginThrottle::wait(std::string_view user, std::string_view address, long long now) {
  const std::lock_guard lock(m_mutex);
  auto by_account = wait_for(m_accounts, user, m_per_account, now);
  auto by_address = wait_for(m_addresses, address, m_per_address, now);
  if (by_account && by_address) return std::max(*by_account, *by_address);
  return by_account ? by_account : by_address;
}

void LoginThrottle::failed(std::string_view user, std::string_view address, long long now) {
  const std::lock_guard lock(m_mutex);
  note(m_accounts, user, m_per_account, now);
  note(m_addresses, address, m_per_address, now);
}

// ---- Sessions

Result<OpenSession> log_in(Store& store, const env::Clock& clock, LoginThrottle& throttle,
                           const AccountPolicy& policy, const LoginRequest& request) {
  const long long now = now_seconds(clock);
  if (auto wait = throttle.wait(request.user, request.address, now))
    return make_error(ErrorCode::resource_exhausted,
                      "too many failed logins; try again in " + std::to_string(*wait) + " seconds");
  std::optional<User> user;
  std::optional<Credential> credential;
  auto read = store.read([&](Transaction& tx) -> Status {
    auto found = tx.find_user(request.user);
    if (!found) return found.error();
    if (!*found) return {};
    user = std::move(**found);
    auto kept = tx.find_credential(request.user);
    if (!kept) return kept.error();
    credential = std::move(*kept);
    return {};
  });
  if (!read) return read.error();
  // A user without a password is checked against a hash all the same, so
  // that the answer takes as long whether the user exists or not.
  static const std::string k_decoy = util::hash_password("decoy password never set").value_or("");
  const bool password_ok =
      util::password_matches(credential ? credential->password_hash : k_decoy, request.password) && user &&
      credential;
  const bool needs_totp = user && std::any_of(user->roles.begin(), user->roles.end(), [&](Role role) {
                            return std::find(policy.totp_roles.begin(), policy.totp_roles.end(),
                                             to_string(role)) != policy.totp_roles.end();
                          });
  const bool has_totp = credential && !credential->totp_secret.empty();
  const bool code_ok = !has_totp || util::totp_matches(credential->totp_secret, request.totp, now);
  if (!password_ok || !code_ok) {
    throttle.failed(request.user, request.address, now);
    return wrong_login();
  }
  if (needs_totp && !has_totp)
    return make_error(ErrorCode::failed_precondition,
                      "user " + request.user +
                          " must log in with a second factor and has none set up: run followup user totp " +
                          request.user);

  OpenSession opened;
  opened.token = util::random_token();
  opened.csrf = request.kind == SessionKind::browser ? util::random_token() : std::string();
  opened.user = request.user;
  const long long lifetime =
      request.kind == SessionKind::api ? policy.token_days * 86400LL : policy.session_hours * 3600LL;
  opened.expires_at = utc_instant(now + lifetime);
  auto written = store.run([&](Transaction& tx) -> Status {
    if (auto swept = tx.delete_sessions("", clock.now_utc()); !swept) return swept;
    return tx.add_session(StoredSession{util::sha256_hex(opened.token), opened.user, kind_word(request.kind),
                                        opened.csrf, clock.now_utc(), opened.expires_at});
  });
  if (!written) return written.error();
  return opened;
}

Result<OpenSession> authenticate(Store& store, const env::Clock& clock, std::string_view token,
                                 SessionKind kind) {
  if (token.empty() || token.size() > 128) return session_gone();
  std::optional<StoredSession> found;
  auto read = store.read([&](Transaction& tx) -> Status {
    auto session = tx.find_session(util::sha256_hex(token));
    if (!session) return session.error();
    found = std::move(*session);
    return {};
  });
  if (!read) return read.error();
  if (!found || found->kind != kind_word(kind)) return session_gone();
  const auto expires = parse_utc_instant(found->expires_at);
  if (!expires || *expires <= now_seconds(clock)) return session_gone();
  return OpenSession{std::string(token), found->csrf, found->user, found->expires_at};
}

Status log_out(Store& store, std::string_view token) {
  return store.run([&](Transaction& tx) -> Status { return tx.delete_session(util::sha256_hex(token)); });
}

}  // namespace followup::app
