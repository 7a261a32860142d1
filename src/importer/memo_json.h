// The dry-run JSON of DESIGN.md ("followup import --dry-run --json").
#pragma once

#include <nlohmann/json.hpp>

#include "importer/memo_parser.h"

namespace followup::importer {

// {"memo":{"date","from","to","cc","subject"},"evaluation":{"code","title"},
//  "recommendations":[{"number","text","responsible","units","due"}],
//  "warnings":[{"kind","line","excerpt","message"}]}; "date" is null when the
// memo has none, a "units" entry is null where the name did not resolve, a
// warning's "kind" is its WarningKind's word and "excerpt" the input text it
// is about ("" when none).
nlohmann::json dry_run_json(const ParsedMemo& memo);

}  // namespace followup::importer
