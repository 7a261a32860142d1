// The history binds the data: every write a transaction makes is recorded
// as an operation (op) in JSON and carried by the next history entry, so
// that replaying every entry's ops on an empty store makes exactly the
// store's tables (verify-history compares them). Backend-independent.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "storage/store.h"

namespace followup::storage_detail {

// Wraps a backend's transaction: reads pass through; each write is applied
// and recorded; append_history puts the writes recorded since the last
// entry into the entry's `ops`. A write without a history entry after it is
// refused at commit (unrecorded_changes()). A unit whose code breaks the
// unit-code rule (core/unit_code.h) is refused before it reaches the
// backend: the rule binds every unit written from now on, while replay_ops
// (into a store without the journal) takes units the history holds as
// they were.
class JournalingTransaction final : public Transaction {
 public:
  explicit JournalingTransaction(Transaction& inner) : m_inner(inner) {}

  // Writes made since the last history entry: the transaction must not
  // commit while there are some.
  [[nodiscard]] bool unrecorded_changes() const { return !m_pending.empty(); }

  Result<std::vector<Unit>> list_units() override { return m_inner.list_units(); }
  Result<std::optional<Unit>> find_unit(std::string_view code) override { return m_inner.find_unit(code); }
  Status add_unit(const Unit& unit) override;
  Status update_unit(const Unit& unit) override;
  Result<std::vector<User>> list_users() override { return m_inner.list_users(); }
  Result<std::optional<User>> find_user(std::string_view name) override { return m_inner.find_user(name); }
  Status add_user(const User& user) override;
  Status update_user(const User& user) override;
  Result<std::optional<Evaluation>> find_evaluation(std::string_view code) override {
    return m_inner.find_evaluation(code);
  }
  Result<std::optional<std::string>> find_evaluation_by_content_hash(std::string_view hash) override {
    return m_inner.find_evaluation_by_content_hash(hash);
  }
  Result<std::vector<std::string>> list_evaluation_codes() override {
    return m_inner.list_evaluation_codes();
  }
  Status insert_evaluation(const Evaluation& evaluation, std::string_view content_hash) override;
  Status set_evaluation_issued(std::string_view code, Date issued) override;
  Status set_evaluation_disclosed(std::string_view code, bool disclosed) override;
  Status set_evaluation_content_hash(std::string_view code, std::string_view content_hash) override;
  Status update_recommendation(std::string_view evaluation, const Recommendation& rec) override;
  Status set_memo_original(std::string_view evaluation, const Evidence& original) override;
  Result<std::optional<Evidence>> find_memo_original(std::string_view evaluation) override {
    return m_inner.find_memo_original(evaluation);
  }
  Result<std::vector<RecommendationRecord>> list_recommendations(
      const RecommendationFilter& filter) override {
    return m_inner.list_recommendations(filter);
  }
  Result<std::optional<RecommendationRecord>> find_recommendation(std::string_view evaluation,
                                                                  int number) override {
    return m_inner.find_recommendation(evaluation, number);
  }
  Result<std::vector<RecommendationRecord>> page_recommendations(const RecommendationPage& page) override {
    return m_inner.page_recommendations(page);
  }
  Result<std::vector<ListedRecord>> page_listed(const RecommendationPage& page) override {
    return m_inner.page_listed(page);
  }
  Result<std::optional<Date>> last_fact_date() override { return m_inner.last_fact_date(); }
  Result<std::vector<HistoryEntry>> history_after(long long after_id, int limit) override {
    return m_inner.history_after(after_id, limit);
  }
  Result<StatusTotals> status_totals(Date as_of) override { return m_inner.status_totals(as_of); }
  Result<RatesTotals> rates_totals(Date as_of) override { return m_inner.rates_totals(as_of); }
  Result<OverdueAgeing> overdue_ageing(Date as_of) override { return m_inner.overdue_ageing(as_of); }
  Status each_overdue_response(Date as_of,
                               const std::function<Result<bool>(OverdueResponse&&)>& each) override {
    return m_inner.each_overdue_response(as_of, each);
  }
  Status each_overdue_action(Date as_of, const std::function<Result<bool>(OverdueAction&&)>& each) override {
    return m_inner.each_overdue_action(as_of, each);
  }
  Result<long long> recommendation_version(std::string_view evaluation, int number) override {
    return m_inner.recommendation_version(evaluation, number);
  }
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
  Result<long long> add_revision(std::string_view evaluation, int number, const Revision& revision) override;
  Result<long long> add_due_date_request(const DueDateRequest& request) override;
  Status answer_due_date_request(long long id, const DueDateAnswer& answer) override;
  Result<std::vector<DueDateRequest>> list_due_date_requests(std::string_view evaluation, int number,
                                                             bool pending_only) override {
    return m_inner.list_due_date_requests(evaluation, number, pending_only);
  }
  Result<std::optional<DueDateRequest>> find_due_date_request(long long id) override {
    return m_inner.find_due_date_request(id);
  }
  Status put_blob(const Evidence& meta, std::string_view content) override;
  Result<std::vector<std::pair<std::string, int>>> find_evidence_holders(std::string_view sha256) override {
    return m_inner.find_evidence_holders(sha256);
  }
  Result<std::optional<std::string>> get_blob(std::string_view sha256) override {
    return m_inner.get_blob(sha256);
  }
  Result<HistoryEntry> append_history(const HistoryEvent& event) override;
  Result<std::vector<HistoryEntry>> history(std::optional<std::string_view> entity) override {
    return m_inner.history(entity);
  }
  Result<std::pair<long long, std::string>> history_head() override { return m_inner.history_head(); }
  // Accounts are outside the history: passed through, not recorded.
  Result<std::optional<Credential>> find_credential(std::string_view user) override {
    return m_inner.find_credential(user);
  }
  Status put_credential(const Credential& credential) override { return m_inner.put_credential(credential); }
  Result<std::optional<StoredSession>> find_session(std::string_view token_hash) override {
    return m_inner.find_session(token_hash);
  }
  Status add_session(const StoredSession& session) override { return m_inner.add_session(session); }
  Status delete_session(std::string_view token_hash) override { return m_inner.delete_session(token_hash); }
  Status delete_sessions(std::string_view user, std::string_view now) override {
    return m_inner.delete_sessions(user, now);
  }
  // The outbox and the calendar feeds are outside the history too.
  Result<bool> reminders_planned(const std::string& day) override { return m_inner.reminders_planned(day); }
  Status queue_reminders(const std::string& day, const std::string& at, const std::string& by,
                         const std::vector<OutboxMessage>& messages) override {
    return m_inner.queue_reminders(day, at, by, messages);
  }
  Result<std::vector<OutboxMessage>> outbox_ready(const std::string& now, int limit) override {
    return m_inner.outbox_ready(now, limit);
  }
  Result<std::vector<OutboxMessage>> list_outbox(const std::string& day, int limit) override {
    return m_inner.list_outbox(day, limit);
  }
  Status update_outbox(const OutboxMessage& message, int expected_attempts) override {
    return m_inner.update_outbox(message, expected_attempts);
  }
  Result<std::vector<OutboxMessage>> outbox_unreported_failures(int limit) override {
    return m_inner.outbox_unreported_failures(limit);
  }
  Status mark_outbox_reported(const std::vector<long long>& ids, const std::string& at) override {
    return m_inner.mark_outbox_reported(ids, at);
  }
  Result<long long> add_calendar_feed(const CalendarFeed& feed) override {
    return m_inner.add_calendar_feed(feed);
  }
  Result<std::optional<CalendarFeed>> find_calendar_feed(std::string_view token_hash) override {
    return m_inner.find_calendar_feed(token_hash);
  }
  Result<std::vector<CalendarFeed>> list_calendar_feeds() override { return m_inner.list_calendar_feeds(); }
  Status revoke_calendar_feed(long long id, const std::string& at) override {
    return m_inner.revoke_calendar_feed(id, at);
  }

 private:
  Status note(const Status& done, nlohmann::json op);
  Result<long long> note_id(const Result<long long>& done, nlohmann::json op);

  Transaction& m_inner;
  nlohmann::json m_pending = nlohmann::json::array();
};

// Where replay finds evidence bytes (ops name blobs by hash, not content).
using BlobSource = std::function<Result<std::optional<std::string>>(std::string_view sha256)>;

// Applies one history entry's ops to `tx`. An op that fails, or that gets
// another id than it got when first made, is an error naming it.
Status replay_ops(Transaction& tx, std::string_view ops, const BlobSource& blobs);

// Store::verify's walk, the same for every backend: reads `live`'s chain a
// page at a time, in one read transaction, so that memory stays bounded
// however long it is; checks each entry's hash and MAC under `key` and,
// with `head` ("N:HASH" from an earlier report), that entry N is still
// there with that hash; and replays each entry's ops into `replica` (an
// empty scratch store without the journal), committing every few
// thousand entries: a chain that breaks off leaves a replica to throw
// away, as any failed check does. What does
// not fit is added to report.problems, and report.entries and head_hash
// are the chain's; an error is a failure to read or replay at all.
Status replay_history(Store& live, Store& replica, const HistoryKey& key,
                      std::optional<std::string_view> head, VerifyReport& report);

}  // namespace followup::storage_detail
