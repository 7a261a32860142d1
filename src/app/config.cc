#include "app/config.h"

#include <array>
#include <toml++/toml.h>
#include <unistd.h>
#include <variant>

#include "core/names.h"
#include "util/number.h"
#include "util/text.h"

namespace followup::app {

namespace {

using SetText = void (*)(Config&, std::string);
using SetNumber = void (*)(Config&, long long);
using SetList = void (*)(Config&, std::vector<std::string>);

// One setting: its key in the file, its environment variable, and how it
// is applied (a number between min and max).
struct Setting {
  std::string_view key;
  std::string_view variable;
  std::variant<SetText, SetNumber, SetList> set;
  long long min = 0;
  long long max = 0;
};

// FOLLOWUP_EVIDENCE_MAX_BYTES may not ask for more than this (1 GiB).
constexpr long long k_evidence_max_bytes_ceiling = 1024LL * 1024 * 1024;

const std::array<Setting, 30>& settings() {
  static const std::array<Setting, 30> k_settings = {{
      {"store.url", "FOLLOWUP_DB", SetText{[](Config& c, std::string v) { c.store.url = std::move(v); }}},
      {"store.key_file", "FOLLOWUP_KEY_FILE",
       SetText{[](Config& c, std::string v) { c.store.key_file = std::move(v); }}},
      {"store.check_before_write_max_mb", "FOLLOWUP_CHECK_BEFORE_WRITE_MAX_MB",
       SetNumber{[](Config& c, long long v) { c.store.check_before_write_max_mb = v; }}, 0, 1048576},
      {"cli.user", "FOLLOWUP_USER", SetText{[](Config& c, std::string v) { c.user = std::move(v); }}},
      {"workflow.unit_backdate_days", "FOLLOWUP_UNIT_BACKDATE_DAYS",
       SetNumber{[](Config& c, long long v) { c.unit_backdate_days = static_cast<int>(v); }}, 0, 9999},
      {"evidence.max_bytes", "FOLLOWUP_EVIDENCE_MAX_BYTES",
       SetNumber{[](Config& c, long long v) { c.evidence.max_bytes = v; }}, 1, k_evidence_max_bytes_ceiling},
      {"evidence.types", "FOLLOWUP_EVIDENCE_TYPES",
       SetList{[](Config& c, std::vector<std::string> v) { c.evidence.allowed_types = std::move(v); }}},
      {"evidence.allow_active", "FOLLOWUP_EVIDENCE_ALLOW_ACTIVE",
       SetList{
           [](Config& c, std::vector<std::string> v) { c.evidence.active_allowed_types = std::move(v); }}},
      {"accounts.session_hours", "FOLLOWUP_SESSION_HOURS",
       SetNumber{[](Config& c, long long v) { c.accounts.session_hours = static_cast<int>(v); }}, 1,
       24LL * 31},
      {"accounts.token_days", "FOLLOWUP_TOKEN_DAYS",
       SetNumber{[](Config& c, long long v) { c.accounts.token_days = static_cast<int>(v); }}, 1, 3660},
      {"accounts.totp_roles", "FOLLOWUP_TOTP_ROLES",
       SetList{[](Config& c, std::vector<std::string> v) { c.accounts.totp_roles = std::move(v); }}},
      {"server.public_url", "FOLLOWUP_PUBLIC_URL",
       SetText{[](Config& c, std::string v) { c.reminders.public_url = std::move(v); }}},
      {"reminders.days_before", "FOLLOWUP_REMIND_DAYS_BEFORE",
       SetList{[](Config& c, std::vector<std::string> v) {
         const std::vector<std::string> items = std::move(v);
         c.reminders.policy.days_before.clear();
         for (const auto& d : items) c.reminders.policy.days_before.push_back(std::stoi(d));
       }}},
      {"reminders.on_the_day", "FOLLOWUP_REMIND_ON_THE_DAY",
       SetNumber{[](Config& c, long long v) { c.reminders.policy.on_the_day = v != 0; }}, 0, 1},
      {"reminders.repeat_days", "FOLLOWUP_REMIND_REPEAT_DAYS",
       SetNumber{[](Config& c, long long v) { c.reminders.policy.repeat_days = static_cast<int>(v); }}, 0,
       365},
      {"reminders.escalate_days", "FOLLOWUP_REMIND_ESCALATE_DAYS",
       SetNumber{[](Config& c, long long v) { c.reminders.policy.escalate_days = static_cast<int>(v); }}, 0,
       3660},
      {"reminders.progress_months", "FOLLOWUP_REMIND_PROGRESS_MONTHS",
       SetNumber{[](Config& c, long long v) { c.reminders.policy.progress_months = static_cast<int>(v); }}, 0,
       12},
      {"reminders.server", "FOLLOWUP_REMIND_IN_SERVER",
       SetNumber{[](Config& c, long long v) { c.reminders.in_server = v != 0; }}, 0, 1},
      {"reminders.hour", "FOLLOWUP_REMIND_HOUR",
       SetNumber{[](Config& c, long long v) { c.reminders.hour = static_cast<int>(v); }}, 0, 23},
      {"mail.from", "FOLLOWUP_MAIL_FROM",
       SetText{[](Config& c, std::string v) { c.reminders.from.email = std::move(v); }}},
      {"mail.from_name", "FOLLOWUP_MAIL_FROM_NAME",
       SetText{[](Config& c, std::string v) { c.reminders.from.name = std::move(v); }}},
      {"mail.outbox_folder", "FOLLOWUP_MAIL_OUTBOX",
       SetText{[](Config& c, std::string v) { c.mail.outbox_folder = std::move(v); }}},
      {"mail.smtp_url", "FOLLOWUP_SMTP_URL",
       SetText{[](Config& c, std::string v) { c.mail.smtp_url = std::move(v); }}},
      {"mail.smtp_user", "FOLLOWUP_SMTP_USER",
       SetText{[](Config& c, std::string v) { c.mail.smtp_user = std::move(v); }}},
      {"mail.smtp_password", "FOLLOWUP_SMTP_PASSWORD",
       SetText{[](Config& c, std::string v) { c.mail.smtp_password = std::move(v); }}},
      {"mail.tls", "FOLLOWUP_SMTP_TLS", SetText{[](Config& c, std::string v) { c.mail.tls = std::move(v); }}},
      {"mail.timeout_seconds", "FOLLOWUP_SMTP_TIMEOUT_SECONDS",
       SetNumber{[](Config& c, long long v) { c.mail.timeout_seconds = static_cast<int>(v); }}, 1, 600},
      {"mail.claim_seconds", "FOLLOWUP_MAIL_CLAIM_SECONDS",
       SetNumber{[](Config& c, long long v) { c.reminders.claim_seconds = static_cast<int>(v); }}, 0, 86400},
      {"mail.retry_seconds", "FOLLOWUP_MAIL_RETRY_SECONDS",
       SetNumber{[](Config& c, long long v) { c.reminders.retry_seconds = static_cast<int>(v); }}, 0, 86400},
      {"mail.max_attempts", "FOLLOWUP_MAIL_MAX_ATTEMPTS",
       SetNumber{[](Config& c, long long v) { c.reminders.max_attempts = static_cast<int>(v); }}, 1, 100},
  }};
  return k_settings;
}

// What is wrong with a list's items ("" when nothing is): the roles that
// need a second factor must be roles; the days before a due date that
// have a reminder, whole numbers of days from 1 to 365.
std::string list_problem(const Setting& setting, const std::vector<std::string>& items) {
  if (setting.key == "reminders.days_before") {
    for (const auto& item : items)
      if (auto parsed = util::parse_whole_number(item, 1, 365); !parsed.value)
        return "'" + item + "' " + parsed.problem;
    return {};
  }
  if (setting.key != "accounts.totp_roles") return {};
  for (const auto& item : items)
    if (!parse_role(item)) return "'" + item + "' is not a role (" + std::string(role_words()) + ")";
  return {};
}

// What is wrong with a text setting ("" when nothing is): mail.tls is one
// of its three words.
// What is wrong with a number in its range ("" when nothing is): progress
// periods divide the year.
std::string number_problem(const Setting& setting, long long v) {
  if (setting.key == "reminders.progress_months" && v != 0 && 12 % v != 0)
    return std::to_string(v) + " does not divide the year (0, 1, 2, 3, 4, 6 or 12)";
  return {};
}

std::string text_problem(const Setting& setting, const std::string& text) {
  if (setting.key == "mail.tls" && text != "try" && text != "required" && text != "none")
    return "'" + text + "' is not one of try, required, none";
  return {};
}

const Setting* setting_for(std::string_view key) {
  for (const auto& s : settings())
    if (s.key == key) return &s;
  return nullptr;
}

class FileReader {
 public:
  explicit FileReader(std::string_view file_name) : m_file(file_name) {}

  [[nodiscard]] Error bad(const toml::source_region& where, std::string message) const {
    Error e = make_error(ErrorCode::invalid_argument, std::move(message));
    e.file = m_file;
    e.line = static_cast<int>(where.begin.line);
    return e;
  }

  // Applies one key's value.
  Status apply(Config& config, const std::string& key, const toml::key& name, const toml::node& value) const {
    const Setting* setting = setting_for(key);
    if (setting == nullptr) return bad(name.source(), "unknown setting " + key);
    if (const auto* set = std::get_if<SetText>(&setting->set)) {
      const auto text = value.value<std::string>();
      if (!value.is_string() || !text) return bad(value.source(), key + " must be a string");
      if (auto problem = text_problem(*setting, *text); !problem.empty())
        return bad(value.source(), key + ": " + problem);
      (*set)(config, *text);
    } else if (const auto* number = std::get_if<SetNumber>(&setting->set)) {
      if (!value.is_integer()) return bad(value.source(), key + " must be a whole number");
      const auto v = *value.value<long long>();
      if (v < setting->min)
        return bad(value.source(), key + " " + std::to_string(v) + " is too small (at least " +
                                       std::to_string(setting->min) + ")");
      if (v > setting->max)
        return bad(value.source(), key + " " + std::to_string(v) + " is too large (at most " +
                                       std::to_string(setting->max) + ")");
      if (auto problem = number_problem(*setting, v); !problem.empty())
        return bad(value.source(), key + ": " + problem);
      (*number)(config, v);
    } else {
      const auto* array = value.as_array();
      // A list of days is written as numbers (days_before = [14, 3]), the
      // others as strings.
      const bool numbers = setting->key == "reminders.days_before";
      std::vector<std::string> items;
      if (array != nullptr)
        for (const auto& item : *array) {
          if (numbers ? !item.is_integer() : !item.is_string()) {
            array = nullptr;
            break;
          }
          items.push_back(numbers ? std::to_string(*item.value<long long>()) : *item.value<std::string>());
        }
      if (array == nullptr)
        return bad(value.source(),
                   key + (numbers ? " must be an array of whole numbers" : " must be an array of strings"));
      if (auto problem = list_problem(*setting, items); !problem.empty())
        return bad(value.source(), key + ": " + problem);
      std::get<SetList>(setting->set)(config, std::move(items));
    }
    return {};
  }

 private:
  std::string m_file;
};

}  // namespace

Result<Config> parse_config(std::string_view text, std::string_view file_name, Config base) {
  const FileReader reader(file_name);
  toml::table document;
  try {
    document = toml::parse(text, file_name);
  } catch (const toml::parse_error& e) {
    return reader.bad(e.source(), std::string(e.description()));
  }
  for (const auto& [table_name, table_node] : document) {
    const std::string table(table_name.str());
    const auto* table_values = table_node.as_table();
    if (table_values == nullptr) return reader.bad(table_name.source(), "unknown setting " + table);
    for (const auto& [name, value] : *table_values)
      if (auto st = reader.apply(base, table + "." + std::string(name.str()), name, value); !st)
        return st.error();
  }
  return base;
}

Result<Config> apply_environment(Config base, const std::map<std::string, std::string>& variables) {
  for (const auto& setting : settings()) {
    const auto found = variables.find(std::string(setting.variable));
    if (found == variables.end()) continue;
    const std::string& text = found->second;
    if (const auto* set = std::get_if<SetText>(&setting.set)) {
      if (auto problem = text_problem(setting, text); !problem.empty())
        return make_error(ErrorCode::invalid_argument, std::string(setting.variable) + ": " + problem);
      (*set)(base, text);
    } else if (const auto* number = std::get_if<SetNumber>(&setting.set)) {
      auto parsed = util::parse_whole_number(text, setting.min, setting.max);
      if (!parsed.value)
        return make_error(ErrorCode::invalid_argument,
                          std::string(setting.variable) + " '" + text + "' " + parsed.problem);
      if (auto problem = number_problem(setting, *parsed.value); !problem.empty())
        return make_error(ErrorCode::invalid_argument, std::string(setting.variable) + ": " + problem);
      (*number)(base, *parsed.value);
    } else {
      auto items = util::split_nonempty(text, ',');
      if (auto problem = list_problem(setting, items); !problem.empty())
        return make_error(ErrorCode::invalid_argument, std::string(setting.variable) + ": " + problem);
      std::get<SetList>(setting.set)(base, std::move(items));
    }
  }
  return base;
}

std::map<std::string, std::string> environment_variables() {
  std::map<std::string, std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto equals = text.find('=');
    if (equals != std::string_view::npos && text.starts_with("FOLLOWUP_"))
      out.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  return out;
}

Result<Config> load_config(env::FileSystem& files, const std::map<std::string, std::string>& variables,
                           const std::string& file) {
  Config config;
  std::string path = file;
  if (path.empty())
    if (auto named = variables.find("FOLLOWUP_CONFIG"); named != variables.end()) path = named->second;
  if (!path.empty()) {
    auto text = files.read_file(path, k_config_max_bytes);
    if (!text) return text.error();
    auto parsed = parse_config(*text, path, std::move(config));
    if (!parsed) return parsed.error();
    config = std::move(*parsed);
  }
  return apply_environment(std::move(config), variables);
}

}  // namespace followup::app
