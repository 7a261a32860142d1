// Everything `followup serve` answers: the API under /api/ (http/api.h)
// and the pages everywhere else (web/pages.h), over one set of sessions
// (http/sessions.h), so that a login in the browser also calls the API
// from the page's own scripts, and the throttle counts every failed login.
#pragma once

#include "http/api.h"
#include "http/sessions.h"
#include "web/pages.h"

namespace followup::web {

class Site {
 public:
  Site(Store& store, const env::Clock& clock, const app::Config& config)
      : m_sessions(store, clock, config.accounts),
        m_api(store, clock, config, m_sessions),
        m_pages(store, clock, config, m_sessions) {}

  [[nodiscard]] std::size_t body_limit(const http::Request& head) const {
    return is_api(head) ? m_api.body_limit(head) : m_pages.body_limit(head);
  }
  http::Response handle(const http::Request& request) {
    return is_api(request) ? m_api.handle(request) : m_pages.handle(request);
  }
  // What the server itself refuses (http::Handlers::problem): a problem
  // document for the API, or for a request whose header was not read; a
  // page for a page's request (a form too large for its limit).
  static http::Response problem(int status, std::string detail, const http::Request& head) {
    if (head.target.empty() || is_api(head)) return http::Api::problem(status, std::move(detail));
    return Pages::refusal(status, detail);
  }

 private:
  static bool is_api(const http::Request& request) {
    return request.target == "/api" || request.target.starts_with("/api/") ||
           request.target.starts_with("/api?");
  }
  http::Sessions m_sessions;
  http::Api m_api;
  Pages m_pages;
};

}  // namespace followup::web
