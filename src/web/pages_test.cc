// The pages in process, without sockets: logging in by the form, the
// CSRF token, each page for each role, a step by its form, stale forms and
// escaping. tests/web/pages_test.mjs drives them in Chromium.
#include "web/pages.h"

#include <regex>

#include "app/accounts.h"
#include "app/follow_up.h"
#include "app/import.h"
#include "app/reminders.h"
#include "app/test_support.h"
#include "app/units.h"
#include "app/users.h"
#include "core/date.h"
#include "util/totp.h"
#include "web/site.h"

namespace followup::web {
namespace {

using http::Request;
using http::Response;

std::string header(const Response& r, const std::string& name) {
  for (const auto& [key, value] : r.headers)
    if (key == name) return value;
  return {};
}

class PagesTest : public app::testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    ASSERT_TRUE(app::initialise(session("setup"), "root"));
    for (const auto& u :
         {app::testing::user("eva", {Role::evaluation}), app::testing::user("dg", {Role::executive})})
      ASSERT_TRUE(app::add_user(session("root"), u));
    ASSERT_TRUE(app::import_memo(session("eva"),
                                 app::ImportRequest{"seed.txt", app::testing::seed_memo(), false, false}));
    ASSERT_TRUE(app::add_user(session("root"), app::testing::user("ba", {Role::unit}, {"MRF-BA"})));
    ASSERT_TRUE(app::add_user(session("root"), app::testing::user("mms", {Role::unit}, {"MMS"})));
    for (const char* name : {"root", "eva", "dg", "ba", "mms"})
      ASSERT_TRUE(app::set_password(session("root"), name, "a long password"));
    m_config.unit_backdate_days = 9999;
    m_site = std::make_unique<Site>(*m_store, m_clock, m_config);
  }

  Response call(const std::string& method, const std::string& target, const std::string& cookie = {},
                const std::string& body = {}, const std::string& type = "application/x-www-form-urlencoded") {
    Request r;
    r.method = method;
    r.target = target;
    r.body = body;
    if (!cookie.empty()) r.headers.emplace_back("cookie", cookie);
    if (method == "POST") r.headers.emplace_back("content-type", type);
    r.address = "127.0.0.1";
    return m_site->handle(r);
  }

  // Logs in through the form: the session cookie and the page's CSRF token.
  struct Browser {
    std::string cookie;
    std::string csrf;
  };
  Browser log_in(const std::string& user) {
    auto form = call("GET", "/login");
    EXPECT_EQ(form.status, 200);
    const std::string token = value_of(form.body, "login_token");
    auto done = call("POST", "/login", "followup_login=" + token,
                     "login_token=" + token + "&user=" + user + "&password=a+long+password&next=%2F");
    EXPECT_EQ(done.status, 303) << done.body;
    std::string cookie = header(done, "Set-Cookie");
    cookie = cookie.substr(0, cookie.find(';'));
    auto home = call("GET", "/", cookie);
    EXPECT_EQ(home.status, 200) << home.body;
    return {cookie, value_of(home.body, "csrf")};
  }
  // The value of the first hidden field of that name on a page.
  static std::string value_of(const std::string& page, const std::string& name) {
    std::smatch m;
    const std::regex field("name=\"" + name + "\" value=\"([^\"]*)\"");
    return std::regex_search(page, m, field) ? m[1].str() : std::string();
  }
  std::string head() {
    std::string out;
    EXPECT_TRUE(m_store->read([&](Transaction& tx) -> Status {
      auto h = tx.history_head();
      if (!h) return h.error();
      out = h->second;
      return {};
    }));
    return out;
  }

  app::Config m_config;
  std::unique_ptr<Site> m_site;
};

TEST_F(PagesTest, AVisitorIsSentToTheLoginFormAndBackAfterwards) {
  auto home = call("GET", "/recommendations?unit=MMS");
  EXPECT_EQ(home.status, 303);
  EXPECT_EQ(header(home, "Location"), "/login?next=%2Frecommendations%3Funit%3DMMS");
  auto form = call("GET", "/login?next=%2Frecommendations%3Funit%3DMMS");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("<label for=\"password\">Password</label>"), std::string::npos);
  EXPECT_EQ(value_of(form.body, "next"), "/recommendations?unit=MMS");
  const std::string token = value_of(form.body, "login_token");
  EXPECT_EQ(header(form, "Set-Cookie"),
            "followup_login=" + token + "; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600");
  auto in = call(
      "POST", "/login", "followup_login=" + token,
      "login_token=" + token + "&user=eva&password=a+long+password&next=%2Frecommendations%3Funit%3DMMS");
  ASSERT_EQ(in.status, 303);
  EXPECT_EQ(header(in, "Location"), "/recommendations?unit=MMS");
  EXPECT_TRUE(std::regex_match(
      header(in, "Set-Cookie"),
      std::regex("followup_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200")))
      << header(in, "Set-Cookie");
  // Another site's address is never where a login leads.
  EXPECT_EQ(call("GET", "/login?next=%2F%2Fevil.example").body.find("evil"), std::string::npos);
}

TEST_F(PagesTest, ALoginFormFromElsewhereOrAWrongPasswordIsRefused) {
  auto form = call("GET", "/login");
  const std::string token = value_of(form.body, "login_token");
  auto forged = call("POST", "/login", "followup_login=other",
                     "login_token=" + token + "&user=eva&password=a+long+password");
  EXPECT_EQ(forged.status, 403);
  EXPECT_NE(forged.body.find("The login form had expired. Please try again."), std::string::npos);
  auto wrong = call("POST", "/login", "followup_login=" + token,
                    "login_token=" + token + "&user=eva&password=wrong+password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.body.find("wrong user name, password or code"), std::string::npos);
  EXPECT_NE(wrong.body.find("value=\"eva\""), std::string::npos);  // the name is kept, never the password
  EXPECT_EQ(wrong.body.find("wrong+password"), std::string::npos);
  EXPECT_EQ(wrong.body.find("wrong password\""), std::string::npos);
}

TEST_F(PagesTest, ASecondFactorIsAskedOfThoseWhoHaveOne) {
  auto secret = app::set_totp(session("eva"), "eva", false);
  ASSERT_TRUE(secret.ok()) << secret.error().describe();
  auto form = call("GET", "/login");
  const std::string token = value_of(form.body, "login_token");
  EXPECT_NE(form.body.find("<label for=\"totp\">Code from your authenticator app"), std::string::npos);
  const std::string login = "followup_login=" + token;
  const std::string fields = "login_token=" + token + "&user=eva&password=a+long+password";
  auto without = call("POST", "/login", login, fields);
  EXPECT_EQ(without.status, 401);
  EXPECT_NE(without.body.find("wrong user name, password or code"), std::string::npos);
  const auto now = parse_utc_instant(m_clock.now_utc());
  ASSERT_TRUE(now.has_value());
  const auto code = util::totp_code(*secret, *now);
  ASSERT_TRUE(code.has_value());
  auto with = call("POST", "/login", login, fields + "&totp=" + *code);
  EXPECT_EQ(with.status, 303) << with.body;
  EXPECT_EQ(header(with, "Set-Cookie").rfind("followup_session=", 0), 0U);
}

TEST_F(PagesTest, EveryPageCarriesAStrictPolicyAndNoScript) {
  const auto eva = log_in("eva");
  for (const char* target : {"/", "/recommendations", "/evaluations/PLACMI-2", "/recommendations/PLACMI-2/1",
                             "/units/MMS", "/import", "/admin", "/login", "/nowhere"}) {
    auto r = call("GET", target, eva.cookie);
    EXPECT_EQ(
        header(r, "Content-Security-Policy"),
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'")
        << target;
    EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff") << target;
    EXPECT_EQ(r.body.find("<script"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("style=\""), std::string::npos) << target;
  }
  EXPECT_EQ(call("GET", "/nowhere", eva.cookie).status, 404);
  auto css = call("GET", "/static/app.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(call("GET", "/static/layout.mustache").status, 404);
}

TEST_F(PagesTest, TheOfficeIssuesAndAUnitRespondsByTheForms) {
  const auto eva = log_in("eva");
  auto draft = call("GET", "/evaluations/PLACMI-2", eva.cookie);
  ASSERT_EQ(draft.status, 200);
  EXPECT_NE(draft.body.find("Issue PLACMI-2"), std::string::npos);
  auto issued =
      call("POST", "/evaluations/PLACMI-2/issue", eva.cookie, "csrf=" + eva.csrf + "&on=2001-07-20");
  ASSERT_EQ(issued.status, 303) << issued.body;
  EXPECT_EQ(header(issued, "Location"), "/evaluations/PLACMI-2?done=issued");
  EXPECT_NE(
      call("GET", "/evaluations/PLACMI-2?done=issued", eva.cookie)
          .body.find(
              "<p class=\"done\" role=\"status\">The evaluation was issued: its due dates now run.</p>"),
      std::string::npos);

  const auto ba = log_in("ba");
  auto page = call("GET", "/recommendations/PLACMI-2/1", ba.cookie);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<h2 id=\"respond\">"), std::string::npos);
  EXPECT_EQ(page.body.find("<h2 id=\"validate\">"),
            std::string::npos);  // the office's forms are not the unit's
  const std::string version = value_of(page.body, "version");
  // The choices are the domain's words (core/names.h), the usual one chosen.
  EXPECT_NE(page.body.find(
                "<select id=\"p-status\" name=\"status\"><option value=\"not_started\">Not started</option>"
                "<option value=\"in_progress\" selected>In progress</option>"),
            std::string::npos);
  const std::string form =
      "csrf=" + ba.csrf + "&version=" + version +
      "&unit=MRF-BA&decision=accepted&rationale=&actions%5B0%5D.description=Convene+the+MRFs"
      "&actions%5B0%5D.unit=MRF-BA&actions%5B0%5D.due=2001-10-31&actions%5B1%5D.description="
      "&actions%5B1%5D.unit=&actions%5B1%5D.due=&as_of=2001-08-20";
  // Without the CSRF token: refused, nothing recorded.
  const std::string before = head();
  auto forged =
      call("POST", "/recommendations/PLACMI-2/1/respond", ba.cookie, form.substr(form.find('&') + 1));
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(head(), before);
  auto done = call("POST", "/recommendations/PLACMI-2/1/respond", ba.cookie, form);
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(header(done, "Location"), "/recommendations/PLACMI-2/1?done=responded");
  auto after = call("GET", "/recommendations/PLACMI-2/1", ba.cookie);
  EXPECT_NE(after.body.find("<h3>MRF-BA: accepted, 2001-08-20</h3>"), std::string::npos);
  EXPECT_NE(after.body.find("<td>Convene the MRFs</td>"), std::string::npos);
  // The same form again, on the page as it was: stale, refused, nothing changed.
  const std::string recorded = head();
  auto stale =
      call("POST", "/recommendations/PLACMI-2/1/progress", ba.cookie,
           "csrf=" + ba.csrf + "&version=" + version + "&unit=MRF-BA&status=in_progress&text=Invited");
  EXPECT_EQ(stale.status, 409);
  EXPECT_NE(stale.body.find("class=\"problem\" role=\"alert\""), std::string::npos);
  EXPECT_EQ(head(), recorded);
  // A form's mistake is named and changes nothing.
  auto missing = call("POST", "/recommendations/PLACMI-2/1/progress", ba.cookie,
                      "csrf=" + ba.csrf + "&unit=MRF-BA&status=finished&text=Invited");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("status &apos;finished&apos; is not one of"), std::string::npos)
      << missing.body;
  EXPECT_EQ(head(), recorded);
}

TEST_F(PagesTest, AUnitSeesOnlyItsOwn) {
  ASSERT_TRUE(app::issue_evaluation(session("eva"), "PLACMI-2", *Date::parse_iso("2001-07-20")));
  const auto ba = log_in("ba");
  EXPECT_EQ(call("GET", "/recommendations/PLACMI-2/1", ba.cookie).status, 200);
  EXPECT_EQ(call("GET", "/recommendations/PLACMI-2/2", ba.cookie).status, 404);
  EXPECT_EQ(call("GET", "/units/MRF-BA", ba.cookie).status, 200);
  EXPECT_EQ(call("GET", "/units/MMS", ba.cookie).status, 404);
  auto my = call("GET", "/my-unit", ba.cookie);
  EXPECT_EQ(my.status, 303);
  EXPECT_EQ(header(my, "Location"), "/units/MRF-BA");
  for (const char* target : {"/", "/recommendations", "/recommendations?overdue=true"}) {
    auto r = call("GET", target, ba.cookie);
    EXPECT_EQ(r.status, 200) << target;
    EXPECT_EQ(r.body.find("PLACMI-2#2"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("MMS"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("MPRP"), std::string::npos) << target;
  }
  // The memo's own header names every addressee; its table, only the unit's.
  auto evaluation = call("GET", "/evaluations/PLACMI-2", ba.cookie);
  EXPECT_EQ(evaluation.status, 200);
  EXPECT_EQ(evaluation.body.find("PLACMI-2#2"), std::string::npos);
  // The dashboard counts the unit's overdue response, and only it.
  auto dashboard = call("GET", "/", ba.cookie);
  EXPECT_NE(dashboard.body.find(
                "<th scope=\"row\"><a href=\"/units/MRF-BA\">MRF-BA</a></th><td class=\"num\">0</td><td "
                "class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">0</td><td "
                "class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">0</td>"),
            std::string::npos)
      << dashboard.body;
  // No office forms, no import, no writes to users.
  EXPECT_EQ(call("GET", "/import", ba.cookie).status, 200);  // the form; the import itself is refused
  auto imported = call("POST", "/import", ba.cookie, "csrf=" + ba.csrf + "&text=" + std::string("x"));
  EXPECT_EQ(imported.status, 403);
  auto user = call("POST", "/admin/user", ba.cookie, "csrf=" + ba.csrf + "&name=x&roles%5B%5D=admin");
  EXPECT_EQ(user.status, 403);
}

TEST_F(PagesTest, AUnitAsksForMoreTimeAndTheOfficeAnswersOnItsPage) {
  ASSERT_TRUE(app::issue_evaluation(session("eva"), "PLACMI-2", *Date::parse_iso("2001-07-20")));
  const auto ba = log_in("ba");
  auto page = call("GET", "/recommendations/PLACMI-2/1", ba.cookie);
  ASSERT_NE(page.body.find("<h2 id=\"request-date\">Ask for a later due date</h2>"), std::string::npos);
  auto asked = call("POST", "/recommendations/PLACMI-2/1/request-date", ba.cookie,
                    "csrf=" + ba.csrf + "&version=" + value_of(page.body, "version") +
                        "&unit=MRF-BA&due=2003-03-31&reason=The+meeting+needs+all+four+MRFs");
  ASSERT_EQ(asked.status, 303) << asked.body;
  EXPECT_EQ(header(asked, "Location"), "/recommendations/PLACMI-2/1?done=asked");
  EXPECT_NE(call("GET", "/recommendations/PLACMI-2/1", ba.cookie)
                .body.find("<strong>Awaiting the office's answer.</strong>"),
            std::string::npos);
  // The unit cannot answer its own request.
  auto self = call("POST", "/due-date-requests/1/answer", ba.cookie, "csrf=" + ba.csrf + "&decision=grant");
  EXPECT_EQ(self.status, 403);

  const auto eva = log_in("eva");
  auto requests = call("GET", "/due-date-requests", eva.cookie);
  ASSERT_EQ(requests.status, 200);
  EXPECT_NE(requests.body.find("PLACMI-2#1</a>: MRF-BA asks for 2003-03-31"), std::string::npos)
      << requests.body;
  auto refused = call("POST", "/due-date-requests/1/answer", eva.cookie,
                      "csrf=" + eva.csrf + "&back=%2Fdue-date-requests&decision=refuse&text=");
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("a refusal needs the office&apos;s reasons"), std::string::npos);
  auto granted =
      call("POST", "/due-date-requests/1/answer", eva.cookie,
           "csrf=" + eva.csrf + "&back=%2Fdue-date-requests&decision=grant&text=Agreed&as_of=2002-12-31");
  ASSERT_EQ(granted.status, 303) << granted.body;
  EXPECT_EQ(header(granted, "Location"), "/due-date-requests?done=granted");
  EXPECT_NE(call("GET", "/due-date-requests", eva.cookie).body.find("No request awaits an answer."),
            std::string::npos);
  auto after = call("GET", "/recommendations/PLACMI-2/1", ba.cookie);
  EXPECT_NE(after.body.find("Granted on 2002-12-31 by eva. Agreed"), std::string::npos);
  EXPECT_NE(after.body.find("<td>2003-03-31 (extended)</td>"), std::string::npos);
}

TEST_F(PagesTest, TheOfficeSeesTheRemindersSentAndQueued) {
  ASSERT_TRUE(app::issue_evaluation(session("eva"), "PLACMI-2", *Date::parse_iso("2001-07-20")));
  User ba = app::testing::user("ba", {Role::unit}, {"MRF-BA"});
  ba.email = "ba@example.org";
  ba.full_name = "Focal <BA>";
  ASSERT_TRUE(app::edit_user(session("root"), ba));
  ASSERT_TRUE(app::plan_reminders(session("eva"), *Date::parse_iso("2001-08-31"), m_config.reminders, false));
  const auto eva = log_in("eva");
  auto page = call("GET", "/outbox", eva.cookie);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Queued: 1. Sent: 0. Given up: 0."), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("<tr><td>2001-08-31</td><td>Focal &lt;BA&gt; &lt;ba@example.org&gt;</td>"
                           "<td>follow-up of recommendations, 2001-08-31 (1 item)</td><td>1</td>"),
            std::string::npos)
      << page.body;
  EXPECT_NE(call("GET", "/", eva.cookie).body.find("<a href=\"/outbox\">Reminders</a>"), std::string::npos);
  EXPECT_EQ(call("GET", "/outbox", log_in("ba").cookie).status, 403);
}

TEST_F(PagesTest, AUnitMakesAndRevokesACalendarFeed) {
  ASSERT_TRUE(app::issue_evaluation(session("eva"), "PLACMI-2", *Date::parse_iso("2001-07-20")));
  const auto ba = log_in("ba");
  auto page = call("GET", "/calendar-feeds", ba.cookie);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<select id=\"feed-unit\" name=\"unit\"><option>MRF-BA</option></select>"),
            std::string::npos)
      << page.body;
  auto made = call("POST", "/calendar-feeds", ba.cookie, "csrf=" + ba.csrf + "&unit=MRF-BA");
  ASSERT_EQ(made.status, 200) << made.body;
  std::smatch url;
  const std::string body = made.body;
  ASSERT_TRUE(std::regex_search(
      body, url, std::regex("value=\"http://127\\.0\\.0\\.1:8080(/calendar/[A-Za-z0-9_-]{43}\\.ics)\"")))
      << made.body;
  auto feed = call("GET", url[1].str());
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.content_type, "text/calendar; charset=utf-8");
  EXPECT_NE(feed.body.find("SUMMARY:PLACMI-2#1: MRF-BA's management response due"), std::string::npos)
      << feed.body;
  EXPECT_EQ(call("POST", url[1].str()).status, 405);
  // Another unit's feed is refused; the unit's own is revoked.
  auto other = call("POST", "/calendar-feeds", ba.cookie, "csrf=" + ba.csrf + "&unit=MMS");
  EXPECT_EQ(other.status, 403);
  auto revoked = call("POST", "/calendar-feeds/1/revoke", ba.cookie, "csrf=" + ba.csrf);
  ASSERT_EQ(revoked.status, 303) << revoked.body;
  EXPECT_EQ(header(revoked, "Location"), "/calendar-feeds?done=revoked");
  EXPECT_EQ(call("GET", url[1].str()).status, 404);
  EXPECT_NE(call("GET", "/calendar-feeds", ba.cookie).body.find("revoked 2002-12-31T09:00:00Z"),
            std::string::npos);
}

TEST_F(PagesTest, AnonymousVisitorsReadOnlyDisclosedEvaluations) {
  ASSERT_TRUE(app::issue_evaluation(session("eva"), "PLACMI-2", *Date::parse_iso("2001-07-20")));
  EXPECT_EQ(call("GET", "/evaluations/PLACMI-2").status, 404);
  EXPECT_EQ(call("GET", "/recommendations/PLACMI-2/1").status, 404);
  ASSERT_TRUE(app::disclose_evaluation(session("eva"), "PLACMI-2", true));
  auto page = call("GET", "/recommendations/PLACMI-2/1");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<form class=\"stack\""), std::string::npos);
  EXPECT_NE(page.body.find("<a class=\"login\" href=\"/login\">Log in</a>"), std::string::npos);
  EXPECT_EQ(call("GET", "/evaluations/PLACMI-2").status, 200);
  EXPECT_EQ(call("GET", "/").status, 303);
  EXPECT_EQ(call("POST", "/evaluations/PLACMI-2/disclosure", {}, "disclosed=false").status, 303);
}

TEST_F(PagesTest, TextIsEscapedWherePeopleTypedIt) {
  const auto root = log_in("root");
  auto added = call("POST", "/admin/unit", root.cookie,
                    "csrf=" + root.csrf + "&code=EVIL&name=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  ASSERT_EQ(added.status, 303) << added.body;
  auto page = call("GET", "/admin", root.cookie);
  EXPECT_EQ(page.body.find("<script>"), std::string::npos);
  EXPECT_NE(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST_F(PagesTest, ImportPreviewsThenStores) {
  const auto eva = log_in("eva");
  const std::string boundary = "b0undary";
  const std::string memo = app::testing::seed_memo();
  auto upload = [&](const std::string& extra) {
    std::string body =
        "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + eva.csrf + "\r\n";
    body += extra;
    body += "--" + boundary + "--\r\n";
    return call("POST", "/import", eva.cookie, body, "multipart/form-data; boundary=" + boundary);
  };
  // The seed is already in: import the same memo under a new file name to preview.
  auto preview = upload("--" + boundary +
                        "\r\nContent-Disposition: form-data; name=\"memo\"; filename=\"seed.txt\"\r\n"
                        "Content-Type: text/plain\r\n\r\n" +
                        memo + "\r\n");
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_NE(preview.body.find("IOM Buenos Aires → MRF-BA"), std::string::npos);
  EXPECT_NE(preview.body.find("Nothing is stored yet."), std::string::npos);
  const std::string before = head();
  auto confirmed =
      call("POST", "/import", eva.cookie,
           "csrf=" + eva.csrf + "&confirm=true&name=seed.txt&content=" + value_of(preview.body, "content"));
  ASSERT_EQ(confirmed.status, 303) << confirmed.body;
  EXPECT_EQ(header(confirmed, "Location"), "/evaluations/PLACMI-2?done=imported");
  EXPECT_EQ(head(), before);  // the same memo again: nothing new
  auto broken =
      upload("--" + boundary + "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhello\r\n");
  EXPECT_EQ(broken.status, 400);
  EXPECT_NE(broken.body.find("class=\"problem\""), std::string::npos);
  auto damaged =
      call("POST", "/import", eva.cookie, "csrf=" + eva.csrf + "&confirm=true&name=x&content=%25%25");
  EXPECT_EQ(damaged.status, 400);
  EXPECT_NE(damaged.body.find("the previewed memo was damaged; upload it again"), std::string::npos);
}

TEST_F(PagesTest, LoggingOutEndsTheSession) {
  const auto eva = log_in("eva");
  auto out = call("POST", "/logout", eva.cookie, "csrf=" + eva.csrf);
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(header(out, "Set-Cookie"), "followup_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  EXPECT_EQ(call("GET", "/", eva.cookie).status, 303);
}

}  // namespace
}  // namespace followup::web
