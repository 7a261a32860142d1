#include "app/tracker.h"

#include "app/history_log.h"
#include "app/queries.h"
#include "app/test_support.h"
#include "core/derived.h"

namespace followup::app {
namespace {

using testing::day;
using testing::user;

class TrackerTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    import_seed(user("eva", {Role::evaluation}), {user("ba", {Role::unit}, {"MRF-BA"})});
    ASSERT_FALSE(HasFatalFailure());
  }
  Result<TrackerOutcome> bring_in(const std::string& csv, bool dry_run = false,
                                  const std::string& actor = "eva") {
    // A week back, as units may date their facts: the tracker's are older, entered late.
    return import_tracker(session(actor, 7), TrackerRequest{"tracker.csv", csv, {}, dry_run});
  }
  std::size_t history_size() { return history_of(session("root"), std::nullopt)->size(); }
  RecommendationRecord record(const std::string& ref) {
    auto found = find_recommendation(session("eva"), ref);
    EXPECT_TRUE(found.ok()) << ref;
    return found.ok() ? *found : RecommendationRecord{};
  }
};

const std::string k_tracker =
    "Evaluation,Title,Issued,No.,Recommendation,Responsible,Due,Response,Response date,Key action,Action "
    "owner,"
    "Action due,Status,Status date\n"
    // The seed's own evaluation: what became of it.
    "PLACMI-2,,2001-07-20,1,,,,Accepted,2001-08-20,Convene the meeting,MRF-BA,2001-10-31,In "
    "progress,2001-11-15\n"
    "PLACMI-2,,,1,,,,,,Agree the parameters,MMS,2001-12-31,,\n"
    "PLACMI-2,,,2,,,,Partially accepted,2001-09-05,,,,Closed - not implemented,2002-06-30\n"
    // An evaluation the store does not hold.
    "RRP-WA,Review of the Regional Programme,2002-02-01,1,Map the "
    "partners.,MMS,2002-06-30,Accepted,2002-06-01,"
    ",,,Closed - implemented,2002-11-15\n"
    "RRP-WA,,,2,Train the staff.,MPRP/MRF-BA,2002-06-30,,,,,,,\n";

TEST_F(TrackerTest, EntersEveryRowAsDatedFactsOfTheOffice) {
  const auto before = history_size();
  auto done = bring_in(k_tracker);
  ASSERT_TRUE(done.ok()) << done.error().describe();
  EXPECT_EQ(done->created, std::vector<std::string>{"RRP-WA"});
  EXPECT_EQ(
      done->entries,
      (std::vector<std::string>{
          "rows 2-3: PLACMI-2#1: MRF-BA accepted on 2001-08-20 with 2 key actions; in progress on 2001-11-15",
          "row 4: PLACMI-2#2: MMS, MPRP partially accepted on 2001-09-05; closed as not implemented on "
          "2002-06-30",
          "row 5: RRP-WA#1: MMS accepted on 2002-06-01; closed as implemented on 2002-11-15",
          "row 6: RRP-WA#2: no response"}));
  EXPECT_GT(history_size(), before);

  const auto one = record("PLACMI-2#1");
  ASSERT_EQ(one.follow_up.responses.size(), 1U);
  EXPECT_EQ(one.follow_up.responses[0].actions.size(), 2U);
  EXPECT_EQ(one.follow_up.responses[0].actions[1].unit, "MMS");
  ASSERT_EQ(one.follow_up.reports.size(), 1U);
  EXPECT_EQ(one.follow_up.reports[0].reported, day("2001-11-15"));
  // Entered in 2002-12-31 for 2001: late, and by the office for the unit.
  EXPECT_TRUE(one.follow_up.responses[0].recorded.late);
  EXPECT_TRUE(one.follow_up.responses[0].recorded.on_behalf);
  EXPECT_EQ(state_of(view_as_of(record("PLACMI-2#2"), day("2002-12-31"))), State::closed_not_implemented);
  const auto made = record("RRP-WA#1");
  EXPECT_EQ(made.issued, std::optional<Date>(day("2002-02-01")));
  EXPECT_EQ(state_of(view_as_of(made, day("2002-12-31"))), State::closed_implemented);
  EXPECT_EQ(record("RRP-WA#2").rec.units, (std::vector<std::string>{"MPRP", "MRF-BA"}));
  // The evaluation the tracker made keeps no memo "as sent": it had none.
  EXPECT_EQ(memo_original(session("eva"), "RRP-WA").error().code, ErrorCode::not_found);
  // Once in, the same rows are refused: every fact is there already.
  EXPECT_FALSE(bring_in(k_tracker).ok());
}

TEST_F(TrackerTest, ADryRunDoesEverythingAndKeepsNothing) {
  const auto before = history_size();
  auto preview = bring_in(k_tracker, /*dry_run=*/true);
  ASSERT_TRUE(preview.ok()) << preview.error().describe();
  EXPECT_TRUE(preview->dry_run);
  EXPECT_EQ(preview->entries.size(), 4U);
  EXPECT_EQ(history_size(), before);
  EXPECT_TRUE(record("PLACMI-2#1").follow_up.responses.empty());
  EXPECT_EQ(memo_of(session("eva"), "RRP-WA").error().code, ErrorCode::not_found);
}

TEST_F(TrackerTest, OneRefusedRowKeepsNothingAndSaysWhere) {
  const auto before = history_size();
  // A row naming a recommendation its evaluation lacks refuses the whole tracker.
  std::string csv = k_tracker;
  csv += "PLACMI-2,,,3,,,,,,,,,,\n";
  auto refused = bring_in(csv);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().describe(),
            "tracker.csv:7: PLACMI-2#3: evaluation PLACMI-2 has no recommendation 3");
  EXPECT_EQ(history_size(), before);
  EXPECT_TRUE(record("PLACMI-2#1").follow_up.responses.empty());

  auto unknown = bring_in(
      "Evaluation,No.,Recommendation,Responsible,Due\n"
      "NEW-1,1,Do it.,Finance,2002-01-31\n");
  EXPECT_EQ(
      unknown.error().describe(),
      "tracker.csv:2: NEW-1#1: unit 'Finance' is not in the unit directory (add it with unit add, or an "
      "alias with unit alias)");
  auto missing = bring_in("Evaluation,No.\nNEW-1,1\n");
  EXPECT_EQ(missing.error().describe(),
            "tracker.csv:2: NEW-1#1: evaluation NEW-1 is not in the store: the tracker must give each of its "
            "recommendations' text, responsible units and due date");
  EXPECT_EQ(bring_in(k_tracker, false, "ba").error().code, ErrorCode::permission_denied);
  EXPECT_EQ(history_size(), before);
}

}  // namespace
}  // namespace followup::app
