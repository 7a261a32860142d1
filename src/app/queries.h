// Read-only use cases: who owes what, by when.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/session.h"
#include "importer/memo_parser.h"

namespace followup::app {

struct ListQuery {
  std::optional<std::string> unit;        // a unit code, name, alias or head title
  std::optional<std::string> evaluation;  // evaluation code
  bool overdue_only = false;
  std::optional<Date> due_before;  // follow-up due strictly before
  Date as_of;
  int limit = 0;                     // at most this many; 0: all
  std::optional<std::string> after;  // only those after this reference (the last of a previous page)
};

struct ListedRecommendation {
  // The recommendation with its units and its evaluation's issue date and
  // disclosure: what a listing shows. Its follow-up is empty.
  RecommendationRecord record;
  int days_overdue = 0;  // 0 when the follow-up is not overdue as of the query's date
};

// Days the follow-up confirmation is overdue on `as_of`: as_of - due when
// the due date has passed, the recommendation is not closed and some
// responsible unit had not responded by as_of; else 0. The memo's date runs
// from the memo itself, issued or not: a draft past its date is overdue too
// (the reports, which count the office's workload, take issued ones only).
int follow_up_days_overdue(const RecommendationRecord& record, Date as_of);

// Recommendations matching the query, ordered by evaluation and number,
// read a page at a time from the store's kept index without their
// follow-up (Transaction::page_listed). As of a date before the store's
// last fact, and for a unit user listing beyond its units (who may see a
// recommendation through a key action), each record is read with its
// follow-up and judged on it instead.
// An unknown unit or evaluation is not_found (not an empty list); a
// malformed `after` is invalid_argument.
Result<std::vector<ListedRecommendation>> list_recommendations(const Session& session,
                                                               const ListQuery& query);
// The same answer handed to `each` a row at a time, in order, as the pages
// are read: memory holds a page, whatever the size of the answer. The
// checks (unknown unit or evaluation, malformed `after`) come before the
// first row; an error `each` returns stops the reading and is returned.
// With `named`, each unit the rows name (responsible units) is appended
// to it, read in the same snapshot, before the first row that names it:
// what a row's JSON needs to give unit names (json_views.h), read for the
// page rather than the whole directory.
Status for_each_listed(const Session& session, const ListQuery& query,
                       const std::function<Status(ListedRecommendation&&)>& each,
                       std::vector<Unit>* named = nullptr);

// Starts `page` after `after`, the reference of the last line of a previous
// page (nothing when absent); the reference's error when it is none.
Status start_after(RecommendationPage& page, const std::optional<std::string>& after);

// Calls `each` with every record `page` selects, reading the store a page
// at a time (a fixed number of statements each; `page.limit` records, at
// most 500, or 500 without one), until `each` answers false or none is left.
Status for_each_record(Transaction& tx, RecommendationPage page,
                       const std::function<Result<bool>(RecommendationRecord&&)>& each);

// One recommendation with its follow-up; not_found when absent.
Result<RecommendationRecord> find_recommendation(const Session& session, std::string_view ref);

// An evaluation as its memo shows it to the acting user: the
// recommendations the user may see (a unit user: issued ones its units hold
// or act on) and the extensions granted on each. not_found when absent or
// when the user may see none of it.
struct MemoView {
  Evaluation evaluation;
  std::map<int, std::vector<Extension>> extensions;  // by recommendation number
  std::vector<RecommendationRecord> records;         // those the user may see, for their follow-up
  // The memo as sent, as text, when it was kept (docs/import.md, "The memo
  // kept as sent") and the user may see every one of its recommendations:
  // the memo names them all.
  std::optional<importer::MemoText> original;
};
Result<MemoView> memo_of(const Session& session, std::string_view code);

// The memo the evaluation was imported from, byte for byte, with its
// stored description. For a user who may see every one of its
// recommendations; not_found as memo_of, or when the store kept no memo for
// it (imported before memos were kept); permission_denied for a user who
// may see only some of them.
struct MemoOriginal {
  Evidence meta;
  std::string bytes;
};
Result<MemoOriginal> memo_original(const Session& session, std::string_view code);

// The code of the unit named (code, name, alias or head's title) when the
// actor may ask about it; not_found, worded as for an unknown unit, when it
// is unknown or, for a unit user, not one of its units.
Result<std::string> visible_unit(Transaction& tx, const User& actor, std::string_view name);

// Evidence on a recommendation: from its progress reports and closings.
struct EvidenceItem {
  Evidence evidence;
  std::string attached_to;  // "report 3 (MRF-BA)", "closing 2"
  Date on;
};
Result<std::vector<EvidenceItem>> list_evidence(const Session& session, std::string_view ref);

// An evidence file's bytes, when it is attached to a recommendation the
// acting user may see; not_found otherwise (the same words either way).
struct EvidenceFileContent {
  Evidence evidence;
  std::string content;
};
Result<EvidenceFileContent> get_evidence(const Session& session, std::string_view sha256);

// The history of one recommendation the acting user may see ("#01" is "#1").
Result<std::vector<HistoryEntry>> recommendation_history(const Session& session, std::string_view ref);

// History entries of one entity (e.g. "recommendation:PLACMI-2#1"), or all.
// A user with only the unit role reads only the history of a
// recommendation it may see (recommendation_history: not_found otherwise)
// and is refused anything else (permission_denied).
Result<std::vector<HistoryEntry>> history_of(const Session& session, std::optional<std::string_view> entity);

}  // namespace followup::app
