#include "app/queries.h"

#include "app/import.h"
#include "app/test_support.h"

namespace followup::app {
namespace {

class QueriesTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    auto outcome = import_memo(session(), ImportRequest{"seed.txt", testing::seed_memo(), false, false});
    ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  }
  std::vector<std::string> refs(const ListQuery& query) {
    auto rows = list_recommendations(session(), query);
    EXPECT_TRUE(rows.ok()) << rows.error().describe();
    std::vector<std::string> out;
    if (rows.ok())
      for (const auto& r : *rows)
        out.push_back(r.record.evaluation + "#" + std::to_string(r.record.rec.number));
    return out;
  }
};

TEST_F(QueriesTest, OverdueFromTheDayAfterTheDueDate) {
  ListQuery q;
  q.overdue_only = true;
  q.as_of = *Date::parse_iso("2001-08-31");
  EXPECT_TRUE(refs(q).empty());
  q.as_of = *Date::parse_iso("2001-09-01");
  EXPECT_EQ(refs(q), (std::vector<std::string>{"PLACMI-2#1", "PLACMI-2#2"}));
  auto rows = list_recommendations(session(), q);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].days_overdue, 1);
}

TEST_F(QueriesTest, FiltersByUnitNameOrTitle) {
  ListQuery q;
  q.as_of = *Date::parse_iso("2001-08-01");
  q.unit = "Director, MPRP";
  EXPECT_EQ(refs(q), std::vector<std::string>{"PLACMI-2#2"});
  q.unit = "IOM Buenos Aires";
  EXPECT_EQ(refs(q), std::vector<std::string>{"PLACMI-2#1"});
  q.unit = "Nowhere";
  auto rows = list_recommendations(session(), q);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().code, ErrorCode::not_found);
  EXPECT_EQ(rows.error().message, "no unit 'Nowhere' in the unit directory");
}

TEST_F(QueriesTest, FindsOneRecommendationOrSaysWhatIsMissing) {
  auto rec = find_recommendation(session(), "PLACMI-2#2");
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(rec->rec.units, (std::vector<std::string>{"MMS", "MPRP"}));
  auto missing = find_recommendation(session(), "PLACMI-2#3");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "no recommendation PLACMI-2#3");
  auto malformed = find_recommendation(session(), "PLACMI-2");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace followup::app
