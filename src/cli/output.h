// Formatting of command answers as text, JSON or CSV. No decisions here.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "app/import.h"
#include "app/queries.h"

namespace followup::cli {

enum class OutputFormat { text, json, csv };

void print_import_outcome(std::ostream& out, std::ostream& err, const std::string& file,
                          const app::ImportOutcome& outcome, bool json);
void print_units(std::ostream& out, const std::vector<Unit>& units, bool json);
void print_users(std::ostream& out, const std::vector<User>& users, bool json);
// `list --json`: an array of objects with ref, evaluation, number, text,
// responsible (unit names, lead first), units (codes), due, days_overdue.
void print_recommendation_list(std::ostream& out, const std::vector<app::ListedRecommendation>& rows,
                               const std::vector<Unit>& units, OutputFormat format);
// `show --json`: the recommendation, each unit's state and response (with
// on_time), actions with status, progress reports, evidence, the office's
// rating and the closure.
nlohmann::json recommendation_json(const RecommendationRecord& record, const std::vector<Unit>& units,
                                   Date as_of);
void print_recommendation(std::ostream& out, const RecommendationRecord& record,
                          const std::vector<Unit>& units, Date as_of,
                          const std::vector<HistoryEntry>* history, bool json);

}  // namespace followup::cli
