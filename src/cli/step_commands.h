// Definitions of the follow-up step and user subcommands, listed in the
// table in commands.cc.
#pragma once

#include <functional>

#include "app/follow_up.h"
#include "cli/cli_support.h"

namespace followup::cli {

std::function<int()> define_user(CLI::App& cmd, Environment& env);
std::function<int()> define_issue(CLI::App& cmd, Environment& env);
std::function<int()> define_disclose(CLI::App& cmd, Environment& env);
std::function<int()> define_edit(CLI::App& cmd, Environment& env);
std::function<int()> define_respond(CLI::App& cmd, Environment& env);
std::function<int()> define_add_action(CLI::App& cmd, Environment& env);
std::function<int()> define_report_progress(CLI::App& cmd, Environment& env);
std::function<int()> define_validate(CLI::App& cmd, Environment& env);
std::function<int()> define_close(CLI::App& cmd, Environment& env);
std::function<int()> define_reopen(CLI::App& cmd, Environment& env);
std::function<int()> define_extend(CLI::App& cmd, Environment& env);
std::function<int()> define_request_date(CLI::App& cmd, Environment& env);
std::function<int()> define_answer_request(CLI::App& cmd, Environment& env);
std::function<int()> define_requests(CLI::App& cmd, Environment& env);
std::function<int()> define_action(CLI::App& cmd, Environment& env);

// "TEXT|UNIT|YYYY-MM-DD" as given to --action.
Result<app::ActionRequest> parse_action_spec(std::string_view spec);

}  // namespace followup::cli
