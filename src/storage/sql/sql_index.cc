// The kept index of the SQL backends (SQLite migration 0004): one row per
// recommendation and responsible unit, and the status counters, rewritten
// with every step that touches a recommendation (docs/storage.md, "Kept for
// speed"). What the rows hold comes from core (status_shares) through
// storage/projection.h; this file only reads and writes them.
#include <algorithm>
#include <array>
#include <map>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/derived.h"
#include "core/reference.h"
#include "storage/projection.h"
#include "storage/rules.h"
#include "storage/sql/sql_transaction.h"

namespace followup::sql {

namespace {

std::optional<std::string> iso_or_null(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return d->iso();
}

// Adds `sign` times a share's counts to its group's change.
void add_share(SqlTransaction::StatusDeltas& deltas, std::string_view scope, std::string_view key,
               const StatusCounts& counts, bool pending, int sign) {
  const auto values = storage_detail::counter_values(counts, pending);
  auto& into = deltas[{std::string(scope), std::string(key)}];
  for (std::size_t i = 0; i < values.size(); ++i) into[i] += sign * values[i];
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
  // A step that added a progress report to the recommendation the
  // transaction just read (as the app reads it to check the step) changed
  // only its reports: those are read again, not the whole record.
  if (m_reports_only && m_last_found && m_touched == std::vector<long long>{m_last_found->id}) {
    std::vector<LoadedRecord> rows{std::move(*m_last_found)};
    m_last_found.reset();
    rows.front().record.follow_up.reports.clear();
    if (auto st =
            load_progress_reports(rows, {{rows.front().id, 0}}, PageIds(m_db.dialect(), {rows.front().id}));
        !st)
      return st;
    return refresh_index(rows.front());
  }
  const PageIds touched(m_db.dialect(), m_touched);
  auto rows = load_where("WHERE r.id IN " + touched.in(), [&](Statement& s) { touched.bind(s); });
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

Status SqlTransaction::add_to_counters(const StatusDeltas& deltas) {
  for (const auto& [group, values] : deltas) {
    // Only the groups whose counts change are written.
    if (std::all_of(values.begin(), values.end(), [](long long v) { return v == 0; })) continue;
    const auto& [scope, key] = group;
    // The existing row through its alias: PostgreSQL finds a bare column
    // ambiguous beside excluded's.
    auto stmt = m_db.prepare(
        "INSERT INTO status_counters AS c (scope, key, recommendations, open, responded_on_time, "
        "responded_within_extension, responded_late, in_progress, claimed, validated, implemented, closed, "
        "closed_without_response, entered_late, pending) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
        "?11, ?12, ?13, ?14, ?15) ON CONFLICT (scope, key) DO UPDATE SET "
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
    for (std::size_t i = 0; i < values.size(); ++i) stmt->bind(static_cast<int>(i) + 3, values[i]);
    const std::string what = "count the status of " + key;
    if (auto st = stmt->run(what); !st) return st;
    // A group no recommendation counts in any more leaves no row (as a
    // group the full report would not show): only a group that lost one
    // can have become empty.
    if (values[0] >= 0) continue;
    auto empty =
        m_db.prepare("DELETE FROM status_counters WHERE scope = ?1 AND key = ?2 AND recommendations = 0");
    if (!empty) return empty.error();
    if (auto st = empty->bind(1, scope).bind(2, key).run(what); !st) return st;
  }
  return {};
}

namespace {

// One row of the kept index as stored, but for its recommendation and unit.
struct IndexRow {
  long long position = 0;
  std::string evaluation;
  long long number = 0;
  std::string due;
  std::optional<std::string> issued, last_fact, unanswered_due, rec_unanswered_due;
  long long flags = 0;
  std::optional<std::string> pending_due;
  long long version = 0;
  std::optional<std::string> actions_due, rates;

  bool operator==(const IndexRow&) const = default;
};

// Its columns, in the order they are read, each with the member that holds
// it: one list for the row's read, its insert and its updates.
using IndexMember =
    std::variant<long long IndexRow::*, std::string IndexRow::*, std::optional<std::string> IndexRow::*>;
struct IndexColumn {
  std::string_view name;
  IndexMember member;
};
const std::array<IndexColumn, 13> k_index_columns{{
    {"position", &IndexRow::position},
    {"evaluation", &IndexRow::evaluation},
    {"number", &IndexRow::number},
    {"due", &IndexRow::due},
    {"issued", &IndexRow::issued},
    {"last_fact", &IndexRow::last_fact},
    {"unanswered_due", &IndexRow::unanswered_due},
    {"rec_unanswered_due", &IndexRow::rec_unanswered_due},
    {"flags", &IndexRow::flags},
    {"pending_due", &IndexRow::pending_due},
    {"version", &IndexRow::version},
    {"actions_due", &IndexRow::actions_due},
    {"rates", &IndexRow::rates},
}};

bool same_column(const IndexColumn& c, const IndexRow& a, const IndexRow& b) {
  return std::visit([&](auto member) { return a.*member == b.*member; }, c.member);
}

void bind_column(Statement& stmt, int index, const IndexColumn& c, const IndexRow& row) {
  std::visit([&](auto member) { stmt.bind(index, row.*member); }, c.member);
}

// Column `column` of `stmt`'s row into the member of `c`.
void read_column(const Statement& stmt, int column, const IndexColumn& c, IndexRow& row) {
  std::visit(
      [&](auto member) {
        using T = std::remove_reference_t<decltype(row.*member)>;
        if constexpr (std::is_same_v<T, long long>)
          row.*member = stmt.int64(column);
        else if constexpr (std::is_same_v<T, std::string>)
          row.*member = stmt.text(column);
        else
          row.*member = stmt.optional_text(column);
      },
      c.member);
}

// The columns' names, "a, b, c"; with `assign`, "a = ?3, b = ?4, c = ?5",
// the parameters numbered from `first`.
std::string column_list(const std::vector<const IndexColumn*>& columns, bool assign, int first) {
  std::string out;
  for (const IndexColumn* c : columns) {
    if (!out.empty()) out += ", ";
    out += c->name;
    if (assign) out += " = ?" + std::to_string(first++);
  }
  return out;
}

std::vector<const IndexColumn*> all_index_columns() {
  std::vector<const IndexColumn*> all;
  all.reserve(k_index_columns.size());
  for (const IndexColumn& c : k_index_columns) all.push_back(&c);
  return all;
}

}  // namespace

Status SqlTransaction::refresh_index(const LoadedRecord& loaded) {
  const RecommendationRecord& r = loaded.record;
  storage_detail::RatesShare old_rates;
  // The old rows' shares taken out of the status counters, the new ones' added.
  StatusDeltas status_deltas;
  // The rows as they are, by unit ('' the recommendation's own).
  std::map<std::string, IndexRow> old_rows;
  {
    static const std::string select = "SELECT unit, " + column_list(all_index_columns(), false, 0) +
                                      " FROM followup_index WHERE recommendation = ?1";
    auto old = m_db.prepare(select);
    if (!old) return old.error();
    old->bind(1, loaded.id);
    if (auto st = each_row(*old, "read the kept index",
                           [&]() -> Status {
                             IndexRow& row = old_rows[old->text(0)];
                             for (std::size_t i = 0; i < k_index_columns.size(); ++i)
                               read_column(*old, static_cast<int>(i) + 1, k_index_columns[i], row);
                             return {};
                           });
        !st)
      return st;
  }
  long long version = 0;
  for (const auto& [unit, row] : old_rows) {
    const bool own = unit.empty();
    if (own) {
      version = row.version;
      if (row.rates) {
        auto share = storage_detail::unpack_rates(*row.rates);
        if (!share)
          return make_error(ErrorCode::internal, "the kept index holds rates it cannot read for " +
                                                     r.evaluation + "#" + std::to_string(r.rec.number));
        old_rates = std::move(*share);
      }
    }
    if (row.flags == 0 && !row.pending_due) continue;
    add_share(status_deltas, own ? "evaluation" : "unit", own ? row.evaluation : unit,
              storage_detail::unpack_counts(row.flags), row.pending_due.has_value(), -1);
  }

  // The rows as they should be, their shares added to the counters.
  const StatusShares shares = status_shares(r);
  const storage_detail::RatesShare rates = storage_detail::rates_share(rates_shares(r), shares);
  std::map<std::string, IndexRow> new_rows;
  auto row_of = [&](const std::string& unit, long long position, const std::optional<Date>& unanswered,
                    const StatusShare* share, long long row_version) {
    const bool own = unit.empty();
    new_rows[unit] =
        IndexRow{position,
                 r.evaluation,
                 r.rec.number,
                 r.rec.due.iso(),
                 iso_or_null(r.issued),
                 own ? iso_or_null(shares.last_fact) : std::nullopt,
                 iso_or_null(unanswered),
                 iso_or_null(shares.unanswered_due),
                 share ? storage_detail::pack_counts(share->fixed) : 0,
                 share ? iso_or_null(share->pending_due) : std::nullopt,
                 row_version,
                 own ? iso_or_null(shares.actions_due) : std::nullopt,
                 own && !rates.empty() ? std::optional(storage_detail::pack_rates(rates)) : std::nullopt};
    if (share != nullptr)
      add_share(status_deltas, own ? "evaluation" : "unit", own ? r.evaluation : unit, share->fixed,
                share->pending_due.has_value(), +1);
  };
  row_of("", 0, shares.unanswered_due, shares.counted ? &shares.recommendation : nullptr, version + 1);
  for (std::size_t i = 0; i < r.rec.units.size(); ++i)
    row_of(r.rec.units[i], static_cast<long long>(i) + 1, shares.unit_unanswered_due[i],
           shares.counted ? &shares.units[i].second : nullptr, 0);

  // Only the rows that change are written, and of those only the columns
  // that change: an update touches only the table's indexes that hold one
  // of them (none, when only the version moves, as on most progress
  // reports), where a row written again would touch them all. Each set of
  // changed columns is one UPDATE text, prepared once per connection:
  // there are at most 2^13 of them, and a few in practice.
  for (const auto& [unit, row] : old_rows) {
    if (new_rows.contains(unit)) continue;
    auto stmt = m_db.prepare("DELETE FROM followup_index WHERE recommendation = ?1 AND unit = ?2");
    if (!stmt) return stmt.error();
    if (auto st = stmt->bind(1, loaded.id).bind(2, unit).run("clear the kept index"); !st) return st;
  }
  const std::string what = "keep the index of " + r.evaluation;
  for (const auto& [unit, row] : new_rows) {
    auto old = old_rows.find(unit);
    if (old == old_rows.end()) {
      static const std::string insert_sql = [] {
        std::string params;
        for (std::size_t i = 0; i < k_index_columns.size(); ++i) params += ", ?" + std::to_string(i + 3);
        return "INSERT INTO followup_index (recommendation, unit, " +
               column_list(all_index_columns(), false, 0) + ") VALUES (?1, ?2" + params + ")";
      }();
      auto insert = m_db.prepare(insert_sql);
      if (!insert) return insert.error();
      insert->bind(1, loaded.id).bind(2, unit);
      for (std::size_t i = 0; i < k_index_columns.size(); ++i)
        bind_column(*insert, static_cast<int>(i) + 3, k_index_columns[i], row);
      if (auto st = insert->run(what); !st) return st;
      continue;
    }
    std::vector<const IndexColumn*> changed;
    for (const IndexColumn& c : k_index_columns)
      if (!same_column(c, old->second, row)) changed.push_back(&c);
    if (changed.empty()) continue;
    auto update = m_db.prepare("UPDATE followup_index SET " + column_list(changed, true, 3) +
                               " WHERE recommendation = ?1 AND unit = ?2");
    if (!update) return update.error();
    update->bind(1, loaded.id).bind(2, unit);
    for (std::size_t i = 0; i < changed.size(); ++i)
      bind_column(*update, static_cast<int>(i) + 3, *changed[i], row);
    if (auto st = update->run(what); !st) return st;
  }
  if (m_keep_last_fact) {
    const auto old_own = old_rows.find("");
    if (auto st = keep_store_last_fact(old_own == old_rows.end() ? std::nullopt : old_own->second.last_fact,
                                       new_rows.at("").last_fact);
        !st)
      return st;
  }
  if (auto st = add_to_counters(status_deltas); !st) return st;
  if (auto st = add_to_rates(old_rates, rates); !st) return st;
  return write_owed_actions(loaded);
}

Status SqlTransaction::keep_store_last_fact(const std::optional<std::string>& before,
                                            const std::optional<std::string>& after) {
  if (before == after) return {};
  const std::string what = "keep the store's last fact";
  // Later: the row moves if the store's last fact is earlier still (most
  // steps of a day leave it as it is, and write nothing).
  if (after && (!before || *after > *before)) {
    auto stmt = m_db.prepare(
        "UPDATE store_last_fact SET last_fact = ?1 WHERE id = 1 AND (last_fact IS NULL OR last_fact < ?1)");
    if (!stmt) return stmt.error();
    return stmt->bind(1, *after).run(what);
  }
  // Earlier, or none: no step does this (facts are only added, and their
  // latest date can only grow), but a rebuild of the index may find it;
  // the largest of the own rows is then read again, from the whole table.
  auto stmt = m_db.prepare(
      "UPDATE store_last_fact SET last_fact = (SELECT max(last_fact) FROM followup_index) WHERE id = 1");
  if (!stmt) return stmt.error();
  return stmt->run(what);
}

Status SqlTransaction::write_owed_actions(const LoadedRecord& loaded) {
  const RecommendationRecord& r = loaded.record;
  // Its key actions owed, as of its latest fact (a recommendation without
  // a fact is a draft: it owes none).
  const std::optional<Date> last = followup::last_fact_date(r);
  const std::vector<OwedAction> owed = last ? owed_actions(r, *last) : std::vector<OwedAction>{};
  // Unchanged (as after most steps), they are not written again.
  using Row = std::tuple<long long, std::string, long long, long long, std::string, std::string, std::string,
                         std::string>;  // action, evaluation, number, position, unit, responding unit, dues
  std::vector<Row> rows;
  rows.reserve(owed.size());
  for (const auto& [position, f] : owed)
    rows.emplace_back(f.action.id, r.evaluation, r.rec.number, position, f.action.unit, f.responding_unit,
                      f.due.iso(), f.action.due.iso());
  std::sort(rows.begin(), rows.end());
  {
    auto kept = m_db.prepare(
        "SELECT action, evaluation, number, position, unit, responding_unit, due, original_due FROM "
        "owed_actions WHERE recommendation = ?1 ORDER BY action");
    if (!kept) return kept.error();
    kept->bind(1, loaded.id);
    std::vector<Row> old;
    while (true) {
      auto row = kept->step("read the owed actions");
      if (!row) return row.error();
      if (!*row) break;
      old.emplace_back(kept->int64(0), kept->text(1), kept->int64(2), kept->int64(3), kept->text(4),
                       kept->text(5), kept->text(6), kept->text(7));
    }
    if (old == rows) return {};
  }
  auto clear = m_db.prepare("DELETE FROM owed_actions WHERE recommendation = ?1");
  if (!clear) return clear.error();
  if (auto st = clear->bind(1, loaded.id).run("clear the owed actions"); !st) return st;
  for (const auto& [position, f] : owed) {
    auto insert = m_db.prepare(
        "INSERT INTO owed_actions (action, recommendation, evaluation, number, position, unit, "
        "responding_unit, due, original_due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!insert) return insert.error();
    insert->bind(1, f.action.id)
        .bind(2, loaded.id)
        .bind(3, r.evaluation)
        .bind(4, r.rec.number)
        .bind(5, position)
        .bind(6, f.action.unit)
        .bind(7, f.responding_unit)
        .bind(8, f.due.iso())
        .bind(9, f.action.due.iso());
    if (auto st = insert->run("keep the owed actions of " + r.evaluation); !st) return st;
  }
  return {};
}

Status SqlTransaction::add_to_rates(const storage_detail::RatesShare& old_share,
                                    const storage_detail::RatesShare& new_share) {
  // Only the rows whose values change are written: a step mostly changes
  // one or two of a recommendation's rows, and often none.
  std::map<storage_detail::RatesKey, storage_detail::RatesValues> delta;
  for (const auto& [key, values] : new_share) delta[key] = values;
  for (const auto& [key, values] : old_share) {
    auto& d = delta[key];
    for (std::size_t i = 0; i < values.size(); ++i) d[i] -= values[i];
  }
  for (const auto& [key, values] : delta) {
    if (std::all_of(values.begin(), values.end(), [](long long v) { return v == 0; })) continue;
    auto stmt = m_db.prepare(
        "INSERT INTO rates_counters AS c (scope, key, recommendations, acceptance_n, acceptance_d, "
        "acceptance_by_recommendation_n, acceptance_by_recommendation_d, implementation_n, implementation_d, "
        "on_time_n, on_time_d, within_extension_n, within_extension_d, action_completion_n, "
        "action_completion_d, pending) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
        "?15, ?16) ON CONFLICT (scope, key) DO UPDATE SET "
        "recommendations = c.recommendations + excluded.recommendations, "
        "acceptance_n = c.acceptance_n + excluded.acceptance_n, "
        "acceptance_d = c.acceptance_d + excluded.acceptance_d, "
        "acceptance_by_recommendation_n = c.acceptance_by_recommendation_n + "
        "excluded.acceptance_by_recommendation_n, "
        "acceptance_by_recommendation_d = c.acceptance_by_recommendation_d + "
        "excluded.acceptance_by_recommendation_d, "
        "implementation_n = c.implementation_n + excluded.implementation_n, "
        "implementation_d = c.implementation_d + excluded.implementation_d, "
        "on_time_n = c.on_time_n + excluded.on_time_n, on_time_d = c.on_time_d + excluded.on_time_d, "
        "within_extension_n = c.within_extension_n + excluded.within_extension_n, "
        "within_extension_d = c.within_extension_d + excluded.within_extension_d, "
        "action_completion_n = c.action_completion_n + excluded.action_completion_n, "
        "action_completion_d = c.action_completion_d + excluded.action_completion_d, "
        "pending = c.pending + excluded.pending");
    if (!stmt) return stmt.error();
    stmt->bind(1, key.first).bind(2, key.second);
    for (std::size_t i = 0; i < values.size(); ++i) stmt->bind(static_cast<int>(i) + 3, values[i]);
    const std::string what = "count the rates of " + key.second;
    if (auto st = stmt->run(what); !st) return st;
    // As for the status counters: no recommendation, no row.
    if (values[0] >= 0) continue;
    auto empty =
        m_db.prepare("DELETE FROM rates_counters WHERE scope = ?1 AND key = ?2 AND recommendations = 0");
    if (!empty) return empty.error();
    if (auto st = empty->bind(1, key.first).bind(2, key.second).run(what); !st) return st;
  }
  return {};
}

Result<std::optional<Date>> SqlTransaction::last_fact_date() {
  if (auto st = check_open(); !st) return st.error();
  auto stmt = m_db.prepare("SELECT last_fact FROM store_last_fact WHERE id = 1");
  if (!stmt) return stmt.error();
  auto row = stmt->step("read the latest fact's date");
  if (!row) return row.error();
  auto text = *row ? stmt->optional_text(0) : std::nullopt;
  if (!text) return std::optional<Date>{};
  auto date = Date::parse_iso(*text);
  if (!date) return make_error(ErrorCode::internal, "the kept index holds '" + *text + "' as a date");
  return std::optional<Date>(*date);
}

namespace {

// A group's kept figures and the number of its pending rows.
template <typename Figures>
struct Kept {
  Figures figures;
  long long pending = 0;
};
template <typename Figures>
using KeptGroups = std::map<std::string, Kept<Figures>>;
using Awaiting = std::unordered_map<std::string, long long>;

// Every row of a counters table: `sql` selects scope, key, then the N
// values, the last of which is the number of pending rows; `figures` makes
// a group's figures of the values. Groups of scope `first` go to `a`, the
// others to `b`.
template <typename Figures, std::size_t N, typename Make>
Status read_counters(Connection& db, const std::string& sql, std::string_view first, KeptGroups<Figures>& a,
                     KeptGroups<Figures>& b, Make&& figures) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.error();
  return each_row(*stmt, "read the kept counters", [&]() -> Status {
    std::array<long long, N> values{};
    for (std::size_t i = 0; i < N; ++i) values[i] = stmt->int64(static_cast<int>(i) + 2);
    (stmt->text(0) == first ? a : b)[stmt->text(1)] = Kept<Figures>{figures(values), values.back()};
    return {};
  });
}

// The groups as rows, in key order, once `add(figures, awaiting, overdue)`
// has added what turns on the date: of a group's pending rows, those not
// yet due (counted in `awaiting`) and the rest, overdue.
template <typename Row, typename Figures, typename Add>
std::vector<Row> finish_groups(KeptGroups<Figures>& groups, const Awaiting& awaiting, Add&& add) {
  std::vector<Row> out;
  out.reserve(groups.size());
  for (auto& [key, group] : groups) {
    const auto found = awaiting.find(key);
    const long long waiting = found == awaiting.end() ? 0 : found->second;
    add(group.figures, waiting, group.pending - waiting);
    out.push_back(Row{key, group.figures});
  }
  return out;
}

}  // namespace

// Pending rows are awaiting a response up to their date and overdue after
// it; only those not yet due are read (the index holds them in date order,
// with all a count needs: no row of the table is read), the rest are
// overdue. Counted here rather than by GROUP BY, whose sort of a hundred
// thousand rows cost more than the scan of the index itself.
Status SqlTransaction::each_pending_not_due(Date as_of, const std::function<void(Statement&)>& count) {
  auto stmt = m_db.prepare("SELECT unit, evaluation, substr(issued, 1, 4) FROM followup_index " +
                           m_db.dialect().index_hint("followup_index_pending") + " WHERE pending_due >= ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, as_of.iso());
  return each_row(*stmt, "count the responses not yet due", [&]() -> Status {
    count(*stmt);
    return {};
  });
}

Status SqlTransaction::require_kept(Date as_of) {
  auto last = last_fact_date();
  if (!last) return last.error();
  if (*last && as_of < **last) return store_rules::counts_not_kept(**last, as_of);
  return {};
}

Result<StatusTotals> SqlTransaction::status_totals(Date as_of) {
  if (auto st = require_kept(as_of); !st) return st.error();
  KeptGroups<StatusCounts> by_evaluation;
  KeptGroups<StatusCounts> by_unit;
  if (auto st = read_counters<StatusCounts, storage_detail::k_counter_count>(
          m_db,
          "SELECT scope, key, recommendations, open, responded_on_time, responded_within_extension, "
          "responded_late, in_progress, claimed, validated, implemented, closed, closed_without_response, "
          "entered_late, pending FROM status_counters",
          "evaluation", by_evaluation, by_unit, storage_detail::counts_from_counters);
      !st)
    return st.error();
  Awaiting awaiting_evaluation;
  Awaiting awaiting_unit;
  auto scanned = each_pending_not_due(as_of, [&](Statement& row) {
    std::string unit = row.text(0);
    if (unit.empty())
      ++awaiting_evaluation[row.text(1)];
    else
      ++awaiting_unit[std::move(unit)];
  });
  if (!scanned) return scanned.error();
  auto add = [](StatusCounts& counts, long long awaiting, long long overdue) {
    counts.awaiting_response = static_cast<int>(awaiting);
    counts.overdue = static_cast<int>(overdue);
  };
  StatusTotals out;
  out.by_evaluation = finish_groups<StatusGroup>(by_evaluation, awaiting_evaluation, add);
  out.by_unit = finish_groups<StatusGroup>(by_unit, awaiting_unit, add);
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

Result<RatesTotals> SqlTransaction::rates_totals(Date as_of) {
  if (auto st = require_kept(as_of); !st) return st.error();
  KeptGroups<Rates> by_year;
  KeptGroups<Rates> by_unit;
  if (auto st = read_counters<Rates, storage_detail::k_rates_count>(
          m_db,
          "SELECT scope, key, recommendations, acceptance_n, acceptance_d, acceptance_by_recommendation_n, "
          "acceptance_by_recommendation_d, implementation_n, implementation_d, on_time_n, on_time_d, "
          "within_extension_n, within_extension_d, action_completion_n, action_completion_d, pending "
          "FROM rates_counters",
          "year", by_year, by_unit, storage_detail::rates_from_values);
      !st)
    return st.error();
  // A unit's pending response counts in the on-time denominators once overdue.
  Awaiting awaiting_year;
  Awaiting awaiting_unit;
  auto scanned = each_pending_not_due(as_of, [&](Statement& row) {
    std::string unit = row.text(0);
    if (unit.empty()) return;
    ++awaiting_unit[std::move(unit)];
    ++awaiting_year[row.text(2)];
  });
  if (!scanned) return scanned.error();
  auto add = [](Rates& rates, long long /*awaiting*/, long long overdue) {
    add_overdue_responses(rates, static_cast<int>(overdue));
  };
  RatesTotals out;
  out.by_year = finish_groups<RatesRow>(by_year, awaiting_year, add);
  out.by_unit = finish_groups<RatesRow>(by_unit, awaiting_unit, add);
  for (const auto& row : out.by_year) add_rates(out.total, row.rates);
  return out;
}

namespace {

// "YYYY-MM-DD" as a Date, or an internal error naming what holds it.
Result<Date> kept_date(const std::string& text, std::string_view what) {
  auto date = Date::parse_iso(text);
  if (!date)
    return make_error(ErrorCode::internal, "the kept index holds '" + text + "' as " + std::string(what));
  return *date;
}

// Hands each row of `stmt` (a due date, a unit, a count) to `add` as its
// unit, ageing bucket (indexed like all_ageing_buckets()) and count.
Status each_ageing(Statement& stmt, Date as_of,
                   const std::function<void(std::string&&, std::size_t, int)>& add) {
  const auto& buckets = all_ageing_buckets();
  return each_row(stmt, "count what is overdue", [&]() -> Status {
    auto due = kept_date(stmt.text(0), "a due date");
    if (!due) return due.error();
    const auto bucket = ageing_bucket(days_overdue(*due, as_of));
    if (!bucket) return make_error(ErrorCode::internal, "an item counted as overdue is not");
    const auto at = std::find(buckets.begin(), buckets.end(), *bucket) - buckets.begin();
    add(stmt.text(1), static_cast<std::size_t>(at), static_cast<int>(stmt.int64(2)));
    return {};
  });
}

}  // namespace

Result<OverdueAgeing> SqlTransaction::overdue_ageing(Date as_of) {
  if (auto st = require_kept(as_of); !st) return st.error();
  OverdueAgeing out;
  std::map<std::string, UnitOverdue> by_unit;
  using Add = std::function<void(std::string&&, std::size_t, int)>;
  const Add response = [&](std::string&& unit, std::size_t at, int count) {
    out.responses[at] += count;
    by_unit[std::move(unit)].responses[at] += count;
  };
  const Add action = [&](std::string&& unit, std::size_t at, int count) {
    out.actions[at] += count;
    by_unit[std::move(unit)].actions += count;
  };
  // Every overdue item by its due date and unit, in date order through the
  // indexes alone, which hold the unit: the responses' from
  // followup_index_pending, the actions' from owed_actions_due_unit.
  for (auto [sql, add] : {std::pair{"SELECT pending_due, unit, count(*) FROM followup_index " +
                                        m_db.dialect().index_hint("followup_index_pending") +
                                        " WHERE pending_due < ?1 AND unit <> '' GROUP BY pending_due, unit",
                                    &response},
                          std::pair{"SELECT due, unit, count(*) FROM owed_actions " +
                                        m_db.dialect().index_hint("owed_actions_due_unit") +
                                        " WHERE due < ?1 GROUP BY due, unit",
                                    &action}}) {
    auto stmt = m_db.prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, as_of.iso());
    if (auto st = each_ageing(*stmt, as_of, *add); !st) return st.error();
  }
  out.by_unit = unit_overdue_rows(std::move(by_unit));
  return out;
}

namespace {

// Steps `stmt`, making an item of each row (`make` answers a Result) and
// handing it to `each`, until `each` answers false or no row is left.
template <typename Item, typename Make>
Status hand_over_rows(Statement& stmt, std::string_view what, Make&& make,
                      const std::function<Result<bool>(Item&&)>& each) {
  while (true) {
    auto more = stmt.step(what);
    if (!more) return more.error();
    if (!*more) return {};
    Result<Item> item = make();
    if (!item) return item.error();
    auto go_on = each(std::move(*item));
    if (!go_on) return go_on.error();
    if (!*go_on) return {};
  }
}

// An overdue item's due dates from its row (in force at `due`, as first
// set at `original`), with the days overdue and ageing they make.
template <typename Item>
Status set_overdue_dates(Item& item, const Statement& stmt, int due, int original, Date as_of) {
  auto in_force = kept_date(stmt.text(due), "a due date");
  if (!in_force) return in_force.error();
  auto first = kept_date(stmt.text(original), "a due date");
  if (!first) return first.error();
  item.due = *in_force;
  item.original_due = *first;
  item.days_overdue = days_overdue(*in_force, as_of);
  item.ageing = *ageing_bucket(item.days_overdue);
  return {};
}

}  // namespace

Status SqlTransaction::each_overdue_response(Date as_of,
                                             const std::function<Result<bool>(OverdueResponse&&)>& each) {
  if (auto st = require_kept(as_of); !st) return st;
  auto stmt = m_db.prepare("SELECT evaluation, number, unit, pending_due, due FROM followup_index " +
                           m_db.dialect().index_hint("followup_index_overdue") +
                           " WHERE pending_due < ?1 AND unit <> '' ORDER BY pending_due, evaluation, number, "
                           "position");
  if (!stmt) return stmt.error();
  stmt->bind(1, as_of.iso());
  return hand_over_rows<OverdueResponse>(
      *stmt, "read the overdue responses",
      [&]() -> Result<OverdueResponse> {
        OverdueResponse x;
        x.evaluation = stmt->text(0);
        x.number = static_cast<int>(stmt->int64(1));
        x.ref = recommendation_ref(x.evaluation, x.number);
        x.unit = stmt->text(2);
        if (auto st = set_overdue_dates(x, *stmt, 3, 4, as_of); !st) return st.error();
        return x;
      },
      each);
}

Status SqlTransaction::each_overdue_action(Date as_of,
                                           const std::function<Result<bool>(OverdueAction&&)>& each) {
  if (auto st = require_kept(as_of); !st) return st;
  auto stmt = m_db.prepare(
      "SELECT o.action, o.evaluation, o.number, o.unit, o.responding_unit, o.due, o.original_due, "
      "a.description FROM owed_actions o " +
      m_db.dialect().index_hint("owed_actions_order") +
      " JOIN key_actions a ON a.id = o.action WHERE o.due < ?1 ORDER BY o.due, o.evaluation, o.number, "
      "o.position");
  if (!stmt) return stmt.error();
  stmt->bind(1, as_of.iso());
  return hand_over_rows<OverdueAction>(
      *stmt, "read the overdue actions",
      [&]() -> Result<OverdueAction> {
        OverdueAction x;
        x.id = stmt->int64(0);
        x.ref = recommendation_ref(stmt->text(1), static_cast<int>(stmt->int64(2)));
        x.unit = stmt->text(3);
        x.responding_unit = stmt->text(4);
        x.description = stmt->text(7);
        if (auto st = set_overdue_dates(x, *stmt, 5, 6, as_of); !st) return st.error();
        return x;
      },
      each);
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
