// The reports of DESIGN.md's step 8 over what the acting user may see.
#pragma once

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

// Each report carries the history's head read with its data. The status
// and rates reports of a user who may see everything, as of a date on or
// after the store's last fact and without a priority filter, add up the
// figures the store keeps (the status report then reads only its page of
// detail); otherwise they are made from the records themselves. Both give
// the same report (scale_test.cc).
Result<StatusReport> status_report(const Session& session, const ReportOptions& options);
Result<OverdueReport> overdue_report(const Session& session, const ReportOptions& options);
Result<RatesReport> rates_report(const Session& session, const ReportOptions& options);
// `unit` by code, name, alias or head title; not_found when unknown or, for
// a unit user, not its own (the same words).
Result<UnitReport> unit_report(const Session& session, std::string_view unit, const ReportOptions& options);

}  // namespace followup::app
