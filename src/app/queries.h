// Read-only use cases: who owes what, by when.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/session.h"

namespace followup::app {

struct ListQuery {
  std::optional<std::string> unit;        // a unit code, name, alias or head title
  std::optional<std::string> evaluation;  // evaluation code
  bool overdue_only = false;
  std::optional<Date> due_before;  // follow-up due strictly before
  Date as_of;
};

struct ListedRecommendation {
  RecommendationRecord record;
  int days_overdue = 0;  // 0 when the follow-up is not overdue as of the query's date
};

// Days the follow-up confirmation is overdue on `as_of`: as_of - due when
// the due date has passed, the recommendation is not closed and some
// responsible unit had not responded by as_of; else 0. The memo's date runs
// from the memo itself, issued or not: a draft past its date is overdue too
// (the reports, which count the office's workload, take issued ones only).
int follow_up_days_overdue(const RecommendationRecord& record, Date as_of);

// Recommendations matching the query, ordered by evaluation and number.
// An unknown unit or evaluation is not_found (not an empty list).
Result<std::vector<ListedRecommendation>> list_recommendations(const Session& session,
                                                               const ListQuery& query);

// One recommendation with its follow-up; not_found when absent.
Result<RecommendationRecord> find_recommendation(const Session& session, std::string_view ref);

// The evaluation and its recommendations; not_found when absent.
Result<Evaluation> find_evaluation(const Session& session, std::string_view code);

// History entries of one entity (e.g. "recommendation:PLACMI-2#1"), or all.
Result<std::vector<HistoryEntry>> history_of(const Session& session, std::optional<std::string_view> entity);

}  // namespace followup::app
