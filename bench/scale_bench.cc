// The store and the app at an organisation's size (docs/performance.md,
// "Scale"):
//
// 1. Generates a store of a configurable shape through the store's own
//    interface (Store::run, Transaction), one history entry per step as the
//    app writes them (every write carried by an entry, storage/journal.h).
//    Deterministic: the same flags and seed make the same store. Facts are
//    written in date order, many steps per transaction. A generated store is
//    reused when its marker (PATH.shape) names the same shape.
// 2. Times questions on that file three ways: through the app layer in this
//    process, through the followup binary as a child process (wall time and
//    peak memory), and by hand-written SQL over the same file, opened
//    read-only with the sqlite3 API. Prints followup/raw for each, and checks
//    that both answered the same counts.
//
// The calls into app/ (and the command lines) are in one section below,
// "The app layer"; the store writes of the generator in "Generation".
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sqlite3.h>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <variant>
#include <vector>

#include "app/follow_up.h"
#include "app/history_log.h"
#include "app/json_views.h"
#include "app/queries.h"
#include "app/reports.h"
#include "app/session.h"
#include "core/reference.h"
#include "env/clock.h"
#include "storage/store.h"
#include "util/sha256.h"

namespace {

using followup::ActionEvent;
using followup::ActionStatus;
using followup::ClaimedStatus;
using followup::ClosingEvent;
using followup::Date;
using followup::Decision;
using followup::Evaluation;
using followup::Extension;
using followup::HistoryEvent;
using followup::HistoryKey;
using followup::KeyAction;
using followup::ManagementResponse;
using followup::Outcome;
using followup::Priority;
using followup::ProgressReport;
using followup::Recommendation;
using followup::Recorded;
using followup::Result;
using followup::Role;
using followup::Status;
using followup::Store;
using followup::Transaction;
using followup::Unit;
using followup::User;
using followup::Validation;
using nlohmann::json;

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "scale_bench: %s\n", message.c_str());
  std::exit(1);
}

template <typename T>
T must(Result<T> result, std::string_view what) {
  if (!result) die(std::string(what) + ": " + result.error().describe());
  return std::move(*result);
}

void must(const Status& status, std::string_view what) {
  if (!status) die(std::string(what) + ": " + status.error().describe());
}

// ---- Options and shape --------------------------------------------------------

struct Options {
  long long recs = 1000000;
  int evals = 20000;
  int units = 500;
  double joint = 0.2;            // share of recommendations with two responsible units
  double history_per_rec = 5.0;  // history entries per recommendation, on average
  int years = 5;                 // facts spread over this many years, ending on the as-of date
  std::string start = "2020-01-01";
  std::uint64_t seed = 1;
  std::string store;  // default: under /tmp/followup-scale, named by the shape
  std::string followup = FOLLOWUP_BINARY;
  int batch = 20000;  // history entries per generating transaction
  int reps = 5;       // the most repetitions of a timed question
  bool regenerate = false;
  bool generate_only = false;
  bool no_cli = false;
  std::set<std::string> skip;
};

const char* const k_usage =
    "usage: scale_bench [options]\n"
    "  --recs N             recommendations (default 1000000)\n"
    "  --evals N            evaluations (default 20000)\n"
    "  --units N            units (default 500)\n"
    "  --joint X            share of recommendations with two units (default 0.2)\n"
    "  --history-per-rec X  history entries per recommendation, on average (default 5)\n"
    "  --years N            years of facts, ending on the as-of date (default 5)\n"
    "  --start YYYY-MM-DD   first day (default 2020-01-01)\n"
    "  --seed N             (default 1)\n"
    "  --store PATH         the store (default /tmp/followup-scale/<shape>.db)\n"
    "  --regenerate         replace PATH even when it holds another shape or no marker\n"
    "  --generate-only      stop after generating\n"
    "  --batch N            history entries per generating transaction (default 20000)\n"
    "  --reps N             the most repetitions of a timed question (default 5)\n"
    "  --followup PATH      the followup binary (default: the one built with this bench)\n"
    "  --no-cli             do not run the followup binary\n"
    "  --skip NAME,...      skip questions: list, show, status, overdue, rates, respond, verify\n";

long long number_arg(const std::string& name, const std::string& text, long long min, long long max) {
  long long value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value < min || value > max)
    die(name + " '" + text + "' is not a whole number from " + std::to_string(min) + " to " +
        std::to_string(max));
  return value;
}

double share_arg(const std::string& name, const std::string& text, double min, double max) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !(value >= min && value <= max))
    die(name + " '" + text + "' is not a number from " + std::to_string(min) + " to " + std::to_string(max));
  return value;
}

Options parse_options(int argc, char** argv) {
  Options o;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    auto value = [&]() -> std::string {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size()) die(name + " needs a value\n" + k_usage);
      return args[++i];
    };
    if (name == "--recs") {
      o.recs = number_arg(name, value(), 1, 100000000);
    } else if (name == "--evals") {
      o.evals = static_cast<int>(number_arg(name, value(), 1, 999999));
    } else if (name == "--units") {
      o.units = static_cast<int>(number_arg(name, value(), 2, 99999));
    } else if (name == "--joint") {
      o.joint = share_arg(name, value(), 0, 1);
    } else if (name == "--history-per-rec") {
      o.history_per_rec = share_arg(name, value(), 0, 100);
    } else if (name == "--years") {
      o.years = static_cast<int>(number_arg(name, value(), 1, 50));
    } else if (name == "--start") {
      o.start = value();
    } else if (name == "--seed") {
      o.seed = static_cast<std::uint64_t>(number_arg(name, value(), 0, 1LL << 62));
    } else if (name == "--store") {
      o.store = value();
    } else if (name == "--followup") {
      o.followup = value();
    } else if (name == "--batch") {
      o.batch = static_cast<int>(number_arg(name, value(), 1, 10000000));
    } else if (name == "--reps") {
      o.reps = static_cast<int>(number_arg(name, value(), 1, 1000));
    } else if (name == "--regenerate") {
      o.regenerate = true;
    } else if (name == "--generate-only") {
      o.generate_only = true;
    } else if (name == "--no-cli") {
      o.no_cli = true;
    } else if (name == "--skip") {
      std::stringstream list(value());
      for (std::string item; std::getline(list, item, ',');) o.skip.insert(item);
    } else if (name == "--help" || name == "-h") {
      std::fputs(k_usage, stdout);
      std::exit(0);
    } else {
      die("unknown option " + name + "\n" + k_usage);
    }
  }
  if (o.evals > o.recs) die("--evals cannot exceed --recs");
  return o;
}

struct Shape {
  long long recs = 0;
  int evals = 0;
  int units = 0;
  double joint = 0;
  double history_per_rec = 0;
  int years = 0;
  Date start;
  Date as_of;
  int span = 0;  // days from start to as_of, both included
  std::uint64_t seed = 0;

  // What the marker holds: a store made for another key is not reused.
  [[nodiscard]] std::string key() const {
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "followup scale store, generator 1\nrecs %lld\nevals %d\nunits %d\njoint %.4f\n"
                  "history-per-rec %.4f\nyears %d\nstart %s\nas-of %s\nseed %llu\n",
                  recs, evals, units, joint, history_per_rec, years, start.iso().c_str(), as_of.iso().c_str(),
                  static_cast<unsigned long long>(seed));
    return buf;
  }
  [[nodiscard]] std::string file_name() const {
    char buf[256];
    std::snprintf(buf, sizeof buf, "r%lld-e%d-u%d-j%g-h%g-y%d-%s-s%llu.db", recs, evals, units, joint,
                  history_per_rec, years, start.iso().c_str(), static_cast<unsigned long long>(seed));
    return buf;
  }
};

Shape shape_of(const Options& o) {
  Shape s;
  s.recs = o.recs;
  s.evals = o.evals;
  s.units = o.units;
  s.joint = o.joint;
  s.history_per_rec = o.history_per_rec;
  s.years = o.years;
  s.seed = o.seed;
  auto start = Date::parse_iso(o.start);
  if (!start) die("--start '" + o.start + "' is not a date (YYYY-MM-DD)");
  s.start = *start;
  auto end = Date::from_ymd(start->year() + o.years, start->month(), std::min(start->day(), 28));
  s.span = end->days_since(*start);
  s.as_of = start->plus_days(s.span - 1);
  if (s.span > 65000) die("--years: too many days");
  return s;
}

// ---- Deterministic randomness ------------------------------------------------

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31U);
}

class Rng {
 public:
  // One stream per (seed, kind of thing, index): a thing's plan never
  // depends on the order things are planned in.
  Rng(std::uint64_t seed, char stream, long long index)
      : m_state(splitmix(splitmix(seed ^ (static_cast<std::uint64_t>(stream) << 56U)) ^
                         static_cast<std::uint64_t>(index))) {}
  std::uint64_t next() {
    m_state += 0x9e3779b97f4a7c15ULL;
    return splitmix(m_state);
  }
  double uniform() { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }
  int below(int n) { return n <= 0 ? 0 : static_cast<int>(next() % static_cast<std::uint64_t>(n)); }

 private:
  std::uint64_t m_state;
};

// ---- Plans: what each evaluation and recommendation holds -------------------------

std::string unit_code(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U%04d", i + 1);
  return buf;
}
std::string unit_name(int i) { return "Unit " + std::to_string(i + 1) + " Office"; }
std::string evaluation_code(int e) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "EV-%06d", e + 1);
  return buf;
}

struct EvalPlan {
  int index = 0;
  int memo_day = 0;
  int issue_day = -1;      // -1: a draft, never issued
  std::vector<int> units;  // the units its recommendations go to
  long long first_rec = 0;
  int rec_count = 0;
};

EvalPlan eval_plan(const Shape& s, int e) {
  EvalPlan p;
  p.index = e;
  Rng rng(s.seed, 'E', e);
  const double slot = static_cast<double>(s.span) / s.evals;
  p.memo_day = std::clamp(static_cast<int>((e + rng.uniform()) * slot), 0, s.span - 1);
  // The last two months' memos are drafts: not issued yet.
  if (p.memo_day <= s.span - 60) p.issue_day = std::min(s.span - 1, p.memo_day + rng.below(15));
  const int k = std::min(s.units, 3 + rng.below(6));
  while (static_cast<int>(p.units.size()) < k) {
    // A mild skew: the first units are the busiest.
    const int u = std::min(s.units - 1, static_cast<int>(s.units * std::pow(rng.uniform(), 1.4)));
    if (std::find(p.units.begin(), p.units.end(), u) == p.units.end()) p.units.push_back(u);
  }
  const long long base = s.recs / s.evals;
  const long long extra = s.recs % s.evals;
  p.first_rec = e * base + std::min<long long>(e, extra);
  p.rec_count = static_cast<int>(base + (e < extra ? 1 : 0));
  return p;
}

int eval_of_rec(const Shape& s, long long r) {
  const long long base = s.recs / s.evals;
  const long long extra = s.recs % s.evals;
  if (r < extra * (base + 1)) return static_cast<int>(r / (base + 1));
  return static_cast<int>(extra + (r - extra * (base + 1)) / base);
}

enum class Fate { draft, not_due, responded, overdue, closed_unanswered, extended };
enum class StepKind { respond, action_event, report, validate, close, extend };

struct Step {
  StepKind kind = StepKind::respond;
  int day = 0;
  int unit = 0;     // index into RecPlan::units; -1: every unit (extension)
  int variant = 0;  // 0: in progress; 1: implemented / revised due / no longer applicable
  int extra = 0;    // a day: an extension's new due date, an action's revised due date
};

struct RecPlan {
  long long index = 0;
  int eval = 0;
  int number = 0;
  int due_day = 0;
  std::vector<int> units;
  Priority priority = Priority::normal;
  Fate fate = Fate::draft;
  Decision decisions[2] = {Decision::accepted, Decision::accepted};
  int actions[2] = {0, 0};
  int action_due[2] = {0, 0};  // days of the actions' due dates
  std::vector<Step> steps;     // in date order
  [[nodiscard]] int history_entries(bool issued) const {
    return 1 + (issued ? 1 : 0) + static_cast<int>(steps.size());
  }
};

Decision decision_of(double u, bool lead) {
  if (lead)
    return u < 0.85 ? Decision::accepted : u < 0.97 ? Decision::partially_accepted : Decision::not_accepted;
  return u < 0.7 ? Decision::accepted : u < 0.85 ? Decision::partially_accepted : Decision::not_accepted;
}

// `lambda`: the mean number of follow-up steps after the responses (reports,
// action events, validations, closing) of a recommendation every unit
// answered; chosen so that the store has history_per_rec entries per
// recommendation (make_facts).
RecPlan rec_plan(const Shape& s, const EvalPlan& e, long long r, double lambda) {
  RecPlan p;
  p.index = r;
  p.eval = e.index;
  p.number = static_cast<int>(r - e.first_rec) + 1;
  Rng rng(s.seed, 'R', r);
  p.due_day = e.memo_day + 30 + rng.below(121);
  const int k = static_cast<int>(e.units.size());
  const int lead = rng.below(k);
  p.units.push_back(e.units[static_cast<std::size_t>(lead)]);
  if (rng.uniform() < s.joint && k >= 2)
    p.units.push_back(e.units[static_cast<std::size_t>((lead + 1 + rng.below(k - 1)) % k)]);
  if (rng.uniform() < 0.1) p.priority = Priority::high;
  for (int u = 0; u < 2; ++u) {
    p.decisions[u] = decision_of(rng.uniform(), u == 0);
    p.actions[u] = p.decisions[u] == Decision::not_accepted ? 0 : (u == 0 ? 1 : 0) + rng.below(2);
  }
  const int last = s.span - 1;  // the as-of day
  if (e.issue_day < 0) {
    p.fate = Fate::draft;
    return p;
  }
  const int issue = e.issue_day;
  if (p.due_day >= last) {
    p.fate = rng.uniform() < 0.5 ? Fate::responded : Fate::not_due;
  } else {
    const double u = rng.uniform();
    p.fate = u < 0.52    ? Fate::responded
             : u < 0.87  ? Fate::overdue
             : u < 0.935 ? Fate::closed_unanswered
                         : Fate::extended;
  }
  auto respond = [&](int unit, int window) {
    const int day = std::min(last, issue + 3 + rng.below(std::max(1, window)));
    p.steps.push_back(Step{StepKind::respond, day, unit, 0, 0});
    p.action_due[unit] = day + 60 + rng.below(300);
  };
  switch (p.fate) {
    case Fate::draft:
    case Fate::not_due:
      return p;
    case Fate::responded: {
      // Some answer late: up to two months after the memo's date.
      for (int u = 0; u < static_cast<int>(p.units.size()); ++u) respond(u, p.due_day - issue + 60);
      std::sort(p.steps.begin(), p.steps.end(), [](const Step& a, const Step& b) { return a.day < b.day; });
      break;
    }
    case Fate::overdue: {
      int waiting = 0;  // the unit that has not responded
      if (p.units.size() == 2 && rng.uniform() < 0.5) {
        respond(0, p.due_day - issue + 1);
        waiting = 1;
      }
      if (rng.uniform() < 0.2) {
        // An extension that has run out by the as-of date.
        const int granted = std::clamp(p.due_day - 10 + rng.below(40), issue, last - 2);
        const int due = std::min(last - 1, granted + 15 + rng.below(30));
        p.steps.push_back(Step{StepKind::extend, granted, p.units.size() == 2 ? waiting : -1, 0, due});
      }
      std::sort(p.steps.begin(), p.steps.end(), [](const Step& a, const Step& b) { return a.day < b.day; });
      return p;
    }
    case Fate::closed_unanswered:
      p.steps.push_back(Step{StepKind::close, std::min(last, p.due_day + 30 + rng.below(300)), 0, 1, 0});
      return p;
    case Fate::extended: {
      const int granted = std::clamp(p.due_day - 10 + rng.below(20), issue, last);
      p.steps.push_back(Step{StepKind::extend, granted, -1, 0, last + 30 + rng.below(170)});
      return p;
    }
  }
  // Follow-up after every unit answered: reports, action events and
  // validations, and for most a report of implementation, its validation
  // and the closing. From a stream of its own, so that the plan above does
  // not depend on lambda.
  Rng life(s.seed, 'L', r);
  const double spread = -std::log(1.0 - life.uniform());  // exponential, mean 1
  const int m =
      std::min(250 - static_cast<int>(p.steps.size()), static_cast<int>(lambda * spread + life.uniform()));
  const bool completes = m >= 3 && p.decisions[0] != Decision::not_accepted && life.uniform() < 0.6;
  const int from = p.steps.back().day;
  const bool joint = p.units.size() == 2;
  for (int i = 0; i < m; ++i) {
    const int day = from + static_cast<int>(static_cast<long long>(last - from) * (i + 1) / (m + 1));
    Step step{StepKind::report, day, 0, 0, 0};
    if (completes && i >= m - 3) {
      // A report of implementation, the office's rating, the closing.
      step.kind = i == m - 3 ? StepKind::report : i == m - 2 ? StepKind::validate : StepKind::close;
      step.variant = step.kind == StepKind::close ? 0 : 1;
    } else {
      switch (i % 5) {
        case 0:
          if (p.actions[0] > 0) step.kind = StepKind::action_event;
          break;
        case 2:
          if (p.actions[0] > 0) {
            step.kind = StepKind::action_event;
            step.variant = 1;
            step.extra = day + 90;
          }
          break;
        case 3:
          step.kind = StepKind::validate;
          break;
        case 4:
          step.unit = joint ? 1 : 0;
          break;
        default:
          break;
      }
    }
    p.steps.push_back(step);
  }
  return p;
}

std::string rec_text(const Shape& s, long long r, int number) {
  static const char* const k_sentences[] = {
      "The office should agree a common case-management template with the national counterparts before "
      "the next caseload is accepted.",
      "Parameters for collaboration between the regional offices should be established, especially in the "
      "framework of the regional processes.",
      "The training modules should be kept in use after the courses end, with a named owner in each office.",
      "Progress should be reported to the Member States once a year, with the figures broken down by region.",
      "A harmonised approach to donor reporting would encourage donors to continue disbursing funds.",
      "The unit should review its procurement thresholds and publish the results of the review.",
  };
  Rng rng(s.seed, 'T', r);
  std::string text = "Recommendation " + std::to_string(number) + ".";
  const int n = 2 + rng.below(3);
  for (int i = 0; i < n; ++i) {
    text += ' ';
    text += k_sentences[rng.below(6)];
  }
  return text;
}

// One write step of the generator, in date order: an evaluation's import or
// issue (id: the evaluation), or step k of a recommendation's plan.
struct Fact {
  std::uint32_t id = 0;
  std::uint16_t day = 0;
  std::uint8_t phase = 0;  // 0 import, 1 issue, 2 a recommendation's step
  std::uint8_t k = 0;
};

struct Facts {
  std::vector<Fact> facts;
  double lambda = 0;
  long long entries = 0;  // history entries they make
};

Facts make_facts(const Shape& s) {
  // Pass 1: the entries every recommendation has anyway (import, issue,
  // responses, extensions, closings), and how many were answered.
  long long base = 0;
  long long answered = 0;
  for (int e = 0; e < s.evals; ++e) {
    const EvalPlan ep = eval_plan(s, e);
    base += 1 + (ep.issue_day >= 0 ? 1 : 0);
    for (long long r = ep.first_rec; r < ep.first_rec + ep.rec_count; ++r) {
      const RecPlan rp = rec_plan(s, ep, r, 0);
      base += rp.history_entries(ep.issue_day >= 0);
      if (rp.fate == Fate::responded) ++answered;
    }
  }
  Facts out;
  const double wanted = s.history_per_rec * static_cast<double>(s.recs);
  out.lambda =
      answered == 0 ? 0 : std::max(0.0, (wanted - static_cast<double>(base)) / static_cast<double>(answered));
  // Pass 2: every fact, with the follow-up steps.
  for (int e = 0; e < s.evals; ++e) {
    const EvalPlan ep = eval_plan(s, e);
    out.facts.push_back(Fact{static_cast<std::uint32_t>(e), static_cast<std::uint16_t>(ep.memo_day), 0, 0});
    out.entries += 1;
    if (ep.issue_day >= 0) {
      out.facts.push_back(
          Fact{static_cast<std::uint32_t>(e), static_cast<std::uint16_t>(ep.issue_day), 1, 0});
      out.entries += 1;
    }
    for (long long r = ep.first_rec; r < ep.first_rec + ep.rec_count; ++r) {
      const RecPlan rp = rec_plan(s, ep, r, out.lambda);
      out.entries += rp.history_entries(ep.issue_day >= 0);
      for (std::size_t k = 0; k < rp.steps.size(); ++k)
        out.facts.push_back(Fact{static_cast<std::uint32_t>(r), static_cast<std::uint16_t>(rp.steps[k].day),
                                 2, static_cast<std::uint8_t>(k)});
    }
  }
  std::sort(out.facts.begin(), out.facts.end(), [](const Fact& a, const Fact& b) {
    if (a.day != b.day) return a.day < b.day;
    if (a.phase != b.phase) return a.phase < b.phase;
    if (a.id != b.id) return a.id < b.id;
    return a.k < b.k;
  });
  return out;
}

// ==== Generation: the store writes (Transaction), as the app makes them ====

constexpr const char* k_office = "eva";  // the evaluation office's user, who enters every step

class Generator {
 public:
  Generator(const Shape& shape, Store& store, double lambda)
      : m_shape(shape),
        m_store(store),
        m_lambda(lambda),
        m_lead_first_action(static_cast<std::size_t>(shape.recs), 0) {}

  void run(const Facts& facts, int batch) {
    must(m_store.run([&](Transaction& tx) { return setup(tx); }), "create units and users");
    const auto started = std::chrono::steady_clock::now();
    std::size_t i = 0;
    long long entries = 0;
    int shown = 0;
    while (i < facts.facts.size()) {
      std::size_t next = i;
      long long written = 0;
      must(m_store.run([&](Transaction& tx) -> Status {
        written = 0;
        next = i;
        while (next < facts.facts.size() && written < batch) {
          auto n = write(tx, facts.facts[next]);
          if (!n) return n.error();
          written += *n;
          ++next;
        }
        return {};
      }),
           "generate");
      i = next;
      entries += written;
      const int tenth = static_cast<int>(10 * i / facts.facts.size());
      if (tenth > shown) {
        shown = tenth;
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::fprintf(stderr, "  %3d%%  %lld history entries  %.0f s\n", 10 * tenth, entries, seconds);
      }
    }
  }

 private:
  [[nodiscard]] Date day(int d) const { return m_shape.start.plus_days(d); }
  [[nodiscard]] std::string at(int d) const { return day(d).iso() + "T09:00:00Z"; }
  [[nodiscard]] Recorded recorded(int d, bool for_unit) const { return Recorded{at(d), false, for_unit}; }

  static Status record(Transaction& tx, std::string actor, std::string at, std::string entity,
                       std::string action, const json& after) {
    HistoryEvent event;
    event.actor = std::move(actor);
    event.at = std::move(at);
    event.entity = std::move(entity);
    event.action = std::move(action);
    event.after = after.dump();
    auto appended = tx.append_history(event);
    if (!appended) return appended.error();
    return {};
  }

  Status setup(Transaction& tx) {
    const std::string at = m_shape.start.plus_days(-1).iso() + "T08:00:00Z";
    for (int i = 0; i < m_shape.units; ++i) {
      Unit u;
      u.code = unit_code(i);
      u.name = unit_name(i);
      u.kind = "office";
      u.head_title = "Director, " + u.code;
      if (auto st = tx.add_unit(u); !st) return st;
      if (auto st = record(tx, "root", at, "unit:" + u.code, "create", followup::app::json_of(u)); !st)
        return st;
    }
    const std::pair<const char*, Role> users[] = {
        {"root", Role::admin}, {k_office, Role::evaluation}, {"dg", Role::executive}};
    for (const auto& [name, role] : users) {
      User u;
      u.name = name;
      u.full_name = name;
      u.roles = {role};
      if (auto st = tx.add_user(u); !st) return st;
      if (auto st = record(tx, "root", at, std::string("user:") + name, "create", followup::app::json_of(u));
          !st)
        return st;
    }
    return {};
  }

  // Writes one fact; answers the history entries it appended.
  Result<long long> write(Transaction& tx, const Fact& f) {
    if (f.phase == 0) return import(tx, eval_plan(m_shape, static_cast<int>(f.id)));
    if (f.phase == 1) return issue(tx, eval_plan(m_shape, static_cast<int>(f.id)));
    const long long r = f.id;
    const EvalPlan ep = eval_plan(m_shape, eval_of_rec(m_shape, r));
    const RecPlan rp = rec_plan(m_shape, ep, r, m_lambda);
    if (auto st = step(tx, ep, rp, rp.steps[f.k]); !st) return st.error();
    return 1;
  }

  Result<long long> import(Transaction& tx, const EvalPlan& ep) {
    Evaluation ev;
    ev.code = evaluation_code(ep.index);
    ev.title = "Evaluation of programme " + std::to_string(ep.index + 1) + " (" + ev.code + ")";
    ev.memo.date = day(ep.memo_day);
    ev.memo.from = "The Director General";
    for (int u : ep.units) ev.memo.to.push_back("Director, " + unit_code(u));
    ev.memo.subject = ev.title;
    for (long long r = ep.first_rec; r < ep.first_rec + ep.rec_count; ++r) {
      const RecPlan rp = rec_plan(m_shape, ep, r, m_lambda);
      Recommendation rec;
      rec.number = rp.number;
      rec.text = rec_text(m_shape, r, rp.number);
      for (int u : rp.units) {
        rec.units.push_back(unit_code(u));
        rec.responsible.push_back(unit_name(u));
      }
      rec.due = day(rp.due_day);
      rec.priority = rp.priority;
      ev.recommendations.push_back(std::move(rec));
    }
    const std::string hash = followup::util::sha256_hex("memo " + ev.code);
    if (auto st = tx.insert_evaluation(ev, hash); !st) return st.error();
    json after = followup::app::json_of(ev);
    after["content_hash"] = hash;
    after["file"] = ev.code + ".docx";
    const std::string when = at(ep.memo_day);
    if (auto st = record(tx, k_office, when, followup::evaluation_entity(ev.code), "import", after); !st)
      return st.error();
    for (const auto& rec : ev.recommendations)
      if (auto st = record(tx, k_office, when, followup::recommendation_entity(ev.code, rec.number), "import",
                           followup::app::json_of(rec, ev.code));
          !st)
        return st.error();
    return 1 + static_cast<long long>(ev.recommendations.size());
  }

  Result<long long> issue(Transaction& tx, const EvalPlan& ep) {
    const std::string code = evaluation_code(ep.index);
    if (auto st = tx.set_evaluation_issued(code, day(ep.issue_day)); !st) return st.error();
    const json after{{"issued", day(ep.issue_day).iso()}};
    const std::string when = at(ep.issue_day);
    if (auto st = record(tx, k_office, when, followup::evaluation_entity(code), "issue", after); !st)
      return st.error();
    for (int n = 1; n <= ep.rec_count; ++n)
      if (auto st = record(tx, k_office, when, followup::recommendation_entity(code, n), "issue", after); !st)
        return st.error();
    return 1 + ep.rec_count;
  }

  Status step(Transaction& tx, const EvalPlan& ep, const RecPlan& rp, const Step& s) {
    const std::string code = evaluation_code(ep.index);
    const std::string entity = followup::recommendation_entity(code, rp.number);
    const std::string when = at(s.day);
    const auto ux = static_cast<std::size_t>(std::max(0, s.unit));
    const std::string unit = s.unit < 0 ? std::string() : unit_code(rp.units[ux]);
    long long& first_action = m_lead_first_action[static_cast<std::size_t>(rp.index)];
    switch (s.kind) {
      case StepKind::respond: {
        ManagementResponse response;
        response.unit = unit;
        response.decision = rp.decisions[ux];
        if (response.decision != Decision::accepted)
          response.rationale = "Only part of it fits the unit's plan for the next two years.";
        response.responded = day(s.day);
        response.by = k_office;
        response.recorded = recorded(s.day, true);
        if (auto st = tx.put_response(code, rp.number, response); !st) return st;
        for (int a = 0; a < rp.actions[ux]; ++a) {
          KeyAction action;
          action.description = "Action " + std::to_string(a + 1) + " of " + unit + " on " +
                               followup::recommendation_ref(code, rp.number);
          action.unit = unit;
          action.due = day(rp.action_due[ux] + 30 * a);
          action.added = day(s.day);
          action.by = k_office;
          action.recorded = response.recorded;
          auto id = tx.add_action_to_response(code, rp.number, unit, action);
          if (!id) return id.error();
          action.id = *id;
          if (s.unit == 0 && a == 0) first_action = *id;
          if (s.unit == 0 && *id != first_action + a)
            return followup::make_error(followup::ErrorCode::internal, "action ids are not consecutive");
          response.actions.push_back(std::move(action));
        }
        return record(tx, k_office, when, entity, "respond", followup::app::json_of(response));
      }
      case StepKind::action_event: {
        ActionEvent event;
        event.on = day(s.day);
        if (s.variant == 0) {
          event.status = ActionStatus::in_progress;
        } else {
          event.due = day(s.extra);
          event.reason = "Waiting for the regional meeting";
        }
        event.by = k_office;
        event.recorded = recorded(s.day, true);
        auto id = tx.add_action_event(first_action, event);
        if (!id) return id.error();
        event.id = *id;
        json after = followup::app::json_of(event);
        after["action"] = first_action;
        after["by_unit"] = unit_code(rp.units[0]);
        return record(tx, k_office, when, entity, "update_action", after);
      }
      case StepKind::report: {
        ProgressReport report;
        report.unit = unit;
        report.status = s.variant == 1 ? ClaimedStatus::implemented : ClaimedStatus::in_progress;
        report.text = s.variant == 1 ? "Every action is done; the minutes are filed."
                                     : "Work is under way; the first draft is with the regional offices.";
        report.reported = day(s.day);
        report.by = k_office;
        report.recorded = recorded(s.day, true);
        if (s.variant == 1)
          for (int a = 0; a < rp.actions[0]; ++a) report.actions_done.push_back(first_action + a);
        auto id = tx.add_report(code, rp.number, report);
        if (!id) return id.error();
        report.id = *id;
        for (long long action : report.actions_done) {
          ActionEvent done;
          done.on = report.reported;
          done.status = ActionStatus::done;
          done.by = k_office;
          done.report = report.id;
          done.recorded = report.recorded;
          if (auto e = tx.add_action_event(action, done); !e) return e.error();
        }
        return record(tx, k_office, when, entity, "report_progress", followup::app::json_of(report));
      }
      case StepKind::validate: {
        Validation v{s.variant == 1 ? "implemented" : "in_progress",
                     "Seen the unit's report and its minutes.", day(s.day), k_office, recorded(s.day, false)};
        if (auto st = tx.add_validation(code, rp.number, v); !st) return st;
        return record(tx, k_office, when, entity, "validate", followup::app::json_of(v));
      }
      case StepKind::close: {
        ClosingEvent c;
        c.on = day(s.day);
        c.by = k_office;
        c.recorded = recorded(s.day, false);
        if (s.variant == 1) {
          c.outcome = Outcome::no_longer_applicable;
          c.reason = "Superseded by a later evaluation";
          for (int u : rp.units) c.unresponsive.push_back(unit_code(u));
        } else {
          c.outcome = Outcome::implemented;
          c.waiver = "The minutes were seen on paper";
        }
        auto id = tx.add_closing(code, rp.number, c);
        if (!id) return id.error();
        c.id = *id;
        return record(tx, k_office, when, entity, "close", followup::app::json_of(c));
      }
      case StepKind::extend: {
        Extension e;
        e.unit = unit;
        e.due = day(s.extra);
        e.reason = "The unit's director changed";
        e.granted = day(s.day);
        e.by = k_office;
        e.recorded = recorded(s.day, false);
        auto id = tx.add_extension(code, rp.number, e);
        if (!id) return id.error();
        e.id = *id;
        return record(tx, k_office, when, entity, "extend", followup::app::json_of(e));
      }
    }
    return {};
  }

 private:
  const Shape& m_shape;
  Store& m_store;
  double m_lambda;
  std::vector<long long> m_lead_first_action;  // by recommendation: its lead unit's first action
};

// ---- What a question answered: counts both sides must agree on ---------------------

using Figures = std::map<std::string, long long>;

// ==== The app layer: every call into app/ and every command line of the binary ====
// Adapt here when the app's interfaces change (paging, reports computed in
// the store, ...). Each function answers the counts the raw SQL below also
// answers, so that the two can be checked against each other.
namespace app_layer {

namespace app = followup::app;

// A unit's overdue recommendations; `limit`: the first page only.
Figures overdue_list(const app::Session& s, const std::string& unit, Date as_of, std::optional<int> limit) {
  app::ListQuery query;
  query.unit = unit;
  query.overdue_only = true;
  query.as_of = as_of;
  query.limit = limit.value_or(0);
  const auto rows = must(app::list_recommendations(s, query), "list");
  return {{"rows", static_cast<long long>(rows.size())}};
}

// One recommendation with its follow-up and its history.
Figures show(const app::Session& s, const std::string& ref) {
  const auto record = must(app::find_recommendation(s, ref), "show");
  const auto history = must(app::recommendation_history(s, ref), "show history");
  return {{"history", static_cast<long long>(history.size())},
          {"responses", static_cast<long long>(record.follow_up.responses.size())}};
}

Figures status(const app::Session& s, Date as_of) {
  // The totals, with the first page of the detail (as `report status`).
  app::ReportOptions options;
  options.as_of = as_of;
  options.limit = 100;
  const auto r = must(app::status_report(s, options), "report status");
  return {{"recommendations", r.total.recommendations},
          {"open", r.total.open},
          {"overdue", r.total.overdue},
          {"closed", r.total.closed},
          {"evaluations", static_cast<long long>(r.by_evaluation.size())},
          {"units", static_cast<long long>(r.by_unit.size())}};
}

Figures overdue(const app::Session& s, Date as_of) {
  app::ReportOptions options;
  options.as_of = as_of;
  const auto r = must(app::overdue_report(s, options), "report overdue");
  return {{"responses", static_cast<long long>(r.responses.size())},
          {"actions", static_cast<long long>(r.actions.size())}};
}

Figures rates(const app::Session& s, Date as_of) {
  app::ReportOptions options;
  options.as_of = as_of;
  const auto r = must(app::rates_report(s, options), "report rates");
  return {{"accepting", r.total.acceptance.numerator},
          {"responses", r.total.acceptance.denominator},
          {"on_time", r.total.on_time.numerator},
          {"due", r.total.on_time.denominator},
          {"implemented", r.total.implementation.numerator},
          {"accepted", r.total.implementation.denominator},
          {"actions_done", r.total.action_completion.numerator},
          {"actions", r.total.action_completion.denominator}};
}

// A unit's response, the workflow step.
Figures respond(const app::Session& s, const std::string& ref, const std::string& unit, Date on) {
  app::ResponseRequest request;
  request.unit = unit;
  request.decision = Decision::accepted;
  must(app::respond(s, ref, request, on), "respond");
  return {{"written", 1}};
}

Figures verify(const app::Session& s, const HistoryKey& key) {
  const auto report = must(app::verify_history(s, key, std::nullopt), "verify-history");
  if (!report.problems.empty()) die("verify-history: " + report.problems.front());
  return {{"entries", report.entries}};
}

// The command lines, after `followup --db sqlite:PATH --as eva --key-file KEY`.
std::vector<std::string> list_args(const std::string& unit, Date as_of, std::optional<int> limit) {
  std::vector<std::string> args{"list", "--unit", unit, "--overdue", "--as-of", as_of.iso()};
  if (limit) {
    args.emplace_back("--limit");
    args.push_back(std::to_string(*limit));
  }
  return args;
}
std::vector<std::string> show_args(const std::string& ref, Date as_of) {
  return {"show", ref, "--history", "--as-of", as_of.iso()};
}
std::vector<std::string> report_args(const std::string& kind, Date as_of) {
  return {"report", kind, "--as-of", as_of.iso()};
}
std::vector<std::string> respond_args(const std::string& ref, const std::string& unit, Date on) {
  return {"respond", ref, "--unit", unit, "--decision", "accepted", "--as-of", on.iso()};
}
std::vector<std::string> verify_args() { return {"verify-history"}; }

}  // namespace app_layer

// ==== Raw SQL: the same questions, by hand, on the same file ====

class RawDb {
 public:
  RawDb(const std::string& path, bool writable) {
    const int flags = writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr) != SQLITE_OK)
      die("open " + path + ": " + sqlite3_errmsg(m_db));
    exec("PRAGMA busy_timeout = 5000");
    // As the store writes: WAL (kept in the file) with full syncs.
    if (writable) exec("PRAGMA synchronous = FULL");
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  ~RawDb() { sqlite3_close(m_db); }

  void exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string text = message != nullptr ? message : "?";
      sqlite3_free(message);
      die(std::string("raw SQL: ") + sql + ": " + text);
    }
  }

  using Bind = std::variant<std::string, long long>;
  using Row = std::vector<std::string>;

  // Runs `sql`; every column of every row is copied out as text (as the
  // store copies what it reads); `row` sees each. Answers the row count.
  long long query(const char* sql, const std::vector<Bind>& binds,
                  const std::function<void(const Row&)>& row = nullptr) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(m_db, sql, -1, &stmt, nullptr) != SQLITE_OK)
      die(std::string("raw SQL: ") + sqlite3_errmsg(m_db) + "\n" + sql);
    for (std::size_t i = 0; i < binds.size(); ++i) {
      const int at = static_cast<int>(i) + 1;
      if (const auto* text = std::get_if<std::string>(&binds[i]))
        // nullptr: SQLITE_STATIC, the text outlives the statement.
        sqlite3_bind_text(stmt, at, text->data(), static_cast<int>(text->size()), nullptr);
      else
        sqlite3_bind_int64(stmt, at, std::get<long long>(binds[i]));
    }
    long long rows = 0;
    Row cells;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const int n = sqlite3_column_count(stmt);
      cells.resize(static_cast<std::size_t>(n));
      for (int c = 0; c < n; ++c) {
        const unsigned char* text = sqlite3_column_text(stmt, c);
        const int bytes = sqlite3_column_bytes(stmt, c);
        auto& cell = cells[static_cast<std::size_t>(c)];
        if (text == nullptr)
          cell.clear();
        else
          cell.assign(reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes));
      }
      if (row) row(cells);
      ++rows;
    }
    if (rc != SQLITE_DONE) die(std::string("raw SQL: ") + sqlite3_errmsg(m_db) + "\n" + sql);
    sqlite3_finalize(stmt);
    return rows;
  }

  long long number(const char* sql, const std::vector<Bind>& binds = {}) {
    long long value = 0;
    query(sql, binds, [&](const Row& r) { value = std::atoll(r.at(0).c_str()); });
    return value;
  }

 private:
  sqlite3* m_db = nullptr;
};

long long as_number(const std::string& text) { return std::atoll(text.c_str()); }

// Each recommendation as of ?1: issued by then, and closed by then (the
// last closing event on or before ?1 is a closing, not a reopening).
#define FOLLOWUP_RAW_REC(FROM)                                                                         \
  "rec AS (SELECT r.id, r.evaluation, r.number, r.text, r.due, e.issued, "                             \
  "  (e.issued IS NOT NULL AND e.issued <= ?1) AS issued_now, "                                        \
  "  (SELECT CASE WHEN c.kind = 'closing' THEN c.outcome END FROM closings c "                         \
  "    WHERE c.recommendation = r.id AND c.on_date <= ?1 ORDER BY c.on_date DESC, c.id DESC LIMIT 1) " \
  "    AS closed_as "                                                                                  \
  "  FROM " FROM " JOIN evaluations e ON e.code = r.evaluation) "

// Each responsible unit of each recommendation: its response by ?1 and the
// due date in force for it on ?1 (the last extension granted by then, for
// it or for every unit; else the memo's).
#define FOLLOWUP_RAW_RU                                                                                   \
  "ru AS (SELECT rec.*, u.unit, s.responded, s.decision, "                                                \
  "  coalesce((SELECT x.due FROM extensions x WHERE x.recommendation = rec.id AND x.granted <= ?1 "       \
  "    AND (x.unit IS NULL OR x.unit = u.unit) ORDER BY x.granted DESC, x.id DESC LIMIT 1), rec.due) AS " \
  "due_now "                                                                                              \
  "  FROM rec JOIN recommendation_units u ON u.recommendation = rec.id "                                  \
  "  LEFT JOIN responses s ON s.recommendation = rec.id AND s.unit = u.unit AND s.responded <= ?1) "

namespace raw {

// The list's rule: overdue when not closed and some responsible unit has not
// responded by a due date now past (drafts too, as `list` counts them).
Figures overdue_list(RawDb& db, const std::string& unit, Date as_of, std::optional<int> limit) {
  const long long rows = db.query(
      "WITH " FOLLOWUP_RAW_REC(
          "(SELECT recommendation AS id FROM recommendation_units WHERE unit = ?2) m "
          "JOIN recommendations r ON r.id = m.id") ", " FOLLOWUP_RAW_RU
                                                   "SELECT evaluation, number, text, due, group_concat(unit, "
                                                   "',') AS units, "
                                                   "  max(CASE WHEN responded IS NULL AND due_now < ?1 THEN "
                                                   "julianday(?1) - julianday(due_now) ELSE 0 END) "
                                                   "    AS days "
                                                   "FROM ru WHERE closed_as IS NULL GROUP BY id HAVING days "
                                                   "> 0 ORDER BY evaluation, number LIMIT ?3",
      {as_of.iso(), unit, static_cast<long long>(limit.value_or(-1))});
  return {{"rows", rows}};
}

Figures show(RawDb& db, const std::string& evaluation, int number) {
  long long id = 0;
  db.query(
      "SELECT r.id, r.evaluation, r.number, r.text, r.due, r.priority, e.issued FROM recommendations r "
      "JOIN evaluations e ON e.code = r.evaluation WHERE r.evaluation = ?1 AND r.number = ?2",
      {evaluation, static_cast<long long>(number)}, [&](const RawDb::Row& r) { id = as_number(r[0]); });
  const std::vector<RawDb::Bind> rec{id};
  db.query(
      "SELECT unit, name_as_written FROM recommendation_units WHERE recommendation = ?1 ORDER BY position",
      rec);
  const long long responses =
      db.query("SELECT * FROM responses WHERE recommendation = ?1 ORDER BY unit", rec);
  db.query(
      "SELECT a.* FROM key_actions a JOIN responses s ON s.id = a.response WHERE s.recommendation = ?1 "
      "ORDER BY a.id",
      rec);
  db.query(
      "SELECT ev.* FROM action_events ev JOIN key_actions a ON a.id = ev.action JOIN responses s "
      "ON s.id = a.response WHERE s.recommendation = ?1 ORDER BY ev.on_date, ev.id",
      rec);
  db.query("SELECT * FROM progress_reports WHERE recommendation = ?1 ORDER BY reported, id", rec);
  db.query(
      "SELECT d.* FROM report_actions_done d JOIN progress_reports p ON p.id = d.report "
      "WHERE p.recommendation = ?1",
      rec);
  db.query("SELECT * FROM validations WHERE recommendation = ?1 ORDER BY validated, id", rec);
  db.query("SELECT * FROM closings WHERE recommendation = ?1 ORDER BY on_date, id", rec);
  db.query("SELECT * FROM extensions WHERE recommendation = ?1 ORDER BY granted, id", rec);
  db.query("SELECT * FROM revisions WHERE recommendation = ?1 ORDER BY on_date, id", rec);
  const long long history = db.query(
      "SELECT id, actor, at, entity, action, before, after, prev_hash, hash, ops, mac FROM history "
      "WHERE entity = ?1 ORDER BY id",
      {followup::recommendation_entity(evaluation, number)});
  return {{"history", history}, {"responses", responses}};
}

// Totals per evaluation and per unit of recommendations issued by ?1:
// recommendations, open, overdue (some unit has not responded by a due date
// now past), closed, and those every unit answered.
Figures status(RawDb& db, Date as_of) {
  Figures f{{"recommendations", 0}, {"open", 0}, {"overdue", 0}, {"closed", 0}};
  f["evaluations"] = db.query(
      "WITH " FOLLOWUP_RAW_REC(
          "recommendations r") ", " FOLLOWUP_RAW_RU
                               ", per_rec AS (SELECT id, evaluation, closed_as IS NOT NULL AS closed, "
                               "  max(closed_as IS NULL AND responded IS NULL AND due_now < ?1) AS overdue, "
                               "  min(responded IS NOT NULL) AS answered FROM ru WHERE issued_now GROUP BY "
                               "id) "
                               "SELECT evaluation, count(*), sum(NOT closed), sum(overdue), sum(closed), "
                               "sum(answered) FROM per_rec "
                               "GROUP BY evaluation ORDER BY evaluation",
      {as_of.iso()}, [&](const RawDb::Row& r) {
        f["recommendations"] += as_number(r[1]);
        f["open"] += as_number(r[2]);
        f["overdue"] += as_number(r[3]);
        f["closed"] += as_number(r[4]);
      });
  f["units"] =
      db.query("WITH " FOLLOWUP_RAW_REC("recommendations r") ", " FOLLOWUP_RAW_RU
                                                             "SELECT unit, count(*), sum(closed_as IS NULL), "
                                                             "  sum(closed_as IS NULL AND responded IS NULL "
                                                             "AND due_now < ?1), sum(closed_as IS NOT NULL), "
                                                             "  sum(responded IS NOT NULL) FROM ru WHERE "
                                                             "issued_now GROUP BY unit ORDER BY unit",
               {as_of.iso()});
  return f;
}

// Overdue responses (unit by unit) and overdue actions of open, issued
// recommendations, most overdue first.
Figures overdue(RawDb& db, Date as_of) {
  const long long responses = db.query(
      "WITH " FOLLOWUP_RAW_REC("recommendations r") ", " FOLLOWUP_RAW_RU
                                                    "SELECT evaluation, number, unit, due_now, due, "
                                                    "julianday(?1) - julianday(due_now) AS days FROM ru "
                                                    "WHERE issued_now AND closed_as IS NULL AND responded IS "
                                                    "NULL AND due_now < ?1 "
                                                    "ORDER BY days DESC, evaluation, number",
      {as_of.iso()});
  const long long actions = db.query(
      "WITH " FOLLOWUP_RAW_REC("recommendations r")
      ", act AS (SELECT a.id, a.description, a.unit, s.unit AS responding, rec.evaluation, rec.number, "
      "  a.due AS original_due, "
      "  coalesce((SELECT ev.due FROM action_events ev WHERE ev.action = a.id AND ev.on_date <= ?1 "
      "    AND ev.due IS NOT NULL ORDER BY ev.on_date DESC, ev.id DESC LIMIT 1), a.due) AS due_now, "
      "  coalesce((SELECT ev.status FROM action_events ev WHERE ev.action = a.id AND ev.on_date <= ?1 "
      "    AND ev.status IS NOT NULL ORDER BY ev.on_date DESC, ev.id DESC LIMIT 1), 'not_started') AS status "
      "  FROM key_actions a JOIN responses s ON s.id = a.response JOIN rec ON rec.id = s.recommendation "
      "  WHERE rec.issued_now AND rec.closed_as IS NULL AND s.responded <= ?1 AND a.added <= ?1) "
      "SELECT id, description, unit, responding, evaluation, number, due_now, original_due, "
      "  julianday(?1) - julianday(due_now) AS days FROM act "
      "WHERE status NOT IN ('done', 'cancelled', 'no_longer_applicable') AND due_now < ?1 "
      "ORDER BY days DESC, evaluation, number",
      {as_of.iso()});
  return {{"responses", responses}, {"actions", actions}};
}

// Acceptance, on time, implementation and action completion, by year of
// issue and by unit; the totals are the sums of the years.
Figures rates(RawDb& db, Date as_of) {
  Figures f{{"accepting", 0},   {"responses", 0}, {"on_time", 0},      {"due", 0},
            {"implemented", 0}, {"accepted", 0},  {"actions_done", 0}, {"actions", 0}};
  std::map<std::string, Figures> by_year;
  std::map<std::string, Figures> by_unit;
  db.query("WITH " FOLLOWUP_RAW_REC(
               "recommendations r") ", " FOLLOWUP_RAW_RU
                                    "SELECT unit, substr(issued, 1, 4), sum(decision IN ('accepted', "
                                    "'partially_accepted')), "
                                    "  sum(decision IS NOT NULL), sum(responded IS NOT NULL AND responded <= "
                                    "due), "
                                    "  sum(responded IS NOT NULL OR (closed_as IS NULL AND due_now < ?1)) "
                                    "FROM ru WHERE issued_now GROUP BY 1, 2",
           {as_of.iso()}, [&](const RawDb::Row& r) {
             for (Figures* g : {&by_year[r[1]], &by_unit[r[0]], &f}) {
               (*g)["accepting"] += as_number(r[2]);
               (*g)["responses"] += as_number(r[3]);
               (*g)["on_time"] += as_number(r[4]);
               (*g)["due"] += as_number(r[5]);
             }
           });
  db.query("WITH " FOLLOWUP_RAW_REC(
               "recommendations r") ", " FOLLOWUP_RAW_RU
                                    ", per_rec AS (SELECT id, substr(issued, 1, 4) AS year, closed_as, "
                                    "  min(coalesce(decision IN ('accepted', 'partially_accepted'), 0)) AS "
                                    "accepted "
                                    "  FROM ru WHERE issued_now GROUP BY id) "
                                    "SELECT year, sum(accepted), sum(accepted AND (closed_as = 'implemented' "
                                    "OR (closed_as IS NULL AND "
                                    "  (SELECT v.rating FROM validations v WHERE v.recommendation = "
                                    "per_rec.id AND v.validated <= ?1 "
                                    "   ORDER BY v.validated DESC, v.id DESC LIMIT 1) = 'implemented'))) "
                                    "FROM per_rec GROUP BY year",
           {as_of.iso()}, [&](const RawDb::Row& r) {
             for (Figures* g : {&by_year[r[0]], &f}) {
               (*g)["accepted"] += as_number(r[1]);
               (*g)["implemented"] += as_number(r[2]);
             }
           });
  db.query("WITH " FOLLOWUP_RAW_REC("recommendations r")
           ", act AS (SELECT a.unit, substr(rec.issued, 1, 4) AS year, "
           "  coalesce((SELECT ev.status FROM action_events ev WHERE ev.action = a.id AND ev.on_date <= ?1 "
           "    AND ev.status IS NOT NULL ORDER BY ev.on_date DESC, ev.id DESC LIMIT 1), 'not_started') AS status "
           "  FROM key_actions a JOIN responses s ON s.id = a.response JOIN rec ON rec.id = s.recommendation "
           "  WHERE rec.issued_now AND s.responded <= ?1 AND a.added <= ?1) "
           "SELECT unit, year, sum(status = 'done'), sum(status NOT IN ('cancelled', 'no_longer_applicable')) "
           "FROM act GROUP BY 1, 2",
           {as_of.iso()}, [&](const RawDb::Row& r) {
             for (Figures* g : {&by_year[r[1]], &by_unit[r[0]], &f}) {
               (*g)["actions_done"] += as_number(r[2]);
               (*g)["actions"] += as_number(r[3]);
             }
           });
  return f;
}

// A response as one INSERT in a transaction, committed (and then removed,
// untimed, so that the store still verifies: `undo`).
Figures respond(RawDb& db, const std::string& evaluation, int number, const std::string& unit, Date on,
                bool undo) {
  if (!undo) {
    db.exec("BEGIN IMMEDIATE");
    db.query(
        "INSERT INTO responses (recommendation, unit, decision, rationale, responded, by_user, recorded_at, "
        "late, on_behalf) VALUES ((SELECT id FROM recommendations WHERE evaluation = ?1 AND number = ?2), "
        "?3, "
        "'accepted', '', ?4, 'eva', ?5, 0, 1)",
        {evaluation, static_cast<long long>(number), unit, on.iso(), on.iso() + "T12:00:00Z"});
    db.exec("COMMIT");
    return {{"written", 1}};
  }
  db.query(
      "DELETE FROM responses WHERE unit = ?3 AND recommendation = "
      "(SELECT id FROM recommendations WHERE evaluation = ?1 AND number = ?2)",
      {evaluation, static_cast<long long>(number), unit});
  return {};
}

Figures verify(RawDb& db) {
  return {
      {"entries", db.query("SELECT id, actor, at, entity, action, before, after, prev_hash, hash, ops, mac "
                           "FROM history ORDER BY id",
                           {})}};
}

}  // namespace raw

// ---- Timing ----------------------------------------------------------------------

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// CPU time of this process (user and system), in ms.
double cpu_ms() {
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct Timed {
  double ms = 0;      // the fastest run, wall clock
  double cpu_ms = 0;  // the least CPU time of a run
  int runs = 0;
  Figures figures;
};

// Runs `f` at least once and at most `reps` times, stopping once the runs
// took 3 s together; keeps the fastest (other work on the machine only ever
// adds time).
Timed time_best(const std::function<Figures()>& f, int reps) {
  Timed t;
  double total = 0;
  while (t.runs < reps && total < 3000) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_ms();
    t.figures = f();
    const double cpu = cpu_ms() - cpu_start;
    const double ms = ms_since(start);
    t.ms = t.runs == 0 ? ms : std::min(t.ms, ms);
    t.cpu_ms = t.runs == 0 ? cpu : std::min(t.cpu_ms, cpu);
    total += ms;
    ++t.runs;
  }
  return t;
}

// `f`, adding to its figures the SQL statements the store ran for it
// ("statements"; docs/storage.md: it does not grow with the store).
std::function<Figures()> counting(followup::Store& store, std::function<Figures()> f) {
  return [&store, f = std::move(f)] {
    const long long before = store.statements_run();
    Figures out = f();
    out["statements"] = store.statements_run() - before;
    return out;
  };
}

struct ChildRun {
  double ms = 0;       // the fastest run, wall clock
  double cpu_ms = 0;   // the least CPU time (user and system) of a run
  double peak_mb = 0;  // the largest peak resident size of any run
  int runs = 0;
};

struct ChildTimes {
  double ms = 0;
  double cpu_ms = 0;
  double peak_mb = 0;
};

struct ChildResult {
  ChildTimes times;
  int status = 0;      // as wait4 gave it
  std::string errors;  // what it wrote to standard error
};

// Runs `args` (the program first), its output to `out_path`; answers its
// wall time, CPU time and peak resident memory (wait4's rusage).
ChildResult run_child(const std::vector<std::string>& args, const std::string& out_path) {
  ChildResult result;
  char err_path[] = "/tmp/scale_bench_stderr_XXXXXX";
  const int err = ::mkstemp(err_path);
  if (err < 0) {
    result.status = -1;
    result.errors = "cannot create a temporary file";
    return result;
  }
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) ::_exit(127);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  rusage usage{};
  if (pid < 0 || ::wait4(pid, &result.status, 0, &usage) != pid) result.status = -1;
  result.times.ms = ms_since(start);
  ::close(err);
  std::ifstream in(err_path);
  result.errors.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  ::unlink(err_path);
  const auto tv_ms = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) * 1e3 + static_cast<double>(tv.tv_usec) / 1e3;
  };
  result.times.cpu_ms = tv_ms(usage.ru_utime) + tv_ms(usage.ru_stime);
  result.times.peak_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  return result;
}

// Lists of strings over a pipe: a count, then each string's length and bytes.
bool write_all(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool read_all(int fd, void* data, std::size_t size) {
  auto* p = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = ::read(fd, p, size);
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool send_strings(int fd, const std::vector<std::string>& strings) {
  const auto count = static_cast<std::uint32_t>(strings.size());
  if (!write_all(fd, &count, sizeof count)) return false;
  for (const auto& text : strings) {
    const auto size = static_cast<std::uint32_t>(text.size());
    if (!write_all(fd, &size, sizeof size) || !write_all(fd, text.data(), text.size())) return false;
  }
  return true;
}

std::optional<std::vector<std::string>> receive_strings(int fd) {
  std::uint32_t count = 0;
  if (!read_all(fd, &count, sizeof count)) return std::nullopt;
  std::vector<std::string> strings(count);
  for (auto& text : strings) {
    std::uint32_t size = 0;
    if (!read_all(fd, &size, sizeof size)) return std::nullopt;
    text.resize(size);
    if (!read_all(fd, text.data(), size)) return std::nullopt;
  }
  return strings;
}

// Starts the followup binary for this process. A child's ru_maxrss counts
// what it inherited from its parent up to exec, so a child of this process
// (hundreds of MB once it has made a report) would seem to use that much:
// children are started by a helper process forked first thing, while this
// process is still small, and the helper reports their times and peaks.
class Launcher {
 public:
  Launcher() {
    int requests[2] = {-1, -1};
    int replies[2] = {-1, -1};
    if (::pipe(requests) != 0 || ::pipe(replies) != 0) die("pipe failed");
    std::fflush(nullptr);
    m_pid = ::fork();
    if (m_pid < 0) die("fork failed");
    if (m_pid == 0) {
      ::close(requests[1]);
      ::close(replies[0]);
      serve(requests[0], replies[1]);
      ::_exit(0);
    }
    ::close(requests[0]);
    ::close(replies[1]);
    m_to = requests[1];
    m_from = replies[0];
  }
  Launcher(const Launcher&) = delete;
  Launcher& operator=(const Launcher&) = delete;
  ~Launcher() {
    ::close(m_to);
    ::close(m_from);
    ::waitpid(m_pid, nullptr, 0);
  }

  // Runs `args`, its output to `out_path`; dies when it fails.
  ChildTimes run(const std::vector<std::string>& args, const std::string& out_path) {
    std::vector<std::string> request = args;
    request.push_back(out_path);
    auto reply = send_strings(m_to, request) ? receive_strings(m_from) : std::nullopt;
    if (!reply || reply->size() != 5) die("the helper that starts the followup binary is gone");
    const auto& r = *reply;
    const int status = std::atoi(r[3].c_str());
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::string line;
      for (const auto& a : args) line += a + " ";
      die("the followup binary failed (status " + r[3] + "): " + line + "\n" + r[4]);
    }
    return ChildTimes{std::atof(r[0].c_str()), std::atof(r[1].c_str()), std::atof(r[2].c_str())};
  }

 private:
  static void serve(int from, int to) {
    while (auto request = receive_strings(from)) {
      if (request->size() < 2) break;
      const std::string out_path = request->back();
      request->pop_back();
      const ChildResult result = run_child(*request, out_path);
      char times[3][64];
      std::snprintf(times[0], sizeof times[0], "%.6f", result.times.ms);
      std::snprintf(times[1], sizeof times[1], "%.6f", result.times.cpu_ms);
      std::snprintf(times[2], sizeof times[2], "%.6f", result.times.peak_mb);
      if (!send_strings(to, {times[0], times[1], times[2], std::to_string(result.status), result.errors}))
        break;
    }
  }

  pid_t m_pid = -1;
  int m_to = -1;
  int m_from = -1;
};

ChildRun time_child(Launcher& launcher, const std::vector<std::string>& args, int reps) {
  ChildRun c;
  double total = 0;
  while (c.runs < reps && total < 3000) {
    const ChildTimes t = launcher.run(args, "/dev/null");
    c.ms = c.runs == 0 ? t.ms : std::min(c.ms, t.ms);
    c.cpu_ms = c.runs == 0 ? t.cpu_ms : std::min(c.cpu_ms, t.cpu_ms);
    c.peak_mb = std::max(c.peak_mb, t.peak_mb);
    total += t.ms;
    ++c.runs;
  }
  return c;
}

// ---- The report ------------------------------------------------------------------------

struct Row {
  explicit Row(std::string n) : name(std::move(n)) {}
  std::string name;
  Timed app;
  Timed raw;
  std::optional<ChildRun> cli;
  std::string note;
};

std::string check(const Figures& app, const Figures& raw) {
  std::string out;
  for (const auto& [key, value] : app) {
    auto found = raw.find(key);
    if (found == raw.end() || found->second == value) continue;
    out += (out.empty() ? "DIFFERS: " : ", ") + key + " app " + std::to_string(value) + " raw " +
           std::to_string(found->second);
  }
  return out.empty() ? "same" : out;
}

std::string figures_text(const Figures& f) {
  std::string out;
  for (const auto& [key, value] : f) out += (out.empty() ? "" : " ") + key + "=" + std::to_string(value);
  return out;
}

// followup ms and raw SQL ms: the fastest run's wall time, and ratio their
// quotient; cpu ratio: the same for the least CPU time (what other work on a
// shared machine does not add to). cli: the binary as a child process.
void print_table(const std::vector<Row>& rows) {
  std::printf("\n%-26s %12s %11s %8s %9s %11s %11s %8s  %s\n", "command", "followup ms", "raw SQL ms",
              "ratio", "cpu ratio", "cli ms", "cli cpu ms", "peak MB", "check");
  for (const auto& r : rows) {
    char cli[32] = "-";
    char cli_cpu[32] = "-";
    char peak[32] = "-";
    if (r.cli) {
      std::snprintf(cli, sizeof cli, "%.1f", r.cli->ms);
      std::snprintf(cli_cpu, sizeof cli_cpu, "%.1f", r.cli->cpu_ms);
      std::snprintf(peak, sizeof peak, "%.1f", r.cli->peak_mb);
    }
    const double ratio = r.raw.ms > 0 ? r.app.ms / r.raw.ms : 0;
    const double cpu_ratio = r.raw.cpu_ms > 0 ? r.app.cpu_ms / r.raw.cpu_ms : 0;
    std::printf("%-26s %12.1f %11.2f %8.1f %9.1f %11s %11s %8s  %s\n", r.name.c_str(), r.app.ms, r.raw.ms,
                ratio, cpu_ratio, cli, cli_cpu, peak, check(r.app.figures, r.raw.figures).c_str());
  }
  std::printf("\n");
  for (const auto& r : rows)
    std::printf("%-26s cpu ms app/raw %.1f/%.2f; runs app/raw/cli %d/%d/%d; %s%s%s\n", r.name.c_str(),
                r.app.cpu_ms, r.raw.cpu_ms, r.app.runs, r.raw.runs, r.cli ? r.cli->runs : 0,
                figures_text(r.app.figures).c_str(), r.note.empty() ? "" : "; ", r.note.c_str());
}

// ---- The store file: generate or reuse -----------------------------------------------

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void remove_store(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", ".key", ".shape"}) std::filesystem::remove(path + suffix);
}

HistoryKey load_key(const std::string& path) {
  std::string text = read_text(path);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  auto bytes = followup::util::from_hex(text);
  if (!bytes || bytes->size() != 32) die("the key file " + path + " is not 64 hex digits");
  return HistoryKey{std::move(*bytes)};
}

// Answers the seconds the generation took (now, or when the marker was written).
double prepare_store(const Shape& shape, const Options& o, const std::string& path) {
  const std::string marker = path + ".shape";
  if (std::filesystem::exists(path)) {
    const std::string held = read_text(marker);
    if (!held.empty() && held.compare(0, shape.key().size(), shape.key()) == 0) {
      std::printf("reusing %s (marker %s)\n", path.c_str(), marker.c_str());
      const auto at = held.find("generated-seconds ");
      return at == std::string::npos ? 0 : std::atof(held.c_str() + at + 18);
    }
    if (!o.regenerate)
      die(path + " exists but " +
          (held.empty() ? std::string("has no marker (an interrupted generation?)") : "holds another shape") +
          "; pass --regenerate to replace it, or another --store");
    remove_store(path);
  }
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  {
    std::ofstream key(path + ".key", std::ios::binary | std::ios::trunc);
    key << followup::util::to_hex(followup::util::random_bytes(32)) << "\n";
  }
  std::filesystem::permissions(path + ".key",
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const auto started = std::chrono::steady_clock::now();
  std::printf("generating %s\n", path.c_str());
  std::fflush(stdout);
  const Facts facts = make_facts(shape);
  std::printf(
      "  planned %zu write steps (%lld history entries, %.2f follow-up steps per answered recommendation) "
      "in %.1f s\n",
      facts.facts.size(), facts.entries, facts.lambda, ms_since(started) / 1000);
  std::fflush(stdout);
  {
    followup::OpenOptions options;
    options.create = true;
    options.key = load_key(path + ".key");
    auto store = must(followup::open_store("sqlite:" + path, options), "create the store");
    Generator generator(shape, *store, facts.lambda);
    generator.run(facts, o.batch);
  }
  const double seconds = ms_since(started) / 1000;
  std::ofstream(marker, std::ios::trunc) << shape.key() << "generated-seconds " << seconds << "\n";
  std::printf("  generated in %.1f s\n", seconds);
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  // Before this process grows (see Launcher).
  std::optional<Launcher> launcher;
  if (!options.no_cli && !options.generate_only) launcher.emplace();
  const Shape shape = shape_of(options);
  const std::string path = options.store.empty() ? "/tmp/followup-scale/" + shape.file_name() : options.store;
  std::printf(
      "scale_bench: %lld recommendations, %d evaluations, %d units, joint %.2f, %.1f history entries "
      "per recommendation, %d years to %s, seed %llu\n",
      shape.recs, shape.evals, shape.units, shape.joint, shape.history_per_rec, shape.years,
      shape.as_of.iso().c_str(), static_cast<unsigned long long>(shape.seed));
  const double generated = prepare_store(shape, options, path);
  if (options.generate_only) return 0;

  const Date as_of = shape.as_of;
  const HistoryKey key = load_key(path + ".key");
  RawDb raw_db(path, false);

  // The shape as stored.
  const long long recs = raw_db.number("SELECT count(*) FROM recommendations");
  const long long joint = raw_db.number(
      "SELECT count(*) FROM (SELECT recommendation FROM recommendation_units GROUP BY 1 HAVING count(*) > "
      "1)");
  const long long issued = raw_db.number(
      "SELECT count(*) FROM recommendations r JOIN evaluations e ON e.code = r.evaluation "
      "WHERE e.issued IS NOT NULL");
  const long long answered = raw_db.number(
      "SELECT count(*) FROM recommendations r WHERE NOT EXISTS (SELECT 1 FROM recommendation_units u "
      "WHERE u.recommendation = r.id AND NOT EXISTS (SELECT 1 FROM responses s WHERE s.recommendation = r.id "
      "AND s.unit = u.unit))");
  const long long entries = raw_db.number("SELECT count(*) FROM history");
  const auto bytes = std::filesystem::file_size(path);
  const auto share = [&](long long n) { return 100.0 * static_cast<double>(n) / static_cast<double>(recs); };
  std::printf("store %s: %.0f MB, generated in %.1f s\n", path.c_str(), static_cast<double>(bytes) / 1e6,
              generated);
  std::printf(
      "  %lld recommendations: joint %.1f%%, issued %.1f%%, answered by every unit %.1f%%; "
      "%lld history entries (%.2f per recommendation)\n",
      recs, share(joint), share(issued), share(answered), entries,
      static_cast<double>(entries) / static_cast<double>(recs));

  // What the questions ask about: the busiest unit, a recommendation with a
  // long history from the middle of the store, and recommendations a unit
  // has not yet answered (for the writes).
  std::string unit;
  raw_db.query("SELECT unit, count(*) FROM recommendation_units GROUP BY unit ORDER BY 2 DESC, 1 LIMIT 1", {},
               [&](const RawDb::Row& r) { unit = r[0]; });
  long long show_rec = shape.recs / 2;
  {
    // The plan's steps grow with lambda alike for every recommendation: any
    // lambda finds the longest.
    std::size_t most = 0;
    for (long long r = shape.recs / 2; r < std::min(shape.recs, shape.recs / 2 + 2000); ++r) {
      const RecPlan p = rec_plan(shape, eval_plan(shape, eval_of_rec(shape, r)), r, 1.0);
      if (p.steps.size() > most) {
        most = p.steps.size();
        show_rec = r;
      }
    }
  }
  const EvalPlan show_eval = eval_plan(shape, eval_of_rec(shape, show_rec));
  const int show_number = static_cast<int>(show_rec - show_eval.first_rec) + 1;
  const std::string show_code = evaluation_code(show_eval.index);
  const std::string show_ref = followup::recommendation_ref(show_code, show_number);
  struct Candidate {
    std::string evaluation;
    int number = 0;
    std::string unit;
  };
  std::vector<Candidate> candidates;
  raw_db.query(
      "SELECT r.evaluation, r.number, u.unit FROM recommendations r "
      "JOIN evaluations e ON e.code = r.evaluation AND e.issued IS NOT NULL AND e.issued <= ?1 "
      "JOIN recommendation_units u ON u.recommendation = r.id AND u.position = 0 "
      "WHERE NOT EXISTS (SELECT 1 FROM responses s WHERE s.recommendation = r.id AND s.unit = u.unit) "
      "AND NOT EXISTS (SELECT 1 FROM closings c WHERE c.recommendation = r.id) ORDER BY r.id LIMIT ?2",
      {as_of.iso(), static_cast<long long>(options.reps + 1)}, [&](const RawDb::Row& r) {
        candidates.push_back({r[0], static_cast<int>(as_number(r[1])), r[2]});
      });
  std::printf("  asking about unit %s, recommendation %s, as of %s\n", unit.c_str(), show_ref.c_str(),
              as_of.iso().c_str());

  followup::OpenOptions open_options;
  open_options.key = key;
  const auto opened_at = std::chrono::steady_clock::now();
  auto store = must(followup::open_store("sqlite:" + path, open_options), "open the store");
  const double open_ms = ms_since(opened_at);
  const followup::env::FixedClock clock(as_of, as_of.iso() + "T12:00:00Z");
  const followup::app::Session session{*store, clock, followup::app::Principal{k_office, false}, 7,
                                       std::nullopt};
  // The first write on a Store checks the file's pages first, up to a size
  // (docs/storage.md): timed on its own.
  const auto first_at = std::chrono::steady_clock::now();
  must(store->run([](Transaction&) { return Status{}; }), "first write");
  const double first_write_ms = ms_since(first_at);
  std::error_code size_error;
  const auto file_bytes = std::filesystem::file_size(path, size_error);
  const bool page_check = !size_error && file_bytes <= followup::k_check_before_write_max_bytes;
  std::printf("  opening the store: %.1f ms; its first (empty) write, %s: %.1f ms\n", open_ms,
              page_check ? "which checks every page" : "without the page check (a store over 1 GiB)",
              first_write_ms);
  std::fflush(stdout);

  const std::vector<std::string> cli_prefix{options.followup, "--db",       "sqlite:" + path, "--as",
                                            k_office,         "--key-file", path + ".key"};
  auto cli = [&](const std::vector<std::string>& args, int reps) -> std::optional<ChildRun> {
    if (options.no_cli) return std::nullopt;
    std::vector<std::string> line = cli_prefix;
    line.insert(line.end(), args.begin(), args.end());
    return time_child(*launcher, line, reps);
  };
  bool cli_pages = false;
  if (!options.no_cli) {
    const std::string help_path = path + ".list-help";
    launcher->run({options.followup, "list", "--help"}, help_path);
    cli_pages = read_text(help_path).find("--limit") != std::string::npos;
    std::filesystem::remove(help_path);
  }
  const auto wanted = [&](const char* name) { return options.skip.count(name) == 0; };
  const int reps = options.reps;
  std::vector<Row> rows;
  auto add = [&](Row row) {
    std::printf("  %-26s followup %.1f ms, raw %.2f ms", row.name.c_str(), row.app.ms, row.raw.ms);
    if (row.cli) std::printf(", cli %.1f ms (%.1f MB)", row.cli->ms, row.cli->peak_mb);
    std::printf("\n");
    std::fflush(stdout);
    rows.push_back(std::move(row));
  };

  if (wanted("list")) {
    Row page{"list overdue " + unit + " p1"};
    page.app =
        time_best(counting(*store, [&] { return app_layer::overdue_list(session, unit, as_of, 100); }), reps);
    page.raw = time_best([&] { return raw::overdue_list(raw_db, unit, as_of, 100); }, reps);
    if (cli_pages)
      page.cli = cli(app_layer::list_args(unit, as_of, 100), reps);
    else
      page.note = "the binary has no --limit";
    add(std::move(page));
    Row all{"list overdue " + unit + " all"};
    all.app = time_best(
        counting(*store, [&] { return app_layer::overdue_list(session, unit, as_of, std::nullopt); }), reps);
    all.raw = time_best([&] { return raw::overdue_list(raw_db, unit, as_of, std::nullopt); }, reps);
    all.cli = cli(app_layer::list_args(unit, as_of, std::nullopt), reps);
    add(std::move(all));
  }
  if (wanted("show")) {
    Row row{"show --history"};
    row.app = time_best(counting(*store, [&] { return app_layer::show(session, show_ref); }), reps);
    row.raw = time_best([&] { return raw::show(raw_db, show_code, show_number); }, reps);
    row.cli = cli(app_layer::show_args(show_ref, as_of), reps);
    add(std::move(row));
  }
  if (wanted("status")) {
    Row row{"report status"};
    row.app = time_best(counting(*store, [&] { return app_layer::status(session, as_of); }), reps);
    row.raw = time_best([&] { return raw::status(raw_db, as_of); }, reps);
    row.cli = cli(app_layer::report_args("status", as_of), reps);
    add(std::move(row));
  }
  if (wanted("overdue")) {
    Row row{"report overdue"};
    row.app = time_best(counting(*store, [&] { return app_layer::overdue(session, as_of); }), reps);
    row.raw = time_best([&] { return raw::overdue(raw_db, as_of); }, reps);
    row.cli = cli(app_layer::report_args("overdue", as_of), reps);
    add(std::move(row));
  }
  if (wanted("rates")) {
    Row row{"report rates"};
    row.app = time_best(counting(*store, [&] { return app_layer::rates(session, as_of); }), reps);
    row.raw = time_best([&] { return raw::rates(raw_db, as_of); }, reps);
    row.cli = cli(app_layer::report_args("rates", as_of), reps);
    add(std::move(row));
  }
  if (wanted("respond")) {
    if (candidates.size() < 2) die("no recommendation is left unanswered to respond to");
    Row row{"respond (one response)"};
    const Candidate& target = candidates.front();
    {
      RawDb writer(path, true);
      row.raw = time_best(
          [&] {
            auto f = raw::respond(writer, target.evaluation, target.number, target.unit, as_of, false);
            raw::respond(writer, target.evaluation, target.number, target.unit, as_of, true);
            return f;
          },
          reps);
    }
    // Each app write answers another recommendation: the last is left for the binary.
    std::size_t next = 0;
    row.app = time_best(counting(*store,
                                 [&] {
                                   const Candidate& c = candidates[next++];
                                   return app_layer::respond(
                                       session, followup::recommendation_ref(c.evaluation, c.number), c.unit,
                                       as_of);
                                 }),
                        static_cast<int>(candidates.size()) - 1);
    const Candidate& last = candidates.back();
    row.cli = cli(
        app_layer::respond_args(followup::recommendation_ref(last.evaluation, last.number), last.unit, as_of),
        1);
    row.note =
        "raw: INSERT and COMMIT (timed), then DELETE (not timed); each app and cli write answers another "
        "recommendation, and stays";
    add(std::move(row));
  }
  if (wanted("verify")) {
    Row row{"verify-history"};
    row.app = time_best(counting(*store, [&] { return app_layer::verify(session, key); }), std::min(reps, 2));
    row.raw = time_best([&] { return raw::verify(raw_db); }, reps);
    row.cli = cli(app_layer::verify_args(), std::min(reps, 2));
    row.note = "raw reads every history row; followup also checks the file, every hash and MAC, and replays";
    add(std::move(row));
  }
  print_table(rows);
  return 0;
}
