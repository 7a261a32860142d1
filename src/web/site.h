// Everything `followup serve` answers: the API under /api/ (http/api.h)
// the calendar feeds under /calendar/ (app/calendar.h), and the pages
// everywhere else (web/pages.h), over one set of sessions
// (http/sessions.h), so that a login in the browser also calls the API
// from the page's own scripts, and the throttle counts every failed login.
#pragma once

#include "app/calendar.h"
#include "http/api.h"
#include "http/sessions.h"
#include "web/pages.h"

namespace followup::web {

class Site {
 public:
  Site(Store& store, const env::Clock& clock, const app::Config& config)
      : m_store(store),
        m_clock(clock),
        m_reminders(config.reminders),
        m_sessions(store, clock, config.accounts),
        m_api(store, clock, config, m_sessions),
        m_pages(store, clock, config, m_sessions) {}

  [[nodiscard]] std::size_t body_limit(const http::Request& head) const {
    return is_api(head) ? m_api.body_limit(head) : m_pages.body_limit(head);
  }
  http::Response handle(const http::Request& request) {
    if (is_calendar(request)) return calendar(request);
    return is_api(request) ? m_api.handle(request) : m_pages.handle(request);
  }
  // A target as the access log may show it: a calendar feed's address
  // holds its secret, which the log must not keep.
  static std::string loggable_target(const std::string& target) {
    return is_calendar_target(target) ? "/calendar/..." : target;
  }
  // What the server itself refuses (http::Handlers::problem): a problem
  // document for the API, or for a request whose header was not read; a
  // page for a page's request (a form too large for its limit).
  static http::Response problem(int status, std::string detail, const http::Request& head) {
    if (head.target.empty() || is_api(head)) return http::Api::problem(status, std::move(detail));
    return Pages::refusal(status, detail);
  }

 private:
  static bool is_calendar_target(const std::string& target) { return target.starts_with("/calendar/"); }
  static bool is_calendar(const http::Request& request) { return is_calendar_target(request.target); }

  // GET /calendar/TOKEN.ics: the feed's iCalendar document, to anyone
  // holding its address (no login: calendar programs have none); 404 for
  // an address no feed in use holds.
  http::Response calendar(const http::Request& request) {
    const auto target = http::parse_target(request.target);
    std::string token;
    if (target && target->segments.size() == 2 && target->segments[1].ends_with(".ics"))
      token = target->segments[1].substr(0, target->segments[1].size() - 4);
    if (request.method != "GET" && request.method != "HEAD") {
      auto r = Pages::refusal(405, "A calendar feed is only read");
      r.header("Allow", "GET, HEAD");
      return r;
    }
    auto document = token.empty() ? Result<std::string>(make_error(ErrorCode::not_found, "no such calendar"))
                                  : app::calendar_at(m_store, m_clock, token, m_reminders);
    if (!document) {
      const bool missing = document.error().code == ErrorCode::not_found;
      return Pages::refusal(missing ? 404 : 503, missing
                                                     ? "There is no calendar at this address (it may have "
                                                       "been revoked)"
                                                     : "The calendar cannot be read now");
    }
    http::Response r;
    r.content_type = "text/calendar; charset=utf-8";
    r.body = std::move(*document);
    http::Api::secure(r);
    r.header("Cache-Control", "private, max-age=300");
    r.header("Referrer-Policy", "no-referrer");
    return r;
  }

  static bool is_api(const http::Request& request) {
    return request.target == "/api" || request.target.starts_with("/api/") ||
           request.target.starts_with("/api?");
  }
  Store& m_store;
  const env::Clock& m_clock;
  app::ReminderSettings m_reminders;
  http::Sessions m_sessions;
  http::Api m_api;
  Pages m_pages;
};

}  // namespace followup::web
