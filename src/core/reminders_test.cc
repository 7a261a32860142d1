#include "core/reminders.h"

#include <gtest/gtest.h>
#include <map>

#include "core/test_builders.h"

namespace followup {
namespace {

using testing::action;
using testing::closing;
using testing::d;
using testing::extension;
using testing::response;
using testing::status_event;

// PLACMI-2#2 issued on 2001-07-20, MMS and MPRP responsible, due 2001-08-31.
RecommendationRecord joint() {
  RecommendationRecord r = testing::joint_draft();
  r.issued = d("2001-07-20");
  return r;
}

// Every notice planned each day from `first` to `last`: "DATE" -> "KIND UNIT
// [#ACTION] DAYS", in the order planned.
std::map<std::string, std::vector<std::string>> planned(const RecommendationRecord& rec, const char* first,
                                                        const char* last, const ReminderPolicy& policy = {}) {
  std::map<std::string, std::vector<std::string>> out;
  for (Date on = d(first); on <= d(last); on = on.plus_days(1))
    for (const auto& n : plan_notices(rec, policy, on))
      out[on.iso()].push_back(std::string(to_string(n.kind)) + " " + n.unit +
                              (n.action != 0 ? " #" + std::to_string(n.action) : "") + " " +
                              std::to_string(n.days));
  return out;
}

using Plan = std::map<std::string, std::vector<std::string>>;

TEST(Reminders, NobodyRespondsBeforeOnTheDayWeeklyAndAnEscalation) {
  EXPECT_EQ(planned(joint(), "2001-08-01", "2001-10-15"),
            (Plan{{"2001-08-17", {"before MMS 14", "before MPRP 14"}},
                  {"2001-08-28", {"before MMS 3", "before MPRP 3"}},
                  {"2001-08-31", {"due MMS 0", "due MPRP 0"}},
                  {"2001-09-07", {"overdue MMS 7", "overdue MPRP 7"}},
                  {"2001-09-14", {"overdue MMS 14", "overdue MPRP 14"}},
                  {"2001-09-21", {"overdue MMS 21", "overdue MPRP 21"}},
                  {"2001-09-28", {"overdue MMS 28", "overdue MPRP 28"}},
                  {"2001-09-30", {"escalation MMS 30", "escalation MPRP 30"}},
                  {"2001-10-05", {"overdue MMS 35", "overdue MPRP 35"}},
                  {"2001-10-12", {"overdue MMS 42", "overdue MPRP 42"}}}));
}

TEST(Reminders, AUnitThatRespondedHearsNoMoreAndTheOtherStillDoes) {
  auto rec = joint();
  rec.follow_up.responses.push_back(response("MMS", "2001-08-25"));
  const auto plan = planned(rec, "2001-08-01", "2001-09-10");
  EXPECT_EQ(plan, (Plan{{"2001-08-17", {"before MMS 14", "before MPRP 14"}},
                        {"2001-08-28", {"before MPRP 3"}},
                        {"2001-08-31", {"due MPRP 0"}},
                        {"2001-09-07", {"overdue MPRP 7"}}}));
}

TEST(Reminders, AnExtensionReplansFromTheDayItIsGranted) {
  auto rec = joint();
  rec.rec.units = {"MPRP"};
  rec.follow_up.extensions.push_back(extension("MPRP", "2001-09-30", "2001-09-02"));
  EXPECT_EQ(planned(rec, "2001-08-01", "2001-10-15"), (Plan{{"2001-08-17", {"before MPRP 14"}},
                                                            {"2001-08-28", {"before MPRP 3"}},
                                                            {"2001-08-31", {"due MPRP 0"}},
                                                            {"2001-09-16", {"before MPRP 14"}},
                                                            {"2001-09-27", {"before MPRP 3"}},
                                                            {"2001-09-30", {"due MPRP 0"}},
                                                            {"2001-10-07", {"overdue MPRP 7"}},
                                                            {"2001-10-14", {"overdue MPRP 14"}}}));
}

TEST(Reminders, NothingFromTheDayItClosesNorForADraft) {
  auto rec = joint();
  rec.rec.units = {"MPRP"};
  rec.follow_up.closings.push_back(closing(Outcome::not_implemented, "2001-09-06"));
  EXPECT_EQ(planned(rec, "2001-09-01", "2001-10-15"), (Plan{}));
  EXPECT_EQ(planned(rec, "2001-08-30", "2001-09-05"), (Plan{{"2001-08-31", {"due MPRP 0"}}}));
  auto draft = joint();
  draft.issued.reset();
  EXPECT_EQ(planned(draft, "2001-08-01", "2001-10-15"), (Plan{}));
}

TEST(Reminders, KeyActionsTowardTheirOwnersUntilSettledAndAMovedDate) {
  auto rec = joint();
  rec.rec.units = {"MMS"};
  auto answered = response("MMS", "2001-08-25");
  answered.actions.push_back(action(4, "Study the mechanisms", "MPRP", "2001-12-31", "2001-08-25"));
  // Brought forward on 2001-10-01 to 2001-10-15, done on 2001-10-20.
  ActionEvent earlier;
  earlier.on = d("2001-10-01");
  earlier.due = d("2001-10-15");
  earlier.reason = "The Board meets in October";
  answered.actions[0].events.push_back(earlier);
  answered.actions[0].events.push_back(status_event(ActionStatus::done, "2001-10-20"));
  rec.follow_up.responses.push_back(answered);
  // MMS, which accepted and has not reported, is asked for its progress
  // at the end of the year's last quarter.
  EXPECT_EQ(planned(rec, "2001-09-01", "2002-01-31"), (Plan{{"2001-10-01", {"before MPRP #4 14"}},
                                                            {"2001-10-12", {"before MPRP #4 3"}},
                                                            {"2001-10-15", {"due MPRP #4 0"}},
                                                            {"2001-12-17", {"progress MMS 14"}},
                                                            {"2001-12-28", {"progress MMS 3"}},
                                                            {"2001-12-31", {"progress MMS 0"}}}));
}

TEST(Reminders, MonthEndsAndLeapDays) {
  auto rec = joint();
  rec.rec.units = {"MMS"};
  rec.rec.due = d("2004-02-29");
  rec.issued = d("2004-01-05");
  EXPECT_EQ(planned(rec, "2004-02-01", "2004-03-10"), (Plan{{"2004-02-15", {"before MMS 14"}},
                                                            {"2004-02-26", {"before MMS 3"}},
                                                            {"2004-02-29", {"due MMS 0"}},
                                                            {"2004-03-07", {"overdue MMS 7"}}}));
  rec.rec.due = d("2001-03-31");
  rec.issued = d("2001-01-05");
  EXPECT_EQ(planned(rec, "2001-03-01", "2001-04-10"), (Plan{{"2001-03-17", {"before MMS 14"}},
                                                            {"2001-03-28", {"before MMS 3"}},
                                                            {"2001-03-31", {"due MMS 0"}},
                                                            {"2001-04-07", {"overdue MMS 7"}}}));
}

TEST(Reminders, ThePolicyDecides) {
  auto rec = joint();
  rec.rec.units = {"MMS"};
  ReminderPolicy quiet;
  quiet.days_before = {7};
  quiet.on_the_day = false;
  quiet.repeat_days = 0;
  quiet.escalate_days = 0;
  EXPECT_EQ(planned(rec, "2001-08-01", "2001-12-31", quiet), (Plan{{"2001-08-24", {"before MMS 7"}}}));
}

TEST(ReminderProgress, PeriodsEndAtMonthEnds) {
  auto period = [](const char* on, int months) {
    const auto [end, before] = progress_period(d(on), months);
    return end.iso() + " after " + before.iso();
  };
  EXPECT_EQ(period("2001-08-25", 3), "2001-09-30 after 2001-06-30");
  EXPECT_EQ(period("2001-09-30", 3), "2001-09-30 after 2001-06-30");
  EXPECT_EQ(period("2001-10-01", 3), "2001-12-31 after 2001-09-30");
  EXPECT_EQ(period("2001-02-10", 3), "2001-03-31 after 2000-12-31");
  EXPECT_EQ(period("2004-02-10", 1), "2004-02-29 after 2004-01-31");
  EXPECT_EQ(period("2001-07-04", 6), "2001-12-31 after 2001-06-30");
  EXPECT_EQ(period("2001-07-04", 12), "2001-12-31 after 2000-12-31");
}

TEST(ReminderProgress, QuarterlyFromTheFirstWholeQuarterAfterAnAcceptingResponse) {
  auto rec = joint();
  rec.follow_up.responses.push_back(response("MMS", "2001-08-25"));  // accepted
  auto partly = response("MPRP", "2001-08-26");
  partly.decision = Decision::partially_accepted;
  rec.follow_up.responses.push_back(partly);
  // Not asked for the quarter they responded in; asked 14 and 3 days before
  // the next one ends and on its last day.
  EXPECT_EQ(planned(rec, "2001-08-01", "2002-01-10"),
            (Plan{{"2001-08-17", {"before MMS 14", "before MPRP 14"}},
                  {"2001-12-17", {"progress MMS 14", "progress MPRP 14"}},
                  {"2001-12-28", {"progress MMS 3", "progress MPRP 3"}},
                  {"2001-12-31", {"progress MMS 0", "progress MPRP 0"}}}));
}

TEST(ReminderProgress, AReportInThePeriodOrASettledClaimStopsThem) {
  auto rec = joint();
  rec.follow_up.responses.push_back(response("MMS", "2001-08-25"));
  auto refused = response("MPRP", "2001-08-26");
  refused.decision = Decision::not_accepted;  // nothing to report on
  rec.follow_up.responses.push_back(refused);
  ProgressReport report;
  report.unit = "MMS";
  report.status = ClaimedStatus::in_progress;
  report.reported = d("2001-12-20");
  rec.follow_up.reports.push_back(report);
  ProgressReport done = report;
  done.status = ClaimedStatus::implemented;
  done.reported = d("2002-01-15");
  rec.follow_up.reports.push_back(done);
  EXPECT_EQ(planned(rec, "2001-12-01", "2002-07-10"), (Plan{{"2001-12-17", {"progress MMS 14"}}}));
  ReminderPolicy never;
  never.progress_months = 0;
  EXPECT_TRUE(planned(rec, "2001-12-01", "2002-07-10", never).empty());
}

TEST(DueEvents, WhatEachUnitStillOwesAsOfADay) {
  auto rec = joint();
  auto answered = response("MMS", "2001-08-25");
  answered.actions.push_back(action(4, "Study the mechanisms", "MPRP", "2001-12-31", "2001-08-25"));
  rec.follow_up.responses.push_back(answered);
  rec.follow_up.extensions.push_back(extension("MPRP", "2001-09-30", "2001-09-02"));
  auto line = [](const DueEvent& e) {
    return e.unit + (e.action ? " #" + std::to_string(e.action) + " " + e.action_text : std::string()) + " " +
           e.due.iso();
  };
  auto lines = [&](const std::vector<std::string>& units, const char* today) {
    std::vector<std::string> out;
    for (const auto& e : due_events(rec, units, d(today))) out.push_back(line(e));
    return out;
  };
  EXPECT_EQ(lines({}, "2001-08-20"), (std::vector<std::string>{"MMS 2001-08-31", "MPRP 2001-08-31"}));
  EXPECT_EQ(lines({}, "2001-09-03"),
            (std::vector<std::string>{"MPRP 2001-09-30", "MPRP #4 Study the mechanisms 2001-12-31"}));
  EXPECT_EQ(lines({"MMS"}, "2001-09-03"), std::vector<std::string>{});
  rec.follow_up.closings.push_back(closing(Outcome::not_implemented, "2001-10-01"));
  EXPECT_EQ(lines({}, "2001-10-01"), std::vector<std::string>{});
  auto draft = joint();
  draft.issued.reset();
  EXPECT_TRUE(due_events(draft, {}, d("2001-08-20")).empty());
}

// ---- Who hears of it, and the digests.

User person(const char* name, const char* email, Role role, std::vector<std::string> units = {}) {
  return User{name, std::string("Full ") + name, email, {role}, std::move(units)};
}

Unit unit_with(const char* code, std::vector<std::string> emails) {
  Unit u;
  u.code = code;
  u.name = std::string(code) + " unit";
  u.head_title = std::string("Director, ") + code;
  u.emails = std::move(emails);
  return u;
}

const std::vector<User>& people() {
  static const std::vector<User> k_people = {
      person("mms", "mms.focal@example.org", Role::unit, {"MMS"}),
      person("mms2", "MMS.Focal@Example.org", Role::unit, {"MMS", "MPRP"}),  // the same address
      person("mprp", "mprp.focal@example.org", Role::unit, {"MPRP"}),
      person("nomail", "", Role::unit, {"MPRP"}),
      person("dg", "dg@example.org", Role::executive),
      person("eva", "eva@example.org", Role::evaluation),
  };
  return k_people;
}

std::vector<std::string> heard(const Notice& n, const Unit* unit, const std::vector<User>& users = people()) {
  std::vector<std::string> out;
  for (const auto& [to, copy] : recipients_of(n, unit, users))
    out.push_back(to.name + " <" + to.email + ">" + (copy ? " (copy)" : ""));
  return out;
}

TEST(ReminderRecipients, AUnitsNoticeGoesToItsFocalPointsEachAddressOnce) {
  const Unit mms = unit_with("MMS", {"director.mms@example.org"});
  const Notice n{NoticeKind::due, "PLACMI-2", 2, "MMS", 0, d("2001-08-31"), 0};
  EXPECT_EQ(heard(n, &mms), (std::vector<std::string>{"Full mms <mms.focal@example.org>"}));
  const Unit mprp = unit_with("MPRP", {});
  EXPECT_EQ(
      heard(Notice{NoticeKind::before, "PLACMI-2", 2, "MPRP", 0, d("2001-08-31"), 3}, &mprp),
      (std::vector<std::string>{"Full mms2 <MMS.Focal@Example.org>", "Full mprp <mprp.focal@example.org>"}));
}

TEST(ReminderRecipients, WithoutAFocalPointsAddressTheUnitsOwnAddresses) {
  const Unit dakar = unit_with("MRF-DAKAR", {"dakar@example.org", "head.dakar@example.org"});
  EXPECT_EQ(heard(Notice{NoticeKind::overdue, "E", 1, "MRF-DAKAR", 0, d("2001-08-31"), 7}, &dakar),
            (std::vector<std::string>{"Director, MRF-DAKAR <dakar@example.org>",
                                      "Director, MRF-DAKAR <head.dakar@example.org>"}));
  // Nobody at all: nobody hears of it (and no unit in the directory).
  EXPECT_TRUE(heard(Notice{NoticeKind::overdue, "E", 1, "GONE", 0, d("2001-08-31"), 7}, nullptr).empty());
}

TEST(ReminderRecipients, AnEscalationGoesToTheDgsOfficeCopyingTheHead) {
  const Unit mprp = unit_with("MPRP", {"director.mprp@example.org"});
  EXPECT_EQ(heard(Notice{NoticeKind::escalation, "PLACMI-2", 2, "MPRP", 0, d("2001-08-31"), 30}, &mprp),
            (std::vector<std::string>{"Full dg <dg@example.org>",
                                      "Director, MPRP <director.mprp@example.org> (copy)"}));
}

TEST(ReminderDigests, OneDigestPerPersonGroupedByDueDate) {
  const std::vector<Unit> units = {unit_with("MMS", {}), unit_with("MPRP", {"director.mprp@example.org"})};
  const std::vector<Notice> notices = {
      Notice{NoticeKind::overdue, "PLACMI-2", 2, "MPRP", 0, d("2001-08-31"), 7},
      Notice{NoticeKind::before, "CAPFRON", 1, "MPRP", 0, d("2001-08-20"), 3},
      Notice{NoticeKind::overdue, "PLACMI-2", 2, "MMS", 0, d("2001-08-31"), 7},
      Notice{NoticeKind::escalation, "PLACMI-2", 3, "MPRP", 0, d("2001-08-08"), 30},
  };
  const auto digests = build_digests(notices, {"two", "one", "two", "three"}, units, people());
  std::vector<std::string> got;
  for (const auto& digest : digests) {
    std::string line = digest.to.email + ":";
    for (const auto& e : digest.entries)
      line += " " + e.notice.evaluation + "#" + std::to_string(e.notice.number) + "/" + e.notice.unit + "/" +
              std::string(to_string(e.notice.kind)) + (e.copy ? "/copy" : "") + "/" + e.text;
    got.push_back(line);
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "dg@example.org: PLACMI-2#3/MPRP/escalation/three",
                     "director.mprp@example.org: PLACMI-2#3/MPRP/escalation/copy/three",
                     // The address as the first notice to reach it named it.
                     "MMS.Focal@Example.org: CAPFRON#1/MPRP/before/one PLACMI-2#2/MMS/overdue/two "
                     "PLACMI-2#2/MPRP/overdue/two",
                     "mprp.focal@example.org: CAPFRON#1/MPRP/before/one PLACMI-2#2/MPRP/overdue/two",
                 }));
  EXPECT_TRUE(build_digests({}, {}, units, people()).empty());
}

}  // namespace
}  // namespace followup
