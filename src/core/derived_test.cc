#include "core/derived.h"

#include <gtest/gtest.h>

#include "core/test_builders.h"

namespace followup {
namespace {

using testing::action;
using testing::closing;
using testing::d;
using testing::report;
using testing::response;
using testing::status_event;
using testing::validation;

// The seed: PLACMI-2 issued 2001-07-20; #1 MRF-BA, #2 MMS then MPRP, both
// due 2001-08-31; MRF-BA responds to #1 with two actions on 2001-08-20, MMS
// to #2 on 2001-08-25 and MPRP on 2001-09-05.
RecommendationRecord placmi(int number) {
  RecommendationRecord r;
  r.evaluation = "PLACMI-2";
  r.rec.number = number;
  r.rec.due = d("2001-08-31");
  r.issued = d("2001-07-20");
  if (number == 1) {
    r.rec.units = {"MRF-BA"};
    auto m = response("MRF-BA", "2001-08-20");
    m.actions.push_back(action(1, "Set up a referral desk", "MRF-BA", "2001-12-31", "2001-08-20"));
    m.actions.push_back(action(2, "Train staff", "MRF-BA", "2002-03-31", "2001-08-20"));
    r.follow_up.responses.push_back(m);
  } else {
    r.rec.units = {"MMS", "MPRP"};
    r.follow_up.responses.push_back(response("MMS", "2001-08-25"));
    r.follow_up.responses.push_back(response("MPRP", "2001-09-05"));
  }
  return r;
}

TEST(Derived, DueMeansEndOfDay) {
  const Date due = d("2001-08-31");
  EXPECT_FALSE(is_overdue(due, d("2001-08-31")));
  EXPECT_EQ(days_overdue(due, d("2001-08-31")), 0);
  EXPECT_TRUE(is_overdue(due, d("2001-09-01")));
  EXPECT_EQ(days_overdue(due, d("2001-09-01")), 1);
  EXPECT_EQ(days_overdue(due, d("2002-08-31")), 365);
  EXPECT_EQ(days_overdue(due, d("2001-01-01")), 0);
}

TEST(Derived, AgeingBucketBoundaries) {
  EXPECT_FALSE(ageing_bucket(0));
  EXPECT_FALSE(ageing_bucket(-3));
  const std::vector<std::pair<int, const char*>> cases{
      {1, "1-30"},     {30, "1-30"},     {31, "31-90"},    {90, "31-90"},     {91, "91-180"},
      {180, "91-180"}, {181, "181-365"}, {365, "181-365"}, {366, "over 365"}, {5000, "over 365"}};
  for (const auto& [days, name] : cases) EXPECT_EQ(to_string(*ageing_bucket(days)), name) << days;
  EXPECT_EQ(all_ageing_buckets().size(), 5U);
}

TEST(Derived, JointRecommendationRespondedLateAsOfSeptember10) {
  const auto f = follow_up_facts(placmi(2), d("2001-09-10"));
  EXPECT_EQ(f.ref, "PLACMI-2#2");
  EXPECT_EQ(f.response, ResponseStatus::late);
  EXPECT_FALSE(f.overdue);
  EXPECT_EQ(f.days_late, 5);
  ASSERT_EQ(f.units.size(), 2U);
  EXPECT_EQ(f.units[0].unit, "MMS");
  EXPECT_EQ(f.units[0].state, UnitState::responded_on_time);
  EXPECT_EQ(f.units[0].on_time, true);
  EXPECT_EQ(f.units[0].days_late, 0);
  EXPECT_EQ(f.units[1].unit, "MPRP");
  EXPECT_EQ(f.units[1].state, UnitState::responded_late);
  EXPECT_EQ(f.units[1].on_time, false);
  EXPECT_EQ(f.units[1].days_late, 5);
  EXPECT_EQ(f.units[1].responded_on, d("2001-09-05"));

  const auto one = follow_up_facts(placmi(1), d("2001-09-10"));
  EXPECT_EQ(one.response, ResponseStatus::on_time);
  EXPECT_TRUE(one.accepted);
}

TEST(Derived, JointRecommendationOverdueAsOfSeptember1) {
  const auto f = follow_up_facts(placmi(2), d("2001-09-01"));
  EXPECT_EQ(f.response, ResponseStatus::overdue);
  EXPECT_TRUE(f.overdue);
  EXPECT_EQ(f.days_overdue, 1);
  EXPECT_EQ(f.ageing, AgeingBucket::days_1_30);
  EXPECT_EQ(f.state, State::awaiting_response);
  EXPECT_EQ(f.units[0].state, UnitState::responded_on_time);
  EXPECT_FALSE(f.units[0].overdue);
  EXPECT_EQ(f.units[1].state, UnitState::overdue);
  EXPECT_EQ(f.units[1].days_overdue, 1);
  EXPECT_FALSE(f.units[1].responded_on) << "the response of 2001-09-05 is after the as-of date";
  EXPECT_FALSE(follow_up_facts(placmi(1), d("2001-09-01")).overdue);
}

TEST(Derived, OnTheDueDateNothingIsOverdue) {
  const auto f = follow_up_facts(placmi(2), d("2001-08-31"));
  EXPECT_EQ(f.response, ResponseStatus::awaiting);
  EXPECT_FALSE(f.overdue);
  EXPECT_EQ(f.units[1].state, UnitState::awaiting_response);
}

TEST(Derived, ReplayIgnoresLaterFacts) {
  const auto before_any = follow_up_facts(placmi(2), d("2001-08-24"));
  EXPECT_EQ(before_any.units[0].state, UnitState::awaiting_response);
  EXPECT_EQ(before_any.response, ResponseStatus::awaiting);
  const auto before_issue = follow_up_facts(placmi(2), d("2001-07-19"));
  EXPECT_EQ(before_issue.state, State::draft);
  EXPECT_EQ(before_issue.response, ResponseStatus::not_issued);
}

TEST(Derived, DraftIsNeverOverdue) {
  auto r = placmi(2);
  r.issued.reset();
  r.follow_up = {};
  const auto f = follow_up_facts(r, d("2003-01-01"));
  EXPECT_FALSE(f.overdue);
  EXPECT_EQ(f.response, ResponseStatus::not_issued);
  EXPECT_EQ(f.units[0].state, UnitState::awaiting_response);
}

TEST(Derived, ClosedIsNeverOverdueButWasBeforeItClosed) {
  auto r = placmi(2);
  r.follow_up.responses.pop_back();
  r.follow_up.closings.push_back(closing(Outcome::no_longer_applicable, "2001-10-01"));
  const auto closed = follow_up_facts(r, d("2001-10-01"));
  EXPECT_FALSE(closed.overdue);
  EXPECT_EQ(closed.state, State::closed_no_longer_applicable);
  EXPECT_EQ(closed.units[1].state, UnitState::awaiting_response);
  const auto open = follow_up_facts(r, d("2001-09-30"));
  EXPECT_TRUE(open.overdue);
  EXPECT_EQ(open.days_overdue, 30);
}

TEST(Derived, UnitStatesFollowClaims) {
  auto r = placmi(2);
  r.follow_up.reports.push_back(report("MMS", ClaimedStatus::in_progress, "2001-10-01"));
  r.follow_up.reports.push_back(report("MPRP", ClaimedStatus::not_started, "2001-10-01"));
  auto f = follow_up_facts(r, d("2001-10-02"));
  EXPECT_EQ(f.units[0].state, UnitState::in_progress);
  EXPECT_EQ(f.units[1].state, UnitState::responded_late) << "not_started claims nothing";
  EXPECT_EQ(f.units[1].claim, ClaimedStatus::not_started);
  r.follow_up.reports.push_back(report("MMS", ClaimedStatus::implemented, "2001-11-01"));
  r.follow_up.reports.push_back(report("MPRP", ClaimedStatus::no_longer_applicable, "2001-11-02"));
  f = follow_up_facts(r, d("2001-11-05"));
  EXPECT_EQ(f.units[0].state, UnitState::claimed_implemented);
  EXPECT_EQ(f.units[0].claimed_on, d("2001-11-01"));
  EXPECT_EQ(f.units[1].state, UnitState::claimed_no_longer_applicable);
  EXPECT_EQ(f.state, State::claimed);
  EXPECT_FALSE(f.implemented) << "a unit's claim is not the office's validation";
  EXPECT_EQ(to_string(UnitState::claimed_not_implemented), "claimed_not_implemented");
}

TEST(Derived, ImplementedIsTheOfficesKey) {
  auto r = placmi(1);
  r.follow_up.reports.push_back(report("MRF-BA", ClaimedStatus::implemented, "2001-11-01"));
  r.follow_up.validations.push_back(validation("in_progress", "2001-11-05", "not yet"));
  EXPECT_FALSE(follow_up_facts(r, d("2001-12-01")).implemented);
  r.follow_up.validations.push_back(validation("implemented", "2001-11-20"));
  EXPECT_TRUE(follow_up_facts(r, d("2001-12-01")).implemented);
  EXPECT_FALSE(follow_up_facts(r, d("2001-11-19")).implemented) << "as of before the validation";
  r.follow_up.closings.push_back(closing(Outcome::not_implemented, "2001-12-01"));
  EXPECT_FALSE(follow_up_facts(r, d("2001-12-01")).implemented);
  r.follow_up.closings.back().outcome = Outcome::implemented;
  EXPECT_TRUE(follow_up_facts(r, d("2001-12-01")).implemented);
}

TEST(Derived, AcceptedNeedsEveryUnitToAccept) {
  auto r = placmi(2);
  EXPECT_TRUE(follow_up_facts(r, d("2001-09-10")).accepted);
  EXPECT_FALSE(follow_up_facts(r, d("2001-09-01")).accepted) << "MPRP has not responded yet";
  r.follow_up.responses[1].decision = Decision::partially_accepted;
  EXPECT_TRUE(follow_up_facts(r, d("2001-09-10")).accepted);
  r.follow_up.responses[1].decision = Decision::not_accepted;
  EXPECT_FALSE(follow_up_facts(r, d("2001-09-10")).accepted);
}

TEST(Derived, ActionsOverdueAfterTheirOwnDueDate) {
  auto r = placmi(1);
  auto acts = action_facts(r, d("2001-12-31"));
  ASSERT_EQ(acts.size(), 2U);
  EXPECT_FALSE(acts[0].overdue);
  acts = action_facts(r, d("2002-01-01"));
  EXPECT_TRUE(acts[0].overdue);
  EXPECT_EQ(acts[0].days_overdue, 1);
  EXPECT_EQ(acts[0].ageing, AgeingBucket::days_1_30);
  EXPECT_EQ(acts[0].responding_unit, "MRF-BA");
  EXPECT_FALSE(acts[1].overdue);

  r.follow_up.responses[0].actions[0].events.push_back(status_event(ActionStatus::done, "2002-02-01"));
  acts = action_facts(r, d("2002-01-15"));
  EXPECT_TRUE(acts[0].overdue) << "done after the as-of date";
  EXPECT_FALSE(acts[0].done);
  acts = action_facts(r, d("2002-02-01"));
  EXPECT_FALSE(acts[0].overdue);

  r.follow_up.closings.push_back(closing(Outcome::not_implemented, "2002-06-01"));
  acts = action_facts(r, d("2003-01-01"));
  EXPECT_FALSE(acts[1].overdue) << "nothing is chased once closed";
  EXPECT_TRUE(action_facts(r, d("2002-05-01"))[1].overdue);
  EXPECT_TRUE(action_facts(r, d("2001-08-19")).empty()) << "before the response";
}

// The date a store keeps so that it reads only what can be overdue: the
// earliest due date in force among the actions still owed, after the
// record's last fact; an action is overdue the day after it (as
// action_facts says) and on no day before.
TEST(Derived, OpenActionsDueIsTheLastDayBeforeAnActionIsOverdue) {
  auto r = placmi(1);
  EXPECT_EQ(open_actions_due(r, d("2001-08-20")), d("2001-12-31"));
  EXPECT_TRUE(action_facts(r, d("2002-01-01"))[0].overdue);
  EXPECT_FALSE(action_facts(r, d("2001-12-31"))[0].overdue);
  // The first done: the second's date. Moved later: the moved date.
  r.follow_up.responses[0].actions[0].events.push_back(status_event(ActionStatus::done, "2001-11-01"));
  EXPECT_EQ(open_actions_due(r, d("2001-11-01")), d("2002-03-31"));
  ActionEvent moved;
  moved.on = d("2001-11-02");
  moved.due = d("2002-06-30");
  r.follow_up.responses[0].actions[1].events.push_back(moved);
  EXPECT_EQ(open_actions_due(r, d("2001-11-02")), d("2002-06-30"));
  EXPECT_FALSE(action_facts(r, d("2002-06-30"))[1].overdue);
  EXPECT_TRUE(action_facts(r, d("2002-07-01"))[1].overdue);
  // Nothing is owed once closed, nor by a draft, nor without actions.
  auto closed = r;
  closed.follow_up.closings.push_back(closing(Outcome::not_implemented, "2001-12-01"));
  EXPECT_EQ(open_actions_due(closed, d("2001-12-01")), std::nullopt);
  auto draft = placmi(1);
  draft.issued.reset();
  EXPECT_EQ(open_actions_due(draft, d("2001-08-20")), std::nullopt);
  EXPECT_EQ(open_actions_due(placmi(2), d("2001-09-05")), std::nullopt);
}

}  // namespace
}  // namespace followup

namespace followup {
namespace {

using testing::d;

TEST(Derived, AnExtensionIsJudgedOnTheDayOfTheAnswer) {
  auto r = placmi(2);
  r.follow_up.responses.pop_back();  // MPRP has not answered
  r.follow_up.extensions.push_back(testing::extension("MPRP", "2001-09-30", "2001-09-02"));
  auto f = follow_up_facts(r, d("2001-09-01"));
  EXPECT_TRUE(f.units[1].overdue) << "granted the next day: the memo's date was in force";
  EXPECT_EQ(f.units[1].days_overdue, 1);
  EXPECT_FALSE(f.units[1].extended_due);
  f = follow_up_facts(r, d("2001-09-03"));
  EXPECT_FALSE(f.units[1].overdue);
  EXPECT_EQ(f.units[1].extended_due, d("2001-09-30"));
  EXPECT_EQ(f.units[1].due, d("2001-08-31")) << "the memo's date is kept";
  EXPECT_FALSE(f.units[0].extended_due) << "the extension was for MPRP only";

  r.follow_up.responses.push_back(testing::response("MPRP", "2001-09-05"));
  f = follow_up_facts(r, d("2001-09-10"));
  EXPECT_EQ(f.units[1].on_time, false);
  EXPECT_TRUE(f.units[1].within_extension);
  EXPECT_EQ(f.units[1].days_late, 0);
  EXPECT_EQ(f.units[1].state, UnitState::responded_within_extension);
  EXPECT_EQ(f.response, ResponseStatus::within_extension);

  // Granted after the answer, it does not make the answer timely.
  r.follow_up.extensions.back().granted = d("2001-09-06");
  f = follow_up_facts(r, d("2001-09-10"));
  EXPECT_FALSE(f.units[1].within_extension);
  EXPECT_EQ(f.units[1].days_late, 5);
  EXPECT_EQ(f.response, ResponseStatus::late);
}

TEST(Derived, ReopeningKeepsThePastClosing) {
  auto r = placmi(1);
  r.follow_up.closings.push_back(testing::closing(Outcome::not_implemented, "2002-01-10"));
  r.follow_up.closings.push_back(testing::reopening("2002-01-11"));
  EXPECT_EQ(follow_up_facts(r, d("2002-01-10")).state, State::closed_not_implemented);
  EXPECT_EQ(follow_up_facts(r, d("2002-01-11")).state, State::responded);
  EXPECT_EQ(follow_up_facts(r, d("2002-01-09")).state, State::responded);
}

TEST(Derived, RevisionsApplyFromTheirDate) {
  auto r = placmi(1);
  Revision rev;
  rev.on = d("2001-10-01");
  rev.text = "Reworded";
  rev.units = {"MRF-BA", "MMS"};
  rev.responsible = {"MRF-BA", "MMS"};
  rev.priority = Priority::high;
  r.follow_up.revisions.push_back(rev);
  EXPECT_EQ(view_as_of(r, d("2001-09-30")).rec.units.size(), 1U);
  const auto after = view_as_of(r, d("2001-10-01"));
  EXPECT_EQ(after.rec.text, "Reworded");
  EXPECT_EQ(after.rec.units.size(), 2U);
  EXPECT_EQ(after.rec.priority, Priority::high);
  EXPECT_EQ(after.rec.due, d("2001-08-31"));
}

TEST(Derived, ActionsCarryTheirDatedStatusAndDueDate) {
  auto r = placmi(1);
  auto& a = r.follow_up.responses[0].actions[0];
  ActionEvent revised;
  revised.on = d("2001-12-01");
  revised.due = d("2002-02-28");
  revised.reason = "Premises not ready";
  a.events.push_back(revised);
  a.events.push_back(testing::status_event(ActionStatus::cancelled, "2002-02-01"));
  EXPECT_TRUE(action_facts(r, d("2002-01-01"))[0].overdue == false) << "due revised on 2001-12-01";
  EXPECT_EQ(action_facts(r, d("2002-01-01"))[0].due, d("2002-02-28"));
  EXPECT_EQ(action_facts(r, d("2001-11-30"))[0].due, d("2001-12-31"));
  EXPECT_EQ(action_facts(r, d("2002-03-01"))[0].status, ActionStatus::cancelled);
  EXPECT_FALSE(action_facts(r, d("2002-03-01"))[0].overdue) << "nothing is owed on a cancelled action";
}

}  // namespace
}  // namespace followup
