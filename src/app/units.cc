#include "app/units.h"

#include "app/history_log.h"
#include "app/json_views.h"
#include "app/users.h"
#include "core/unit_code.h"
#include "core/unit_directory.h"

namespace followup::app {

namespace {

// The directory is kept by administrators and the evaluation office.
Status require_editor(Transaction& tx, const Session& session, std::string_view what) {
  auto actor = acting_user(tx, session);
  if (!actor) return actor.error();
  return require_role(*actor, {Role::admin, Role::evaluation}, what);
}

}  // namespace

Status add_unit(const Session& session, const Unit& unit) {
  if (auto st = check_unit_code(unit.code); !st) return st;
  if (unit.name.empty())
    return make_error(ErrorCode::invalid_argument, "unit " + unit.code + " needs a name");
  return write_in(session, [&](Transaction& tx) -> Status {
    if (auto st = require_editor(tx, session, "add units"); !st) return st;
    auto existing = tx.find_unit(unit.code);
    if (!existing) return existing.error();
    if (*existing) return make_error(ErrorCode::already_exists, "unit " + unit.code + " already exists");
    auto units = tx.list_units();
    if (!units) return units.error();
    const UnitDirectory directory(std::move(*units));
    for (const auto& name : {unit.name, unit.head_title}) {
      if (name.empty()) continue;
      if (auto match = directory.resolve(name); match && match->how != MatchKind::place)
        return make_error(ErrorCode::already_exists,
                          "'" + name + "' already names unit " + match->unit->code);
    }
    if (!unit.parent.empty()) {
      auto parent = tx.find_unit(unit.parent);
      if (!parent) return parent.error();
      if (!*parent) return make_error(ErrorCode::not_found, "parent unit " + unit.parent + " does not exist");
    }
    if (auto st = tx.add_unit(unit); !st) return st;
    return record_change(tx, session, "unit:" + unit.code, "create", nullptr, json_of(unit));
  });
}

Status edit_unit(const Session& session, const UnitEdit& edit) {
  return write_in(session, [&](Transaction& tx) -> Status {
    if (auto st = require_editor(tx, session, "edit units"); !st) return st;
    auto existing = tx.find_unit(edit.code);
    if (!existing) return existing.error();
    if (!*existing)
      return make_error(ErrorCode::not_found, "no unit '" + edit.code + "' in the unit directory");
    Unit unit = **existing;
    if (edit.name) unit.name = *edit.name;
    if (edit.kind) unit.kind = *edit.kind;
    if (edit.parent) unit.parent = *edit.parent;
    if (edit.head_title) unit.head_title = *edit.head_title;
    if (edit.aliases) unit.aliases = *edit.aliases;
    if (edit.emails) unit.emails = *edit.emails;
    if (unit.name.empty())
      return make_error(ErrorCode::invalid_argument, "unit " + unit.code + " needs a name");
    if (unit.parent == unit.code)
      return make_error(ErrorCode::invalid_argument, "unit " + unit.code + " cannot be its own parent");
    auto units = tx.list_units();
    if (!units) return units.error();
    const UnitDirectory directory(std::move(*units));
    std::vector<std::string> names{unit.name, unit.head_title};
    names.insert(names.end(), unit.aliases.begin(), unit.aliases.end());
    for (const auto& name : names) {
      if (name.empty()) continue;
      if (auto match = directory.resolve(name);
          match && match->how != MatchKind::place && match->unit->code != unit.code)
        return make_error(ErrorCode::already_exists,
                          "'" + name + "' already names unit " + match->unit->code);
    }
    if (auto st = tx.update_unit(unit); !st) return st;
    return record_change(tx, session, "unit:" + unit.code, "edit", json_of(**existing), json_of(unit));
  });
}

Status add_unit_alias(const Session& session, std::string_view unit_name, std::string_view alias) {
  if (alias.empty()) return make_error(ErrorCode::invalid_argument, "an alias cannot be empty");
  return write_in(session, [&](Transaction& tx) -> Status {
    if (auto st = require_editor(tx, session, "change units"); !st) return st;
    auto units = tx.list_units();
    if (!units) return units.error();
    const UnitDirectory directory(std::move(*units));
    auto match = directory.resolve(unit_name);
    if (!match || match->how == MatchKind::place)
      return make_error(ErrorCode::not_found,
                        "no unit '" + std::string(unit_name) + "' in the unit directory");
    if (auto other = directory.resolve(alias); other && other->how != MatchKind::place) {
      if (other->unit->code == match->unit->code) return Status{};
      return make_error(ErrorCode::invalid_argument,
                        "'" + std::string(alias) + "' already names unit " + other->unit->code);
    }
    Unit updated = *match->unit;
    updated.aliases.emplace_back(alias);
    if (auto st = tx.update_unit(updated); !st) return st;
    return record_change(tx, session, "unit:" + updated.code, "alias", json_of(*match->unit),
                         json_of(updated));
  });
}

Result<std::vector<Unit>> list_units(const Session& session) {
  std::vector<Unit> out;
  auto st = read_in(session, [&](Transaction& tx) -> Status {
    if (auto actor = acting_user(tx, session); !actor) return actor.error();
    auto units = tx.list_units();
    if (!units) return units.error();
    out = std::move(*units);
    return {};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace followup::app
