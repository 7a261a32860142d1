// Definitions of the subcommands that look after the store itself (check,
// backup), of the server (serve, serve_command.cc) and of the reminders
// (remind, outbox, calendar: remind_command.cc), listed in the table
// in commands.cc.
#pragma once

#include <functional>

#include "cli/cli_support.h"

namespace followup::cli {

std::function<int()> define_check(CLI::App& cmd, Environment& env);
std::function<int()> define_backup(CLI::App& cmd, Environment& env);
std::function<int()> define_serve(CLI::App& cmd, Environment& env);
std::function<int()> define_remind(CLI::App& cmd, Environment& env);
std::function<int()> define_outbox(CLI::App& cmd, Environment& env);
std::function<int()> define_calendar(CLI::App& cmd, Environment& env);

}  // namespace followup::cli
