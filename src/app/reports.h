// The reports of DESIGN.md's step 8 over what the acting user may see.
#pragma once

#include <functional>
#include <string>

#include "app/session.h"
#include "core/reports.h"

namespace followup::app {

struct ReportOptions {
  Date as_of;
  std::optional<Priority> priority;  // only recommendations of this priority (as of)
  // The status report's per-recommendation detail, a page at a time: at
  // most `limit` lines (0: all), after the reference `after`. The overdue
  // report's lists: the `limit` most overdue of each (0: all).
  int limit = 0;
  std::optional<std::string> after;
};

// Each report carries the history's head read with its data. The status,
// rates and (with a limit) overdue reports of a user who may see
// everything, as of a date on or after the store's last fact and without a
// priority filter, are read from the figures the store keeps (the status
// report then reads only its page of detail, the overdue report its most
// overdue lines); otherwise they are made from the records themselves.
// Both give the same report (scale_test.cc).
Result<StatusReport> status_report(const Session& session, const ReportOptions& options);
// The status report with its whole detail from options.after on (the
// limit is not read), the detail handed to `line` one line at a time as it
// is read rather than held: a million recommendations' detail would not
// fit in memory. `head` receives the report without its detail first. The
// counts as status_report's: from the store's kept counts where they
// answer, otherwise from a first reading of every record. One read
// transaction; an error `head` or `line` answers stops it and is returned.
Status stream_status_report(const Session& session, const ReportOptions& options,
                            const std::function<Status(const StatusReport&)>& head,
                            const std::function<Status(StatusLine&&)>& line);
Result<OverdueReport> overdue_report(const Session& session, const ReportOptions& options);
// The overdue report with its whole lists (the limit is not read), each
// item handed over in the report's order rather than held: `head` receives
// the report without its lists (its counts complete) first, then the
// responses and the actions, or the actions first. Where the kept figures
// answer (as status_report's), the lists come from the kept index in their
// order; otherwise the records are read once for the counts, then once per
// window of days overdue holding up to `window` items (a single day's, if
// more), so memory stays bounded at the cost of reading again. One read transaction; an error a sink answers
// stops it and is returned.
struct OverdueSinks {
  std::function<Status(const OverdueReport&)> head;
  std::function<Status(OverdueResponse&&)> response;
  std::function<Status(OverdueAction&&)> action;
  bool actions_first = false;
  long long window = 200000;
};
Status stream_overdue_report(const Session& session, const ReportOptions& options, const OverdueSinks& sinks);
Result<RatesReport> rates_report(const Session& session, const ReportOptions& options);
// `unit` by code, name, alias or head title; not_found when unknown or, for
// a unit user, not its own (the same words).
Result<UnitReport> unit_report(const Session& session, std::string_view unit, const ReportOptions& options);

// Each unit's overdue responses by age and overdue key actions, units
// owing something by code: the overdue report's by_unit, read without its
// lists; the dashboard's and the annual report's.
Result<std::vector<UnitOverdue>> overdue_by_unit(const Session& session, const ReportOptions& options);

// The annual report for first_year..last_year as of options.as_of (its
// limit, after and priority are not read), in one read transaction: the
// status report's detail streamed for the lists (memory holds at most
// k_annual_list_max lines of each), the rates report whole, the overdue
// report's counts by unit. invalid_argument when the years run backwards
// or the as-of date falls before the first year.
Result<AnnualReport> annual_report(const Session& session, int first_year, int last_year,
                                   const ReportOptions& options);

}  // namespace followup::app
