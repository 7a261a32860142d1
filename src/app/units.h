// The unit directory's use cases.
#pragma once

#include <vector>

#include "app/session.h"

namespace followup::app {

// Adds a unit; already_exists when the code is taken, invalid_argument when
// the code is not 1-20 characters of A-Z, 0-9 and '-' or the name is empty.
Status add_unit(const Session& session, const Unit& unit);

// Adds another name for a unit found by code, name, alias or head title.
// invalid_argument when the alias already names a different unit.
Status add_unit_alias(const Session& session, std::string_view unit, std::string_view alias);

Result<std::vector<Unit>> list_units(const Session& session);

}  // namespace followup::app
