// The subcommand table. Each entry declares its options and returns the
// action; actions call app/ use cases and only format their answers.
#include <iostream>
#include <map>
#include <optional>
#include <unistd.h>

#include "app/content_hashes.h"
#include "app/history_log.h"
#include "app/import.h"
#include "app/json_views.h"
#include "app/queries.h"
#include "app/reports.h"
#include "app/request_checks.h"
#include "app/show.h"
#include "app/tracker.h"
#include "app/units.h"
#include "app/users.h"
#include "cli/cli_support.h"
#include "cli/maintenance_commands.h"
#include "cli/output.h"
#include "cli/step_commands.h"
#include "core/names.h"
#include "render/docx.h"
#include "render/memo.h"
#include "render/pdf.h"
#include "render/reports.h"
#include "render/xlsx.h"
#include "util/clean_text.h"
#include "util/number.h"
#include "util/text.h"

namespace followup::cli {

namespace {

using nlohmann::json;

std::function<int()> define_init(CLI::App& cmd, Environment& env) {
  auto admin = std::make_shared<std::string>();
  cmd.add_option("--admin", *admin, "create the first user, with the admin role");
  return [admin, &env] {
    auto session = env.create_session();
    if (!session) return static_cast<int>(k_store_error);
    // A store made before the canonical content hash is brought up to date.
    auto hashes = app::upgrade_content_hashes(*session);
    if (!hashes) return report_error(hashes.error());
    if (!admin->empty())
      if (auto st = app::initialise(*session, *admin); !st) return report_error(st.error());
    std::cout << "store ready: " << env.config().store.url << "\n";
    if (hashes->upgraded > 0)
      std::cout << hashes->upgraded << " content hash" << (hashes->upgraded == 1 ? "" : "es")
                << " brought to the canonical form (docs/storage.md)\n";
    for (const auto& code : hashes->unrecognised)
      std::cout << "the content hash of " << code << " is of no known form; left as it is\n";
    std::cout << "history key: " << env.key_path() << " (keep it, and a copy, outside the store)\n";
    if (!admin->empty()) std::cout << "admin: " << *admin << "\n";
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
      auto bytes = env.read_input(file, k_memo_max_bytes);
      if (!bytes) {
        worst = std::max(worst, report_error(bytes.error()));
        continue;
      }
      app::ImportRequest request{file, std::move(*bytes), opt->dry_run, opt->add_units};
      auto outcome = app::import_memo(*session, request);
      if (!outcome) {
        Error e = outcome.error();
        if (e.field == "add_units")
          e.message +=
              "; add them with 'followup unit add' or 'followup unit alias', or import with --add-units";
        worst = std::max(worst, report_error(e));
        continue;
      }
      print_import_outcome(std::cout, std::cerr, file, *outcome, opt->json);
    }
    return worst;
  };
}

std::function<int()> define_import_tracker(CLI::App& cmd, Environment& env) {
  struct Options {
    std::string file;
    std::string mapping;
    bool dry_run = false;
    bool json = false;
  };
  auto opt = std::make_shared<Options>();
  cmd.add_option("file", opt->file,
                 "the tracker, an Excel workbook (.xlsx) or a CSV file (- reads standard input)")
      ->required();
  cmd.add_option("--mapping", opt->mapping,
                 "a JSON file naming the column of each field the headers do not give, e.g. "
                 "{\"recommendation\": \"Texte\"}");
  cmd.add_flag("--dry-run", opt->dry_run, "enter everything, check it, and keep nothing");
  cmd.add_flag("--json", opt->json, "print the outcome as JSON");
  return [opt, &env] {
    app::TrackerRequest request;
    request.file_name = opt->file;
    request.dry_run = opt->dry_run;
    if (!opt->mapping.empty()) {
      auto bytes = env.read_input(opt->mapping, k_memo_max_bytes);
      if (!bytes) return report_error(bytes.error());
      auto mapping = importer::parse_tracker_mapping(*bytes, opt->mapping);
      if (!mapping) return report_error(mapping.error());
      request.mapping = std::move(*mapping);
    }
    auto bytes = env.read_input(opt->file, importer::k_tracker_max_bytes);
    if (!bytes) return report_error(bytes.error());
    request.bytes = std::move(*bytes);
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    auto outcome = app::import_tracker(*session, request);
    if (!outcome) return report_error(outcome.error());
    if (opt->json) {
      nlohmann::json out{{"file", opt->file},
                         {"dry_run", outcome->dry_run},
                         {"columns", outcome->tracker.columns},
                         {"unused_columns", outcome->tracker.unused_columns},
                         {"created", outcome->created},
                         {"entries", outcome->entries}};
      std::cout << out.dump(2) << "\n";
      return static_cast<int>(k_ok);
    }
    for (const auto& column : outcome->tracker.unused_columns)
      std::cerr << util::escape_for_terminal(opt->file + ": warning: the column '" + column +
                                             "' is not read (name its field with --mapping)")
                << "\n";
    std::string text;
    for (const auto& entry : outcome->entries) text += entry + "\n";
    text += opt->file + ": " + std::to_string(outcome->entries.size()) + " recommendations";
    if (!outcome->created.empty()) text += ", evaluations " + util::join(outcome->created, ", ") + " made";
    text += outcome->dry_run ? " (dry run, nothing stored)\n" : ", entered as of their dates\n";
    std::cout << util::escape_for_terminal(text);
    return static_cast<int>(k_ok);
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
  auto* edit =
      cmd.add_subcommand("edit", "change a unit's name, kind, parent, head's title, aliases or emails");
  auto changes = std::make_shared<app::UnitEdit>();
  edit->add_option("code", changes->code, "the unit's code")->required();
  edit->add_option("--name", changes->name, "full name");
  edit->add_option("--kind", changes->kind, "department, office, division, ...");
  edit->add_option("--parent", changes->parent, "parent unit's code");
  edit->add_option("--head", changes->head_title, "head's title");
  edit->add_option("--alias", changes->aliases, "the unit's other names (repeatable; replaces them all)");
  edit->add_option("--email", changes->emails, "contact addresses (repeatable; replaces them all)");
  auto* al = cmd.add_subcommand("alias", "give a unit another name");
  al->add_option("unit", alias->first, "code or name of the unit")->required();
  al->add_option("alias", alias->second, "the other name")->required();
  auto* ls = cmd.add_subcommand("list", "list the unit directory");
  ls->add_flag("--json", *as_json, "print JSON");
  return [&env, add, edit, changes, al, unit, alias, as_json] {
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    if (edit->parsed()) {
      if (auto st = app::edit_unit(*session, *changes); !st) return report_error(st.error());
      std::cout << "updated unit " << changes->code << "\n";
      return static_cast<int>(k_ok);
    }
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
    std::string unit, evaluation, due_before, as_of, after;
    int limit = 0;
    bool overdue = false, json = false, csv = false;
  };
  auto opt = std::make_shared<Options>();
  cmd.add_option("--unit", opt->unit, "only this unit's recommendations (code, name, alias or head's title)");
  cmd.add_option("--evaluation", opt->evaluation, "only this evaluation (code)");
  cmd.add_flag("--overdue", opt->overdue, "only those whose follow-up is overdue");
  cmd.add_option("--due-before", opt->due_before, "only those due before this date (YYYY-MM-DD)");
  cmd.add_option("--as-of", opt->as_of, "the date to judge overdue on (default: today)");
  cmd.add_option("--limit", opt->limit, "at most this many (default: all)")->check(CLI::Range(0, 1000000));
  cmd.add_option("--after", opt->after, "only those after this reference (the last of a previous page)");
  auto* j = cmd.add_flag("--json", opt->json, "print JSON");
  cmd.add_flag("--csv", opt->csv, "print CSV")->excludes(j);
  return [opt, &env] {
    auto as_of = as_of_or_today(opt->as_of, env.clock());
    if (!as_of) return report_error(as_of.error());
    app::ListQuery query;
    query.as_of = *as_of;
    query.limit = opt->limit;
    if (!opt->after.empty()) query.after = opt->after;
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
    auto units = app::list_units(*session);
    if (!units) return report_error(units.error());
    const OutputFormat format = opt->json  ? OutputFormat::json
                                : opt->csv ? OutputFormat::csv
                                           : OutputFormat::text;
    // Printed as the pages are read; a store error midway leaves the
    // answer unfinished (and exits 3).
    RecommendationListPrinter printer(std::cout, *units, format);
    auto st = app::for_each_listed(*session, query, [&](app::ListedRecommendation&& row) -> Status {
      printer.row(row);
      return {};
    });
    if (!st) return report_error(st.error());
    printer.finish();
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
    auto shown = app::show_recommendation(*session, opt->ref, app::ShowQuery{*as_of, opt->history});
    if (!shown) return report_error(shown.error());
    print_recommendation(std::cout, *shown, opt->json);
    return static_cast<int>(k_ok);
  };
}

// `report status|overdue --limit 0`: the whole answer, printed as it is
// read (a store error midway leaves it unfinished, and exits 3). Text for
// people is escaped for the terminal; CSV and JSON carry data as it is. A
// document gets the tables instead, and the caller finishes it.
struct StreamPrinter {
  bool as_json;
  render::ReportFormat format;
  render::TableDocument* book;
  bool for_people;
  app::JsonListsStream json{std::cout};
  std::function<void(const std::string&)> write;
  HistoryHead head;

  StreamPrinter(bool json_output, render::ReportFormat text_format, render::TableDocument* document)
      : as_json(json_output),
        format(text_format),
        book(document),
        for_people(!json_output && document == nullptr &&
                   (format == render::ReportFormat::text || format == render::ReportFormat::markdown)),
        write([people = for_people](const std::string& text) {
          std::cout << (people ? util::escape_for_terminal(text) : text);
        }) {}

  int finish(const Status& st) {
    if (!st) return report_error(st.error());
    if (for_people) std::cout << "\nHistory head: " << head.str() << "\n";
    return static_cast<int>(k_ok);
  }
};

int stream_status(const app::Session& session, const app::ReportOptions& options, StreamPrinter& p) {
  const bool as_json = p.as_json;
  auto rendered =
      p.book ? render::StatusReportStream(*p.book) : render::StatusReportStream(p.write, p.format);
  auto st = app::stream_status_report(
      session, options,
      [&](const StatusReport& report) -> Status {
        p.head = report.head;
        as_json ? p.json.begin(app::json_of(report), {"recommendations"}) : rendered.begin(report);
        return {};
      },
      [&](StatusLine&& line) -> Status {
        as_json ? p.json.element(0, app::json_of(line)) : rendered.line(line);
        return {};
      });
  if (st) as_json ? p.json.end() : rendered.end();
  return p.finish(st);
}

int stream_overdue(const app::Session& session, const app::ReportOptions& options, StreamPrinter& p) {
  const bool as_json = p.as_json;
  auto rendered =
      p.book ? render::OverdueReportStream(*p.book) : render::OverdueReportStream(p.write, p.format);
  app::OverdueSinks sinks;
  // JSON prints its keys sorted: "actions" before "responses".
  sinks.actions_first = as_json;
  sinks.head = [&](const OverdueReport& report) -> Status {
    p.head = report.head;
    as_json ? p.json.begin(app::json_of(report), {"actions", "responses"}) : rendered.begin(report);
    return {};
  };
  sinks.response = [&](OverdueResponse&& r) -> Status {
    as_json ? p.json.element(1, app::json_of(r)) : rendered.response(r);
    return {};
  };
  sinks.action = [&](OverdueAction&& a) -> Status {
    as_json ? p.json.element(0, app::json_of(a)) : rendered.action(a);
    return {};
  };
  auto st = app::stream_overdue_report(session, options, sinks);
  if (st) as_json ? p.json.end() : rendered.end();
  return p.finish(st);
}

// Whether `--format FORMAT` writes a document (make_document).
bool is_document_format(std::string_view format) {
  return format == "xlsx" || format == "docx" || format == "pdf";
}

// The report's document for `--format FORMAT` (xlsx, docx, pdf), or none
// when the format is not a document's.
std::unique_ptr<render::TableDocument> make_document(std::string_view format, std::string_view created_utc) {
  if (format == "xlsx") return std::make_unique<render::Workbook>(created_utc);
  if (format == "docx") return std::make_unique<render::WordDocument>(created_utc);
  if (format == "pdf") return std::make_unique<render::PdfDocument>(created_utc);
  return nullptr;
}

// `report ... --format xlsx|docx|pdf`, `memo ... --format docx|pdf|xlsx`: the
// document's bytes, to `output` (a new file, never replacing one) or to
// standard output; the history head after a report's file.
int write_document(Environment& env, const std::string& output, const Result<std::string>& bytes,
                   const std::optional<HistoryHead>& head) {
  if (!bytes)
    return report_error(
        make_error(ErrorCode::invalid_argument, "cannot make the document: " + bytes.error().message));
  if (output.empty()) {
    std::cout.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    std::cout.flush();
    if (!std::cout)
      return report_error(
          make_error(ErrorCode::invalid_argument, "cannot write the document to standard output"));
    return static_cast<int>(k_ok);
  }
  if (auto st = env.files().write_new_file(output, *bytes, env::FileMode::shared); !st)
    return report_error(
        make_error(ErrorCode::invalid_argument, st.error().code == ErrorCode::already_exists
                                                    ? "'" + output + "' exists; not overwritten"
                                                    : "cannot write '" + output + "'"));
  std::cout << "wrote " << output << " (" << bytes->size() << " bytes)\n";
  // As the text report ends: verify-history --head can later check it.
  if (head) std::cout << "History head: " << head->str() << "\n";
  return static_cast<int>(k_ok);
}

// A document is binary: never onto a terminal, and never over a file.
// The exit code when `command --format FORMAT` may not write to `output`
// (standard output when empty).
std::optional<int> refuse_document_output(Environment& env, std::string_view command, std::string_view format,
                                          const std::string& output) {
  if (output.empty() && isatty(STDOUT_FILENO) != 0)
    return report_error(make_error(ErrorCode::invalid_argument,
                                   std::string(command) + " --format " + std::string(format) +
                                       " writes a binary document: name its file with "
                                       "--output FILE, or send standard output to a file or a pipe"));
  if (!output.empty() && env.files().exists(output))
    return report_error(make_error(ErrorCode::invalid_argument, "'" + output + "' exists; not overwritten"));
  return std::nullopt;
}

// `--year 2003` or `--year 2001-2005`: the first and last years.
Result<std::pair<int, int>> parse_years(const std::string& text) {
  auto year = [](std::string_view s) -> std::optional<int> {
    auto n = util::parse_whole_number(s, 1900, 9999);
    if (!n.value || s.size() != 4) return std::nullopt;
    return static_cast<int>(*n.value);
  };
  const auto dash = text.find('-');
  const auto first = year(std::string_view(text).substr(0, dash));
  const auto last = dash == std::string::npos ? first : year(std::string_view(text).substr(dash + 1));
  if (!first || !last)
    return make_error(ErrorCode::invalid_argument,
                      "--year '" + text + "' is not a year or a range of years (2003, 2001-2005)");
  if (*first > *last) return make_error(ErrorCode::invalid_argument, "--year '" + text + "' runs backwards");
  return std::make_pair(*first, *last);
}

std::function<int()> define_report(CLI::App& cmd, Environment& env) {
  struct Options {
    std::string kind, unit, as_of, format = "text", priority, after, output, years;
    int limit = 1000;
    bool json = false;
  };
  auto opt = std::make_shared<Options>();
  cmd.add_option("kind", opt->kind, "status, overdue, rates, unit or annual")
      ->required()
      ->check(CLI::IsMember({"status", "overdue", "rates", "unit", "annual"}));
  cmd.add_option("--year", opt->years,
                 "annual: the year, or years (2001-2005), whose evaluations it reports; its date is the last "
                 "year's end, or today while that year runs");
  cmd.add_option("unit", opt->unit, "the unit, for `report unit` (code, name, alias or head's title)");
  cmd.add_option("--as-of", opt->as_of, "the report's date (default: today)");
  auto* format_option =
      cmd.add_option("--format", opt->format, "text, json, csv, markdown, xlsx, docx or pdf")
          ->check(CLI::IsMember({"text", "json", "csv", "markdown", "xlsx", "docx", "pdf"}));
  cmd.add_flag("--json", opt->json, "same as --format json")->excludes(format_option);
  cmd.add_option("--output", opt->output,
                 "xlsx, docx, pdf: the document's file, never overwritten (default: standard output, if not "
                 "a terminal)");
  cmd.add_option("--priority", opt->priority, "only recommendations of this priority: normal or high")
      ->check(CLI::IsMember({"normal", "high"}));
  cmd.add_option(
         "--limit", opt->limit,
         "status: at most this many recommendations in the detail; overdue: the most overdue responses "
         "and actions, this many of each (0: all)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  cmd.add_option("--after", opt->after,
                 "status: the detail's page after this reference (the last one shown)");
  return [opt, &env, &cmd] {
    auto as_of = as_of_or_today(opt->as_of, env.clock());
    if (!as_of) return report_error(as_of.error());
    std::optional<std::pair<int, int>> years;
    if (opt->kind == "annual") {
      if (opt->years.empty())
        return report_error(make_error(ErrorCode::invalid_argument,
                                       "report annual needs --year: --year 2003 or --year 2001-2005"));
      for (const char* other : {"--limit", "--after", "--priority"})
        if (cmd.count(other) > 0)
          return report_error(
              make_error(ErrorCode::invalid_argument, std::string("report annual takes no ") + other));
      auto parsed = parse_years(opt->years);
      if (!parsed) return report_error(parsed.error());
      years = *parsed;
      // The last year's end, unless that is still to come or a date was given.
      if (opt->as_of.empty()) as_of = std::min(*as_of, *Date::from_ymd(years->second, 12, 31));
    } else if (!opt->years.empty()) {
      return report_error(make_error(ErrorCode::invalid_argument,
                                     "report " + opt->kind + " takes no --year (only annual does)"));
    }
    app::ReportOptions options;
    options.as_of = *as_of;
    options.limit = opt->limit;
    if (!opt->after.empty()) options.after = opt->after;
    if (!opt->priority.empty()) options.priority = parse_priority(opt->priority);
    // JSON is the app's view of the report; the other formats are render's.
    const bool as_json = opt->json || opt->format == "json";
    const bool as_document = is_document_format(opt->format);
    const auto format =
        as_json || as_document ? render::ReportFormat::text : *render::parse_report_format(opt->format);
    if (!as_document && !opt->output.empty())
      return report_error(make_error(ErrorCode::invalid_argument,
                                     "report --output is for --format xlsx, docx or pdf (the other formats "
                                     "print to standard output)"));
    if (as_document)
      if (auto refused = refuse_document_output(env, "report", opt->format, opt->output)) return *refused;
    if (opt->kind == "unit" && opt->unit.empty())
      return report_error(
          make_error(ErrorCode::invalid_argument, "report unit needs a unit: report unit MMS"));
    if (opt->kind != "unit" && !opt->unit.empty())
      return report_error(make_error(ErrorCode::invalid_argument,
                                     "report " + opt->kind + " takes no unit ('" + opt->unit + "')"));
    if (opt->kind != "status" && !opt->after.empty())
      return report_error(
          make_error(ErrorCode::invalid_argument,
                     "report " + opt->kind + " takes no --after (only status's detail is paged)"));
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    auto emit = [as_json, opt, &env](const auto& report, render::ReportFormat f) -> int {
      if (!report) return report_error(report.error());
      if (auto document = make_document(opt->format, env.clock().now_utc())) {
        render::write_report(*report, *document);
        return write_document(env, opt->output, document->finish(), report->head);
      }
      if (as_json) {
        std::cout << app::json_of(*report).dump(2) << "\n";
        return static_cast<int>(k_ok);
      }
      const auto text = render::render_report(*report, f);
      // Text for people is escaped for the terminal; CSV and JSON carry data as it is.
      const bool for_people = f == render::ReportFormat::text || f == render::ReportFormat::markdown;
      std::cout << (for_people ? util::escape_for_terminal(text) : text);
      // The chain's head, so that verify-history --head can later show the
      // history still holds what this report saw (JSON carries it inside).
      if (for_people) std::cout << "\nHistory head: " << report->head.str() << "\n";
      return static_cast<int>(k_ok);
    };
    if ((opt->kind == "status" || opt->kind == "overdue") && opt->limit == 0) {
      const auto book = make_document(opt->format, env.clock().now_utc());
      StreamPrinter p(as_json, format, book.get());
      const int code =
          opt->kind == "status" ? stream_status(*session, options, p) : stream_overdue(*session, options, p);
      if (code != k_ok || !book) return code;
      return write_document(env, opt->output, book->finish(), p.head);
    }
    if (opt->kind == "status") return emit(app::status_report(*session, options), format);
    if (opt->kind == "overdue") return emit(app::overdue_report(*session, options), format);
    if (opt->kind == "rates") return emit(app::rates_report(*session, options), format);
    if (years) return emit(app::annual_report(*session, years->first, years->second, options), format);
    return emit(app::unit_report(*session, opt->unit, options), format);
  };
}

std::function<int()> define_memo(CLI::App& cmd, Environment& env) {
  struct Options {
    std::string code;
    std::string format = "text";
    std::string as_of;
    std::string output;
    bool original = false;
  };
  auto opt = std::make_shared<Options>();
  cmd.add_option("evaluation", opt->code, "evaluation code, e.g. PLACMI-2")->required();
  cmd.add_option("--format", opt->format, "text, markdown, docx, pdf or xlsx")
      ->check(CLI::IsMember({"text", "markdown", "docx", "pdf", "xlsx"}));
  cmd.add_option("--as-of", opt->as_of, "the date of the follow-up added after a kept memo (default: today)");
  cmd.add_option(
      "--output", opt->output,
      "docx, pdf, xlsx: the document's file, never overwritten (default: standard output, if not a "
      "terminal)");
  cmd.add_flag("--original", opt->original,
               "write the memo as it was imported, byte for byte (to a file or a pipe, not a terminal)");
  return [opt, &env] {
    auto as_of = as_of_or_today(opt->as_of, env.clock());
    if (!as_of) return report_error(as_of.error());
    const bool as_document = is_document_format(opt->format);
    if (as_document && opt->original)
      return report_error(make_error(ErrorCode::invalid_argument,
                                     "memo --original writes the memo as it was imported; --format " +
                                         opt->format + " writes it regenerated: choose one"));
    if (!as_document && !opt->output.empty())
      return report_error(make_error(ErrorCode::invalid_argument,
                                     "memo --output is for --format docx, pdf or xlsx (the other formats "
                                     "print to standard output)"));
    if (as_document)
      if (auto refused = refuse_document_output(env, "memo", opt->format, opt->output)) return *refused;
    if (opt->original && isatty(STDOUT_FILENO) != 0)
      return report_error(make_error(ErrorCode::invalid_argument,
                                     "--original writes the memo's bytes as they came: send them to a file, "
                                     "e.g. followup memo " +
                                         opt->code + " --original > memo"));
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    if (opt->original) {
      auto original = app::memo_original(*session, opt->code);
      if (!original) return report_error(original.error());
      std::cout.write(original->bytes.data(), static_cast<std::streamsize>(original->bytes.size()));
      std::cout.flush();
      return static_cast<int>(k_ok);
    }
    auto memo = app::memo_of(*session, opt->code);
    if (!memo) return report_error(memo.error());
    if (as_document) {
      // The memo as the text format shows it: the kept memo and its
      // follow-up, or the memo regenerated from the store.
      const Evaluation& e = memo->evaluation;
      render::DocumentProperties properties{
          memo->original ? "Follow-up memorandum: " + e.code + " as of " + render::long_date(*as_of)
                         : "Memorandum: " + e.code,
          "followup memo",
          e.title,
          std::nullopt,
          "",
          ""};
      if (memo->original) properties.as_of = *as_of;
      const auto document = make_document(opt->format, env.clock().now_utc());
      document->set_properties(properties);
      if (memo->original) {
        render::write_memo(*document, memo->original->text, *as_of,
                           render::follow_up_entries(memo->records, *as_of));
      } else {
        render::write_memo(*document, render::render_memo(e, render::MemoFormat::text, memo->extensions),
                           std::nullopt, {});
      }
      return write_document(env, opt->output, document->finish(), std::nullopt);
    }
    const auto format = opt->format == "markdown" ? render::MemoFormat::markdown : render::MemoFormat::text;
    std::cout << util::escape_for_terminal(
        memo->original ? render::render_followup_memo(memo->original->text, memo->original->markdown,
                                                      memo->records, *as_of, format)
                       : render::render_memo(memo->evaluation, format, memo->extensions));
    return static_cast<int>(k_ok);
  };
}

std::function<int()> define_verify_history(CLI::App& cmd, Environment& env) {
  auto head = std::make_shared<std::string>();
  cmd.add_option("--head", *head,
                 "N:HASH, a head printed earlier (on a report): check it is still in the chain");
  return [head, &env] {
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    auto key = env.load_key();
    if (!key) return report_error(key.error());
    auto report = app::verify_history(*session, *key,
                                      head->empty() ? std::nullopt : std::optional<std::string_view>(*head));
    if (!report) return report_error(report.error());
    const std::string seen = std::to_string(report->entries) + ":" + report->head_hash;
    if (!report->problems.empty()) {
      for (const auto& p : report->problems) std::cerr << "followup: history check failed: " << p << "\n";
      std::cerr << "followup: history head " << seen << "\n";
      return static_cast<int>(k_store_error);
    }
    std::cout << "history verified: " << report->entries
              << " entries, each signed and chained; every table is what the history makes\n";
    std::cout << "History head: " << seen << "\n";
    return static_cast<int>(k_ok);
  };
}

std::function<int()> define_evidence(CLI::App& cmd, Environment& env) {
  cmd.require_subcommand(1);
  struct Options {
    std::string ref, hash, output;
    bool json = false;
  };
  auto opt = std::make_shared<Options>();
  auto* ls = cmd.add_subcommand("list", "the evidence attached to a recommendation");
  ls->add_option("ref", opt->ref, "recommendation, e.g. PLACMI-2#1")->required();
  ls->add_flag("--json", opt->json, "print JSON");
  auto* get = cmd.add_subcommand("get", "write an evidence file's bytes");
  get->add_option("hash", opt->hash, "the file's SHA-256, as listed")->required();
  get->add_option("--output", opt->output, "the file to write (refuses to overwrite)")->required();
  return [opt, ls, &env] {
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    if (ls->parsed()) {
      auto items = app::list_evidence(*session, opt->ref);
      if (!items) return report_error(items.error());
      if (opt->json) {
        json out = json::array();
        for (const auto& item : *items) out.push_back(app::json_of(item));
        std::cout << out.dump(2) << "\n";
      } else {
        if (items->empty()) std::cout << "no evidence on " << opt->ref << "\n";
        for (const auto& item : *items)
          std::cout << item.evidence.sha256 << "  " << item.evidence.media_type << "  " << item.evidence.size
                    << " bytes  " << item.evidence.name << "  (" << item.attached_to << ", " << item.on.iso()
                    << ")\n";
      }
      return static_cast<int>(k_ok);
    }
    auto file = app::get_evidence(*session, opt->hash);
    if (!file) return report_error(file.error());
    if (auto st = env.files().write_new_file(opt->output, file->content, env::FileMode::shared); !st)
      return report_error(
          make_error(ErrorCode::invalid_argument, st.error().code == ErrorCode::already_exists
                                                      ? "'" + opt->output + "' exists; not overwritten"
                                                      : "cannot write '" + opt->output + "'"));
    std::cout << "wrote " << file->evidence.name << " (" << file->evidence.media_type << ", "
              << file->content.size() << " bytes) to " << opt->output << "\n";
    return static_cast<int>(k_ok);
  };
}

}  // namespace

const std::vector<CommandSpec>& command_table() {
  static const std::vector<CommandSpec> k_table = {
      {"init", "create the store (and its folder) if missing, and migrate it", define_init},
      {"import", "import evaluation memos (text, Markdown, CSV, Word .docx)", define_import},
      {"import-tracker", "bring an existing follow-up tracker in, as dated past facts",
       define_import_tracker},
      {"unit", "the unit directory: add, edit, alias, list", define_unit},
      {"user", "users, their roles and passwords: add, edit, list, passwd, totp", define_user},
      {"issue", "issue an evaluation: its recommendations open and their due dates run", define_issue},
      {"disclose", "let the public read an issued evaluation (or --withdraw it)", define_disclose},
      {"edit", "edit a recommendation's text, due date or units", define_edit},
      {"respond", "record a unit's management response, with its key actions", define_respond},
      {"add-action", "add a key action to a unit's response", define_add_action},
      {"report-progress", "record a unit's progress report, with evidence", define_report_progress},
      {"validate", "record the evaluation office's rating beside the units' claims", define_validate},
      {"close", "close a recommendation (evaluation office)", define_close},
      {"reopen", "reopen a closed recommendation", define_reopen},
      {"extend", "grant a new follow-up due date (the memo's date is kept)", define_extend},
      {"request-date", "a unit asks for a later follow-up due date", define_request_date},
      {"answer-request", "grant or refuse a unit's request for a later due date", define_answer_request},
      {"requests", "requests for a later due date, and their answers", define_requests},
      {"action", "change a key action: its status, or its due date with a reason", define_action},
      {"evidence", "evidence files: list a recommendation's, get one", define_evidence},
      {"list", "list recommendations: who owes what, by when", define_list},
      {"show", "show one recommendation with its follow-up", define_show},
      {"report", "reports: status (the DG's), overdue, rates, unit U", define_report},
      {"memo", "regenerate an evaluation's follow-up memorandum", define_memo},
      {"verify-history", "check that the history chain is intact", define_verify_history},
      {"check", "check the store's file for damage (SQLite's integrity check)", define_check},
      {"backup", "write a checked copy of the store to a new file", define_backup},
      {"remind", "plan a day's reminders and send the outbox (docs/reminders.md)", define_remind},
      {"outbox", "the reminders sent, queued and given up", define_outbox},
      {"calendar", "calendar feeds of due dates: add, list, revoke", define_calendar},
      {"serve", "serve the web application and the API (docs/api.md)", define_serve},
  };
  return k_table;
}

}  // namespace followup::cli
