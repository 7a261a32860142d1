// The reports of `followup report`, computed from records for an as-of
// date: plain structs. Pure; rendering as text, CSV or Markdown belongs to
// render/, as JSON to app/json_views.h. Every count and rate follows
// the definitions in docs/reports.md, which report_footer() quotes.
//
// Only recommendations issued on or before the as-of date are reported;
// drafts have nothing due. Facts dated after the as-of date are ignored
// (see view_as_of), so any past report can be reproduced.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/derived.h"
#include "core/model.h"

namespace followup {

// The history chain's head when a report was made: entry count and the
// last entry's hash. A printed report carries it so that `verify-history
// --head N:HASH` can later show the chain still holds what the report saw.
struct HistoryHead {
  long long entries = 0;
  std::string hash;
  [[nodiscard]] std::string str() const;  // "N:HASH", "0:" for an empty chain
};

enum class ReportKind { status, overdue, rates, unit, annual };
std::string_view to_string(ReportKind k);
std::optional<ReportKind> parse_report_kind(std::string_view s);

// The definitions a report relies on, as one paragraph for its footer.
std::string_view report_footer(ReportKind k);

// ---- status: the DG's report ----------------------------------------------

// Counts of recommendations. The categories overlap by design (an
// in-progress recommendation is also open and was responded to on time or
// late); each is defined in docs/reports.md.
struct StatusCounts {
  int recommendations = 0;             // issued
  int open = 0;                        // issued and not closed
  int awaiting_response = 0;           // open, a unit has not responded, not yet due
  int responded_on_time = 0;           // every unit responded, all on or before the memo's due date
  int responded_within_extension = 0;  // every unit responded in time, one within an extension
  int responded_late = 0;              // every unit responded, at least one after the due date in force
  int overdue = 0;                     // a unit has not responded and the due date has passed
  int in_progress = 0;                 // state in_progress
  int claimed = 0;                     // state claimed: awaiting the office's validation
  int validated = 0;                   // state validated: the office's rating is current (any rating)
  int implemented = 0;                 // office's key: closed as implemented, or validated implemented
  int closed = 0;                      // closed with any outcome
  int closed_without_response = 0;     // closed while a responsible unit never responded
  int entered_late = 0;                // some fact entered late (recorded long after its date)
};

struct StatusGroup {
  std::string key;  // evaluation code or unit code
  StatusCounts counts;
};

struct StatusLine {
  std::string evaluation;
  int number = 0;
  std::string text;  // as in force on the as-of date
  Priority priority = Priority::normal;
  Date due;  // the memo's; each unit's extended date is in facts.units
  std::optional<Date> issued;
  FollowUpFacts facts;  // with each responsible unit's state
};

struct StatusReport {
  Date as_of;
  HistoryHead head;
  StatusCounts total;
  std::vector<StatusGroup> by_evaluation;  // by code
  // Per responsible unit, counting each recommendation from the unit's own
  // side (its response, its claim); open, implemented and closed are the
  // recommendation's.
  std::vector<StatusGroup> by_unit;         // by code
  std::vector<StatusLine> recommendations;  // by evaluation code, then number
  // When the detail above is one page of it: the reference of its last
  // line, to ask for the next page after (nullopt on the last page).
  std::optional<std::string> next_after;
};

StatusReport status_report(const std::vector<RecommendationRecord>& records, Date as_of);
// One recommendation's line of the status report (issued by as_of).
StatusLine status_line(const RecommendationRecord& r, Date as_of);

// ---- status counts kept by a store ----------------------------------------
// What one recommendation adds to the status counts on every date on or
// after its last fact (last_fact_date): all of them are fixed then but
// awaiting_response and overdue, which turn on the date. A store keeps the
// shares of every recommendation beside its facts and adds them up for a
// report, instead of reading every record (docs/storage.md).
struct StatusShare {
  StatusCounts fixed;  // awaiting_response and overdue are 0
  // Open, issued and some responsible unit has not answered: awaiting a
  // response up to this date, overdue after it. nullopt otherwise.
  std::optional<Date> pending_due;
};

struct StatusShares {
  std::optional<Date> last_fact;                           // as last_fact_date
  bool counted = false;                                    // issued: the shares below count
  StatusShare recommendation;                              // for the totals and its evaluation
  std::vector<std::pair<std::string, StatusShare>> units;  // per responsible unit, record's order
  // Open and some unit has not answered, issued or not (drafts too, as
  // `list --overdue` counts them): overdue after this date.
  std::optional<Date> unanswered_due;
  std::vector<std::optional<Date>> unit_unanswered_due;  // the same, per unit
  // Some key action is owed: overdue after this date (open_actions_due).
  std::optional<Date> actions_due;
};

StatusShares status_shares(const RecommendationRecord& r);

// Adds a share to counts, for a date on or after the recommendation's last fact.
void add_share(StatusCounts& counts, const StatusShare& share, Date as_of);

// ---- overdue ---------------------------------------------------------------

// One responsible unit's missing response past the follow-up due date.
struct OverdueResponse {
  std::string ref;
  std::string evaluation;
  int number = 0;
  std::string unit;
  Date due;           // in force on the as-of date
  Date original_due;  // the memo's
  int days_overdue = 0;
  AgeingBucket ageing = AgeingBucket::days_1_30;
};

struct OverdueAction {
  std::string ref;
  long long id = 0;
  std::string description;
  std::string unit;             // the action's owner
  std::string responding_unit;  // whose response holds it
  Date due;                     // in force on the as-of date
  Date original_due;            // as proposed
  int days_overdue = 0;
  AgeingBucket ageing = AgeingBucket::days_1_30;
};

// One unit's overdue responses by age (indexed like all_ageing_buckets())
// and overdue key actions.
struct UnitOverdue {
  std::string unit;
  std::array<int, 5> responses{};
  int actions = 0;
  friend bool operator==(const UnitOverdue&, const UnitOverdue&) = default;
};

struct OverdueReport {
  Date as_of;
  HistoryHead head;
  // Most overdue first; then by reference, units in the record's order.
  std::vector<OverdueResponse> responses;
  std::vector<OverdueAction> actions;
  // Counts per ageing bucket, indexed like all_ageing_buckets().
  std::array<int, 5> response_ageing{};
  std::array<int, 5> action_ageing{};
  // The same per unit (a response's unit, an action's owner): units owing
  // something, by code.
  std::vector<UnitOverdue> by_unit;
  // When > 0, each list holds only its `limit` most overdue (the counts
  // above, by_unit's too, are always of all): keep_most_overdue.
  int limit = 0;
};

OverdueReport overdue_report(const std::vector<RecommendationRecord>& records, Date as_of);
// The units' counts as OverdueReport::by_unit holds them: by code, each
// with its code (the map's key).
std::vector<UnitOverdue> unit_overdue_rows(std::map<std::string, UnitOverdue>&& units);

// Records the limit and, when it is > 0, orders each list (order) and keeps
// its `limit` most overdue; the counts stay whole. Applied after each page
// added (add_page), it keeps exactly what applying it once to the whole
// report would; with 0, order the whole report once it is complete.
void keep_most_overdue(OverdueReport& report, int limit);

// ---- rates -----------------------------------------------------------------

struct Rate {
  int numerator = 0;
  int denominator = 0;
  // numerator / denominator; nullopt when the denominator is 0.
  [[nodiscard]] std::optional<double> value() const;
};

struct Rates {
  Rate acceptance;  // accepting unit responses / unit responses
  // Recommendations every unit accepted or partially accepted / recommendations
  // every unit responded to (as the Joint Inspection Unit counts).
  Rate acceptance_by_recommendation;
  Rate implementation;     // implemented / accepted recommendations
  Rate on_time;            // unit responses on time / unit responses due (responded or overdue)
  Rate within_extension;   // unit responses within an extension / unit responses due
  Rate action_completion;  // actions done / actions not cancelled nor no longer applicable
};

struct RatesRow {
  std::string key;  // year of issue ("2001") or unit code
  Rates rates;
};

struct RatesReport {
  Date as_of;
  HistoryHead head;
  Rates total;
  std::vector<RatesRow> by_year;  // ascending
  std::vector<RatesRow> by_unit;  // by code
};

RatesReport rates_report(const std::vector<RecommendationRecord>& records, Date as_of);

// ---- annual: the report to the governing body ------------------------------
// What an evaluation office presents each year (docs/reports.md, "The
// annual report"), for the years first_year..last_year, as of a date: the
// evaluations issued in those years, the rates (report rates' whole
// report, of the same date), the recommendations outstanding more than two
// years and the priority ones, and what is overdue by unit.

// One evaluation issued in the years, with its recommendations' counts.
struct AnnualEvaluation {
  std::string code;
  std::string title;
  Date issued;
  StatusCounts counts;
};

// Issued recommendations of one year of issue by their response status
// (FollowUpFacts::response) as of the report's date.
struct ResponsesInYear {
  std::string year;
  int on_time = 0;
  int within_extension = 0;
  int late = 0;
  int overdue = 0;
  int awaiting = 0;
};

struct AnnualReport {
  int first_year = 0;
  int last_year = 0;
  Date as_of;
  HistoryHead head;
  std::vector<AnnualEvaluation> evaluations;  // issued in the years, by date then code
  RatesReport rates;                          // of every year, as `report rates`
  // Open on as_of and issued more than k_long_outstanding_days before it,
  // longest open first; at most k_annual_list_max, of `long_outstanding_total`.
  std::vector<StatusLine> long_outstanding;
  int long_outstanding_total = 0;
  // Of high priority and open on as_of, or issued in the years; by
  // reference; at most k_annual_list_max, of `priority_total`.
  std::vector<StatusLine> priority;
  int priority_total = 0;
  std::vector<UnitOverdue> overdue_by_unit;        // units owing something, by code
  std::vector<ResponsesInYear> responses_by_year;  // every year of issue, ascending
};

inline constexpr int k_long_outstanding_days = 730;  // two years
inline constexpr std::size_t k_annual_list_max = 500;

// Whether `line` belongs to the annual report's lists; and the lists'
// order (long_outstanding: issued first; priority: by reference).
bool is_long_outstanding(const StatusLine& line, Date as_of);
bool is_annual_priority(const StatusLine& line, int first_year, int last_year);

// Adds r (sign +1) or takes it away (-1), rate by rate.
void add_rates(Rates& into, const Rates& r, int sign = 1);

// ---- rates kept by a store --------------------------------------------------
// What one recommendation adds to the rates on every date on or after its
// last fact: all of it is fixed then but the unit responses that fall
// overdue, which count in the on-time denominators from the day after the
// date in force (status_shares' unit pending_due). A store keeps the shares
// beside the facts and adds them up (docs/storage.md).
struct RecommendationRates {
  std::string year;  // of issue: its by_year row; the total adds up the years
  Rates year_rates;
  std::vector<RatesRow> units;  // by code: the responsible units and the actions' owners
};

// nullopt for a recommendation not issued (it counts in no rate).
std::optional<RecommendationRates> rates_shares(const RecommendationRecord& r);
// Counts `overdue` unit responses overdue on the date into the denominators
// of on_time and within_extension.
void add_overdue_responses(Rates& rates, int overdue);

// ---- unit U: what the unit owes ------------------------------------------------

enum class OwedKind { response, action };
std::string_view to_string(OwedKind k);

struct OwedItem {
  OwedKind kind = OwedKind::response;
  Date due;           // in force on the as-of date
  Date original_due;  // the memo's, or the action's as proposed
  std::string ref;
  std::string text;         // the recommendation's text, or the action's description
  long long action_id = 0;  // 0 for a response
  // The office's latest rating of the recommendation, beside the claims.
  std::optional<ClaimedStatus> office_rating;
  bool overdue = false;
  int days_overdue = 0;
  std::optional<AgeingBucket> ageing;
};

struct UnitReport {
  std::string unit;
  Date as_of;
  HistoryHead head;
  std::vector<OwedItem> items;  // by due date, then reference, responses before actions
  int responses_due = 0;
  int actions_due = 0;
  int overdue = 0;
};

// Responses the unit owes (it is responsible, has not responded, the
// recommendation is issued and open) and actions it owns that are not done
// (on open recommendations). An unknown unit owes nothing.
UnitReport unit_report(const std::vector<RecommendationRecord>& records, std::string_view unit, Date as_of);

// ---- reports made a page of records at a time ------------------------------
// A store hands records over in pages, in reference order; a report is made
// per page and the pages' reports added up, so memory holds the answer
// only. Adding pages in order, then ordering once, gives exactly the report
// of all the records at once (app/report_json_test.cc).
void add_page(StatusReport& into, StatusReport&& page);
void add_page(OverdueReport& into, OverdueReport&& page);
void add_page(RatesReport& into, const RatesReport& page);
void add_page(UnitReport& into, UnitReport&& page);
// Puts the items of a report added up from pages in the report's order.
void order(OverdueReport& report);
void order(UnitReport& report);

}  // namespace followup
