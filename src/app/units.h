// The unit directory's use cases.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/session.h"

namespace followup::app {

// Adds a unit; already_exists when the code is taken, invalid_argument when
// the code is not 1-20 characters of A-Z, 0-9 and '-' or the name is empty.
Status add_unit(const Session& session, const Unit& unit);

// Adds another name for a unit found by code, name, alias or head title.
// invalid_argument when the alias already names a different unit.
Status add_unit_alias(const Session& session, std::string_view unit, std::string_view alias);

// The fields of `unit edit`: each given one replaces the unit's.
struct UnitEdit {
  std::string code;
  std::optional<std::string> name, kind, parent, head_title;
  std::optional<std::vector<std::string>> aliases, emails;
};
// not_found for an unknown unit or parent; invalid_argument for an empty
// name; already_exists when a new name or alias names another unit.
Status edit_unit(const Session& session, const UnitEdit& edit);

// Every role may read the directory; an unknown user may not.
Result<std::vector<Unit>> list_units(const Session& session);

}  // namespace followup::app
