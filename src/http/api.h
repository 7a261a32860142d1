// The JSON API, /api/v1 (docs/api.md): thin handlers over the service
// layer. Each decodes its body with app/request_json.h, calls the use case
// the command line calls (with the same role checks, made there), and
// answers with app/json_views.h; errors are problem documents (RFC 9457)
// whose status comes from the error's code and whose "field" points into
// the body. Who acts comes from a bearer token or a browser's session
// cookie (app/accounts.h); a cookie's unsafe requests must carry its CSRF
// token. Knows nothing of Beast: http/server.h carries the bytes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/accounts.h"
#include "app/config.h"
#include "http/message.h"

namespace followup::http {

class Sessions;

// The names the API's cookie and header go by.
inline constexpr const char* k_session_cookie = "followup_session";
inline constexpr const char* k_csrf_header = "x-csrf-token";
// A JSON body is read up to this size (uploads have the evidence limit).
inline constexpr std::size_t k_max_json_body = std::size_t{1024} * 1024;
// The OpenAPI document of the routes (src/http/openapi.json, compiled in),
// served at /api/v1/openapi.json.
std::string_view openapi_document();

class Api {
 public:
  // `sessions`: who is logged in, shared with the pages (http/sessions.h).
  Api(Store& store, const env::Clock& clock, app::Config config, Sessions& sessions);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Every route, as "METHOD /path" with "{}" for each segment it takes
  // ("POST /recommendations/{}/{}/responses"), in the table's order.
  static std::vector<std::string> routes();

  // The largest body a request with this header may carry.
  [[nodiscard]] std::size_t body_limit(const Request& head) const;
  // The answer to a request (thread-safe).
  Response handle(const Request& request);

  // A problem document: {"type", "title", "status", "detail"[, "code",
  // "field"]}, as application/problem+json, with the security headers.
  static Response problem(int status, std::string detail, std::string code = {}, std::string field = {});
  // The HTTP status of an error's code.
  static int status_of(const Error& error);
  // The headers every answer carries (nosniff, a strict CSP, no framing,
  // no referrer, no caching of what a session sees).
  static void secure(Response& response);

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace followup::http
