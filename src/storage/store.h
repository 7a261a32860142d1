// The store in domain words. Callers never see SQL. A backend is chosen by
// URL scheme (open_store); every backend passes the same contract tests
// (store_contract_test.cc).
//
// All reads and writes happen inside Store::run, which is one transaction:
// it commits when the work returns ok and rolls back when the work returns
// an error or throws. Nothing is acknowledged before it is durable.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/model.h"
#include "core/reports.h"
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
  // The store operations this entry made, as JSON (storage/journal.h): the
  // data tables are what replaying every entry's ops makes. Filled by the
  // store when the entry is appended; callers leave it empty.
  std::string ops = "[]";
};

struct HistoryEntry {
  long long id = 0;  // 1, 2, 3... in append order
  HistoryEvent event;
  std::string prev_hash;  // hash of the previous entry; 64 zeros for the first
  std::string hash;       // SHA-256 (hex) over prev_hash and the event
  std::string mac;        // HMAC-SHA-256 (hex) of `hash` under the history key
};

// The key that signs the history chain: 32 bytes kept outside the store
// (a key file; see docs/storage.md).
struct HistoryKey {
  std::string bytes;  // exactly 32 bytes
};

// The prev_hash of the first entry.
inline constexpr std::string_view k_first_prev_hash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct RecommendationFilter {
  std::optional<std::string> unit;        // unit code: responsible (any position)
  std::optional<std::string> evaluation;  // evaluation code
  std::optional<Date> due_before;         // follow-up due strictly before
};

// A page of recommendations, in the order of evaluation code and number.
struct RecommendationPage {
  std::optional<std::string> unit;        // unit code: responsible (any position)
  std::optional<std::string> evaluation;  // evaluation code
  std::optional<Date> due_before;         // the memo's due date strictly before
  // Not closed and some responsible unit has not answered by its due date
  // in force, which is before this date (issued or not: `list --overdue`).
  // Exact for a date on or after the store's last_fact_date().
  std::optional<Date> unanswered_before;
  // Issued, not closed, and some unit's response or some key action owed
  // (core: open_actions_due) by a due date before this one: the only ones
  // that can have something overdue on it. Exact for a date on or after
  // the store's last_fact_date(). Without `unit` only (the own rows keep
  // the key actions' dates).
  std::optional<Date> owing_before;
  // Those in which this unit (a code) may owe something: issued, open and
  // not answered by it, or holding a key action it owns (settled or not).
  // Exact for a date on or after the store's last_fact_date(). Alone, or
  // with `after` and `limit`.
  std::optional<std::string> owed_by;
  // Those a unit user of these units may see (app's can_see, but for the
  // drafts, which it then leaves out): any of them responsible, or owning
  // a key action. Alone, or with `after` and `limit`.
  std::vector<std::string> seen_by;
  std::optional<std::pair<std::string, int>> after;  // only those after this (evaluation, number)
  int limit = 0;                                     // at most this many; 0: all
  // The records as a listing reads them (who may see them, how overdue
  // they are): their units, responses with their key actions, closings,
  // extensions and revisions, without the key actions' events, the
  // progress reports, the validations, and a closing's evidence and units.
  bool listing = false;
};

// A recommendation as a listing shows it (Transaction::page_listed).
struct ListedRecord {
  RecommendationRecord record;  // without its follow-up
  // Open and some responsible unit has not answered: overdue after this
  // date (the earliest of those units' due dates in force); nullopt when
  // closed or answered by every unit.
  std::optional<Date> unanswered_due;
};

// The status counts of every issued recommendation, added up from the
// shares the store keeps (core/reports.h: status_shares).
struct StatusTotals {
  StatusCounts total;
  std::vector<StatusGroup> by_evaluation;  // by code
  std::vector<StatusGroup> by_unit;        // by code
};

// The rates report's figures, added up from the shares the store keeps
// (core/reports.h: rates_shares).
struct RatesTotals {
  Rates total;
  std::vector<RatesRow> by_year;  // ascending
  std::vector<RatesRow> by_unit;  // by code
};

// The overdue report's ageing counts, from the store's kept index.
struct OverdueAgeing {
  std::array<int, 5> responses{};  // indexed like all_ageing_buckets()
  std::array<int, 5> actions{};
  std::vector<UnitOverdue> by_unit;  // the same per unit owing something, by code
};

// ---- Accounts (docs/accounts.md): kept in the store beside the data but
// outside the history: a password hash or a session token is a secret the
// history, which every reader of the store may read and replay, must not
// carry; and sessions come and go. Their writes are not journaled, and
// verify does not compare their tables.

// A user's password, as an argon2id hash in libsodium's string form, and
// the TOTP secret of the second factor (base32; empty when none is set).
struct Credential {
  std::string user;
  std::string password_hash;
  std::string totp_secret;
  std::string changed_at;  // UTC instant
};

// A login: a browser's session cookie or a script's API token. Only the
// token's SHA-256 is kept, so a copy of the store gives no way in.
struct StoredSession {
  std::string token_hash;  // lower-case hex SHA-256 of the token
  std::string user;
  std::string kind;  // "browser" or "api"
  std::string csrf;  // the token a browser's forms carry (empty for api)
  std::string created_at;
  std::string expires_at;  // UTC instant; the session is refused from then
};

// ---- The reminders' outbox (docs/reminders.md): the digests a day's
// reminders planned, queued in the transaction that read the facts they
// rest on, and their sending. Outside the history like the accounts: a
// digest is made from the history's facts, and its sending state changes
// with every attempt. Not journaled; verify does not compare these tables.
struct OutboxMessage {
  long long id = 0;        // given by the store
  std::string day;         // the day planned (YYYY-MM-DD)
  std::string recipient;   // an e-mail address
  std::string name;        // the recipient's name
  std::string message_id;  // stable: the same message on every attempt
  std::string subject;
  std::string text;              // the plain text body
  std::string html;              // the HTML alternative
  int notices = 0;               // how many notices the digest carries
  std::string queued_at;         // UTC instant
  std::string state = "queued";  // queued, sent or failed (given up)
  int attempts = 0;              // sending attempts begun
  std::string next_attempt;      // UTC instant: not tried before then
  std::string last_error;        // the last attempt's failure
  std::string sent_at;           // UTC instant; empty until sent
};

// ---- Calendar feeds (docs/reminders.md): a unit's or a user's due dates
// at an address holding a secret token, of which only the SHA-256 is kept.
// Outside the history like the accounts; not journaled.
struct CalendarFeed {
  long long id = 0;
  std::string token_hash;  // lower-case hex SHA-256 of the token
  std::string kind;        // "unit" or "user"
  std::string owner;       // the unit's code or the user's name
  std::string created_at;  // UTC instant
  std::string created_by;
  std::string revoked_at;  // UTC instant; empty while the feed is in use
};

// The operations of one transaction. Absent things come back as nullopt;
// failures as errors:
//   not_found            a named parent (evaluation, recommendation, unit,
//                        action) is missing;
//   already_exists       a duplicate key;
//   invalid_argument     a value the store cannot hold (a malformed hash, a
//                        blob whose content does not match its hash, lists
//                        of different lengths);
//   failed_precondition  a write inside Store::read, or a change to
//                        something append-only;
//   unavailable/internal the store below failed (disk full, I/O, lock);
//   data_loss            the store's file is damaged (damaged_store_error).
// A failed call changes nothing, but the caller decides the transaction's
// fate: returning the error from the work rolls everything back.
// A Transaction is valid only inside the work function it was handed to.
class Transaction {
 public:
  virtual ~Transaction() = default;

  // ---- Units, by code.
  virtual Result<std::vector<Unit>> list_units() = 0;  // ordered by code
  virtual Result<std::optional<Unit>> find_unit(std::string_view code) = 0;
  // already_exists for a known code; not_found when `parent` is set and
  // names no unit; invalid_argument for an empty code.
  virtual Status add_unit(const Unit& unit) = 0;
  // Replaces name, kind, parent, head's title, aliases and emails of the
  // unit with the same code: not_found when there is none or when the
  // parent names no unit.
  virtual Status update_unit(const Unit& unit) = 0;

  // ---- Users, by name. Roles and units keep the order given.
  virtual Result<std::vector<User>> list_users() = 0;  // ordered by name
  virtual Result<std::optional<User>> find_user(std::string_view name) = 0;
  // already_exists for a known name; not_found when a unit code names no
  // unit; invalid_argument for an empty name.
  virtual Status add_user(const User& user) = 0;
  // Replaces everything but the name: not_found when there is no such user
  // or a unit code names no unit.
  virtual Status update_user(const User& user) = 0;

  // ---- Evaluations. content_hash identifies the imported memo's content.
  // With their recommendations, ordered by number.
  virtual Result<std::optional<Evaluation>> find_evaluation(std::string_view code) = 0;
  // The code of the evaluation imported from that content, if any.
  virtual Result<std::optional<std::string>> find_evaluation_by_content_hash(std::string_view hash) = 0;
  // Every evaluation's code, in order (find_evaluation reads each).
  virtual Result<std::vector<std::string>> list_evaluation_codes() = 0;
  // Stores the evaluation, its memo header and its recommendations.
  // already_exists when the code or the content hash is known, or when two
  // recommendations share a number; not_found when a recommendation names a
  // unit code the directory lacks; invalid_argument when a recommendation's
  // `responsible` is neither empty nor as long as its `units`.
  virtual Status insert_evaluation(const Evaluation& evaluation, std::string_view content_hash) = 0;
  // Sets (or moves) the issue date. not_found when there is no such evaluation.
  virtual Status set_evaluation_issued(std::string_view code, Date issued) = 0;
  // Marks the evaluation public or not. not_found when there is no such evaluation.
  virtual Status set_evaluation_disclosed(std::string_view code, bool disclosed) = 0;
  // Replaces the content hash of the evaluation's memo (a hash brought to a
  // new form: app/content_hashes.h). not_found when there is no such
  // evaluation; already_exists when another evaluation has that hash;
  // invalid_argument for an empty hash.
  virtual Status set_evaluation_content_hash(std::string_view code, std::string_view content_hash) = 0;
  // Keeps the memo an evaluation was imported from, as sent: its bytes must
  // already be a blob (put_blob), `original` names their hash, file name
  // and media type. not_found when there is no such evaluation or no blob
  // of that hash; already_exists when the evaluation has one.
  virtual Status set_memo_original(std::string_view evaluation, const Evidence& original) = 0;
  // The memo kept for the evaluation (its size from the blob); nullopt when
  // none was kept (imported before they were, or no such evaluation).
  virtual Result<std::optional<Evidence>> find_memo_original(std::string_view evaluation) = 0;
  // Replaces text, due date and responsible units of the recommendation with
  // rec.number; its follow-up is kept. not_found when the recommendation or
  // a unit is missing; invalid_argument as for insert_evaluation.
  virtual Status update_recommendation(std::string_view evaluation, const Recommendation& rec) = 0;

  // ---- Recommendations with their follow-up, ordered by evaluation code,
  // number. Within the follow-up: responses by unit code, each with its
  // actions by id; every dated fact (action events, reports, validations,
  // closings, extensions, revisions) by its date, ties in the order added,
  // so the last of a list is the one in force.
  virtual Result<std::vector<RecommendationRecord>> list_recommendations(
      const RecommendationFilter& filter) = 0;
  virtual Result<std::optional<RecommendationRecord>> find_recommendation(std::string_view evaluation,
                                                                          int number) = 0;

  // Matching recommendations with their follow-up, read through the kept
  // index: a page costs a fixed number of statements whatever the store's size.
  virtual Result<std::vector<RecommendationRecord>> page_recommendations(const RecommendationPage& page) = 0;
  // A page as a listing shows it, from the kept index alone (two statements
  // a page): each recommendation with its units and its evaluation's issue
  // date and disclosure, without its follow-up, and the date after which it
  // is overdue (ListedRecord). `unit`, `evaluation`, `due_before`,
  // `unanswered_before`, `after` and `limit` only; exact for a date on or
  // after last_fact_date().
  virtual Result<std::vector<ListedRecord>> page_listed(const RecommendationPage& page) = 0;
  // The date of the latest fact of any recommendation (core's
  // last_fact_date); nullopt for a store without one. Kept counts are exact
  // for any date on or after it.
  virtual Result<std::optional<Date>> last_fact_date() = 0;
  // The status report's counts as of `as_of`, from the kept shares, without
  // reading any record. failed_precondition when as_of is before
  // last_fact_date(): replay the records then (core's status_report).
  virtual Result<StatusTotals> status_totals(Date as_of) = 0;
  // The rates report's figures as of `as_of`, the same way.
  virtual Result<RatesTotals> rates_totals(Date as_of) = 0;
  // The overdue report as of `as_of` the same way: its ageing counts, and
  // each list in the report's order, read through an index (so the first
  // lines cost the same whatever the store's size), each line handed to
  // `each` until it answers false.
  virtual Result<OverdueAgeing> overdue_ageing(Date as_of) = 0;
  virtual Status each_overdue_response(Date as_of,
                                       const std::function<Result<bool>(OverdueResponse&&)>& each) = 0;
  virtual Status each_overdue_action(Date as_of,
                                     const std::function<Result<bool>(OverdueAction&&)>& each) = 0;
  // A number that grows with every change to the recommendation (for
  // ETags); 0 when there is no such recommendation.
  virtual Result<long long> recommendation_version(std::string_view evaluation, int number) = 0;

  // ---- Follow-up steps. Each names its recommendation by evaluation code
  // and number and answers not_found when it is missing. Ids of new actions
  // and reports are assigned by the store, unique across the store.
  //
  // Records response.unit's response, or replaces its decision, rationale,
  // date and author when that unit has responded already (its actions stay:
  // reports may refer to them). Every action in response.actions is added to
  // the response as a new action (ids given are ignored); read them back
  // with find_recommendation. not_found when a unit code names no unit.
  virtual Status put_response(std::string_view evaluation, int number,
                              const ManagementResponse& response) = 0;
  // Adds an action to the response of its owner unit (action.unit).
  // not_found when that unit has not responded to this recommendation.
  virtual Result<long long> add_action(std::string_view evaluation, int number, const KeyAction& action) = 0;
  // Adds an action, owned by action.unit, to the response of
  // `response_unit` (a unit may propose actions that another unit carries
  // out). not_found when `response_unit` has not responded or action.unit
  // names no unit.
  virtual Result<long long> add_action_to_response(std::string_view evaluation, int number,
                                                   std::string_view response_unit,
                                                   const KeyAction& action) = 0;
  // Appends a dated event to an action (status, revised due date). Returns
  // its id. not_found for an unknown action.
  virtual Result<long long> add_action_event(long long action_id, const ActionEvent& event) = 0;
  // Appends a progress report with its evidence and the actions it marks
  // done; reports are never changed afterwards. Does not change the
  // actions: the caller adds their events. not_found when an evidence blob
  // has not been put, or an action id is not an action of this
  // recommendation, or the unit is unknown.
  virtual Result<long long> add_report(std::string_view evaluation, int number,
                                       const ProgressReport& report) = 0;
  // Appends the office's rating. invalid_argument when the rating is not a
  // ClaimedStatus name.
  virtual Status add_validation(std::string_view evaluation, int number, const Validation& validation) = 0;
  // Appends a closing (with its evidence) or a reopening; returns its id.
  // not_found when an evidence blob has not been put.
  virtual Result<long long> add_closing(std::string_view evaluation, int number,
                                        const ClosingEvent& closing) = 0;
  // Appends a unit's request for a later due date (its answer left out);
  // returns its id. not_found for an unknown recommendation or unit.
  virtual Result<long long> add_due_date_request(const DueDateRequest& request) = 0;
  // Appends the office's answer to request `id`. not_found for an unknown
  // request; failed_precondition when it has an answer already.
  virtual Status answer_due_date_request(long long id, const DueDateAnswer& answer) = 0;
  // Requests with their answers, oldest first: of one recommendation, or
  // of every recommendation when `evaluation` is empty; with
  // `pending_only`, those without an answer.
  virtual Result<std::vector<DueDateRequest>> list_due_date_requests(std::string_view evaluation, int number,
                                                                     bool pending_only) = 0;
  virtual Result<std::optional<DueDateRequest>> find_due_date_request(long long id) = 0;
  // Appends an extension of the follow-up due date; returns its id.
  // not_found when extension.unit is set and names no unit.
  virtual Result<long long> add_extension(std::string_view evaluation, int number,
                                          const Extension& extension) = 0;
  // Appends a revision of an issued recommendation's text, units and
  // priority; returns its id. not_found when a unit is missing.
  virtual Result<long long> add_revision(std::string_view evaluation, int number,
                                         const Revision& revision) = 0;

  // ---- Evidence content, addressed by SHA-256. put is idempotent: putting
  // known content again changes nothing (the first name and type stay).
  // invalid_argument when meta.sha256 is not the lower-case hex SHA-256 of
  // `content`; meta.size is taken from the content.
  virtual Status put_blob(const Evidence& meta, std::string_view content) = 0;
  // nullopt when no blob has that hash.
  virtual Result<std::optional<std::string>> get_blob(std::string_view sha256) = 0;
  // The recommendations (evaluation code, number) whose progress reports or
  // closings carry the file of that hash, in reference order, each once.
  virtual Result<std::vector<std::pair<std::string, int>>> find_evidence_holders(std::string_view sha256) = 0;

  // ---- History: append computes the chain; entries come back in id order.
  // The filter matches an entity equal to it or beginning with it followed
  // by ':', '#' or '/'; a filter that itself ends in one of those matches
  // every entity that begins with it. So "recommendation:PLACMI-2#2" does not
  // match "recommendation:PLACMI-2#20", "recommendation:PLACMI-2" matches all
  // of that evaluation's recommendations, "recommendation:" all of them.
  // Appending needs the history key (unavailable without it).
  virtual Result<HistoryEntry> append_history(const HistoryEvent& event) = 0;
  virtual Result<std::vector<HistoryEntry>> history(std::optional<std::string_view> entity) = 0;
  // Entries after `after_id`, in id order, at most `limit`: the whole chain
  // read a page at a time.
  virtual Result<std::vector<HistoryEntry>> history_after(long long after_id, int limit) = 0;
  // The number of entries and the last entry's hash ("" when empty).
  virtual Result<std::pair<long long, std::string>> history_head() = 0;

  // ---- Accounts (above): not journaled. not_found for an unknown user.
  virtual Result<std::optional<Credential>> find_credential(std::string_view user) = 0;
  // Replaces the user's credential.
  virtual Status put_credential(const Credential& credential) = 0;
  virtual Result<std::optional<StoredSession>> find_session(std::string_view token_hash) = 0;
  // already_exists for a token hash already held.
  virtual Status add_session(const StoredSession& session) = 0;
  // Deletes the session of that token hash (nothing when there is none).
  virtual Status delete_session(std::string_view token_hash) = 0;
  // Deletes every session of the user (a new password), or, with an empty
  // user, every session expired at `now` (a UTC instant).
  virtual Status delete_sessions(std::string_view user, std::string_view now) = 0;

  // ---- The outbox (above): not journaled.
  // Whether the reminders of `day` were planned.
  virtual Result<bool> reminders_planned(const std::string& day) = 0;
  // Records that `day` was planned, by `by` at `at`, with its messages
  // (their ids, attempts and sending state are the store's: queued, to be
  // tried from their queued_at). already_exists when the day was planned:
  // a day's digests are queued once.
  virtual Status queue_reminders(const std::string& day, const std::string& at, const std::string& by,
                                 const std::vector<OutboxMessage>& messages) = 0;
  // The queued messages whose next attempt is due at `now`, oldest first,
  // at most `limit`.
  virtual Result<std::vector<OutboxMessage>> outbox_ready(const std::string& now, int limit) = 0;
  // The messages of `day` (every day when empty), newest day first, then
  // by id, at most `limit`.
  virtual Result<std::vector<OutboxMessage>> list_outbox(const std::string& day, int limit) = 0;
  // Sets a message's state, attempts, next attempt, last error and sent_at
  // (the rest never changes), when its attempts in the store are still
  // `expected_attempts`: conflict otherwise (another sender took it);
  // not_found for an unknown id.
  virtual Status update_outbox(const OutboxMessage& message, int expected_attempts) = 0;
  // The messages given up (failed) and not yet reported to the office,
  // oldest first, at most `limit`; and marking them reported at `at`.
  virtual Result<std::vector<OutboxMessage>> outbox_unreported_failures(int limit) = 0;
  virtual Status mark_outbox_reported(const std::vector<long long>& ids, const std::string& at) = 0;

  // ---- Calendar feeds (above): not journaled. add answers the new id
  // (already_exists for a token hash held).
  virtual Result<long long> add_calendar_feed(const CalendarFeed& feed) = 0;
  virtual Result<std::optional<CalendarFeed>> find_calendar_feed(std::string_view token_hash) = 0;
  // Every feed, revoked ones included, by id.
  virtual Result<std::vector<CalendarFeed>> list_calendar_feeds() = 0;
  // Marks the feed revoked at `at` (a revoked one keeps its first date).
  // not_found for an unknown id.
  virtual Status revoke_calendar_feed(long long id, const std::string& at) = 0;
};

// What verify_history found: nothing (ok), or the first thing that differs.
struct VerifyReport {
  long long entries = 0;              // entries in the chain
  std::string head_hash;              // the last entry's hash
  std::vector<std::string> problems;  // empty when the store verifies
};

// Concurrency. A Store may be used from several threads, and several
// processes (or Stores) may share one store. Every backend guarantees:
//  - Writes are serialised. A write transaction (run) holds the store's
//    write lock from its beginning to its end; another writer, on this Store
//    or another, waits for it a few seconds and then gets unavailable with
//    nothing written. So no write is lost, and each sees every write
//    committed before it began.
//  - The history append holds an explicit lock. append_history reads the
//    head it chains onto under a lock that every other append waits for,
//    held to the end of the transaction, so no two entries ever follow the
//    same head (SQLite: the write lock BEGIN IMMEDIATE takes; a backend with
//    row locks takes its own, sql::Dialect::lock_history_head).
//  - Reads never wait for a writer. A read transaction (read) runs on a
//    connection of its own, on a snapshot of the last commit made before it
//    began: it sees nothing of a write still open, and holds up no writer.
// store_contract_test.cc checks each of these.
class Store {
 public:
  virtual ~Store() = default;
  // Runs `work` in one transaction (see above). Returns work's error, or
  // the store's when begin or commit fails; nothing is written then. When
  // `work` throws, the transaction is rolled back and the exception goes on
  // to the caller. Calling run or read from inside `work` is refused
  // (failed_precondition). The first run on a Store checks the file's
  // pages first and answers data_loss, writing nothing, when one is damaged.
  // Works that other threads run at the same time may share the
  // transaction, each in a savepoint of its own (sql::SqlStore::run): what
  // one sees and what it answers are as if each ran alone, one after the
  // other (but that a commit which fails fails every work of the group),
  // and `work` runs once, on whichever thread runs the group.
  virtual Status run(const std::function<Status(Transaction&)>& work) = 0;
  // A transaction that never writes (a snapshot, as above): every write
  // method answers failed_precondition.
  virtual Status read(const std::function<Status(Transaction&)>& work) = 0;

  // The SQL statements (or the backend's equivalent) run since the store
  // was opened: what a test counts to show that a command's cost does not
  // grow with the store.
  virtual long long statements_run() = 0;

  // Every problem the backend's full check of its file finds (for SQLite,
  // each line of PRAGMA integrity_check and each row of foreign_key_check);
  // empty when there is none. Reads the whole store, as a read does: it
  // neither waits for a writer nor holds one up. data_loss when the file is
  // too damaged to be checked at all.
  virtual Result<std::vector<std::string>> integrity_problems() = 0;
  // Copies the store, as one consistent snapshot (the last commit), to a
  // new file at `path` while writers, on this Store or others, go on
  // writing; the copy is synced and checked
  // before it appears under `path`. already_exists when `path` exists (a
  // backup never overwrites); unavailable when it cannot be written (nothing
  // is left at `path` then); data_loss when the copy fails its check.
  virtual Status backup_to(std::string_view path) = 0;

  // Checks the store against its history (docs/storage.md): the database's
  // own integrity; every entry's hash and MAC (with `key`); and that the
  // data tables are exactly what replaying the chain's ops makes (evidence
  // bytes against their hashes included). With `head` ("N:HASH" from an
  // earlier report), that entry N is still in the chain with that hash.
  // Problems are reported, not returned as errors; an error is a failure
  // to check at all.
  virtual Result<VerifyReport> verify(const HistoryKey& key, std::optional<std::string_view> head) = 0;
};

// The file size up to which the first write checks every page (1 GiB:
// about 4 s with a warm cache on the machine of docs/performance.md).
inline constexpr std::uint64_t k_check_before_write_max_bytes = std::uint64_t{1024} * 1024 * 1024;

struct OpenOptions {
  // Create the store when there is none (only `followup init` does);
  // otherwise a missing store is not_found.
  bool create = false;
  // Needed to append to the history (every write); reads do without.
  std::optional<HistoryKey> key;
  // Every write must be followed by a history entry carrying it. Off only
  // for the scratch copy verify() replays the history into.
  bool journal = true;
  // Every write keeps the kept index (followup_index, status_counters) in
  // step with the facts. Off only for that scratch copy too: its index is
  // built once, from all the facts, when the replay is done.
  bool keep_index = true;
  // The first write of a Store checks every page of the file first
  // (docs/storage.md, "Damage and backups"), when the file (with its write-ahead log)
  // is at most this large; a larger one relies on the checks SQLite makes
  // of each page it reads, and on `followup check`.
  std::uint64_t check_before_write_max_bytes = k_check_before_write_max_bytes;
};

// The error for a store whose file is damaged (ErrorCode::data_loss), in
// the words the person who must act reads: "the store is damaged: DETAIL;
// restore a backup".
inline Error damaged_store_error(std::string_view detail) {
  return make_error(ErrorCode::data_loss,
                    "the store is damaged: " + std::string(detail) + "; restore a backup");
}

// Opens (creating and migrating when needed) the store at `url`:
// "sqlite:PATH" or a bare path (the file and its folders are created when
// missing). Other schemes: invalid_argument naming them. unavailable when the
// file cannot be created or opened; failed_precondition when the store was
// written by a newer followup (its schema is newer than this binary knows)
// or is an SQLite file that is not a followup store.
Result<std::unique_ptr<Store>> open_store(std::string_view url, const OpenOptions& options);

// The file of a "sqlite:PATH" or bare-path URL (nullopt for other schemes).
std::optional<std::string> sqlite_path_of(std::string_view url);

// The chain hash of an entry: SHA-256 over prev_hash and the event's fields,
// each length-prefixed so that no two events hash the same text. Exactly:
// the netstrings ("LEN:BYTES,", LEN in decimal bytes) of prev_hash, actor,
// at, entity, action, before, after, ops, in that order. Lower-case hex.
// docs/storage.md shows a worked example.
std::string history_hash(std::string_view prev_hash, const HistoryEvent& event);

// Walks the chain (entries in id order, as history(nullopt) gives them);
// nullopt when every entry fits, else the id of the first entry whose
// prev_hash or hash does not, with what is wrong. Removing the newest
// entries leaves a chain that still fits: anchor the latest hash elsewhere to
// detect that.
struct HistoryFault {
  long long id = 0;
  std::string message;
};
// The same check an entry at a time, for a chain read in pages: next()
// answers the first fault, at the entry where it is found.
class HistoryChainCheck {
 public:
  explicit HistoryChainCheck(const HistoryKey* key = nullptr) : m_key(key) {}
  std::optional<HistoryFault> next(const HistoryEntry& entry);

 private:
  const HistoryKey* m_key;
  std::string m_expected_prev{k_first_prev_hash};
  long long m_previous_id = 0;
  bool m_seen = false;
};

// With a key, each entry's MAC is checked too.
std::optional<HistoryFault> verify_history_chain(const std::vector<HistoryEntry>& entries,
                                                 const HistoryKey* key = nullptr);

// HMAC-SHA-256 (hex) of an entry's hash under the key.
std::string history_mac(const HistoryKey& key, std::string_view hash);

}  // namespace followup
