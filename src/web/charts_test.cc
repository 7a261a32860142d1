#include "web/charts.h"

#include <gtest/gtest.h>

namespace followup::web {
namespace {

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(Charts, StackedBarsHaveARectPerNonZeroValueAndTheRowTotal) {
  BarChart chart{"overdue",
                 "Overdue <by> unit",
                 "Responses overdue",
                 {"MMS", "MRF-BA"},
                 {{"1-30 days", {2, 0}}, {"31-90 days", {1, 3}}},
                 "",
                 0};
  const std::string out = svg(chart);
  EXPECT_TRUE(out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\""));
  EXPECT_NE(out.find("aria-labelledby=\"overdue-title overdue-desc\""), std::string::npos);
  EXPECT_NE(out.find("<title id=\"overdue-title\">Overdue &lt;by&gt; unit</title>"), std::string::npos);
  // Legend squares (2) and bars (3: MMS 2 and 1, MRF-BA 3; the 0 draws none).
  EXPECT_EQ(count(out, "<rect "), 5);
  EXPECT_NE(out.find("<title>MMS, 1-30 days: 2</title>"), std::string::npos);
  EXPECT_NE(out.find("<title>MRF-BA, 31-90 days: 3</title>"), std::string::npos);
  // The largest row (MMS 3, MRF-BA 3) fills the width: 420 pixels after the labels.
  EXPECT_NE(out.find("x=\"140\" y=\"54\" width=\"420\""), std::string::npos) << out;
}

TEST(Charts, RatesCarryTheirSuffixAndAFixedScale) {
  BarChart chart{"rates", "Implementation", "d", {"2001"}, {{"rate", {50}}}, "%", 100};
  const std::string out = svg(chart);
  EXPECT_NE(out.find("width=\"210\""), std::string::npos) << out;
  EXPECT_NE(out.find("<title>2001, rate: 50%</title>"), std::string::npos);
  EXPECT_EQ(count(out, "<rect "), 1);  // one series: no legend
}

TEST(Charts, NoRowsSaySo) {
  EXPECT_NE(svg(BarChart{"x", "t", "d", {}, {}, "", 0}).find(">Nothing to show</text>"), std::string::npos);
}

}  // namespace
}  // namespace followup::web
