#include "app/queries.h"

#include <algorithm>

#include "app/users.h"
#include "core/derived.h"
#include "core/reference.h"
#include "core/unit_directory.h"

namespace followup::app {

namespace {

Error not_found(std::string what) { return make_error(ErrorCode::not_found, std::move(what)); }

// Recommendations read from the store at a time.
constexpr int k_list_page = 500;

}  // namespace

int follow_up_days_overdue(const RecommendationRecord& record, Date as_of) {
  const auto seen = view_as_of(record, as_of);
  if (current_closure(seen.follow_up) != nullptr) return 0;
  int most = 0;
  for (const auto& unit : seen.rec.units) {
    const bool responded = std::any_of(seen.follow_up.responses.begin(), seen.follow_up.responses.end(),
                                       [&](const ManagementResponse& r) { return r.unit == unit; });
    if (!responded) most = std::max(most, days_overdue(due_in_force(seen, unit, as_of), as_of));
  }
  return most;
}

namespace {

const RecommendationRecord& record_in(const RecommendationRecord& record) { return record; }
const RecommendationRecord& record_in(const ListedRecord& row) { return row.record; }

// Calls `each` with every row `read` (a store's page reader) gives for
// `page`, a page at a time (a fixed number of statements each; `page.limit`
// rows, at most k_list_page, or k_list_page without one), until `each`
// answers false or none is left.
template <typename Read, typename Each>
Status for_each_paged(RecommendationPage page, Read&& read, Each&& each) {
  // A caller that wants a few asks for that many at a time (more pages
  // follow when some are left out); otherwise k_list_page.
  page.limit = page.limit > 0 ? std::min(page.limit, k_list_page) : k_list_page;
  const auto page_size = static_cast<std::size_t>(page.limit);
  while (true) {
    auto rows = read(page);
    if (!rows) return rows.error();
    for (auto& row : *rows) {
      page.after = std::make_pair(record_in(row).evaluation, record_in(row).rec.number);
      auto more = each(std::move(row));
      if (!more) return more.error();
      if (!*more) return {};
    }
    if (rows->size() < page_size) return {};
  }
}

}  // namespace

Status for_each_record(Transaction& tx, RecommendationPage page,
                       const std::function<Result<bool>(RecommendationRecord&&)>& each) {
  return for_each_paged(
      std::move(page), [&](const RecommendationPage& p) { return tx.page_recommendations(p); }, each);
}

Status start_after(RecommendationPage& page, const std::optional<std::string>& after) {
  if (!after) return {};
  auto ref = parse_recommendation_ref(*after);
  if (!ref) return ref.error();
  page.after = std::make_pair(ref->evaluation, ref->number);
  return {};
}

Status for_each_listed(const Session& session, const ListQuery& query,
                       const std::function<Status(ListedRecommendation&&)>& each, std::vector<Unit>* named) {
  RecommendationPage page;
  page.due_before = query.due_before;
  page.listing = true;
  if (auto st = start_after(page, query.after); !st) return st;
  return read_in(session, [&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    if (query.unit) {
      auto code = visible_unit(tx, *actor, *query.unit);
      if (!code) return code.error();
      page.unit = *code;
    }
    if (query.evaluation) {
      auto evaluation = tx.find_evaluation(*query.evaluation);
      if (!evaluation) return evaluation.error();
      if (!*evaluation) return not_found("no evaluation '" + *query.evaluation + "'");
      page.evaluation = *query.evaluation;
    }
    // On or after the store's last fact, the kept index answers "overdue"
    // itself; before it, each record is judged as it stood that day.
    auto last = tx.last_fact_date();
    if (!last) return last.error();
    const bool kept = !*last || query.as_of >= **last;
    if (query.overdue_only && kept) page.unanswered_before = query.as_of;
    page.limit = query.limit;
    int given = 0;
    auto give = [&](RecommendationRecord&& record, int days) -> Result<bool> {
      if (!can_see(*actor, record)) return true;
      if (query.overdue_only && days == 0) return true;
      if (named != nullptr)
        for (const auto& code : record.rec.units) {
          if (std::any_of(named->begin(), named->end(), [&](const Unit& u) { return u.code == code; }))
            continue;
          auto unit = tx.find_unit(code);
          if (!unit) return unit.error();
          if (*unit) named->push_back(std::move(**unit));
        }
      // What a listing shows is the recommendation itself, read either way.
      record.follow_up = {};
      if (auto st = each({std::move(record), days}); !st) return st.error();
      ++given;
      return query.limit == 0 || given < query.limit;
    };
    // Who may see a recommendation turns on its follow-up (a key action a
    // unit owns) only for a unit user listing beyond its units: otherwise
    // the kept index gives the page without the follow-up.
    if (kept && (page.unit || !sees_through_actions(*actor)))
      return for_each_paged(
          page, [&](const RecommendationPage& p) { return tx.page_listed(p); },
          [&](ListedRecord&& row) -> Result<bool> {
            const int days = row.unanswered_due ? days_overdue(*row.unanswered_due, query.as_of) : 0;
            return give(std::move(row.record), days);
          });
    return for_each_record(tx, page, [&](RecommendationRecord&& record) -> Result<bool> {
      const int days = follow_up_days_overdue(record, query.as_of);
      return give(std::move(record), days);
    });
  });
}

Result<std::vector<ListedRecommendation>> list_recommendations(const Session& session,
                                                               const ListQuery& query) {
  std::vector<ListedRecommendation> out;
  auto st = for_each_listed(session, query, [&](ListedRecommendation&& row) -> Status {
    out.push_back(std::move(row));
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<RecommendationRecord> find_recommendation(const Session& session, std::string_view ref) {
  auto parsed = parse_recommendation_ref(ref);
  if (!parsed) return parsed.error();
  std::optional<RecommendationRecord> found;
  auto st = read_in(session, [&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    auto rec = tx.find_recommendation(parsed->evaluation, parsed->number);
    if (!rec) return rec.error();
    // What a user may not see answers as what does not exist.
    if (*rec && can_see(*actor, **rec)) found = std::move(*rec);
    return {};
  });
  if (!st) return st.error();
  if (!found) return not_found("no recommendation " + parsed->str());
  return std::move(*found);
}

namespace {

// An evaluation with the records the actor may see, and whether those are
// all of them.
struct SeenEvaluation {
  Evaluation evaluation;
  std::vector<RecommendationRecord> records;
  bool sees_all = false;
};

// nullopt when the evaluation is absent or the actor may see none of it.
Result<std::optional<SeenEvaluation>> seen_evaluation(Transaction& tx, const Session& session,
                                                      std::string_view code) {
  auto actor = acting_user(tx, session);
  if (!actor) return actor.error();
  auto e = tx.find_evaluation(code);
  if (!e) return e.error();
  if (!*e) return std::optional<SeenEvaluation>{};
  auto records = tx.list_recommendations(RecommendationFilter{std::nullopt, std::string(code), std::nullopt});
  if (!records) return records.error();
  SeenEvaluation seen{std::move(**e), {}, true};
  for (auto& record : *records) {
    if (can_see(*actor, record))
      seen.records.push_back(std::move(record));
    else
      seen.sees_all = false;
  }
  if (seen.records.empty() && !seen.evaluation.recommendations.empty())
    return std::optional<SeenEvaluation>{};
  return std::optional<SeenEvaluation>(std::move(seen));
}

Error no_evaluation(std::string_view code) { return not_found("no evaluation '" + std::string(code) + "'"); }

// The memo kept for the evaluation, with its bytes; nullopt when none was kept.
Result<std::optional<MemoOriginal>> kept_memo(Transaction& tx, std::string_view code) {
  auto kept = tx.find_memo_original(code);
  if (!kept) return kept.error();
  if (!*kept) return std::optional<MemoOriginal>{};
  auto bytes = tx.get_blob((*kept)->sha256);
  if (!bytes) return bytes.error();
  if (!*bytes)
    return make_error(ErrorCode::data_loss,
                      "the memo of evaluation " + std::string(code) + " as sent is missing from the store");
  return std::optional<MemoOriginal>(MemoOriginal{std::move(**kept), std::move(**bytes)});
}

}  // namespace

Result<MemoView> memo_of(const Session& session, std::string_view code) {
  std::optional<MemoView> found;
  auto st = read_in(session, [&](Transaction& tx) -> Status {
    auto seen = seen_evaluation(tx, session, code);
    if (!seen) return seen.error();
    if (!*seen) return {};
    MemoView view{std::move((*seen)->evaluation), {}, std::move((*seen)->records), std::nullopt};
    std::vector<Recommendation> shown;
    for (const auto& record : view.records) {
      for (const auto& rec : view.evaluation.recommendations)
        if (rec.number == record.rec.number) shown.push_back(rec);
      if (!record.follow_up.extensions.empty())
        view.extensions[record.rec.number] = record.follow_up.extensions;
    }
    view.evaluation.recommendations = std::move(shown);
    if ((*seen)->sees_all) {
      auto kept = kept_memo(tx, code);
      if (!kept) return kept.error();
      if (*kept) {
        auto text = importer::memo_text((*kept)->bytes, (*kept)->meta.name);
        if (!text) return text.error();
        view.original = std::move(*text);
      }
    }
    found = std::move(view);
    return {};
  });
  if (!st) return st.error();
  if (!found) return no_evaluation(code);
  return std::move(*found);
}

Result<MemoOriginal> memo_original(const Session& session, std::string_view code) {
  std::optional<MemoOriginal> found;
  auto st = read_in(session, [&](Transaction& tx) -> Status {
    auto seen = seen_evaluation(tx, session, code);
    if (!seen) return seen.error();
    if (!*seen) return no_evaluation(code);
    if (!(*seen)->sees_all)
      return make_error(ErrorCode::permission_denied,
                        "the memo of evaluation " + std::string(code) +
                            " as sent names recommendations of other units: only those who may see all of "
                            "them can read it");
    auto kept = kept_memo(tx, code);
    if (!kept) return kept.error();
    if (!*kept)
      return not_found("evaluation " + std::string(code) +
                       " was imported before memos were kept as sent: the store does not hold its memo");
    found = std::move(*kept);
    return {};
  });
  if (!st) return st.error();
  return std::move(*found);
}

Result<std::string> visible_unit(Transaction& tx, const User& actor, std::string_view name) {
  // A unit's exact code is found without the whole directory (a code is
  // what resolve tries first, and codes are unique); a name, an alias or a
  // head's title needs the directory.
  std::optional<std::string> code;
  auto exact = tx.find_unit(name);
  if (!exact) return exact.error();
  if (*exact) {
    code = (*exact)->code;
  } else {
    auto units = tx.list_units();
    if (!units) return units.error();
    const UnitDirectory directory(std::move(*units));
    if (auto match = directory.resolve(name)) code = match->unit->code;
  }
  // A unit user (or a visitor) asking for another unit hears what it would
  // hear for a unit that does not exist.
  const bool unit_only = is_anonymous(actor) || sees_through_actions(actor);
  if (!code || (unit_only && std::find(actor.units.begin(), actor.units.end(), *code) == actor.units.end()))
    return not_found("no unit '" + std::string(name) + "' in the unit directory");
  return *code;
}

namespace {

std::vector<EvidenceItem> evidence_of(const RecommendationRecord& record) {
  std::vector<EvidenceItem> out;
  for (const auto& r : record.follow_up.reports)
    for (const auto& e : r.evidence)
      out.push_back({e, "report " + std::to_string(r.id) + " (" + r.unit + ")", r.reported});
  for (const auto& c : record.follow_up.closings)
    for (const auto& e : c.evidence) out.push_back({e, "closing " + std::to_string(c.id), c.on});
  return out;
}

}  // namespace

Result<std::vector<EvidenceItem>> list_evidence(const Session& session, std::string_view ref) {
  auto record = find_recommendation(session, ref);
  if (!record) return record.error();
  return evidence_of(*record);
}

Result<EvidenceFileContent> get_evidence(const Session& session, std::string_view sha256) {
  std::optional<EvidenceFileContent> found;
  auto st = read_in(session, [&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    // Only the recommendations that carry the file, found by its hash.
    auto holders = tx.find_evidence_holders(sha256);
    if (!holders) return holders.error();
    for (const auto& [evaluation, number] : *holders) {
      auto held = tx.find_recommendation(evaluation, number);
      if (!held) return held.error();
      if (!*held || !can_see(*actor, **held)) continue;
      const RecommendationRecord& record = **held;
      for (const auto& item : evidence_of(record))
        if (item.evidence.sha256 == sha256) {
          auto bytes = tx.get_blob(sha256);
          if (!bytes) return bytes.error();
          if (*bytes) found = EvidenceFileContent{item.evidence, std::move(**bytes)};
          return {};
        }
    }
    return {};
  });
  if (!st) return st.error();
  if (!found) return not_found("no evidence " + std::string(sha256));
  return std::move(*found);
}

Result<std::vector<HistoryEntry>> recommendation_history(const Session& session, std::string_view ref) {
  auto record = find_recommendation(session, ref);
  if (!record) return record.error();
  std::vector<HistoryEntry> out;
  auto st = read_in(session, [&](Transaction& tx) -> Status {
    auto entries = tx.history(recommendation_entity(record->evaluation, record->rec.number));
    if (!entries) return entries.error();
    out = std::move(*entries);
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<HistoryEntry>> history_of(const Session& session, std::optional<std::string_view> entity) {
  std::vector<HistoryEntry> out;
  bool unit_only = false;
  auto st = read_in(session, [&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    if (auto may = require_role(*actor, {Role::evaluation, Role::executive, Role::viewer, Role::admin},
                                "read the history of anything but a recommendation of its units");
        !may) {
      // A unit user reads the history of a recommendation it may see only.
      if (!entity || !entity->starts_with("recommendation:")) return may;
      unit_only = true;
      return {};
    }
    auto entries = tx.history(entity);
    if (!entries) return entries.error();
    out = std::move(*entries);
    return {};
  });
  if (!st) return st.error();
  if (unit_only) {
    auto ref = parse_recommendation_ref(entity->substr(std::string_view("recommendation:").size()));
    if (!ref) return make_error(ErrorCode::not_found, "no " + std::string(*entity));
    return recommendation_history(session, ref->str());
  }
  return out;
}

}  // namespace followup::app
