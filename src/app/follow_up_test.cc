#include "app/follow_up.h"

#include "app/history_log.h"
#include "app/import.h"
#include "app/queries.h"
#include "app/test_support.h"
#include "app/users.h"

namespace followup::app {
namespace {

using testing::user;

Date day(const char* iso) { return *Date::parse_iso(iso); }

// The scenario of issue 3 on the seed memo, step by step.
class FollowUpTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    ASSERT_TRUE(import_memo(session("setup"), ImportRequest{"seed.txt", testing::seed_memo(), false, false}));
    ASSERT_TRUE(add_user(session("setup"), user("root", {Role::admin})));
    for (const auto& u : {user("eva", {Role::evaluation}), user("dg", {Role::executive}),
                          user("ba", {Role::unit}, {"MRF-BA"}), user("mms", {Role::unit}, {"MMS"}),
                          user("mprp", {Role::unit}, {"MPRP"}), user("auditor", {Role::viewer})}) {
      auto st = add_user(session("root"), u);
      ASSERT_TRUE(st) << st.error().describe();
    }
  }

  std::size_t history_size() { return history_of(session(), std::nullopt)->size(); }

  void issue_and_respond() {
    ASSERT_TRUE(issue_evaluation(session("eva"), "PLACMI-2", day("2001-07-20")));
    ResponseRequest r1{"MRF Buenos Aires", Decision::accepted, "", {}};
    r1.actions = {{"Convene the meeting of the four MRFs", "MRF-BA", day("2001-10-31")},
                  {"Agree the parameters for collaboration", "MMS", day("2001-12-31")}};
    auto response = respond(session("ba"), "PLACMI-2#1", r1, day("2001-08-20"));
    ASSERT_TRUE(response.ok()) << response.error().describe();
    ASSERT_EQ(response->actions.size(), 2u);
    EXPECT_GT(response->actions[0].id, 0);
    ASSERT_TRUE(
        respond(session("mms"), "PLACMI-2#2", {"MMS", Decision::accepted, "", {}}, day("2001-08-25")));
    ASSERT_TRUE(respond(session("mprp"), "PLACMI-2#2",
                        {"MPRP", Decision::partially_accepted, "Only the regional part", {}},
                        day("2001-09-05")));
  }
};

TEST_F(FollowUpTest, ResponsesAreStoredPerUnit) {
  issue_and_respond();
  auto rec = find_recommendation(session("eva"), "PLACMI-2#2");
  ASSERT_TRUE(rec.ok());
  ASSERT_EQ(rec->follow_up.responses.size(), 2u);
  EXPECT_EQ(rec->follow_up.responses[0].unit, "MMS");
  EXPECT_EQ(rec->follow_up.responses[1].unit, "MPRP");
  EXPECT_EQ(rec->follow_up.responses[1].responded, day("2001-09-05"));
  EXPECT_EQ(rec->follow_up.responses[1].by, "mprp");
  EXPECT_EQ(rec->issued, day("2001-07-20"));
}

TEST_F(FollowUpTest, AUnitCannotRespondForAnotherAndNothingChanges) {
  ASSERT_TRUE(issue_evaluation(session("eva"), "PLACMI-2", day("2001-07-20")));
  const auto before = history_size();
  auto refused =
      respond(session("mms"), "PLACMI-2#1", {"MRF-BA", Decision::accepted, "", {}}, day("2001-08-20"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::permission_denied);
  EXPECT_NE(refused.error().message.find("MRF-BA"), std::string::npos) << refused.error().message;
  auto validated = validate(session("mms"), "PLACMI-2#2", "implemented", "done", day("2001-09-01"));
  ASSERT_FALSE(validated.ok());
  EXPECT_EQ(validated.error().code, ErrorCode::permission_denied);
  EXPECT_EQ(history_size(), before);
  EXPECT_TRUE(find_recommendation(session("eva"), "PLACMI-2#1")->follow_up.responses.empty());
}

TEST_F(FollowUpTest, UnknownActorIsRefusedOnceUsersExist) {
  auto st = issue_evaluation(session("nobody"), "PLACMI-2", day("2001-07-20"));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::permission_denied);
  EXPECT_EQ(st.error().message, "no user 'nobody'; act as a known user with --as or FOLLOWUP_USER");
  auto viewer = issue_evaluation(session("auditor"), "PLACMI-2", day("2001-07-20"));
  ASSERT_FALSE(viewer.ok());
  EXPECT_EQ(viewer.error().code, ErrorCode::permission_denied);
}

TEST_F(FollowUpTest, ClosingAsImplementedNeedsEvidenceOrAWaiver) {
  issue_and_respond();
  auto refused = close_recommendation(session("eva"), "PLACMI-2#1", Outcome::implemented, "", {},
                                      EvidencePolicy{}, day("2001-11-01"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::failed_precondition);

  const std::string pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
  ProgressRequest report{"MRF-BA",
                         ClaimedStatus::implemented,
                         "The meeting took place in Buenos Aires.",
                         {},
                         {{"/tmp/minutes.pdf", pdf}}};
  auto made = report_progress(session("ba"), "PLACMI-2#1", report, EvidencePolicy{}, day("2001-10-15"));
  ASSERT_TRUE(made.ok()) << made.error().describe();
  ASSERT_EQ(made->evidence.size(), 1u);
  EXPECT_EQ(made->evidence[0].name, "minutes.pdf");
  EXPECT_EQ(made->evidence[0].media_type, "application/pdf");
  EXPECT_EQ(made->evidence[0].sha256.size(), 64u);

  ASSERT_TRUE(validate(session("eva"), "PLACMI-2#1", "implemented", "Minutes seen", day("2001-10-20")));
  auto closed = close_recommendation(session("eva"), "PLACMI-2#1", Outcome::implemented, "", {},
                                     EvidencePolicy{}, day("2001-11-01"));
  ASSERT_TRUE(closed.ok()) << closed.error().describe();
  auto rec = find_recommendation(session("eva"), "PLACMI-2#1");
  ASSERT_TRUE(rec->follow_up.closure);
  EXPECT_EQ(rec->follow_up.closure->outcome, Outcome::implemented);

  ASSERT_FALSE(reopen_recommendation(session("eva"), "PLACMI-2#1", "", day("2001-11-02")).ok());
  ASSERT_TRUE(
      reopen_recommendation(session("eva"), "PLACMI-2#1", "Meeting minutes disputed", day("2001-11-02")));
  EXPECT_FALSE(find_recommendation(session("eva"), "PLACMI-2#1")->follow_up.closure);
  auto fault = verify_history(session());
  ASSERT_TRUE(fault.ok());
  EXPECT_FALSE(*fault);
}

TEST_F(FollowUpTest, TheOfficeMayAttachEvidenceWhenClosing) {
  issue_and_respond();
  const std::string minutes = "Minutes of the meeting of the four MRFs, Buenos Aires.\n";
  auto closed = close_recommendation(session("eva"), "PLACMI-2#1", Outcome::implemented, "",
                                     {{"letters/minutes.txt", minutes}}, EvidencePolicy{}, day("2001-11-01"));
  ASSERT_TRUE(closed.ok()) << closed.error().describe();
  ASSERT_EQ(closed->evidence.size(), 1u);
  EXPECT_EQ(closed->evidence[0].name, "minutes.txt");
  EXPECT_EQ(closed->evidence[0].media_type, "text/plain");
  auto rec = find_recommendation(session("eva"), "PLACMI-2#1");
  ASSERT_TRUE(rec->follow_up.closure);
  ASSERT_EQ(rec->follow_up.closure->evidence.size(), 1u);
  EXPECT_EQ(rec->follow_up.closure->evidence[0].sha256, closed->evidence[0].sha256);

  auto html = close_recommendation(session("eva"), "PLACMI-2#2", Outcome::implemented, "",
                                   {{"x.pdf", "<html><script>x</script></html>"}}, EvidencePolicy{},
                                   day("2001-11-01"));
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.error().message, "evidence 'x.pdf' is text/html, which is not an allowed type");
  EXPECT_FALSE(find_recommendation(session("eva"), "PLACMI-2#2")->follow_up.closure);
}

TEST_F(FollowUpTest, EvidenceIsJudgedByContentAndSize) {
  issue_and_respond();
  ProgressRequest html{"MRF-BA",
                       ClaimedStatus::in_progress,
                       "See the page",
                       {},
                       {{"notes.pdf", "<!DOCTYPE html><html><script>alert(1)</script></html>"}}};
  auto refused = report_progress(session("ba"), "PLACMI-2#1", html, EvidencePolicy{}, day("2001-10-15"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "evidence 'notes.pdf' is text/html, which is not an allowed type");
  EvidencePolicy small;
  small.max_bytes = 10;
  ProgressRequest big{
      "MRF-BA", ClaimedStatus::in_progress, "Long notes", {}, {{"notes.txt", "eleven bytes"}}};
  auto too_big = report_progress(session("ba"), "PLACMI-2#1", big, small, day("2001-10-15"));
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().message, "evidence 'notes.txt' is 12 bytes; the limit is 10");
  EXPECT_TRUE(find_recommendation(session("eva"), "PLACMI-2#1")->follow_up.reports.empty());
}

TEST_F(FollowUpTest, ProgressMarksActionsDoneAndIsAppended) {
  issue_and_respond();
  auto rec = find_recommendation(session("eva"), "PLACMI-2#1");
  const auto first_action = rec->follow_up.responses[0].actions[0].id;
  ASSERT_TRUE(report_progress(session("ba"), "PLACMI-2#1",
                              {"MRF-BA", ClaimedStatus::in_progress, "Invitations sent", {}, {}},
                              EvidencePolicy{}, day("2001-09-15")));
  ASSERT_TRUE(report_progress(session("ba"), "PLACMI-2#1",
                              {"MRF-BA", ClaimedStatus::in_progress, "Meeting held", {first_action}, {}},
                              EvidencePolicy{}, day("2001-10-15")));
  rec = find_recommendation(session("eva"), "PLACMI-2#1");
  ASSERT_EQ(rec->follow_up.reports.size(), 2u);
  EXPECT_EQ(rec->follow_up.reports[0].text, "Invitations sent");
  EXPECT_EQ(rec->follow_up.responses[0].actions[0].done, day("2001-10-15"));
}

TEST_F(FollowUpTest, EditsBeforeIssueNeedNoReasonAfterIssueOne) {
  RecommendationEdit edit;
  edit.due = day("2001-09-30");
  ASSERT_TRUE(edit_recommendation(session("eva"), "PLACMI-2#1", edit, day("2001-07-17")));
  ASSERT_TRUE(issue_evaluation(session("eva"), "PLACMI-2", day("2001-07-20")));
  edit.due = day("2001-10-31");
  auto refused = edit_recommendation(session("eva"), "PLACMI-2#1", edit, day("2001-07-25"));
  ASSERT_FALSE(refused.ok());
  edit.reason = "The DG agreed a later date";
  ASSERT_TRUE(edit_recommendation(session("eva"), "PLACMI-2#1", edit, day("2001-07-25")));
  EXPECT_EQ(find_recommendation(session("eva"), "PLACMI-2#1")->rec.due, day("2001-10-31"));
  auto entries = history_of(session(), "recommendation:PLACMI-2#1");
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->back().event.action, "edit_after_issue");
  EXPECT_EQ(entries->back().event.actor, "eva");
}

}  // namespace
}  // namespace followup::app
