// Every change a use case makes is appended to the history through here.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "app/session.h"

namespace followup::app {

// Appends {actor, now, entity, action, before, after} to the chained history.
Status record_change(Transaction& tx, const Session& session, std::string entity, std::string action,
                     const nlohmann::json& before, const nlohmann::json& after);

// Checks the store's file (require_undamaged: data_loss when damaged), then
// the whole chain. Nullopt when it holds; else the first entry that does
// not fit.
Result<std::optional<HistoryFault>> verify_history(const Session& session);

}  // namespace followup::app
