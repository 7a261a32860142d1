#include "core/workflow.h"

#include <array>
#include <gtest/gtest.h>
#include <map>

#include "core/names.h"
#include "core/test_builders.h"

namespace followup {
namespace {

using testing::d;
using testing::joint_draft;
using testing::report;
using testing::response;

// A record in each state, built only from facts.
RecommendationRecord in_state(State state) {
  RecommendationRecord r = joint_draft();
  if (state == State::draft) return r;
  r.issued = d("2001-07-20");
  r.follow_up.responses.push_back(response("MMS", "2001-08-25"));
  if (state == State::awaiting_response) return r;
  r.follow_up.responses.push_back(response("MPRP", "2001-09-05"));
  if (state == State::responded) return r;
  r.follow_up.reports.push_back(report("MMS", ClaimedStatus::in_progress, "2001-10-01"));
  if (state == State::in_progress) return r;
  r.follow_up.reports.push_back(report("MMS", ClaimedStatus::implemented, "2001-11-01"));
  r.follow_up.reports.back().evidence.push_back(Evidence{"ab12", "minutes.pdf", "application/pdf", 100});
  if (state == State::claimed) return r;
  r.follow_up.validations.push_back(testing::validation("implemented", "2001-11-10", "seen the minutes"));
  if (state == State::validated) return r;
  ClosingEvent c = testing::closing(Outcome::implemented, "2001-11-11");
  if (state == State::closed_not_implemented) c.outcome = Outcome::not_implemented;
  if (state == State::closed_no_longer_applicable) c.outcome = Outcome::no_longer_applicable;
  if (state == State::closed_not_accepted) c.outcome = Outcome::not_accepted;
  r.follow_up.closings.push_back(c);
  return r;
}

User user(const char* name, std::vector<Role> roles, std::vector<std::string> units = {}) {
  User u;
  u.name = name;
  u.roles = std::move(roles);
  u.units = std::move(units);
  return u;
}

TEST(Workflow, StateOfEachFixture) {
  for (State s : all_states()) EXPECT_EQ(state_of(in_state(s)), s) << to_string(s);
}

TEST(Workflow, StateNamesRoundTrip) {
  EXPECT_EQ(to_string(State::closed_no_longer_applicable), "closed_no_longer_applicable");
  for (Step s : all_steps()) EXPECT_EQ(parse_step(to_string(s)), s);
  EXPECT_FALSE(parse_step("approve"));
}

// The whole table, row by row: every role x every step x every state.
// Columns: draft, awaiting_response, responded, in_progress, claimed,
// validated, closed_implemented, closed_not_implemented,
// closed_no_longer_applicable, closed_not_accepted.
//   Y  allowed
//   -  failed_precondition: the role may take the step, in other states
//   x  permission_denied: the role may never take the step
using Row = std::array<const char*, k_step_count>;  // indexed by Step
constexpr const char* k_never = "xxxxxxxxxx";
const std::map<Role, Row> k_expected{
    {Role::evaluation,
     {/* edit */ "YYYYYY----", /* issue */ "Y---------", /* respond */ "-Y--------",
      /* add_action */ "-YYYYY----", /* update_action */ "-YYYYY----", /* report_progress */ "-YYYYY----",
      /* validate */ "---YYY----", /* close */ "-YYYYY----", /* reopen */ "------YYYY",
      /* extend */ "-Y--------"}},
    {Role::executive,
     {k_never, "Y---------", k_never, k_never, k_never, k_never, k_never, k_never, k_never, k_never}},
    {Role::unit,
     {/* edit */ k_never, /* issue */ k_never, /* respond */ "-Y--------", /* add_action */ "-YYYYY----",
      /* update_action */ "-YYYYY----", /* report_progress */ "-YYYYY----", /* validate */ k_never,
      /* close */ k_never, /* reopen */ k_never, /* extend */ k_never}},
    {Role::viewer,
     {k_never, k_never, k_never, k_never, k_never, k_never, k_never, k_never, k_never, k_never}},
    {Role::admin, {k_never, k_never, k_never, k_never, k_never, k_never, k_never, k_never, k_never, k_never}},
};

// The unit a unit user acts for: for respond one that has not responded,
// for the other unit steps one that has, so that only the table decides.
std::string acting_unit(Step step, const RecommendationRecord& rec) {
  for (const auto& unit : rec.rec.units) {
    bool responded = false;
    for (const auto& r : rec.follow_up.responses) responded = responded || r.unit == unit;
    if ((step == Step::respond) != responded) return unit;
  }
  return rec.rec.units.front();
}

TEST(Workflow, WholeTableRowByRow) {
  int cells = 0;
  for (const auto& [role, row] : k_expected) {
    const User actor = user("someone", {role}, {"MMS", "MPRP"});
    for (Step step : all_steps()) {
      const std::string expected = row[static_cast<std::size_t>(step)];
      ASSERT_EQ(expected.size(), static_cast<std::size_t>(k_state_count));
      for (State state : all_states()) {
        const char want = expected[static_cast<std::size_t>(state)];
        const RecommendationRecord rec = in_state(state);
        const Status got = check_step(actor, step, rec, acting_unit(step, rec));
        const std::string cell = std::string(to_string(role)) + " x " + std::string(to_string(step)) + " x " +
                                 std::string(to_string(state));
        EXPECT_EQ(table_allows(role, step, state), want == 'Y') << cell;
        if (want == 'Y') {
          EXPECT_TRUE(got.ok()) << cell << ": " << got.error().message;
        } else {
          ASSERT_FALSE(got.ok()) << cell;
          EXPECT_EQ(got.error().code,
                    want == 'x' ? ErrorCode::permission_denied : ErrorCode::failed_precondition)
              << cell << ": " << got.error().message;
        }
        ++cells;
      }
    }
  }
  EXPECT_EQ(cells, 5 * k_step_count * k_state_count);
}

TEST(Workflow, AllowedStepsPerState) {
  const User office = user("oig", {Role::evaluation});
  auto names = [](const std::vector<Step>& steps) {
    std::string out;
    for (Step s : steps) out += std::string(to_string(s)) + " ";
    return out;
  };
  EXPECT_EQ(names(allowed_steps(office, State::draft)), "edit issue ");
  EXPECT_EQ(names(allowed_steps(office, State::claimed)),
            "edit add_action update_action report_progress validate close ");
  EXPECT_EQ(names(allowed_steps(office, State::closed_implemented)), "reopen ");
  EXPECT_EQ(names(allowed_steps(user("v", {Role::viewer, Role::admin}), State::responded)), "");
}

TEST(Workflow, WrongStateMessageNamesStateRoleAndAllowedSteps) {
  const auto s = check_step(user("oig", {Role::evaluation}), Step::extend, in_state(State::responded), {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(
      s.error().message,
      "cannot extend PLACMI-2#2: it is responded and extend needs awaiting_response; role evaluation may "
      "now: edit, add_action, update_action, report_progress, close");
}

TEST(Workflow, WrongRoleMessage) {
  const auto s =
      check_step(user("mms.focal", {Role::unit}, {"MMS"}), Step::validate, in_state(State::in_progress), {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::permission_denied);
  EXPECT_EQ(
      s.error().message,
      "cannot validate PLACMI-2#2: role unit may not validate (only evaluation may); it is in_progress and "
      "role unit may now: add_action, update_action, report_progress");

  const auto v = check_step(user("auditor", {Role::viewer}), Step::issue, in_state(State::draft), {});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(
      v.error().message,
      "cannot issue PLACMI-2#2: role viewer may not issue (only evaluation, executive may); it is draft and "
      "role viewer may now: nothing");
}

TEST(Workflow, SeveralRolesAllowedWhenAnyAllows) {
  const User both = user("dual", {Role::viewer, Role::evaluation, Role::unit}, {"MMS"});
  EXPECT_TRUE(check_step(both, Step::close, in_state(State::responded), {}).ok());
  EXPECT_TRUE(check_step(both, Step::report_progress, in_state(State::responded), "MMS").ok());
  const auto s = check_step(both, Step::validate, in_state(State::awaiting_response), {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "cannot validate PLACMI-2#2: it is awaiting_response and validate needs in_progress, claimed or "
            "validated; roles viewer, evaluation, unit may now: edit, respond, add_action, update_action, "
            "report_progress, close, extend");
}

RecommendationRecord placmi_1_issued() {
  RecommendationRecord r;
  r.evaluation = "PLACMI-2";
  r.rec.number = 1;
  r.rec.units = {"MRF-BA"};
  r.rec.due = d("2001-08-31");
  r.issued = d("2001-07-20");
  return r;
}

TEST(Workflow, UnitUserActsOnlyForOwnResponsibleUnits) {
  const User mms = user("mms.focal", {Role::unit}, {"MMS"});
  const auto other = check_step(mms, Step::respond, placmi_1_issued(), "MRF-BA");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::permission_denied);
  EXPECT_EQ(
      other.error().message,
      "cannot respond to PLACMI-2#1 for MRF-BA: user mms.focal does not belong to MRF-BA (belongs to MMS)");

  const auto not_responsible = check_step(mms, Step::respond, placmi_1_issued(), "MMS");
  ASSERT_FALSE(not_responsible.ok());
  EXPECT_EQ(not_responsible.error().code, ErrorCode::permission_denied);
  EXPECT_EQ(not_responsible.error().message,
            "cannot respond to PLACMI-2#1 for MMS: MMS is not responsible for it (responsible: MRF-BA)");

  const auto nobody =
      check_step(user("new", {Role::unit}), Step::report_progress, placmi_1_issued(), "MRF-BA");
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().message,
            "cannot report progress on PLACMI-2#1 for MRF-BA: user new does not belong to MRF-BA (belongs to "
            "no unit)");

  // A unit that is not responsible is refused even where the state would
  // refuse anyway: who acts is checked before when.
  const auto closed = check_step(mms, Step::report_progress, in_state(State::closed_implemented), "MPRP");
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().code, ErrorCode::permission_denied);
}

TEST(Workflow, UnitStepNeedsAUnit) {
  const auto s =
      check_step(user("mms.focal", {Role::unit}, {"MMS"}), Step::respond, in_state(State::draft), {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(s.error().message,
            "cannot respond to PLACMI-2#2: name the unit you act for (you belong to responsible units MMS)");
  const auto none =
      check_step(user("x", {Role::unit}, {"MRF-BA"}), Step::respond, in_state(State::draft), {});
  EXPECT_EQ(
      none.error().message,
      "cannot respond to PLACMI-2#2: name the unit you act for (you belong to none of its responsible units: "
      "MMS, MPRP)");
}

TEST(Workflow, UnitRespondsOnceAndReportsOnlyAfterResponding) {
  const User both = user("focal", {Role::unit}, {"MMS", "MPRP"});
  const auto rec = in_state(State::awaiting_response);
  const auto again = check_step(both, Step::respond, rec, "MMS");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(
      again.error().message,
      "cannot respond to PLACMI-2#2 for MMS: MMS already responded on 2001-08-25; a unit responds once (add "
      "actions or report progress instead)");
  const auto early = check_step(both, Step::report_progress, rec, "MPRP");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(early.error().message,
            "cannot report progress on PLACMI-2#2 for MPRP: MPRP has not responded yet; respond first");
  EXPECT_TRUE(check_step(both, Step::add_action, rec, "MMS").ok());
  EXPECT_TRUE(check_step(both, Step::respond, rec, "MPRP").ok());
}

TEST(Workflow, RationaleRequiredUnlessAccepted) {
  const User mprp = user("mprp.focal", {Role::unit}, {"MPRP"});
  const auto rec = in_state(State::awaiting_response);
  auto partial = response("MPRP", "2001-09-05", Decision::partially_accepted);
  const auto s = check_response(mprp, rec, partial);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(s.error().message,
            "cannot respond to PLACMI-2#2: a rationale is required when the decision is partially_accepted");
  partial.rationale = "  ";
  EXPECT_FALSE(check_response(mprp, rec, partial).ok());
  partial.rationale = "Budget allows only half.";
  EXPECT_TRUE(check_response(mprp, rec, partial).ok());
  EXPECT_TRUE(check_response(mprp, rec, response("MPRP", "2001-09-05")).ok());
  auto no = response("MPRP", "2001-09-05", Decision::not_accepted);
  EXPECT_EQ(check_response(mprp, rec, no).error().message,
            "cannot respond to PLACMI-2#2: a rationale is required when the decision is not_accepted");
}

TEST(Workflow, ResponseDateAndActions) {
  const User mprp = user("mprp.focal", {Role::unit}, {"MPRP"});
  const auto rec = in_state(State::awaiting_response);
  // Its date is checked with every fact's (FactsAreDatedNeitherInTheFutureNorTooFarBack).
  auto r = response("MPRP", "2001-09-05");
  r.actions.push_back(testing::action(0, "Train staff", "MRF-BA", "2001-12-31"));
  EXPECT_TRUE(check_response(mprp, rec, r).ok()) << "an action's owner may be any unit";
  r.actions.push_back(testing::action(0, "Write guide", "", "2001-12-31"));
  EXPECT_EQ(check_response(mprp, rec, r).error().message,
            "cannot respond to PLACMI-2#2: action \"Write guide\" needs an owner unit");
  EXPECT_EQ(check_add_action(mprp, in_state(State::responded), "MPRP",
                             testing::action(0, " ", "MPRP", "2002-01-01", "2001-10-01"))
                .error()
                .message,
            "cannot add an action to PLACMI-2#2: an action needs a description");
  EXPECT_TRUE(check_add_action(mprp, in_state(State::responded), "MPRP",
                               testing::action(0, "More", "MMS", "2002-01-01", "2001-10-01"))
                  .ok());
  EXPECT_EQ(check_add_action(mprp, in_state(State::responded), "MPRP",
                             testing::action(0, "Early", "MMS", "2002-01-01", "2001-09-04"))
                .error()
                .message,
            "cannot add an action to PLACMI-2#2: the action is dated 2001-09-04, before MPRP responded on "
            "2001-09-05");
}

TEST(Workflow, ProgressReportRules) {
  const User mms = user("mms.focal", {Role::unit}, {"MMS"});
  auto rec = in_state(State::responded);
  rec.follow_up.responses[0].actions.push_back(testing::action(7, "Train", "MMS", "2001-12-31"));
  rec.follow_up.responses[0].actions.push_back(testing::action(8, "Write", "MMS", "2001-12-31"));
  rec.follow_up.responses[0].actions.back().events.push_back(
      testing::status_event(ActionStatus::done, "2001-10-01"));
  auto p = report("MMS", ClaimedStatus::in_progress, "2001-10-05");
  p.actions_done = {7};
  EXPECT_TRUE(check_progress_report(mms, rec, p).ok());
  p.actions_done = {9};
  EXPECT_EQ(check_progress_report(mms, rec, p).error().message,
            "cannot report progress on PLACMI-2#2: action 9 is not one of its actions");
  p.actions_done = {8};
  const auto done = check_progress_report(mms, rec, p);
  EXPECT_EQ(done.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(done.error().message,
            "cannot report progress on PLACMI-2#2: action 8 was already done on 2001-10-01");
  p.actions_done.clear();
  p.text = "";
  EXPECT_EQ(check_progress_report(mms, rec, p).error().message,
            "cannot report progress on PLACMI-2#2: a progress report needs a text");
  auto before = report("MMS", ClaimedStatus::in_progress, "2001-08-01");
  EXPECT_EQ(check_progress_report(mms, rec, before).error().message,
            "cannot report progress on PLACMI-2#2: the report is dated 2001-08-01, before MMS responded on "
            "2001-08-25");
}

TEST(Workflow, ValidationRating) {
  const User office = user("oig", {Role::evaluation});
  const auto rec = in_state(State::claimed);
  EXPECT_TRUE(check_validation(office, rec, testing::validation("implemented", "2001-11-10", "ok")).ok());
  EXPECT_EQ(check_validation(office, rec, testing::validation("done", "2001-11-10", "ok")).error().message,
            "cannot validate PLACMI-2#2: unknown rating \"done\" (use not_started, in_progress, implemented, "
            "not_implemented, no_longer_applicable)");
}

TEST(Workflow, ClosingAsImplementedNeedsBothKeysAndEvidence) {
  const User office = user("oig", {Role::evaluation});
  ClosingEvent c = testing::closing(Outcome::implemented, "2001-12-01");
  // Claimed by the unit, not yet rated by the office: one key turns alone.
  auto rec = in_state(State::claimed);
  auto s = check_close(office, rec, c);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(
      s.error().message,
      "cannot close PLACMI-2#2 as implemented: the office has not rated it implemented (no validation); "
      "validate it first, or override with a reason");
  rec = in_state(State::validated);
  EXPECT_TRUE(check_close(office, rec, c).ok());
  // A report after the rating makes it stale.
  rec.follow_up.validations.back().rating = "in_progress";
  EXPECT_EQ(check_close(office, rec, c).error().message,
            "cannot close PLACMI-2#2 as implemented: the office has not rated it implemented (latest rating "
            "in_progress on 2001-11-10); validate it first, or override with a reason");
  rec.follow_up.validations.back().rating = "implemented";
  rec.follow_up.reports.push_back(report("MPRP", ClaimedStatus::in_progress, "2001-11-20"));
  EXPECT_EQ(check_close(office, rec, c).error().message,
            "cannot close PLACMI-2#2 as implemented: the office's rating of 2001-11-10 is older than MPRP's "
            "progress report of 2001-11-20; validate it again, or override with a reason");
  c.override_reason = "Confirmed by the donor's audit";
  EXPECT_TRUE(check_close(office, rec, c).ok()) << "an override is possible, with a reason";

  // Evidence of implementation: on a report claiming implemented, or on the closing, or waived.
  c.override_reason.clear();
  rec = in_state(State::validated);
  rec.follow_up.reports.back().evidence.clear();
  rec.follow_up.reports.front().evidence.push_back(Evidence{"cd34", "tor.pdf", "application/pdf", 10});
  s = check_close(office, rec, c);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(
      s.error().message,
      "cannot close PLACMI-2#2 as implemented: no progress report claiming implemented carries evidence; "
      "attach evidence to such a report or to the closing, or give a reason to waive it");
  c.waiver = "Verified on site visit.";
  EXPECT_TRUE(check_close(office, rec, c).ok());
  c.waiver.clear();
  c.evidence.push_back(Evidence{std::string(64, 'a'), "letter.pdf", "application/pdf", 10});
  EXPECT_TRUE(check_close(office, rec, c).ok()) << "the office's own evidence is enough";
  c.evidence.clear();
  c.outcome = Outcome::not_implemented;
  EXPECT_TRUE(check_close(office, rec, c).ok());
}

TEST(Workflow, ClosingWithoutEveryResponseNeedsAReason) {
  const User office = user("oig", {Role::evaluation});
  const auto rec = in_state(State::awaiting_response);
  ClosingEvent c = testing::closing(Outcome::no_longer_applicable, "2001-12-01");
  EXPECT_EQ(
      check_close(office, rec, c).error().message,
      "cannot close PLACMI-2#2 as no_longer_applicable: MPRP has not responded; closing without a response "
      "needs a reason");
  c.reason = "MPRP was dissolved";
  EXPECT_TRUE(check_close(office, rec, c).ok());
}

TEST(Workflow, NotAcceptedNeedsARefusal) {
  const User office = user("oig", {Role::evaluation});
  auto rec = in_state(State::responded);
  const ClosingEvent c = testing::closing(Outcome::not_accepted, "2001-12-01");
  EXPECT_EQ(check_close(office, rec, c).error().message,
            "cannot close PLACMI-2#2 as not_accepted: no unit's response is not_accepted; give a reason to "
            "override");
  rec.follow_up.responses[1].decision = Decision::not_accepted;
  EXPECT_TRUE(check_close(office, rec, c).ok());
}

TEST(Workflow, ReopenNeedsReasonClosedStateAndItsOrder) {
  const User office = user("oig", {Role::evaluation});
  const auto closed = in_state(State::closed_not_implemented);
  EXPECT_TRUE(check_reopen(office, closed, "new evidence", d("2001-11-12")).ok());
  EXPECT_EQ(check_reopen(office, closed, "", d("2001-11-12")).error().message,
            "cannot reopen PLACMI-2#2: reopening needs a reason");
  EXPECT_EQ(check_reopen(office, closed, "new evidence", d("2001-11-10")).error().message,
            "cannot reopen PLACMI-2#2: it is dated 2001-11-10, before its last closing on 2001-11-11");
  const auto open = check_reopen(office, in_state(State::validated), "why not", d("2001-12-01"));
  EXPECT_EQ(open.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(open.error().message,
            "cannot reopen PLACMI-2#2: it is validated and reopen needs closed_implemented, "
            "closed_not_implemented, closed_no_longer_applicable or closed_not_accepted; role evaluation may "
            "now: edit, add_action, update_action, report_progress, validate, close");
}

TEST(Workflow, ExtensionsMoveTheDateInForceOnly) {
  const User office = user("oig", {Role::evaluation});
  const auto rec = in_state(State::awaiting_response);
  Extension e = testing::extension("MPRP", "2001-09-30", "2001-09-02");
  EXPECT_TRUE(check_extension(office, rec, e).ok());
  e.unit = "MMS";
  EXPECT_EQ(check_extension(office, rec, e).error().message,
            "cannot extend PLACMI-2#2 for MMS: it responded on 2001-08-25");
  e.unit = "MPRP";
  e.due = d("2001-08-31");
  EXPECT_EQ(check_extension(office, rec, e).error().message,
            "cannot extend PLACMI-2#2: the new date 2001-08-31 is not later than MPRP's due date 2001-08-31");
  e.due = d("2001-09-30");
  e.reason = " ";
  EXPECT_EQ(check_extension(office, rec, e).error().message,
            "cannot extend PLACMI-2#2: an extension needs a reason");
  EXPECT_EQ(check_extension(user("u", {Role::unit}, {"MPRP"}), rec,
                            testing::extension("MPRP", "2001-09-30", "2001-09-02"))
                .error()
                .code,
            ErrorCode::permission_denied);
}

TEST(Workflow, FactsAreDatedNeitherInTheFutureNorTooFarBack) {
  const User office = user("oig", {Role::evaluation});
  const User unit = user("mms", {Role::unit}, {"MMS"});
  const auto rec = in_state(State::awaiting_response);
  const DatingPolicy policy{d("2026-11-29"), 7};
  EXPECT_TRUE(check_fact_date(unit, rec, Step::respond, d("2026-11-22"), policy).ok());
  EXPECT_EQ(
      check_fact_date(unit, rec, Step::respond, d("2026-11-21"), policy).error().message,
      "cannot respond to PLACMI-2#2: it is dated 2026-11-21, 8 days ago; a unit may date its facts at most "
      "7 days back (the evaluation office can enter older facts)");
  EXPECT_TRUE(check_fact_date(office, rec, Step::respond, d("2001-08-20"), policy).ok());
  EXPECT_EQ(
      check_fact_date(office, rec, Step::respond, d("2031-01-01"), policy).error().message,
      "cannot respond to PLACMI-2#2: it is dated 2031-01-01, after today (2026-11-29); nothing is dated in "
      "the future");
  EXPECT_EQ(check_fact_date(office, rec, Step::validate, d("2001-07-19"), policy).error().message,
            "cannot validate PLACMI-2#2: it is dated 2001-07-19, before PLACMI-2 was issued on 2001-07-20");
  EXPECT_EQ(
      check_fact_date(office, in_state(State::draft), Step::issue, d("2001-07-15"), policy, d("2001-07-16"))
          .error()
          .message,
      "cannot issue PLACMI-2#2: it is dated 2001-07-15, before the memo's date 2001-07-16");
  const Recorded late = recorded_now(office, "MMS", d("2001-08-20"), policy, "2026-11-29T10:00:00Z");
  EXPECT_TRUE(late.late);
  EXPECT_TRUE(late.on_behalf);
  const Recorded own = recorded_now(unit, "MMS", d("2026-11-28"), policy, "2026-11-29T10:00:00Z");
  EXPECT_FALSE(own.late);
  EXPECT_FALSE(own.on_behalf);
}

TEST(Workflow, ActionUpdatesByOwnerWithReasons) {
  const User mms = user("mms", {Role::unit}, {"MMS"});
  auto rec = in_state(State::responded);
  rec.follow_up.responses[1].actions.push_back(
      testing::action(9, "Draft the guide", "MMS", "2001-12-31", "2001-09-05"));
  ActionEvent e = testing::status_event(ActionStatus::in_progress, "2001-10-01");
  EXPECT_TRUE(check_action_update(mms, rec, "MMS", 9, e).ok()) << "MMS owns it, though MPRP proposed it";
  e.status.reset();
  e.due = d("2002-03-31");
  EXPECT_EQ(check_action_update(mms, rec, "MMS", 9, e).error().message,
            "cannot update an action of PLACMI-2#2: a new due date needs a reason");
  e.reason = "Translator not yet recruited";
  EXPECT_TRUE(check_action_update(mms, rec, "MMS", 9, e).ok());
  rec.follow_up.responses[1].actions.back().events.push_back(
      testing::status_event(ActionStatus::cancelled, "2001-10-02"));
  EXPECT_EQ(check_action_update(mms, rec, "MMS", 9, e).error().message,
            "cannot update an action of PLACMI-2#2: action 9 is cancelled");
  EXPECT_EQ(check_action_update(mms, rec, "MMS", 4, e).error().message,
            "cannot update an action of PLACMI-2#2: action 4 is not one of its actions");
}

TEST(Workflow, EditAfterIssueNeedsReason) {
  const User office = user("oig", {Role::evaluation});
  EXPECT_TRUE(check_edit(office, in_state(State::draft), "").ok());
  EXPECT_EQ(check_edit(office, in_state(State::responded), " ").error().message,
            "cannot edit PLACMI-2#2: it was issued on 2001-07-20, so an edit needs a reason");
  EXPECT_TRUE(check_edit(office, in_state(State::responded), "typo in the due date").ok());
}

TEST(Workflow, StateFollowsClaimsOfEachUnit) {
  auto rec = in_state(State::responded);
  rec.follow_up.reports.push_back(report("MMS", ClaimedStatus::not_started, "2001-09-10"));
  EXPECT_EQ(state_of(rec), State::responded) << "not_started claims no progress";
  rec.follow_up.reports.push_back(report("MRF-BA", ClaimedStatus::implemented, "2001-09-11"));
  EXPECT_EQ(state_of(rec), State::responded) << "a unit that is not responsible does not count";
  rec.follow_up.reports.push_back(report("MPRP", ClaimedStatus::implemented, "2001-09-12"));
  EXPECT_EQ(state_of(rec), State::in_progress) << "MMS still not started";
  rec.follow_up.reports.push_back(report("MMS", ClaimedStatus::no_longer_applicable, "2001-09-13"));
  EXPECT_EQ(state_of(rec), State::claimed);
  rec.follow_up.validations.push_back(testing::validation("implemented", "2001-09-20", ""));
  EXPECT_EQ(state_of(rec), State::validated);
  rec.follow_up.reports.push_back(report("MMS", ClaimedStatus::in_progress, "2001-09-21"));
  EXPECT_EQ(state_of(rec), State::in_progress) << "a report after the validation reopens the question";
  rec.follow_up.closings.push_back(testing::closing(Outcome::no_longer_applicable, "2001-10-01"));
  EXPECT_EQ(state_of(rec), State::closed_no_longer_applicable);
}

}  // namespace
}  // namespace followup
