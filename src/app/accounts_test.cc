#include "app/accounts.h"

#include "app/history_log.h"
#include "app/queries.h"
#include "app/test_support.h"
#include "app/users.h"
#include "util/sha256.h"
#include "util/totp.h"

namespace followup::app {
namespace {

using testing::user;

// A clock the test moves.
class MovingClock final : public env::Clock {
 public:
  [[nodiscard]] Date today() const override { return *Date::parse_iso(utc_instant(m_now).substr(0, 10)); }
  [[nodiscard]] std::string now_utc() const override { return utc_instant(m_now); }
  void advance(long long seconds) { m_now += seconds; }
  [[nodiscard]] long long now() const { return m_now; }

 private:
  long long m_now = *parse_utc_instant("2026-11-30T09:00:00Z");
};

class AccountsTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    ASSERT_TRUE(add_user(session("root"), user("root", {Role::admin})));
    ASSERT_TRUE(add_user(session("root"), user("eva", {Role::evaluation})));
    ASSERT_TRUE(add_user(session("root"), user("dg", {Role::executive})));
  }
  Result<OpenSession> login(const std::string& name, const std::string& password,
                            SessionKind kind = SessionKind::browser, const std::string& totp = "",
                            const std::string& address = "127.0.0.1") {
    return log_in(*m_store, m_moving, m_throttle, m_policy,
                  LoginRequest{name, password, totp, address, kind});
  }
  Session at(const std::string& actor) {
    return Session{*m_store, m_moving, Principal{actor, false, false}, 7, std::nullopt, nullptr, nullptr};
  }
  long long sessions_in_store() {
    long long n = 0;
    EXPECT_TRUE(m_store->read([&](Transaction& tx) -> Status {
      for (const char* name : {"root", "eva", "dg"})
        if (auto c = tx.find_credential(name); c && *c) ++n;
      return {};
    }));
    return n;
  }

  MovingClock m_moving;
  LoginThrottle m_throttle;
  AccountPolicy m_policy;
};

TEST_F(AccountsTest, PasswordRules) {
  EXPECT_EQ(check_password("short").error().message, "the password is too short: at least 10 characters");
  EXPECT_EQ(check_password("short").error().field, "password");
  EXPECT_EQ(check_password(std::string(1025, 'x')).error().message, "the password is longer than 1024 bytes");
  EXPECT_EQ(check_password("long enough\x1b[31m").error().message,
            "the password contains a control character (U+001B) at byte 11");
  EXPECT_EQ(check_password("long enough\npassword").error().message,
            "the password contains a line feed or a tab");
  EXPECT_TRUE(check_password("ten chars!"));
}

TEST_F(AccountsTest, LogInWithThePasswordSetAndOutAgain) {
  ASSERT_TRUE(set_password(at("root"), "eva", "evaluation office"));
  auto opened = login("eva", "evaluation office");
  ASSERT_TRUE(opened.ok()) << opened.error().describe();
  EXPECT_EQ(opened->user, "eva");
  EXPECT_EQ(opened->expires_at, "2026-11-30T21:00:00Z");  // 12 hours
  EXPECT_EQ(opened->token.size(), 43U);
  EXPECT_EQ(opened->csrf.size(), 43U);
  EXPECT_NE(opened->token, opened->csrf);

  auto back = authenticate(*m_store, m_moving, opened->token, SessionKind::browser);
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->user, "eva");
  EXPECT_EQ(back->csrf, opened->csrf);
  // A browser's cookie is no API token, and the reverse.
  EXPECT_EQ(authenticate(*m_store, m_moving, opened->token, SessionKind::api).error().code,
            ErrorCode::unauthenticated);

  // Only the token's hash is kept.
  ASSERT_TRUE(m_store->read([&](Transaction& tx) -> Status {
    EXPECT_FALSE(tx.find_session(opened->token).value().has_value());
    EXPECT_TRUE(tx.find_session(util::sha256_hex(opened->token)).value().has_value());
    return {};
  }));

  ASSERT_TRUE(log_out(*m_store, opened->token));
  auto gone = authenticate(*m_store, m_moving, opened->token, SessionKind::browser);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().message, "the session has expired or was closed; log in again");
}

TEST_F(AccountsTest, WrongLoginsSayTheSameWhateverWasWrong) {
  ASSERT_TRUE(set_password(at("root"), "eva", "evaluation office"));
  for (const auto& [name, password] :
       std::vector<std::pair<std::string, std::string>>{{"eva", "evaluation offic"},
                                                        {"nobody", "evaluation office"},
                                                        {"dg", "evaluation office"},
                                                        {"", ""}}) {
    auto refused = login(name, password, SessionKind::browser, "", "10.0.0." + name);
    ASSERT_FALSE(refused.ok()) << name;
    EXPECT_EQ(refused.error().code, ErrorCode::unauthenticated);
    EXPECT_EQ(refused.error().message, "wrong user name, password or code");
  }
}

TEST_F(AccountsTest, SessionsExpireAndApiTokensLastLonger) {
  ASSERT_TRUE(set_password(at("root"), "dg", "director general"));
  auto browser = login("dg", "director general");
  auto api = login("dg", "director general", SessionKind::api);
  ASSERT_TRUE(browser.ok() && api.ok());
  EXPECT_TRUE(api->csrf.empty());
  EXPECT_EQ(api->expires_at, "2026-12-30T09:00:00Z");  // 30 days
  m_moving.advance(12 * 3600 - 1);
  EXPECT_TRUE(authenticate(*m_store, m_moving, browser->token, SessionKind::browser).ok());
  m_moving.advance(1);
  EXPECT_FALSE(authenticate(*m_store, m_moving, browser->token, SessionKind::browser).ok());
  EXPECT_TRUE(authenticate(*m_store, m_moving, api->token, SessionKind::api).ok());
  // The next login sweeps the expired session away.
  ASSERT_TRUE(login("dg", "director general").ok());
  ASSERT_TRUE(m_store->read([&](Transaction& tx) -> Status {
    EXPECT_FALSE(tx.find_session(util::sha256_hex(browser->token)).value().has_value());
    EXPECT_TRUE(tx.find_session(util::sha256_hex(api->token)).value().has_value());
    return {};
  }));
}

TEST_F(AccountsTest, ANewPasswordClosesEverySessionAndIsInTheHistoryWithoutTheHash) {
  ASSERT_TRUE(set_password(at("root"), "eva", "evaluation office"));
  auto opened = login("eva", "evaluation office");
  ASSERT_TRUE(opened.ok());
  ASSERT_TRUE(set_password(at("eva"), "eva", "a new passphrase"));
  EXPECT_FALSE(authenticate(*m_store, m_moving, opened->token, SessionKind::browser).ok());
  EXPECT_FALSE(login("eva", "evaluation office").ok());
  EXPECT_TRUE(login("eva", "a new passphrase").ok());

  auto history = history_of(at("root"), "user:eva");
  ASSERT_TRUE(history.ok());
  // Every entry of the user: its creation and the two passwords set, and
  // no entry carries a hash.
  std::vector<std::string> actions;
  for (const auto& entry : *history) {
    actions.push_back(entry.event.action);
    for (const std::string* text : {&entry.event.before, &entry.event.after, &entry.event.ops})
      EXPECT_EQ(text->find("argon2"), std::string::npos) << entry.event.action << ": " << *text;
  }
  ASSERT_EQ(actions, (std::vector<std::string>{"create", "set password", "set password"}));
  for (std::size_t i : {1U, 2U}) {
    EXPECT_EQ((*history)[i].event.before, "null");
    EXPECT_EQ((*history)[i].event.after, "null");
  }
  // The accounts are outside what the history binds: the store verifies.
  auto verified = verify_history(at("root"), testing::test_key(), std::nullopt);
  ASSERT_TRUE(verified.ok()) << verified.error().describe();
  EXPECT_EQ(verified->problems, std::vector<std::string>{});
}

TEST_F(AccountsTest, OnlyTheUserOrAnAdminSetsAPassword) {
  auto refused = set_password(at("dg"), "eva", "evaluation office");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "user dg (executive) cannot set the password of another user: it needs the role admin");
  EXPECT_EQ(set_password(at("root"), "nobody", "evaluation office").error().message, "no user nobody");
  EXPECT_TRUE(set_password(at("dg"), "dg", "director general"));
  EXPECT_EQ(sessions_in_store(), 1);
}

TEST_F(AccountsTest, TheThrottleRefusesBeforeCheckingAndLetsGoAfterTheWindow) {
  ASSERT_TRUE(set_password(at("root"), "eva", "evaluation office"));
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(login("eva", "wrong password").error().code, ErrorCode::unauthenticated);
  // Even the right password waits now.
  auto refused = login("eva", "evaluation office");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::resource_exhausted);
  EXPECT_EQ(refused.error().message, "too many failed logins; try again in 900 seconds");
  // Another account from another address is not held up.
  ASSERT_TRUE(set_password(at("root"), "dg", "director general"));
  EXPECT_TRUE(login("dg", "director general", SessionKind::browser, "", "10.0.0.2").ok());
  m_moving.advance(900);
  EXPECT_TRUE(login("eva", "evaluation office").ok());
}

TEST_F(AccountsTest, TheThrottleCountsPerAddressToo) {
  LoginThrottle throttle(5, 3, 60);
  for (int i = 0; i < 3; ++i) throttle.failed("user" + std::to_string(i), "10.0.0.9", 1000 + i);
  EXPECT_EQ(throttle.wait("fresh", "10.0.0.9", 1003), 57);
  EXPECT_EQ(throttle.wait("fresh", "10.0.0.8", 1003), std::nullopt);
  EXPECT_EQ(throttle.wait("fresh", "10.0.0.9", 1060), std::nullopt);
}

TEST_F(AccountsTest, SecondFactor) {
  ASSERT_TRUE(set_password(at("root"), "eva", "evaluation office"));
  m_policy.totp_roles = {"evaluation", "admin"};
  auto without = login("eva", "evaluation office");
  ASSERT_FALSE(without.ok());
  EXPECT_EQ(without.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(without.error().message,
            "user eva must log in with a second factor and has none set up: run followup user totp eva");

  auto secret = set_totp(at("eva"), "eva", false);
  ASSERT_TRUE(secret.ok()) << secret.error().describe();
  EXPECT_EQ(secret->size(), 32U);
  const std::string code = *util::totp_code(*secret, m_moving.now());
  EXPECT_EQ(login("eva", "evaluation office").error().message, "wrong user name, password or code");
  EXPECT_EQ(login("eva", "evaluation office", SessionKind::browser, "000000" == code ? "111111" : "000000")
                .error()
                .code,
            ErrorCode::unauthenticated);
  EXPECT_TRUE(login("eva", "evaluation office", SessionKind::browser, code).ok());

  EXPECT_EQ(set_totp(at("eva"), "eva", true).error().message,
            "user eva (evaluation) cannot remove a second factor: it needs the role admin");
  ASSERT_TRUE(set_totp(at("root"), "eva", true).ok());
  m_policy.totp_roles.clear();
  EXPECT_TRUE(login("eva", "evaluation office").ok());
}

}  // namespace
}  // namespace followup::app
