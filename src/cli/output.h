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
// `list`, printed a row at a time as the rows come (app::for_each_listed),
// so that nothing holds the whole answer: as text (a header, then a line a
// row, or "no recommendations match"), CSV, or JSON (an array of
// app::json_of(row, units), byte for byte what dumping the whole array
// with an indent of 2 prints). `finish` ends the answer.
class RecommendationListPrinter {
 public:
  RecommendationListPrinter(std::ostream& out, const std::vector<Unit>& units, OutputFormat format);
  void row(const app::ListedRecommendation& row);
  void finish();

 private:
  std::ostream& m_out;
  const std::vector<Unit>& m_units;
  OutputFormat m_format;
  long long m_rows = 0;
};
// `show`: as text for people, or app::json_of(shown).
void print_recommendation(std::ostream& out, const app::RecommendationShow& shown, bool json);

}  // namespace followup::cli
