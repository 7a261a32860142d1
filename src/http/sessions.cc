#include "http/sessions.h"

#include "core/date.h"

namespace followup::http {

Result<app::OpenSession> Sessions::log_in(const app::LoginRequest& request) {
  return app::log_in(m_store, m_clock, m_throttle, m_policy, request);
}

std::optional<long long> Sessions::retry_after(const app::LoginRequest& request) {
  return m_throttle.wait(request.user, request.address, parse_utc_instant(m_clock.now_utc()).value_or(0));
}

Result<app::OpenSession> Sessions::authenticate(std::string_view token, app::SessionKind kind) {
  const auto now = std::chrono::steady_clock::now();
  const std::string key(token);
  {
    const std::lock_guard lock(m_mutex);
    if (auto found = m_cache.find(key); found != m_cache.end()) {
      const auto& cached = found->second;
      if (cached.kind == kind && now - cached.read < std::chrono::seconds(k_cache_seconds) &&
          cached.session.expires_at > m_clock.now_utc())
        return cached.session;
      m_cache.erase(found);
    }
  }
  auto login = app::authenticate(m_store, m_clock, token, kind);
  if (!login) return login;
  const std::lock_guard lock(m_mutex);
  if (m_cache.size() >= k_cache_size) m_cache.clear();
  m_cache[key] = Cached{*login, kind, now};
  return login;
}

Status Sessions::log_out(const std::string& token) {
  {
    const std::lock_guard lock(m_mutex);
    m_cache.erase(token);
  }
  return app::log_out(m_store, token);
}

}  // namespace followup::http
