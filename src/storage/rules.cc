#include "storage/rules.h"

#include <set>
#include <string>

#include "core/names.h"
#include "core/reference.h"
#include "util/sha256.h"

namespace followup::store_rules {

Status check_unit(const Unit& unit) {
  if (unit.code.empty()) return make_error(ErrorCode::invalid_argument, "a unit needs a code");
  return {};
}

Status check_user(const User& user) {
  if (user.name.empty()) return make_error(ErrorCode::invalid_argument, "a user needs a name");
  return {};
}

Status check_user_lists(const User& user) {
  std::set<Role> roles(user.roles.begin(), user.roles.end());
  if (roles.size() != user.roles.size())
    return make_error(ErrorCode::invalid_argument, "user " + user.name + " lists a role twice");
  std::set<std::string> units(user.units.begin(), user.units.end());
  if (units.size() != user.units.size())
    return make_error(ErrorCode::invalid_argument, "user " + user.name + " lists a unit twice");
  return {};
}

Status check_evaluation(const Evaluation& evaluation, std::string_view content_hash) {
  if (evaluation.code.empty()) return make_error(ErrorCode::invalid_argument, "an evaluation needs a code");
  return check_content_hash(evaluation.code, content_hash);
}

Status check_content_hash(std::string_view evaluation, std::string_view content_hash) {
  if (content_hash.empty())
    return make_error(ErrorCode::invalid_argument,
                      "evaluation " + std::string(evaluation) + " needs a content hash");
  return {};
}

Status check_validation(std::string_view ref, const Validation& validation) {
  if (!parse_claimed_status(validation.rating))
    return make_error(ErrorCode::invalid_argument, "rating '" + validation.rating + "' of " +
                                                       std::string(ref) + " is not one of " +
                                                       std::string(claimed_status_words()));
  return {};
}

Status check_revision(std::string_view ref, const Revision& revision) {
  if (revision.responsible.size() != revision.units.size())
    return make_error(ErrorCode::invalid_argument,
                      "revision of " + std::string(ref) + ": units and names differ in number");
  return {};
}

Status check_blob(const Evidence& meta, std::string_view content) {
  if (!util::is_sha256_hex(meta.sha256))
    return make_error(ErrorCode::invalid_argument,
                      "evidence " + meta.name + ": '" + meta.sha256 + "' is not a lower-case hex SHA-256");
  std::string actual = util::sha256_hex(content);
  if (actual != meta.sha256)
    return make_error(ErrorCode::invalid_argument,
                      "evidence " + meta.name + ": its content hashes to " + actual + ", not " + meta.sha256);
  return {};
}

Status check_history_key(const HistoryKey* key) {
  if (key == nullptr)
    return make_error(ErrorCode::unavailable,
                      "the history key is not loaded, so nothing can be written (every change is signed)");
  return {};
}

Status check_recommendation_units(std::string_view evaluation, const Recommendation& rec,
                                  const RequireUnit& require_unit) {
  std::string ref = recommendation_ref(evaluation, rec.number);
  if (!rec.responsible.empty() && rec.responsible.size() != rec.units.size())
    return make_error(ErrorCode::invalid_argument,
                      "recommendation " + ref + " has " + std::to_string(rec.units.size()) +
                          " unit codes but " + std::to_string(rec.responsible.size()) + " names as written");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < rec.units.size(); ++i) {
    const std::string& code = rec.units[i];
    if (code.empty()) {
      std::string message = "recommendation " + ref + ": '";
      message += rec.responsible.empty() ? "unit " + std::to_string(i + 1) : rec.responsible[i];
      message += "' has no unit code (unresolved name)";
      return make_error(ErrorCode::invalid_argument, std::move(message));
    }
    if (!seen.insert(code).second) {
      std::string message = "recommendation " + ref + " lists unit ";
      message += code;
      message += " twice";
      return make_error(ErrorCode::invalid_argument, std::move(message));
    }
    if (auto st = require_unit(code, "recommendation " + ref); !st) return st;
  }
  return {};
}

Status check_recommendations(const Evaluation& evaluation, const RequireUnit& require_unit) {
  std::set<int> numbers;
  for (const Recommendation& rec : evaluation.recommendations) {
    if (!numbers.insert(rec.number).second)
      return make_error(
          ErrorCode::already_exists,
          "recommendation " + recommendation_ref(evaluation.code, rec.number) + " appears twice");
    if (auto st = check_recommendation_units(evaluation.code, rec, require_unit); !st) return st;
  }
  return {};
}

Error unit_not_in_directory(std::string_view code, std::string_view context) {
  return make_error(ErrorCode::not_found,
                    std::string(context) + ": unit " + std::string(code) + " is not in the unit directory");
}

Error unit_exists(std::string_view code) {
  return make_error(ErrorCode::already_exists, "unit " + std::string(code) + " already exists");
}

Error unit_not_found(std::string_view code) {
  return make_error(ErrorCode::not_found, "unit " + std::string(code) + " not found");
}

Error user_exists(std::string_view name) {
  return make_error(ErrorCode::already_exists, "user " + std::string(name) + " already exists");
}

Error user_not_found(std::string_view name) {
  return make_error(ErrorCode::not_found, "user " + std::string(name) + " not found");
}

Error evaluation_exists(std::string_view code) {
  return make_error(ErrorCode::already_exists, "evaluation " + std::string(code) + " already exists");
}

Error evaluation_not_found(std::string_view code) {
  return make_error(ErrorCode::not_found, "evaluation " + std::string(code) + " not found");
}

Error memo_imported_as(std::string_view evaluation) {
  return make_error(ErrorCode::already_exists,
                    "this memo was already imported as evaluation " + std::string(evaluation));
}

Error recommendation_not_found(std::string_view evaluation, int number) {
  return make_error(ErrorCode::not_found,
                    "recommendation " + recommendation_ref(evaluation, number) + " not found");
}

Error not_responded(std::string_view unit, std::string_view ref) {
  return make_error(ErrorCode::not_found,
                    "unit " + std::string(unit) + " has not responded to " + std::string(ref) + " yet");
}

Error action_not_found(long long action) {
  return make_error(ErrorCode::not_found, "key action " + std::to_string(action) + " not found");
}

Error action_not_of(long long action, std::string_view ref) {
  return make_error(ErrorCode::not_found,
                    "key action " + std::to_string(action) + " is not an action of " + std::string(ref));
}

Error evidence_not_stored(const Evidence& evidence) {
  return make_error(ErrorCode::not_found, "evidence " + evidence.name + " (" + evidence.sha256 +
                                              ") has not been stored: put its content first");
}

Error write_in_read_transaction(std::string_view what) {
  return make_error(
      ErrorCode::failed_precondition,
      std::string(what) + ": refused in a read transaction (Store::read); writes need Store::run");
}

Error transaction_ended() {
  return make_error(ErrorCode::internal, "the transaction has ended: an earlier failure rolled it back");
}

Error counts_not_kept(Date last_fact, Date as_of) {
  return make_error(ErrorCode::failed_precondition,
                    "the kept counts hold from " + last_fact.iso() + " on, not for " + as_of.iso());
}

}  // namespace followup::store_rules
