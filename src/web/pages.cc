#include "web/pages.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "app/accounts.h"
#include "app/calendar.h"
#include "app/follow_up.h"
#include "app/import.h"
#include "app/json_views.h"
#include "app/queries.h"
#include "app/reminders.h"
#include "app/reports.h"
#include "app/request_json.h"
#include "app/show.h"
#include "app/units.h"
#include "app/users.h"
#include "core/names.h"
#include "core/reference.h"
#include "core/workflow.h"
#include "http/api.h"
#include "http/multipart.h"
#include "render/chart.h"
#include "render/reports.h"
#include "util/password.h"
#include "util/text.h"
#include "web/form.h"
#include "web/view.h"

namespace followup::web {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// The login form's own token (a cookie and a field that must match), so
// that no other site can log a browser in under its own account.
constexpr const char* k_login_cookie = "followup_login";
// A memo is read up to this size, as the API reads one.
constexpr std::size_t k_memo_max_bytes = std::size_t{20} * 1024 * 1024;
constexpr std::size_t k_form_max_bytes = std::size_t{1024} * 1024;
constexpr int k_list_page = 50;
constexpr int k_action_rows = 3;

// What a page says after a change, by the word its address carries
// (?done=responded): a fixed table, so that no address puts its own words
// on a page.
// The outbox's page shows the latest messages, at most this many.
constexpr int k_outbox_page_rows = 200;

const std::map<std::string, std::string, std::less<>>& done_messages() {
  static const std::map<std::string, std::string, std::less<>> k_messages = {
      {"responded", "The response was recorded."},
      {"action", "The action was added."},
      {"progress", "The progress report was recorded."},
      {"validated", "The office's rating was recorded."},
      {"closed", "The recommendation was closed."},
      {"reopened", "The recommendation was reopened."},
      {"extended", "The due date was extended."},
      {"asked", "The request for a later due date was sent to the evaluation office."},
      {"granted", "The request was granted: the unit's due date is extended."},
      {"refused", "The request was refused."},
      {"issued", "The evaluation was issued: its due dates now run."},
      {"disclosed", "The evaluation's disclosure was changed."},
      {"imported", "The memo was imported."},
      {"user", "The user was saved."},
      {"password", "The password was set."},
      {"unit", "The unit was added."},
      {"alias", "The alias was added."},
      {"revoked", "The calendar feed was revoked: its address no longer answers."},
  };
  return k_messages;
}

// Words of the JSON views shown as words ("claimed_implemented" as
// "claimed implemented") under these keys.
void readable_words(json& value) {
  static const std::array<std::string_view, 10> k_keys = {
      "state",   "decision",        "status",        "claimed_status", "rating",
      "outcome", "response_status", "office_rating", "kind",           "ageing"};
  if (value.is_array()) {
    for (auto& item : value) readable_words(item);
  } else if (value.is_object()) {
    for (auto& [key, item] : value.items()) {
      if (item.is_string() && std::find(k_keys.begin(), k_keys.end(), key) != k_keys.end()) {
        item = util::spaced(item.get<std::string>());
      } else {
        readable_words(item);
      }
    }
  }
}

// A step's answer as a Status (the page shows the recommendation again).
template <typename T>
Status outcome(const Result<T>& result) {
  if (!result) return result.error();
  return {};
}
Status outcome(Status status) { return status; }

// A select's options from a word list of core/names.h ("not_started,
// in_progress, ..."): each word as the value, "Not started" as the label,
// `selected` chosen.
json options(std::string_view words, std::string_view selected) {
  json out = json::array();
  for (std::size_t start = 0; start < words.size();) {
    auto end = words.find(", ", start);
    if (end == std::string_view::npos) end = words.size();
    const std::string word(words.substr(start, end - start));
    std::string label = util::spaced(word);
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    out.push_back(json{{"value", word}, {"label", label}, {"selected", word == selected}});
    start = end + 2;
  }
  return out;
}

std::string cookie(const std::string& name, const std::string& value, const std::string& path,
                   long long max_age, bool secure, const char* same_site) {
  std::string out = name + "=" + value + "; Path=" + path + "; HttpOnly; SameSite=" + same_site +
                    "; Max-Age=" + std::to_string(max_age);
  if (secure) out += "; Secure";
  return out;
}

Response redirect(const std::string& location) {
  Response r;
  r.status = 303;
  r.content_type = "text/plain";
  r.header("Location", location);
  Pages::secure(r);
  return r;
}

// A path of this site to go back to after logging in (never another site's).
std::string local_path(const std::string& next) {
  if (next.empty() || next.front() != '/' || next.starts_with("//") || next.find('\\') != std::string::npos ||
      next.size() > 500)
    return "/";
  return next;
}

}  // namespace

struct Visit {
  const Request& request;
  http::Target target;
  std::optional<app::OpenSession> login;
  std::optional<User> user;  // who is logged in
  Fields fields;             // a POST's fields
  std::vector<app::EvidenceFile> files;
  bool stale_cookie = false;  // a session cookie the store no longer knows
};

class Pages::Impl {
 public:
  Impl(Store& store, const env::Clock& clock, app::Config config, http::Sessions& sessions)
      : m_store(store), m_clock(clock), m_config(std::move(config)), m_sessions(sessions) {}

  Response handle(const Request& request);
  [[nodiscard]] std::size_t body_limit(const Request& head) const;

 private:
  [[nodiscard]] app::Session session(const Visit& visit,
                                     std::optional<long long> version = std::nullopt) const {
    return app::Session{
        m_store,
        m_clock,
        visit.login ? app::Principal{visit.login->user, false, false} : app::Principal{{}, true, false},
        m_config.unit_backdate_days,
        version,
        nullptr,
        nullptr};
  }
  Response page(const Visit& visit, int status, std::string_view name, const std::string& title,
                json data) const;
  Response error_page(const Visit& visit, const Error& error) const;
  Response not_found(const Visit& visit) const {
    return error_page(visit, make_error(ErrorCode::not_found, "There is no page at this address."));
  }
  static Response to_login(const Visit& visit) {
    return redirect("/login?next=" + http::percent_encode(visit.request.target));
  }
  Result<Date> as_of(const Visit& visit) const;
  Status read_form(Visit& visit) const;

  // The rows of a list of recommendations (app::for_each_listed), each with
  // "overdue"; `last` receives the last one's reference.
  Result<nlohmann::json> rows(const Visit& visit, const app::ListQuery& query, std::string* last) const;
  Response login_form(const Visit& visit, const std::string& problem, int status) const;
  Response log_in(Visit& visit);
  Response log_out(Visit& visit);
  Response dashboard(const Visit& visit);
  Response list(const Visit& visit);
  Response evaluation(const Visit& visit, const std::string& code, const std::optional<Error>& failed);
  Response evaluation_step(Visit& visit, const std::string& code, const std::string& step);
  Response recommendation(const Visit& visit, const std::string& ref, const std::optional<Error>& failed);
  Response recommendation_step(Visit& visit, const std::string& ref, const std::string& step);
  Response requests_page(const Visit& visit, const std::optional<Error>& failed);
  Response answer_step(Visit& visit, const std::string& id);
  Response my_unit(const Visit& visit);
  Response outbox_page(const Visit& visit);
  Response calendar_page(const Visit& visit, const std::optional<Error>& failed, const json& created);
  Response calendar_step(Visit& visit, const std::vector<std::string>& s);
  Response unit(const Visit& visit, const std::string& code);
  Response import_form(const Visit& visit, const std::optional<Error>& failed);
  Response import_step(Visit& visit);
  Response admin(const Visit& visit, const std::optional<Error>& failed);
  Response admin_step(Visit& visit, const std::string& what);

  Store& m_store;
  const env::Clock& m_clock;
  app::Config m_config;
  http::Sessions& m_sessions;
};

// ---- Every page

Response Pages::Impl::page(const Visit& visit, int status, std::string_view name, const std::string& title,
                           json data) const {
  readable_words(data);
  json layout{{"title", title}, {"body", render(name, data)}};
  if (visit.user) {
    json user = app::json_of(*visit.user);
    user["office"] = has_role(*visit.user, Role::evaluation);
    user["admin"] = has_role(*visit.user, Role::admin);
    user["unit"] = has_role(*visit.user, Role::unit);
    layout["user"] = std::move(user);
    layout["csrf"] = visit.login->csrf;
  }
  if (auto done = visit.target.param("done")) {
    if (auto found = done_messages().find(*done); found != done_messages().end())
      layout["done"] = found->second;
  }
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = render("layout", layout);
  secure(r);
  if (visit.stale_cookie)
    r.header("Set-Cookie", cookie(http::k_session_cookie, "", "/", 0, visit.request.secure, "Lax"));
  if (visit.login) r.user = visit.login->user;
  return r;
}

Response Pages::Impl::error_page(const Visit& visit, const Error& error) const {
  const int status = http::Api::status_of(error);
  static const std::map<int, std::string> k_titles = {{400, "That request cannot be done"},
                                                      {401, "Log in first"},
                                                      {403, "Not allowed"},
                                                      {404, "Not found"},
                                                      {409, "Not possible now"},
                                                      {429, "Too many tries"}};
  const auto title = k_titles.contains(status) ? k_titles.at(status) : std::string("Something went wrong");
  return page(visit, status, "error", title, json{{"title", title}, {"message", error.message}});
}

Result<Date> Pages::Impl::as_of(const Visit& visit) const {
  auto text = visit.target.param("as_of");
  if (!text || text->empty()) return m_clock.today();
  auto date = Date::parse_iso(*text);
  if (!date)
    return field_error(ErrorCode::invalid_argument, "as_of",
                       "as_of '" + text->substr(0, 40) + "' is not a date (YYYY-MM-DD, a day that exists)");
  return *date;
}

std::size_t Pages::Impl::body_limit(const Request& head) const {
  if (head.method != "POST") return 0;
  if (head.target.starts_with("/import")) return (k_memo_max_bytes * 4 / 3) + k_form_max_bytes;
  if (head.header("content-type").value_or("").starts_with("multipart/form-data"))
    return static_cast<std::size_t>(m_config.evidence.max_bytes) + k_form_max_bytes;
  return k_form_max_bytes;
}

Status Pages::Impl::read_form(Visit& visit) const {
  const auto type = visit.request.header("content-type").value_or("");
  if (type.starts_with("multipart/form-data")) {
    auto parts = http::parse_form_data(type, visit.request.body);
    if (!parts) return parts.error();
    for (auto& part : *parts) {
      if (part.filename) {
        if (!part.filename->empty() || !part.body.empty())
          visit.files.push_back(app::EvidenceFile{std::move(*part.filename), std::move(part.body)});
      } else {
        visit.fields.emplace_back(std::move(part.name), std::move(part.body));
      }
    }
    return {};
  }
  if (!type.starts_with("application/x-www-form-urlencoded"))
    return make_error(ErrorCode::invalid_argument,
                      "a form must be sent as application/x-www-form-urlencoded or "
                      "multipart/form-data");
  auto fields = http::parse_form(visit.request.body);
  if (!fields)
    return make_error(ErrorCode::invalid_argument, "the form is malformed (a bad %-escape or a NUL)");
  visit.fields = std::move(*fields);
  return {};
}

Response Pages::Impl::handle(const Request& request) {
  auto target = http::parse_target(request.target);
  Visit visit{request, target ? std::move(*target) : http::Target{}, std::nullopt, std::nullopt, {}, {},
              false};
  if (!target)
    return error_page(visit,
                      make_error(ErrorCode::invalid_argument,
                                 "The address is malformed (a bad %-escape, a NUL, or a . or .. segment)."));
  const auto& s = visit.target.segments;
  const bool get = request.method == "GET" || request.method == "HEAD";
  if (!get && request.method != "POST") {
    Response r =
        error_page(visit, make_error(ErrorCode::invalid_argument, request.method + " is not allowed here."));
    r.status = 405;
    r.header("Allow", "GET, POST");
    return r;
  }
  if (s.size() == 2 && s[0] == "static" && get) {
    auto file = static_file(s[1]);
    if (!file) return not_found(visit);
    Response r;
    r.content_type = s[1].ends_with(".css") ? "text/css; charset=utf-8" : "application/octet-stream";
    r.body = std::string(*file);
    secure(r);
    for (auto& [name, value] : r.headers)
      if (name == "Cache-Control") value = "public, max-age=3600";
    return r;
  }

  // Who: the session cookie. One that no longer opens a session is dropped.
  if (auto cookies = request.header("cookie")) {
    const std::string token = http::cookie_value(*cookies, http::k_session_cookie);
    if (!token.empty()) {
      auto login = m_sessions.authenticate(token, app::SessionKind::browser);
      if (login) {
        visit.login = std::move(*login);
        auto user = m_store.read([&](Transaction& tx) -> Status {
          auto found = app::acting_user(tx, session(visit));
          if (!found) return found.error();
          visit.user = std::move(*found);
          return {};
        });
        if (!user) {
          visit.login.reset();
          visit.stale_cookie = true;
        }
      } else {
        visit.stale_cookie = true;
      }
    }
  }

  if (s.size() == 1 && s[0] == "favicon.ico") return not_found(visit);
  if (s.size() == 1 && s[0] == "login") {
    if (get) return visit.login ? redirect("/") : login_form(visit, {}, 200);
    return log_in(visit);
  }
  // Anonymous visitors may read disclosed evaluations and their recommendations.
  const bool public_page =
      get && ((s.size() == 2 && s[0] == "evaluations") || (s.size() == 3 && s[0] == "recommendations"));
  if (!visit.login && !public_page) return get ? to_login(visit) : redirect("/login");

  if (!get) {
    if (auto read = read_form(visit); !read) return error_page(visit, read.error());
    if (field(visit.fields, "csrf") != visit.login->csrf)
      return error_page(visit, make_error(ErrorCode::permission_denied,
                                          "This form is out of date or was not sent from followup's own page "
                                          "(its security token is missing or wrong). Open the page again."));
    if (s.size() == 1 && s[0] == "logout") return log_out(visit);
    if (s.size() == 3 && s[0] == "evaluations") return evaluation_step(visit, s[1], s[2]);
    if (s.size() == 4 && s[0] == "recommendations")
      return recommendation_step(visit, s[1] + "#" + s[2], s[3]);
    if (s.size() == 3 && s[0] == "due-date-requests" && s[2] == "answer") return answer_step(visit, s[1]);
    if (s.size() == 1 && s[0] == "import") return import_step(visit);
    if (s.size() == 2 && s[0] == "admin") return admin_step(visit, s[1]);
    if (!s.empty() && s[0] == "calendar-feeds") return calendar_step(visit, s);
    return not_found(visit);
  }
  if (s.empty()) return dashboard(visit);
  if (s.size() == 1 && s[0] == "recommendations") return list(visit);
  if (s.size() == 2 && s[0] == "evaluations") return evaluation(visit, s[1], std::nullopt);
  if (s.size() == 3 && s[0] == "recommendations")
    return recommendation(visit, s[1] + "#" + s[2], std::nullopt);
  if (s.size() == 1 && s[0] == "due-date-requests") return requests_page(visit, std::nullopt);
  if (s.size() == 1 && s[0] == "my-unit") return my_unit(visit);
  if (s.size() == 1 && s[0] == "outbox") return outbox_page(visit);
  if (s.size() == 1 && s[0] == "calendar-feeds") return calendar_page(visit, std::nullopt, nullptr);
  if (s.size() == 2 && s[0] == "units") return unit(visit, s[1]);
  if (s.size() == 1 && s[0] == "import") return import_form(visit, std::nullopt);
  if (s.size() == 1 && s[0] == "admin") return admin(visit, std::nullopt);
  return not_found(visit);
}

// ---- Logging in and out

Response Pages::Impl::login_form(const Visit& visit, const std::string& problem, int status) const {
  // The token the browser already holds, if any: a page's form and another
  // request of the same browser (its icon) must not replace each other's.
  std::string token = http::cookie_value(visit.request.header("cookie").value_or(""), k_login_cookie);
  if (token.size() != 22 ||
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
          std::string::npos)
    token = util::random_token(16);
  json data{{"login_token", token}, {"next", local_path(visit.target.param("next").value_or("/"))}};
  if (!problem.empty()) data["problem"] = problem;
  if (!visit.fields.empty()) data["name"] = field(visit.fields, "user");
  Response r = page(visit, status, "login", "Log in", data);
  r.header("Set-Cookie", cookie(k_login_cookie, token, "/login", 3600, visit.request.secure, "Strict"));
  return r;
}

Response Pages::Impl::log_in(Visit& visit) {
  if (auto read = read_form(visit); !read) return login_form(visit, read.error().message, 400);
  const std::string token = http::cookie_value(visit.request.header("cookie").value_or(""), k_login_cookie);
  if (token.empty() || field(visit.fields, "login_token") != token)
    return login_form(visit, "The login form had expired. Please try again.", 403);
  app::LoginRequest request{field(visit.fields, "user"), field(visit.fields, "password"),
                            field(visit.fields, "totp"), visit.request.address, app::SessionKind::browser};
  auto opened = m_sessions.log_in(request);
  if (!opened) {
    Response r = login_form(visit, opened.error().message, http::Api::status_of(opened.error()));
    if (opened.error().code == ErrorCode::resource_exhausted)
      if (auto wait = m_sessions.retry_after(request)) r.header("Retry-After", std::to_string(*wait));
    return r;
  }
  Response r = redirect(local_path(field(visit.fields, "next")));
  r.header("Set-Cookie", cookie(http::k_session_cookie, opened->token, "/",
                                static_cast<long long>(m_config.accounts.session_hours) * 3600,
                                visit.request.secure, "Lax"));
  r.header("Set-Cookie", cookie(k_login_cookie, "", "/login", 0, visit.request.secure, "Strict"));
  r.user = opened->user;
  return r;
}

Response Pages::Impl::log_out(Visit& visit) {
  if (auto closed = m_sessions.log_out(visit.login->token); !closed) return error_page(visit, closed.error());
  Response r = redirect("/login");
  r.header("Set-Cookie", cookie(http::k_session_cookie, "", "/", 0, visit.request.secure, "Lax"));
  return r;
}

// ---- The dashboard

Response Pages::Impl::dashboard(const Visit& visit) {
  auto on = as_of(visit);
  if (!on) return error_page(visit, on.error());
  const app::Session s = session(visit);
  app::ReportOptions options;
  options.as_of = *on;
  options.limit = 1;  // the counts; the detail is the list's
  auto status = app::status_report(s, options);
  if (!status) return error_page(visit, status.error());
  auto rates = app::rates_report(s, options);
  if (!rates) return error_page(visit, rates.error());

  // Overdue responses by unit and age, and overdue actions by owner.
  auto owing = app::overdue_by_unit(s, options);
  if (!owing) return error_page(visit, owing.error());
  json unit_rows = json::array();
  for (const auto& u : *owing) {
    json cells = json::array();
    int responses = 0;
    for (const int n : u.responses) {
      cells.push_back(n);
      responses += n;
    }
    unit_rows.push_back(
        json{{"unit", u.unit}, {"actions", u.actions}, {"buckets", cells}, {"responses", responses}});
  }
  json years = json::array();
  for (const auto& row : rates->by_year) {
    const auto& r = row.rates;
    const int late = r.on_time.denominator - r.on_time.numerator - r.within_extension.numerator;
    const auto rate = r.implementation.value();
    years.push_back(json{{"year", row.key},
                         {"on_time", r.on_time.numerator},
                         {"within_extension", r.within_extension.numerator},
                         {"late", late},
                         {"implemented", r.implementation.numerator},
                         {"accepted", r.implementation.denominator},
                         {"rate", rate ? json(std::to_string(std::lround(*rate * 100)) + "%")
                                       : json("no accepted recommendation")}});
  }
  json status_json = app::json_of(*status);
  json bucket_names = json::array();
  for (const auto bucket : all_ageing_buckets()) bucket_names.push_back(std::string(to_string(bucket)));
  json data{{"as_of", on->iso()},
            {"total", status_json["total"]},
            {"evaluations", status_json["by_evaluation"]},
            {"units", unit_rows},
            {"has_units", !unit_rows.empty()},
            {"buckets", bucket_names},
            {"years", years},
            {"overdue_chart", render::svg(render::overdue_by_unit_chart(*owing))},
            {"answers_chart", render::svg(render::answers_by_year_chart(*rates))},
            {"implementation_chart", render::svg(render::implementation_by_year_chart(*rates))}};
  return page(visit, 200, "dashboard", "Dashboard", data);
}

// ---- Recommendations

Result<json> Pages::Impl::rows(const Visit& visit, const app::ListQuery& query, std::string* last) const {
  std::vector<Unit> units;  // those the rows name
  json out = json::array();
  auto st = app::for_each_listed(
      session(visit), query,
      [&](app::ListedRecommendation&& row) -> Status {
        if (last != nullptr) *last = recommendation_ref(row.record.evaluation, row.record.rec.number);
        json item = app::json_of(row, units);
        item["overdue"] = row.days_overdue > 0;
        out.push_back(std::move(item));
        return {};
      },
      &units);
  if (!st) return st.error();
  return out;
}

Response Pages::Impl::list(const Visit& visit) {
  auto on = as_of(visit);
  if (!on) return error_page(visit, on.error());
  app::ListQuery query;
  query.as_of = *on;
  query.limit = k_list_page;
  auto param = [&](const char* name) -> std::optional<std::string> {
    auto value = visit.target.param(name);
    if (value && value->empty()) return std::nullopt;
    return value;
  };
  query.unit = param("unit");
  query.evaluation = param("evaluation");
  query.after = param("after");
  query.overdue_only = visit.target.param("overdue") == std::optional<std::string>("true");
  std::string last;
  auto listed = rows(visit, query, &last);
  if (!listed) return error_page(visit, listed.error());
  json& rows = *listed;
  json data{{"rows", rows},
            {"unit", query.unit.value_or("")},
            {"evaluation", query.evaluation.value_or("")},
            {"overdue", query.overdue_only},
            {"as_of", on->iso()},
            {"empty", rows.empty()}};
  if (static_cast<int>(rows.size()) == k_list_page) {
    std::string next = "/recommendations?after=" + http::percent_encode(last);
    for (const char* name : {"unit", "evaluation", "as_of"})
      if (auto value = param(name)) next += std::string("&") + name + "=" + http::percent_encode(*value);
    if (query.overdue_only) next += "&overdue=true";
    data["next"] = next;
  }
  return page(visit, 200, "list", "Recommendations", data);
}

Response Pages::Impl::recommendation(const Visit& visit, const std::string& ref,
                                     const std::optional<Error>& failed) {
  auto on = as_of(visit);
  if (!on) return error_page(visit, on.error());
  auto shown = app::show_recommendation(session(visit), ref, app::ShowQuery{*on, true});
  if (!shown) return error_page(visit, shown.error());
  json data = app::json_of(*shown);
  data["csrf"] = visit.login ? visit.login->csrf : "";
  data["version"] = shown->version;
  data["path"] = "/recommendations/" + http::percent_encode(shown->evaluation.code) + "/" +
                 std::to_string(shown->record.rec.number);
  data["evaluation_title"] = shown->evaluation.title;
  data["today"] = m_clock.today().iso();
  data["is_overdue"] = data.value("days_overdue", 0) > 0;
  // The forms this user may send: the service layer decides, the page only
  // leaves out what would certainly be refused.
  const bool open = data["closure"].is_null();
  const bool issued = shown->evaluation.issued.has_value();
  json my_units = json::array();
  if (visit.user) {
    for (const auto& code : shown->record.rec.units)
      if (has_role(*visit.user, Role::evaluation) ||
          std::find(visit.user->units.begin(), visit.user->units.end(), code) != visit.user->units.end())
        my_units.push_back(code);
    const bool office = has_role(*visit.user, Role::evaluation);
    data["can_act"] = open && issued && !my_units.empty();
    data["can_office"] = office && issued;
    data["can_close"] = office && issued && open;
    data["can_reopen"] = office && !open;
  }
  data["my_units"] = my_units;
  json open_actions = json::array();
  for (const auto& action : data["actions"])
    if (action.value("status", "") != "done") open_actions.push_back(action);
  data["progress_statuses"] = options(claimed_status_words(), "in_progress");
  data["ratings"] = options(claimed_status_words(), "implemented");
  data["outcomes"] = options(outcome_words(), "implemented");
  data["has_open_actions"] = !open_actions.empty();
  data["open_actions"] = open_actions;
  data["has_actions"] = !data["actions"].empty();
  data["has_history"] = !data["history"].empty();
  for (auto& report : data["progress_reports"]) report["has_evidence"] = !report["evidence"].empty();
  json rows = json::array();
  for (int i = 0; i < k_action_rows; ++i) rows.push_back(json{{"i", i}, {"n", i + 1}});
  data["action_rows"] = rows;
  // Requests for a later due date, and whose this user may still make.
  auto requests = app::due_date_requests(session(visit), ref, false);
  if (!requests) return error_page(visit, requests.error());
  json asked = json::array();
  bool pending = false;
  for (const auto& q : *requests) {
    json item = app::json_of(q);
    item["pending"] = !q.answer;
    item["granted"] = q.answer && q.answer->granted;
    pending = pending || !q.answer;
    asked.push_back(std::move(item));
  }
  data["due_date_requests"] = asked;
  data["has_requests"] = !asked.empty();
  json waiting = json::array();  // the user's units that have not responded
  for (const auto& state : data["unit_states"])
    if (state["responded_on"].is_null() &&
        std::find(my_units.begin(), my_units.end(), state["unit"]) != my_units.end())
      waiting.push_back(state["unit"]);
  data["waiting_units"] = waiting;
  data["can_ask"] = data.value("can_act", false) && !waiting.empty();
  data["can_answer"] = data.value("can_office", false) && open && pending;
  data["back"] = data["path"];
  for (auto& entry : data["history"]) {
    std::string after = entry["after"].is_null() ? "" : entry["after"].dump();
    if (after.size() > 400) after = after.substr(0, 400) + "…";
    entry["summary"] = after;
  }
  if (failed) data["problem"] = failed->message;
  const int status =
      failed ? (failed->code == ErrorCode::conflict ? 409 : http::Api::status_of(*failed)) : 200;
  return page(visit, status, "recommendation",
              shown->evaluation.code + "#" + std::to_string(shown->record.rec.number), data);
}

Response Pages::Impl::recommendation_step(Visit& visit, const std::string& ref, const std::string& step) {
  // The step's date: the form's as_of, else today.
  std::optional<Date> on = m_clock.today();
  if (const std::string text = field(visit.fields, "as_of"); !text.empty()) {
    on = Date::parse_iso(text);
    if (!on)
      return recommendation(visit, ref,
                            field_error(ErrorCode::invalid_argument, "as_of",
                                        "the date '" + text.substr(0, 40) + "' is not a date (YYYY-MM-DD)"));
  }
  // The version the page was made from (none: the form is taken as is).
  const app::Session s = session(visit, http::parse_id(field(visit.fields, "version")));
  auto body = form_json(visit.fields, {"csrf", "version", "as_of"});
  if (!body) return recommendation(visit, ref, body.error());
  const std::string text = body->dump();
  const std::string source = "the form";
  // Decodes the form's JSON, hands the files to a step that takes evidence
  // (refusing them elsewhere), and takes the step.
  auto run = [&](auto parse, auto take) -> Status {
    auto req = parse(text, source);
    if (!req) return req.error();
    if constexpr (requires { req->evidence; }) {
      req->evidence = std::move(visit.files);
    } else if (!visit.files.empty()) {
      return make_error(ErrorCode::invalid_argument, "this step takes no evidence files");
    }
    return outcome(take(*req));
  };
  Status done;
  std::string word;
  if (step == "respond") {
    done = run(app::parse_response_json, [&](const auto& req) { return app::respond(s, ref, req, *on); });
    word = "responded";
  } else if (step == "action") {
    done =
        run(app::parse_add_action_json, [&](const auto& req) { return app::add_action(s, ref, req, *on); });
    word = "action";
  } else if (step == "progress") {
    done = run(app::parse_progress_json,
               [&](const auto& req) { return app::report_progress(s, ref, req, m_config.evidence, *on); });
    word = "progress";
  } else if (step == "validate") {
    done = run(app::parse_validation_json, [&](const auto& req) { return app::validate(s, ref, req, *on); });
    word = "validated";
  } else if (step == "close") {
    done = run(app::parse_closing_json, [&](const auto& req) {
      return app::close_recommendation(s, ref, req, m_config.evidence, *on);
    });
    word = "closed";
  } else if (step == "reopen") {
    done = run(app::parse_reopen_json,
               [&](const auto& req) { return app::reopen_recommendation(s, ref, req, *on); });
    word = "reopened";
  } else if (step == "request-date") {
    done = run(app::parse_due_date_ask_json,
               [&](const auto& req) { return app::request_due_date(s, ref, req, *on); });
    word = "asked";
  } else if (step == "extend") {
    done = run(app::parse_extension_json, [&](const auto& req) { return app::extend(s, ref, req, *on); });
    word = "extended";
  } else {
    return not_found(visit);
  }
  if (!done) return recommendation(visit, ref, done.error());
  const auto hash = ref.find('#');
  return redirect("/recommendations/" + http::percent_encode(ref.substr(0, hash)) + "/" +
                  ref.substr(hash + 1) + "?done=" + word);
}

// ---- Evaluations

Response Pages::Impl::evaluation(const Visit& visit, const std::string& code,
                                 const std::optional<Error>& failed) {
  auto on = as_of(visit);
  if (!on) return error_page(visit, on.error());
  auto view = app::memo_of(session(visit), code);
  if (!view) return error_page(visit, view.error());
  json data = app::json_of(*view);
  app::ListQuery query;
  query.as_of = *on;
  query.evaluation = view->evaluation.code;
  auto listed = rows(visit, query, nullptr);
  if (!listed) return error_page(visit, listed.error());
  data["rows"] = std::move(*listed);
  data["csrf"] = visit.login ? visit.login->csrf : "";
  const bool office = visit.user && has_role(*visit.user, Role::evaluation);
  const bool executive = visit.user && has_role(*visit.user, Role::executive);
  data["can_issue"] = (office || executive) && !view->evaluation.issued;
  data["can_disclose"] = office && view->evaluation.issued.has_value();
  data["today"] = m_clock.today().iso();
  if (failed) data["problem"] = failed->message;
  return page(visit, failed ? http::Api::status_of(*failed) : 200, "evaluation", view->evaluation.code, data);
}

Response Pages::Impl::evaluation_step(Visit& visit, const std::string& code, const std::string& step) {
  auto on = as_of(visit);
  if (!on) return error_page(visit, on.error());
  Status done;
  if (step == "issue") {
    auto date = Date::parse_iso(field(visit.fields, "on"));
    if (!date)
      return evaluation(
          visit, code,
          field_error(ErrorCode::invalid_argument, "on", "the date of issue must be YYYY-MM-DD"));
    done = app::issue_evaluation(session(visit), code, *date);
  } else if (step == "disclosure") {
    done = app::disclose_evaluation(session(visit), code, field(visit.fields, "disclosed") == "true");
  } else {
    return not_found(visit);
  }
  if (!done) return evaluation(visit, code, done.error());
  return redirect("/evaluations/" + http::percent_encode(code) +
                  "?done=" + (step == "issue" ? "issued" : "disclosed"));
}

// ---- Requests for a later due date: the office's page and its answers

Response Pages::Impl::requests_page(const Visit& visit, const std::optional<Error>& failed) {
  auto pending = app::due_date_requests(session(visit), std::nullopt, true);
  if (!pending) return error_page(visit, pending.error());
  json rows = json::array();
  for (const auto& q : *pending) {
    json item = app::json_of(q);
    item["path"] = "/recommendations/" + http::percent_encode(q.evaluation) + "/" + std::to_string(q.number);
    rows.push_back(std::move(item));
  }
  json data{{"rows", rows},
            {"empty", rows.empty()},
            {"csrf", visit.login->csrf},
            {"can_answer", has_role(*visit.user, Role::evaluation)},
            {"today", m_clock.today().iso()},
            {"back", "/due-date-requests"}};
  if (failed) data["problem"] = failed->message;
  return page(visit, failed ? http::Api::status_of(*failed) : 200, "requests",
              "Requests for a later due date", data);
}

Response Pages::Impl::answer_step(Visit& visit, const std::string& id_text) {
  const std::string back = local_path(field(visit.fields, "back"));
  const auto id = http::parse_id(id_text);
  if (!id) return not_found(visit);
  std::optional<Date> on = m_clock.today();
  if (const std::string text = field(visit.fields, "as_of"); !text.empty()) on = Date::parse_iso(text);
  Status done;
  std::string word;
  if (!on) {
    done = field_error(ErrorCode::invalid_argument, "as_of", "the date is not a date (YYYY-MM-DD)");
  } else if (auto body = form_json(visit.fields, {"csrf", "back", "as_of"}); !body) {
    done = body.error();
  } else if (auto reply = app::parse_due_date_reply_json(body->dump(), "the form"); !reply) {
    done = reply.error();
  } else {
    done = outcome(app::answer_due_date(session(visit), *id, *reply, *on));
    word = reply->grant ? "granted" : "refused";
  }
  if (done) return redirect(back + "?done=" + word);
  // Shown again where the answer was given.
  if (back.starts_with("/recommendations/")) {
    auto target = http::parse_target(back);
    if (target && target->segments.size() == 3)
      return recommendation(visit, target->segments[1] + "#" + target->segments[2], done.error());
  }
  return requests_page(visit, done.error());
}

// ---- A unit's page: what it owes

Response Pages::Impl::my_unit(const Visit& visit) {
  if (visit.user->units.size() == 1)
    return redirect("/units/" + http::percent_encode(visit.user->units.front()));
  return page(visit, 200, "my_unit", "My unit",
              json{{"units", visit.user->units}, {"none", visit.user->units.empty()}});
}

Response Pages::Impl::unit(const Visit& visit, const std::string& code) {
  auto on = as_of(visit);
  if (!on) return error_page(visit, on.error());
  app::ReportOptions options;
  options.as_of = *on;
  auto report = app::unit_report(session(visit), code, options);
  if (!report) return error_page(visit, report.error());
  json data = app::json_of(*report);
  for (auto& item : data["items"]) {
    const std::string ref = item.value("ref", "");
    const auto hash = ref.find('#');
    item["path"] =
        "/recommendations/" + http::percent_encode(ref.substr(0, hash)) + "/" + ref.substr(hash + 1);
    item["is_response"] = item.value("kind", "") == "response";
  }
  data["empty"] = data["items"].empty();
  return page(visit, 200, "unit", "What " + report->unit + " owes", data);
}

// ---- Reminders: what was sent and what is queued; calendar feeds

Response Pages::Impl::outbox_page(const Visit& visit) {
  auto listed = app::outbox_messages(session(visit), "", k_outbox_page_rows);
  if (!listed) return error_page(visit, listed.error());
  json rows = json::array();
  std::map<std::string, int> counts{{"queued", 0}, {"sent", 0}, {"failed", 0}};
  for (const auto& m : *listed) {
    json item = app::json_of(m);
    item[m.state] = true;
    ++counts[m.state];
    rows.push_back(std::move(item));
  }
  json data{{"rows", rows}, {"empty", rows.empty()}, {"limit", k_outbox_page_rows}};
  for (const auto& [state, n] : counts) data["count_" + state] = n;
  return page(visit, 200, "outbox", "Reminders sent and queued", data);
}

Response Pages::Impl::calendar_page(const Visit& visit, const std::optional<Error>& failed,
                                    const json& created) {
  auto feeds = app::calendar_feeds(session(visit));
  if (!feeds) return error_page(visit, feeds.error());
  json rows = json::array();
  for (const auto& f : *feeds) {
    json item = app::json_of(f);
    item["in_use"] = f.revoked_at.empty();
    rows.push_back(std::move(item));
  }
  // The units the user may make a feed of: its own, or every unit for the
  // office and the admin.
  json units = json::array();
  if (has_role(*visit.user, Role::evaluation) || has_role(*visit.user, Role::admin)) {
    auto all = app::list_units(session(visit));
    if (!all) return error_page(visit, all.error());
    for (const auto& u : *all) units.push_back(u.code);
  } else if (has_role(*visit.user, Role::unit)) {
    for (const auto& u : visit.user->units) units.push_back(u);
  }
  json data{{"rows", rows},
            {"empty", rows.empty()},
            {"units", units},
            {"has_units", !units.empty()},
            {"csrf", visit.login->csrf},
            {"me", visit.user->name}};
  if (!created.is_null()) data["created"] = created;
  if (failed) data["problem"] = failed->message;
  return page(visit, failed ? http::Api::status_of(*failed) : 200, "calendar", "Calendar feeds", data);
}

Response Pages::Impl::calendar_step(Visit& visit, const std::vector<std::string>& s) {
  if (s.size() == 3 && s[2] == "revoke") {
    const auto id = http::parse_id(s[1]);
    if (!id) return not_found(visit);
    if (auto done = app::revoke_calendar_feed(session(visit), *id); !done)
      return calendar_page(visit, done.error(), nullptr);
    return redirect("/calendar-feeds?done=revoked");
  }
  if (s.size() != 1) return not_found(visit);
  const std::string unit = field(visit.fields, "unit");
  auto created = unit.empty() ? app::create_calendar_feed(session(visit), "user", visit.user->name)
                              : app::create_calendar_feed(session(visit), "unit", unit);
  if (!created) return calendar_page(visit, created.error(), nullptr);
  std::string base = m_config.reminders.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  // The address is shown this once: only its hash is kept.
  return calendar_page(
      visit, std::nullopt,
      json{{"kind", created->feed.kind}, {"owner", created->feed.owner}, {"url", base + created->path}});
}

// ---- Import: upload or paste, preview, confirm

Response Pages::Impl::import_form(const Visit& visit, const std::optional<Error>& failed) {
  json data{{"csrf", visit.login->csrf}};
  if (failed) data["problem"] = failed->file.empty() ? failed->message : failed->describe();
  return page(visit, failed ? http::Api::status_of(*failed) : 200, "import", "Import a memo", data);
}

Response Pages::Impl::import_step(Visit& visit) {
  app::ImportRequest request;
  request.add_units = field(visit.fields, "add_units") == "true";
  const bool confirm = field(visit.fields, "confirm") == "true";
  if (confirm) {
    auto bytes = util::from_base64(field(visit.fields, "content"));
    if (!bytes)
      return import_form(visit, make_error(ErrorCode::invalid_argument,
                                           "the previewed memo was damaged; "
                                           "upload it again"));
    request.bytes = std::move(*bytes);
    request.file_name = field(visit.fields, "name");
  } else if (!visit.files.empty() && !visit.files.front().content.empty()) {
    request.file_name = visit.files.front().name;
    request.bytes = std::move(visit.files.front().content);
  } else {
    request.bytes = field(visit.fields, "text");
    request.file_name = "pasted.txt";
  }
  if (request.file_name.empty()) request.file_name = "memo.txt";
  if (request.bytes.empty())
    return import_form(
        visit, field_error(ErrorCode::invalid_argument, "text", "choose a memo file or paste its text"));
  if (request.bytes.size() > k_memo_max_bytes)
    return import_form(visit, make_error(ErrorCode::invalid_argument, "the memo is larger than 20 MiB"));
  request.dry_run = !confirm;
  auto outcome = app::import_memo(session(visit), request);
  if (!outcome) return import_form(visit, outcome.error());
  if (confirm) return redirect("/evaluations/" + http::percent_encode(outcome->memo.code) + "?done=imported");
  json data = app::json_of(*outcome);
  data["csrf"] = visit.login->csrf;
  data["content"] = util::to_base64(request.bytes);
  data["name"] = request.file_name;
  data["add_units"] = request.add_units;
  data["has_warnings"] = !data["warnings"].empty();
  for (auto& rec : data["recommendations"]) {
    json pairs = json::array();
    for (std::size_t i = 0; i < rec["responsible"].size(); ++i)
      pairs.push_back(json{{"name", rec["responsible"][i]},
                           {"code", i < rec["units"].size() ? rec["units"][i] : json(nullptr)}});
    rec["matches"] = std::move(pairs);
  }
  return page(visit, 200, "import_preview", "Preview of " + request.file_name, data);
}

// ---- Administration: users, units, aliases

Response Pages::Impl::admin(const Visit& visit, const std::optional<Error>& failed) {
  const app::Session s = session(visit);
  auto users = app::list_users(s);
  if (!users) return error_page(visit, users.error());
  auto units = app::list_units(s);
  if (!units) return error_page(visit, units.error());
  json data{{"csrf", visit.login->csrf},
            {"users", json::array()},
            {"units", json::array()},
            {"is_admin", has_role(*visit.user, Role::admin)}};
  for (const auto& user : *users) data["users"].push_back(app::json_of(user));
  for (const auto& unit : *units) data["units"].push_back(app::json_of(unit));
  if (failed) data["problem"] = failed->message;
  return page(visit, failed ? http::Api::status_of(*failed) : 200, "admin", "Users and units", data);
}

Response Pages::Impl::admin_step(Visit& visit, const std::string& what) {
  const app::Session s = session(visit);
  auto body = form_json(visit.fields, {"csrf", "password", "unit"});
  if (!body) return admin(visit, body.error());
  Status done;
  if (what == "user") {
    auto user = app::parse_user_json(body->dump(), "the form");
    if (!user) return admin(visit, user.error());
    done = app::add_user(s, *user);
  } else if (what == "password") {
    done = app::set_password(s, field(visit.fields, "name"), field(visit.fields, "password"));
  } else if (what == "unit") {
    auto unit = app::parse_unit_json(body->dump(), "the form");
    if (!unit) return admin(visit, unit.error());
    done = app::add_unit(s, *unit);
  } else if (what == "alias") {
    done = app::add_unit_alias(s, field(visit.fields, "unit"), field(visit.fields, "alias"));
  } else {
    return not_found(visit);
  }
  if (!done) return admin(visit, done.error());
  return redirect("/admin?done=" + what);
}

// ---- Pages

Pages::Pages(Store& store, const env::Clock& clock, app::Config config, http::Sessions& sessions)
    : m_impl(std::make_unique<Impl>(store, clock, std::move(config), sessions)) {}
Pages::~Pages() = default;

std::size_t Pages::body_limit(const Request& head) const { return m_impl->body_limit(head); }
Response Pages::handle(const Request& request) { return m_impl->handle(request); }

Response Pages::refusal(int status, const std::string& detail) {
  const std::string title = status == 413   ? "Too large to send"
                            : status == 404 ? "Not found"
                            : status == 405 ? "Not allowed here"
                            : status == 503 ? "Not available now"
                                            : "That request cannot be read";
  std::string message = detail + ".";
  if (status == 413) message += " Nothing was recorded: go back, and send smaller files or fewer at a time.";
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = render("layout", json{{"title", title},
                                 {"body", render("error", json{{"title", title}, {"message", message}})}});
  secure(r);
  return r;
}

void Pages::secure(Response& response) {
  http::Api::secure(response);
  for (auto& [name, value] : response.headers)
    if (name == "Content-Security-Policy")
      value =
          "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
          "base-uri 'none'";
}

}  // namespace followup::web
