#include "core/reports.h"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace followup {
namespace {

TEST(Reports, FootersDefineTheirTerms) {
  EXPECT_NE(report_footer(ReportKind::status)
                .find("Responded late: every responsible unit responded, at least one "
                      "after the due date in force on the day it responded."),
            std::string_view::npos);
  EXPECT_NE(report_footer(ReportKind::overdue).find("1-30, 31-90, 91-180, 181-365, over 365"),
            std::string_view::npos);
  EXPECT_NE(report_footer(ReportKind::rates).find("On-time response rate"), std::string_view::npos);
  EXPECT_NE(report_footer(ReportKind::rates).find("Action completion rate"), std::string_view::npos);
  EXPECT_NE(report_footer(ReportKind::status).find("Closed without response"), std::string_view::npos);
  EXPECT_NE(report_footer(ReportKind::unit).find("What the unit owes"), std::string_view::npos);
  for (auto k :
       {ReportKind::status, ReportKind::overdue, ReportKind::rates, ReportKind::unit, ReportKind::annual})
    EXPECT_EQ(parse_report_kind(to_string(k)), k);
  EXPECT_FALSE(parse_report_kind("summary"));
}

// docs/reports.md quotes every footer word for word; a footer changed in
// one place and not the other would let the reports and their definitions
// drift apart.
TEST(Reports, DocsQuoteEveryFooter) {
  std::ifstream in(std::string(FOLLOWUP_SOURCE_DIR) + "/docs/reports.md");
  ASSERT_TRUE(in) << "docs/reports.md";
  std::stringstream text;
  text << in.rdbuf();
  for (auto k :
       {ReportKind::status, ReportKind::overdue, ReportKind::rates, ReportKind::unit, ReportKind::annual})
    EXPECT_NE(text.str().find("\n> " + std::string(report_footer(k)) + "\n"), std::string::npos)
        << to_string(k);
}

}  // namespace
}  // namespace followup
