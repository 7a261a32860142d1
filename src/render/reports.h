// The reports of core/reports.h as text, Markdown or CSV. Text and
// Markdown end with the report's definitions (report_footer); CSV holds the
// most detailed table only, one row per item, so that a spreadsheet can
// total it. Their JSON is app/json_views.h's.
#pragma once

#include <optional>
#include <string>

#include "core/reports.h"

namespace followup::render {

enum class ReportFormat { text, csv, markdown };
std::optional<ReportFormat> parse_report_format(std::string_view s);

std::string render_report(const StatusReport& report, ReportFormat format);
std::string render_report(const OverdueReport& report, ReportFormat format);
std::string render_report(const RatesReport& report, ReportFormat format);
std::string render_report(const UnitReport& report, ReportFormat format);

}  // namespace followup::render
