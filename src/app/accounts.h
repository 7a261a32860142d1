// Accounts: passwords, the second factor, logins and the sessions they
// open (docs/accounts.md). The server makes a Principal from a session
// here; the command line sets passwords here. Passwords and tokens are kept
// only as hashes, outside the history (storage/store.h, "Accounts").
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/session.h"

namespace followup::app {

struct AccountPolicy {
  int session_hours = 12;  // [accounts] session_hours: a browser's login lasts this long
  int token_days = 30;     // [accounts] token_days: an API token lasts this long
  // [accounts] totp_roles: users with one of these roles (role words,
  // checked when the settings are read) must give a second factor to log
  // in; none by default ("admin" and "evaluation" are the roles this is
  // meant for).
  std::vector<std::string> totp_roles;
};

// A password is 10 to 1024 bytes of clean text (no control characters).
// invalid_argument with the field "password" otherwise.
Status check_password(std::string_view password);

// Sets the user's password: the user itself or an admin. Closes every
// session of the user, and records in the history who set whose password
// (never the password or its hash). not_found for an unknown user.
Status set_password(const Session& session, std::string_view user, std::string_view password);

// Gives the user a new second-factor secret (the user itself or an admin)
// and answers it, to be entered in an authenticator app; an empty answer
// never. With `remove`, takes the second factor away instead (an admin
// only) and answers "".
Result<std::string> set_totp(const Session& session, std::string_view user, bool remove);

// Failed logins, counted per account and per address over a sliding
// window: past the limit, logins are refused until the oldest failure
// leaves the window. Bounded: at most k_max_keys accounts and addresses
// are remembered (the oldest forgotten first). Thread-safe.
class LoginThrottle {
 public:
  static constexpr std::size_t k_max_keys = 100000;
  LoginThrottle(int per_account = 5, int per_address = 20, long long window_seconds = 900)
      : m_per_account(per_account), m_per_address(per_address), m_window(window_seconds) {}
  // The seconds to wait before the next try, when it must wait.
  std::optional<long long> wait(std::string_view user, std::string_view address, long long now);
  void failed(std::string_view user, std::string_view address, long long now);

 private:
  struct Failures {
    std::vector<long long> at;  // oldest first, at most the limit
    long long last = 0;
  };
  std::optional<long long> wait_for(const std::map<std::string, Failures, std::less<>>& table,
                                    std::string_view key, int limit, long long now) const;
  void note(std::map<std::string, Failures, std::less<>>& table, std::string_view key, int limit,
            long long now);

  int m_per_account;
  int m_per_address;
  long long m_window;
  std::mutex m_mutex;
  std::map<std::string, Failures, std::less<>> m_accounts;
  std::map<std::string, Failures, std::less<>> m_addresses;
};

enum class SessionKind { browser, api };

struct LoginRequest {
  std::string user;
  std::string password;
  std::string totp;     // the second factor's code, when the user has one
  std::string address;  // where the request came from, for the throttle
  SessionKind kind = SessionKind::browser;
};

// An open session: its token (given to the client once, kept only as a
// hash) and, for a browser, the CSRF token its forms carry.
struct OpenSession {
  std::string token;
  std::string csrf;
  std::string user;
  std::string expires_at;  // UTC instant
};

// Checks the password (and the second factor when the user has one or its
// roles need one) and opens a session. unauthenticated, in the same words
// whatever was wrong ("wrong user name, password or code"), so that no
// answer tells which user names exist; except when the user's roles need a
// second factor it has not set up (failed_precondition, saying so).
// resource_exhausted when the throttle refuses ("too many failed logins;
// try again in N seconds"), before any password is checked.
Result<OpenSession> log_in(Store& store, const env::Clock& clock, LoginThrottle& throttle,
                           const AccountPolicy& policy, const LoginRequest& request);

// The session a token opened, when it is one of `kind` and has not
// expired: unauthenticated otherwise ("the session has expired or was
// closed; log in again").
Result<OpenSession> authenticate(Store& store, const env::Clock& clock, std::string_view token,
                                 SessionKind kind);

// Closes the session of that token (nothing when there is none).
Status log_out(Store& store, std::string_view token);

}  // namespace followup::app
