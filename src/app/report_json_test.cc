// The reports of core/reports.h on the scenarios of the follow-up, checked
// through their JSON (app/json_views.h), which `report --json` prints.
#include <algorithm>
#include <array>
#include <gtest/gtest.h>
#include <map>
#include <random>

#include "app/json_views.h"
#include "core/test_builders.h"

namespace followup::app {
namespace {

using followup::testing::d;
using followup::testing::response;

using nlohmann::json;

RecommendationRecord record(const char* evaluation, int number, const std::vector<std::string>& units,
                            const char* due, std::optional<Date> issued) {
  RecommendationRecord r;
  r.evaluation = evaluation;
  r.rec.number = number;
  r.rec.text = std::string("Recommendation ") + std::to_string(number) + " of " + evaluation;
  r.rec.units = units;
  r.rec.responsible = units;
  r.rec.due = d(due);
  r.issued = issued;
  return r;
}

// The acceptance scenario of issue 3: PLACMI-2 issued on 2001-07-20; #1
// held by MRF-BA, #2 by MMS then MPRP, both due 2001-08-31; MRF-BA responds
// to #1 "accepted" with two actions on 2001-08-20; MMS responds to #2 on
// 2001-08-25 and MPRP on 2001-09-05.
std::vector<RecommendationRecord> seed() {
  auto one = record("PLACMI-2", 1, {"MRF-BA"}, "2001-08-31", d("2001-07-20"));
  auto m = response("MRF-BA", "2001-08-20");
  m.actions.push_back(followup::testing::action(1, "Open a referral desk", "MRF-BA", "2001-12-31"));
  m.actions.push_back(followup::testing::action(2, "Agree a protocol with MMS", "MMS", "2002-03-31"));
  one.follow_up.responses.push_back(m);
  auto two = record("PLACMI-2", 2, {"MMS", "MPRP"}, "2001-08-31", d("2001-07-20"));
  two.follow_up.responses.push_back(response("MMS", "2001-08-25"));
  two.follow_up.responses.push_back(response("MPRP", "2001-09-05"));
  return {two, one};  // out of order on purpose: reports sort
}

TEST(ReportJson, AcceptanceStatusAsOfSeptember10) {
  const auto report = status_report(seed(), d("2001-09-10"));
  ASSERT_EQ(report.recommendations.size(), 2U);
  const json j = json_of(report);
  EXPECT_EQ(j["report"], "status");
  EXPECT_EQ(j["as_of"], "2001-09-10");
  const json& one = j["recommendations"][0];
  EXPECT_EQ(one["ref"], "PLACMI-2#1");
  EXPECT_EQ(one["response"], "on_time");
  EXPECT_EQ(one["units"][0]["unit"], "MRF-BA");
  EXPECT_EQ(one["units"][0]["state"], "responded_on_time");
  EXPECT_EQ(one["units"][0]["responded_on"], "2001-08-20");
  EXPECT_EQ(one["units"][0]["on_time"], true);
  EXPECT_EQ(one["units"][0]["days_late"], 0);

  const json& two = j["recommendations"][1];
  EXPECT_EQ(two["ref"], "PLACMI-2#2");
  EXPECT_EQ(two["response"], "late");
  EXPECT_EQ(two["state"], "responded");
  EXPECT_EQ(two["days_late"], 5);
  EXPECT_EQ(two["overdue"], false);
  EXPECT_EQ(two["units"], json::parse(R"([
              {"unit": "MMS", "state": "responded_on_time", "due": "2001-08-31", "extended_due": null,
               "responded_on": "2001-08-25", "decision": "accepted", "on_time": true, "within_extension": false,
               "days_late": 0, "overdue": false, "days_overdue": 0, "claim": null, "claimed_on": null},
              {"unit": "MPRP", "state": "responded_late", "due": "2001-08-31", "extended_due": null,
               "responded_on": "2001-09-05", "decision": "accepted", "on_time": false, "within_extension": false,
               "days_late": 5, "overdue": false, "days_overdue": 0, "claim": null, "claimed_on": null}])"));

  EXPECT_EQ(j["total"], json::parse(R"({"recommendations": 2, "open": 2, "awaiting_response": 0,
      "responded_on_time": 1, "responded_within_extension": 0, "responded_late": 1, "overdue": 0,
      "in_progress": 0, "claimed": 0, "validated": 0, "implemented": 0, "closed": 0,
      "closed_without_response": 0, "entered_late": 0})"));
  EXPECT_EQ(j["by_evaluation"][0]["evaluation"], "PLACMI-2");
  EXPECT_EQ(j["by_evaluation"][0]["responded_late"], 1);
  ASSERT_EQ(j["by_unit"].size(), 3U);
  EXPECT_EQ(j["by_unit"][0]["unit"], "MMS");
  EXPECT_EQ(j["by_unit"][0]["responded_on_time"], 1);
  EXPECT_EQ(j["by_unit"][1]["unit"], "MPRP");
  EXPECT_EQ(j["by_unit"][1]["responded_late"], 1);
  EXPECT_EQ(j["by_unit"][2]["unit"], "MRF-BA");
  EXPECT_EQ(j["footer"], std::string(report_footer(ReportKind::status)));
}

TEST(ReportJson, AcceptanceOverdueAsOfSeptember1) {
  const auto report = overdue_report(seed(), d("2001-09-01"));
  const json j = json_of(report);
  EXPECT_EQ(j["responses"], json::parse(R"([{"ref": "PLACMI-2#2", "evaluation": "PLACMI-2", "number": 2,
      "unit": "MPRP", "due": "2001-08-31", "original_due": "2001-08-31", "days_overdue": 1, "ageing": "1-30"}])"));
  EXPECT_EQ(j["actions"], json::array());
  EXPECT_EQ(j["ageing"]["responses"],
            json::parse(R"({"1-30": 1, "31-90": 0, "91-180": 0, "181-365": 0, "over 365": 0})"));
  EXPECT_EQ(j["by_unit"], json::parse(R"([{"unit": "MPRP", "actions": 0,
      "responses": {"1-30": 1, "31-90": 0, "91-180": 0, "181-365": 0, "over 365": 0}}])"));
  EXPECT_EQ(j["report"], "overdue");
}

TEST(ReportJson, OverdueActionsAndOrdering) {
  auto records = seed();
  records.push_back(record("OTHER", 1, {"MMS"}, "2001-06-30", d("2001-06-01")));
  const auto report = overdue_report(records, d("2002-04-01"));
  ASSERT_EQ(report.responses.size(), 1U);
  EXPECT_EQ(report.responses[0].ref, "OTHER#1");
  EXPECT_EQ(report.responses[0].days_overdue, 275);
  EXPECT_EQ(report.responses[0].ageing, AgeingBucket::days_181_365);
  ASSERT_EQ(report.actions.size(), 2U);
  EXPECT_EQ(report.actions[0].id, 1);
  EXPECT_EQ(report.actions[0].days_overdue, 91);
  EXPECT_EQ(report.actions[1].id, 2);
  EXPECT_EQ(report.actions[1].unit, "MMS");
  EXPECT_EQ(report.actions[1].responding_unit, "MRF-BA");
  EXPECT_EQ(report.actions[1].days_overdue, 1);
  const json j = json_of(report);
  EXPECT_EQ(j["actions"][0]["ageing"], "91-180");
  EXPECT_EQ(j["ageing"]["actions"]["1-30"], 1);
  EXPECT_EQ(j["ageing"]["actions"]["91-180"], 1);
  EXPECT_EQ(j["ageing"]["responses"]["181-365"], 1);
  // Each action counts for its owner, each response for its unit.
  EXPECT_EQ(j["by_unit"], json::parse(R"([
      {"unit": "MMS", "actions": 1, "responses": {"1-30": 0, "31-90": 0, "91-180": 0, "181-365": 1, "over 365": 0}},
      {"unit": "MRF-BA", "actions": 1, "responses": {"1-30": 0, "31-90": 0, "91-180": 0, "181-365": 0, "over 365": 0}}])"));
}

TEST(ReportJson, DraftsAndLaterIssuesAreLeftOut) {
  auto records = seed();
  records.push_back(record("DRAFT", 1, {"MMS"}, "2001-06-30", std::nullopt));
  records.push_back(record("LATER", 1, {"MMS"}, "2001-06-30", d("2001-09-20")));
  const auto report = status_report(records, d("2001-09-10"));
  EXPECT_EQ(report.total.recommendations, 2);
  EXPECT_EQ(report.by_evaluation.size(), 1U);
  EXPECT_TRUE(overdue_report(records, d("2001-09-10")).responses.empty());
}

// A wider history for the counts and rates: every category at least once.
std::vector<RecommendationRecord> history() {
  auto records = seed();
  // #3 of PLACMI-2: MMS partially accepts late, reports in progress.
  auto three = record("PLACMI-2", 3, {"MMS"}, "2001-08-31", d("2001-07-20"));
  three.follow_up.responses.push_back(response("MMS", "2001-09-03", Decision::partially_accepted));
  ProgressReport p;
  p.unit = "MMS";
  p.status = ClaimedStatus::in_progress;
  p.text = "under way";
  p.reported = d("2001-12-01");
  three.follow_up.reports.push_back(p);
  records.push_back(three);
  // TCF, issued 2002: #1 implemented and closed; #2 not accepted; #3 overdue;
  // #4 claimed implemented, not yet validated; #5 not yet due.
  const auto issued = d("2002-02-01");
  auto t1 = record("TCF", 1, {"MMS"}, "2002-03-31", issued);
  t1.follow_up.responses.push_back(response("MMS", "2002-03-01"));
  ProgressReport done;
  done.unit = "MMS";
  done.status = ClaimedStatus::implemented;
  done.text = "done";
  done.reported = d("2002-05-01");
  done.evidence.push_back(Evidence{"00ff", "report.pdf", "application/pdf", 10});
  t1.follow_up.reports.push_back(done);
  t1.follow_up.validations.push_back(followup::testing::validation("implemented", "2002-05-10"));
  t1.follow_up.closings.push_back(followup::testing::closing(Outcome::implemented, "2002-05-11"));
  auto t2 = record("TCF", 2, {"MPRP"}, "2002-03-31", issued);
  t2.follow_up.responses.push_back(response("MPRP", "2002-03-31", Decision::not_accepted));
  auto t3 = record("TCF", 3, {"MPRP", "MMS"}, "2002-03-31", issued);
  t3.follow_up.responses.push_back(response("MMS", "2002-03-15"));
  auto t4 = record("TCF", 4, {"MRF-BA"}, "2002-03-31", issued);
  t4.follow_up.responses.push_back(response("MRF-BA", "2002-04-02"));
  done.unit = "MRF-BA";
  t4.follow_up.reports.push_back(done);
  auto t5 = record("TCF", 5, {"MRF-BA"}, "2002-12-31", issued);
  for (auto* r : {&t1, &t2, &t3, &t4, &t5}) records.push_back(*r);
  return records;
}

TEST(ReportJson, StatusCountsFollowTheDefinitions) {
  const auto report = status_report(history(), d("2002-06-01"));
  const json j = json_of(report);
  EXPECT_EQ(j["total"], json::parse(R"({"recommendations": 8, "open": 7, "awaiting_response": 1,
      "responded_on_time": 3, "responded_late": 3, "overdue": 1, "in_progress": 1, "claimed": 1,
      "implemented": 1, "closed": 1, "responded_within_extension": 0, "validated": 0, "closed_without_response": 0, "entered_late": 0})"));
  ASSERT_EQ(report.by_evaluation.size(), 2U);
  EXPECT_EQ(j["by_evaluation"][1], json::parse(R"({"evaluation": "TCF", "recommendations": 5, "open": 4,
      "awaiting_response": 1, "responded_on_time": 2, "responded_late": 1, "overdue": 1, "in_progress": 0,
      "claimed": 1, "implemented": 1, "closed": 1, "responded_within_extension": 0, "validated": 0, "closed_without_response": 0, "entered_late": 0})"));
  // MMS: PLACMI-2#2 on time, #3 late and in progress; TCF#1 on time and
  // closed implemented; TCF#3 on time (its own side) though MPRP is overdue.
  EXPECT_EQ(j["by_unit"][0], json::parse(R"({"unit": "MMS", "recommendations": 4, "open": 3,
      "awaiting_response": 0, "responded_on_time": 3, "responded_late": 1, "overdue": 0, "in_progress": 1,
      "claimed": 0, "implemented": 1, "closed": 1, "responded_within_extension": 0, "validated": 0, "closed_without_response": 0, "entered_late": 0})"));
  EXPECT_EQ(j["by_unit"][1], json::parse(R"({"unit": "MPRP", "recommendations": 3, "open": 3,
      "awaiting_response": 0, "responded_on_time": 1, "responded_late": 1, "overdue": 1, "in_progress": 0,
      "claimed": 0, "implemented": 0, "closed": 0, "responded_within_extension": 0, "validated": 0, "closed_without_response": 0, "entered_late": 0})"));
  EXPECT_EQ(j["by_unit"][2], json::parse(R"({"unit": "MRF-BA", "recommendations": 3, "open": 3,
      "awaiting_response": 1, "responded_on_time": 1, "responded_late": 1, "overdue": 0, "in_progress": 0,
      "claimed": 1, "implemented": 0, "closed": 0, "responded_within_extension": 0, "validated": 0, "closed_without_response": 0, "entered_late": 0})"));
}

TEST(ReportJson, RatesFollowTheDefinitions) {
  const auto report = rates_report(history(), d("2002-06-01"));
  const json j = json_of(report);
  // Responses: MRF-BA(#1), MMS, MPRP (#2), MMS partial (#3), TCF: MMS, MPRP
  // not accepted, MMS (#3), MRF-BA (#4) = 8, of which 7 accept.
  EXPECT_EQ(j["total"]["acceptance"], json::parse(R"({"numerator": 7, "denominator": 8, "rate": 0.875})"));
  // Accepted recommendations: PLACMI-2#1, #2, #3, TCF#1, TCF#4 (TCF#2 not
  // accepted, TCF#3 incomplete); implemented: TCF#1.
  EXPECT_EQ(j["total"]["implementation"], json::parse(R"({"numerator": 1, "denominator": 5, "rate": 0.2})"));
  // Unit responses due: 8 made + MPRP on TCF#3 overdue = 9; on time: 5.
  EXPECT_EQ(j["total"]["on_time"]["numerator"], 5);
  EXPECT_EQ(j["total"]["on_time"]["denominator"], 9);
  ASSERT_EQ(j["by_year"].size(), 2U);
  EXPECT_EQ(j["by_year"][0]["year"], 2001);
  EXPECT_EQ(j["by_year"][0]["acceptance"]["denominator"], 4);
  EXPECT_EQ(j["by_year"][0]["implementation"],
            json::parse(R"({"numerator": 0, "denominator": 3, "rate": 0.0})"));
  EXPECT_EQ(j["by_year"][1]["year"], 2002);
  EXPECT_EQ(j["by_year"][1]["on_time"], json::parse(R"({"numerator": 3, "denominator": 5, "rate": 0.6})"));
  EXPECT_EQ(j["by_unit"][1]["unit"], "MPRP");
  EXPECT_EQ(j["by_unit"][1]["acceptance"], json::parse(R"({"numerator": 1, "denominator": 2, "rate": 0.5})"));
  EXPECT_EQ(j["by_unit"][1]["implementation"]["denominator"], 1);
  EXPECT_EQ(j["by_unit"][0]["implementation"],
            json::parse(R"({"numerator": 1, "denominator": 4, "rate": 0.25})"));
}

TEST(ReportJson, EmptyRateIsNull) {
  const json j = json_of(rates_report({}, d("2002-06-01")));
  EXPECT_EQ(j["total"]["acceptance"], json::parse(R"({"numerator": 0, "denominator": 0, "rate": null})"));
  EXPECT_EQ(j["by_year"], json::array());
}

TEST(ReportJson, UnitOwesResponsesAndActionsByDate) {
  const auto report = unit_report(history(), "MRF-BA", d("2002-03-15"));
  const json j = json_of(report);
  EXPECT_EQ(j["unit"], "MRF-BA");
  EXPECT_EQ(j["responses_due"], 2);
  EXPECT_EQ(j["actions_due"], 1);
  EXPECT_EQ(j["overdue"], 1);
  ASSERT_EQ(j["items"].size(), 3U);
  EXPECT_EQ(j["items"][0],
            json::parse(R"({"kind": "action", "due": "2001-12-31", "original_due": "2001-12-31",
      "ref": "PLACMI-2#1",
      "text": "Open a referral desk", "action_id": 1, "office_rating": null, "overdue": true, "days_overdue": 74, "ageing": "31-90"})"));
  EXPECT_EQ(j["items"][1]["ref"], "TCF#4");
  EXPECT_EQ(j["items"][1]["kind"], "response");
  EXPECT_EQ(j["items"][1]["action_id"], nullptr);
  EXPECT_EQ(j["items"][1]["overdue"], false);
  EXPECT_EQ(j["items"][1]["ageing"], nullptr);
  EXPECT_EQ(j["items"][2]["ref"], "TCF#5");
  EXPECT_EQ(j["items"][2]["due"], "2002-12-31");
}

TEST(ReportJson, ActionOwnerOwesItWhateverUnitResponded) {
  const auto report = unit_report(seed(), "MMS", d("2001-09-10"));
  ASSERT_EQ(report.items.size(), 1U);
  EXPECT_EQ(report.items[0].kind, OwedKind::action);
  EXPECT_EQ(report.items[0].action_id, 2);
  EXPECT_EQ(unit_report(seed(), "NOBODY", d("2001-09-10")).items.size(), 0U);
}

// Records of every shape the status counts tell apart, drawn at random
// (fixed seed): drafts, joint recommendations, responses on time, late and
// within extensions, reports with every claim, validations, closings and
// reopenings, facts entered late.
std::vector<RecommendationRecord> random_records(int n) {
  std::mt19937 rng(20011231);
  auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
  const Date base = d("2001-01-01");
  const std::vector<std::string> all_units{"MMS", "MPRP", "MRF-BA", "OIG"};
  std::vector<RecommendationRecord> out;
  for (int i = 0; i < n; ++i) {
    RecommendationRecord r;
    r.evaluation = "EVAL-" + std::to_string(i % 7);
    r.rec.number = i + 1;
    r.rec.text = "Recommendation " + std::to_string(i);
    for (const auto& u : all_units)
      if (pick(3) == 0 || (u == all_units.back() && r.rec.units.empty())) r.rec.units.push_back(u);
    r.rec.responsible = r.rec.units;
    const Date issued = base.plus_days(pick(60));
    r.rec.due = issued.plus_days(20 + pick(60) + (pick(5) == 0 ? 3000 : 0));
    if (pick(8) != 0) r.issued = issued;
    Date day = issued;
    auto later = [&](int most) { return day = day.plus_days(pick(most)); };
    if (pick(3) == 0) {
      Extension e;
      e.unit = pick(2) == 0
                   ? ""
                   : r.rec.units[static_cast<std::size_t>(pick(static_cast<int>(r.rec.units.size())))];
      e.granted = later(40);
      e.due = r.rec.due.plus_days(10 + pick(40));
      r.follow_up.extensions.push_back(e);
    }
    for (const auto& u : r.rec.units) {
      // A quarter of the units never respond: a shape drawn, not a check skipped.
      if (pick(4) == 0) continue;
      auto m = response(u.c_str(), later(50).iso().c_str(),
                        pick(5) == 0 ? Decision::not_accepted : Decision::accepted);
      m.recorded.late = pick(10) == 0;
      if (pick(2) == 0) {
        const std::string due = m.responded.plus_days(pick(200)).iso();
        const std::string added = m.responded.iso();
        m.actions.push_back(followup::testing::action(
            (static_cast<long long>(i) * 10) + static_cast<long long>(m.unit.size()), "Act",
            pick(2) == 0 ? u.c_str() : "MMS", due.c_str(), added.c_str()));
      }
      r.follow_up.responses.push_back(m);
      if (pick(2) == 0) {
        static constexpr std::array k_claims{ClaimedStatus::in_progress, ClaimedStatus::implemented,
                                             ClaimedStatus::not_implemented,
                                             ClaimedStatus::no_longer_applicable};
        r.follow_up.reports.push_back(followup::testing::report(
            u.c_str(), k_claims[static_cast<std::size_t>(pick(4))], later(90).iso().c_str()));
      }
    }
    if (pick(3) == 0)
      r.follow_up.validations.push_back(followup::testing::validation(
          pick(2) == 0 ? "implemented" : "in_progress", later(30).iso().c_str()));
    for (int c = pick(4); c > 0; --c) {
      ClosingEvent e;
      e.reopening = !r.follow_up.closings.empty() && !r.follow_up.closings.back().reopening;
      e.outcome = pick(2) == 0 ? Outcome::implemented : Outcome::not_implemented;
      e.on = later(60);
      if (!e.reopening)
        for (const auto& u : r.rec.units)
          if (std::none_of(r.follow_up.responses.begin(), r.follow_up.responses.end(),
                           [&](const auto& m) { return m.unit == u; }))
            e.unresponsive.push_back(u);
      r.follow_up.closings.push_back(e);
    }
    // Facts are kept in date order, as the store gives them.
    std::stable_sort(r.follow_up.reports.begin(), r.follow_up.reports.end(),
                     [](const auto& a, const auto& b) { return a.reported < b.reported; });
    out.push_back(std::move(r));
  }
  return out;
}

// The latest fact of the records (random_records' are all after 2001-01-01).
Date latest_fact(const std::vector<RecommendationRecord>& records) {
  Date last = d("2001-01-01");
  for (const auto& r : records)
    if (auto l = last_fact_date(r); l && *l > last) last = *l;
  return last;
}

// The shares a store keeps give, on any date on or after the last fact,
// exactly the counts of the full report: totals, per evaluation, per unit.
TEST(Reports, StatusSharesAddUpToTheReport) {
  const auto records = random_records(400);
  const Date last = latest_fact(records);
  for (int offset : {0, 1, 30, 200, 2000}) {
    const Date as_of = last.plus_days(offset);
    const StatusReport full = status_report(records, as_of);
    StatusCounts total;
    std::map<std::string, StatusCounts> by_evaluation;
    std::map<std::string, StatusCounts> by_unit;
    std::size_t drafts = 0;
    for (const auto& r : records) {
      const StatusShares shares = status_shares(r);
      // A draft adds nothing to the counts, as in the full report; exactly
      // the drafts are left out.
      EXPECT_EQ(shares.counted, r.issued.has_value()) << r.evaluation << "#" << r.rec.number;
      if (!shares.counted) {
        ++drafts;
        continue;
      }
      add_share(total, shares.recommendation, as_of);
      add_share(by_evaluation[r.evaluation], shares.recommendation, as_of);
      for (const auto& [unit, share] : shares.units) add_share(by_unit[unit], share, as_of);
    }
    EXPECT_GT(drafts, 0U) << "the records include drafts";
    const json expected = json_of(full);
    StatusReport kept = full;
    kept.total = total;
    kept.by_evaluation.clear();
    for (const auto& [k, c] : by_evaluation) kept.by_evaluation.push_back({k, c});
    kept.by_unit.clear();
    for (const auto& [k, c] : by_unit) kept.by_unit.push_back({k, c});
    const json got = json_of(kept);
    EXPECT_EQ(got["total"], expected["total"]) << "as of " << as_of.iso();
    EXPECT_EQ(got["by_evaluation"], expected["by_evaluation"]) << "as of " << as_of.iso();
    EXPECT_EQ(got["by_unit"], expected["by_unit"]) << "as of " << as_of.iso();
    // The sample exercises what the shares must get right.
    EXPECT_GT(full.total.overdue + full.total.awaiting_response, 0);
    if (offset == 0) {
      EXPECT_GT(full.total.awaiting_response, 0);
      EXPECT_GT(full.total.closed, 0);
      EXPECT_GT(full.total.responded_within_extension + full.total.responded_late, 0);
    }
  }
}

// The rates shares a store keeps, with each response overdue on the date
// added to the on-time denominators, give on any date on or after the last
// fact exactly the rates of the full report: total, per year, per unit.
TEST(Reports, RatesSharesAddUpToTheReport) {
  const auto records = random_records(400);
  const Date last = latest_fact(records);
  for (int offset : {0, 1, 30, 200, 2000}) {
    const Date as_of = last.plus_days(offset);
    const RatesReport full = rates_report(records, as_of);
    RatesReport kept = full;
    kept.total = Rates{};
    std::map<std::string, Rates> by_year;
    std::map<std::string, Rates> by_unit;
    int overdue = 0;
    std::size_t drafts = 0;
    for (const auto& r : records) {
      const std::optional<RecommendationRates> shares = rates_shares(r);
      // A draft adds nothing to the rates, as in the full report; exactly
      // the drafts are left out, and counted.
      EXPECT_EQ(shares.has_value(), r.issued.has_value()) << r.evaluation << "#" << r.rec.number;
      if (!shares) {
        ++drafts;
        continue;
      }
      Rates& year = by_year[shares->year];
      add_rates(year, shares->year_rates);
      add_rates(kept.total, shares->year_rates);
      for (const auto& row : shares->units) add_rates(by_unit[row.key], row.rates);
      // The store's pending rows (status_shares' pending_due, per unit)
      // join the on-time denominators once overdue on the date.
      for (const auto& [unit, share] : status_shares(r).units)
        if (share.pending_due && is_overdue(*share.pending_due, as_of)) {
          ++overdue;
          for (Rates* rates : {&year, &kept.total, &by_unit[unit]}) add_overdue_responses(*rates, 1);
        }
    }
    EXPECT_GT(drafts, 0U) << "the records include drafts";
    kept.by_year.clear();
    for (const auto& [k, r] : by_year) kept.by_year.push_back({k, r});
    kept.by_unit.clear();
    for (const auto& [k, r] : by_unit) kept.by_unit.push_back({k, r});
    EXPECT_EQ(json_of(kept), json_of(full)) << "as of " << as_of.iso();
    // The sample exercises what the shares must get right.
    EXPECT_GT(overdue, 0) << "as of " << as_of.iso();
    EXPECT_GT(full.total.on_time.numerator, 0);
    EXPECT_GT(full.total.within_extension.numerator, 0);
    EXPECT_GT(full.total.action_completion.denominator, full.total.action_completion.numerator);
    EXPECT_GT(full.total.implementation.numerator, 0);
  }
}

// `count` random records in reference order, as a store hands them over.
std::vector<RecommendationRecord> records_in_reference_order(int count) {
  auto records = random_records(count);
  std::stable_sort(records.begin(), records.end(), [](const auto& a, const auto& b) {
    return std::tie(a.evaluation, a.rec.number) < std::tie(b.evaluation, b.rec.number);
  });
  return records;
}

// Calls `each` with the records a page of 37 at a time, in order.
template <typename Each>
void for_each_page(const std::vector<RecommendationRecord>& records, Each each) {
  for (std::size_t at = 0; at < records.size(); at += 37)
    each(std::vector<RecommendationRecord>(
        records.begin() + static_cast<std::ptrdiff_t>(at),
        records.begin() + static_cast<std::ptrdiff_t>(std::min(at + 37, records.size()))));
}

// Reports added up from pages of records (as a store hands them over, in
// reference order) are the reports of all the records at once.
TEST(Reports, PagesAddUpToTheWholeReport) {
  const auto records = records_in_reference_order(400);
  for (const char* day : {"2001-03-01", "2001-06-15", "2002-06-30"}) {
    const Date as_of = d(day);
    StatusReport status;
    OverdueReport overdue;
    RatesReport rates;
    UnitReport unit;
    for_each_page(records, [&](const std::vector<RecommendationRecord>& page) {
      add_page(status, status_report(page, as_of));
      add_page(overdue, overdue_report(page, as_of));
      add_page(rates, rates_report(page, as_of));
      add_page(unit, unit_report(page, "MMS", as_of));
    });
    order(overdue);
    order(unit);
    status.as_of = overdue.as_of = rates.as_of = unit.as_of = as_of;
    unit.unit = "MMS";
    const auto whole_overdue = overdue_report(records, as_of);
    EXPECT_GT(whole_overdue.responses.size(), 10U) << day;
    EXPECT_GT(whole_overdue.actions.size(), 5U) << day;
    const auto whole_status = status_report(records, as_of);
    EXPECT_GT(whole_status.by_evaluation.size(), 5U) << day;
    EXPECT_EQ(json_of(status), json_of(whole_status)) << day;
    EXPECT_EQ(json_of(overdue), json_of(whole_overdue)) << day;
    EXPECT_EQ(json_of(rates), json_of(rates_report(records, as_of))) << day;
    EXPECT_EQ(json_of(unit), json_of(unit_report(records, "MMS", as_of))) << day;
  }
}

// The overdue report's counts by unit are of every overdue item, whatever
// the limit cuts from the lists: made a page at a time and cut after each
// page (as app's overdue_report makes it), they are the whole report's,
// and the whole report's are its items counted one by one.
TEST(Reports, OverdueByUnitCountsEveryItemWhateverTheLimit) {
  const auto records = records_in_reference_order(400);
  for (const char* day : {"2001-06-15", "2002-06-30"}) {
    const Date as_of = d(day);
    const auto whole = overdue_report(records, as_of);
    std::map<std::string, UnitOverdue> counted;
    for (const auto& r : whole.responses) ++counted[r.unit].responses[static_cast<std::size_t>(r.ageing)];
    for (const auto& a : whole.actions) ++counted[a.unit].actions;
    const auto expected = unit_overdue_rows(std::move(counted));
    EXPECT_GT(expected.size(), 3U) << day;
    EXPECT_EQ(whole.by_unit, expected) << day;
    OverdueReport cut;
    for_each_page(records, [&](const std::vector<RecommendationRecord>& page) {
      add_page(cut, overdue_report(page, as_of));
      keep_most_overdue(cut, 3);
    });
    EXPECT_EQ(cut.responses.size(), 3U) << day;
    EXPECT_EQ(cut.actions.size(), 3U) << day;
    EXPECT_EQ(cut.by_unit, expected) << day;
  }
}

}  // namespace
}  // namespace followup::app
