// The web pages (docs/pages.md): server-rendered HTML from templates
// (web/view.h), plain forms that work without JavaScript, over the same
// use cases, role checks, request decoders and JSON views as the API
// (http/api.h). A form is turned into the API's request JSON
// (web/form.h) and decoded by app/request_json.h; a page shows the JSON
// views. Logins make a browser session whose cookie is HttpOnly and
// SameSite=Lax (Secure over TLS); every form carries the session's CSRF
// token, the login form a token of its own. Knows nothing of Beast.
#pragma once

#include <memory>

#include "app/config.h"
#include "http/message.h"
#include "http/sessions.h"

namespace followup::web {

class Pages {
 public:
  Pages(Store& store, const env::Clock& clock, app::Config config, http::Sessions& sessions);
  ~Pages();
  Pages(const Pages&) = delete;
  Pages& operator=(const Pages&) = delete;

  // The largest body a request with this header may carry.
  [[nodiscard]] std::size_t body_limit(const http::Request& head) const;
  // The answer to a request for a page (thread-safe).
  http::Response handle(const http::Request& request);

  // A page saying why the server refused a request it could not read
  // whole (413, 400), or one for no page (a calendar's address: 404, 405,
  // 503): no login is known then.
  static http::Response refusal(int status, const std::string& detail);

  // The headers every page carries: those of the API (Api::secure) with a
  // Content-Security-Policy that lets the page use its own style sheet and
  // forms and nothing else (no script, no inline style, no framing).
  static void secure(http::Response& response);

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace followup::web
