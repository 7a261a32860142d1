#include "app/follow_up.h"

#include <nlohmann/json.hpp>

#include "app/evidence.h"
#include "app/history_log.h"
#include "app/users.h"
#include "core/model_json.h"
#include "core/names.h"
#include "core/reference.h"
#include "core/unit_directory.h"
#include "core/workflow.h"

namespace followup::app {

namespace {

using nlohmann::json;

// What every step on one recommendation needs, loaded in its transaction.
struct StepContext {
  User actor;
  RecommendationRecord record;
  UnitDirectory directory;
  std::string ref;
};

Result<StepContext> load(Transaction& tx, const Session& session, std::string_view ref_text) {
  auto ref = parse_recommendation_ref(ref_text);
  if (!ref) return ref.error();
  auto actor = acting_user(tx, session);
  if (!actor) return actor.error();
  auto record = tx.find_recommendation(ref->evaluation, ref->number);
  if (!record) return record.error();
  if (!*record) return make_error(ErrorCode::not_found, "no recommendation " + ref->str());
  auto units = tx.list_units();
  if (!units) return units.error();
  return StepContext{std::move(*actor), std::move(**record), UnitDirectory(std::move(*units)), ref->str()};
}

// A unit named by code, name, alias or head title — exact matches only:
// a step is never credited to a unit guessed by place.
Result<std::string> unit_code(const UnitDirectory& directory, std::string_view name) {
  if (name.empty()) return make_error(ErrorCode::invalid_argument, "a unit is required (--unit)");
  auto match = directory.resolve(name);
  if (!match || match->how == MatchKind::place)
    return make_error(ErrorCode::not_found, "no unit '" + std::string(name) + "' in the unit directory");
  return match->unit->code;
}

std::string entity_of(const std::string& ref) { return "recommendation:" + ref; }

json follow_up_json(const RecommendationRecord& r) {
  json responses = json::array();
  for (const auto& x : r.follow_up.responses) responses.push_back(json_of(x));
  json j = {{"responses", responses}};
  j["closure"] = r.follow_up.closure ? json_of(*r.follow_up.closure) : json(nullptr);
  return j;
}

Result<KeyAction> action_of(const UnitDirectory& directory, const ActionRequest& request) {
  auto owner = unit_code(directory, request.unit);
  if (!owner) return owner.error();
  KeyAction a;
  a.description = request.description;
  a.unit = *owner;
  a.due = request.due;
  return a;
}

}  // namespace

Status issue_evaluation(const Session& session, std::string_view code, Date on) {
  return session.store.run([&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    auto evaluation = tx.find_evaluation(code);
    if (!evaluation) return evaluation.error();
    if (!*evaluation) return make_error(ErrorCode::not_found, "no evaluation '" + std::string(code) + "'");
    auto records =
        tx.list_recommendations(RecommendationFilter{std::nullopt, std::string(code), std::nullopt});
    if (!records) return records.error();
    if (records->empty())
      return make_error(ErrorCode::failed_precondition,
                        "evaluation " + std::string(code) + " has no recommendations to issue");
    for (const auto& record : *records)
      if (auto st = check_step(*actor, Step::issue, record, {}); !st) return st;
    if (auto st = tx.set_evaluation_issued(code, on); !st) return st;
    if (auto st = record_change(tx, session, "evaluation:" + std::string(code), "issue", nullptr,
                                json{{"issued", on.iso()}});
        !st)
      return st;
    for (const auto& record : *records) {
      const auto ref = record.evaluation + "#" + std::to_string(record.rec.number);
      if (auto st = record_change(tx, session, entity_of(ref), "issue", nullptr, json{{"issued", on.iso()}});
          !st)
        return st;
    }
    return {};
  });
}

Status edit_recommendation(const Session& session, std::string_view ref, const RecommendationEdit& edit,
                           Date on) {
  return session.store.run([&](Transaction& tx) -> Status {
    auto ctx = load(tx, session, ref);
    if (!ctx) return ctx.error();
    if (auto st = check_edit(ctx->actor, ctx->record, edit.reason); !st) return st;
    Recommendation updated = ctx->record.rec;
    if (edit.text) {
      if (edit.text->empty()) return make_error(ErrorCode::invalid_argument, "the text cannot be empty");
      updated.text = *edit.text;
    }
    if (edit.due) updated.due = *edit.due;
    if (edit.units) {
      if (edit.units->empty())
        return make_error(ErrorCode::invalid_argument, "at least one unit is required");
      updated.units.clear();
      updated.responsible.clear();
      for (const auto& name : *edit.units) {
        auto code = unit_code(ctx->directory, name);
        if (!code) return code.error();
        updated.units.push_back(*code);
        updated.responsible.push_back(name);
      }
    }
    if (auto st = tx.update_recommendation(ctx->record.evaluation, updated); !st) return st;
    json after = json_of(updated, ctx->record.evaluation);
    after["edited_on"] = on.iso();
    if (!edit.reason.empty()) after["reason"] = edit.reason;
    return record_change(tx, session, entity_of(ctx->ref), ctx->record.issued ? "edit_after_issue" : "edit",
                         json_of(ctx->record.rec, ctx->record.evaluation), after);
  });
}

Result<ManagementResponse> respond(const Session& session, std::string_view ref,
                                   const ResponseRequest& request, Date on) {
  ManagementResponse response;
  auto st = session.store.run([&](Transaction& tx) -> Status {
    auto ctx = load(tx, session, ref);
    if (!ctx) return ctx.error();
    auto unit = unit_code(ctx->directory, request.unit);
    if (!unit) return unit.error();
    response.unit = *unit;
    response.decision = request.decision;
    response.rationale = request.rationale;
    response.responded = on;
    response.by = ctx->actor.name;
    for (const auto& a : request.actions) {
      auto action = action_of(ctx->directory, a);
      if (!action) return action.error();
      response.actions.push_back(*action);
    }
    if (auto s = check_response(ctx->actor, ctx->record, response); !s) return s;
    const auto actions = std::move(response.actions);
    response.actions.clear();
    if (auto s = tx.put_response(ctx->record.evaluation, ctx->record.rec.number, response); !s) return s;
    for (auto action : actions) {
      auto id =
          tx.add_action_to_response(ctx->record.evaluation, ctx->record.rec.number, response.unit, action);
      if (!id) return id.error();
      action.id = *id;
      response.actions.push_back(action);
    }
    return record_change(tx, session, entity_of(ctx->ref), "respond", nullptr, json_of(response));
  });
  if (!st) return st.error();
  return response;
}

Result<KeyAction> add_action(const Session& session, std::string_view ref, std::string_view unit_name,
                             const ActionRequest& request, Date on) {
  KeyAction action;
  auto st = session.store.run([&](Transaction& tx) -> Status {
    auto ctx = load(tx, session, ref);
    if (!ctx) return ctx.error();
    auto unit = unit_code(ctx->directory, unit_name);
    if (!unit) return unit.error();
    auto built = action_of(ctx->directory, request);
    if (!built) return built.error();
    action = *built;
    if (auto s = check_add_action(ctx->actor, ctx->record, *unit, action); !s) return s;
    auto id = tx.add_action_to_response(ctx->record.evaluation, ctx->record.rec.number, *unit, action);
    if (!id) return id.error();
    action.id = *id;
    json after = json_of(action);
    after["added_on"] = on.iso();
    after["by_unit"] = *unit;
    return record_change(tx, session, entity_of(ctx->ref), "add_action", nullptr, after);
  });
  if (!st) return st.error();
  return action;
}

Result<ProgressReport> report_progress(const Session& session, std::string_view ref,
                                       const ProgressRequest& request, const EvidencePolicy& policy,
                                       Date on) {
  ProgressReport report;
  std::vector<const EvidenceFile*> contents;
  for (const auto& file : request.evidence) {
    auto admitted = admit_evidence(file, policy);
    if (!admitted) return admitted.error();
    report.evidence.push_back(*admitted);
    contents.push_back(&file);
  }
  auto st = session.store.run([&](Transaction& tx) -> Status {
    auto ctx = load(tx, session, ref);
    if (!ctx) return ctx.error();
    auto unit = unit_code(ctx->directory, request.unit);
    if (!unit) return unit.error();
    report.unit = *unit;
    report.status = request.status;
    report.text = request.text;
    report.reported = on;
    report.by = ctx->actor.name;
    report.actions_done = request.actions_done;
    if (auto s = check_progress_report(ctx->actor, ctx->record, report); !s) return s;
    for (std::size_t i = 0; i < report.evidence.size(); ++i)
      if (auto s = tx.put_blob(report.evidence[i], contents[i]->content); !s) return s;
    for (auto id : report.actions_done)
      if (auto s = tx.set_action_done(id, on); !s) return s;
    auto id = tx.add_report(ctx->record.evaluation, ctx->record.rec.number, report);
    if (!id) return id.error();
    report.id = *id;
    json after = json_of(report);
    for (std::size_t i = 0; i < report.evidence.size(); ++i)
      after["evidence"][i]["original_name"] = original_evidence_name(request.evidence[i]);
    return record_change(tx, session, entity_of(ctx->ref), "report_progress", nullptr, after);
  });
  if (!st) return st.error();
  return report;
}

Status validate(const Session& session, std::string_view ref, std::string_view rating,
                std::string_view comment, Date on) {
  return session.store.run([&](Transaction& tx) -> Status {
    auto ctx = load(tx, session, ref);
    if (!ctx) return ctx.error();
    Validation v{std::string(rating), std::string(comment), on, ctx->actor.name};
    if (auto s = check_validation(ctx->actor, ctx->record, v); !s) return s;
    if (auto s = tx.add_validation(ctx->record.evaluation, ctx->record.rec.number, v); !s) return s;
    return record_change(tx, session, entity_of(ctx->ref), "validate", nullptr, json_of(v));
  });
}

Result<Closure> close_recommendation(const Session& session, std::string_view ref, Outcome outcome,
                                     std::string_view waiver, const std::vector<EvidenceFile>& evidence,
                                     const EvidencePolicy& policy, Date on) {
  Closure c{outcome, on, {}, std::string(waiver), {}};
  for (const auto& file : evidence) {
    auto admitted = admit_evidence(file, policy);
    if (!admitted) return admitted.error();
    c.evidence.push_back(*admitted);
  }
  auto st = session.store.run([&](Transaction& tx) -> Status {
    auto ctx = load(tx, session, ref);
    if (!ctx) return ctx.error();
    c.by = ctx->actor.name;
    if (auto s = check_close(ctx->actor, ctx->record, c); !s) return s;
    for (std::size_t i = 0; i < c.evidence.size(); ++i)
      if (auto s = tx.put_blob(c.evidence[i], evidence[i].content); !s) return s;
    if (auto s = tx.set_closure(ctx->record.evaluation, ctx->record.rec.number, c); !s) return s;
    json after = json_of(c);
    for (std::size_t i = 0; i < c.evidence.size(); ++i)
      after["evidence"][i]["original_name"] = original_evidence_name(evidence[i]);
    return record_change(tx, session, entity_of(ctx->ref), "close", follow_up_json(ctx->record), after);
  });
  if (!st) return st.error();
  return c;
}

Status reopen_recommendation(const Session& session, std::string_view ref, std::string_view reason, Date on) {
  return session.store.run([&](Transaction& tx) -> Status {
    auto ctx = load(tx, session, ref);
    if (!ctx) return ctx.error();
    if (auto s = check_reopen(ctx->actor, ctx->record, reason); !s) return s;
    if (auto s = tx.set_closure(ctx->record.evaluation, ctx->record.rec.number, std::nullopt); !s) return s;
    return record_change(tx, session, entity_of(ctx->ref), "reopen", json_of(*ctx->record.follow_up.closure),
                         json{{"reopened_on", on.iso()}, {"reason", reason}});
  });
}

}  // namespace followup::app
