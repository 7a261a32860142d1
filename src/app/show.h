// `show`: one recommendation with what a page or a command shows beside
// it, read in one transaction so that its parts agree with each other.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "app/session.h"

namespace followup::app {

struct ShowQuery {
  Date as_of;            // the day it is judged on (overdue, states, wording in force)
  bool history = false;  // with its history entries
};

struct RecommendationShow {
  RecommendationRecord record;  // as stored, every dated fact; views take as_of
  // Its evaluation: code, title, the memo's header, issued and disclosed.
  // `recommendations` is left empty: the others are not this one's to show.
  Evaluation evaluation;
  std::vector<Unit> units;                           // the unit directory, to name the units
  std::optional<std::vector<HistoryEntry>> history;  // when asked for, oldest first
  Date as_of;
  long long version = 0;  // changes with every step on it (the API's ETag; Session::expected_version)
};

// The recommendation `ref` ("PLACMI-2#1"; "#01" is "#1") as the acting user
// may see it. invalid_argument for a malformed reference; not_found ("no
// recommendation PLACMI-2#9") when absent or not the user's to see (the
// same words); the acting user's errors (app/users.h) first.
Result<RecommendationShow> show_recommendation(const Session& session, std::string_view ref,
                                               const ShowQuery& query);

}  // namespace followup::app
