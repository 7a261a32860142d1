#include "app/show.h"

#include "app/users.h"
#include "core/reference.h"

namespace followup::app {

Result<RecommendationShow> show_recommendation(const Session& session, std::string_view ref,
                                               const ShowQuery& query) {
  auto parsed = parse_recommendation_ref(ref);
  if (!parsed) return parsed.error();
  std::optional<RecommendationShow> shown;
  auto st = read_in(session, [&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    auto record = tx.find_recommendation(parsed->evaluation, parsed->number);
    if (!record) return record.error();
    // What a user may not see answers as what does not exist.
    if (!*record || !can_see(*actor, **record)) return {};
    auto evaluation = tx.find_evaluation(parsed->evaluation);
    if (!evaluation) return evaluation.error();
    auto units = tx.list_units();
    if (!units) return units.error();
    RecommendationShow out{std::move(**record), {}, std::move(*units), std::nullopt, query.as_of};
    if (*evaluation) {
      out.evaluation = std::move(**evaluation);
      out.evaluation.recommendations.clear();
    }
    auto version = tx.recommendation_version(parsed->evaluation, parsed->number);
    if (!version) return version.error();
    out.version = *version;
    if (query.history) {
      auto entries = tx.history(recommendation_entity(parsed->evaluation, parsed->number));
      if (!entries) return entries.error();
      out.history = std::move(*entries);
    }
    shown = std::move(out);
    return {};
  });
  if (!st) return st.error();
  if (!shown) return make_error(ErrorCode::not_found, "no recommendation " + parsed->str());
  return std::move(*shown);
}

}  // namespace followup::app
