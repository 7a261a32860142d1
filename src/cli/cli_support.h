// What every subcommand shares: global options, the opened store, the
// clock, and the one place errors become messages and exit codes.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "app/config.h"
#include "app/service.h"
#include "app/session.h"
#include "env/env.h"
#include "storage/store.h"

namespace followup::cli {

// Exit codes: 0 ok, 1 bad input, 2 usage, 3 store error.
enum ExitCode : int { k_ok = 0, k_bad_input = 1, k_usage = 2, k_store_error = 3 };

// What a command runs with: the configuration (app/config.h, with the
// global options applied), the outside world (env/env.h), and the store,
// opened on first use through app/service.h.
class Environment {
 public:
  explicit Environment(env::Env& outside) : m_env(outside) {}

  // Set once the command line is parsed, before any command runs.
  void configure(app::Config config) { m_config = std::move(config); }
  [[nodiscard]] const app::Config& config() const { return m_config; }

  // Opens the store on first use (never creating it). On failure prints
  // the error and returns nullopt.
  std::optional<app::Session> session();
  // For init: creates the store and its history key when missing.
  std::optional<app::Session> create_session();
  // The history key file this store uses.
  [[nodiscard]] std::string key_path() const { return app::history_key_path(m_config.store); }
  // The key, read from key_path(); an error when it is missing or malformed.
  [[nodiscard]] Result<HistoryKey> load_key() const;
  // A whole input file named on the command line ("-": standard input), at
  // most `max_bytes` (env::FileSystem::read_file).
  [[nodiscard]] Result<std::string> read_input(const std::string& path, std::size_t max_bytes) const {
    return m_env.files().read_file(path, max_bytes);
  }
  [[nodiscard]] const env::Clock& clock() const { return m_env.clock(); }
  [[nodiscard]] env::FileSystem& files() const { return m_env.files(); }

 private:
  app::Config m_config;
  env::Env& m_env;
  std::optional<app::Session> open(app::OpenMode mode);

  std::unique_ptr<Store> m_store;
};

// The app's error as this command line says it: the field at fault
// (Error::field) named as the option that gives it ("--comment is empty",
// "a unit is required (--unit)"). Errors about an input file stay in that
// file's words.
Error in_cli_words(Error error);

// Prints "followup: <error>" (or "FILE:LINE: message" for bad input), in
// the command line's words (in_cli_words), to stderr and answers the exit
// code for the error's kind.
int report_error(const Error& error);

// Parses an --as-of value; nullopt when the option was not given (today).
Result<Date> as_of_or_today(const std::string& text, const env::Clock& clock);

// Limits on what a command reads from outside (docs/cli.md, *Limits*).
inline constexpr std::size_t k_memo_max_bytes = std::size_t{20} * 1024 * 1024;
inline constexpr std::size_t k_response_file_max_bytes = std::size_t{1024} * 1024;

// A subcommand: its name, a line of help, and how to declare its options.
// `define` adds the options to `command` and returns the action to run.
struct CommandSpec {
  const char* name;
  const char* help;
  std::function<std::function<int()>(CLI::App& command, Environment& env)> define;
};

const std::vector<CommandSpec>& command_table();

}  // namespace followup::cli
