#include "app/units.h"

#include "app/test_support.h"

namespace followup::app {
namespace {

class UnitsTest : public testing::StoreFixture {};

Unit unit(std::string code, std::string name, std::string head = "") {
  Unit u;
  u.code = std::move(code);
  u.name = std::move(name);
  u.head_title = std::move(head);
  return u;
}

TEST_F(UnitsTest, AddsListsAndAliases) {
  ASSERT_TRUE(add_unit(session(), unit("FIN", "Finance and Administration", "Director, FIN")));
  ASSERT_TRUE(add_unit_alias(session(), "Finance and Administration", "Finance Department"));
  auto units = list_units(session());
  ASSERT_TRUE(units.ok());
  ASSERT_EQ(units->size(), 1u);
  EXPECT_EQ((*units)[0].aliases, std::vector<std::string>{"Finance Department"});
}

TEST_F(UnitsTest, RefusesDuplicatesAndBadCodesWithClearMessages) {
  ASSERT_TRUE(add_unit(session(), unit("FIN", "Finance and Administration")));
  auto dup = add_unit(session(), unit("FIN", "Other"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().message, "unit FIN already exists");
  auto same_name = add_unit(session(), unit("FA", "Finance and Administration"));
  ASSERT_FALSE(same_name.ok());
  EXPECT_EQ(same_name.error().message, "'Finance and Administration' already names unit FIN");
  auto bad = add_unit(session(), unit("fin x", "X"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "unit code 'fin x' must be 1-20 characters of A-Z, 0-9 and '-'");
  auto orphan = add_unit(session(), [] {
    Unit u = unit("SUB", "Sub unit");
    u.parent = "NOPE";
    return u;
  }());
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().message, "parent unit NOPE does not exist");
  auto alias = add_unit_alias(session(), "Nowhere", "X");
  ASSERT_FALSE(alias.ok());
  EXPECT_EQ(alias.error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace followup::app
