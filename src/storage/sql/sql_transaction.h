// The Transaction of every SQL backend: the domain operations as SQL over
// one open transaction of a sql::Connection, written once; where backends'
// SQL differs it asks the connection's Dialect. Internal to the storage
// module; a backend's Store begins and ends the transaction around it.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/projection.h"
#include "storage/rules.h"
#include "storage/sql/connection.h"
#include "storage/store.h"

namespace followup::sql {

// A page of recommendations as the queries over it take it: `in`, the SQL
// after "recommendation IN", and bind, which binds ?1. One id is bound as
// itself ("IN (?1)" is an equality); more as one JSON array read by the
// dialect's ids_in_json, whose table SQLite builds for each statement.
class PageIds {
 public:
  PageIds(const Dialect& dialect, const std::vector<long long>& ids);
  [[nodiscard]] const std::string& in() const { return m_in; }
  void bind(Statement& statement) const;

 private:
  std::optional<long long> m_single;
  std::string m_json;
  std::string m_in;
};

class SqlTransaction final : public Transaction {
 public:
  // `writable` false for Store::read: every write is refused.
  // `key` signs history entries; nullptr refuses appends. `keep_index`
  // false leaves the kept index as it is (OpenOptions::keep_index).
  SqlTransaction(Connection& db, bool writable, const HistoryKey* key, bool keep_index = true)
      : m_db(db), m_writable(writable), m_key(key), m_keep_index(keep_index) {}

  Result<std::vector<Unit>> list_units() override;
  Result<std::optional<Unit>> find_unit(std::string_view code) override;
  Status add_unit(const Unit& unit) override;
  Status update_unit(const Unit& unit) override;

  Result<std::vector<User>> list_users() override;
  Result<std::optional<User>> find_user(std::string_view name) override;
  Status add_user(const User& user) override;
  Status update_user(const User& user) override;

  Result<std::optional<Evaluation>> find_evaluation(std::string_view code) override;
  Result<std::optional<std::string>> find_evaluation_by_content_hash(std::string_view hash) override;
  Result<std::vector<std::string>> list_evaluation_codes() override;
  Status insert_evaluation(const Evaluation& evaluation, std::string_view content_hash) override;
  Status set_evaluation_issued(std::string_view code, Date issued) override;
  Status set_evaluation_disclosed(std::string_view code, bool disclosed) override;
  Status set_evaluation_content_hash(std::string_view code, std::string_view content_hash) override;
  Status update_recommendation(std::string_view evaluation, const Recommendation& rec) override;
  Status set_memo_original(std::string_view evaluation, const Evidence& original) override;
  Result<std::optional<Evidence>> find_memo_original(std::string_view evaluation) override;

  Result<std::vector<RecommendationRecord>> list_recommendations(const RecommendationFilter& filter) override;
  Result<std::optional<RecommendationRecord>> find_recommendation(std::string_view evaluation,
                                                                  int number) override;

  Result<std::vector<RecommendationRecord>> page_recommendations(const RecommendationPage& page) override;
  Result<std::vector<ListedRecord>> page_listed(const RecommendationPage& page) override;
  Result<std::optional<Date>> last_fact_date() override;
  Result<StatusTotals> status_totals(Date as_of) override;
  Result<RatesTotals> rates_totals(Date as_of) override;
  Result<OverdueAgeing> overdue_ageing(Date as_of) override;
  Status each_overdue_response(Date as_of,
                               const std::function<Result<bool>(OverdueResponse&&)>& each) override;
  Status each_overdue_action(Date as_of, const std::function<Result<bool>(OverdueAction&&)>& each) override;
  Result<long long> recommendation_version(std::string_view evaluation, int number) override;

  Status put_response(std::string_view evaluation, int number, const ManagementResponse& response) override;
  Result<long long> add_action(std::string_view evaluation, int number, const KeyAction& action) override;
  Result<long long> add_action_to_response(std::string_view evaluation, int number,
                                           std::string_view response_unit, const KeyAction& action) override;
  Result<long long> add_action_event(long long action_id, const ActionEvent& event) override;
  Result<long long> add_report(std::string_view evaluation, int number,
                               const ProgressReport& report) override;
  Status add_validation(std::string_view evaluation, int number, const Validation& validation) override;
  Result<long long> add_closing(std::string_view evaluation, int number,
                                const ClosingEvent& closing) override;
  Result<long long> add_extension(std::string_view evaluation, int number,
                                  const Extension& extension) override;
  Result<long long> add_due_date_request(const DueDateRequest& request) override;
  Status answer_due_date_request(long long id, const DueDateAnswer& answer) override;
  Result<std::vector<DueDateRequest>> list_due_date_requests(std::string_view evaluation, int number,
                                                             bool pending_only) override;
  Result<std::optional<DueDateRequest>> find_due_date_request(long long id) override;
  Result<long long> add_revision(std::string_view evaluation, int number, const Revision& revision) override;

  Status put_blob(const Evidence& meta, std::string_view content) override;
  Result<std::optional<std::string>> get_blob(std::string_view sha256) override;
  Result<std::vector<std::pair<std::string, int>>> find_evidence_holders(std::string_view sha256) override;

  Result<HistoryEntry> append_history(const HistoryEvent& event) override;
  Result<std::vector<HistoryEntry>> history(std::optional<std::string_view> entity) override;
  Result<std::vector<HistoryEntry>> history_after(long long after_id, int limit) override;
  Result<std::pair<long long, std::string>> history_head() override;

  // sql_accounts.cc
  Result<std::optional<Credential>> find_credential(std::string_view user) override;
  Status put_credential(const Credential& credential) override;
  Result<std::optional<StoredSession>> find_session(std::string_view token_hash) override;
  Status add_session(const StoredSession& session) override;
  Status delete_session(std::string_view token_hash) override;
  Status delete_sessions(std::string_view user, std::string_view now) override;

  // sql_outbox.cc: the outbox and the calendar feeds
  Result<bool> reminders_planned(const std::string& day) override;
  Status queue_reminders(const std::string& day, const std::string& at, const std::string& by,
                         const std::vector<OutboxMessage>& messages) override;
  Result<std::vector<OutboxMessage>> outbox_ready(const std::string& now, int limit) override;
  Result<std::vector<OutboxMessage>> list_outbox(const std::string& day, int limit) override;
  Status update_outbox(const OutboxMessage& message, int expected_attempts) override;
  Result<std::vector<OutboxMessage>> outbox_unreported_failures(int limit) override;
  Status mark_outbox_reported(const std::vector<long long>& ids, const std::string& at) override;
  Result<long long> add_calendar_feed(const CalendarFeed& feed) override;
  Result<std::optional<CalendarFeed>> find_calendar_feed(std::string_view token_hash) override;
  Result<std::vector<CalendarFeed>> list_calendar_feeds() override;
  Status revoke_calendar_feed(long long id, const std::string& at) override;

 private:
  // An open, writable transaction (else the error, naming `what`).
  Status check_writable(std::string_view what);
  // Runs a write inside a savepoint so that a failed call leaves the
  // transaction as it found it.
  template <typename F>
  auto atomically(std::string_view what, F&& body) -> decltype(body());
  Status check_open();
  // Inserts a report's or a closing's evidence, in order: `insert` binds
  // the owner's id, the position, sha256, name and media type (?1 to ?5).
  Status insert_evidence(const char* insert, long long owner, const std::vector<Evidence>& files,
                         const char* what);

  Status require_unit(std::string_view code, std::string_view context);
  store_rules::RequireUnit require_unit_fn();
  Result<bool> evaluation_exists(std::string_view code);
  Result<long long> require_recommendation(std::string_view evaluation, int number);
  Result<std::optional<long long>> response_id(long long recommendation, std::string_view unit);
  Status check_recommendation_units(std::string_view evaluation, const Recommendation& rec);
  Status write_recommendation_units(long long id, const Recommendation& rec);
  Status write_unit_lists(const Unit& unit);
  Status write_user_lists(const User& user);
  Result<long long> insert_action(long long response, const KeyAction& action);
  Status require_blobs(const std::vector<Evidence>& evidence);

  // A recommendation being loaded: its id and record.
 public:
  struct LoadedRecord {
    long long id = 0;
    RecommendationRecord record;
  };
  // Rebuilds the kept index of every recommendation (a store migrated from
  // before the index had none).
  Status rebuild_followup_index();
  // Whether the index's writes keep the store's last fact (store_last_fact)
  // too: they do but in the migrator's build of the index at 0010, before
  // 0021 made the row (and filled it from the index).
  void keep_last_fact(bool keep) { m_keep_last_fact = keep; }

 private:
  using Binder = std::function<void(Statement&)>;
  // The records whose recommendations `where` selects (a constant of this
  // backend, over "recommendations r JOIN evaluations e"), lists included
  // (with `listing`, only those a listing reads: RecommendationPage).
  Result<std::vector<LoadedRecord>> load_where(const std::string& where, const Binder& bind,
                                               bool listing = false);
  Status read_record_row(Statement& stmt, std::vector<LoadedRecord>& into);
  // The records' responsible units, as written when the memo named them;
  // `at` gives each record's place in `rows` by id, `page` their ids as
  // the JSON array the list queries bind.
  Status load_units(std::vector<LoadedRecord>& rows, const std::unordered_map<long long, std::size_t>& at,
                    const PageIds& page);
  // Every list of the records' follow-up, one statement per table.
  Status load_lists(std::vector<LoadedRecord>& rows, bool listing = false);
  // The records' progress reports, with their actions done and evidence;
  // `at` gives each record's place in `rows` by id, `page` their ids as
  // the JSON array the list queries bind.
  Status load_progress_reports(std::vector<LoadedRecord>& rows,
                               const std::unordered_map<long long, std::size_t>& at, const PageIds& page);
  // The kept index: recommendations a step touched are refreshed before it
  // ends (atomically); touch_where adds those a query selects.
  Status touch_where(const char* sql, const Binder& bind);
  Status refresh_touched();
  Result<std::vector<HistoryEntry>> read_history(std::string_view sql, const Binder& bind);
  Status refresh_index(const LoadedRecord& loaded);
  // The store's last fact after a recommendation's latest fact went from
  // `before` to `after` (ISO dates; nullopt: none).
  Status keep_store_last_fact(const std::optional<std::string>& before,
                              const std::optional<std::string>& after);
  Status write_owed_actions(const LoadedRecord& loaded);
  // failed_precondition when the kept figures do not hold on `as_of`
  // (before the store's last fact).
  Status require_kept(Date as_of);
  // Calls `count` with each pending row of the kept index not yet due on
  // `as_of`: its unit ('' on a recommendation's own row, column 0),
  // evaluation (1) and year of issue (2).
  Status each_pending_not_due(Date as_of, const std::function<void(Statement&)>& count);
  // Changes to status_counters rows, by (scope, key), in their columns' order.
 public:
  using StatusDeltas =
      std::map<std::pair<std::string, std::string>, std::array<long long, storage_detail::k_counter_count>>;

 private:
  Status add_to_counters(const StatusDeltas& deltas);
  // Adds new_share - old_share (storage/projection.h) to rates_counters.
  Status add_to_rates(const storage_detail::RatesShare& old_share,
                      const storage_detail::RatesShare& new_share);

  Result<Unit> load_unit_lists(Unit unit);
  Result<User> load_user_lists(User user);
  Result<std::vector<Recommendation>> load_recommendations(std::string_view evaluation);
  Status load_recommendation_units(long long id, Recommendation& rec);

  Connection& m_db;
  bool m_writable;
  const HistoryKey* m_key;
  bool m_keep_index;
  bool m_keep_last_fact = true;
  std::vector<long long> m_touched;  // recommendations the current step changed
  // In a write transaction, the record find_recommendation read last, kept
  // until the end of the next step; and whether the current step changes
  // only the progress reports of the recommendations it touches
  // (add_report). refresh_touched then reads only those again.
  std::optional<LoadedRecord> m_last_found;
  bool m_reports_only = false;
};

}  // namespace followup::sql
