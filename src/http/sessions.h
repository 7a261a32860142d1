// Who is logged in, for every surface the server offers (the API and the
// pages): logins through the throttle, and the sessions recently read from
// the store, kept a few seconds by token so that a request reads the store
// once for its work rather than also for who sent it. A logout through this
// server forgets the token at once; one elsewhere (another instance, a new
// password) is seen within k_cache_seconds. The expiry is checked on every
// request. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "app/accounts.h"

namespace followup::http {

class Sessions {
 public:
  static constexpr int k_cache_seconds = 5;
  static constexpr std::size_t k_cache_size = 10000;

  Sessions(Store& store, const env::Clock& clock, app::AccountPolicy policy)
      : m_store(store), m_clock(clock), m_policy(std::move(policy)) {}

  // app::log_in through the throttle this server keeps.
  Result<app::OpenSession> log_in(const app::LoginRequest& request);
  // After a refused login: the seconds before the next try, when it must wait.
  std::optional<long long> retry_after(const app::LoginRequest& request);
  // The session of that token and kind, as app::authenticate answers.
  Result<app::OpenSession> authenticate(std::string_view token, app::SessionKind kind);
  // Closes the session (app::log_out) and forgets it at once.
  Status log_out(const std::string& token);

 private:
  struct Cached {
    app::OpenSession session;
    app::SessionKind kind;
    std::chrono::steady_clock::time_point read;
  };
  Store& m_store;
  const env::Clock& m_clock;
  app::AccountPolicy m_policy;
  app::LoginThrottle m_throttle;
  std::mutex m_mutex;
  std::unordered_map<std::string, Cached> m_cache;
};

}  // namespace followup::http
