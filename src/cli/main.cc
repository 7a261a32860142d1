// followup: one binary, one table of subcommands (cli/commands.cc).
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <unistd.h>

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

// The global options; each given one replaces its setting (app/config.h).
struct GlobalOptions {
  std::optional<std::string> config, db, actor, key_file;
};

// The configuration: defaults, file, environment, then the options.
followup::Result<followup::app::Config> configuration(const GlobalOptions& options,
                                                      followup::env::FileSystem& files) {
  auto config =
      followup::app::load_config(files, followup::app::environment_variables(), options.config.value_or(""));
  if (!config) return config;
  if (options.db) config->store.url = *options.db;
  if (options.key_file) config->store.key_file = *options.key_file;
  if (options.actor) config->user = *options.actor;
  return config;
}

// The server's allocator. A command line starts, works and exits in a few
// milliseconds, of which tcmalloc's set-up alone took 11 (its page maps
// zeroed); the server lives long and allocates much, and tcmalloc took a
// sixth of its CPU off (docs/decisions.md, "The server on tcmalloc, the
// command line on glibc's allocator"). So the binary does not link it, and
// `serve` starts itself again with the library preloaded, the environment
// then put back as it was (the variable FOLLOWUP_PRELOAD_BEFORE carries
// LD_PRELOAD's former value across the exec). Where the library is missing
// the loader says so and the server runs on glibc's allocator. The
// sanitizer build, which brings its own allocator, does not define it.
void run_under_server_allocator([[maybe_unused]] char** argv) {
#ifdef FOLLOWUP_SERVER_ALLOCATOR
  constexpr const char* k_before = "FOLLOWUP_PRELOAD_BEFORE";
  auto put_back = [](const std::string& before) {
    if (!before.empty())
      setenv("LD_PRELOAD", before.c_str(), 1);
    else
      unsetenv("LD_PRELOAD");
    unsetenv(k_before);
  };
  if (const char* before = std::getenv(k_before)) {  // started again
    put_back(before);
    return;
  }
  const char* current = std::getenv("LD_PRELOAD");
  const std::string before = current != nullptr ? current : "";
  const std::string preload =
      before.empty() ? FOLLOWUP_SERVER_ALLOCATOR : FOLLOWUP_SERVER_ALLOCATOR ":" + before;
  setenv(k_before, before.c_str(), 1);
  setenv("LD_PRELOAD", preload.c_str(), 1);
  execv("/proc/self/exe", argv);
  put_back(before);  // no exec: on this allocator, then
#endif
}

int run(int argc, char** argv) {
  CLI::App app{"followup - track what is done with the recommendations of evaluations and audits"};
  app.require_subcommand(1);
  GlobalOptions options;
  app.add_option("--config", options.config, "a settings file (TOML; docs/cli.md); env FOLLOWUP_CONFIG");
  app.add_option("--db", options.db,
                 "store URL: sqlite:PATH (default sqlite:var/followup.db); env FOLLOWUP_DB");
  app.add_option("--as", options.actor, "the user acting; env FOLLOWUP_USER");
  app.add_option("--key-file", options.key_file,
                 "the history key file (default: the store's path + .key); env FOLLOWUP_KEY_FILE");

  auto& outside = followup::env::system_env();
  Environment env(outside);
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
  if (app.got_subcommand("serve")) run_under_server_allocator(argv);
  auto config = configuration(options, outside.files());
  if (!config) return report_error(config.error());
  env.configure(std::move(*config));
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
