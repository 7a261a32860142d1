// Reads the follow-up tracker an office kept before followup (docs/import.md,
// "Trackers"): a table with one row per recommendation, or per key action,
// giving the evaluation, the recommendation and what became of it, in a
// CSV file or in an Excel workbook's first visible sheet with content. Its
// header row may have a title above it; its columns are found by their
// headers (English, Spanish or French) or named by a mapping. Parsing is pure: bytes in, a value or an error
// out; app/tracker.h enters the result in the store.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/model.h"
#include "core/result.h"

namespace followup::importer {

// What a tracker's columns hold, by the field's name (used in mappings).
//   evaluation   the evaluation's code (required)
//   title        its title (a new evaluation's; default: the code)
//   issued       the day it was issued (a new evaluation's memo date)
//   number       the recommendation's number (required)
//   recommendation, units, due   its text, responsible units and due date
//                (required for an evaluation the store does not hold)
//   decision, responded, rationale   the units' management response and its date
//   action, action_owner, action_due   one key action (a row per action)
//   status, status_date   where it stood, and since when
const std::vector<std::string>& tracker_fields();

// Where a recommendation stood, from the status column's words.
enum class TrackerStatus {
  open,                    // "open", "not started", "pending", "" : nothing more
  in_progress,             // "in progress", "ongoing", "partially implemented"
  implemented,             // "implemented", "completed": the units claim it
  closed_implemented,      // "closed - implemented", "closed": the office closed it as implemented
  closed_not_implemented,  // "closed - not implemented", "not implemented"
  no_longer_applicable,    // "no longer applicable", "closed - no longer applicable", "n/a"
};
std::string_view to_string(TrackerStatus s);

struct TrackerAction {
  std::string description;
  std::string owner;  // as written; empty: the recommendation's first unit
  Date due;
  int line = 0;
};

// One recommendation, from its rows (consecutive or not).
struct TrackerRecommendation {
  std::string evaluation;
  int number = 0;
  std::string title;
  std::optional<Date> issued;
  std::string text;
  std::vector<std::string> units;  // as written, lead first
  std::optional<Date> due;
  std::optional<Decision> decision;
  std::optional<Date> responded;
  std::string rationale;
  std::vector<TrackerAction> actions;
  TrackerStatus status = TrackerStatus::open;
  std::optional<Date> status_date;
  std::vector<int> lines;  // where its rows start
};

struct ParsedTracker {
  std::map<std::string, std::string> columns;          // field -> the header that holds it
  std::vector<std::string> unused_columns;             // headers no field reads
  std::vector<TrackerRecommendation> recommendations;  // by evaluation, number
};

// Bounds, as for memos: input over a bound is refused, never cut.
inline constexpr std::size_t k_tracker_max_bytes = std::size_t{20} * 1024 * 1024;
inline constexpr std::size_t k_tracker_max_rows = 100000;
inline constexpr std::size_t k_tracker_max_field_bytes = std::size_t{64} * 1024;

struct TrackerOptions {
  std::string file_name = "-";
  // field -> header, from a mapping file; fields it does not name are found
  // by their headers.
  std::map<std::string, std::string> mapping;
};

// A mapping file: a JSON object from field names to the headers that hold
// them, {"recommendation": "Texte de la recommandation", ...}.
// invalid_argument naming the file and what is wrong.
Result<std::map<std::string, std::string>> parse_tracker_mapping(std::string_view bytes,
                                                                 std::string_view file_name);

// The bytes are an Excel workbook when they look like one
// (xlsx::looks_like_xlsx), CSV otherwise. invalid_argument with file and
// line (a workbook's row, its message naming the sheet) for the first thing
// it cannot read:
// a missing required column, a row without its evaluation or number, a
// date, decision or status it does not know, a row that contradicts an
// earlier row of the same recommendation.
Result<ParsedTracker> parse_tracker(std::string_view bytes, const TrackerOptions& options);

}  // namespace followup::importer
