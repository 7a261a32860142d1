#include "app/reports.h"

#include "app/queries.h"
#include "app/users.h"
#include "core/derived.h"
#include "core/unit_directory.h"

namespace followup::app {

namespace {

// Every recommendation the acting user may see, with its follow-up; and
// the unit directory, when asked for.
struct Visible {
  std::vector<RecommendationRecord> records;
  HistoryHead head;
  std::string unit;  // the unit asked about, resolved
};

// Every recommendation the acting user may see (of the priority asked
// for, as of the date), with the history's head read in the same
// transaction; and the unit asked about, when one is.
Result<Visible> visible_records(const Session& session, const ReportOptions& options,
                                std::optional<std::string_view> unit) {
  Visible out;
  auto st = session.store.read([&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    if (unit) {
      auto code = visible_unit(tx, *actor, *unit);
      if (!code) return code.error();
      out.unit = *code;
    }
    auto records = tx.list_recommendations(RecommendationFilter{});
    if (!records) return records.error();
    for (auto& r : *records) {
      if (!can_see(*actor, r)) continue;
      if (options.priority && view_as_of(r, options.as_of).rec.priority != *options.priority) continue;
      out.records.push_back(std::move(r));
    }
    auto head = tx.history_head();
    if (!head) return head.error();
    out.head = HistoryHead{head->first, head->second};
    return {};
  });
  if (!st) return st.error();
  return out;
}

template <typename Report, typename Make>
Result<Report> make(const Session& session, const ReportOptions& options,
                    std::optional<std::string_view> unit, Make&& report_of) {
  auto visible = visible_records(session, options, unit);
  if (!visible) return visible.error();
  Report report = report_of(*visible);
  report.head = visible->head;
  return report;
}

}  // namespace

Result<StatusReport> status_report(const Session& session, const ReportOptions& options) {
  return make<StatusReport>(session, options, std::nullopt, [&](const Visible& v) {
    return followup::status_report(v.records, options.as_of);
  });
}

Result<OverdueReport> overdue_report(const Session& session, const ReportOptions& options) {
  return make<OverdueReport>(session, options, std::nullopt, [&](const Visible& v) {
    return followup::overdue_report(v.records, options.as_of);
  });
}

Result<RatesReport> rates_report(const Session& session, const ReportOptions& options) {
  return make<RatesReport>(session, options, std::nullopt, [&](const Visible& v) {
    return followup::rates_report(v.records, options.as_of);
  });
}

Result<UnitReport> unit_report(const Session& session, std::string_view unit, const ReportOptions& options) {
  return make<UnitReport>(session, options, unit, [&](const Visible& v) {
    return followup::unit_report(v.records, v.unit, options.as_of);
  });
}

}  // namespace followup::app
