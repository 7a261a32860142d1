// The settings of an installation, read once into values: the defaults,
// then a TOML file, then the FOLLOWUP_* environment variables; a surface
// then applies its own options on top (the command line's --db, --as,
// --key-file). The one place that reads the environment. The settings,
// their keys and variables are listed in docs/cli.md, *Configuration*.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "app/accounts.h"
#include "app/evidence.h"
#include "app/reminders.h"
#include "app/service.h"
#include "env/file_system.h"
#include "env/mail_transports.h"

namespace followup::app {

struct Config {
  StoreSettings store;          // [store] url, key_file, check_before_write_max_mb
  std::string user = "system";  // [cli] user: who a command acts as when it names nobody
  int unit_backdate_days = 7;   // [workflow] unit_backdate_days (docs/workflow.md)
  EvidencePolicy evidence;      // [evidence] max_bytes, types, allow_active
  AccountPolicy accounts;       // [accounts] session_hours, token_days, totp_roles
  ReminderSettings reminders;   // [reminders] the policy; [mail] from, the sender's pace; [server] public_url
  env::MailSettings mail;       // [mail] the transport: outbox_folder, or smtp_url and its login
};

// A configuration file is read up to this size.
inline constexpr std::size_t k_config_max_bytes = std::size_t{1024} * 1024;

// `base` with the settings of the TOML document `text` applied. Refused,
// as invalid_argument with `file_name`, the line and the key: text that is
// not TOML (toml++'s words), a key that is not a setting ("unknown setting
// store.urll"), a value of the wrong type ("evidence.max_bytes must be a
// whole number") or out of range ("workflow.unit_backdate_days 10000 is
// too large (at most 9999)").
Result<Config> parse_config(std::string_view text, std::string_view file_name, Config base = {});

// `base` with the settings of the FOLLOWUP_* variables in `variables`
// applied (a list is comma-separated, its empty items dropped). A number
// that is not one in range is invalid_argument naming the variable
// ("FOLLOWUP_UNIT_BACKDATE_DAYS 'abc' is not a whole number (digits 0-9
// only)"). Other names are ignored.
Result<Config> apply_environment(Config base, const std::map<std::string, std::string>& variables);

// The FOLLOWUP_* variables of this process, by name.
std::map<std::string, std::string> environment_variables();

// The defaults; then the file `file`, or when `file` is empty the file
// FOLLOWUP_CONFIG names, when either is given (read through `files`, at
// most k_config_max_bytes; a file that cannot be read is invalid_argument
// naming it); then the variables.
Result<Config> load_config(env::FileSystem& files, const std::map<std::string, std::string>& variables,
                           const std::string& file = {});

}  // namespace followup::app
