#include "cli/step_commands.h"

#include <iostream>
#include <termios.h>
#include <unistd.h>

#include "app/accounts.h"
#include "app/follow_up.h"
#include "app/json_views.h"
#include "app/request_checks.h"
#include "app/request_json.h"
#include "app/users.h"
#include "cli/output.h"
#include "core/names.h"
#include "core/reference.h"
#include "util/clean_text.h"
#include "util/text.h"

namespace followup::cli {

namespace {

Error bad(std::string message) { return make_error(ErrorCode::invalid_argument, std::move(message)); }

Result<Date> parse_date_option(const std::string& option, const std::string& text) {
  auto d = Date::parse_iso(text);
  if (!d) return bad(option + " '" + text + "' is not a date (YYYY-MM-DD, a day that exists)");
  return *d;
}

// Options every step command shares.
struct StepOptions {
  std::string ref;
  std::string as_of;
};

void add_step_options(CLI::App& cmd, StepOptions& opt, const char* ref_help) {
  cmd.add_option("ref", opt.ref, ref_help)->required();
  cmd.add_option("--as-of", opt.as_of, "the step's date, YYYY-MM-DD (default: today)");
}

// Runs `step` with the session and the step's date; prints `done` on success.
int run_step(Environment& env, const StepOptions& opt,
             const std::function<Status(const app::Session&, Date)>& step) {
  auto on = as_of_or_today(opt.as_of, env.clock());
  if (!on) return report_error(on.error());
  // The dates a step may carry are the workflow's rule (core/workflow.h
  // check_fact_date), checked by every use case.
  auto session = env.session();
  if (!session) return k_store_error;
  if (auto st = step(*session, *on); !st) return report_error(st.error());
  return k_ok;
}

Result<User> user_of(const std::string& name, const std::string& full_name, const std::string& email,
                     const std::vector<std::string>& roles, const std::vector<std::string>& units) {
  User u;
  u.name = name;
  u.full_name = full_name;
  u.email = email;
  for (const auto& r : roles) {
    auto role = parse_role(r);
    if (!role) return bad("role '" + r + "' is not one of " + std::string(role_words()));
    u.roles.push_back(*role);
  }
  u.units = units;
  return u;
}

// The files named by --evidence, read whole, none over the policy's limit.
Result<std::vector<app::EvidenceFile>> read_evidence(const Environment& env,
                                                     const std::vector<std::string>& paths,
                                                     const app::EvidencePolicy& policy) {
  std::vector<app::EvidenceFile> files;
  for (const auto& path : paths) {
    auto content = env.read_input(path, static_cast<std::size_t>(policy.max_bytes));
    if (!content) return content.error();
    files.push_back({path, std::move(*content)});
  }
  return files;
}

// One line of standard input without its line end, at most `max` bytes
// (a longer one is refused: it is read no further).
Result<std::string> read_line(std::size_t max) {
  std::string line;
  char c = 0;
  while (std::cin.get(c) && c != '\n') {
    if (line.size() == max) return bad("the password is longer than " + std::to_string(max - 1) + " bytes");
    line.push_back(c);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The new password: typed twice at the terminal, without echo, or one line
// of standard input when it is not a terminal (a script, a pipe).
Result<std::string> read_new_password() {
  constexpr std::size_t k_max = 1025;  // one more than check_password allows
  if (isatty(STDIN_FILENO) == 0) return read_line(k_max);
  termios saved{};
  const bool quiet = tcgetattr(STDIN_FILENO, &saved) == 0;
  if (quiet) {
    termios silent = saved;
    silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
  }
  std::cerr << "New password: " << std::flush;
  auto first = read_line(k_max);
  std::cerr << "\nThe same again: " << std::flush;
  auto second = first ? read_line(k_max) : first;
  std::cerr << "\n";
  if (quiet) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  if (!first) return first;
  if (!second) return second;
  if (*first != *second) return bad("the two passwords differ; nothing was changed");
  return first;
}

void print_evidence(const std::vector<Evidence>& evidence) {
  for (const auto& e : evidence)
    std::cout << "  evidence " << e.name << " sha256:" << e.sha256 << " (" << e.media_type << ", " << e.size
              << " bytes)\n";
}

}  // namespace

Result<app::ActionRequest> parse_action_spec(std::string_view spec) {
  const auto first = spec.find('|');
  const auto second = first == std::string_view::npos ? first : spec.find('|', first + 1);
  if (second == std::string_view::npos || spec.find('|', second + 1) != std::string_view::npos)
    return bad("--action '" + std::string(spec) + "' must be \"TEXT|UNIT|YYYY-MM-DD\"");
  app::ActionRequest a;
  a.description = std::string(spec.substr(0, first));
  a.unit = std::string(spec.substr(first + 1, second - first - 1));
  auto due = Date::parse_iso(spec.substr(second + 1));
  if (!due)
    return bad("--action '" + std::string(spec) + "': '" + std::string(spec.substr(second + 1)) +
               "' is not a date (YYYY-MM-DD)");
  a.due = *due;
  return a;
}

std::function<int()> define_user(CLI::App& cmd, Environment& env) {
  cmd.require_subcommand(1);
  struct Options {
    std::string name, full_name, email;
    std::vector<std::string> roles, units;
    bool json = false;
    bool remove = false;
  };
  auto opt = std::make_shared<Options>();
  auto declare = [opt](CLI::App* sub) {
    sub->add_option("name", opt->name, "login name")->required();
    sub->add_option("--full-name", opt->full_name, "the person's name");
    sub->add_option("--email", opt->email, "email address for reminders");
    sub->add_option("--role", opt->roles, "evaluation, executive, unit, viewer or admin (repeatable)");
    sub->add_option("--unit", opt->units, "unit code the user acts for (repeatable)");
  };
  auto* add = cmd.add_subcommand("add", "add a user");
  declare(add);
  auto* edit = cmd.add_subcommand("edit", "replace a user's name, email, roles and units");
  declare(edit);
  auto* ls = cmd.add_subcommand("list", "list users");
  ls->add_flag("--json", opt->json, "print JSON");
  auto* passwd = cmd.add_subcommand(
      "passwd", "set a user's password: typed twice at the terminal, or one line of standard input");
  passwd->add_option("name", opt->name, "login name")->required();
  auto* totp = cmd.add_subcommand("totp", "give a user a new second factor (TOTP) and print its secret");
  totp->add_option("name", opt->name, "login name")->required();
  totp->add_flag("--remove", opt->remove, "take the user's second factor away instead (admin)");
  return [opt, add, edit, passwd, totp, &env] {
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    if (passwd->parsed()) {
      auto password = read_new_password();
      if (!password) return report_error(password.error());
      if (auto st = app::set_password(*session, opt->name, *password); !st) return report_error(st.error());
      std::cout << "set the password of " << opt->name << "; its sessions are closed\n";
      return static_cast<int>(k_ok);
    }
    if (totp->parsed()) {
      auto secret = app::set_totp(*session, opt->name, opt->remove);
      if (!secret) return report_error(secret.error());
      if (opt->remove) {
        std::cout << "removed the second factor of " << opt->name << "\n";
      } else {
        std::cout << "second factor of " << opt->name << ": enter this secret in an authenticator app\n"
                  << "  secret: " << *secret << "\n"
                  << "  otpauth://totp/followup:" << opt->name << "?secret=" << *secret
                  << "&issuer=followup\n";
      }
      return static_cast<int>(k_ok);
    }
    if (add->parsed() || edit->parsed()) {
      auto user = user_of(opt->name, opt->full_name, opt->email, opt->roles, opt->units);
      if (!user) return report_error(user.error());
      if (auto st = app::check_user(*user); !st) return report_error(st.error());
      auto st = add->parsed() ? app::add_user(*session, *user) : app::edit_user(*session, *user);
      if (!st) return report_error(st.error());
      std::cout << (add->parsed() ? "added user " : "updated user ") << user->name << "\n";
      return static_cast<int>(k_ok);
    }
    auto users = app::list_users(*session);
    if (!users) return report_error(users.error());
    print_users(std::cout, *users, opt->json);
    return static_cast<int>(k_ok);
  };
}

std::function<int()> define_issue(CLI::App& cmd, Environment& env) {
  auto opt = std::make_shared<StepOptions>();
  add_step_options(cmd, *opt, "evaluation code, e.g. PLACMI-2");
  return [opt, &env] {
    return run_step(env, *opt, [&](const app::Session& s, Date on) -> Status {
      if (auto st = app::issue_evaluation(s, opt->ref, on); !st) return st;
      std::cout << "issued " << opt->ref << " on " << on.iso() << "\n";
      return {};
    });
  };
}

std::function<int()> define_disclose(CLI::App& cmd, Environment& env) {
  struct Options {
    std::string code;
    bool withdraw = false;
  };
  auto opt = std::make_shared<Options>();
  cmd.add_option("evaluation", opt->code, "evaluation code, e.g. PLACMI-2")->required();
  cmd.add_flag("--withdraw", opt->withdraw, "withdraw it from the public instead");
  return [opt, &env] {
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    if (auto st = app::disclose_evaluation(*session, opt->code, !opt->withdraw); !st)
      return report_error(st.error());
    std::cout << (opt->withdraw ? "withdrew " : "disclosed ") << opt->code
              << (opt->withdraw ? " from the public\n" : " to the public\n");
    return static_cast<int>(k_ok);
  };
}

std::function<int()> define_edit(CLI::App& cmd, Environment& env) {
  struct Options : StepOptions {
    std::string text, due, reason, priority;
    std::vector<std::string> units;
  };
  auto opt = std::make_shared<Options>();
  add_step_options(cmd, *opt, "recommendation, e.g. PLACMI-2#1");
  auto* text = cmd.add_option("--text", opt->text, "new text");
  auto* due = cmd.add_option("--due", opt->due,
                             "new follow-up due date, YYYY-MM-DD (drafts only: after issue, use extend)");
  cmd.add_option("--priority", opt->priority, "normal or high")->check(CLI::IsMember({"normal", "high"}));
  // Split here, not by CLI11, so that "--units ,,," is "no unit given".
  auto* units =
      cmd.add_option("--units", opt->units, "responsible units, lead first (repeatable or comma-separated)");
  cmd.add_option("--reason", opt->reason, "why (required once the evaluation is issued)");
  return [opt, text, due, units, &env] {
    app::RecommendationEdit edit;
    if (text->count() > 0) edit.text = opt->text;
    if (due->count() > 0) {
      auto date = parse_date_option("--due", opt->due);
      if (!date) return report_error(date.error());
      edit.due = *date;
    }
    if (units->count() > 0) {
      edit.units.emplace();
      for (const auto& given : opt->units)
        for (auto& u : util::split_nonempty(given, ',')) edit.units->push_back(std::move(u));
    }
    if (!opt->priority.empty()) edit.priority = parse_priority(opt->priority);
    edit.reason = opt->reason;
    if (!edit.text && !edit.due && !edit.units && !edit.priority)
      return report_error(bad("nothing to edit: give --text, --due, --units or --priority"));
    if (auto st = app::check_edit_request(edit); !st) return report_error(st.error());
    return run_step(env, *opt, [&](const app::Session& s, Date on) -> Status {
      if (auto st = app::edit_recommendation(s, opt->ref, edit, on); !st) return st;
      std::cout << "edited " << opt->ref << "\n";
      return {};
    });
  };
}

std::function<int()> define_respond(CLI::App& cmd, Environment& env) {
  struct Options : StepOptions {
    std::string unit, decision, rationale, file;
    std::vector<std::string> actions;
  };
  auto opt = std::make_shared<Options>();
  add_step_options(cmd, *opt, "recommendation, e.g. PLACMI-2#1");
  cmd.add_option("--unit", opt->unit, "the responding unit (code or name)");
  cmd.add_option("--decision", opt->decision, "accepted, partially_accepted or not_accepted");
  cmd.add_option("--rationale", opt->rationale, "why (required unless accepted)");
  cmd.add_option("--action", opt->actions, "key action \"TEXT|UNIT|YYYY-MM-DD\" (repeatable)");
  cmd.add_option("--file", opt->file,
                 "the response as JSON: {unit, decision, rationale, actions:[{description, unit, due}]}");
  return [opt, &env] {
    app::ResponseRequest request;
    if (!opt->file.empty()) {
      if (!opt->decision.empty() || !opt->rationale.empty() || !opt->actions.empty())
        return report_error(bad("--file cannot be combined with --decision, --rationale or --action"));
      auto text = env.read_input(opt->file, k_response_file_max_bytes);
      if (!text) return report_error(text.error());
      auto parsed = app::parse_response_json(*text, opt->file);
      if (!parsed) return report_error(parsed.error());
      request = std::move(*parsed);
      if (!opt->unit.empty() && !request.unit.empty() && opt->unit != request.unit)
        return report_error(
            bad("--unit '" + opt->unit + "' conflicts with the unit '" + request.unit + "' in " + opt->file));
      if (!opt->unit.empty()) request.unit = opt->unit;
    } else {
      if (opt->decision.empty()) return report_error(bad("--decision is required (or --file)"));
      auto d = parse_decision(opt->decision);
      if (!d)
        return report_error(
            bad("decision '" + opt->decision + "' is not one of " + std::string(decision_words())));
      request.unit = opt->unit;
      request.decision = *d;
      request.rationale = opt->rationale;
      for (const auto& spec : opt->actions) {
        auto a = parse_action_spec(spec);
        if (!a) return report_error(a.error());
        request.actions.push_back(*a);
      }
      if (auto st = app::check_response_request(request); !st) return report_error(st.error());
    }
    return run_step(env, *opt, [&](const app::Session& s, Date on) -> Status {
      auto response = app::respond(s, opt->ref, request, on);
      if (!response) return response.error();
      std::cout << response->unit << " responded to " << opt->ref << ": " << to_string(response->decision)
                << " on " << on.iso() << "\n";
      for (const auto& a : response->actions)
        std::cout << "  action " << a.id << ": " << a.description << " (" << a.unit << ", due " << a.due.iso()
                  << ")\n";
      return {};
    });
  };
}

std::function<int()> define_add_action(CLI::App& cmd, Environment& env) {
  struct Options : StepOptions {
    std::string unit, action;
  };
  auto opt = std::make_shared<Options>();
  add_step_options(cmd, *opt, "recommendation, e.g. PLACMI-2#1");
  cmd.add_option("--unit", opt->unit, "the responsible unit adding it")->required();
  cmd.add_option("--action", opt->action, "\"TEXT|UNIT|YYYY-MM-DD\"")->required();
  return [opt, &env] {
    auto action_spec = parse_action_spec(opt->action);
    if (!action_spec) return report_error(action_spec.error());
    const app::AddActionRequest request{opt->unit, *action_spec};
    if (auto st = app::check_add_action_request(request); !st) return report_error(st.error());
    return run_step(env, *opt, [&](const app::Session& s, Date on) -> Status {
      auto action = app::add_action(s, opt->ref, request, on);
      if (!action) return action.error();
      std::cout << "added action " << action->id << " to " << opt->ref << "\n";
      return {};
    });
  };
}

std::function<int()> define_report_progress(CLI::App& cmd, Environment& env) {
  struct Options : StepOptions {
    std::string unit, status, text;
    std::vector<long long> done;
    std::vector<std::string> evidence;
  };
  auto opt = std::make_shared<Options>();
  add_step_options(cmd, *opt, "recommendation, e.g. PLACMI-2#1");
  cmd.add_option("--unit", opt->unit, "the reporting unit (code or name)")->required();
  cmd.add_option("--status", opt->status, std::string(claimed_status_words()))->required();
  cmd.add_option("--text", opt->text, "what was done")->required();
  cmd.add_option("--action-done", opt->done, "id of a key action now done (repeatable)");
  cmd.add_option("--evidence", opt->evidence, "a file to attach (repeatable)");
  return [opt, &env] {
    auto status = parse_claimed_status(opt->status);
    if (!status)
      return report_error(
          bad("status '" + opt->status + "' is not one of " + std::string(claimed_status_words())));
    app::ProgressRequest request{opt->unit, *status, opt->text, opt->done, {}};
    if (auto st = app::check_progress_request(request); !st) return report_error(st.error());
    const auto& policy = env.config().evidence;
    auto files = read_evidence(env, opt->evidence, policy);
    if (!files) return report_error(files.error());
    request.evidence = std::move(*files);
    return run_step(env, *opt, [&](const app::Session& s, Date on) -> Status {
      auto report = app::report_progress(s, opt->ref, request, policy, on);
      if (!report) return report.error();
      std::cout << "report " << report->id << " on " << opt->ref << ": " << report->unit << " claims "
                << to_string(report->status) << "\n";
      print_evidence(report->evidence);
      return {};
    });
  };
}

std::function<int()> define_validate(CLI::App& cmd, Environment& env) {
  struct Options : StepOptions {
    std::string rating, comment;
  };
  auto opt = std::make_shared<Options>();
  add_step_options(cmd, *opt, "recommendation, e.g. PLACMI-2#1");
  cmd.add_option("--rating", opt->rating, "the office's rating: " + std::string(claimed_status_words()))
      ->required();
  cmd.add_option("--comment", opt->comment, "the office's comment")->required();
  return [opt, &env] {
    const app::ValidationRequest request{opt->rating, opt->comment};
    if (auto st = app::check_validation_request(request); !st) return report_error(st.error());
    return run_step(env, *opt, [&](const app::Session& s, Date on) -> Status {
      if (auto st = app::validate(s, opt->ref, request, on); !st) return st;
      std::cout << "validated " << opt->ref << " as " << opt->rating << "\n";
      return {};
    });
  };
}

std::function<int()> define_close(CLI::App& cmd, Environment& env) {
  struct Options : StepOptions {
    std::string outcome, waiver, override_reason, reason;
    std::vector<std::string> evidence;
  };
  auto opt = std::make_shared<Options>();
  add_step_options(cmd, *opt, "recommendation, e.g. PLACMI-2#1");
  cmd.add_option("--outcome", opt->outcome, std::string(outcome_words()))->required();
  cmd.add_option("--waive-evidence", opt->waiver, "why closing as implemented needs no evidence");
  cmd.add_option(
      "--override", opt->override_reason,
      "why it closes as implemented without the office's rating of implemented (recorded and shown)");
  cmd.add_option("--reason", opt->reason, "why it closes while a responsible unit never responded");
  cmd.add_option("--evidence", opt->evidence, "a file the office attaches to the closing (repeatable)");
  return [opt, &env] {
    auto outcome = parse_outcome(opt->outcome);
    if (!outcome)
      return report_error(
          bad("outcome '" + opt->outcome + "' is not one of " + std::string(outcome_words())));
    const auto& policy = env.config().evidence;
    auto files = read_evidence(env, opt->evidence, policy);
    if (!files) return report_error(files.error());
    app::CloseRequest request{*outcome, opt->waiver, opt->override_reason, opt->reason, std::move(*files)};
    if (auto st = app::check_closing_request(request); !st) return report_error(st.error());
    return run_step(env, *opt, [&](const app::Session& s, Date on) -> Status {
      auto closure = app::close_recommendation(s, opt->ref, request, policy, on);
      if (!closure) return closure.error();
      std::cout << "closed " << opt->ref << " as " << opt->outcome << " on " << on.iso() << "\n";
      print_evidence(closure->evidence);
      return {};
    });
  };
}

std::function<int()> define_reopen(CLI::App& cmd, Environment& env) {
  struct Options : StepOptions {
    std::string reason;
  };
  auto opt = std::make_shared<Options>();
  add_step_options(cmd, *opt, "recommendation, e.g. PLACMI-2#1");
  cmd.add_option("--reason", opt->reason, "why it is reopened")->required();
  return [opt, &env] {
    const app::ReopenRequest request{opt->reason};
    if (auto st = app::check_reopen_request(request); !st) return report_error(st.error());
    return run_step(env, *opt, [&](const app::Session& s, Date on) -> Status {
      if (auto st = app::reopen_recommendation(s, opt->ref, request, on); !st) return st;
      std::cout << "reopened " << opt->ref << "\n";
      return {};
    });
  };
}

std::function<int()> define_extend(CLI::App& cmd, Environment& env) {
  struct Options : StepOptions {
    std::string due, reason, unit;
  };
  auto opt = std::make_shared<Options>();
  add_step_options(cmd, *opt, "recommendation, e.g. PLACMI-2#2");
  cmd.add_option("--due", opt->due, "the new follow-up due date, YYYY-MM-DD")->required();
  cmd.add_option("--reason", opt->reason, "why it is granted")->required();
  cmd.add_option("--unit", opt->unit,
                 "only for this unit of a joint recommendation (default: every unit yet to respond)");
  return [opt, &env] {
    auto due = parse_date_option("--due", opt->due);
    if (!due) return report_error(due.error());
    const app::ExtensionRequest request{opt->unit, *due, opt->reason};
    if (auto st = app::check_extension_request(request); !st) return report_error(st.error());
    return run_step(env, *opt, [&](const app::Session& s, Date on) -> Status {
      auto e = app::extend(s, opt->ref, request, on);
      if (!e) return e.error();
      std::cout << "extended " << opt->ref << (e->unit.empty() ? "" : " for " + e->unit) << " to "
                << e->due.iso() << " on " << on.iso() << "\n";
      return {};
    });
  };
}

std::function<int()> define_request_date(CLI::App& cmd, Environment& env) {
  struct Options : StepOptions {
    std::string due, reason, unit;
  };
  auto opt = std::make_shared<Options>();
  add_step_options(cmd, *opt, "recommendation, e.g. PLACMI-2#2");
  cmd.add_option("--unit", opt->unit, "the unit asking (responsible, not yet responded)")->required();
  cmd.add_option("--due", opt->due, "the date asked for, YYYY-MM-DD")->required();
  cmd.add_option("--reason", opt->reason, "why more time is needed")->required();
  return [opt, &env] {
    auto due = parse_date_option("--due", opt->due);
    if (!due) return report_error(due.error());
    const app::DueDateAsk ask{opt->unit, *due, opt->reason};
    if (auto st = app::check_due_date_ask(ask); !st) return report_error(st.error());
    return run_step(env, *opt, [&](const app::Session& s, Date on) -> Status {
      auto q = app::request_due_date(s, opt->ref, ask, on);
      if (!q) return q.error();
      std::cout << q->unit << " asked for " << q->due.iso() << " on " << opt->ref << " (request " << q->id
                << "); the evaluation office answers it with answer-request " << q->id << "\n";
      return {};
    });
  };
}

std::function<int()> define_answer_request(CLI::App& cmd, Environment& env) {
  struct Options {
    long long id = 0;
    bool grant = false;
    bool refuse = false;
    std::string text, as_of;
  };
  auto opt = std::make_shared<Options>();
  cmd.add_option("id", opt->id, "the request's number (followup requests lists them)")->required();
  auto* grant = cmd.add_flag("--grant", opt->grant, "extend the unit's due date to the date asked for");
  cmd.add_flag("--refuse", opt->refuse, "refuse it (with --text)")->excludes(grant);
  cmd.add_option("--text", opt->text, "the office's words (required to refuse)");
  cmd.add_option("--as-of", opt->as_of, "the answer's date, YYYY-MM-DD (default: today)");
  return [opt, &env] {
    if (opt->grant == opt->refuse)
      return report_error(make_error(ErrorCode::invalid_argument, "give --grant or --refuse"));
    const app::DueDateReply reply{opt->grant, opt->text};
    StepOptions step;
    step.as_of = opt->as_of;
    return run_step(env, step, [&](const app::Session& s, Date on) -> Status {
      auto q = app::answer_due_date(s, opt->id, reply, on);
      if (!q) return q.error();
      std::cout << (opt->grant ? "granted" : "refused") << " request " << q->id << ": " << q->unit << " on "
                << recommendation_ref(q->evaluation, q->number)
                << (opt->grant ? " is now due by " + q->due.iso() : std::string()) << "\n";
      return {};
    });
  };
}

std::function<int()> define_requests(CLI::App& cmd, Environment& env) {
  struct Options {
    std::string ref;
    bool pending = false;
    bool json = false;
  };
  auto opt = std::make_shared<Options>();
  cmd.add_option("--ref", opt->ref, "only those of this recommendation, e.g. PLACMI-2#2");
  cmd.add_flag("--pending", opt->pending, "only those the office has not answered");
  cmd.add_flag("--json", opt->json, "print JSON");
  return [opt, &env] {
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    auto all = app::due_date_requests(
        *session, opt->ref.empty() ? std::nullopt : std::optional<std::string_view>(opt->ref), opt->pending);
    if (!all) return report_error(all.error());
    if (opt->json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& q : *all) out.push_back(app::json_of(q));
      std::cout << out.dump(2) << "\n";
      return static_cast<int>(k_ok);
    }
    if (all->empty()) std::cout << "no request\n";
    for (const auto& q : *all) {
      std::cout << q.id << "  " << recommendation_ref(q.evaluation, q.number) << "  " << q.unit
                << " asked on " << q.requested.iso() << " for " << q.due.iso() << ": "
                << util::escape_for_terminal(q.reason);
      if (q.answer)
        std::cout << "  [" << (q.answer->granted ? "granted" : "refused") << " on " << q.answer->on.iso()
                  << (q.answer->text.empty() ? "" : ": " + util::escape_for_terminal(q.answer->text)) << "]";
      else
        std::cout << "  [pending]";
      std::cout << "\n";
    }
    return static_cast<int>(k_ok);
  };
}

std::function<int()> define_action(CLI::App& cmd, Environment& env) {
  struct Options : StepOptions {
    long long id = 0;
    std::string unit, status, due, reason;
  };
  auto opt = std::make_shared<Options>();
  add_step_options(cmd, *opt, "recommendation, e.g. PLACMI-2#1");
  cmd.add_option("id", opt->id, "the action's id")->required();
  cmd.add_option("--unit", opt->unit,
                 "the unit acting: the action's owner or the unit whose response holds it")
      ->required();
  cmd.add_option("--status", opt->status, std::string(action_status_words()));
  cmd.add_option("--due", opt->due, "a revised due date, YYYY-MM-DD (the original is kept)");
  cmd.add_option("--reason", opt->reason, "why (required for a new date, cancelled, no_longer_applicable)");
  return [opt, &env] {
    app::ActionUpdate update;
    update.unit = opt->unit;
    update.reason = opt->reason;
    if (!opt->status.empty()) {
      update.status = parse_action_status(opt->status);
      if (!update.status)
        return report_error(
            bad("status '" + opt->status + "' is not one of " + std::string(action_status_words())));
    }
    if (!opt->due.empty()) {
      auto due = parse_date_option("--due", opt->due);
      if (!due) return report_error(due.error());
      update.due = *due;
    }
    if (auto st = app::check_action_update_request(update); !st) return report_error(st.error());
    return run_step(env, *opt, [&](const app::Session& s, Date on) -> Status {
      auto e = app::update_action(s, opt->ref, opt->id, update, on);
      if (!e) return e.error();
      std::cout << "action " << opt->id << " of " << opt->ref;
      if (e->status) std::cout << " is " << to_string(*e->status);
      if (e->due) std::cout << (e->status ? "," : "") << " due " << e->due->iso();
      std::cout << " (" << on.iso() << ")\n";
      return {};
    });
  };
}

}  // namespace followup::cli
