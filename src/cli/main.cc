// followup: one binary, one table of subcommands (cli/commands.cc).
#include <cstdlib>
#include <exception>
#include <iostream>

#include "cli/cli_support.h"

namespace {

using namespace followup::cli;

// The first option given an empty value ("--as-of ''"): an empty value is
// refused, never taken as the option's absence. Options split on a
// delimiter (--units a,b) judge their own items.
const CLI::Option* first_empty_option(const CLI::App& app) {
  for (const CLI::Option* option : app.get_options()) {
    if (option->count() == 0 || option->get_delimiter() != '\0') continue;
    for (const auto& value : option->results())
      if (value.empty()) return option;
  }
  for (const CLI::App* sub : app.get_subcommands())
    if (const auto* option = first_empty_option(*sub)) return option;
  return nullptr;
}

int run(int argc, char** argv) {
  CLI::App app{"followup - track what is done with the recommendations of evaluations and audits"};
  app.require_subcommand(1);
  Globals globals;
  const char* db = std::getenv("FOLLOWUP_DB");
  if (db) globals.store.url = db;
  const char* user = std::getenv("FOLLOWUP_USER");
  globals.actor = user ? user : "system";
  app.add_option("--db", globals.store.url,
                 "store URL: sqlite:PATH (default sqlite:var/followup.db); env FOLLOWUP_DB");
  app.add_option("--as", globals.actor, "the user acting; env FOLLOWUP_USER");
  auto backdate = number_setting("FOLLOWUP_UNIT_BACKDATE_DAYS", 0, 9999);
  if (!backdate) return report_error(backdate.error());
  if (*backdate) globals.unit_backdate_days = static_cast<int>(**backdate);
  const char* key = std::getenv("FOLLOWUP_KEY_FILE");
  globals.store.key_file = key ? key : "";
  app.add_option("--key-file", globals.store.key_file,
                 "the history key file (default: the store's path + .key); env FOLLOWUP_KEY_FILE");

  Environment env(globals, followup::env::system_env());
  std::function<int()> action;
  for (const auto& spec : command_table()) {
    auto* sub = app.add_subcommand(spec.name, spec.help);
    auto act = spec.define(*sub, env);
    sub->callback([&action, act] { action = act; });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? k_ok : k_usage;
  }
  if (const auto* empty = first_empty_option(app)) {
    std::cerr << "followup: " << empty->get_name() << " is empty\n";
    return k_bad_input;
  }
  return action ? action() : k_usage;
}

}  // namespace

int main(int argc, char** argv) {
  // Only bugs and exhaustion get here: expected failures travel as Results.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "followup: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "followup: internal error\n";
  }
  return k_store_error;
}
