#include "app/queries.h"

#include <algorithm>

#include "app/users.h"
#include "core/derived.h"
#include "core/reference.h"
#include "core/unit_directory.h"

namespace followup::app {

namespace {

Error not_found(std::string what) { return make_error(ErrorCode::not_found, std::move(what)); }

}  // namespace

int follow_up_days_overdue(const RecommendationRecord& record, Date as_of) {
  if (!is_overdue(record.rec.due, as_of)) return 0;
  const auto seen = view_as_of(record, as_of);
  if (seen.follow_up.closure) return 0;
  for (const auto& unit : record.rec.units) {
    const bool responded = std::any_of(seen.follow_up.responses.begin(), seen.follow_up.responses.end(),
                                       [&](const ManagementResponse& r) { return r.unit == unit; });
    if (!responded) return days_overdue(record.rec.due, as_of);
  }
  return 0;
}

Result<std::vector<ListedRecommendation>> list_recommendations(const Session& session,
                                                               const ListQuery& query) {
  std::vector<ListedRecommendation> out;
  auto st = session.store.read([&](Transaction& tx) -> Status {
    RecommendationFilter filter;
    filter.due_before = query.due_before;
    if (query.unit) {
      auto units = tx.list_units();
      if (!units) return units.error();
      const UnitDirectory directory(std::move(*units));
      auto match = directory.resolve(*query.unit);
      if (!match) return not_found("no unit '" + *query.unit + "' in the unit directory");
      filter.unit = match->unit->code;
    }
    if (query.evaluation) {
      auto evaluation = tx.find_evaluation(*query.evaluation);
      if (!evaluation) return evaluation.error();
      if (!*evaluation) return not_found("no evaluation '" + *query.evaluation + "'");
      filter.evaluation = *query.evaluation;
    }
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    auto records = tx.list_recommendations(filter);
    if (!records) return records.error();
    for (auto& record : *records) {
      if (!can_see(*actor, record)) continue;
      const int days = follow_up_days_overdue(record, query.as_of);
      if (query.overdue_only && days == 0) continue;
      out.push_back({std::move(record), days});
    }
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<RecommendationRecord> find_recommendation(const Session& session, std::string_view ref) {
  auto parsed = parse_recommendation_ref(ref);
  if (!parsed) return parsed.error();
  std::optional<RecommendationRecord> found;
  auto st = session.store.read([&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    auto rec = tx.find_recommendation(parsed->evaluation, parsed->number);
    if (!rec) return rec.error();
    if (*rec && !can_see(*actor, **rec))
      return make_error(ErrorCode::permission_denied, "user " + actor->name + " cannot see " + parsed->str() +
                                                          ": none of its units holds it");
    found = std::move(*rec);
    return {};
  });
  if (!st) return st.error();
  if (!found) return not_found("no recommendation " + parsed->str());
  return std::move(*found);
}

Result<Evaluation> find_evaluation(const Session& session, std::string_view code) {
  std::optional<Evaluation> found;
  auto st = session.store.read([&](Transaction& tx) -> Status {
    auto e = tx.find_evaluation(code);
    if (!e) return e.error();
    found = std::move(*e);
    return {};
  });
  if (!st) return st.error();
  if (!found) return not_found("no evaluation '" + std::string(code) + "'");
  return std::move(*found);
}

Result<std::vector<HistoryEntry>> history_of(const Session& session, std::optional<std::string_view> entity) {
  std::vector<HistoryEntry> out;
  auto st = session.store.read([&](Transaction& tx) -> Status {
    auto entries = tx.history(entity);
    if (!entries) return entries.error();
    out = std::move(*entries);
    return {};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace followup::app
