#include "app/config.h"

#include <gtest/gtest.h>

#include "env/memory_env.h"

namespace followup::app {
namespace {

using Variables = std::map<std::string, std::string>;

constexpr std::string_view k_full = R"(# An installation's settings.
[store]
url = "sqlite:/srv/followup/followup.db"
key_file = "/etc/followup/history.key"
check_before_write_max_mb = 64

[cli]
user = "eva"

[workflow]
unit_backdate_days = 14

[evidence]
max_bytes = 1048576
types = ["application/pdf", "text/plain"]
allow_active = ["application/pdf"]

[accounts]
session_hours = 8
token_days = 90
totp_roles = ["admin", "evaluation"]

[server]
public_url = "https://followup.example.org"

[reminders]
days_before = [21, 7, 1]
on_the_day = 0
repeat_days = 14
escalate_days = 60
progress_months = 6
server = 0
hour = 22

[mail]
from = "oig@example.org"
from_name = "OIG - Evaluation"
outbox_folder = "/var/spool/followup"
smtp_url = "smtp://mail.example.org:587"
smtp_user = "followup"
smtp_password = "secret"
tls = "required"
timeout_seconds = 20
claim_seconds = 120
retry_seconds = 600
max_attempts = 5
)";

TEST(Config, DefaultsAreThoseOfTheDocumentation) {
  const Config c;
  EXPECT_EQ(c.store.url, "sqlite:var/followup.db");
  EXPECT_EQ(c.store.key_file, "");
  EXPECT_EQ(c.store.check_before_write_max_mb, 1024);
  EXPECT_EQ(c.user, "system");
  EXPECT_EQ(c.unit_backdate_days, 7);
  EXPECT_EQ(c.evidence.max_bytes, 20LL * 1024 * 1024);
  EXPECT_EQ(c.evidence.allowed_types, EvidencePolicy::default_allowed_types());
  EXPECT_TRUE(c.evidence.active_allowed_types.empty());
  EXPECT_EQ(c.accounts.session_hours, 12);
  EXPECT_EQ(c.accounts.token_days, 30);
  EXPECT_TRUE(c.accounts.totp_roles.empty());
  EXPECT_EQ(c.reminders.public_url, "http://127.0.0.1:8080");
  EXPECT_EQ(c.reminders.policy.days_before, (std::vector<int>{14, 3}));
  EXPECT_TRUE(c.reminders.policy.on_the_day);
  EXPECT_EQ(c.reminders.policy.repeat_days, 7);
  EXPECT_EQ(c.reminders.policy.escalate_days, 30);
  EXPECT_EQ(c.reminders.policy.progress_months, 3);
  EXPECT_TRUE(c.reminders.in_server);
  EXPECT_EQ(c.reminders.hour, 6);
  EXPECT_EQ(c.reminders.from.email, "followup@localhost");
  EXPECT_EQ(c.reminders.from.name, "followup");
  EXPECT_EQ(c.mail.outbox_folder, "var/outbox");
  EXPECT_EQ(c.mail.smtp_url, "");
  EXPECT_EQ(c.mail.tls, "try");
  EXPECT_EQ(c.mail.timeout_seconds, 30);
  EXPECT_EQ(c.reminders.claim_seconds, 600);
  EXPECT_EQ(c.reminders.retry_seconds, 300);
  EXPECT_EQ(c.reminders.max_attempts, 8);
}

TEST(Config, ReadsEverySetting) {
  auto c = parse_config(k_full, "followup.toml");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->store.url, "sqlite:/srv/followup/followup.db");
  EXPECT_EQ(c->store.key_file, "/etc/followup/history.key");
  EXPECT_EQ(c->store.check_before_write_max_mb, 64);
  EXPECT_EQ(c->user, "eva");
  EXPECT_EQ(c->unit_backdate_days, 14);
  EXPECT_EQ(c->evidence.max_bytes, 1048576);
  EXPECT_EQ(c->evidence.allowed_types, (std::vector<std::string>{"application/pdf", "text/plain"}));
  EXPECT_EQ(c->evidence.active_allowed_types, std::vector<std::string>{"application/pdf"});
  EXPECT_EQ(c->accounts.session_hours, 8);
  EXPECT_EQ(c->accounts.token_days, 90);
  EXPECT_EQ(c->accounts.totp_roles, (std::vector<std::string>{"admin", "evaluation"}));
  EXPECT_EQ(c->reminders.public_url, "https://followup.example.org");
  EXPECT_EQ(c->reminders.policy.days_before, (std::vector<int>{21, 7, 1}));
  EXPECT_FALSE(c->reminders.policy.on_the_day);
  EXPECT_EQ(c->reminders.policy.repeat_days, 14);
  EXPECT_EQ(c->reminders.policy.escalate_days, 60);
  EXPECT_EQ(c->reminders.policy.progress_months, 6);
  EXPECT_FALSE(c->reminders.in_server);
  EXPECT_EQ(c->reminders.hour, 22);
  EXPECT_EQ(c->reminders.from.email, "oig@example.org");
  EXPECT_EQ(c->reminders.from.name, "OIG - Evaluation");
  EXPECT_EQ(c->mail.outbox_folder, "/var/spool/followup");
  EXPECT_EQ(c->mail.smtp_url, "smtp://mail.example.org:587");
  EXPECT_EQ(c->mail.smtp_user, "followup");
  EXPECT_EQ(c->mail.smtp_password, "secret");
  EXPECT_EQ(c->mail.tls, "required");
  EXPECT_EQ(c->mail.timeout_seconds, 20);
  EXPECT_EQ(c->reminders.claim_seconds, 120);
  EXPECT_EQ(c->reminders.retry_seconds, 600);
  EXPECT_EQ(c->reminders.max_attempts, 5);
}

TEST(Config, AnEmptyFileChangesNothing) {
  auto c = parse_config("", "followup.toml");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->store.url, Config{}.store.url);
}

// Each error names the file, the line and the key, in these words.
TEST(Config, ErrorsNameFileLineAndKey) {
  const std::vector<std::pair<std::string_view, std::string>> cases = {
      {"[store]\nurll = \"x\"\n", "followup.toml:2: unknown setting store.urll"},
      {"[stor]\nurl = \"x\"\n", "followup.toml:2: unknown setting stor.url"},
      {"user = \"eva\"\n", "followup.toml:1: unknown setting user"},
      {"[store]\nurl = 5\n", "followup.toml:2: store.url must be a string"},
      {"\n[workflow]\nunit_backdate_days = \"7\"\n",
       "followup.toml:3: workflow.unit_backdate_days must be a whole number"},
      {"[workflow]\nunit_backdate_days = 10000\n",
       "followup.toml:2: workflow.unit_backdate_days 10000 is too large (at most 9999)"},
      {"[workflow]\nunit_backdate_days = -1\n",
       "followup.toml:2: workflow.unit_backdate_days -1 is too small (at least 0)"},
      {"[evidence]\nmax_bytes = 0\n", "followup.toml:2: evidence.max_bytes 0 is too small (at least 1)"},
      {"[evidence]\nmax_bytes = 1.5\n", "followup.toml:2: evidence.max_bytes must be a whole number"},
      {"[evidence]\ntypes = \"text/plain\"\n", "followup.toml:2: evidence.types must be an array of strings"},
      {"[evidence]\ntypes = [\"text/plain\", 3]\n",
       "followup.toml:2: evidence.types must be an array of strings"},
      {"[store.more]\nx = 1\n", "followup.toml:1: unknown setting store.more"},
      {"[accounts]\ntotp_roles = [\"admin\", \"boss\"]\n",
       "followup.toml:2: accounts.totp_roles: 'boss' is not a role (evaluation, executive, unit, viewer, "
       "admin)"},
      {"[accounts]\nsession_hours = 0\n",
       "followup.toml:2: accounts.session_hours 0 is too small (at least 1)"},
      {"[reminders]\ndays_before = [14, \"3\"]\n",
       "followup.toml:2: reminders.days_before must be an array of whole numbers"},
      {"[reminders]\ndays_before = [14, 0]\n",
       "followup.toml:2: reminders.days_before: '0' is too small (at least 1)"},
      {"[mail]\ntls = \"maybe\"\n", "followup.toml:2: mail.tls: 'maybe' is not one of try, required, none"},
      {"[reminders]\nprogress_months = 5\n",
       "followup.toml:2: reminders.progress_months: 5 does not divide the year (0, 1, 2, 3, 4, 6 or 12)"},
      {"[mail]\nmax_attempts = 0\n", "followup.toml:2: mail.max_attempts 0 is too small (at least 1)"},
  };
  for (const auto& [text, message] : cases) {
    auto c = parse_config(text, "followup.toml");
    ASSERT_FALSE(c.ok()) << text;
    EXPECT_EQ(c.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(c.error().describe(), message) << text;
  }
}

TEST(Config, TextThatIsNotTomlIsRefusedAtItsLine) {
  auto c = parse_config("[store]\nurl = \"x\"\nkey_file = \n", "f.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, "f.toml");
  EXPECT_EQ(c.error().line, 3);
  EXPECT_FALSE(c.error().message.empty());
}

TEST(Config, TheEnvironmentOverridesTheFile) {
  auto file = parse_config(k_full, "followup.toml");
  ASSERT_TRUE(file.ok());
  auto c = apply_environment(*file, Variables{{"FOLLOWUP_DB", "sqlite:other.db"},
                                              {"FOLLOWUP_USER", "dg"},
                                              {"FOLLOWUP_UNIT_BACKDATE_DAYS", "0"},
                                              {"FOLLOWUP_CHECK_BEFORE_WRITE_MAX_MB", "0"},
                                              {"FOLLOWUP_EVIDENCE_TYPES", "text/plain,,image/png"},
                                              {"FOLLOWUP_EVIDENCE_ALLOW_ACTIVE", ""},
                                              {"FOLLOWUP_REMIND_DAYS_BEFORE", "10,2"},
                                              {"FOLLOWUP_SMTP_URL", "smtp://127.0.0.1:2525"},
                                              {"FOLLOWUP_UNKNOWN", "ignored"}});
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->store.url, "sqlite:other.db");
  EXPECT_EQ(c->store.key_file, "/etc/followup/history.key");
  EXPECT_EQ(c->user, "dg");
  EXPECT_EQ(c->unit_backdate_days, 0);
  EXPECT_EQ(c->store.check_before_write_max_mb, 0);
  EXPECT_EQ(c->evidence.allowed_types, (std::vector<std::string>{"text/plain", "image/png"}));
  EXPECT_TRUE(c->evidence.active_allowed_types.empty());
  EXPECT_EQ(c->evidence.max_bytes, 1048576);
  EXPECT_EQ(c->reminders.policy.days_before, (std::vector<int>{10, 2}));
  EXPECT_EQ(c->mail.smtp_url, "smtp://127.0.0.1:2525");
  auto bad = apply_environment(Config{}, Variables{{"FOLLOWUP_SMTP_TLS", "yes"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().describe(), "FOLLOWUP_SMTP_TLS: 'yes' is not one of try, required, none");
}

TEST(Config, AVariableThatIsNotANumberInRangeIsNamed) {
  const std::vector<std::pair<Variables, std::string>> cases = {
      {{{"FOLLOWUP_UNIT_BACKDATE_DAYS", "abc"}},
       "FOLLOWUP_UNIT_BACKDATE_DAYS 'abc' is not a whole number (digits 0-9 only)"},
      {{{"FOLLOWUP_UNIT_BACKDATE_DAYS", "10000"}},
       "FOLLOWUP_UNIT_BACKDATE_DAYS '10000' is too large (at most 9999)"},
      {{{"FOLLOWUP_EVIDENCE_MAX_BYTES", ""}}, "FOLLOWUP_EVIDENCE_MAX_BYTES '' is empty"},
      {{{"FOLLOWUP_EVIDENCE_MAX_BYTES", "0"}}, "FOLLOWUP_EVIDENCE_MAX_BYTES '0' is too small (at least 1)"},
      {{{"FOLLOWUP_TOTP_ROLES", "admin,root"}},
       "FOLLOWUP_TOTP_ROLES: 'root' is not a role (evaluation, executive, unit, viewer, admin)"},
  };
  for (const auto& [variables, message] : cases) {
    auto c = apply_environment(Config{}, variables);
    ASSERT_FALSE(c.ok()) << message;
    EXPECT_EQ(c.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(c.error().describe(), message);
  }
}

TEST(Config, LoadsTheFileNamedOrTheOneTheEnvironmentNames) {
  env::MemoryFileSystem files;
  files.put("a.toml", "[cli]\nuser = \"from-a\"\n");
  files.put("b.toml", "[cli]\nuser = \"from-b\"\n");
  EXPECT_EQ(load_config(files, {})->user, "system");
  EXPECT_EQ(load_config(files, {{"FOLLOWUP_CONFIG", "b.toml"}})->user, "from-b");
  EXPECT_EQ(load_config(files, {{"FOLLOWUP_CONFIG", "b.toml"}}, "a.toml")->user, "from-a");
  EXPECT_EQ(load_config(files, {{"FOLLOWUP_USER", "env"}}, "a.toml")->user, "env");
  auto missing = load_config(files, {}, "none.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "cannot read 'none.toml': No such file or directory");
  files.put("bad.toml", "[cli]\nusr = \"x\"\n");
  auto bad = load_config(files, {{"FOLLOWUP_CONFIG", "bad.toml"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().describe(), "bad.toml:2: unknown setting cli.usr");
}

}  // namespace
}  // namespace followup::app
