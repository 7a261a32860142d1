// The spelling of each enumeration in files, the store, the CLI and JSON.
// parse_* answer nullopt for an unknown word.
#pragma once

#include <optional>
#include <string_view>

#include "core/model.h"

namespace followup {

std::string_view to_string(Role r);
std::string_view to_string(Decision d);
std::string_view to_string(ClaimedStatus s);
std::string_view to_string(Outcome o);
std::string_view to_string(ActionStatus s);
std::string_view to_string(Priority p);

std::optional<Role> parse_role(std::string_view s);
std::optional<Decision> parse_decision(std::string_view s);
std::optional<ClaimedStatus> parse_claimed_status(std::string_view s);
std::optional<Outcome> parse_outcome(std::string_view s);
std::optional<ActionStatus> parse_action_status(std::string_view s);
std::optional<Priority> parse_priority(std::string_view s);

// "accepted, partially_accepted, not_accepted": for error messages.
std::string_view role_words();
std::string_view decision_words();
std::string_view claimed_status_words();
std::string_view outcome_words();
std::string_view action_status_words();
std::string_view priority_words();

}  // namespace followup
