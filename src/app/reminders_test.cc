#include "app/reminders.h"

#include <map>
#include <set>

#include "app/follow_up.h"
#include "app/import.h"
#include "app/test_support.h"
#include "app/users.h"
#include "env/memory_env.h"

namespace followup::app {
namespace {

using testing::day;

User person(const char* name, std::vector<Role> roles, std::vector<std::string> units = {}) {
  User u = testing::user(name, std::move(roles), std::move(units));
  u.email = std::string(name) + "@example.org";
  u.full_name = std::string("Full ") + name;
  return u;
}

// The seed memo, issued on 2001-07-20; each unit's focal point and the
// DG's office have an address.
class RemindersTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    import_seed(person("eva", {Role::evaluation}),
                {person("dg", {Role::executive}), person("ba", {Role::unit}, {"MRF-BA"}),
                 person("mms", {Role::unit}, {"MMS"}), person("mprp", {Role::unit}, {"MPRP"})});
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(issue_evaluation(session("eva"), "PLACMI-2", day("2001-07-20")));
    m_settings.public_url = "https://followup.example.org";
    m_settings.from = env::MailAddress{"OIG - Evaluation", "oig@example.org"};
  }

  // Plans and sends each day from `first` to `last`; before each day,
  // `before` may enter that day's facts. Returns, per recipient, the days
  // mail reached them, and checks one message per person per day.
  std::map<std::string, std::vector<std::string>> run_days(
      const char* first, const char* last, const std::function<void(Date)>& before = nullptr) {
    std::map<std::string, std::vector<std::string>> out;
    for (Date on = day(first); on <= day(last); on = on.plus_days(1)) {
      if (before) before(on);
      const std::size_t sent_before = m_mail.sent().size();
      auto planned = plan_reminders(session("eva"), on, m_settings, false);
      EXPECT_TRUE(planned.ok()) << planned.error().describe();
      auto sent = send_outbox(*m_store, m_mail, m_clock, m_settings);
      EXPECT_TRUE(sent.ok()) << sent.error().describe();
      std::set<std::string> reached;
      for (std::size_t i = sent_before; i < m_mail.sent().size(); ++i) {
        const auto& m = m_mail.sent()[i];
        EXPECT_EQ(m.to.size(), 1u);
        EXPECT_TRUE(reached.insert(m.to[0].email).second)
            << "two messages to " << m.to[0].email << " on " << on.iso();
        out[m.to[0].email].push_back(on.iso());
      }
    }
    return out;
  }

  ReminderSettings m_settings;
  env::MemoryMailTransport m_mail;
};

using Days = std::vector<std::string>;

TEST_F(RemindersTest, NobodyRespondingTheDaysEachPersonHearsOf) {
  const auto got = run_days("2001-08-01", "2001-10-15");
  const Days unit_days = {"2001-08-17", "2001-08-28", "2001-08-31", "2001-09-07", "2001-09-14",
                          "2001-09-21", "2001-09-28", "2001-10-05", "2001-10-12"};
  EXPECT_EQ(got, (std::map<std::string, Days>{{"ba@example.org", unit_days},
                                              {"dg@example.org", {"2001-09-30"}},
                                              {"mms@example.org", unit_days},
                                              {"mprp@example.org", unit_days}}));
  // MPRP's digests speak of #2 only, to MPRP's focal point; the DG's
  // office's of the three units' responses, as an escalation.
  for (const auto& m : m_mail.sent()) {
    if (m.to[0].email == "mprp@example.org") {
      EXPECT_NE(m.text.find("PLACMI-2#2: MPRP's management response"), std::string::npos) << m.text;
      EXPECT_EQ(m.text.find("PLACMI-2#1"), std::string::npos) << m.text;
      EXPECT_EQ(m.text.find("MMS's"), std::string::npos) << m.text;
      EXPECT_EQ(m.to[0].name, "Full mprp");
      EXPECT_EQ(m.from.email, "oig@example.org");
    }
    if (m.to[0].email == "dg@example.org") {
      EXPECT_EQ(m.subject, "Escalation: follow-up of recommendations, 2001-09-30 (3 items)");
      EXPECT_NE(m.text.find("https://followup.example.org/recommendations/PLACMI-2/2"), std::string::npos);
    }
  }
}

TEST_F(RemindersTest, NothingAfterAUnitRespondsNorAfterTheClosing) {
  const auto got = run_days("2001-08-20", "2001-10-15", [&](Date on) {
    if (on == day("2001-08-25")) {
      ASSERT_TRUE(respond(session("mms"), "PLACMI-2#2", {"MMS", Decision::accepted, "", {}}, on));
    }
    if (on == day("2001-09-10")) {
      CloseRequest close;
      close.outcome = Outcome::not_implemented;
      close.reason = "MPRP never answered";
      auto closed = close_recommendation(session("eva"), "PLACMI-2#2", close, EvidencePolicy{}, on);
      ASSERT_TRUE(closed.ok()) << closed.error().describe();
    }
  });
  // MMS (responsible for #2 only) hears nothing from its response on;
  // MPRP nothing from the closing on; MRF Buenos Aires, of #1, goes on.
  EXPECT_EQ(got,
            (std::map<std::string, Days>{{"ba@example.org",
                                          {"2001-08-28", "2001-08-31", "2001-09-07", "2001-09-14",
                                           "2001-09-21", "2001-09-28", "2001-10-05", "2001-10-12"}},
                                         {"dg@example.org", {"2001-09-30"}},
                                         {"mprp@example.org", {"2001-08-28", "2001-08-31", "2001-09-07"}}}));
  for (const auto& m : m_mail.sent()) {
    if (m.to[0].email == "dg@example.org") {
      EXPECT_EQ(m.subject, "Escalation: follow-up of recommendations, 2001-09-30 (1 item)");
    }
  }
}

TEST_F(RemindersTest, ADayIsPlannedOnceAndEachMessageSentOnce) {
  auto first = plan_reminders(session("eva"), day("2001-08-31"), m_settings, false);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->planned_before);
  ASSERT_EQ(first->queued.size(), 3u);
  EXPECT_EQ(first->notices, 3);
  EXPECT_TRUE(first->unreached.empty());
  auto again = plan_reminders(session("eva"), day("2001-08-31"), m_settings, false);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->planned_before);
  EXPECT_TRUE(again->queued.empty());
  EXPECT_EQ(send_outbox(*m_store, m_mail, m_clock, m_settings)->sent, 3);
  EXPECT_EQ(send_outbox(*m_store, m_mail, m_clock, m_settings)->sent, 0);
  EXPECT_EQ(m_mail.sent().size(), 3u);
  // Stable: the Message-ID depends on the day and the address only.
  auto listed = outbox_messages(session("eva"), "2001-08-31", 10);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 3u);
  for (const auto& m : *listed) {
    EXPECT_EQ(m.state, "sent");
    EXPECT_EQ(m.attempts, 1);
    EXPECT_TRUE(m.message_id.starts_with("reminders.2001-08-31.")) << m.message_id;
    EXPECT_TRUE(m.message_id.ends_with("@example.org")) << m.message_id;
  }
}

TEST_F(RemindersTest, ADryRunWritesNothing) {
  auto dry = plan_reminders(session("eva"), day("2001-08-31"), m_settings, true);
  ASSERT_TRUE(dry.ok());
  EXPECT_EQ(dry->queued.size(), 3u);
  EXPECT_TRUE(outbox_messages(session("eva"), "", 10)->empty());
  EXPECT_EQ(plan_reminders(session("eva"), day("2001-08-31"), m_settings, false)->queued.size(), 3u);
}

TEST_F(RemindersTest, NoticesThatReachNobodyAreNamed) {
  User mprp = person("mprp", {Role::unit}, {"MPRP"});
  mprp.email.clear();
  ASSERT_TRUE(edit_user(session("root"), mprp));
  auto planned = plan_reminders(session("eva"), day("2001-08-31"), m_settings, true);
  ASSERT_TRUE(planned.ok());
  EXPECT_EQ(planned->queued.size(), 2u);
  EXPECT_EQ(planned->unreached, (std::vector<std::string>{"MPRP"}));
}

TEST_F(RemindersTest, OnlyTheOfficeOrTheAdminPlansReminders) {
  auto refused = plan_reminders(session("mms"), day("2001-08-31"), m_settings, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::permission_denied);
  EXPECT_EQ(outbox_messages(session("mms"), "", 10).error().code, ErrorCode::permission_denied);
}

TEST(ReminderDay, TodayFromTheHourOnElseYesterday) {
  ReminderSettings settings;
  settings.hour = 6;
  EXPECT_EQ(reminder_day(day("2001-09-01"), 5, settings), day("2001-08-31"));
  EXPECT_EQ(reminder_day(day("2001-09-01"), 6, settings), day("2001-09-01"));
  EXPECT_EQ(reminder_day(day("2001-09-01"), 23, settings), day("2001-09-01"));
  EXPECT_EQ(reminder_day(day("2001-03-01"), 0, settings), day("2001-02-28"));
}

TEST_F(RemindersTest, TheDailyRunPlansTheDayOnceAndSendsAsTheScheduler) {
  env::FixedClock morning(day("2001-08-31"), "2001-08-31T05:00:00Z");
  // Before the hour: the day before, which owes nothing.
  auto early = run_daily_reminders(*m_store, morning, m_mail, m_settings, 5);
  ASSERT_TRUE(early.ok()) << early.error().describe();
  ASSERT_TRUE(early->planned.has_value());
  EXPECT_EQ(early->planned->day, day("2001-08-30"));
  EXPECT_TRUE(early->planned->queued.empty());
  auto run = run_daily_reminders(*m_store, morning, m_mail, m_settings, 6);
  ASSERT_TRUE(run.ok()) << run.error().describe();
  ASSERT_TRUE(run->planned.has_value());
  EXPECT_EQ(run->planned->day, day("2001-08-31"));
  EXPECT_EQ(run->planned->queued.size(), 3u);
  EXPECT_EQ(run->sent.sent, 3);
  auto again = run_daily_reminders(*m_store, morning, m_mail, m_settings, 7);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->planned.has_value());
  EXPECT_EQ(again->sent.sent, 0);
  EXPECT_EQ(m_mail.sent().size(), 3u);
  // The scheduler may plan reminders and nothing else.
  const Session scheduler{*m_store, m_clock, Principal{"followup", false, true}, 9999, std::nullopt};
  auto refused = issue_evaluation(scheduler, "PLACMI-2", day("2001-07-21"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::permission_denied);
}

// A transport that refuses as told.
class RefusingTransport final : public env::MailTransport {
 public:
  explicit RefusingTransport(ErrorCode code) : m_code(code) {}
  Status send(const env::MailMessage& message) override {
    ++attempts;
    return make_error(m_code, "refused " + message.to[0].email);
  }
  int attempts = 0;

 private:
  ErrorCode m_code;
};

TEST_F(RemindersTest, TemporaryFailuresAreRetriedWithBackoffThenGivenUp) {
  m_settings.max_attempts = 3;
  m_settings.retry_seconds = 60;
  ASSERT_TRUE(plan_reminders(session("eva"), day("2001-08-31"), m_settings, false));
  RefusingTransport down(ErrorCode::unavailable);
  auto round = send_outbox(*m_store, down, m_clock, m_settings);
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->retrying, 3);
  EXPECT_EQ(down.attempts, 3);
  // Not again before the wait: the clock has not moved.
  EXPECT_EQ(send_outbox(*m_store, down, m_clock, m_settings)->retrying, 0);
  auto listed = outbox_messages(session("eva"), "2001-08-31", 10);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->front().next_attempt, "2002-12-31T09:01:00Z");
  EXPECT_EQ(listed->front().last_error, "refused " + listed->front().recipient);
  env::FixedClock later(day("2002-12-31"), "2002-12-31T09:01:00Z");
  EXPECT_EQ(send_outbox(*m_store, down, later, m_settings)->retrying, 3);
  // The second retry waits twice as long; the third failure gives up.
  EXPECT_EQ(send_outbox(*m_store, down, later, m_settings)->retrying, 0);
  env::FixedClock latest(day("2002-12-31"), "2002-12-31T09:03:00Z");
  auto last = send_outbox(*m_store, down, latest, m_settings);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->failed.size(), 3u);
  EXPECT_EQ(down.attempts, 9);
  auto given_up = outbox_messages(session("eva"), "2001-08-31", 10);
  ASSERT_TRUE(given_up.ok());
  for (const auto& m : *given_up) {
    EXPECT_EQ(m.state, "failed");
    EXPECT_EQ(m.attempts, 3);
  }
}

TEST_F(RemindersTest, AMessageGivenUpIsReportedToTheOfficeOnce) {
  ASSERT_TRUE(plan_reminders(session("eva"), day("2001-08-31"), m_settings, false));
  RefusingTransport refusing(ErrorCode::invalid_argument);
  ASSERT_EQ(send_outbox(*m_store, refusing, m_clock, m_settings)->failed.size(), 3u);
  // The next day owes nothing but the report, to the office's eva.
  auto next = plan_reminders(session("eva"), day("2001-09-01"), m_settings, false);
  ASSERT_TRUE(next.ok()) << next.error().describe();
  EXPECT_EQ(next->undelivered, 3);
  ASSERT_EQ(next->queued.size(), 1u);
  EXPECT_EQ(next->queued[0].recipient, "eva@example.org");
  EXPECT_NE(
      next->queued[0].text.find("- to ba@example.org, the reminders of 2001-08-31: refused ba@example.org\n"),
      std::string::npos)
      << next->queued[0].text;
  auto after = plan_reminders(session("eva"), day("2001-09-02"), m_settings, false);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->undelivered, 0);
  EXPECT_TRUE(after->queued.empty());
}

TEST_F(RemindersTest, APermanentRefusalIsGivenUpAtOnce) {
  ASSERT_TRUE(plan_reminders(session("eva"), day("2001-08-31"), m_settings, false));
  RefusingTransport refusing(ErrorCode::invalid_argument);
  auto round = send_outbox(*m_store, refusing, m_clock, m_settings);
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->failed.size(), 3u);
  EXPECT_EQ(round->failed[0].last_error, "refused " + round->failed[0].recipient);
  EXPECT_EQ(send_outbox(*m_store, m_mail, m_clock, m_settings)->sent, 0);
}

}  // namespace
}  // namespace followup::app
