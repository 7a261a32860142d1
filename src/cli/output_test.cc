#include "cli/output.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>

namespace followup::cli {
namespace {

TEST(Output, ListJsonNamesUnitsLeadFirst) {
  RecommendationRecord record;
  record.evaluation = "PLACMI-2";
  record.rec.number = 2;
  record.rec.text = "Study it.";
  record.rec.units = {"MMS", "MPRP"};
  record.rec.responsible = {"MMS", "MPRP"};
  record.rec.due = *Date::parse_iso("2001-08-31");
  Unit mms;
  mms.code = "MMS";
  mms.name = "Migration Management Services";
  std::ostringstream out;
  print_recommendation_list(out, {app::ListedRecommendation{record, 3}}, {mms}, OutputFormat::json);
  const auto j = nlohmann::json::parse(out.str());
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["ref"], "PLACMI-2#2");
  EXPECT_EQ(j[0]["responsible"], nlohmann::json({"Migration Management Services", "MPRP"}));
  EXPECT_EQ(j[0]["days_overdue"], 3);
  EXPECT_EQ(j[0]["due"], "2001-08-31");
}

}  // namespace
}  // namespace followup::cli
