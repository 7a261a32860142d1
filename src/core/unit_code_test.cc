#include "core/unit_code.h"

#include <gtest/gtest.h>

#include "core/unit_directory.h"

namespace followup {
namespace {

TEST(UnitCode, TheRule) {
  for (const char* good : {"MMS", "MRF-BA", "A", "X1", "ABCDEFGHIJKLMNOPQRST"})
    EXPECT_TRUE(is_valid_unit_code(good)) << good;
  for (const char* bad : {"", "mms", "MRF BA", "A&B", "MRF_BA", "ABCDEFGHIJKLMNOPQRSTU", "JOSÉ"})
    EXPECT_FALSE(is_valid_unit_code(bad)) << bad;
  EXPECT_TRUE(check_unit_code("MMS"));
  const auto refused = check_unit_code("bad code");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(refused.error().message, "unit code 'bad code' must be 1-20 characters of A-Z, 0-9 and '-'");
}

// The codes the importer derives for new units keep the same rule.
TEST(UnitCode, DerivedCodesKeepTheRule) {
  EXPECT_EQ(unit_from_addressee("Head of MRF Buenos Aires")->code, "MRF-BA");
  EXPECT_EQ(unit_from_addressee("Director, Intergovernmentalrelations")->code, "INTERGOVERNMENTALREL");
  EXPECT_EQ(unit_from_addressee("Head of MRF PGM DGO ABC DEF GHI")->code, "MRF-PGM-DGO-ABC-DEF");
  // An acronym in parentheses that breaks the rule is not taken as the code.
  EXPECT_EQ(unit_from_addressee("Director, Research and Budget (R&B)")->code, "RB");
  for (const char* name : {"Head of MRF Buenos Aires", "Director, Intergovernmentalrelations",
                           "Head of MRF PGM DGO ABC DEF GHI", "Director, Research and Budget (R&B)"})
    EXPECT_TRUE(is_valid_unit_code(unit_from_addressee(name)->code)) << name;
}

}  // namespace
}  // namespace followup
