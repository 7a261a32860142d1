// JSON views of the domain types, for history entries and `--json` output.
// The keys are part of the CLI and API contract: add, never rename.
#pragma once

#include <nlohmann/json.hpp>

#include "core/model.h"

namespace followup {

nlohmann::json json_of(const Unit& unit);
nlohmann::json json_of(const User& user);
nlohmann::json json_of(const MemoHeader& memo);
// The recommendation alone, as imported or edited.
nlohmann::json json_of(const Recommendation& rec, std::string_view evaluation_code);
// The evaluation without its recommendations.
nlohmann::json json_of(const Evaluation& evaluation);
nlohmann::json json_of(const Recorded& recorded);
nlohmann::json json_of(const ActionEvent& event);
nlohmann::json json_of(const KeyAction& action);
nlohmann::json json_of(const ManagementResponse& response);
nlohmann::json json_of(const Evidence& evidence);
nlohmann::json json_of(const ProgressReport& report);
nlohmann::json json_of(const Validation& validation);
nlohmann::json json_of(const ClosingEvent& closing);
nlohmann::json json_of(const Extension& extension);
nlohmann::json json_of(const Revision& revision);

// Null for nullopt, "YYYY-MM-DD" otherwise.
nlohmann::json json_of(const std::optional<Date>& date);

}  // namespace followup
