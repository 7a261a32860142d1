// The subcommand table. Each entry declares its options and returns the
// action; actions call app/ use cases and only format their answers.
#include <iostream>
#include <map>

#include "app/history_log.h"
#include "app/import.h"
#include "app/queries.h"
#include "app/reports.h"
#include "app/request_checks.h"
#include "app/units.h"
#include "cli/cli_support.h"
#include "cli/output.h"
#include "cli/step_commands.h"
#include "core/model_json.h"
#include "importer/memo_json.h"
#include "render/memo.h"
#include "render/reports.h"
#include "util/clean_text.h"

namespace followup::cli {

namespace {

using nlohmann::json;

std::function<int()> define_init(CLI::App&, Environment& env) {
  return [&env] {
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    std::cout << "store ready: " << env.globals().db << "\n";
    return static_cast<int>(k_ok);
  };
}

std::function<int()> define_import(CLI::App& cmd, Environment& env) {
  struct Options {
    std::vector<std::string> files;
    bool dry_run = false;
    bool json = false;
    bool add_units = false;
  };
  auto opt = std::make_shared<Options>();
  cmd.add_option("files", opt->files, "memo files (text, Markdown, CSV, Word .docx); - reads standard input")
      ->required();
  cmd.add_flag("--dry-run", opt->dry_run, "show what would be stored; store nothing");
  cmd.add_flag("--json", opt->json, "print the parsed memo as JSON");
  cmd.add_flag("--add-units", opt->add_units, "create units for names the directory does not know");
  return [opt, &env] {
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    int worst = k_ok;
    for (const auto& file : opt->files) {
      auto bytes = read_input(file, k_memo_max_bytes);
      if (!bytes) {
        worst = std::max(worst, report_error(bytes.error()));
        continue;
      }
      app::ImportRequest request{file, std::move(*bytes), opt->dry_run, opt->add_units};
      auto outcome = app::import_memo(*session, request);
      if (!outcome) {
        worst = std::max(worst, report_error(outcome.error()));
        continue;
      }
      print_import_outcome(std::cout, std::cerr, file, *outcome, opt->json);
    }
    return worst;
  };
}

std::function<int()> define_unit(CLI::App& cmd, Environment& env) {
  cmd.require_subcommand(1);
  auto unit = std::make_shared<Unit>();
  auto alias = std::make_shared<std::pair<std::string, std::string>>();
  auto as_json = std::make_shared<bool>(false);
  auto* add = cmd.add_subcommand("add", "add a unit to the directory");
  add->add_option("code", unit->code, "short code, e.g. MMS")->required();
  add->add_option("--name", unit->name, "full name")->required();
  add->add_option("--kind", unit->kind, "department, office, division, ...");
  add->add_option("--parent", unit->parent, "parent unit's code");
  add->add_option("--head", unit->head_title, "head's title, e.g. 'Director, MMS'");
  add->add_option("--alias", unit->aliases, "another name memos use (repeatable)");
  add->add_option("--email", unit->emails, "contact address (repeatable)");
  auto* al = cmd.add_subcommand("alias", "give a unit another name");
  al->add_option("unit", alias->first, "code or name of the unit")->required();
  al->add_option("alias", alias->second, "the other name")->required();
  auto* ls = cmd.add_subcommand("list", "list the unit directory");
  ls->add_flag("--json", *as_json, "print JSON");
  return [&env, add, al, unit, alias, as_json] {
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    if (add->parsed()) {
      if (auto st = app::check_unit(*unit); !st) return report_error(st.error());
      if (auto st = app::add_unit(*session, *unit); !st) return report_error(st.error());
      std::cout << "added unit " << unit->code << "\n";
      return static_cast<int>(k_ok);
    }
    if (al->parsed()) {
      if (auto st = app::check_text_field("alias", alias->second, true); !st) return report_error(st.error());
      if (auto st = app::add_unit_alias(*session, alias->first, alias->second); !st)
        return report_error(st.error());
      std::cout << "'" << alias->second << "' now names " << alias->first << "\n";
      return static_cast<int>(k_ok);
    }
    auto units = app::list_units(*session);
    if (!units) return report_error(units.error());
    print_units(std::cout, *units, *as_json);
    return static_cast<int>(k_ok);
  };
}

std::function<int()> define_list(CLI::App& cmd, Environment& env) {
  struct Options {
    std::string unit, evaluation, due_before, as_of;
    bool overdue = false, json = false, csv = false;
  };
  auto opt = std::make_shared<Options>();
  cmd.add_option("--unit", opt->unit, "only this unit's recommendations (code, name, alias or head's title)");
  cmd.add_option("--evaluation", opt->evaluation, "only this evaluation (code)");
  cmd.add_flag("--overdue", opt->overdue, "only those whose follow-up is overdue");
  cmd.add_option("--due-before", opt->due_before, "only those due before this date (YYYY-MM-DD)");
  cmd.add_option("--as-of", opt->as_of, "the date to judge overdue on (default: today)");
  auto* j = cmd.add_flag("--json", opt->json, "print JSON");
  cmd.add_flag("--csv", opt->csv, "print CSV")->excludes(j);
  return [opt, &env] {
    auto as_of = as_of_or_today(opt->as_of, env.clock());
    if (!as_of) return report_error(as_of.error());
    app::ListQuery query;
    query.as_of = *as_of;
    query.overdue_only = opt->overdue;
    if (!opt->unit.empty()) query.unit = opt->unit;
    if (!opt->evaluation.empty()) query.evaluation = opt->evaluation;
    if (!opt->due_before.empty()) {
      auto d = Date::parse_iso(opt->due_before);
      if (!d)
        return report_error(make_error(ErrorCode::invalid_argument,
                                       "--due-before '" + opt->due_before + "' is not a date (YYYY-MM-DD)"));
      query.due_before = *d;
    }
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    auto rows = app::list_recommendations(*session, query);
    if (!rows) return report_error(rows.error());
    auto units = app::list_units(*session);
    if (!units) return report_error(units.error());
    const OutputFormat format = opt->json  ? OutputFormat::json
                                : opt->csv ? OutputFormat::csv
                                           : OutputFormat::text;
    print_recommendation_list(std::cout, *rows, *units, format);
    return static_cast<int>(k_ok);
  };
}

std::function<int()> define_show(CLI::App& cmd, Environment& env) {
  struct Options {
    std::string ref, as_of;
    bool json = false, history = false;
  };
  auto opt = std::make_shared<Options>();
  cmd.add_option("ref", opt->ref, "recommendation reference, e.g. PLACMI-2#1")->required();
  cmd.add_option("--as-of", opt->as_of, "the date to judge overdue on (default: today)");
  cmd.add_flag("--json", opt->json, "print JSON");
  cmd.add_flag("--history", opt->history, "include the history entries");
  return [opt, &env] {
    auto as_of = as_of_or_today(opt->as_of, env.clock());
    if (!as_of) return report_error(as_of.error());
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    auto record = app::find_recommendation(*session, opt->ref);
    if (!record) return report_error(record.error());
    auto units = app::list_units(*session);
    if (!units) return report_error(units.error());
    std::vector<HistoryEntry> history;
    if (opt->history) {
      auto entries = app::history_of(*session, "recommendation:" + opt->ref);
      if (!entries) return report_error(entries.error());
      history = std::move(*entries);
    }
    print_recommendation(std::cout, *record, *units, *as_of, opt->history ? &history : nullptr, opt->json);
    return static_cast<int>(k_ok);
  };
}

std::function<int()> define_report(CLI::App& cmd, Environment& env) {
  struct Options {
    std::string kind, unit, as_of, format = "text";
    bool json = false;
  };
  auto opt = std::make_shared<Options>();
  cmd.add_option("kind", opt->kind, "status, overdue, rates or unit")
      ->required()
      ->check(CLI::IsMember({"status", "overdue", "rates", "unit"}));
  cmd.add_option("unit", opt->unit, "the unit, for `report unit` (code, name, alias or head's title)");
  cmd.add_option("--as-of", opt->as_of, "the report's date (default: today)");
  auto* format_option = cmd.add_option("--format", opt->format, "text, json, csv or markdown")
                            ->check(CLI::IsMember({"text", "json", "csv", "markdown"}));
  cmd.add_flag("--json", opt->json, "same as --format json")->excludes(format_option);
  return [opt, &env] {
    auto as_of = as_of_or_today(opt->as_of, env.clock());
    if (!as_of) return report_error(as_of.error());
    const auto format = opt->json ? render::ReportFormat::json : *render::parse_report_format(opt->format);
    if (opt->kind == "unit" && opt->unit.empty())
      return report_error(
          make_error(ErrorCode::invalid_argument, "report unit needs a unit: report unit MMS"));
    if (opt->kind != "unit" && !opt->unit.empty())
      return report_error(make_error(ErrorCode::invalid_argument,
                                     "report " + opt->kind + " takes no unit ('" + opt->unit + "')"));
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    auto emit = [](const auto& report, render::ReportFormat f) -> int {
      if (!report) return report_error(report.error());
      const auto text = render::render_report(*report, f);
      // Text for people is escaped for the terminal; CSV and JSON carry data as it is.
      const bool for_people = f == render::ReportFormat::text || f == render::ReportFormat::markdown;
      std::cout << (for_people ? util::escape_for_terminal(text) : text);
      return static_cast<int>(k_ok);
    };
    if (opt->kind == "status") return emit(app::status_report(*session, *as_of), format);
    if (opt->kind == "overdue") return emit(app::overdue_report(*session, *as_of), format);
    if (opt->kind == "rates") return emit(app::rates_report(*session, *as_of), format);
    return emit(app::unit_report(*session, opt->unit, *as_of), format);
  };
}

std::function<int()> define_memo(CLI::App& cmd, Environment& env) {
  struct Options {
    std::string code;
    std::string format = "text";
  };
  auto opt = std::make_shared<Options>();
  cmd.add_option("evaluation", opt->code, "evaluation code, e.g. PLACMI-2")->required();
  cmd.add_option("--format", opt->format, "text or markdown")->check(CLI::IsMember({"text", "markdown"}));
  return [opt, &env] {
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    auto evaluation = app::find_evaluation(*session, opt->code);
    if (!evaluation) return report_error(evaluation.error());
    std::cout << util::escape_for_terminal(render::render_memo(
        *evaluation, opt->format == "markdown" ? render::MemoFormat::markdown : render::MemoFormat::text));
    return static_cast<int>(k_ok);
  };
}

std::function<int()> define_verify_history(CLI::App&, Environment& env) {
  return [&env] {
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    auto fault = app::verify_history(*session);
    if (!fault) return report_error(fault.error());
    if (*fault) {
      std::cerr << "followup: history broken at entry " << (*fault)->id << ": " << (*fault)->message << "\n";
      return static_cast<int>(k_store_error);
    }
    std::cout << "history verified: every entry fits the chain\n";
    return static_cast<int>(k_ok);
  };
}

}  // namespace

const std::vector<CommandSpec>& command_table() {
  static const std::vector<CommandSpec> k_table = {
      {"init", "create the store (and its folder) if missing, and migrate it", define_init},
      {"import", "import evaluation memos (text, Markdown, CSV, Word .docx)", define_import},
      {"unit", "the unit directory: add, alias, list", define_unit},
      {"user", "users and their roles: add, edit, list", define_user},
      {"issue", "issue an evaluation: its recommendations open and their due dates run", define_issue},
      {"edit", "edit a recommendation's text, due date or units", define_edit},
      {"respond", "record a unit's management response, with its key actions", define_respond},
      {"add-action", "add a key action to a unit's response", define_add_action},
      {"report-progress", "record a unit's progress report, with evidence", define_report_progress},
      {"validate", "record the evaluation office's rating beside the units' claims", define_validate},
      {"close", "close a recommendation (evaluation office)", define_close},
      {"reopen", "reopen a closed recommendation", define_reopen},
      {"list", "list recommendations: who owes what, by when", define_list},
      {"show", "show one recommendation with its follow-up", define_show},
      {"report", "reports: status (the DG's), overdue, rates, unit U", define_report},
      {"memo", "regenerate an evaluation's follow-up memorandum", define_memo},
      {"verify-history", "check that the history chain is intact", define_verify_history},
  };
  return k_table;
}

}  // namespace followup::cli
