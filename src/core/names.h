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

std::optional<Role> parse_role(std::string_view s);
std::optional<Decision> parse_decision(std::string_view s);
std::optional<ClaimedStatus> parse_claimed_status(std::string_view s);
std::optional<Outcome> parse_outcome(std::string_view s);

// "accepted, partially_accepted, not_accepted": for error messages.
std::string_view role_words();
std::string_view decision_words();
std::string_view claimed_status_words();
std::string_view outcome_words();

}  // namespace followup
