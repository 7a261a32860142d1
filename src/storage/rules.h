// The rules every backend keeps, with the words of their errors: what a
// write must carry, what it may not repeat, and how a missing or duplicate
// thing is named. Backend-independent and free of SQL, so that no backend
// can keep a rule differently or word its error otherwise; a backend
// supplies only the lookups (store.h states which error each call answers).
#pragma once

#include <functional>
#include <string_view>

#include "core/model.h"
#include "core/result.h"
#include "storage/store.h"

namespace followup::store_rules {

// ---- Checks of a value alone, in the order the backend must make them.

// invalid_argument "a unit needs a code".
Status check_unit(const Unit& unit);
// invalid_argument "a user needs a name".
Status check_user(const User& user);
// invalid_argument when a role or a unit is listed twice.
Status check_user_lists(const User& user);
// invalid_argument when the evaluation has no code or the memo no hash.
Status check_evaluation(const Evaluation& evaluation, std::string_view content_hash);
// invalid_argument when an evaluation is given an empty content hash.
Status check_content_hash(std::string_view evaluation, std::string_view content_hash);
// invalid_argument when the rating is not a ClaimedStatus name.
Status check_validation(std::string_view ref, const Validation& validation);
// invalid_argument when the revision's units and names differ in number.
Status check_revision(std::string_view ref, const Revision& revision);
// invalid_argument when meta.sha256 is not the lower-case hex SHA-256 of
// `content`.
Status check_blob(const Evidence& meta, std::string_view content);
// unavailable without the history key (nothing can be signed).
Status check_history_key(const HistoryKey* key);

// ---- Checks that need the store: `require_unit(code, context)` answers
// unit_not_in_directory (or the store's failure) for a code the directory
// lacks.
using RequireUnit = std::function<Status(std::string_view code, std::string_view context)>;

// The responsible units of a recommendation: names as many as codes (or
// none), every code resolved, known, and listed once.
Status check_recommendation_units(std::string_view evaluation, const Recommendation& rec,
                                  const RequireUnit& require_unit);
// Every recommendation of a new evaluation: numbers unique, units as above.
Status check_recommendations(const Evaluation& evaluation, const RequireUnit& require_unit);

// ---- The errors a backend's lookups answer.

Error unit_not_in_directory(std::string_view code, std::string_view context);  // not_found
Error unit_exists(std::string_view code);                                      // already_exists
Error unit_not_found(std::string_view code);                                   // not_found
Error user_exists(std::string_view name);                                      // already_exists
Error user_not_found(std::string_view name);                                   // not_found
Error evaluation_exists(std::string_view code);                                // already_exists
Error evaluation_not_found(std::string_view code);                             // not_found
// already_exists: a memo of this content was imported as `evaluation`.
Error memo_imported_as(std::string_view evaluation);
Error recommendation_not_found(std::string_view evaluation, int number);  // not_found
// not_found: `unit` has no response to the recommendation `ref`.
Error not_responded(std::string_view unit, std::string_view ref);
Error action_not_found(long long action);                     // not_found
Error action_not_of(long long action, std::string_view ref);  // not_found
Error evidence_not_stored(const Evidence& evidence);          // not_found
// failed_precondition: a write inside Store::read; `what` names the write.
Error write_in_read_transaction(std::string_view what);
// internal: the backend ended the transaction after a failure.
Error transaction_ended();
// failed_precondition: the kept counts hold from `last_fact` on only.
Error counts_not_kept(Date last_fact, Date as_of);

}  // namespace followup::store_rules
