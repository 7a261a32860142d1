// The reports of DESIGN.md's step 8 over what the acting user may see.
#pragma once

#include <string>

#include "app/session.h"
#include "core/reports.h"

namespace followup::app {

Result<StatusReport> status_report(const Session& session, Date as_of);
Result<OverdueReport> overdue_report(const Session& session, Date as_of);
Result<RatesReport> rates_report(const Session& session, Date as_of);
// `unit` by code, name, alias or head title; not_found when unknown.
Result<UnitReport> unit_report(const Session& session, std::string_view unit, Date as_of);

}  // namespace followup::app
