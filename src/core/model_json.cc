#include "core/model_json.h"

#include "core/names.h"

namespace followup {

using nlohmann::json;

json json_of(const std::optional<Date>& date) { return date ? json(date->iso()) : json(nullptr); }

json json_of(const Unit& unit) {
  return {{"code", unit.code},
          {"name", unit.name},
          {"kind", unit.kind},
          {"parent", unit.parent},
          {"head_title", unit.head_title},
          {"aliases", unit.aliases},
          {"emails", unit.emails}};
}

json json_of(const User& user) {
  json roles = json::array();
  for (auto r : user.roles) roles.push_back(std::string(to_string(r)));
  return {{"name", user.name},
          {"full_name", user.full_name},
          {"email", user.email},
          {"roles", roles},
          {"units", user.units}};
}

json json_of(const MemoHeader& memo) {
  return {{"date", json_of(memo.date)},
          {"from", memo.from},
          {"to", memo.to},
          {"cc", memo.cc},
          {"subject", memo.subject}};
}

json json_of(const Recommendation& rec, std::string_view evaluation_code) {
  return {{"ref", std::string(evaluation_code) + "#" + std::to_string(rec.number)},
          {"evaluation", evaluation_code},
          {"number", rec.number},
          {"text", rec.text},
          {"responsible", rec.responsible},
          {"units", rec.units},
          {"due", rec.due.iso()}};
}

json json_of(const Evaluation& evaluation) {
  return {{"code", evaluation.code},
          {"title", evaluation.title},
          {"memo", json_of(evaluation.memo)},
          {"disclosed", evaluation.disclosed},
          {"issued", json_of(evaluation.issued)},
          {"recommendations", evaluation.recommendations.size()}};
}

json json_of(const KeyAction& action) {
  return {{"id", action.id},
          {"description", action.description},
          {"unit", action.unit},
          {"due", action.due.iso()},
          {"done", json_of(action.done)}};
}

json json_of(const ManagementResponse& response) {
  json actions = json::array();
  for (const auto& a : response.actions) actions.push_back(json_of(a));
  return {{"unit", response.unit},
          {"decision", std::string(to_string(response.decision))},
          {"rationale", response.rationale},
          {"responded_on", response.responded.iso()},
          {"by", response.by},
          {"actions", actions}};
}

json json_of(const Evidence& evidence) {
  return {{"sha256", evidence.sha256},
          {"name", evidence.name},
          {"media_type", evidence.media_type},
          {"size", evidence.size}};
}

json json_of(const ProgressReport& report) {
  json evidence = json::array();
  for (const auto& e : report.evidence) evidence.push_back(json_of(e));
  return {{"id", report.id},
          {"unit", report.unit},
          {"status", std::string(to_string(report.status))},
          {"text", report.text},
          {"reported_on", report.reported.iso()},
          {"by", report.by},
          {"actions_done", report.actions_done},
          {"evidence", evidence}};
}

json json_of(const Validation& validation) {
  return {{"rating", validation.rating},
          {"comment", validation.comment},
          {"validated_on", validation.validated.iso()},
          {"by", validation.by}};
}

json json_of(const Closure& closure) {
  json evidence = json::array();
  for (const auto& e : closure.evidence) evidence.push_back(json_of(e));
  return {{"outcome", std::string(to_string(closure.outcome))},
          {"closed_on", closure.closed.iso()},
          {"by", closure.by},
          {"waiver", closure.waiver},
          {"evidence", evidence}};
}

}  // namespace followup
