#include "cli/output.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/json_views.h"

namespace followup::cli {
namespace {

RecommendationRecord record_of(int number, const char* text) {
  RecommendationRecord record;
  record.evaluation = "PLACMI-2";
  record.rec.number = number;
  record.rec.text = text;
  record.rec.units = {"MMS", "MPRP"};
  record.rec.responsible = {"MMS", "MPRP"};
  record.rec.due = *Date::parse_iso("2001-08-31");
  return record;
}

std::vector<Unit> units() {
  Unit mms;
  mms.code = "MMS";
  mms.name = "Migration Management Services";
  return {mms};
}

std::string printed(const std::vector<app::ListedRecommendation>& rows, OutputFormat format) {
  std::ostringstream out;
  const auto directory = units();
  RecommendationListPrinter printer(out, directory, format);
  for (const auto& row : rows) printer.row(row);
  printer.finish();
  return out.str();
}

TEST(Output, ListJsonNamesUnitsLeadFirst) {
  const auto j = nlohmann::json::parse(printed({{record_of(2, "Study it."), 3}}, OutputFormat::json));
  ASSERT_EQ(j.size(), 1U);
  EXPECT_EQ(j[0]["ref"], "PLACMI-2#2");
  EXPECT_EQ(j[0]["responsible"], nlohmann::json({"Migration Management Services", "MPRP"}));
  EXPECT_EQ(j[0]["days_overdue"], 3);
  EXPECT_EQ(j[0]["due"], "2001-08-31");
}

// Printed a row at a time, the list is byte for byte the whole array
// dumped at once, whatever the number of rows (texts with line breaks
// and quotes included).
TEST(Output, StreamedListJsonIsTheWholeArraysDump) {
  std::vector<app::ListedRecommendation> rows;
  for (int n = 0; n <= 3; ++n) {
    nlohmann::json whole = nlohmann::json::array();
    for (const auto& row : rows) whole.push_back(app::json_of(row, units()));
    EXPECT_EQ(printed(rows, OutputFormat::json), whole.dump(2) + "\n") << n << " rows";
    rows.push_back({record_of(n + 1, "Line one,\n  \"quoted\" line two"), n});
  }
}

TEST(Output, AnEmptyListSaysSoInEachFormat) {
  EXPECT_EQ(printed({}, OutputFormat::text), "no recommendations match\n");
  EXPECT_EQ(printed({}, OutputFormat::csv),
            "ref,evaluation,number,due,days_overdue,lead,responsible,text\r\n");
  EXPECT_EQ(printed({}, OutputFormat::json), "[]\n");
}

TEST(Output, ListTextHasOneHeaderAndALineARow) {
  const std::string text =
      printed({{record_of(1, "One."), 0}, {record_of(2, "Two."), 12}}, OutputFormat::text);
  EXPECT_EQ(text,
            "REF             DUE         OVERDUE  RESPONSIBLE                       RECOMMENDATION\n"
            "PLACMI-2#1      2001-08-31  -        Migration Management Services...  One.\n"
            "PLACMI-2#2      2001-08-31  12d      Migration Management Services...  Two.\n");
}

}  // namespace
}  // namespace followup::cli
