// The dry-run JSON of DESIGN.md ("followup import --dry-run --json").
#pragma once

#include <nlohmann/json.hpp>

#include "importer/memo_parser.h"

namespace followup::importer {

// {"memo":{"date","from","to","cc","subject"},"evaluation":{"code","title"},
//  "recommendations":[{"number","text","responsible","units","due"}],
//  "warnings":[{"line","message"}]}; "date" is null when the memo has none,
// a "units" entry is null where the name did not resolve.
nlohmann::json dry_run_json(const ParsedMemo& memo);

}  // namespace followup::importer
