#include "app/users.h"

#include <algorithm>

#include "app/history_log.h"
#include "app/json_views.h"
#include "core/names.h"

namespace followup::app {

namespace {

bool valid_user_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '_' || c == '@';
  });
}

std::string roles_text(const User& user) {
  std::string out;
  for (auto r : user.roles) {
    if (!out.empty()) out += ", ";
    out += to_string(r);
  }
  return out.empty() ? "no role" : out;
}

Status check_user_content(Transaction& tx, const User& user) {
  if (!valid_user_name(user.name))
    return make_error(
        ErrorCode::invalid_argument,
        "user name '" + user.name + "' must be 1-64 characters of letters, digits, '.', '-', '_', '@'");
  if (user.roles.empty())
    return make_error(ErrorCode::invalid_argument,
                      "user " + user.name + " needs at least one role (" + std::string(role_words()) + ")");
  const bool unit_role = std::find(user.roles.begin(), user.roles.end(), Role::unit) != user.roles.end();
  if (unit_role && user.units.empty())
    return make_error(ErrorCode::invalid_argument, "user " + user.name + " has the unit role but no unit");
  for (const auto& code : user.units) {
    auto unit = tx.find_unit(code);
    if (!unit) return unit.error();
    if (!*unit) return make_error(ErrorCode::not_found, "no unit " + code + " in the unit directory");
  }
  return {};
}

}  // namespace

bool is_anonymous(const User& user) { return user.name.empty() && user.roles.empty(); }

bool sees_through_actions(const User& user) {
  return !is_anonymous(user) &&
         std::all_of(user.roles.begin(), user.roles.end(), [](Role r) { return r == Role::unit; });
}

bool can_see(const User& user, const RecommendationRecord& record) {
  if (is_anonymous(user)) return record.issued.has_value() && record.disclosed;
  if (!sees_through_actions(user)) return true;
  // A draft is the office's until it is issued.
  if (!record.issued) return false;
  auto mine = [&](const std::string& code) {
    return std::find(user.units.begin(), user.units.end(), code) != user.units.end();
  };
  for (const auto& code : record.rec.units)
    if (mine(code)) return true;
  for (const auto& response : record.follow_up.responses)
    for (const auto& action : response.actions)
      if (mine(action.unit)) return true;
  return false;
}

Status require_role(const User& user, std::initializer_list<Role> roles, std::string_view what) {
  for (auto r : user.roles)
    if (std::find(roles.begin(), roles.end(), r) != roles.end()) return {};
  std::string needed;
  for (auto r : roles) {
    if (!needed.empty()) needed += " or ";
    needed += to_string(r);
  }
  return make_error(ErrorCode::permission_denied, "user " + user.name + " (" + roles_text(user) +
                                                      ") cannot " + std::string(what) +
                                                      ": it needs the role " + needed);
}

Result<User> acting_user(Transaction& tx, const Session& session) {
  if (session.principal.anonymous) return User{};
  if (session.principal.scheduler) {
    User scheduler;
    scheduler.name = std::string(k_scheduler_user);
    scheduler.full_name = "followup's daily run";
    return scheduler;
  }
  const std::string& name = session.principal.user;
  auto found = tx.find_user(name);
  if (!found) return found.error();
  if (*found) return std::move(**found);
  auto all = tx.list_users();
  if (!all) return all.error();
  if (all->empty()) {
    User setup;
    setup.name = name;
    setup.roles = {Role::admin, Role::evaluation};
    return setup;
  }
  if (name.empty())
    return field_error(ErrorCode::permission_denied, "actor", "say who is acting: no user was named");
  return field_error(ErrorCode::permission_denied, "actor", "no user '" + name + "'");
}

namespace {

bool is_admin(const User& u) {
  return std::find(u.roles.begin(), u.roles.end(), Role::admin) != u.roles.end();
}

}  // namespace

Status initialise(const Session& session, std::string_view admin) {
  return write_in(session, [&](Transaction& tx) -> Status {
    auto all = tx.list_users();
    if (!all) return all.error();
    if (!all->empty()) {
      const auto found =
          std::find_if(all->begin(), all->end(), [&](const User& u) { return u.name == admin; });
      if (found != all->end() && is_admin(*found)) return {};
      return make_error(ErrorCode::already_exists,
                        "the store already has users; an admin adds more (user add)");
    }
    User user;
    user.name = std::string(admin);
    user.roles = {Role::admin};
    if (auto st = check_user_content(tx, user); !st) return st;
    if (auto st = tx.add_user(user); !st) return st;
    return record_change(tx, session, "user:" + user.name, "create", nullptr, json_of(user));
  });
}

Status add_user(const Session& session, const User& user) {
  return write_in(session, [&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    if (auto st = require_role(*actor, {Role::admin}, "add users"); !st) return st;
    if (auto st = check_user_content(tx, user); !st) return st;
    auto all = tx.list_users();
    if (!all) return all.error();
    if (all->empty() && !is_admin(user))
      return make_error(ErrorCode::failed_precondition,
                        "the store has no users yet, so the first user must have the admin role (user " +
                            user.name + " has " + roles_text(user) +
                            "); without an admin nobody could manage users any more");
    auto existing = tx.find_user(user.name);
    if (!existing) return existing.error();
    if (*existing) return make_error(ErrorCode::already_exists, "user " + user.name + " already exists");
    if (auto st = tx.add_user(user); !st) return st;
    return record_change(tx, session, "user:" + user.name, "create", nullptr, json_of(user));
  });
}

Status edit_user(const Session& session, const User& user) {
  return write_in(session, [&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    if (auto st = require_role(*actor, {Role::admin}, "edit users"); !st) return st;
    auto existing = tx.find_user(user.name);
    if (!existing) return existing.error();
    if (!*existing) return make_error(ErrorCode::not_found, "no user " + user.name);
    if (auto st = check_user_content(tx, user); !st) return st;
    if (is_admin(**existing) && !is_admin(user)) {
      auto all = tx.list_users();
      if (!all) return all.error();
      if (std::count_if(all->begin(), all->end(), [](const User& u) { return is_admin(u); }) == 1)
        return make_error(ErrorCode::failed_precondition,
                          "user " + user.name +
                              " is the last admin and cannot lose the admin role; make "
                              "another user admin first");
    }
    if (auto st = tx.update_user(user); !st) return st;
    return record_change(tx, session, "user:" + user.name, "edit", json_of(**existing), json_of(user));
  });
}

Result<std::vector<User>> list_users(const Session& session) {
  std::vector<User> out;
  auto st = read_in(session, [&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    auto users = tx.list_users();
    if (!users) return users.error();
    out = std::move(*users);
    // A unit user sees itself and the users of its units, no one else's.
    if (!require_role(*actor, {Role::evaluation, Role::executive, Role::viewer, Role::admin}, "list users")) {
      std::erase_if(out, [&](const User& u) {
        if (u.name == actor->name) return false;
        return std::none_of(u.units.begin(), u.units.end(), [&](const std::string& unit) {
          return std::find(actor->units.begin(), actor->units.end(), unit) != actor->units.end();
        });
      });
    }
    return {};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace followup::app
