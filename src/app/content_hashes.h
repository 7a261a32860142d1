// Bringing stored content hashes to the canonical form (docs/import.md,
// "The memo's identity"; docs/storage.md, "Content hashes of stores made
// before the canonical form"). Until then a store's evaluations.content_hash
// was the SHA-256 of the JSON the command line printed for the parsed memo;
// an evaluation whose hash is of that old form is given the canonical hash,
// a journaled write carried by its own history entry, so that the history
// still makes every table (verify-history).
#pragma once

#include <string>
#include <vector>

#include "app/session.h"

namespace followup::app {

struct ContentHashUpgrade {
  int upgraded = 0;  // old-form hashes replaced by the canonical one
  int current = 0;   // already canonical
  // Evaluations whose hash is neither form of the memo as imported: left
  // as they are.
  std::vector<std::string> unrecognised;
};

// Within `tx`: for each evaluation, the memo as imported (the stored
// evaluation, or, when it was edited since, the history's import entries)
// is hashed both ways; a stored old-form hash is replaced
// (Transaction::set_evaluation_content_hash) and the change recorded as
// "evaluation:CODE" "rehash", before {"content_hash": old}, after
// {"content_hash": new, "form": "followup-memo-1"}. `followup init` on an
// existing store runs it; until then import finds a memo imported before
// by either hash (an index lookup each).
Result<ContentHashUpgrade> upgrade_content_hashes(Transaction& tx, const Session& session);

// The same in a transaction of its own (`followup init` on an existing store).
Result<ContentHashUpgrade> upgrade_content_hashes(const Session& session);

// The old form, kept only to recognise it: the SHA-256 of the compact JSON
// {"evaluation":{"code","title"},"memo":{"cc","date","from","subject","to"},
// "recommendations":[{"due","number","responsible","text"}]}, keys sorted.
std::string legacy_content_hash(const Evaluation& imported);

}  // namespace followup::app
