// The API in process, without sockets: routing, who acts, CSRF, If-Match
// and problem documents. tests/http/api_test.py drives the real server.
#include "http/api.h"

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "app/follow_up.h"
#include "app/import.h"
#include "app/test_support.h"
#include "app/users.h"
#include "http/sessions.h"

namespace followup::http {
namespace {

using nlohmann::json;

class ApiTest : public app::testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    ASSERT_TRUE(app::initialise(session("setup"), "root"));
    for (const auto& u :
         {app::testing::user("eva", {Role::evaluation}), app::testing::user("viewer", {Role::viewer})})
      ASSERT_TRUE(app::add_user(session("root"), u));
    ASSERT_TRUE(app::import_memo(session("eva"),
                                 app::ImportRequest{"seed.txt", app::testing::seed_memo(), false, false}));
    ASSERT_TRUE(app::add_user(session("root"), app::testing::user("ba", {Role::unit}, {"MRF-BA"})));
    m_config.unit_backdate_days = 9999;  // the seed's 2001 entered as on its days
    m_sessions = std::make_unique<Sessions>(*m_store, m_clock, m_config.accounts);
    m_api = std::make_unique<Api>(*m_store, m_clock, m_config, *m_sessions);
    for (const char* name : {"eva", "ba", "viewer"})
      ASSERT_TRUE(app::set_password(session("root"), name, "a long password"));
  }

  Response call(std::string method, std::string target, std::string body = {},
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    r.headers = std::move(headers);
    r.address = "127.0.0.1";
    return m_api->handle(r);
  }
  std::string token(const std::string& user) {
    auto r = call("POST", "/api/v1/session", json{{"user", user}, {"password", "a long password"}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body).value("token", "");
  }
  static std::vector<std::pair<std::string, std::string>> bearer(const std::string& token) {
    return {{"authorization", "Bearer " + token}};
  }
  static std::string header(const Response& r, const std::string& name) {
    for (const auto& [key, value] : r.headers)
      if (key == name) return value;
    return {};
  }

  app::Config m_config;
  std::unique_ptr<Sessions> m_sessions;
  std::unique_ptr<Api> m_api;
};

TEST_F(ApiTest, NothingWithoutALogin) {
  auto r = call("GET", "/api/v1/recommendations");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto body = json::parse(r.body);
  EXPECT_EQ(body["status"], 401);
  EXPECT_EQ(body["title"], "Unauthorized");
  EXPECT_EQ(body["detail"],
            "log in first: POST /api/v1/session, then send the token as Authorization: Bearer TOKEN");
  EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(call("GET", "/api/v1/recommendations", {}, bearer("forged")).status, 401);
}

TEST_F(ApiTest, ALoginGivesATokenThatListsWhatTheUserMaySee) {
  auto r = call("GET", "/api/v1/recommendations?as_of=2002-01-01", {}, bearer(token("eva")));
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json::parse(r.body);
  ASSERT_EQ(body["items"].size(), 2U);
  EXPECT_EQ(body["items"][0]["ref"], "PLACMI-2#1");
  EXPECT_EQ(body["next"], nullptr);
  // A draft is the office's: the unit sees nothing yet.
  auto unit = call("GET", "/api/v1/recommendations", {}, bearer(token("ba")));
  ASSERT_EQ(unit.status, 200);
  EXPECT_EQ(json::parse(unit.body)["items"].size(), 0U);
  EXPECT_EQ(call("GET", "/api/v1/recommendations/PLACMI-2/1", {}, bearer(token("ba"))).status, 404);
}

TEST_F(ApiTest, PagesFollowTheCursor) {
  const std::string eva = token("eva");
  auto first = json::parse(call("GET", "/api/v1/recommendations?limit=1", {}, bearer(eva)).body);
  ASSERT_EQ(first["items"].size(), 1U);
  EXPECT_EQ(first["next"], "PLACMI-2#1");
  auto second =
      json::parse(call("GET", "/api/v1/recommendations?limit=1&after=PLACMI-2%231", {}, bearer(eva)).body);
  ASSERT_EQ(second["items"].size(), 1U);
  EXPECT_EQ(second["items"][0]["ref"], "PLACMI-2#2");
  auto bad = call("GET", "/api/v1/recommendations?limit=0", {}, bearer(eva));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["detail"], "limit '0' is not a whole number from 1 to 1000");
  EXPECT_EQ(json::parse(bad.body)["field"], "/limit");
}

// A list's answer is kept and given again while nothing it rests on has
// changed (http/answer_cache.h); a write through the API or beside it (a
// second store on the same file, as the command line is), another user
// or another date each get an answer made afresh.
TEST_F(ApiTest, AListIsKeptUntilTheStoreChanges) {
  const std::string eva = token("eva");
  const std::string ba = token("ba");
  auto items = [&](const std::string& who, const std::string& target) {
    auto r = call("GET", target, {}, bearer(who));
    EXPECT_EQ(r.status, 200) << r.body;
    const json body = json::parse(r.body);
    std::vector<std::string> refs;
    for (const auto& item : body.at("items")) refs.push_back(item.at("ref"));
    return refs;
  };
  const std::string overdue = "/api/v1/recommendations?overdue=true&as_of=2001-10-01";
  const std::string all = "/api/v1/recommendations?as_of=2001-10-01";
  const long long first = m_store->statements_run();
  EXPECT_EQ(items(eva, overdue), (std::vector<std::string>{"PLACMI-2#1", "PLACMI-2#2"}));
  const long long made = m_store->statements_run() - first;
  const long long again = m_store->statements_run();
  EXPECT_EQ(items(eva, overdue), (std::vector<std::string>{"PLACMI-2#1", "PLACMI-2#2"}));
  // A read transaction of the history's head: begin, the head, commit.
  EXPECT_EQ(m_store->statements_run() - again, 3) << "made with " << made;
  EXPECT_EQ(items(ba, all), std::vector<std::string>{});  // a draft: the office's
  EXPECT_EQ(items(eva, "/api/v1/recommendations?overdue=true&as_of=2001-08-01"), std::vector<std::string>{});

  ASSERT_EQ(call("POST", "/api/v1/evaluations/PLACMI-2/issue?as_of=2001-07-20", {}, bearer(eva)).status, 200);
  EXPECT_EQ(items(ba, all), std::vector<std::string>{"PLACMI-2#1"});

  {
    OpenOptions options;
    options.key = app::testing::test_key();
    auto beside = open_store("sqlite:" + (m_dir / "followup.db").string(), options);
    ASSERT_TRUE(beside.ok()) << beside.error().describe();
    const app::Session ba_beside{**beside, m_clock, app::Principal{"ba", false, false}, 9999, std::nullopt,
                                 nullptr,  nullptr};
    auto answered = app::respond(ba_beside, "PLACMI-2#1", {"MRF-BA", Decision::accepted, "", {}},
                                 *Date::parse_iso("2001-08-20"));
    ASSERT_TRUE(answered.ok()) << answered.error().describe();
  }
  EXPECT_EQ(items(eva, overdue), std::vector<std::string>{"PLACMI-2#2"});
}

TEST_F(ApiTest, TheMemoAsSentIsADownloadOfItsBytes) {
  auto r = call("GET", "/api/v1/evaluations/PLACMI-2/original", {}, bearer(token("eva")));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, app::testing::seed_memo());
  EXPECT_EQ(r.content_type, "application/octet-stream");
  EXPECT_EQ(header(r, "Content-Disposition"), "attachment; filename*=UTF-8''seed.txt");
  EXPECT_EQ(header(r, "Content-Security-Policy"), "sandbox; default-src 'none'");
  EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff");
  ASSERT_EQ(
      call("POST", "/api/v1/evaluations/PLACMI-2/issue?as_of=2001-07-20", {}, bearer(token("eva"))).status,
      200);
  auto partial = call("GET", "/api/v1/evaluations/PLACMI-2/original", {}, bearer(token("ba")));
  EXPECT_EQ(partial.status, 403) << partial.body;
  EXPECT_EQ(
      json::parse(partial.body)["detail"],
      "the memo of evaluation PLACMI-2 as sent names recommendations of other units: only those who may "
      "see all of them can read it");
}

TEST_F(ApiTest, AStaleIfMatchIs412AndChangesNothing) {
  const std::string eva = token("eva");
  ASSERT_EQ(call("POST", "/api/v1/evaluations/PLACMI-2/issue?as_of=2001-07-20", {}, bearer(eva)).status, 200);
  const std::string ba = token("ba");
  auto shown = call("GET", "/api/v1/recommendations/PLACMI-2/1", {}, bearer(ba));
  ASSERT_EQ(shown.status, 200) << shown.body;
  const std::string etag = header(shown, "ETag");
  ASSERT_FALSE(etag.empty());
  auto headers = bearer(ba);
  headers.emplace_back("if-match", etag);
  const std::string response = json{{"unit", "MRF-BA"}, {"decision", "accepted"}}.dump();
  auto first =
      call("POST", "/api/v1/recommendations/PLACMI-2/1/responses?as_of=2001-08-20", response, headers);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_NE(header(first, "ETag"), etag);
  auto again =
      call("POST", "/api/v1/recommendations/PLACMI-2/1/responses?as_of=2001-08-21",
           json{{"unit", "MRF-BA"}, {"decision", "not_accepted"}, {"rationale", "no"}}.dump(), headers);
  EXPECT_EQ(again.status, 412) << again.body;
  auto read = call("GET", "/api/v1/recommendations/PLACMI-2/1", {}, bearer(ba));
  auto now = json::parse(read.body);
  EXPECT_EQ(now["responses"][0]["decision"], "accepted") << now.dump();
  // The step answered the version a reading gives after it.
  EXPECT_EQ(header(first, "ETag"), header(read, "ETag"));
}

TEST_F(ApiTest, ACookieSessionMustShowItsCsrfToken) {
  auto opened =
      app::log_in(*m_store, m_clock, *std::make_unique<app::LoginThrottle>(), m_config.accounts,
                  app::LoginRequest{"eva", "a long password", "", "127.0.0.1", app::SessionKind::browser});
  ASSERT_TRUE(opened.ok());
  const std::pair<std::string, std::string> cookie{"cookie",
                                                   std::string(k_session_cookie) + "=" + opened->token};
  EXPECT_EQ(call("GET", "/api/v1/me", {}, {cookie}).status, 200);
  auto refused = call("POST", "/api/v1/evaluations/PLACMI-2/issue", {}, {cookie});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(json::parse(refused.body)["detail"],
            "the CSRF token is missing or wrong: send the session's token as X-CSRF-Token");
  EXPECT_EQ(
      call("POST", "/api/v1/evaluations/PLACMI-2/issue", {}, {cookie, {"x-csrf-token", "wrong"}}).status,
      403);
  EXPECT_EQ(call("POST", "/api/v1/evaluations/PLACMI-2/issue?as_of=2001-07-20", {},
                 {cookie, {"x-csrf-token", opened->csrf}})
                .status,
            200);
}

TEST_F(ApiTest, BadRequestsAreProblemsNamingWhatIsWrong) {
  const std::string eva = token("eva");
  struct Case {
    const char* method;
    const char* target;
    std::string body;
    int status;
    std::string detail;
  };
  const std::vector<Case> cases = {
      {"GET", "/api/v1/../etc/passwd", "", 400,
       "the address is malformed (a bad %-escape, a NUL, or a . or .. segment)"},
      {"GET", "/api/v1/nothing", "", 404, "no such address: /api/v1/nothing"},
      {"DELETE", "/api/v1/recommendations", "", 405, "DELETE is not allowed here"},
      {"POST", "/api/v1/units", "{not json", 400, ""},
      {"POST", "/api/v1/units", "[]", 400, ""},
      {"POST", "/api/v1/units", R"({"code": 5})", 400, ""},
      {"GET", "/api/v1/recommendations?as_of=2001-02-30", "", 400,
       "as_of '2001-02-30' is not a date (YYYY-MM-DD, a day that exists)"},
      {"GET", "/api/v1/recommendations/PLACMI-2/9", "", 404, "no recommendation PLACMI-2#9"},
      {"GET", "/api/v1/reports/nothing", "", 404, "no report nothing (status, overdue, rates, unit/U)"},
  };
  for (const auto& c : cases) {
    auto r = call(c.method, c.target, c.body, bearer(eva));
    EXPECT_EQ(r.status, c.status) << c.target << " " << r.body;
    EXPECT_EQ(r.content_type, "application/problem+json") << c.target;
    if (!c.detail.empty()) {
      EXPECT_EQ(json::parse(r.body)["detail"], c.detail) << c.target;
    }
  }
}

}  // namespace
}  // namespace followup::http

namespace followup::http {
namespace {

// The OpenAPI document and the route table describe the same routes, both
// ways; the document served is the file in the repository.
TEST(OpenApi, DocumentsExactlyTheRoutesThatExist) {
  const auto document = nlohmann::json::parse(openapi_document());
  std::set<std::string> documented;
  for (const auto& [path, item] : document.at("paths").items()) {
    std::string pattern;
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (path[i] == '{') {
        pattern += "{}";
        i = path.find('}', i);
      } else {
        pattern += path[i];
      }
    }
    for (const auto& [method, operation] : item.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      upper += " ";
      upper += pattern;
      documented.insert(upper);
    }
  }
  const auto listed = Api::routes();
  const std::set<std::string> routes(listed.begin(), listed.end());
  EXPECT_EQ(routes.size(), listed.size()) << "a route is in the table twice";
  for (const auto& route : routes) EXPECT_TRUE(documented.count(route)) << route << " is not documented";
  for (const auto& operation : documented)
    EXPECT_TRUE(routes.count(operation)) << operation << " has no route";
  EXPECT_EQ(std::string(openapi_document()),
            app::testing::read_file(std::string(FOLLOWUP_SOURCE_DIR) + "/src/http/openapi.json"));
}

}  // namespace
}  // namespace followup::http
