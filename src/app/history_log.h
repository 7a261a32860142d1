// Every change a use case makes is appended to the history through here.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "app/session.h"

namespace followup::app {

// Appends {actor, now, entity, action, before, after} to the chained history.
Status record_change(Transaction& tx, const Session& session, std::string entity, std::string action,
                     const nlohmann::json& before, const nlohmann::json& after);

// Checks the store against its history with the key (Store::verify).
Result<VerifyReport> verify_history(const Session& session, const HistoryKey& key,
                                    std::optional<std::string_view> head);

}  // namespace followup::app
