#include "http/api.h"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>

#include "app/follow_up.h"
#include "app/import.h"
#include "app/json_views.h"
#include "app/queries.h"
#include "app/reports.h"
#include "app/request_json.h"
#include "app/show.h"
#include "app/units.h"
#include "app/users.h"
#include "core/reference.h"
#include "http/answer_cache.h"
#include "http/multipart.h"
#include "http/sessions.h"

namespace followup {
// The files src/http/CMakeLists.txt compiles in (src/embed_files.cmake).
std::optional<std::string_view> http_files(std::string_view name);
}  // namespace followup

namespace followup::http {

namespace {

using nlohmann::json;

// A memo is read up to this size, as the command line reads one.
constexpr std::size_t k_memo_max_bytes = std::size_t{20} * 1024 * 1024;
// A page of recommendations: 100 by default, at most 1,000.
constexpr int k_default_page = 100;
constexpr int k_max_page = 1000;
// The answers kept (http/answer_cache.h), keys included.
constexpr std::size_t k_answer_cache_bytes = std::size_t{16} * 1024 * 1024;

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}

// An error's code as a word of the problem document: "not_found".
std::string code_word(ErrorCode code) {
  std::string word = to_string(code);
  std::replace(word.begin(), word.end(), ' ', '_');
  return word;
}

Response json_answer(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  Api::secure(r);
  return r;
}

Response json_answer(int status, const json& body) { return json_answer(status, body.dump()); }

Response no_content() {
  Response r;
  r.status = 204;
  r.content_type = "text/plain";
  Api::secure(r);
  return r;
}

Error bad_parameter(const std::string& name, const std::string& message) {
  return field_error(ErrorCode::invalid_argument, name, message);
}

}  // namespace

// ---- What every handler gets

struct Upload {
  std::string json;
  std::vector<app::EvidenceFile> files;
};

struct Call {
  const Request& request;
  Target target;
  std::vector<std::string> params;        // the route's captures, in order
  std::optional<app::OpenSession> login;  // who, when someone logged in
  bool by_cookie = false;
  std::optional<long long> if_match;  // a parsed If-Match: the version the change is made on
  long long version_after = -1;       // a step's: the recommendation's version after it

  [[nodiscard]] std::string ref() const { return params.at(0) + "#" + params.at(1); }
};

class Api::Impl {
 public:
  Impl(Store& store, const env::Clock& clock, app::Config config, Sessions& sessions)
      : m_store(store), m_clock(clock), m_config(std::move(config)), m_sessions(sessions) {}

  Response handle(const Request& request);
  [[nodiscard]] std::size_t body_limit(const Request& head) const;

  using Handler = Response (Impl::*)(Call&);
  struct Route {
    const char* method;
    std::vector<std::string_view> pattern;  // "{}" captures a segment
    Handler handler;
    bool needs_login = true;
  };
  static const std::vector<Route>& routes();

 private:
  // Nobody logged in: the anonymous user, who reads disclosed evaluations.
  [[nodiscard]] app::Session session(Call& call) const {
    return app::Session{
        m_store,
        m_clock,
        call.login ? app::Principal{call.login->user, false, false} : app::Principal{{}, true, false},
        m_config.unit_backdate_days,
        call.if_match,
        &call.version_after,
        nullptr};
  }
  Response error(const Call& call, const Error& e) const;
  Result<Date> as_of(const Call& call) const;
  Result<int> limit(const Call& call, int fallback) const;
  // The recommendation after a step, with its new ETag.
  Response stepped(Call& call, int status, const json& body);
  // The request's JSON and its files: the body itself, or the parts of a
  // multipart/form-data body ("request" and "evidence" files).
  Result<Upload> upload(const Call& call) const;
  template <typename Req, typename Parse, typename Step>
  Response step(Call& call, Parse parse, Step run);
  // A read's answer as `make` writes it (with the session it is given), or
  // as it was kept when nothing it rests on has changed since
  // (http/answer_cache.h): who asks, the date it is judged on, the address,
  // and the store's history head, read in the transaction `make` works in.
  Response kept_answer(Call& call, Date on,
                       const std::function<Result<std::string>(const app::Session&)>& make);

  Response log_in(Call& call);
  Response log_out(Call& call);
  Response me(Call& call);
  Response list(Call& call);
  Response show(Call& call);
  Response respond(Call& call);
  Response add_action(Call& call);
  Response update_action(Call& call);
  Response progress(Call& call);
  Response validation(Call& call);
  Response closing(Call& call);
  Response reopening(Call& call);
  Response extension(Call& call);
  Response request_due_date(Call& call);
  Response due_date_requests(Call& call);
  Response answer_due_date(Call& call);
  Response edit(Call& call);
  Response issue(Call& call);
  Response disclosure(Call& call);
  Response evaluation(Call& call);
  Response original_memo(Call& call);
  Response import_memo(Call& call);
  Response report(Call& call);
  Response unit_report(Call& call);
  Response history(Call& call);
  Response units(Call& call);
  Response add_unit(Call& call);
  Response users(Call& call);
  Response add_user(Call& call);
  Response evidence(Call& call);
  Response openapi(Call& call);

  Store& m_store;
  const env::Clock& m_clock;
  app::Config m_config;
  Sessions& m_sessions;
  AnswerCache m_answers{k_answer_cache_bytes};
};

const std::vector<Api::Impl::Route>& Api::Impl::routes() {
  static const std::vector<Route> k_routes = {
      {"POST", {"session"}, &Impl::log_in, false},
      {"DELETE", {"session"}, &Impl::log_out},
      {"GET", {"me"}, &Impl::me},
      {"GET", {"recommendations"}, &Impl::list},
      {"GET", {"recommendations", "{}", "{}"}, &Impl::show, false},
      {"PATCH", {"recommendations", "{}", "{}"}, &Impl::edit},
      {"POST", {"recommendations", "{}", "{}", "responses"}, &Impl::respond},
      {"POST", {"recommendations", "{}", "{}", "actions"}, &Impl::add_action},
      {"POST", {"recommendations", "{}", "{}", "actions", "{}"}, &Impl::update_action},
      {"POST", {"recommendations", "{}", "{}", "progress"}, &Impl::progress},
      {"POST", {"recommendations", "{}", "{}", "validation"}, &Impl::validation},
      {"POST", {"recommendations", "{}", "{}", "closing"}, &Impl::closing},
      {"POST", {"recommendations", "{}", "{}", "reopening"}, &Impl::reopening},
      {"POST", {"recommendations", "{}", "{}", "extensions"}, &Impl::extension},
      {"POST", {"recommendations", "{}", "{}", "due-date-requests"}, &Impl::request_due_date},
      {"GET", {"due-date-requests"}, &Impl::due_date_requests},
      {"POST", {"due-date-requests", "{}", "answer"}, &Impl::answer_due_date},
      {"GET", {"evaluations", "{}"}, &Impl::evaluation, false},
      {"GET", {"evaluations", "{}", "original"}, &Impl::original_memo, false},
      {"POST", {"evaluations", "{}", "issue"}, &Impl::issue},
      {"POST", {"evaluations", "{}", "disclosure"}, &Impl::disclosure},
      {"POST", {"imports"}, &Impl::import_memo},
      {"GET", {"reports", "unit", "{}"}, &Impl::unit_report},
      {"GET", {"reports", "{}"}, &Impl::report},
      {"GET", {"history"}, &Impl::history},
      {"GET", {"units"}, &Impl::units},
      {"POST", {"units"}, &Impl::add_unit},
      {"GET", {"users"}, &Impl::users},
      {"POST", {"users"}, &Impl::add_user},
      {"GET", {"evidence", "{}"}, &Impl::evidence},
      {"GET", {"openapi.json"}, &Impl::openapi, false},
  };
  return k_routes;
}

std::size_t Api::Impl::body_limit(const Request& head) const {
  if (head.method == "GET" || head.method == "HEAD" || head.method == "DELETE") return 0;
  auto target = parse_target(head.target);
  if (target && target->segments.size() == 3 && target->segments[2] == "imports") return k_memo_max_bytes;
  // An upload: the request's JSON and its files, which together may be as
  // large as one evidence file may be (evidence.max_bytes).
  if (head.header("content-type").value_or("").starts_with("multipart/form-data"))
    return static_cast<std::size_t>(m_config.evidence.max_bytes) + k_max_json_body;
  return k_max_json_body;
}

Response Api::Impl::error(const Call& call, const Error& e) const {
  int status = status_of(e);
  // A stale If-Match: the change was refused because the resource changed.
  if (e.code == ErrorCode::conflict && call.if_match) status = 412;
  std::string field = e.field;
  if (!field.empty()) field = "/" + field;
  Response r = problem(status, e.file.empty() ? e.message : e.describe(), code_word(e.code), field);
  r.user = call.login ? call.login->user : std::string();
  return r;
}

Result<Date> Api::Impl::as_of(const Call& call) const {
  auto text = call.target.param("as_of");
  if (!text) return m_clock.today();
  auto date = Date::parse_iso(*text);
  if (!date)
    return bad_parameter("as_of", "as_of '" + *text + "' is not a date (YYYY-MM-DD, a day that exists)");
  return *date;
}

Result<int> Api::Impl::limit(const Call& call, int fallback) const {
  auto text = call.target.param("limit");
  if (!text) return fallback;
  if (text->empty() || text->size() > 4 || text->find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(*text) < 1 || std::stoi(*text) > k_max_page)
    return bad_parameter(
        "limit", "limit '" + *text + "' is not a whole number from 1 to " + std::to_string(k_max_page));
  return std::stoi(*text);
}

Response Api::Impl::handle(const Request& request) {
  Call call{request, {}, {}, std::nullopt, false, std::nullopt};
  auto target = parse_target(request.target);
  if (!target)
    return problem(400, "the address is malformed (a bad %-escape, a NUL, or a . or .. segment)",
                   "invalid_argument");
  call.target = std::move(*target);
  const auto& segments = call.target.segments;
  if (segments.size() < 2 || segments[0] != "api" || segments[1] != "v1")
    return problem(404, "no such address: " + request.target.substr(0, 200), "not_found");

  // The route: the first whose pattern fits; a pattern that fits with
  // another method is 405.
  const Route* found = nullptr;
  bool other_method = false;
  for (const auto& route : routes()) {
    if (route.pattern.size() != segments.size() - 2) continue;
    std::vector<std::string> params;
    bool fits = true;
    for (std::size_t i = 0; i < route.pattern.size() && fits; ++i) {
      if (route.pattern[i] == "{}")
        params.push_back(segments[i + 2]);
      else
        fits = route.pattern[i] == segments[i + 2];
    }
    if (!fits) continue;
    if (route.method != request.method) {
      other_method = true;
      continue;
    }
    found = &route;
    call.params = std::move(params);
    break;
  }
  if (found == nullptr) {
    if (other_method) return problem(405, request.method + " is not allowed here", "invalid_argument");
    return problem(404, "no such address: " + request.target.substr(0, 200), "not_found");
  }

  // Who: a bearer token, else a session cookie.
  if (auto authorization = request.header("authorization")) {
    constexpr std::string_view k_bearer = "Bearer ";
    if (!authorization->starts_with(k_bearer))
      return problem(401, "the Authorization header must be \"Bearer TOKEN\"", "unauthenticated");
    auto login = m_sessions.authenticate(authorization->substr(k_bearer.size()), app::SessionKind::api);
    if (!login) return error(call, login.error());
    call.login = std::move(*login);
  } else if (auto cookies = request.header("cookie")) {
    const std::string token = cookie_value(*cookies, k_session_cookie);
    if (!token.empty()) {
      auto login = m_sessions.authenticate(token, app::SessionKind::browser);
      if (!login) return error(call, login.error());
      call.login = std::move(*login);
      call.by_cookie = true;
    }
  }
  if (found->needs_login && !call.login)
    return problem(401,
                   "log in first: POST /api/v1/session, then send the token as Authorization: Bearer TOKEN",
                   "unauthenticated");
  // A cookie rides along with any request the browser makes, whoever made
  // it be sent: a change must show it knows the session's CSRF token.
  if (call.by_cookie && request.method != "GET" && request.method != "HEAD") {
    auto csrf = request.header(k_csrf_header);
    if (!csrf || *csrf != call.login->csrf)
      return problem(403, "the CSRF token is missing or wrong: send the session's token as X-CSRF-Token",
                     "permission_denied");
  }
  if (auto match = request.header("if-match"); match && *match != "*") {
    std::string_view text = *match;
    if (text.starts_with("W/")) text.remove_prefix(2);
    if (text.size() < 3 || text.front() != '"' || text.back() != '"' ||
        text.substr(1, text.size() - 2).find_first_not_of("0123456789") != std::string_view::npos ||
        text.size() > 20)
      return problem(400, "If-Match must be an ETag this API gave, such as \"12\"", "invalid_argument", "");
    call.if_match = std::stoll(std::string(text.substr(1, text.size() - 2)));
  }
  Response r = (this->*(found->handler))(call);
  if (r.user.empty() && call.login) r.user = call.login->user;
  return r;
}

// ---- Sessions

Response Api::Impl::log_in(Call& call) {
  json body = json::parse(call.request.body, nullptr, false);
  if (!body.is_object())
    return error(call, bad_parameter("", "the body must be a JSON object {\"user\", \"password\"}"));
  app::LoginRequest request;
  for (auto [name, into] : {std::pair<const char*, std::string*>{"user", &request.user},
                            {"password", &request.password},
                            {"totp", &request.totp}}) {
    auto it = body.find(name);
    if (it == body.end()) {
      if (std::string_view(name) == "totp") continue;
      return error(call, bad_parameter(name, std::string("\"") + name + "\" is required"));
    }
    if (!it->is_string())
      return error(call, bad_parameter(name, std::string("\"") + name + "\" must be a string"));
    *into = it->get<std::string>();
  }
  request.address = call.request.address;
  request.kind = app::SessionKind::api;
  auto opened = m_sessions.log_in(request);
  if (!opened) {
    Response r = error(call, opened.error());
    if (opened.error().code == ErrorCode::resource_exhausted)
      if (auto wait = m_sessions.retry_after(request)) r.header("Retry-After", std::to_string(*wait));
    return r;
  }
  Response r = json_answer(
      201, json{{"token", opened->token}, {"user", opened->user}, {"expires_at", opened->expires_at}});
  r.user = opened->user;
  return r;
}

Response Api::Impl::log_out(Call& call) {
  if (auto closed = m_sessions.log_out(call.login->token); !closed) return error(call, closed.error());
  return no_content();
}

Response Api::Impl::me(Call& call) {
  std::optional<User> user;
  auto st = m_store.read([&](Transaction& tx) -> Status {
    auto actor = app::acting_user(tx, session(call));
    if (!actor) return actor.error();
    user = std::move(*actor);
    return {};
  });
  if (!st) return error(call, st.error());
  return json_answer(200, app::json_of(*user));
}

// ---- Recommendations

Response Api::Impl::list(Call& call) {
  auto on = as_of(call);
  if (!on) return error(call, on.error());
  auto page = limit(call, k_default_page);
  if (!page) return error(call, page.error());
  app::ListQuery query;
  query.as_of = *on;
  query.limit = *page;
  query.unit = call.target.param("unit");
  query.evaluation = call.target.param("evaluation");
  query.after = call.target.param("after");
  if (auto overdue = call.target.param("overdue")) {
    if (*overdue != "true" && *overdue != "false")
      return error(call, bad_parameter("overdue", "overdue must be true or false"));
    query.overdue_only = *overdue == "true";
  }
  if (auto before = call.target.param("due_before")) {
    auto date = Date::parse_iso(*before);
    if (!date)
      return error(call,
                   bad_parameter("due_before", "due_before '" + *before + "' is not a date (YYYY-MM-DD)"));
    query.due_before = *date;
  }
  return kept_answer(call, *on, [&](const app::Session& within) -> Result<std::string> {
    std::vector<Unit> units;  // those the page names
    json items = json::array();
    std::string last;
    auto st = app::for_each_listed(
        within, query,
        [&](app::ListedRecommendation&& row) -> Status {
          last = recommendation_ref(row.record.evaluation, row.record.rec.number);
          items.push_back(app::json_of(row, units));
          return {};
        },
        &units);
    if (!st) return st.error();
    const bool more = static_cast<int>(items.size()) == *page;
    return json{{"items", std::move(items)}, {"next", more ? json(last) : json(nullptr)}}.dump();
  });
}

Response Api::Impl::kept_answer(Call& call, Date on,
                                const std::function<Result<std::string>(const app::Session&)>& make) {
  // The head, the answer kept and the answer made all come from one read
  // transaction, so from one snapshot of the store.
  std::string answer;
  auto st = m_store.read([&](Transaction& tx) -> Status {
    auto head = tx.history_head();
    if (!head) return head.error();
    std::string key = std::to_string(head->first) + ' ' + head->second + '\n' +
                      (call.login ? call.login->user : std::string()) + '\n' + on.iso() + '\n' +
                      call.request.target;
    if (auto kept = m_answers.find(key)) {
      answer = std::move(*kept);
      return {};
    }
    app::Session within = session(call);
    within.within = &tx;
    auto made = make(within);
    if (!made) return made.error();
    answer = std::move(*made);
    m_answers.put(key, answer);
    return {};
  });
  if (!st) return error(call, st.error());
  return json_answer(200, std::move(answer));
}

Response Api::Impl::show(Call& call) {
  auto on = as_of(call);
  if (!on) return error(call, on.error());
  const bool with_history = call.target.param("history") == std::optional<std::string>("true");
  auto shown = app::show_recommendation(session(call), call.ref(), app::ShowQuery{*on, with_history});
  if (!shown) return error(call, shown.error());
  Response r = json_answer(200, app::json_of(*shown));
  r.header("ETag", "\"" + std::to_string(shown->version) + "\"");
  return r;
}

Response Api::Impl::stepped(Call& call, int status, const json& body) {
  Response r = json_answer(status, body);
  if (call.version_after >= 0) r.header("ETag", "\"" + std::to_string(call.version_after) + "\"");
  return r;
}

Result<Upload> Api::Impl::upload(const Call& call) const {
  const auto type = call.request.header("content-type").value_or("");
  if (!type.starts_with("multipart/form-data")) return Upload{call.request.body, {}};
  auto parts = parse_form_data(type, call.request.body);
  if (!parts) return parts.error();
  Upload out;
  bool has_request = false;
  for (auto& part : *parts) {
    if (part.name == "request" && !part.filename) {
      out.json = std::move(part.body);
      has_request = true;
    } else if (part.name == "evidence" && part.filename) {
      out.files.push_back(app::EvidenceFile{std::move(*part.filename), std::move(part.body)});
    } else {
      return bad_parameter(part.name, "the upload's part '" + part.name.substr(0, 60) +
                                          "' is neither the request (a field named request) nor a file named "
                                          "evidence");
    }
  }
  if (!has_request)
    return bad_parameter("request", "the upload has no request: a field named request (JSON)");
  return out;
}

template <typename Req, typename Parse, typename Step>
Response Api::Impl::step(Call& call, Parse parse, Step run) {
  auto on = as_of(call);
  if (!on) return error(call, on.error());
  auto sent = upload(call);
  if (!sent) return error(call, sent.error());
  Result<Req> request = parse(sent->json, "the body");
  if (!request) return error(call, request.error());
  if constexpr (requires { request->evidence; }) {
    for (auto& file : sent->files) request->evidence.push_back(std::move(file));
  } else if (!sent->files.empty()) {
    return error(call, bad_parameter("evidence", "this step takes no evidence files"));
  }
  return run(session(call), *request, *on);
}

Response Api::Impl::respond(Call& call) {
  return step<app::ResponseRequest>(call, app::parse_response_json,
                                    [&](const app::Session& s, const auto& req, Date on) {
                                      auto done = app::respond(s, call.ref(), req, on);
                                      if (!done) return error(call, done.error());
                                      return stepped(call, 201, app::json_of(*done));
                                    });
}

Response Api::Impl::add_action(Call& call) {
  return step<app::AddActionRequest>(call, app::parse_add_action_json,
                                     [&](const app::Session& s, const auto& req, Date on) {
                                       auto done = app::add_action(s, call.ref(), req, on);
                                       if (!done) return error(call, done.error());
                                       return stepped(call, 201, app::json_of(*done));
                                     });
}

Response Api::Impl::update_action(Call& call) {
  const auto id = parse_id(call.params.at(2));
  if (!id)
    return error(call, make_error(ErrorCode::not_found, "no action " + call.params.at(2).substr(0, 40)));
  return step<app::ActionUpdate>(call, app::parse_action_update_json,
                                 [&](const app::Session& s, const auto& req, Date on) {
                                   auto done = app::update_action(s, call.ref(), *id, req, on);
                                   if (!done) return error(call, done.error());
                                   return stepped(call, 201, app::json_of(*done));
                                 });
}

Response Api::Impl::progress(Call& call) {
  return step<app::ProgressRequest>(
      call, app::parse_progress_json, [&](const app::Session& s, const auto& req, Date on) {
        auto done = app::report_progress(s, call.ref(), req, m_config.evidence, on);
        if (!done) return error(call, done.error());
        return stepped(call, 201, app::json_of(*done));
      });
}

Response Api::Impl::validation(Call& call) {
  return step<app::ValidationRequest>(
      call, app::parse_validation_json, [&](const app::Session& s, const auto& req, Date on) {
        if (auto done = app::validate(s, call.ref(), req, on); !done) return error(call, done.error());
        return stepped(call, 201, json{{"rating", req.rating}, {"on", on.iso()}});
      });
}

Response Api::Impl::closing(Call& call) {
  return step<app::CloseRequest>(
      call, app::parse_closing_json, [&](const app::Session& s, const auto& req, Date on) {
        auto done = app::close_recommendation(s, call.ref(), req, m_config.evidence, on);
        if (!done) return error(call, done.error());
        return stepped(call, 201, app::json_of(*done));
      });
}

Response Api::Impl::reopening(Call& call) {
  return step<app::ReopenRequest>(
      call, app::parse_reopen_json, [&](const app::Session& s, const auto& req, Date on) {
        if (auto done = app::reopen_recommendation(s, call.ref(), req, on); !done)
          return error(call, done.error());
        return stepped(call, 201, json{{"reopened", on.iso()}, {"reason", req.reason}});
      });
}

Response Api::Impl::extension(Call& call) {
  return step<app::ExtensionRequest>(call, app::parse_extension_json,
                                     [&](const app::Session& s, const auto& req, Date on) {
                                       auto done = app::extend(s, call.ref(), req, on);
                                       if (!done) return error(call, done.error());
                                       return stepped(call, 201, app::json_of(*done));
                                     });
}

Response Api::Impl::request_due_date(Call& call) {
  return step<app::DueDateAsk>(call, app::parse_due_date_ask_json,
                               [&](const app::Session& s, const auto& req, Date on) {
                                 auto done = app::request_due_date(s, call.ref(), req, on);
                                 if (!done) return error(call, done.error());
                                 return json_answer(201, app::json_of(*done));
                               });
}

Response Api::Impl::due_date_requests(Call& call) {
  auto ref = call.target.param("ref");
  const bool pending = call.target.param("pending") == std::optional<std::string>("true");
  auto all = app::due_date_requests(session(call), ref ? std::optional<std::string_view>(*ref) : std::nullopt,
                                    pending);
  if (!all) return error(call, all.error());
  json out = json::array();
  for (const auto& q : *all) out.push_back(app::json_of(q));
  return json_answer(200, out);
}

Response Api::Impl::answer_due_date(Call& call) {
  const auto id = parse_id(call.params.at(0));
  if (!id)
    return error(call,
                 make_error(ErrorCode::not_found, "no due-date request " + call.params.at(0).substr(0, 40)));
  return step<app::DueDateReply>(call, app::parse_due_date_reply_json,
                                 [&](const app::Session& s, const auto& req, Date on) {
                                   auto done = app::answer_due_date(s, *id, req, on);
                                   if (!done) return error(call, done.error());
                                   return json_answer(201, app::json_of(*done));
                                 });
}

Response Api::Impl::edit(Call& call) {
  return step<app::RecommendationEdit>(
      call, app::parse_edit_json, [&](const app::Session& s, const auto& req, Date on) {
        if (auto done = app::edit_recommendation(s, call.ref(), req, on); !done)
          return error(call, done.error());
        return stepped(call, 200, json{{"edited", on.iso()}});
      });
}

// ---- Evaluations and imports

Response Api::Impl::issue(Call& call) {
  auto on = as_of(call);
  if (!on) return error(call, on.error());
  if (auto done = app::issue_evaluation(session(call), call.params.at(0), *on); !done)
    return error(call, done.error());
  return json_answer(200, json{{"evaluation", call.params.at(0)}, {"issued", on->iso()}});
}

Response Api::Impl::disclosure(Call& call) {
  json body = json::parse(call.request.body, nullptr, false);
  if (!body.is_object() || !body.contains("disclosed") || !body["disclosed"].is_boolean())
    return error(
        call, bad_parameter("disclosed", "the body must be {\"disclosed\": true} or {\"disclosed\": false}"));
  const bool disclosed = body["disclosed"].get<bool>();
  if (auto done = app::disclose_evaluation(session(call), call.params.at(0), disclosed); !done)
    return error(call, done.error());
  return json_answer(200, json{{"evaluation", call.params.at(0)}, {"disclosed", disclosed}});
}

Response Api::Impl::evaluation(Call& call) {
  auto view = app::memo_of(session(call), call.params.at(0));
  if (!view) return error(call, view.error());
  return json_answer(200, app::json_of(*view));
}

Response Api::Impl::import_memo(Call& call) {
  app::ImportRequest request;
  request.file_name = call.target.param("name").value_or("memo.txt");
  request.bytes = call.request.body;
  request.dry_run = call.target.param("dry_run") == std::optional<std::string>("true");
  request.add_units = call.target.param("add_units") == std::optional<std::string>("true");
  auto outcome = app::import_memo(session(call), request);
  if (!outcome) return error(call, outcome.error());
  return json_answer(outcome->status == app::ImportStatus::imported ? 201 : 200, app::json_of(*outcome));
}

// ---- Reports and history

Response Api::Impl::report(Call& call) {
  auto on = as_of(call);
  if (!on) return error(call, on.error());
  app::ReportOptions options;
  options.as_of = *on;
  const std::string& which = call.params.at(0);
  const app::Session s = session(call);
  if (which == "status") {
    auto page = limit(call, k_default_page);
    if (!page) return error(call, page.error());
    options.limit = *page;
    options.after = call.target.param("after");
    auto report = app::status_report(s, options);
    if (!report) return error(call, report.error());
    return json_answer(200, app::json_of(*report));
  }
  if (which == "overdue") {
    auto page = limit(call, k_max_page);
    if (!page) return error(call, page.error());
    options.limit = *page;
    auto report = app::overdue_report(s, options);
    if (!report) return error(call, report.error());
    return json_answer(200, app::json_of(*report));
  }
  if (which == "rates") {
    auto report = app::rates_report(s, options);
    if (!report) return error(call, report.error());
    return json_answer(200, app::json_of(*report));
  }
  return problem(404, "no report " + which.substr(0, 40) + " (status, overdue, rates, unit/U)", "not_found");
}

Response Api::Impl::unit_report(Call& call) {
  auto on = as_of(call);
  if (!on) return error(call, on.error());
  app::ReportOptions options;
  options.as_of = *on;
  auto report = app::unit_report(session(call), call.params.at(0), options);
  if (!report) return error(call, report.error());
  return json_answer(200, app::json_of(*report));
}

Response Api::Impl::history(Call& call) {
  auto entity = call.target.param("entity");
  auto entries =
      app::history_of(session(call), entity ? std::optional<std::string_view>(*entity) : std::nullopt);
  if (!entries) return error(call, entries.error());
  return json_answer(200, app::json_of(*entries));
}

// ---- Units and users

Response Api::Impl::units(Call& call) {
  auto all = app::list_units(session(call));
  if (!all) return error(call, all.error());
  json out = json::array();
  for (const auto& unit : *all) out.push_back(app::json_of(unit));
  return json_answer(200, out);
}

Response Api::Impl::add_unit(Call& call) {
  auto unit = app::parse_unit_json(call.request.body, "the body");
  if (!unit) return error(call, unit.error());
  if (auto done = app::add_unit(session(call), *unit); !done) return error(call, done.error());
  return json_answer(201, app::json_of(*unit));
}

Response Api::Impl::users(Call& call) {
  auto all = app::list_users(session(call));
  if (!all) return error(call, all.error());
  json out = json::array();
  for (const auto& user : *all) out.push_back(app::json_of(user));
  return json_answer(200, out);
}

Response Api::Impl::add_user(Call& call) {
  auto user = app::parse_user_json(call.request.body, "the body");
  if (!user) return error(call, user.error());
  if (auto done = app::add_user(session(call), *user); !done) return error(call, done.error());
  return json_answer(201, app::json_of(*user));
}

// ---- Evidence: only ever as an attachment (docs/decisions.md)

namespace {

// A stored file as a download, never as a page (docs/decisions.md): an
// attachment of no type a browser would render, in a sandbox.
Response attachment(const std::string& name, std::string content) {
  Response r;
  r.status = 200;
  r.content_type = "application/octet-stream";
  r.body = std::move(content);
  Api::secure(r);
  for (auto& [header, value] : r.headers)
    if (header == "Content-Security-Policy") value = "sandbox; default-src 'none'";
  r.header("Content-Disposition", "attachment; filename*=UTF-8''" + percent_encode(name));
  return r;
}

}  // namespace

Response Api::Impl::evidence(Call& call) {
  auto file = app::get_evidence(session(call), call.params.at(0));
  if (!file) return error(call, file.error());
  return attachment(file->evidence.name, std::move(file->content));
}

Response Api::Impl::original_memo(Call& call) {
  auto memo = app::memo_original(session(call), call.params.at(0));
  if (!memo) return error(call, memo.error());
  return attachment(memo->meta.name, std::move(memo->bytes));
}

Response Api::Impl::openapi(Call& /*call*/) {
  Response r;
  r.body = std::string(openapi_document());
  secure(r);
  return r;
}

// ---- Api

std::string_view openapi_document() { return http_files("openapi.json").value_or(""); }

std::vector<std::string> Api::routes() {
  std::vector<std::string> out;
  for (const auto& route : Impl::routes()) {
    std::string text = std::string(route.method) + " ";
    for (auto segment : route.pattern) text += "/" + std::string(segment);
    out.push_back(std::move(text));
  }
  return out;
}

Api::Api(Store& store, const env::Clock& clock, app::Config config, Sessions& sessions)
    : m_impl(std::make_unique<Impl>(store, clock, std::move(config), sessions)) {}
Api::~Api() = default;

std::size_t Api::body_limit(const Request& head) const { return m_impl->body_limit(head); }
Response Api::handle(const Request& request) { return m_impl->handle(request); }

Response Api::problem(int status, std::string detail, std::string code, std::string field) {
  json body{
      {"type", "about:blank"}, {"title", reason(status)}, {"status", status}, {"detail", std::move(detail)}};
  if (!code.empty()) body["code"] = std::move(code);
  if (!field.empty()) body["field"] = std::move(field);
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = body.dump();
  secure(r);
  return r;
}

int Api::status_of(const Error& error) {
  switch (error.code) {
    case ErrorCode::invalid_argument:
      return 400;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::already_exists:
    case ErrorCode::conflict:
    case ErrorCode::failed_precondition:
      return 409;
    case ErrorCode::permission_denied:
      return 403;
    case ErrorCode::unauthenticated:
      return 401;
    case ErrorCode::resource_exhausted:
      return 429;
    case ErrorCode::unavailable:
      return 503;
    case ErrorCode::internal:
    case ErrorCode::data_loss:
      return 500;
  }
  return 500;
}

void Api::secure(Response& response) {
  response.header("X-Content-Type-Options", "nosniff");
  response.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  response.header("X-Frame-Options", "DENY");
  response.header("Referrer-Policy", "no-referrer");
  response.header("Cache-Control", "no-store");
}

}  // namespace followup::http
