// Users and who is acting.
//
// Setup mode: while the store has no user at all, requests act as the
// principal's name with the roles admin and evaluation, so that a new
// installation can import its first memo and create its first users. Once
// one user exists, every command must name a known user and the rules of
// that user's roles apply.
#pragma once

#include <vector>

#include "app/session.h"

namespace followup::app {

// The acting user of the session: the anonymous user (no name, no role)
// for an anonymous principal; the user "followup" (no role) for the
// scheduler; else the stored user its principal names, or
// the setup-mode user when there are no users. permission_denied, with the
// field "actor", names the unknown user otherwise.
Result<User> acting_user(Transaction& tx, const Session& session);
inline constexpr std::string_view k_scheduler_user = "followup";

// Creates the store's first user, with the admin role, on a store with no
// users (setup mode ends). On a store whose users include `admin` as an
// admin it does nothing; already_exists on a store with other users.
Status initialise(const Session& session, std::string_view admin);

// Adds a user; needs the admin role (or setup mode, where the first user
// must be an admin). The last admin cannot lose the role (edit_user). invalid_argument for an
// empty or malformed name, no role, or a unit role without units;
// not_found for an unknown unit; already_exists for a taken name.
Status add_user(const Session& session, const User& user);

// Replaces the user's full name, email, roles and units (by name).
Status edit_user(const Session& session, const User& user);

// Every user; for a user with only the unit role, itself and the users of
// its units.
Result<std::vector<User>> list_users(const Session& session);

// The user of an anonymous principal: no name, no role, no unit.
bool is_anonymous(const User& user);

// Whether the user may read the recommendation: every role but `unit` sees
// everything; a unit user sees what its units are responsible for or own an
// action of (once issued); the anonymous user, what is issued and disclosed.
bool can_see(const User& user, const RecommendationRecord& record);
// Whether can_see turns on the record's follow-up for the user: for a
// user with no role but `unit` (not anonymous), who may see a
// recommendation through a key action its units own.
bool sees_through_actions(const User& user);

// permission_denied unless the user has one of the roles.
Status require_role(const User& user, std::initializer_list<Role> roles, std::string_view what);

}  // namespace followup::app
