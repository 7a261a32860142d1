#include "app/users.h"

#include "app/test_support.h"
#include "app/units.h"

namespace followup::app {
namespace {

using testing::user;

class UsersTest : public testing::StoreFixture {};

TEST_F(UsersTest, SetupModeEndsWithTheFirstUser) {
  ASSERT_TRUE(add_user(session("anyone"), user("root", {Role::admin})));
  auto refused = add_user(session("anyone"), user("second", {Role::viewer}));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::permission_denied);
  ASSERT_TRUE(add_user(session("root"), user("second", {Role::viewer})));
  auto not_admin = add_user(session("second"), user("third", {Role::viewer}));
  ASSERT_FALSE(not_admin.ok());
  EXPECT_EQ(not_admin.error().message, "user second (viewer) cannot add users: it needs the role admin");
}

TEST_F(UsersTest, ChecksRolesAndUnits) {
  ASSERT_TRUE(add_user(session("root"), user("root", {Role::admin})));
  auto no_role = add_user(session("root"), user("x", {}));
  ASSERT_FALSE(no_role.ok());
  EXPECT_EQ(no_role.error().message,
            "user x needs at least one role (evaluation, executive, unit, viewer, admin)");
  auto no_unit = add_user(session("root"), user("x", {Role::unit}));
  ASSERT_FALSE(no_unit.ok());
  EXPECT_EQ(no_unit.error().message, "user x has the unit role but no unit");
  auto unknown_unit = add_user(session("root"), user("x", {Role::unit}, {"NOPE"}));
  ASSERT_FALSE(unknown_unit.ok());
  EXPECT_EQ(unknown_unit.error().message, "no unit NOPE in the unit directory");
  auto bad_name = add_user(session("root"), user("a b", {Role::viewer}));
  ASSERT_FALSE(bad_name.ok());
  EXPECT_EQ(bad_name.error().code, ErrorCode::invalid_argument);
}

TEST_F(UsersTest, EditReplacesRolesAndIsRecorded) {
  ASSERT_TRUE(add_user(session("root"), user("root", {Role::admin})));
  ASSERT_TRUE(add_user(session("root"), user("ana", {Role::viewer})));
  ASSERT_TRUE(edit_user(session("root"), user("ana", {Role::viewer, Role::executive})));
  EXPECT_FALSE(list_users(session("nobody")).ok()) << "an unknown user reads nothing";
  auto users = list_users(session("root"));
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  const auto& ana = (*users)[0].name == "ana" ? (*users)[0] : (*users)[1];
  EXPECT_EQ(ana.roles, (std::vector<Role>{Role::viewer, Role::executive}));
  auto missing = edit_user(session("root"), user("zed", {Role::viewer}));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace followup::app
