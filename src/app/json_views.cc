#include "app/json_views.h"

#include "core/derived.h"
#include "core/names.h"
#include "core/reference.h"
#include "core/unit_directory.h"
#include "importer/memo_json.h"

namespace followup::app {

using nlohmann::json;

namespace {

std::string ref_of(const RecommendationRecord& r) { return recommendation_ref(r.evaluation, r.rec.number); }

json unit_follow_up_json(const UnitFollowUp& u) {
  return {{"unit", u.unit},
          {"state", std::string(to_string(u.state))},
          {"responded_on", json_of(u.responded_on)},
          {"decision", u.decision ? json(std::string(to_string(*u.decision))) : json(nullptr)},
          {"due", u.due.iso()},
          {"extended_due", json_of(u.extended_due)},
          {"on_time", u.on_time ? json(*u.on_time) : json(nullptr)},
          {"within_extension", u.within_extension},
          {"days_late", u.days_late},
          {"overdue", u.overdue},
          {"days_overdue", u.days_overdue},
          {"claimed_status", u.claim ? json(std::string(to_string(*u.claim))) : json(nullptr)},
          {"claimed_on", json_of(u.claimed_on)}};
}

}  // namespace

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

json json_of(const MemoView& view) {
  json out = json_of(view.evaluation);
  json recommendations = json::array();
  for (const auto& rec : view.evaluation.recommendations) {
    json item = json_of(rec, view.evaluation.code);
    json extensions = json::array();
    if (auto found = view.extensions.find(rec.number); found != view.extensions.end())
      for (const auto& extension : found->second) extensions.push_back(json_of(extension));
    item["extensions"] = std::move(extensions);
    recommendations.push_back(std::move(item));
  }
  out["recommendations"] = std::move(recommendations);
  return out;
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

json json_of(const OutboxMessage& m) {
  return {{"id", m.id},
          {"day", m.day},
          {"recipient", m.recipient},
          {"name", m.name},
          {"subject", m.subject},
          {"notices", m.notices},
          {"message_id", m.message_id},
          {"state", m.state},
          {"attempts", m.attempts},
          {"next_attempt", m.next_attempt},
          {"last_error", m.last_error},
          {"sent_at", m.sent_at}};
}

json json_of(const CalendarFeed& f) {
  return {{"id", f.id},
          {"kind", f.kind},
          {"owner", f.owner},
          {"created_at", f.created_at},
          {"created_by", f.created_by},
          {"revoked_at", f.revoked_at.empty() ? json() : json(f.revoked_at)}};
}

json json_of(const DueDateRequest& q) {
  json answer = nullptr;
  if (q.answer)
    answer = {{"granted", q.answer->granted},
              {"text", q.answer->text},
              {"extension", q.answer->extension == 0 ? json(nullptr) : json(q.answer->extension)},
              {"on", q.answer->on.iso()},
              {"by", q.answer->by},
              {"recorded", json_of(q.answer->recorded)}};
  return {{"id", q.id},
          {"ref", recommendation_ref(q.evaluation, q.number)},
          {"evaluation", q.evaluation},
          {"number", q.number},
          {"unit", q.unit},
          {"due", q.due.iso()},
          {"reason", q.reason},
          {"requested_on", q.requested.iso()},
          {"by", q.by},
          {"recorded", json_of(q.recorded)},
          {"answer", answer}};
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

json json_of(const ImportOutcome& outcome) {
  json j = importer::dry_run_json(outcome.memo);
  if (outcome.status != ImportStatus::previewed)
    j["status"] = outcome.status == ImportStatus::imported ? "imported" : "already imported";
  return j;
}

json json_of(const ListedRecommendation& row, const std::vector<Unit>& units) {
  const auto& r = row.record;
  // Member by member rather than from an initializer list, which builds
  // and then destroys a [key, value] array for each: a page has many rows.
  json j(json::value_t::object);
  j.emplace("ref", ref_of(r));
  j.emplace("evaluation", r.evaluation);
  j.emplace("number", r.rec.number);
  j.emplace("text", r.rec.text);
  j.emplace("responsible", unit_names(units, r.rec.units));
  j.emplace("units", r.rec.units);
  j.emplace("responsible_as_written", r.rec.responsible);
  j.emplace("due", r.rec.due.iso());
  j.emplace("issued", json_of(r.issued));
  j.emplace("days_overdue", row.days_overdue);
  return j;
}

json recommendation_json(const RecommendationRecord& stored, const std::vector<Unit>& units, Date as_of) {
  const auto facts = follow_up_facts(stored, as_of);
  const RecommendationRecord record = view_as_of(stored, as_of);
  json j = json_of(record.rec, record.evaluation);
  j["responsible"] = unit_names(units, record.rec.units);
  j["responsible_as_written"] = record.rec.responsible;
  j["issued"] = json_of(record.issued);
  j["as_of"] = as_of.iso();
  j["state"] = std::string(to_string(facts.state));
  j["response_status"] = std::string(to_string(facts.response));
  j["days_overdue"] = follow_up_days_overdue(record, as_of);
  json unit_states = json::array();
  for (const auto& u : facts.units) unit_states.push_back(unit_follow_up_json(u));
  j["unit_states"] = unit_states;
  json responses = json::array();
  for (const auto& r : record.follow_up.responses) {
    json rj = json_of(r);
    for (const auto& u : facts.units)
      if (u.unit == r.unit) {
        rj["on_time"] = u.on_time ? json(*u.on_time) : json(nullptr);
        rj["days_late"] = u.days_late;
      }
    responses.push_back(rj);
  }
  j["responses"] = responses;
  json actions = json::array();
  for (const auto& a : action_facts(record, as_of)) {
    json aj = json_of(a.action);
    aj["status"] = std::string(to_string(a.status));
    aj["overdue"] = a.overdue;
    aj["due_in_force"] = a.due.iso();
    aj["done_on"] = json_of(a.done);
    aj["responding_unit"] = a.responding_unit;
    aj["days_overdue"] = a.days_overdue;
    actions.push_back(aj);
  }
  j["actions"] = actions;
  json reports = json::array();
  json evidence = json::array();
  for (const auto& r : record.follow_up.reports) {
    reports.push_back(json_of(r));
    for (const auto& e : r.evidence) evidence.push_back(json_of(e));
  }
  for (const auto& c : record.follow_up.closings)
    for (const auto& e : c.evidence) evidence.push_back(json_of(e));
  j["progress_reports"] = reports;
  j["evidence"] = evidence;  // every file: the units' reports', then the office's closing
  json validations = json::array();
  for (const auto& v : record.follow_up.validations) validations.push_back(json_of(v));
  j["validations"] = validations;
  j["office_rating"] =
      record.follow_up.validations.empty() ? json(nullptr) : json(record.follow_up.validations.back().rating);
  const ClosingEvent* closure = current_closure(record.follow_up);
  j["closure"] = closure ? json_of(*closure) : json(nullptr);
  json closings = json::array();
  for (const auto& c : record.follow_up.closings) closings.push_back(json_of(c));
  j["closings"] = closings;
  json extensions = json::array();
  for (const auto& e : record.follow_up.extensions) extensions.push_back(json_of(e));
  j["extensions"] = extensions;
  json revisions = json::array();
  for (const auto& r : stored.follow_up.revisions)
    if (r.on <= as_of) revisions.push_back(json_of(r));
  j["revisions"] = revisions;
  j["original_text"] = stored.rec.text;
  j["entered_late"] = facts.entered_late;
  return j;
}

json json_of(const std::vector<HistoryEntry>& history) {
  json entries = json::array();
  for (const auto& h : history)
    entries.push_back({{"id", h.id},
                       {"actor", h.event.actor},
                       {"at", h.event.at},
                       {"action", h.event.action},
                       {"before", json::parse(h.event.before, nullptr, false)},
                       {"after", json::parse(h.event.after, nullptr, false)},
                       {"hash", h.hash}});
  return entries;
}

json json_of(const RecommendationShow& shown) {
  json j = recommendation_json(shown.record, shown.units, shown.as_of);
  if (shown.history) j["history"] = json_of(*shown.history);
  return j;
}

json json_of(const EvidenceItem& item) {
  json j = json_of(item.evidence);
  j["attached_to"] = item.attached_to;
  j["on"] = item.on.iso();
  return j;
}

}  // namespace followup::app
