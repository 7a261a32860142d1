// JSON views: the one place where domain values, reports and the answers
// of the use cases become JSON, for every surface (the command line's
// --json now, the HTTP API later) and for the history's entries. The keys
// are part of the CLI and API contract: add, never rename. Dates are
// "YYYY-MM-DD"; absent values are null.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "app/import.h"
#include "app/queries.h"
#include "app/show.h"
#include "core/model.h"
#include "core/reports.h"
#include "storage/store.h"

namespace followup::app {

// ---- Domain values --------------------------------------------------------

nlohmann::json json_of(const Unit& unit);
nlohmann::json json_of(const User& user);
nlohmann::json json_of(const MemoHeader& memo);
// The recommendation alone, as imported or edited.
nlohmann::json json_of(const Recommendation& rec, std::string_view evaluation_code);
// The evaluation without its recommendations.
nlohmann::json json_of(const Evaluation& evaluation);
nlohmann::json json_of(const Recorded& recorded);
nlohmann::json json_of(const ActionEvent& event);
nlohmann::json json_of(const KeyAction& action);
nlohmann::json json_of(const ManagementResponse& response);
nlohmann::json json_of(const Evidence& evidence);
nlohmann::json json_of(const ProgressReport& report);
nlohmann::json json_of(const Validation& validation);
nlohmann::json json_of(const ClosingEvent& closing);
nlohmann::json json_of(const Extension& extension);
nlohmann::json json_of(const DueDateRequest& request);
// A reminder in the outbox: {"id", "day", "recipient", "name", "subject",
// "notices", "message_id", "state", "attempts", "next_attempt",
// "last_error", "sent_at"} (docs/reminders.md).
nlohmann::json json_of(const OutboxMessage& message);
// A calendar feed: {"id", "kind", "owner", "created_at", "created_by",
// "revoked_at" (null while in use)}; never its token or hash.
nlohmann::json json_of(const CalendarFeed& feed);
nlohmann::json json_of(const Revision& revision);

// Null for nullopt, "YYYY-MM-DD" otherwise.
nlohmann::json json_of(const std::optional<Date>& date);

// ---- Reports: what `followup report KIND --json` prints --------------------
// Every report carries "report", "as_of", "history_head" and "footer".

nlohmann::json json_of(const StatusReport& report);
// One line of the status report's detail (an element of "recommendations").
nlohmann::json json_of(const StatusLine& line);
// A report's JSON printed as its long lists arrive, memory holding one
// element: begin with the report's JSON in which those lists are empty
// arrays, naming them in the order dump(2) prints them (keys sorted);
// element(i, value) for each element of list i, the lists in that order;
// end. Byte for byte what the whole report's dump(2) and a line end print.
class JsonListsStream {
 public:
  explicit JsonListsStream(std::ostream& out) : m_out(out) {}
  void begin(const nlohmann::json& report, const std::vector<std::string>& lists);
  void element(std::size_t list, const nlohmann::json& value);
  void end();

 private:
  void close_until(std::size_t list);
  std::ostream& m_out;
  // pieces[0]: up to the first list's '['; pieces[i]: from list i-1's ']'
  // to list i's '['; the last: from the last list's ']' to the end.
  std::vector<std::string> m_pieces;
  std::size_t m_list = 0;
  bool m_empty = true;
};
nlohmann::json json_of(const OverdueReport& report);
// Elements of the overdue report's "responses" and "actions".
nlohmann::json json_of(const OverdueResponse& response);
nlohmann::json json_of(const OverdueAction& action);
nlohmann::json json_of(const RatesReport& report);
nlohmann::json json_of(const UnitReport& report);
// The annual report: its evaluations, the rates report's total, by_year and
// by_unit (as `report rates --json`), responses by year, the lists with
// their totals, overdue by unit.
nlohmann::json json_of(const AnnualReport& report);

// ---- Answers of the use cases ----------------------------------------------

// `import --json`: DESIGN.md's dry-run JSON (importer/memo_json.h), with
// "status" ("imported" or "already imported") unless it was a preview.
nlohmann::json json_of(const ImportOutcome& outcome);

// A row of `list --json`: ref, evaluation, number, text, responsible (unit
// names from `units`, lead first), units (codes), responsible_as_written,
// due, issued, days_overdue.
nlohmann::json json_of(const ListedRecommendation& row, const std::vector<Unit>& units);

// `show --json`: the recommendation as of `as_of`, each unit's state and
// response (with on_time), actions with status, progress reports,
// evidence, the office's rating, closings, extensions and revisions.
nlohmann::json recommendation_json(const RecommendationRecord& record, const std::vector<Unit>& units,
                                   Date as_of);

// `show --json`: recommendation_json as of the show's date, with "history"
// when the history was asked for.
nlohmann::json json_of(const RecommendationShow& shown);

// An evaluation as its memo shows it to the acting user (queries.h
// memo_of): json_of(Evaluation) with "recommendations" the list of those
// the user may see, each with the "extensions" granted on it.
nlohmann::json json_of(const MemoView& view);

// History entries: id, actor, at, action, before, after (parsed), hash.
nlohmann::json json_of(const std::vector<HistoryEntry>& history);

// An item of `evidence list --json`: the evidence with attached_to and on.
nlohmann::json json_of(const EvidenceItem& item);

}  // namespace followup::app
