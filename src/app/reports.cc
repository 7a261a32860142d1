#include "app/reports.h"

#include "app/users.h"
#include "core/unit_directory.h"

namespace followup::app {

namespace {

// Every recommendation the acting user may see, with its follow-up; and
// the unit directory, when asked for.
Result<std::vector<RecommendationRecord>> visible_records(const Session& session, UnitDirectory* directory) {
  std::vector<RecommendationRecord> out;
  auto st = session.store.read([&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    auto records = tx.list_recommendations(RecommendationFilter{});
    if (!records) return records.error();
    for (auto& r : *records)
      if (can_see(*actor, r)) out.push_back(std::move(r));
    if (directory) {
      auto units = tx.list_units();
      if (!units) return units.error();
      *directory = UnitDirectory(std::move(*units));
    }
    return {};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace

Result<StatusReport> status_report(const Session& session, Date as_of) {
  auto records = visible_records(session, nullptr);
  if (!records) return records.error();
  return followup::status_report(*records, as_of);
}

Result<OverdueReport> overdue_report(const Session& session, Date as_of) {
  auto records = visible_records(session, nullptr);
  if (!records) return records.error();
  return followup::overdue_report(*records, as_of);
}

Result<RatesReport> rates_report(const Session& session, Date as_of) {
  auto records = visible_records(session, nullptr);
  if (!records) return records.error();
  return followup::rates_report(*records, as_of);
}

Result<UnitReport> unit_report(const Session& session, std::string_view unit, Date as_of) {
  UnitDirectory directory;
  auto records = visible_records(session, &directory);
  if (!records) return records.error();
  auto match = directory.resolve(unit);
  if (!match || match->how == MatchKind::place)
    return make_error(ErrorCode::not_found, "no unit '" + std::string(unit) + "' in the unit directory");
  return followup::unit_report(*records, match->unit->code, as_of);
}

}  // namespace followup::app
