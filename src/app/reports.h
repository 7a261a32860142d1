// The reports of DESIGN.md's step 8 over what the acting user may see.
#pragma once

#include <string>

#include "app/session.h"
#include "core/reports.h"

namespace followup::app {

struct ReportOptions {
  Date as_of;
  std::optional<Priority> priority;  // only recommendations of this priority (as of)
};

// Each report carries the history's head read with its data.
Result<StatusReport> status_report(const Session& session, const ReportOptions& options);
Result<OverdueReport> overdue_report(const Session& session, const ReportOptions& options);
Result<RatesReport> rates_report(const Session& session, const ReportOptions& options);
// `unit` by code, name, alias or head title; not_found when unknown or, for
// a unit user, not its own (the same words).
Result<UnitReport> unit_report(const Session& session, std::string_view unit, const ReportOptions& options);

}  // namespace followup::app
