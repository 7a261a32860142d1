// The kept index of the SQL backends (SQLite migration 0004): one row per
// recommendation and responsible unit, and the status counters, rewritten
// with every step that touches a recommendation (docs/storage.md, "Kept for
// speed"). What the rows hold comes from core (status_shares) through
// storage/projection.h; this file only reads and writes them.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "storage/projection.h"
#include "storage/rules.h"
#include "storage/sql/sql_transaction.h"

namespace followup::sql {

namespace {

std::optional<std::string> iso_or_null(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return d->iso();
}

}  // namespace

Status SqlTransaction::touch_where(const char* sql, const Binder& bind) {
  auto stmt = m_db.prepare(sql);
  if (!stmt) return stmt.error();
  bind(*stmt);
  while (true) {
    auto row = stmt->step("find the recommendations a step changes");
    if (!row) return row.error();
    if (!*row) return {};
    m_touched.push_back(stmt->int64(0));
  }
}

Status SqlTransaction::refresh_touched() {
  if (m_touched.empty()) return {};
  std::sort(m_touched.begin(), m_touched.end());
  m_touched.erase(std::unique(m_touched.begin(), m_touched.end()), m_touched.end());
  auto rows = load_where("WHERE r.id IN (" + m_db.dialect().ids_in_json(1) + ")", [&](Statement& s) {
    std::string ids = "[";
    for (std::size_t i = 0; i < m_touched.size(); ++i) ids += (i ? "," : "") + std::to_string(m_touched[i]);
    s.bind(1, ids + "]");
  });
  if (!rows) return rows.error();
  for (const auto& row : *rows)
    if (auto st = refresh_index(row); !st) return st;
  return {};
}

Status SqlTransaction::rebuild_followup_index() {
  // A page at a time, so that memory stays bounded on a large store.
  long long after = 0;
  while (true) {
    auto rows =
        load_where("WHERE r.id > ?1 ORDER BY r.id LIMIT 1000", [&](Statement& s) { s.bind(1, after); });
    if (!rows) return rows.error();
    if (rows->empty()) return {};
    for (const auto& row : *rows)
      if (auto st = refresh_index(row); !st) return st;
    after = rows->back().id;
  }
}

Status SqlTransaction::add_to_counters(std::string_view scope, std::string_view key,
                                       const StatusCounts& counts, bool pending, int sign) {
  const auto values = storage_detail::counter_values(counts, pending);
  // The existing row through its alias: PostgreSQL finds a bare column
  // ambiguous beside excluded's.
  auto stmt = m_db.prepare(
      "INSERT INTO status_counters AS c (scope, key, recommendations, open, responded_on_time, "
      "responded_within_extension, responded_late, in_progress, claimed, validated, implemented, closed, "
      "closed_without_response, entered_late, pending) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
      "?12, ?13, ?14, ?15) ON CONFLICT (scope, key) DO UPDATE SET "
      "recommendations = c.recommendations + excluded.recommendations, open = c.open + excluded.open, "
      "responded_on_time = c.responded_on_time + excluded.responded_on_time, "
      "responded_within_extension = c.responded_within_extension + excluded.responded_within_extension, "
      "responded_late = c.responded_late + excluded.responded_late, "
      "in_progress = c.in_progress + excluded.in_progress, claimed = c.claimed + excluded.claimed, "
      "validated = c.validated + excluded.validated, implemented = c.implemented + excluded.implemented, "
      "closed = c.closed + excluded.closed, "
      "closed_without_response = c.closed_without_response + excluded.closed_without_response, "
      "entered_late = c.entered_late + excluded.entered_late, pending = c.pending + excluded.pending");
  if (!stmt) return stmt.error();
  stmt->bind(1, scope).bind(2, key);
  for (std::size_t i = 0; i < values.size(); ++i) stmt->bind(static_cast<int>(i) + 3, sign * values[i]);
  if (auto st = stmt->run("count the status of " + std::string(key)); !st) return st;
  // A group no recommendation counts in any more leaves no row (as a
  // group the full report would not show).
  auto empty =
      m_db.prepare("DELETE FROM status_counters WHERE scope = ?1 AND key = ?2 AND recommendations = 0");
  if (!empty) return empty.error();
  return empty->bind(1, scope).bind(2, key).run("count the status of " + std::string(key));
}

Status SqlTransaction::refresh_index(const LoadedRecord& loaded) {
  const RecommendationRecord& r = loaded.record;
  long long version = 0;
  {
    // Take the old rows' shares out of the counters.
    auto old = m_db.prepare(
        "SELECT unit, evaluation, flags, CASE WHEN pending_due IS NULL THEN 0 ELSE 1 END, version FROM "
        "followup_index "
        "WHERE recommendation = ?1");
    if (!old) return old.error();
    old->bind(1, loaded.id);
    std::vector<std::tuple<std::string, std::string, long long, bool>> shares;
    while (true) {
      auto row = old->step("read the kept index");
      if (!row) return row.error();
      if (!*row) break;
      if (old->text(0).empty()) version = old->int64(4);
      shares.emplace_back(old->text(0), old->text(1), old->int64(2), old->int64(3) != 0);
    }
    for (const auto& [unit, evaluation, flags, pending] : shares) {
      if (flags == 0 && !pending) continue;
      const bool own = unit.empty();
      if (auto st = add_to_counters(own ? "evaluation" : "unit", own ? evaluation : unit,
                                    storage_detail::unpack_counts(flags), pending, -1);
          !st)
        return st;
    }
    auto clear = m_db.prepare("DELETE FROM followup_index WHERE recommendation = ?1");
    if (!clear) return clear.error();
    if (auto st = clear->bind(1, loaded.id).run("clear the kept index"); !st) return st;
  }
  const StatusShares shares = status_shares(r);
  auto put = [&](const std::string& unit, long long position, const std::optional<Date>& unanswered,
                 const StatusShare* share, long long row_version) -> Status {
    auto insert = m_db.prepare(
        "INSERT INTO followup_index (recommendation, unit, position, evaluation, number, due, issued, "
        "last_fact, unanswered_due, rec_unanswered_due, flags, pending_due, version, actions_due) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    if (!insert) return insert.error();
    insert->bind(1, loaded.id)
        .bind(2, unit)
        .bind(3, position)
        .bind(4, r.evaluation)
        .bind(5, r.rec.number)
        .bind(6, r.rec.due.iso())
        .bind(7, iso_or_null(r.issued))
        .bind(8, iso_or_null(shares.last_fact))
        .bind(9, iso_or_null(unanswered))
        .bind(10, iso_or_null(shares.unanswered_due))
        .bind(11, static_cast<long long>(share ? storage_detail::pack_counts(share->fixed) : 0))
        .bind(12, share ? iso_or_null(share->pending_due) : std::nullopt)
        .bind(13, row_version)
        .bind(14, unit.empty() ? iso_or_null(shares.actions_due) : std::nullopt);
    if (auto st = insert->run("keep the index of " + r.evaluation); !st) return st;
    if (share == nullptr) return {};
    const bool own = unit.empty();
    return add_to_counters(own ? "evaluation" : "unit", own ? r.evaluation : unit, share->fixed,
                           share->pending_due.has_value(), +1);
  };
  if (auto st =
          put("", 0, shares.unanswered_due, shares.counted ? &shares.recommendation : nullptr, version + 1);
      !st)
    return st;
  for (std::size_t i = 0; i < r.rec.units.size(); ++i)
    if (auto st = put(r.rec.units[i], static_cast<long long>(i) + 1, shares.unit_unanswered_due[i],
                      shares.counted ? &shares.units[i].second : nullptr, 0);
        !st)
      return st;
  return {};
}

Result<std::optional<Date>> SqlTransaction::last_fact_date() {
  if (auto st = check_open(); !st) return st.error();
  auto stmt = m_db.prepare("SELECT max(last_fact) FROM followup_index");
  if (!stmt) return stmt.error();
  auto row = stmt->step("read the latest fact's date");
  if (!row) return row.error();
  auto text = stmt->optional_text(0);
  if (!text) return std::optional<Date>{};
  auto date = Date::parse_iso(*text);
  if (!date) return make_error(ErrorCode::internal, "the kept index holds '" + *text + "' as a date");
  return std::optional<Date>(*date);
}

Result<StatusTotals> SqlTransaction::status_totals(Date as_of) {
  auto last = last_fact_date();
  if (!last) return last.error();
  if (*last && as_of < **last) return store_rules::counts_not_kept(**last, as_of);
  struct Group {
    StatusCounts counts;
    long long pending = 0;
  };
  std::map<std::string, Group> by_evaluation;
  std::map<std::string, Group> by_unit;
  {
    auto stmt = m_db.prepare(
        "SELECT scope, key, recommendations, open, responded_on_time, responded_within_extension, "
        "responded_late, in_progress, claimed, validated, implemented, closed, closed_without_response, "
        "entered_late, pending FROM status_counters");
    if (!stmt) return stmt.error();
    while (true) {
      auto row = stmt->step("read the status counters");
      if (!row) return row.error();
      if (!*row) break;
      std::array<long long, storage_detail::k_counter_count> values{};
      for (std::size_t i = 0; i < values.size(); ++i) values[i] = stmt->int64(static_cast<int>(i) + 2);
      auto& group = (stmt->text(0) == "evaluation" ? by_evaluation : by_unit)[stmt->text(1)];
      group.counts = storage_detail::counts_from_counters(values);
      group.pending = values.back();
    }
  }
  // Pending rows are awaiting a response up to their date and overdue
  // after it; only those not yet due are read (the index holds them in
  // date order), the rest are overdue.
  // Counted here rather than by GROUP BY, whose sort of a hundred thousand
  // rows cost more than the scan of the (covering) index itself.
  std::unordered_map<std::string, long long> awaiting_evaluation;
  std::unordered_map<std::string, long long> awaiting_unit;
  {
    auto stmt =
        m_db.prepare("SELECT unit, evaluation FROM followup_index " +
                     m_db.dialect().index_hint("followup_index_pending") + " WHERE pending_due >= ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, as_of.iso());
    while (true) {
      auto row = stmt->step("count the responses not yet due");
      if (!row) return row.error();
      if (!*row) break;
      std::string unit = stmt->text(0);
      if (unit.empty())
        ++awaiting_evaluation[stmt->text(1)];
      else
        ++awaiting_unit[std::move(unit)];
    }
  }
  StatusTotals out;
  auto finish = [](std::map<std::string, Group>& groups, std::unordered_map<std::string, long long>& awaiting,
                   std::vector<StatusGroup>& into) {
    for (auto& [key, group] : groups) {
      const auto found = awaiting.find(key);
      const long long waiting = found == awaiting.end() ? 0 : found->second;
      group.counts.awaiting_response = static_cast<int>(waiting);
      group.counts.overdue = static_cast<int>(group.pending - waiting);
      into.push_back(StatusGroup{key, group.counts});
    }
  };
  finish(by_evaluation, awaiting_evaluation, out.by_evaluation);
  finish(by_unit, awaiting_unit, out.by_unit);
  for (const auto& g : out.by_evaluation) {
    StatusCounts& t = out.total;
    const StatusCounts& c = g.counts;
    t.recommendations += c.recommendations;
    t.open += c.open;
    t.awaiting_response += c.awaiting_response;
    t.responded_on_time += c.responded_on_time;
    t.responded_within_extension += c.responded_within_extension;
    t.responded_late += c.responded_late;
    t.overdue += c.overdue;
    t.in_progress += c.in_progress;
    t.claimed += c.claimed;
    t.validated += c.validated;
    t.implemented += c.implemented;
    t.closed += c.closed;
    t.closed_without_response += c.closed_without_response;
    t.entered_late += c.entered_late;
  }
  return out;
}

Result<long long> SqlTransaction::recommendation_version(std::string_view evaluation, int number) {
  if (auto st = check_open(); !st) return st.error();
  auto stmt = m_db.prepare(
      "SELECT x.version FROM followup_index x JOIN recommendations r ON r.id = x.recommendation "
      "WHERE r.evaluation = ?1 AND r.number = ?2 AND x.unit = ''");
  if (!stmt) return stmt.error();
  stmt->bind(1, evaluation).bind(2, number);
  auto row = stmt->step("read a recommendation's version");
  if (!row) return row.error();
  return *row ? stmt->int64(0) : 0LL;
}

}  // namespace followup::sql
