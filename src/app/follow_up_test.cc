#include "app/follow_up.h"

#include "app/history_log.h"
#include "app/import.h"
#include "app/queries.h"
#include "app/show.h"
#include "app/test_support.h"
#include "app/users.h"
#include "core/derived.h"
#include "core/reference.h"
#include "util/sha256.h"

namespace followup::app {
namespace {

using testing::user;

using testing::day;

// The scenario of issue 3 on the seed memo, step by step.
class FollowUpTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    import_seed(user("eva", {Role::evaluation}),
                {user("dg", {Role::executive}), user("ba", {Role::unit}, {"MRF-BA"}),
                 user("mms", {Role::unit}, {"MMS"}), user("mprp", {Role::unit}, {"MPRP"}),
                 user("auditor", {Role::viewer})});
    ASSERT_FALSE(HasFatalFailure());
  }

  std::size_t history_size() { return history_of(session("root"), std::nullopt)->size(); }

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

// If-Match: a step made on the version read goes through; one made on an
// older version is refused and changes nothing.
TEST_F(FollowUpTest, AStepOnAStaleVersionIsRefusedAndChangesNothing) {
  ASSERT_TRUE(issue_evaluation(session("eva"), "PLACMI-2", day("2001-07-20")));
  auto read = show_recommendation(session("ba"), "PLACMI-2#1", ShowQuery{day("2002-12-31")});
  ASSERT_TRUE(read.ok());
  const long long version = read->version;
  EXPECT_GT(version, 0);
  ASSERT_TRUE(respond(session("mms"), "PLACMI-2#2", {"MMS", Decision::accepted, "", {}}, day("2001-08-25")));
  auto other = show_recommendation(session("ba"), "PLACMI-2#1", ShowQuery{day("2002-12-31")});
  EXPECT_EQ(other->version, version) << "a step on #2 does not change #1";

  Session first = session("ba");
  first.expected_version = version;
  ASSERT_TRUE(respond(first, "PLACMI-2#1", {"MRF-BA", Decision::accepted, "", {}}, day("2001-08-20")));
  const auto before = history_size();
  Session stale = session("ba");
  stale.expected_version = version;
  auto refused =
      respond(stale, "PLACMI-2#1", {"MRF-BA", Decision::not_accepted, "No", {}}, day("2001-08-21"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);
  auto now = show_recommendation(session("ba"), "PLACMI-2#1", ShowQuery{day("2002-12-31")});
  EXPECT_EQ(refused.error().message, "PLACMI-2#1 has changed since it was read (version " +
                                         std::to_string(now->version) + ", not " + std::to_string(version) +
                                         "); read it again and redo the change");
  EXPECT_EQ(history_size(), before);
  EXPECT_EQ(now->record.follow_up.responses.at(0).decision, Decision::accepted);
}

TEST_F(FollowUpTest, TheMemoAsSentIsForThoseWhoMaySeeAllOfIt) {
  ASSERT_TRUE(issue_evaluation(session("eva"), "PLACMI-2", day("2001-07-20")));
  for (const char* reader : {"eva", "dg", "auditor", "root"}) {
    auto original = memo_original(session(reader), "PLACMI-2");
    ASSERT_TRUE(original.ok()) << reader << ": " << original.error().describe();
    EXPECT_EQ(original->bytes, testing::seed_memo()) << reader;
    EXPECT_EQ(original->meta.name, "seed.txt");
    EXPECT_EQ(original->meta.media_type, "text/plain");
    EXPECT_EQ(original->meta.size, static_cast<long long>(testing::seed_memo().size()));
    EXPECT_TRUE(memo_of(session(reader), "PLACMI-2")->original.has_value()) << reader;
  }
  // A unit sees its own recommendation; the memo names the others' too.
  auto partial = memo_original(session("ba"), "PLACMI-2");
  ASSERT_FALSE(partial.ok());
  EXPECT_EQ(partial.error().code, ErrorCode::permission_denied);
  EXPECT_EQ(
      partial.error().message,
      "the memo of evaluation PLACMI-2 as sent names recommendations of other units: only those who may "
      "see all of them can read it");
  auto shown = memo_of(session("ba"), "PLACMI-2");
  ASSERT_TRUE(shown.ok());
  EXPECT_FALSE(shown->original.has_value());
  ASSERT_EQ(shown->records.size(), 1U);
  EXPECT_EQ(shown->records[0].rec.number, 1);
  EXPECT_EQ(memo_original(session("eva"), "NOPE-1").error().message, "no evaluation 'NOPE-1'");
  // The anonymous visitor reads it once the evaluation is disclosed.
  const Session anonymous{*m_store, m_clock, Principal{{}, true, false}, 9999, std::nullopt,
                          nullptr,  nullptr};
  EXPECT_EQ(memo_original(anonymous, "PLACMI-2").error().code, ErrorCode::not_found);
  ASSERT_TRUE(disclose_evaluation(session("eva"), "PLACMI-2", true));
  EXPECT_TRUE(memo_original(anonymous, "PLACMI-2").ok());
  // The import's history names the bytes it kept.
  auto history = history_of(session("eva"), std::optional<std::string_view>("evaluation:PLACMI-2"));
  ASSERT_TRUE(history.ok());
  const auto imported = nlohmann::json::parse(history->at(0).event.after);
  EXPECT_EQ(imported.at("original"), (nlohmann::json{{"sha256", util::sha256_hex(testing::seed_memo())},
                                                     {"name", "seed.txt"},
                                                     {"media_type", "text/plain"},
                                                     {"size", testing::seed_memo().size()}}));
}

TEST_F(FollowUpTest, TheAnonymousUserReadsOnlyWhatIsIssuedAndDisclosed) {
  const Session anonymous{*m_store, m_clock, Principal{{}, true, false}, 9999, std::nullopt,
                          nullptr,  nullptr};
  const ShowQuery query{day("2002-12-31")};
  ASSERT_TRUE(disclose_evaluation(session("eva"), "PLACMI-2", true));
  EXPECT_EQ(show_recommendation(anonymous, "PLACMI-2#1", query).error().code, ErrorCode::not_found)
      << "a draft stays the office's, disclosed or not";
  ASSERT_TRUE(issue_evaluation(session("eva"), "PLACMI-2", day("2001-07-20")));
  ASSERT_TRUE(show_recommendation(anonymous, "PLACMI-2#1", query).ok());
  ASSERT_TRUE(memo_of(anonymous, "PLACMI-2").ok());
  const auto before = history_size();
  EXPECT_FALSE(respond(anonymous, "PLACMI-2#2", {"MMS", Decision::accepted, "", {}}, day("2001-08-25")).ok());
  EXPECT_EQ(disclose_evaluation(session("ba"), "PLACMI-2", false).error().message,
            "user ba (unit) cannot withdraw evaluations from the public: it needs the role evaluation");
  EXPECT_EQ(history_size(), before);
  ASSERT_TRUE(disclose_evaluation(session("eva"), "PLACMI-2", false));
  EXPECT_EQ(show_recommendation(anonymous, "PLACMI-2#1", query).error().message,
            "no recommendation PLACMI-2#1");
  ListQuery all;
  all.as_of = day("2002-12-31");
  EXPECT_EQ(list_recommendations(anonymous, all)->size(), 0U);
  ASSERT_TRUE(disclose_evaluation(session("eva"), "PLACMI-2", false)) << "withdrawn already: nothing to do";
  EXPECT_EQ(history_size(), before + 1);
}

TEST_F(FollowUpTest, AUnitCannotRespondForAnotherAndNothingChanges) {
  ASSERT_TRUE(issue_evaluation(session("eva"), "PLACMI-2", day("2001-07-20")));
  const auto before = history_size();
  auto refused =
      respond(session("mms"), "PLACMI-2#1", {"MRF-BA", Decision::accepted, "", {}}, day("2001-08-20"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::not_found)
      << "MMS cannot see #1: it hears what it would for nothing";
  EXPECT_EQ(refused.error().message, "no recommendation PLACMI-2#1");
  auto other_unit =
      respond(session("mms"), "PLACMI-2#2", {"MPRP", Decision::accepted, "", {}}, day("2001-08-20"));
  ASSERT_FALSE(other_unit.ok());
  EXPECT_EQ(other_unit.error().code, ErrorCode::permission_denied);
  EXPECT_EQ(other_unit.error().message,
            "cannot respond to PLACMI-2#2 for MPRP: user mms does not belong to MPRP (belongs to MMS)");
  auto validated = validate(session("mms"), "PLACMI-2#2", {"implemented", "done"}, day("2001-09-01"));
  ASSERT_FALSE(validated.ok());
  EXPECT_EQ(validated.error().code, ErrorCode::permission_denied);
  EXPECT_EQ(history_size(), before);
  EXPECT_TRUE(find_recommendation(session("eva"), "PLACMI-2#1")->follow_up.responses.empty());
}

TEST_F(FollowUpTest, AStepWithoutItsUnitNamesTheField) {
  ASSERT_TRUE(issue_evaluation(session("eva"), "PLACMI-2", day("2001-07-20")));
  auto response = respond(session("eva"), "PLACMI-2#1", {"", Decision::accepted, "", {}}, day("2001-08-20"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(response.error().message, "a unit is required");
  EXPECT_EQ(response.error().field, "unit");
}

TEST_F(FollowUpTest, UnknownActorIsRefusedOnceUsersExist) {
  auto st = issue_evaluation(session("nobody"), "PLACMI-2", day("2001-07-20"));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::permission_denied);
  EXPECT_EQ(st.error().message, "no user 'nobody'");
  EXPECT_EQ(st.error().field, "actor");
  auto nobody = issue_evaluation(session(""), "PLACMI-2", day("2001-07-20"));
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().message, "say who is acting: no user was named");
  EXPECT_EQ(nobody.error().field, "actor");
  auto viewer = issue_evaluation(session("auditor"), "PLACMI-2", day("2001-07-20"));
  ASSERT_FALSE(viewer.ok());
  EXPECT_EQ(viewer.error().code, ErrorCode::permission_denied);
}

CloseRequest closing(Outcome outcome, std::vector<EvidenceFile> evidence = {}) {
  CloseRequest c;
  c.outcome = outcome;
  c.evidence = std::move(evidence);
  return c;
}

const ClosingEvent* closure_of(const Result<RecommendationRecord>& rec) {
  return current_closure(rec->follow_up);
}

TEST_F(FollowUpTest, ClosingAsImplementedNeedsEvidenceOrAWaiver) {
  issue_and_respond();
  auto refused = close_recommendation(session("eva"), "PLACMI-2#1", closing(Outcome::implemented),
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

  ASSERT_TRUE(validate(session("eva"), "PLACMI-2#1", {"implemented", "Minutes seen"}, day("2001-10-20")));
  auto closed = close_recommendation(session("eva"), "PLACMI-2#1", closing(Outcome::implemented),
                                     EvidencePolicy{}, day("2001-11-01"));
  ASSERT_TRUE(closed.ok()) << closed.error().describe();
  auto rec = find_recommendation(session("eva"), "PLACMI-2#1");
  ASSERT_TRUE(closure_of(rec));
  EXPECT_EQ(closure_of(rec)->outcome, Outcome::implemented);

  ASSERT_FALSE(reopen_recommendation(session("eva"), "PLACMI-2#1", {""}, day("2001-11-02")).ok());
  ASSERT_TRUE(
      reopen_recommendation(session("eva"), "PLACMI-2#1", {"Meeting minutes disputed"}, day("2001-11-02")));
  rec = find_recommendation(session("eva"), "PLACMI-2#1");
  EXPECT_FALSE(closure_of(rec));
  EXPECT_EQ(rec->follow_up.closings.size(), 2u) << "the closing is kept beside the reopening";
  auto verified = verify_history(session("eva"), testing::test_key(), std::nullopt);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->problems.empty()) << verified->problems.front();
}

TEST_F(FollowUpTest, TheOfficeMayAttachEvidenceWhenClosing) {
  issue_and_respond();
  const std::string minutes = "Minutes of the meeting of the four MRFs, Buenos Aires.\n";
  CloseRequest request = closing(Outcome::implemented, {{"letters/minutes.txt", minutes}});
  request.override_reason = "Minutes received by mail";
  auto closed =
      close_recommendation(session("eva"), "PLACMI-2#1", request, EvidencePolicy{}, day("2001-11-01"));
  ASSERT_TRUE(closed.ok()) << closed.error().describe();
  ASSERT_EQ(closed->evidence.size(), 1u);
  EXPECT_EQ(closed->evidence[0].name, "minutes.txt");
  EXPECT_EQ(closed->evidence[0].media_type, "text/plain");
  auto rec = find_recommendation(session("eva"), "PLACMI-2#1");
  ASSERT_TRUE(closure_of(rec));
  ASSERT_EQ(closure_of(rec)->evidence.size(), 1u);
  EXPECT_EQ(closure_of(rec)->evidence[0].sha256, closed->evidence[0].sha256);
  EXPECT_EQ(closure_of(rec)->override_reason, "Minutes received by mail");

  auto html =
      close_recommendation(session("eva"), "PLACMI-2#2",
                           closing(Outcome::implemented, {{"x.pdf", "<html><script>x</script></html>"}}),
                           EvidencePolicy{}, day("2001-11-01"));
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.error().message, "evidence 'x.pdf' is text/html, which is not an allowed type");
  EXPECT_FALSE(closure_of(find_recommendation(session("eva"), "PLACMI-2#2")));
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
  EXPECT_EQ(action_done(rec->follow_up.responses[0].actions[0]), day("2001-10-15"));
}

TEST_F(FollowUpTest, EditsBeforeIssueCorrectTheDraftAfterIssueAreDatedRevisions) {
  RecommendationEdit edit;
  edit.due = day("2001-09-30");
  ASSERT_TRUE(edit_recommendation(session("eva"), "PLACMI-2#1", edit, day("2001-07-17")));
  EXPECT_EQ(find_recommendation(session("eva"), "PLACMI-2#1")->rec.due, day("2001-09-30"));
  ASSERT_TRUE(issue_evaluation(session("eva"), "PLACMI-2", day("2001-07-20")));
  edit.due = day("2001-10-31");
  edit.reason = "The DG agreed a later date";
  auto refused = edit_recommendation(session("eva"), "PLACMI-2#1", edit, day("2001-07-25"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(
      refused.error().message,
      "cannot edit PLACMI-2#1: it was issued on 2001-07-20, so its due date 2001-09-30 is the memo's and "
      "stays; grant an extension instead");
  edit.due.reset();
  edit.text = "Reworded after the DG's review";
  edit.reason.clear();
  ASSERT_FALSE(edit_recommendation(session("eva"), "PLACMI-2#1", edit, day("2001-07-25")).ok());
  edit.reason = "The DG asked";
  ASSERT_TRUE(edit_recommendation(session("eva"), "PLACMI-2#1", edit, day("2001-07-25")));
  auto rec = find_recommendation(session("eva"), "PLACMI-2#1");
  EXPECT_NE(rec->rec.text, "Reworded after the DG's review") << "the memo's wording is kept";
  EXPECT_EQ(view_as_of(*rec, day("2001-07-25")).rec.text, "Reworded after the DG's review");
  EXPECT_NE(view_as_of(*rec, day("2001-07-24")).rec.text, "Reworded after the DG's review");
  auto entries = history_of(session("eva"), "recommendation:PLACMI-2#1");
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->back().event.action, "revise");
  EXPECT_EQ(entries->back().event.actor, "eva");
}

TEST_F(FollowUpTest, AUnitDatesItsFactsAFewDaysBackTheOfficeOlderAndMarkedLate) {
  ASSERT_TRUE(issue_evaluation(session("eva"), "PLACMI-2", day("2001-07-20")));
  // Today is 2002-12-31; the window is 7 days.
  auto refused =
      respond(session("ba", 7), "PLACMI-2#1", {"MRF-BA", Decision::accepted, "", {}}, day("2002-12-20"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "cannot respond to PLACMI-2#1: it is dated 2002-12-20, 11 days ago; a unit may date its facts at "
            "most 7 days back (the evaluation office can enter older facts)");
  auto future =
      respond(session("ba", 7), "PLACMI-2#1", {"MRF-BA", Decision::accepted, "", {}}, day("2003-01-01"));
  ASSERT_FALSE(future.ok());
  auto entered =
      respond(session("eva", 7), "PLACMI-2#1", {"MRF-BA", Decision::accepted, "", {}}, day("2001-08-20"));
  ASSERT_TRUE(entered.ok()) << entered.error().describe();
  EXPECT_TRUE(entered->recorded.late);
  EXPECT_TRUE(entered->recorded.on_behalf);
  EXPECT_EQ(entered->by, "eva");
  auto own = respond(session("mms", 7), "PLACMI-2#2", {"MMS", Decision::accepted, "", {}}, day("2002-12-28"));
  ASSERT_TRUE(own.ok());
  EXPECT_FALSE(own->recorded.late);
  EXPECT_FALSE(own->recorded.on_behalf);
}

TEST_F(FollowUpTest, AnExtensionIsAStepAndTheMemoDateStays) {
  ASSERT_TRUE(issue_evaluation(session("eva"), "PLACMI-2", day("2001-07-20")));
  ASSERT_TRUE(respond(session("mms"), "PLACMI-2#2", {"MMS", Decision::accepted, "", {}}, day("2001-08-25")));
  auto granted = extend(session("eva"), "PLACMI-2#2",
                        {"MPRP", day("2001-09-30"), "Extension granted to MPRP"}, day("2001-09-02"));
  ASSERT_TRUE(granted.ok()) << granted.error().describe();
  auto by_unit =
      extend(session("mprp"), "PLACMI-2#2", {"MPRP", day("2001-10-30"), "Please"}, day("2001-09-03"));
  ASSERT_FALSE(by_unit.ok());
  EXPECT_EQ(by_unit.error().code, ErrorCode::permission_denied);
  ASSERT_TRUE(
      respond(session("mprp"), "PLACMI-2#2", {"MPRP", Decision::accepted, "", {}}, day("2001-09-05")));
  auto rec = find_recommendation(session("eva"), "PLACMI-2#2");
  EXPECT_EQ(rec->rec.due, day("2001-08-31"));
  const auto facts = follow_up_facts(*rec, day("2001-09-10"));
  EXPECT_TRUE(facts.units[1].within_extension);
  EXPECT_EQ(facts.units[1].on_time, false);
  EXPECT_TRUE(follow_up_facts(*rec, day("2001-09-01")).units[1].overdue);
}

TEST_F(FollowUpTest, AListingShowsTheRecommendationWithoutItsFollowUp) {
  issue_and_respond();
  ASSERT_TRUE(report_progress(session("ba"), "PLACMI-2#1",
                              {"MRF-BA", ClaimedStatus::in_progress, "Invited", {}, {}}, EvidencePolicy{},
                              day("2001-10-01")));
  ASSERT_TRUE(validate(session("eva"), "PLACMI-2#1", {"in_progress", "Seen"}, day("2001-10-02")));
  // From the kept index (the office), and from the records (a unit user
  // beyond its units, and a date before the last fact): the same rows.
  for (const auto& [user, as_of] :
       {std::pair{"eva", "2001-10-03"}, {"ba", "2001-10-03"}, {"eva", "2001-09-01"}}) {
    ListQuery query;
    query.as_of = day(as_of);
    auto rows = list_recommendations(session(user), query);
    ASSERT_TRUE(rows.ok()) << rows.error().describe();
    ASSERT_FALSE(rows->empty()) << user;
    const auto& listed = rows->front().record;
    EXPECT_EQ(recommendation_ref(listed.evaluation, listed.rec.number), "PLACMI-2#1");
    EXPECT_FALSE(listed.rec.units.empty());
    EXPECT_TRUE(listed.follow_up.responses.empty()) << user << " " << as_of;
    EXPECT_TRUE(listed.follow_up.reports.empty());
    EXPECT_TRUE(listed.follow_up.validations.empty());
  }
  const auto whole = find_recommendation(session("ba"), "PLACMI-2#1");
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->follow_up.responses.size(), 1u);
  EXPECT_EQ(whole->follow_up.reports.size(), 1u);
  EXPECT_EQ(whole->follow_up.validations.size(), 1u);
}

TEST_F(FollowUpTest, AUnitAsksForMoreTimeAndTheOfficeGrantsOrRefuses) {
  ASSERT_TRUE(issue_evaluation(session("eva"), "PLACMI-2", day("2001-07-20")));
  const auto before = history_size();
  // Another unit's, a date not later, no reason: refused, nothing recorded.
  auto foreign = request_due_date(session("mms"), "PLACMI-2#1", {"MRF-BA", day("2001-10-31"), "Busy"},
                                  day("2001-08-20"));
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::not_found);  // MMS does not see #1
  auto earlier =
      request_due_date(session("mprp"), "PLACMI-2#2", {"MPRP", day("2001-08-31"), "Busy"}, day("2001-08-20"));
  ASSERT_FALSE(earlier.ok());
  EXPECT_EQ(earlier.error().message,
            "the date asked for, 2001-08-31, is not later than MPRP's due date 2001-08-31");
  EXPECT_EQ(earlier.error().field, "due");
  EXPECT_EQ(history_size(), before);

  auto asked = request_due_date(session("mprp"), "PLACMI-2#2",
                                {"MPRP", day("2001-09-30"), "The regional study ends in September"},
                                day("2001-08-20"));
  ASSERT_TRUE(asked.ok()) << asked.error().describe();
  EXPECT_EQ(asked->unit, "MPRP");
  EXPECT_FALSE(asked->answer.has_value());
  EXPECT_EQ(history_size(), before + 1);
  // The date has not moved: MPRP is overdue on 2001-09-01 until the office answers.
  EXPECT_TRUE(follow_up_facts(*find_recommendation(session("eva"), "PLACMI-2#2"), day("2001-09-01"))
                  .units[1]
                  .overdue);
  // One request pending per unit.
  auto again = request_due_date(session("mprp"), "PLACMI-2#2", {"MPRP", day("2001-10-31"), "Or later"},
                                day("2001-08-21"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, "MPRP already asked for 2001-09-30 on 2001-08-20 (request " +
                                       std::to_string(asked->id) + "); the office has not answered yet");
  // A unit does not answer; the office does, once.
  auto by_unit = answer_due_date(session("mprp"), asked->id, {true, ""}, day("2001-08-22"));
  ASSERT_FALSE(by_unit.ok());
  EXPECT_EQ(by_unit.error().code, ErrorCode::permission_denied);
  auto refusal = answer_due_date(session("eva"), asked->id, {false, " "}, day("2001-08-22"));
  ASSERT_FALSE(refusal.ok());
  EXPECT_EQ(refusal.error().message, "a refusal needs the office's reasons");
  auto granted = answer_due_date(session("eva"), asked->id, {true, "Agreed"}, day("2001-08-22"));
  ASSERT_TRUE(granted.ok()) << granted.error().describe();
  ASSERT_TRUE(granted->answer.has_value());
  EXPECT_TRUE(granted->answer->granted);
  EXPECT_GT(granted->answer->extension, 0);
  auto twice = answer_due_date(session("eva"), asked->id, {false, "No"}, day("2001-08-23"));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().message, "request " + std::to_string(asked->id) + " was answered on 2001-08-22");
  auto rec = find_recommendation(session("eva"), "PLACMI-2#2");
  EXPECT_EQ(rec->rec.due, day("2001-08-31"));  // the memo's date stays
  ASSERT_EQ(rec->follow_up.extensions.size(), 1u);
  EXPECT_EQ(rec->follow_up.extensions[0].due, day("2001-09-30"));
  EXPECT_EQ(rec->follow_up.extensions[0].reason,
            "at MPRP's request of 2001-08-20: The regional study ends in September");
  EXPECT_FALSE(follow_up_facts(*rec, day("2001-09-01")).units[1].overdue);
  // A second request, refused with reasons; MMS still has its own to make.
  auto second = request_due_date(session("mprp"), "PLACMI-2#2", {"MPRP", day("2001-10-31"), "Still busy"},
                                 day("2001-09-20"));
  ASSERT_TRUE(second.ok()) << second.error().describe();
  auto refused =
      answer_due_date(session("eva"), second->id, {false, "The Board meets in October"}, day("2001-09-21"));
  ASSERT_TRUE(refused.ok()) << refused.error().describe();
  EXPECT_FALSE(refused->answer->granted);
  EXPECT_EQ(find_recommendation(session("eva"), "PLACMI-2#2")->follow_up.extensions.size(), 1u);
  // Who sees them: the units of the recommendation and the office; not MRF-BA.
  EXPECT_EQ(due_date_requests(session("mms"), std::nullopt, false)->size(), 2u);
  EXPECT_EQ(due_date_requests(session("eva"), std::nullopt, true)->size(), 0u);
  EXPECT_EQ(due_date_requests(session("ba"), std::nullopt, false)->size(), 0u);
  auto hidden = due_date_requests(session("ba"), std::string_view("PLACMI-2#2"), false);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code, ErrorCode::not_found);
  // After responding, no more requests.
  ASSERT_TRUE(respond(session("mms"), "PLACMI-2#2", {"MMS", Decision::accepted, "", {}}, day("2001-09-25")));
  auto late =
      request_due_date(session("mms"), "PLACMI-2#2", {"MMS", day("2001-12-31"), "x"}, day("2001-09-26"));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::failed_precondition);
  // Every change is in the history: two requests, a grant, a refusal (and
  // the response); replaying it makes the same tables.
  EXPECT_EQ(history_size(), before + 5);
  auto verified = verify_history(session("eva"), testing::test_key(), std::nullopt);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->problems.empty()) << verified->problems.front();
}

TEST_F(FollowUpTest, AnActionsOwnerReportsOnItWithoutDecidingTheRecommendation) {
  issue_and_respond();
  auto rec = find_recommendation(session("eva"), "PLACMI-2#1");
  const long long mms_action = rec->follow_up.responses[0].actions[1].id;  // owned by MMS
  const long long ba_action = rec->follow_up.responses[0].actions[0].id;
  auto foreign = report_progress(session("mms"), "PLACMI-2#1",
                                 {"MMS", ClaimedStatus::implemented, "Done ours", {ba_action}, {}},
                                 EvidencePolicy{}, day("2001-12-01"));
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().message, "cannot report progress on PLACMI-2#1 for MMS: action " +
                                         std::to_string(ba_action) + " belongs to MRF-BA");
  auto own = report_progress(session("mms"), "PLACMI-2#1",
                             {"MMS", ClaimedStatus::implemented, "Parameters agreed", {mms_action}, {}},
                             EvidencePolicy{}, day("2001-12-01"));
  ASSERT_TRUE(own.ok()) << own.error().describe();
  rec = find_recommendation(session("eva"), "PLACMI-2#1");
  EXPECT_EQ(action_status(rec->follow_up.responses[0].actions[1]), ActionStatus::done);
  EXPECT_EQ(state_of(*rec), State::responded) << "MMS is not responsible: its claim does not decide";
}

// A fresh store, without FollowUpTest's users.
using FirstMinuteTest = testing::StoreFixture;

TEST_F(FirstMinuteTest, TheFirstUserIsAnAdminAndTheLastAdminStays) {
  auto refused = add_user(session("setup"), user("eva", {Role::evaluation}));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(
      refused.error().message,
      "the store has no users yet, so the first user must have the admin role (user eva has evaluation); "
      "without an admin nobody could manage users any more");
  ASSERT_TRUE(initialise(session("setup"), "root"));
  auto demoted = edit_user(session("root"), user("root", {Role::evaluation}));
  ASSERT_FALSE(demoted.ok());
  EXPECT_EQ(demoted.error().message,
            "user root is the last admin and cannot lose the admin role; make another user admin first");
}

}  // namespace
}  // namespace followup::app
