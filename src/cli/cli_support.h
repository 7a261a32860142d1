// What every subcommand shares: global options, the opened store, the
// clock, and the one place errors become messages and exit codes.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "app/clock.h"
#include "app/session.h"
#include "storage/store.h"

namespace followup::cli {

// Exit codes: 0 ok, 1 bad input, 2 usage, 3 store error.
enum ExitCode : int { k_ok = 0, k_bad_input = 1, k_usage = 2, k_store_error = 3 };

struct Globals {
  std::string db;              // --db / FOLLOWUP_DB
  std::string actor;           // --as / FOLLOWUP_USER
  std::string key_file;        // --key-file / FOLLOWUP_KEY_FILE; default: the store's path + ".key"
  int unit_backdate_days = 7;  // FOLLOWUP_UNIT_BACKDATE_DAYS
};

class Environment {
 public:
  Environment(Globals& globals, const app::Clock& clock) : m_globals(globals), m_clock(clock) {}

  // Opens the store on first use (never creating it). On failure prints
  // the error and returns nullopt.
  std::optional<app::Session> session();
  // For init: creates the store and its history key when missing.
  std::optional<app::Session> create_session();
  // The history key file this store uses.
  [[nodiscard]] std::string key_path() const;
  // The key, read from key_path(); an error when it is missing or malformed.
  [[nodiscard]] Result<HistoryKey> load_key() const;
  [[nodiscard]] const app::Clock& clock() const { return m_clock; }
  [[nodiscard]] const Globals& globals() const { return m_globals; }

 private:
  Globals& m_globals;
  const app::Clock& m_clock;
  std::optional<app::Session> open(bool create);

  std::unique_ptr<Store> m_store;
};

// Prints "followup: <error>" (or "FILE:LINE: message" for bad input) to
// stderr and answers the exit code for the error's kind.
int report_error(const Error& error);

// Parses an --as-of value; nullopt when the option was not given (today).
Result<Date> as_of_or_today(const std::string& text, const app::Clock& clock);

// Limits on what a command reads from outside (docs/cli.md, *Limits*).
inline constexpr std::size_t k_memo_max_bytes = std::size_t{20} * 1024 * 1024;
inline constexpr std::size_t k_response_file_max_bytes = std::size_t{1024} * 1024;

// Reads a whole regular file, or standard input for "-", refusing (as bad
// input naming the file) anything else, anything over `max_bytes` and a file
// that changes while it is read (util/file.h).
Result<std::string> read_input(const std::string& path, std::size_t max_bytes);

// A whole-number setting from the environment variable `name`: nullopt when
// unset; refused, naming the variable, unless digits only within [min, max].
Result<std::optional<long long>> number_setting(const char* name, long long min, long long max);

// A subcommand: its name, a line of help, and how to declare its options.
// `define` adds the options to `command` and returns the action to run.
struct CommandSpec {
  const char* name;
  const char* help;
  std::function<std::function<int()>(CLI::App& command, Environment& env)> define;
};

const std::vector<CommandSpec>& command_table();

}  // namespace followup::cli
