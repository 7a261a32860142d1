// A request and its answer as the server's handlers see them: plain values,
// without Boost.Beast (which only server.cc knows), so that the routes and
// their tests build quickly and read simply.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace followup::http {

struct Request {
  std::string method;                                        // "GET", "POST", ...
  std::string target;                                        // as sent: "/api/v1/recommendations?unit=MMS"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case, in order
  std::string body;
  std::string address;  // the client's (or, behind a proxy, the one it forwarded)
  bool secure = false;  // served over TLS (behind a proxy that says so)

  // The first header of that (lower-case) name.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type and Content-Length
  std::string body;
  // Who the request acted as, for the access log ("" for nobody).
  std::string user;

  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// A target's path and query: the path split at '/' into its segments,
// each percent-decoded; the query's parameters, decoded ('+' is a space).
// nullopt for a target that is not an absolute path, a malformed
// percent-escape, a decoded NUL, or a segment that is "." or "..".
struct Target {
  std::vector<std::string> segments;  // "/api/v1/x" -> {"api", "v1", "x"}
  std::vector<std::pair<std::string, std::string>> query;
  [[nodiscard]] std::optional<std::string> param(std::string_view name) const;
};
std::optional<Target> parse_target(std::string_view target);

// An application/x-www-form-urlencoded body's fields, decoded as a
// query's; nullopt as parse_target for a malformed escape or a NUL.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_form(std::string_view body);

// The value of the cookie `name` in a Cookie header ("" when absent).
std::string cookie_value(std::string_view header, std::string_view name);

// A whole number of 1 to 18 digits (an id in an address, a version);
// nullopt otherwise.
std::optional<long long> parse_id(std::string_view text);

// Percent-encodes everything but unreserved characters (RFC 3986).
std::string percent_encode(std::string_view text);

}  // namespace followup::http
