// Printing of command answers as text or CSV, and as JSON from
// app/json_views.h. No decisions here.
#pragma once

#include <ostream>
#include <vector>

#include "app/import.h"
#include "app/queries.h"
#include "app/show.h"

namespace followup::cli {

enum class OutputFormat { text, json, csv };

void print_import_outcome(std::ostream& out, std::ostream& err, const std::string& file,
                          const app::ImportOutcome& outcome, bool json);
void print_units(std::ostream& out, const std::vector<Unit>& units, bool json);
void print_users(std::ostream& out, const std::vector<User>& users, bool json);
// `list --json`: an array of app::json_of(row, units).
void print_recommendation_list(std::ostream& out, const std::vector<app::ListedRecommendation>& rows,
                               const std::vector<Unit>& units, OutputFormat format);
// `show`: as text for people, or app::json_of(shown).
void print_recommendation(std::ostream& out, const app::RecommendationShow& shown, bool json);

}  // namespace followup::cli
