// `followup remind` and `followup outbox` (docs/reminders.md): plan a
// day's reminders into the outbox and send what it holds, through the
// transport the settings name (a folder of .eml files by default); and
// `followup calendar`: the calendar feeds of units and users.
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/calendar.h"
#include "app/json_views.h"
#include "app/reminders.h"
#include "cli/maintenance_commands.h"
#include "env/mail_transports.h"
#include "util/clean_text.h"
#include "util/text.h"

namespace followup::cli {

namespace {

std::string address(const OutboxMessage& m) {
  return util::escape_for_terminal(m.name) + " <" + util::escape_for_terminal(m.recipient) + ">";
}

}  // namespace

std::function<int()> define_remind(CLI::App& cmd, Environment& env) {
  struct Options {
    std::string as_of;
    bool dry_run = false;
    bool json = false;
  };
  auto opt = std::make_shared<Options>();
  cmd.add_option("--as-of", opt->as_of, "the day to plan (YYYY-MM-DD; default today)");
  cmd.add_flag("--dry-run", opt->dry_run, "show the digests the day owes; queue and send nothing");
  cmd.add_flag("--json", opt->json, "print JSON");
  return [opt, &env] {
    auto day = as_of_or_today(opt->as_of, env.clock());
    if (!day) return report_error(day.error());
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    const auto& settings = env.config().reminders;
    auto planned = app::plan_reminders(*session, *day, settings, opt->dry_run);
    if (!planned) return report_error(planned.error());
    app::SendReport sent;
    if (!opt->dry_run) {
      auto transport = env::make_mail_transport(env.config().mail, env.files());
      auto round = app::send_outbox(session->store, *transport, env.clock(), settings);
      if (!round) return report_error(round.error());
      sent = std::move(*round);
    }
    if (opt->json) {
      nlohmann::json out{{"day", day->iso()},
                         {"dry_run", opt->dry_run},
                         {"planned_before", planned->planned_before},
                         {"notices", planned->notices},
                         {"queued", nlohmann::json::array()},
                         {"unreached", planned->unreached},
                         {"undelivered_reported", planned->undelivered},
                         {"sent", sent.sent},
                         {"retrying", sent.retrying},
                         {"failed", nlohmann::json::array()}};
      for (const auto& m : planned->queued) {
        auto item = app::json_of(m);
        if (opt->dry_run) item["text"] = m.text;
        out["queued"].push_back(item);
      }
      for (const auto& m : sent.failed) out["failed"].push_back(app::json_of(m));
      std::cout << out.dump(2) << "\n";
      return static_cast<int>(k_ok);
    }
    const std::string day_text = day->iso();
    if (planned->planned_before)
      std::cout << "reminders of " << day_text << ": planned already\n";
    else
      std::cout << "reminders of " << day_text << ": " << planned->queued.size()
                << (planned->queued.size() == 1 ? " message" : " messages") << " (" << planned->notices
                << (planned->notices == 1 ? " notice)" : " notices)")
                << (opt->dry_run ? " would be queued" : " queued") << "\n";
    for (const auto& m : planned->queued)
      std::cout << "  to " << address(m) << ": " << util::escape_for_terminal(m.subject) << "\n";
    if (!planned->unreached.empty())
      std::cerr << "followup: the notices of " << util::join(planned->unreached, ", ")
                << " reach nobody: give the unit a focal point with an e-mail address (user edit) or an "
                   "address in the directory (unit edit)\n";
    if (opt->dry_run) return static_cast<int>(k_ok);
    std::cout << "sent " << sent.sent << ", to retry " << sent.retrying << ", given up " << sent.failed.size()
              << "\n";
    for (const auto& m : sent.failed)
      std::cerr << "followup: gave up the message to " << address(m) << ": "
                << util::escape_for_terminal(m.last_error) << "\n";
    return static_cast<int>(k_ok);
  };
}

std::function<int()> define_outbox(CLI::App& cmd, Environment& env) {
  struct Options {
    std::string day;
    int limit = 100;
    bool json = false;
  };
  auto opt = std::make_shared<Options>();
  cmd.add_option("--day", opt->day, "only the messages planned for this day (YYYY-MM-DD)");
  cmd.add_option("--limit", opt->limit, "at most this many (default 100)")->check(CLI::Range(1, 10000));
  cmd.add_flag("--json", opt->json, "print JSON");
  return [opt, &env] {
    if (!opt->day.empty() && !Date::parse_iso(opt->day))
      return report_error(
          make_error(ErrorCode::invalid_argument, "--day '" + opt->day + "' is not a date (YYYY-MM-DD)"));
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    auto listed = app::outbox_messages(*session, opt->day, opt->limit);
    if (!listed) return report_error(listed.error());
    if (opt->json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& m : *listed) out.push_back(app::json_of(m));
      std::cout << out.dump(2) << "\n";
      return static_cast<int>(k_ok);
    }
    if (listed->empty()) std::cout << "no message\n";
    for (const auto& m : *listed) {
      std::cout << m.day << "  " << m.state << "  " << address(m) << "  " << m.notices
                << (m.notices == 1 ? " notice" : " notices");
      if (m.state == "sent") std::cout << ", sent " << m.sent_at;
      if (m.state != "sent" && m.attempts > 0)
        std::cout << ", " << m.attempts << (m.attempts == 1 ? " attempt: " : " attempts: ")
                  << util::escape_for_terminal(m.last_error);
      if (m.state == "queued") std::cout << ", next " << m.next_attempt;
      std::cout << "\n";
    }
    return static_cast<int>(k_ok);
  };
}

std::function<int()> define_calendar(CLI::App& cmd, Environment& env) {
  struct Options {
    std::string unit;
    std::string user;
    long long id = 0;
    bool json = false;
  };
  auto opt = std::make_shared<Options>();
  auto action = std::make_shared<std::string>();
  cmd.require_subcommand(1);
  auto* add = cmd.add_subcommand("add", "a new feed of a unit's or a user's due dates; prints its address");
  auto* unit = add->add_option("--unit", opt->unit, "the unit whose due dates it holds");
  auto* user = add->add_option("--user", opt->user, "the user whose units' due dates it holds");
  unit->excludes(user);
  add->callback([action] { *action = "add"; });
  auto* list = cmd.add_subcommand("list", "the feeds you may revoke");
  list->add_flag("--json", opt->json, "print JSON");
  list->callback([action] { *action = "list"; });
  auto* revoke = cmd.add_subcommand("revoke", "revoke a feed: its address answers 404 from then on");
  revoke->add_option("ID", opt->id, "the feed's number (calendar list)")->required();
  revoke->callback([action] { *action = "revoke"; });
  return [opt, action, &env] {
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    if (*action == "add") {
      if (opt->unit.empty() == opt->user.empty())
        return report_error(make_error(ErrorCode::invalid_argument, "name the feed's --unit or --user"));
      auto created = app::create_calendar_feed(*session, opt->unit.empty() ? "user" : "unit",
                                               opt->unit.empty() ? opt->user : opt->unit);
      if (!created) return report_error(created.error());
      std::string base = env.config().reminders.public_url;
      while (!base.empty() && base.back() == '/') base.pop_back();
      std::cout << "calendar feed " << created->feed.id << " of " << created->feed.kind << " "
                << created->feed.owner << ": " << base << created->path
                << "\n(whoever has this address reads the feed: revoke it with `calendar revoke "
                << created->feed.id << "`)\n";
      return static_cast<int>(k_ok);
    }
    if (*action == "revoke") {
      if (auto st = app::revoke_calendar_feed(*session, opt->id); !st) return report_error(st.error());
      std::cout << "calendar feed " << opt->id << " revoked\n";
      return static_cast<int>(k_ok);
    }
    auto feeds = app::calendar_feeds(*session);
    if (!feeds) return report_error(feeds.error());
    if (opt->json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& f : *feeds)
        out.push_back(
            {{"id", f.id},
             {"kind", f.kind},
             {"owner", f.owner},
             {"created_at", f.created_at},
             {"created_by", f.created_by},
             {"revoked_at", f.revoked_at.empty() ? nlohmann::json() : nlohmann::json(f.revoked_at)}});
      std::cout << out.dump(2) << "\n";
      return static_cast<int>(k_ok);
    }
    if (feeds->empty()) std::cout << "no calendar feed\n";
    for (const auto& f : *feeds)
      std::cout << f.id << "  " << f.kind << " " << util::escape_for_terminal(f.owner) << "  created "
                << f.created_at << " by " << util::escape_for_terminal(f.created_by)
                << (f.revoked_at.empty() ? "" : "  revoked " + f.revoked_at) << "\n";
    return static_cast<int>(k_ok);
  };
}

}  // namespace followup::cli
