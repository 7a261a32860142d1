#include "app/show.h"

#include "app/follow_up.h"
#include "app/import.h"
#include "app/test_support.h"
#include "app/users.h"

namespace followup::app {
namespace {

using testing::day;

class ShowTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    ASSERT_TRUE(initialise(session("setup"), "root"));
    ASSERT_TRUE(add_user(session("root"), testing::user("eva", {Role::evaluation})));
    ASSERT_TRUE(import_memo(session("eva"), ImportRequest{"seed.txt", testing::seed_memo(), false, false}));
    ASSERT_TRUE(add_user(session("root"), testing::user("mprp", {Role::unit}, {"MPRP"})));
    ASSERT_TRUE(issue_evaluation(session("eva"), "PLACMI-2", day("2001-07-20")));
  }
};

TEST_F(ShowTest, GivesTheRecommendationItsEvaluationAndItsHistoryTogether) {
  auto shown = show_recommendation(session("eva"), "PLACMI-2#02", ShowQuery{day("2001-09-03"), true});
  ASSERT_TRUE(shown.ok()) << shown.error().describe();
  EXPECT_EQ(shown->record.rec.number, 2);
  EXPECT_EQ(shown->as_of, day("2001-09-03"));
  EXPECT_EQ(shown->evaluation.code, "PLACMI-2");
  EXPECT_EQ(shown->evaluation.issued, day("2001-07-20"));
  EXPECT_FALSE(shown->evaluation.memo.subject.empty());
  EXPECT_TRUE(shown->evaluation.recommendations.empty());  // not the others
  EXPECT_EQ(shown->units.size(), 3u);
  ASSERT_TRUE(shown->history.has_value());
  ASSERT_EQ(shown->history->size(), 2u);
  EXPECT_EQ((*shown->history)[0].event.action, "import");
  EXPECT_EQ((*shown->history)[1].event.action, "issue");
  auto without = show_recommendation(session("eva"), "PLACMI-2#2", ShowQuery{day("2001-09-03"), false});
  ASSERT_TRUE(without.ok());
  EXPECT_FALSE(without->history.has_value());
}

TEST_F(ShowTest, WhatTheUserMayNotSeeAnswersAsWhatDoesNotExist) {
  auto theirs = show_recommendation(session("mprp"), "PLACMI-2#1", ShowQuery{day("2001-09-03"), true});
  auto none = show_recommendation(session("mprp"), "PLACMI-2#9", ShowQuery{day("2001-09-03"), true});
  ASSERT_FALSE(theirs.ok());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(theirs.error().code, ErrorCode::not_found);
  EXPECT_EQ(theirs.error().message, "no recommendation PLACMI-2#1");
  EXPECT_EQ(none.error().message, "no recommendation PLACMI-2#9");
  EXPECT_TRUE(show_recommendation(session("mprp"), "PLACMI-2#2", ShowQuery{day("2001-09-03"), false}).ok());
  auto bad = show_recommendation(session("eva"), "PLACMI-2", ShowQuery{day("2001-09-03"), false});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_argument);
  auto nobody = show_recommendation(session("nobody"), "PLACMI-2#1", ShowQuery{day("2001-09-03"), false});
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().field, "actor");
}

}  // namespace
}  // namespace followup::app
