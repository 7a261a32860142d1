// followup: one binary, one table of subcommands (cli/commands.cc).
#include <cstdlib>
#include <exception>
#include <iostream>

#include "cli/cli_support.h"
#include "cli/system_clock.h"

namespace {

using namespace followup::cli;

int run(int argc, char** argv) {
  CLI::App app{"followup - track what is done with the recommendations of evaluations and audits"};
  app.require_subcommand(1);
  Globals globals;
  const char* db = std::getenv("FOLLOWUP_DB");
  globals.db = db ? db : "sqlite:var/followup.db";
  const char* user = std::getenv("FOLLOWUP_USER");
  globals.actor = user ? user : "system";
  app.add_option("--db", globals.db,
                 "store URL: sqlite:PATH (default sqlite:var/followup.db); env FOLLOWUP_DB");
  app.add_option("--as", globals.actor, "the user acting; env FOLLOWUP_USER");
  const char* key = std::getenv("FOLLOWUP_KEY_FILE");
  globals.key_file = key ? key : "";
  app.add_option("--key-file", globals.key_file,
                 "the history key file (default: the store's path + .key); env FOLLOWUP_KEY_FILE");

  SystemClock clock;
  Environment env(globals, clock);
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
