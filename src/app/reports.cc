#include "app/reports.h"

#include <algorithm>
#include <functional>
#include <map>
#include <tuple>

#include "app/queries.h"
#include "app/users.h"
#include "core/derived.h"
#include "core/reference.h"
#include "core/unit_directory.h"

namespace followup::app {

namespace {

// Records a report reads and makes a report of at a time.
constexpr std::size_t k_report_page = 500;

void finish(StatusReport& /*r*/, const std::string& /*unit*/) {}
void finish(OverdueReport& r, const std::string& /*unit*/) { order(r); }
void finish(RatesReport& /*r*/, const std::string& /*unit*/) {}
void finish(UnitReport& r, const std::string& unit) {
  r.unit = unit;
  order(r);
}

// A report of everything the acting user may see (of the priority asked
// for, as of the date), made a page of records at a time and added up
// (core/reports.h: add_page), so that memory holds the answer only; with
// the history's head read in the same transaction. `report_of` makes a
// page's report, given the unit asked about, resolved.
// `after_each`, when given, is applied to the total after each page (to
// keep only the part of an answer that is asked for). `reads`: on or
// after the store's last fact, a report of what is overdue reads only the
// recommendations owing something by an earlier date
// (RecommendationPage::owing_before), and a report of what a unit owes
// only those in which it may owe something (owed_by); before it, and
// otherwise, every record.
enum class Reads { every, owing, owed_by_unit };

// The history's head, read in the report's transaction, into `head`.
Status read_head(Transaction& tx, HistoryHead& head) {
  auto read = tx.history_head();
  if (!read) return read.error();
  head = HistoryHead{read->first, read->second};
  return {};
}

// The status report's counts from the store's kept counters.
Status read_status_totals(Transaction& tx, Date as_of, StatusReport& report) {
  auto totals = tx.status_totals(as_of);
  if (!totals) return totals.error();
  report.total = totals->total;
  report.by_evaluation = std::move(totals->by_evaluation);
  report.by_unit = std::move(totals->by_unit);
  return {};
}

bool sees_everything(const User& user) {
  return std::any_of(user.roles.begin(), user.roles.end(), [](Role r) { return r != Role::unit; });
}

// Calls `each` with every record `which` selects that the actor may see,
// of the priority asked for (as of the date). A unit user's are read from
// its units' share of the store (RecommendationPage::seen_by), `which`'s
// other filters, which only narrow the reading, left aside but for
// `after`; what a unit owes (owed_by) is already within it.
Status for_each_visible(Transaction& tx, const User& actor, const ReportOptions& options,
                        const RecommendationPage& which,
                        const std::function<Result<bool>(RecommendationRecord&&)>& each) {
  RecommendationPage page = which;
  if (!sees_everything(actor) && !which.owed_by) {
    if (actor.units.empty()) return {};  // a unit user of no unit sees nothing
    page = RecommendationPage{};
    page.seen_by = actor.units;
    page.after = which.after;
    page.limit = which.limit;
  }
  return for_each_record(tx, page, [&](RecommendationRecord&& r) -> Result<bool> {
    if (!can_see(actor, r)) return true;
    if (options.priority && view_as_of(r, options.as_of).rec.priority != *options.priority) return true;
    return each(std::move(r));
  });
}

template <typename Report, typename Make>
Result<Report> by_pages(const Session& session, const ReportOptions& options,
                        std::optional<std::string_view> unit, Make&& report_of,
                        const std::function<void(Report&)>& after_each = nullptr,
                        Reads reads = Reads::every) {
  Report total;
  auto st = read_in(session, [&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    std::string code;
    if (unit) {
      auto found = visible_unit(tx, *actor, *unit);
      if (!found) return found.error();
      code = *found;
    }
    RecommendationPage which;
    if (reads != Reads::every) {
      auto last = tx.last_fact_date();
      if (!last) return last.error();
      if (!*last || options.as_of >= **last) {
        if (reads == Reads::owing) which.owing_before = options.as_of;
        if (reads == Reads::owed_by_unit) which.owed_by = code;
      }
    }
    std::vector<RecommendationRecord> page;
    auto flush = [&] {
      add_page(total, report_of(page, code));
      page.clear();
      if (after_each) after_each(total);
    };
    auto walked = for_each_visible(tx, *actor, options, which, [&](RecommendationRecord&& r) -> Result<bool> {
      page.push_back(std::move(r));
      if (page.size() == k_report_page) flush();
      return true;
    });
    if (!walked) return walked.error();
    flush();
    finish(total, code);
    total.as_of = options.as_of;
    if (auto read = read_head(tx, total.head); !read) return read;
    return {};
  });
  if (!st) return st.error();
  return total;
}

}  // namespace

namespace {

// Keeps the page of the detail the options ask for.
void keep_page(StatusReport& report, const ReportOptions& options,
               const std::optional<RecommendationRef>& after) {
  auto& lines = report.recommendations;
  if (after)
    lines.erase(lines.begin(), std::find_if(lines.begin(), lines.end(), [&](const StatusLine& l) {
                  return std::tie(l.evaluation, l.number) > std::tie(after->evaluation, after->number);
                }));
  if (options.limit > 0 && lines.size() > static_cast<std::size_t>(options.limit)) {
    lines.resize(static_cast<std::size_t>(options.limit));
    report.next_after = lines.back().facts.ref;
  }
}

// Whether the figures the store keeps answer a report of these options for
// the acting user (see reports.h): of everything, on or after the last fact.
Result<bool> kept_answers(Transaction& tx, const Session& session, const ReportOptions& options) {
  auto actor = acting_user(tx, session);
  if (!actor) return actor.error();
  if (!sees_everything(*actor) || options.priority) return false;
  auto last = tx.last_fact_date();
  if (!last) return last.error();
  return !*last || options.as_of >= **last;
}

// A report from the figures the store keeps, or nullopt when they do not
// answer it: `fill(tx, report)` adds them (and any detail) to a report that
// carries its date and the history's head, read in the same transaction.
template <typename Report, typename Fill>
Result<std::optional<Report>> kept_report(const Session& session, const ReportOptions& options, Fill&& fill) {
  std::optional<Report> out;
  auto st = read_in(session, [&](Transaction& tx) -> Status {
    auto kept = kept_answers(tx, session, options);
    if (!kept) return kept.error();
    if (!*kept) return {};
    Report report;
    report.as_of = options.as_of;
    if (Status filled = fill(tx, report); !filled) return filled;
    if (auto read = read_head(tx, report.head); !read) return read;
    out = std::move(report);
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<std::optional<StatusReport>> kept_status_report(const Session& session, const ReportOptions& options,
                                                       const std::optional<RecommendationRef>& after) {
  return kept_report<StatusReport>(session, options, [&](Transaction& tx, StatusReport& report) -> Status {
    if (auto st = read_status_totals(tx, options.as_of, report); !st) return st;
    RecommendationPage page;
    if (after) page.after = std::make_pair(after->evaluation, after->number);
    // One line more than the page, to know whether another follows.
    if (options.limit > 0) page.limit = options.limit + 1;
    const auto limit = static_cast<std::size_t>(options.limit);
    auto walked = for_each_record(tx, page, [&](RecommendationRecord&& r) -> Result<bool> {
      if (!r.issued || *r.issued > options.as_of) return true;
      if (limit > 0 && report.recommendations.size() == limit) {
        report.next_after = report.recommendations.back().facts.ref;
        return false;
      }
      report.recommendations.push_back(status_line(r, options.as_of));
      return true;
    });
    return walked ? Status{} : Status{walked.error()};
  });
}

// The overdue report's counts from the kept index and, unless `counts_only`,
// its lines: the options' limit of each list, or all with none.
Status kept_overdue(Transaction& tx, const ReportOptions& options, OverdueReport& report, bool counts_only) {
  auto ageing = tx.overdue_ageing(options.as_of);
  if (!ageing) return ageing.error();
  report.response_ageing = ageing->responses;
  report.action_ageing = ageing->actions;
  report.by_unit = std::move(ageing->by_unit);
  report.limit = options.limit;
  if (counts_only) return {};
  const auto limit = static_cast<std::size_t>(std::max(options.limit, 0));
  auto responses = tx.each_overdue_response(options.as_of, [&](OverdueResponse&& r) -> Result<bool> {
    report.responses.push_back(std::move(r));
    return limit == 0 || report.responses.size() < limit;
  });
  if (!responses) return responses;
  return tx.each_overdue_action(options.as_of, [&](OverdueAction&& a) -> Result<bool> {
    report.actions.push_back(std::move(a));
    return limit == 0 || report.actions.size() < limit;
  });
}

Result<std::optional<RatesReport>> kept_rates_report(const Session& session, const ReportOptions& options) {
  return kept_report<RatesReport>(session, options, [&](Transaction& tx, RatesReport& report) -> Status {
    auto totals = tx.rates_totals(options.as_of);
    if (!totals) return totals.error();
    report.total = totals->total;
    report.by_year = std::move(totals->by_year);
    report.by_unit = std::move(totals->by_unit);
    return {};
  });
}

}  // namespace

Result<StatusReport> status_report(const Session& session, const ReportOptions& options) {
  std::optional<RecommendationRef> after;
  if (options.after) {
    auto ref = parse_recommendation_ref(*options.after);
    if (!ref) return ref.error();
    after = *ref;
  }
  auto kept = kept_status_report(session, options, after);
  if (!kept) return kept.error();
  if (*kept) return std::move(**kept);
  // Made from the records, a page at a time, keeping the detail's page.
  return by_pages<StatusReport>(
      session, options, std::nullopt,
      [&](const auto& page, const std::string&) { return followup::status_report(page, options.as_of); },
      [&](StatusReport& total) { keep_page(total, options, after); });
}

Status stream_status_report(const Session& session, const ReportOptions& options,
                            const std::function<Status(const StatusReport&)>& head,
                            const std::function<Status(StatusLine&&)>& line) {
  RecommendationPage which;
  if (auto st = start_after(which, options.after); !st) return st;
  return read_in(session, [&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    auto kept = kept_answers(tx, session, options);
    if (!kept) return kept.error();
    StatusReport report;
    report.as_of = options.as_of;
    if (*kept) {
      if (auto st = read_status_totals(tx, options.as_of, report); !st) return st;
    } else {
      // The counts from every record the user may see, a page at a time,
      // each page's lines dropped: the lines are read again below.
      std::vector<RecommendationRecord> page;
      auto flush = [&] {
        StatusReport part = followup::status_report(page, options.as_of);
        part.recommendations.clear();
        add_page(report, std::move(part));
        page.clear();
      };
      auto walked = for_each_visible(tx, *actor, options, {}, [&](RecommendationRecord&& r) -> Result<bool> {
        page.push_back(std::move(r));
        if (page.size() == k_report_page) flush();
        return true;
      });
      if (!walked) return walked.error();
      flush();
    }
    if (auto read = read_head(tx, report.head); !read) return read;
    if (auto st = head(report); !st) return st;
    return for_each_visible(tx, *actor, options, which, [&](RecommendationRecord&& r) -> Result<bool> {
      if (!r.issued || *r.issued > options.as_of) return true;
      if (auto st = line(status_line(r, options.as_of)); !st) return st.error();
      return true;
    });
  });
}

namespace {

// stream_overdue_report from the kept index, in the report's order.
Status stream_kept_overdue(Transaction& tx, const ReportOptions& options, const OverdueSinks& sinks) {
  OverdueReport report;
  report.as_of = options.as_of;
  ReportOptions all = options;
  all.limit = 0;
  if (auto st = kept_overdue(tx, all, report, true); !st) return st;
  if (auto st = read_head(tx, report.head); !st) return st;
  if (auto st = sinks.head(report); !st) return st;
  auto responses = [&] {
    return tx.each_overdue_response(options.as_of, [&](OverdueResponse&& r) -> Result<bool> {
      if (auto st = sinks.response(std::move(r)); !st) return st.error();
      return true;
    });
  };
  auto actions = [&] {
    return tx.each_overdue_action(options.as_of, [&](OverdueAction&& a) -> Result<bool> {
      if (auto st = sinks.action(std::move(a)); !st) return st.error();
      return true;
    });
  };
  if (auto st = sinks.actions_first ? actions() : responses(); !st) return st;
  return sinks.actions_first ? responses() : actions();
}

// stream_overdue_report from the records the actor may see: read once for
// the counts, then once per window of days overdue.
Status stream_overdue_by_windows(Transaction& tx, const User& actor, const ReportOptions& options,
                                 const OverdueSinks& sinks) {
  RecommendationPage which;
  auto last = tx.last_fact_date();
  if (!last) return last.error();
  if (!*last || options.as_of >= **last) which.owing_before = options.as_of;
  // Calls `each` with the overdue report of every page of records.
  auto each_page = [&](const std::function<void(OverdueReport &&)>& each) -> Status {
    std::vector<RecommendationRecord> page;
    auto flush = [&] {
      each(followup::overdue_report(page, options.as_of));
      page.clear();
    };
    auto walked = for_each_visible(tx, actor, options, which, [&](RecommendationRecord&& r) -> Result<bool> {
      page.push_back(std::move(r));
      if (page.size() == k_report_page) flush();
      return true;
    });
    if (!walked) return walked;
    flush();
    return {};
  };
  // The counts, and how many items each number of days overdue has.
  OverdueReport report;
  report.as_of = options.as_of;
  std::map<int, long long, std::greater<>> response_days;
  std::map<int, long long, std::greater<>> action_days;
  auto counted = each_page([&](OverdueReport&& part) {
    for (const auto& r : part.responses) ++response_days[r.days_overdue];
    for (const auto& a : part.actions) ++action_days[a.days_overdue];
    part.responses.clear();
    part.actions.clear();
    add_page(report, std::move(part));
  });
  if (!counted) return counted;
  if (auto st = read_head(tx, report.head); !st) return st;
  if (auto st = sinks.head(report); !st) return st;
  // A list in the report's order, a window of days overdue at a time (the
  // most overdue first), each window read again from the store and held
  // until handed over: at most sinks.window items, more only when a
  // single day has more.
  auto hand_over = [&](const std::map<int, long long, std::greater<>>& days, auto member,
                       const auto& sink) -> Status {
    for (auto from = days.begin(); from != days.end();) {
      auto to = from;
      long long items = 0;
      while (to != days.end() && (items == 0 || items + to->second <= sinks.window)) items += (to++)->second;
      const int most = from->first;
      const int least = std::prev(to)->first;
      OverdueReport window;
      auto read = each_page([&](OverdueReport&& part) {
        for (auto& item : part.*member)
          if (item.days_overdue <= most && item.days_overdue >= least)
            (window.*member).push_back(std::move(item));
      });
      if (!read) return read;
      order(window);
      for (auto& item : window.*member)
        if (auto st = sink(std::move(item)); !st) return st;
      from = to;
    }
    return {};
  };
  auto responses = [&] { return hand_over(response_days, &OverdueReport::responses, sinks.response); };
  auto actions = [&] { return hand_over(action_days, &OverdueReport::actions, sinks.action); };
  if (auto st = sinks.actions_first ? actions() : responses(); !st) return st;
  return sinks.actions_first ? responses() : actions();
}

}  // namespace

Status stream_overdue_report(const Session& session, const ReportOptions& options,
                             const OverdueSinks& sinks) {
  return read_in(session, [&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    auto kept = kept_answers(tx, session, options);
    if (!kept) return kept.error();
    return *kept ? stream_kept_overdue(tx, options, sinks)
                 : stream_overdue_by_windows(tx, *actor, options, sinks);
  });
}

namespace {

// The overdue report, or with `counts_only` its counts without its lists.
Result<OverdueReport> overdue_report_of(const Session& session, const ReportOptions& options,
                                        bool counts_only) {
  auto kept = kept_report<OverdueReport>(session, options, [&](Transaction& tx, OverdueReport& report) {
    return kept_overdue(tx, options, report, counts_only);
  });
  if (!kept) return kept.error();
  if (*kept) return std::move(**kept);
  // Only the lines asked for are kept from page to page: memory holds the
  // limit's worth, not the whole answer.
  return by_pages<OverdueReport>(
      session, options, std::nullopt,
      [&](const auto& page, const std::string&) { return followup::overdue_report(page, options.as_of); },
      [&](OverdueReport& total) {
        if (counts_only) {
          total.responses.clear();
          total.actions.clear();
        } else {
          keep_most_overdue(total, options.limit);
        }
      },
      Reads::owing);
}

}  // namespace

Result<OverdueReport> overdue_report(const Session& session, const ReportOptions& options) {
  return overdue_report_of(session, options, false);
}

Result<RatesReport> rates_report(const Session& session, const ReportOptions& options) {
  auto kept = kept_rates_report(session, options);
  if (!kept) return kept.error();
  if (*kept) return std::move(**kept);
  return by_pages<RatesReport>(session, options, std::nullopt, [&](const auto& page, const std::string&) {
    return followup::rates_report(page, options.as_of);
  });
}

Result<UnitReport> unit_report(const Session& session, std::string_view unit, const ReportOptions& options) {
  auto report = by_pages<UnitReport>(
      session, options, unit,
      [&](const auto& page, const std::string& code) {
        return followup::unit_report(page, code, options.as_of);
      },
      nullptr, Reads::owed_by_unit);
  return report;
}

namespace {

// Keeps the first k_annual_list_max lines of `lines` in `less`'s order,
// counting all: a heap of the kept, its greatest on top.
template <typename Less>
void keep_first(std::vector<StatusLine>& lines, int& total, const StatusLine& line, Less less) {
  ++total;
  if (lines.size() < k_annual_list_max) {
    lines.push_back(line);
    std::push_heap(lines.begin(), lines.end(), less);
  } else if (less(line, lines.front())) {
    std::pop_heap(lines.begin(), lines.end(), less);
    lines.back() = line;
    std::push_heap(lines.begin(), lines.end(), less);
  }
}

}  // namespace

Result<std::vector<UnitOverdue>> overdue_by_unit(const Session& session, const ReportOptions& options) {
  auto counts = overdue_report_of(session, options, true);
  if (!counts) return counts.error();
  return std::move(counts->by_unit);
}

Result<AnnualReport> annual_report(const Session& session, int first_year, int last_year,
                                   const ReportOptions& options) {
  if (first_year > last_year)
    return make_error(ErrorCode::invalid_argument, "the years run backwards: " + std::to_string(first_year) +
                                                       "-" + std::to_string(last_year));
  if (options.as_of.year() < first_year)
    return make_error(ErrorCode::invalid_argument, "the report's date " + options.as_of.iso() +
                                                       " falls before its first year, " +
                                                       std::to_string(first_year));
  AnnualReport report;
  report.first_year = first_year;
  report.last_year = last_year;
  report.as_of = options.as_of;
  ReportOptions whole;
  whole.as_of = options.as_of;
  auto longest_open = [](const StatusLine& a, const StatusLine& b) {
    return std::tie(*a.issued, a.evaluation, a.number) < std::tie(*b.issued, b.evaluation, b.number);
  };
  auto by_reference = [](const StatusLine& a, const StatusLine& b) {
    return std::tie(a.evaluation, a.number) < std::tie(b.evaluation, b.number);
  };
  auto st = read_in(session, [&](Transaction& tx) -> Status {
    Session inner = session;
    inner.within = &tx;
    std::vector<StatusGroup> groups;
    std::map<std::string, Date> issued;  // the years' evaluations
    std::map<int, ResponsesInYear> by_year;
    auto streamed = stream_status_report(
        inner, whole,
        [&](const StatusReport& status) -> Status {
          report.head = status.head;
          groups = status.by_evaluation;
          return {};
        },
        [&](StatusLine&& line) -> Status {
          if (line.issued && line.issued->year() >= first_year && line.issued->year() <= last_year)
            issued.emplace(line.evaluation, *line.issued);
          if (line.issued) {
            ResponsesInYear& year = by_year[line.issued->year()];
            switch (line.facts.response) {
              case ResponseStatus::on_time:
                ++year.on_time;
                break;
              case ResponseStatus::within_extension:
                ++year.within_extension;
                break;
              case ResponseStatus::late:
                ++year.late;
                break;
              case ResponseStatus::overdue:
                ++year.overdue;
                break;
              case ResponseStatus::awaiting:
              case ResponseStatus::not_issued:
                ++year.awaiting;
                break;
            }
          }
          if (is_long_outstanding(line, options.as_of))
            keep_first(report.long_outstanding, report.long_outstanding_total, line, longest_open);
          if (is_annual_priority(line, first_year, last_year))
            keep_first(report.priority, report.priority_total, line, by_reference);
          return {};
        });
    if (!streamed) return streamed;
    for (auto& [year, counts] : by_year) {
      counts.year = std::to_string(year);
      report.responses_by_year.push_back(counts);
    }
    std::sort(report.long_outstanding.begin(), report.long_outstanding.end(), longest_open);
    std::sort(report.priority.begin(), report.priority.end(), by_reference);
    for (const auto& group : groups) {
      auto found = issued.find(group.key);
      if (found == issued.end()) continue;
      auto evaluation = tx.find_evaluation(group.key);
      if (!evaluation) return evaluation.error();
      report.evaluations.push_back(
          AnnualEvaluation{group.key, *evaluation ? (*evaluation)->title : "", found->second, group.counts});
    }
    std::sort(report.evaluations.begin(), report.evaluations.end(),
              [](const AnnualEvaluation& a, const AnnualEvaluation& b) {
                return std::tie(a.issued, a.code) < std::tie(b.issued, b.code);
              });
    auto rates = rates_report(inner, whole);
    if (!rates) return rates.error();
    report.rates = std::move(*rates);
    auto owing = overdue_by_unit(inner, whole);
    if (!owing) return owing.error();
    report.overdue_by_unit = std::move(*owing);
    return {};
  });
  if (!st) return st.error();
  return report;
}

}  // namespace followup::app
