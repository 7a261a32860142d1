// The rates share a kept index row holds: what a recommendation adds per
// year and unit, packed into text and read back.
#include "storage/projection.h"

#include <gtest/gtest.h>

namespace followup::storage_detail {
namespace {

RecommendationRates two_units() {
  RecommendationRates r;
  r.year = "2021";
  r.year_rates.acceptance = Rate{1, 2};
  r.year_rates.on_time = Rate{0, 2};
  r.year_rates.action_completion = Rate{3, 4};
  Rates mms;
  mms.acceptance = Rate{1, 1};
  r.units = {RatesRow{"MMS", mms}, RatesRow{"MRF-BA", Rates{}}};
  return r;
}

TEST(ProjectionTest, ARatesShareHasARowForItsYearAndEachUnitWithThePendingUnits) {
  StatusShares status;
  status.units = {{"MMS", StatusShare{}},
                  {"MRF-BA", StatusShare{StatusCounts{}, Date::parse_iso("2021-05-01")}}};
  const RatesShare share = rates_share(two_units(), status);
  ASSERT_EQ(share.size(), 3U);
  const RatesValues year = share.at({"year", "2021"});
  EXPECT_EQ(year, (RatesValues{1, 1, 2, 0, 0, 0, 0, 0, 2, 0, 0, 3, 4, 1}));
  EXPECT_EQ(share.at({"unit", "MMS"}), (RatesValues{1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(share.at({"unit", "MRF-BA"}), (RatesValues{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
  const Rates back = rates_from_values(year);
  EXPECT_EQ(back.acceptance.numerator, 1);
  EXPECT_EQ(back.acceptance.denominator, 2);
  EXPECT_EQ(back.on_time.denominator, 2);
  EXPECT_EQ(back.action_completion.numerator, 3);
  EXPECT_EQ(back.action_completion.denominator, 4);
  EXPECT_TRUE(rates_share(std::nullopt, status).empty());
}

TEST(ProjectionTest, APackedRatesShareReadsBackAsItWas) {
  const RatesShare share = rates_share(two_units(), StatusShares{});
  const std::string text = pack_rates(share);
  EXPECT_EQ(text,
            "unit MMS 1 1 1 0 0 0 0 0 0 0 0 0 0 0\n"
            "unit MRF-BA 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
            "year 2021 1 1 2 0 0 0 0 0 2 0 0 3 4 0\n");
  EXPECT_EQ(unpack_rates(text), share);
  EXPECT_EQ(unpack_rates(""), RatesShare{});
}

TEST(ProjectionTest, TextThatIsNoRatesShareIsRefused) {
  for (const char* bad : {
           "unit MMS 1 1 1 0 0 0 0 0 0 0 0 0 0\n",      // a value short
           "unit MMS 1 1 1 0 0 0 0 0 0 0 0 0 0 0 0\n",  // a value more
           "unit MMS 1 1 1 0 0 0 0 0 0 0 0 0 0 0",      // no end of line
           "team MMS 1 1 1 0 0 0 0 0 0 0 0 0 0 0\n",    // no such scope
           "unit MMS 1 1 x 0 0 0 0 0 0 0 0 0 0 0\n",    // not a number
           "unit\nMMS 1 1 1 0 0 0 0 0 0 0 0 0 0 0\n",   // a line break in a word
           "unit  1 1 1 0 0 0 0 0 0 0 0 0 0 0\n",       // no key
           "year 2021 1 0 0 0 0 0 0 0 0 0 0 0 0 0\nyear 2021 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n",  // a row twice
       })
    EXPECT_EQ(unpack_rates(bad), std::nullopt) << bad;
}

}  // namespace
}  // namespace followup::storage_detail
