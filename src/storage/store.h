// The store in domain words. Callers never see SQL. A backend is chosen by
// URL scheme (open_store); every backend passes the same contract tests
// (store_contract_test.cc).
//
// All reads and writes happen inside Store::run, which is one transaction:
// it commits when the work returns ok and rolls back when the work returns
// an error or throws. Nothing is acknowledged before it is durable.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/model.h"
#include "core/result.h"

namespace followup {

// One entry of the append-only history. `before` and `after` are JSON
// documents (text) describing the entity; "null" when absent.
struct HistoryEvent {
  std::string actor;   // user name, or "system"
  std::string at;      // UTC timestamp, ISO 8601 "2001-07-20T10:15:00Z"
  std::string entity;  // "evaluation:PLACMI-2", "recommendation:PLACMI-2#1", "unit:MMS", "user:ana"
  std::string action;  // "import", "issue", "respond", ...
  std::string before = "null";
  std::string after = "null";
};

struct HistoryEntry {
  long long id = 0;  // 1, 2, 3... in append order
  HistoryEvent event;
  std::string prev_hash;  // hash of the previous entry; 64 zeros for the first
  std::string hash;       // SHA-256 (hex) over prev_hash and the event
};

struct RecommendationFilter {
  std::optional<std::string> unit;        // unit code: responsible (any position)
  std::optional<std::string> evaluation;  // evaluation code
  std::optional<Date> due_before;         // follow-up due strictly before
};

// The operations of one transaction. Absent things come back as nullopt;
// failures as errors (not_found when a named parent is missing,
// already_exists on a duplicate key, unavailable/internal below).
class Transaction {
 public:
  virtual ~Transaction() = default;

  // Units
  virtual Result<std::vector<Unit>> list_units() = 0;
  virtual Result<std::optional<Unit>> find_unit(std::string_view code) = 0;
  virtual Status add_unit(const Unit& unit) = 0;
  virtual Status update_unit(const Unit& unit) = 0;  // by code; aliases and emails replaced

  // Users
  virtual Result<std::vector<User>> list_users() = 0;
  virtual Result<std::optional<User>> find_user(std::string_view name) = 0;
  virtual Status add_user(const User& user) = 0;
  virtual Status update_user(const User& user) = 0;  // by name

  // Evaluations. content_hash identifies the imported memo's content.
  virtual Result<std::optional<Evaluation>> find_evaluation(std::string_view code) = 0;
  virtual Result<std::optional<std::string>> find_evaluation_by_content_hash(std::string_view hash) = 0;
  virtual Result<std::vector<Evaluation>> list_evaluations() = 0;  // by code, with recommendations
  virtual Status insert_evaluation(const Evaluation& evaluation, std::string_view content_hash) = 0;
  virtual Status set_evaluation_issued(std::string_view code, Date issued) = 0;
  virtual Status update_recommendation(std::string_view evaluation, const Recommendation& rec) = 0;

  // Recommendations with their follow-up, ordered by evaluation code, number.
  virtual Result<std::vector<RecommendationRecord>> list_recommendations(const RecommendationFilter& filter) = 0;
  virtual Result<std::optional<RecommendationRecord>> find_recommendation(std::string_view evaluation,
                                                                          int number) = 0;

  // Follow-up steps. Ids of new actions and reports are assigned by the store
  // and returned.
  virtual Status put_response(std::string_view evaluation, int number, const ManagementResponse& response) = 0;
  virtual Result<long long> add_action(std::string_view evaluation, int number, const KeyAction& action) = 0;
  virtual Status set_action_done(long long action_id, std::optional<Date> done) = 0;
  virtual Result<long long> add_report(std::string_view evaluation, int number, const ProgressReport& report) = 0;
  virtual Status add_validation(std::string_view evaluation, int number, const Validation& validation) = 0;
  virtual Status set_closure(std::string_view evaluation, int number, const std::optional<Closure>& closure) = 0;

  // Evidence content, addressed by SHA-256. put is idempotent.
  virtual Status put_blob(const Evidence& meta, std::string_view content) = 0;
  virtual Result<std::optional<std::string>> get_blob(std::string_view sha256) = 0;

  // History: append computes the chain; entries come back in id order,
  // filtered by entity prefix when given ("recommendation:PLACMI-2#2").
  virtual Result<HistoryEntry> append_history(const HistoryEvent& event) = 0;
  virtual Result<std::vector<HistoryEntry>> history(std::optional<std::string_view> entity) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  // Runs `work` in one transaction (see above). Returns work's error, or
  // the store's when commit fails.
  virtual Status run(const std::function<Status(Transaction&)>& work) = 0;
  // A transaction that never writes (BEGIN DEFERRED / READ ONLY).
  virtual Status read(const std::function<Status(Transaction&)>& work) = 0;
};

// Opens (creating and migrating when needed) the store at `url`:
// "sqlite:PATH" or a bare path. Other schemes: invalid_argument naming them.
Result<std::unique_ptr<Store>> open_store(std::string_view url);

// The chain hash of an entry: SHA-256 over prev_hash and the event's fields,
// each length-prefixed so that no two events hash the same text.
std::string history_hash(std::string_view prev_hash, const HistoryEvent& event);

// Walks the chain; nullopt when every entry fits, else the id of the first
// entry whose prev_hash or hash does not, with what is wrong.
struct HistoryFault {
  long long id = 0;
  std::string message;
};
std::optional<HistoryFault> verify_history_chain(const std::vector<HistoryEntry>& entries);

}  // namespace followup
