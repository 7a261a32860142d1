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
          {"due", rec.due.iso()},
          {"priority", std::string(to_string(rec.priority))}};
}

json json_of(const Evaluation& evaluation) {
  return {{"code", evaluation.code},
          {"title", evaluation.title},
          {"memo", json_of(evaluation.memo)},
          {"disclosed", evaluation.disclosed},
          {"issued", json_of(evaluation.issued)},
          {"recommendations", evaluation.recommendations.size()}};
}

json json_of(const Recorded& r) { return {{"at", r.at}, {"late", r.late}, {"on_behalf", r.on_behalf}}; }

json json_of(const ActionEvent& e) {
  return {{"id", e.id},
          {"on", e.on.iso()},
          {"status", e.status ? json(std::string(to_string(*e.status))) : json(nullptr)},
          {"due", json_of(e.due)},
          {"reason", e.reason},
          {"by", e.by},
          {"report", e.report == 0 ? json(nullptr) : json(e.report)},
          {"recorded", json_of(e.recorded)}};
}

json json_of(const KeyAction& action) {
  json events = json::array();
  for (const auto& e : action.events) events.push_back(json_of(e));
  return {{"id", action.id},
          {"description", action.description},
          {"unit", action.unit},
          {"due", action.due.iso()},
          {"added_on", action.added.iso()},
          {"by", action.by},
          {"recorded", json_of(action.recorded)},
          {"events", events}};
}

json json_of(const ManagementResponse& response) {
  json actions = json::array();
  for (const auto& a : response.actions) actions.push_back(json_of(a));
  return {{"unit", response.unit},
          {"decision", std::string(to_string(response.decision))},
          {"rationale", response.rationale},
          {"responded_on", response.responded.iso()},
          {"by", response.by},
          {"recorded", json_of(response.recorded)},
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
          {"evidence", evidence},
          {"recorded", json_of(report.recorded)}};
}

json json_of(const Validation& validation) {
  return {{"rating", validation.rating},
          {"comment", validation.comment},
          {"validated_on", validation.validated.iso()},
          {"by", validation.by},
          {"recorded", json_of(validation.recorded)}};
}

json json_of(const ClosingEvent& closing) {
  json evidence = json::array();
  for (const auto& e : closing.evidence) evidence.push_back(json_of(e));
  json j = {{"id", closing.id},         {"kind", closing.reopening ? "reopening" : "closing"},
            {"on", closing.on.iso()},   {"by", closing.by},
            {"reason", closing.reason}, {"recorded", json_of(closing.recorded)}};
  if (!closing.reopening) {
    j["outcome"] = std::string(to_string(closing.outcome));
    j["waiver"] = closing.waiver;
    j["override"] = closing.override_reason;
    j["unresponsive"] = closing.unresponsive;
    j["evidence"] = evidence;
  }
  return j;
}

json json_of(const Extension& extension) {
  return {{"id", extension.id},
          {"unit", extension.unit.empty() ? json(nullptr) : json(extension.unit)},
          {"due", extension.due.iso()},
          {"reason", extension.reason},
          {"granted_on", extension.granted.iso()},
          {"by", extension.by},
          {"recorded", json_of(extension.recorded)}};
}

json json_of(const Revision& revision) {
  return {{"id", revision.id},
          {"on", revision.on.iso()},
          {"text", revision.text},
          {"units", revision.units},
          {"responsible", revision.responsible},
          {"priority", std::string(to_string(revision.priority))},
          {"reason", revision.reason},
          {"by", revision.by},
          {"recorded", json_of(revision.recorded)}};
}

}  // namespace followup
