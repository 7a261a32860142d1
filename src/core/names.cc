#include "core/names.h"

#include <array>
#include <utility>

namespace followup {

namespace {

template <typename E, std::size_t N>
using Table = std::array<std::pair<E, std::string_view>, N>;

constexpr Table<Role, 5> k_roles{{{Role::evaluation, "evaluation"},
                                  {Role::executive, "executive"},
                                  {Role::unit, "unit"},
                                  {Role::viewer, "viewer"},
                                  {Role::admin, "admin"}}};
constexpr Table<Decision, 3> k_decisions{{{Decision::accepted, "accepted"},
                                          {Decision::partially_accepted, "partially_accepted"},
                                          {Decision::not_accepted, "not_accepted"}}};
constexpr Table<ClaimedStatus, 5> k_statuses{{{ClaimedStatus::not_started, "not_started"},
                                              {ClaimedStatus::in_progress, "in_progress"},
                                              {ClaimedStatus::implemented, "implemented"},
                                              {ClaimedStatus::not_implemented, "not_implemented"},
                                              {ClaimedStatus::no_longer_applicable, "no_longer_applicable"}}};
constexpr Table<Outcome, 4> k_outcomes{{{Outcome::implemented, "implemented"},
                                        {Outcome::not_implemented, "not_implemented"},
                                        {Outcome::no_longer_applicable, "no_longer_applicable"},
                                        {Outcome::not_accepted, "not_accepted"}}};
constexpr Table<ActionStatus, 5> k_action_statuses{
    {{ActionStatus::not_started, "not_started"},
     {ActionStatus::in_progress, "in_progress"},
     {ActionStatus::done, "done"},
     {ActionStatus::cancelled, "cancelled"},
     {ActionStatus::no_longer_applicable, "no_longer_applicable"}}};
constexpr Table<Priority, 2> k_priorities{{{Priority::normal, "normal"}, {Priority::high, "high"}}};

template <typename E, std::size_t N>
std::string_view name_of(const Table<E, N>& table, E value) {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return "?";
}

template <typename E, std::size_t N>
std::optional<E> parse_in(const Table<E, N>& table, std::string_view s) {
  for (const auto& [e, name] : table)
    if (name == s) return e;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Role r) { return name_of(k_roles, r); }
std::string_view to_string(Decision d) { return name_of(k_decisions, d); }
std::string_view to_string(ClaimedStatus s) { return name_of(k_statuses, s); }
std::string_view to_string(Outcome o) { return name_of(k_outcomes, o); }
std::string_view to_string(ActionStatus s) { return name_of(k_action_statuses, s); }
std::string_view to_string(Priority p) { return name_of(k_priorities, p); }

std::optional<Role> parse_role(std::string_view s) { return parse_in(k_roles, s); }
std::optional<Decision> parse_decision(std::string_view s) { return parse_in(k_decisions, s); }
std::optional<ClaimedStatus> parse_claimed_status(std::string_view s) { return parse_in(k_statuses, s); }
std::optional<Outcome> parse_outcome(std::string_view s) { return parse_in(k_outcomes, s); }
std::optional<ActionStatus> parse_action_status(std::string_view s) { return parse_in(k_action_statuses, s); }
std::optional<Priority> parse_priority(std::string_view s) { return parse_in(k_priorities, s); }

std::string_view role_words() { return "evaluation, executive, unit, viewer, admin"; }
std::string_view decision_words() { return "accepted, partially_accepted, not_accepted"; }
std::string_view claimed_status_words() {
  return "not_started, in_progress, implemented, not_implemented, no_longer_applicable";
}
std::string_view outcome_words() {
  return "implemented, not_implemented, no_longer_applicable, not_accepted";
}
std::string_view action_status_words() {
  return "not_started, in_progress, done, cancelled, no_longer_applicable";
}
std::string_view priority_words() { return "normal, high"; }

}  // namespace followup
