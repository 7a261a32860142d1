#include "app/follow_up.h"

#include <map>
#include <nlohmann/json.hpp>

#include "app/evidence.h"
#include "app/history_log.h"
#include "app/json_views.h"
#include "app/users.h"
#include "core/derived.h"
#include "core/names.h"
#include "core/reference.h"
#include "core/unit_directory.h"
#include "core/workflow.h"

namespace followup::app {

namespace {

using nlohmann::json;

// The units a step names, by code, name, alias or head title — exact
// matches only: a step is never credited to a unit guessed by place. An
// exact code is found without the whole directory (a code is what resolve
// tries first, and codes are unique); the directory is read once, for the
// first name that is not one.
class UnitNames {
 public:
  explicit UnitNames(Transaction& tx) : m_tx(&tx) {}
  Result<std::string> code_of(std::string_view name) {
    if (name.empty()) return field_error(ErrorCode::invalid_argument, "unit", "a unit is required");
    auto exact = m_tx->find_unit(name);
    if (!exact) return exact.error();
    if (*exact) return (*exact)->code;
    if (!m_directory) {
      auto units = m_tx->list_units();
      if (!units) return units.error();
      m_directory.emplace(std::move(*units));
    }
    auto match = m_directory->resolve(name);
    if (!match || match->how == MatchKind::place)
      return make_error(ErrorCode::not_found, "no unit '" + std::string(name) + "' in the unit directory");
    return match->unit->code;
  }

 private:
  Transaction* m_tx;
  std::optional<UnitDirectory> m_directory;
};

// What every step on one recommendation needs, loaded in its transaction.
struct StepContext {
  User actor;
  RecommendationRecord record;
  UnitNames units;
  std::string ref;
  std::string entity;  // its history key
  std::string unit;    // the unit a unit step acts for (load_for_unit)
};

Result<StepContext> load(Transaction& tx, const Session& session, std::string_view ref_text) {
  auto ref = parse_recommendation_ref(ref_text);
  if (!ref) return ref.error();
  auto actor = acting_user(tx, session);
  if (!actor) return actor.error();
  auto record = tx.find_recommendation(ref->evaluation, ref->number);
  if (!record) return record.error();
  // What a user may not see answers as what does not exist.
  if (!*record || !can_see(*actor, **record))
    return make_error(ErrorCode::not_found, "no recommendation " + ref->str());
  if (session.expected_version) {
    auto version = tx.recommendation_version(ref->evaluation, ref->number);
    if (!version) return version.error();
    if (*version != *session.expected_version)
      return make_error(ErrorCode::conflict, ref->str() + " has changed since it was read (version " +
                                                 std::to_string(*version) + ", not " +
                                                 std::to_string(*session.expected_version) +
                                                 "); read it again and redo the change");
  }
  return StepContext{std::move(*actor),
                     std::move(**record),
                     UnitNames(tx),
                     ref->str(),
                     recommendation_entity(ref->evaluation, ref->number),
                     {}};
}

// The history's entry of a step on ctx's recommendation; then, when the
// session asks, the recommendation's version after the step.
Status record_step(Transaction& tx, const Session& session, const StepContext& ctx, std::string action,
                   const json& before, const json& after) {
  if (auto st = record_change(tx, session, ctx.entity, std::move(action), before, after); !st) return st;
  if (session.version_after == nullptr) return {};
  auto ref = parse_recommendation_ref(ctx.ref);
  if (!ref) return ref.error();
  auto version = tx.recommendation_version(ref->evaluation, ref->number);
  if (!version) return version.error();
  *session.version_after = *version;
  return {};
}

// load, for a step taken for a unit named by `unit_name` (see UnitNames).
Result<StepContext> load_for_unit(Transaction& tx, const Session& session, std::string_view ref,
                                  std::string_view unit_name) {
  auto ctx = load(tx, session, ref);
  if (!ctx) return ctx.error();
  auto unit = ctx->units.code_of(unit_name);
  if (!unit) return unit.error();
  ctx->unit = std::move(*unit);
  return ctx;
}

Result<KeyAction> action_of(UnitNames& units, const ActionRequest& request) {
  auto owner = units.code_of(request.unit);
  if (!owner) return owner.error();
  KeyAction a;
  a.description = request.description;
  a.unit = *owner;
  a.due = request.due;
  return a;
}

}  // namespace

namespace {

DatingPolicy dating(const Session& session) {
  return DatingPolicy{session.clock.today(), session.unit_backdate_days};
}

Recorded stamp(const Session& session, const User& actor, std::string_view unit, Date on) {
  return recorded_now(actor, unit, on, dating(session), session.clock.now_utc());
}

}  // namespace

Status issue_evaluation(const Session& session, std::string_view code, Date on) {
  return write_in(session, [&](Transaction& tx) -> Status {
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
    for (const auto& record : *records) {
      if (auto st = check_step(*actor, Step::issue, record, {}); !st) return st;
      if (auto st =
              check_fact_date(*actor, record, Step::issue, on, dating(session), (*evaluation)->memo.date);
          !st)
        return st;
    }
    if (auto st = tx.set_evaluation_issued(code, on); !st) return st;
    if (auto st =
            record_change(tx, session, evaluation_entity(code), "issue", nullptr, json{{"issued", on.iso()}});
        !st)
      return st;
    // Each recommendation's own history shows the issue too.
    for (const auto& record : *records)
      if (auto st = record_change(tx, session, recommendation_entity(record.evaluation, record.rec.number),
                                  "issue", nullptr, json{{"issued", on.iso()}});
          !st)
        return st;
    return {};
  });
}

Status disclose_evaluation(const Session& session, std::string_view code, bool disclosed) {
  return write_in(session, [&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    if (auto may = require_role(*actor, {Role::evaluation},
                                disclosed ? "disclose evaluations" : "withdraw evaluations from the public");
        !may)
      return may;
    auto evaluation = tx.find_evaluation(code);
    if (!evaluation) return evaluation.error();
    if (!*evaluation) return make_error(ErrorCode::not_found, "no evaluation '" + std::string(code) + "'");
    if ((*evaluation)->disclosed == disclosed) return {};
    if (auto st = tx.set_evaluation_disclosed(code, disclosed); !st) return st;
    return record_change(tx, session, evaluation_entity(code), disclosed ? "disclose" : "withdraw",
                         json{{"disclosed", !disclosed}}, json{{"disclosed", disclosed}});
  });
}

Status edit_recommendation(const Session& session, std::string_view ref, const RecommendationEdit& edit,
                           Date on) {
  return write_in(session, [&](Transaction& tx) -> Status {
    auto ctx = load(tx, session, ref);
    if (!ctx) return ctx.error();
    if (auto st = check_edit(ctx->actor, ctx->record, edit.reason); !st) return st;
    if (auto st = check_fact_date(ctx->actor, ctx->record, Step::edit, on, dating(session)); !st) return st;
    const bool issued = ctx->record.issued.has_value();
    if (issued && edit.due)
      return make_error(ErrorCode::failed_precondition,
                        "cannot edit " + ctx->ref + ": it was issued on " + ctx->record.issued->iso() +
                            ", so its due date " + ctx->record.rec.due.iso() +
                            " is the memo's and stays; grant an extension instead");
    // The wording in force on the edit's date: the memo's, or the latest
    // revision dated on or before it (a later revision stays later).
    Recommendation updated = view_as_of(ctx->record, on).rec;
    if (edit.text) {
      if (edit.text->empty())
        return field_error(ErrorCode::invalid_argument, "text", "the text cannot be empty");
      updated.text = *edit.text;
    }
    if (edit.due) updated.due = *edit.due;
    if (edit.priority) updated.priority = *edit.priority;
    if (edit.units) {
      if (edit.units->empty())
        return field_error(ErrorCode::invalid_argument, "units", "at least one unit is required");
      updated.units.clear();
      updated.responsible.clear();
      for (const auto& name : *edit.units) {
        auto code = ctx->units.code_of(name);
        if (!code) return code.error();
        updated.units.push_back(*code);
        updated.responsible.push_back(name);
      }
    }
    if (!issued) {
      if (auto st = tx.update_recommendation(ctx->record.evaluation, updated); !st) return st;
      return record_step(tx, session, *ctx, "edit", json_of(ctx->record.rec, ctx->record.evaluation),
                         json_of(updated, ctx->record.evaluation));
    }
    Revision revision;
    revision.on = on;
    revision.text = updated.text;
    revision.units = updated.units;
    revision.responsible = updated.responsible;
    if (revision.responsible.size() != revision.units.size()) revision.responsible = revision.units;
    revision.priority = updated.priority;
    revision.reason = edit.reason;
    revision.by = ctx->actor.name;
    revision.recorded = stamp(session, ctx->actor, {}, on);
    auto id = tx.add_revision(ctx->record.evaluation, ctx->record.rec.number, revision);
    if (!id) return id.error();
    revision.id = *id;
    return record_step(tx, session, *ctx, "revise", nullptr, json_of(revision));
  });
}

Result<ManagementResponse> respond(const Session& session, std::string_view ref,
                                   const ResponseRequest& request, Date on) {
  ManagementResponse response;
  auto st = write_in(session, [&](Transaction& tx) -> Status {
    auto ctx = load_for_unit(tx, session, ref, request.unit);
    if (!ctx) return ctx.error();
    const std::string& unit = ctx->unit;
    response.unit = unit;
    response.decision = request.decision;
    response.rationale = request.rationale;
    response.responded = on;
    response.by = ctx->actor.name;
    response.recorded = stamp(session, ctx->actor, unit, on);
    for (const auto& a : request.actions) {
      auto action = action_of(ctx->units, a);
      if (!action) return action.error();
      action->added = on;
      action->by = ctx->actor.name;
      action->recorded = response.recorded;
      response.actions.push_back(*action);
    }
    if (auto s = check_response(ctx->actor, ctx->record, response); !s) return s;
    if (auto s = check_fact_date(ctx->actor, ctx->record, Step::respond, on, dating(session)); !s) return s;
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
    return record_step(tx, session, *ctx, "respond", nullptr, json_of(response));
  });
  if (!st) return st.error();
  return response;
}

Result<KeyAction> add_action(const Session& session, std::string_view ref, const AddActionRequest& request,
                             Date on) {
  KeyAction action;
  auto st = write_in(session, [&](Transaction& tx) -> Status {
    auto ctx = load_for_unit(tx, session, ref, request.unit);
    if (!ctx) return ctx.error();
    const std::string& unit = ctx->unit;
    auto built = action_of(ctx->units, request.action);
    if (!built) return built.error();
    action = *built;
    action.added = on;
    action.by = ctx->actor.name;
    action.recorded = stamp(session, ctx->actor, unit, on);
    if (auto s = check_add_action(ctx->actor, ctx->record, unit, action); !s) return s;
    if (auto s = check_fact_date(ctx->actor, ctx->record, Step::add_action, on, dating(session)); !s)
      return s;
    auto id = tx.add_action_to_response(ctx->record.evaluation, ctx->record.rec.number, unit, action);
    if (!id) return id.error();
    action.id = *id;
    json after = json_of(action);
    after["by_unit"] = unit;
    return record_step(tx, session, *ctx, "add_action", nullptr, after);
  });
  if (!st) return st.error();
  return action;
}

Result<ActionEvent> update_action(const Session& session, std::string_view ref, long long action_id,
                                  const ActionUpdate& update, Date on) {
  ActionEvent event;
  auto st = write_in(session, [&](Transaction& tx) -> Status {
    auto ctx = load_for_unit(tx, session, ref, update.unit);
    if (!ctx) return ctx.error();
    const std::string& unit = ctx->unit;
    event.on = on;
    event.status = update.status;
    event.due = update.due;
    event.reason = update.reason;
    event.by = ctx->actor.name;
    event.recorded = stamp(session, ctx->actor, unit, on);
    if (auto s = check_action_update(ctx->actor, ctx->record, unit, action_id, event); !s) return s;
    if (auto s = check_fact_date(ctx->actor, ctx->record, Step::update_action, on, dating(session)); !s)
      return s;
    auto id = tx.add_action_event(action_id, event);
    if (!id) return id.error();
    event.id = *id;
    json after = json_of(event);
    after["action"] = action_id;
    after["by_unit"] = unit;
    return record_step(tx, session, *ctx, "update_action", nullptr, after);
  });
  if (!st) return st.error();
  return event;
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
  auto st = write_in(session, [&](Transaction& tx) -> Status {
    auto ctx = load_for_unit(tx, session, ref, request.unit);
    if (!ctx) return ctx.error();
    const std::string& unit = ctx->unit;
    report.unit = unit;
    report.status = request.status;
    report.text = request.text;
    report.reported = on;
    report.by = ctx->actor.name;
    report.actions_done = request.actions_done;
    report.recorded = stamp(session, ctx->actor, unit, on);
    if (auto s = check_progress_report(ctx->actor, ctx->record, report); !s) return s;
    if (auto s = check_fact_date(ctx->actor, ctx->record, Step::report_progress, on, dating(session)); !s)
      return s;
    for (std::size_t i = 0; i < report.evidence.size(); ++i)
      if (auto s = tx.put_blob(report.evidence[i], contents[i]->content); !s) return s;
    auto id = tx.add_report(ctx->record.evaluation, ctx->record.rec.number, report);
    if (!id) return id.error();
    report.id = *id;
    for (auto action : report.actions_done) {
      ActionEvent done;
      done.on = on;
      done.status = ActionStatus::done;
      done.by = ctx->actor.name;
      done.report = report.id;
      done.recorded = report.recorded;
      if (auto s = tx.add_action_event(action, done); !s) return s.error();
    }
    json after = json_of(report);
    for (std::size_t i = 0; i < report.evidence.size(); ++i)
      after["evidence"][i]["original_name"] = original_evidence_name(request.evidence[i]);
    return record_step(tx, session, *ctx, "report_progress", nullptr, after);
  });
  if (!st) return st.error();
  return report;
}

Status validate(const Session& session, std::string_view ref, const ValidationRequest& request, Date on) {
  return write_in(session, [&](Transaction& tx) -> Status {
    auto ctx = load(tx, session, ref);
    if (!ctx) return ctx.error();
    Validation v{request.rating, request.comment, on, ctx->actor.name, stamp(session, ctx->actor, {}, on)};
    if (auto s = check_validation(ctx->actor, ctx->record, v); !s) return s;
    if (auto s = check_fact_date(ctx->actor, ctx->record, Step::validate, on, dating(session)); !s) return s;
    if (auto s = tx.add_validation(ctx->record.evaluation, ctx->record.rec.number, v); !s) return s;
    return record_step(tx, session, *ctx, "validate", nullptr, json_of(v));
  });
}

Result<ClosingEvent> close_recommendation(const Session& session, std::string_view ref,
                                          const CloseRequest& request, const EvidencePolicy& policy,
                                          Date on) {
  ClosingEvent c;
  c.outcome = request.outcome;
  c.on = on;
  c.waiver = request.waiver;
  c.override_reason = request.override_reason;
  c.reason = request.reason;
  for (const auto& file : request.evidence) {
    auto admitted = admit_evidence(file, policy);
    if (!admitted) return admitted.error();
    c.evidence.push_back(*admitted);
  }
  auto st = write_in(session, [&](Transaction& tx) -> Status {
    auto ctx = load(tx, session, ref);
    if (!ctx) return ctx.error();
    c.by = ctx->actor.name;
    c.recorded = stamp(session, ctx->actor, {}, on);
    for (const auto& unit : ctx->record.rec.units) {
      const auto& rs = ctx->record.follow_up.responses;
      if (std::none_of(rs.begin(), rs.end(), [&](const ManagementResponse& r) { return r.unit == unit; }))
        c.unresponsive.push_back(unit);
    }
    if (auto s = check_close(ctx->actor, ctx->record, c); !s) return s;
    if (auto s = check_fact_date(ctx->actor, ctx->record, Step::close, on, dating(session)); !s) return s;
    for (std::size_t i = 0; i < c.evidence.size(); ++i)
      if (auto s = tx.put_blob(c.evidence[i], request.evidence[i].content); !s) return s;
    auto id = tx.add_closing(ctx->record.evaluation, ctx->record.rec.number, c);
    if (!id) return id.error();
    c.id = *id;
    json after = json_of(c);
    for (std::size_t i = 0; i < c.evidence.size(); ++i)
      after["evidence"][i]["original_name"] = original_evidence_name(request.evidence[i]);
    return record_step(tx, session, *ctx, "close", nullptr, after);
  });
  if (!st) return st.error();
  return c;
}

Status reopen_recommendation(const Session& session, std::string_view ref, const ReopenRequest& request,
                             Date on) {
  return write_in(session, [&](Transaction& tx) -> Status {
    auto ctx = load(tx, session, ref);
    if (!ctx) return ctx.error();
    if (auto s = check_reopen(ctx->actor, ctx->record, request.reason, on); !s) return s;
    if (auto s = check_fact_date(ctx->actor, ctx->record, Step::reopen, on, dating(session)); !s) return s;
    ClosingEvent r;
    r.reopening = true;
    r.on = on;
    r.by = ctx->actor.name;
    r.reason = request.reason;
    r.recorded = stamp(session, ctx->actor, {}, on);
    auto id = tx.add_closing(ctx->record.evaluation, ctx->record.rec.number, r);
    if (!id) return id.error();
    r.id = *id;
    return record_step(tx, session, *ctx, "reopen", nullptr, json_of(r));
  });
}

Result<Extension> extend(const Session& session, std::string_view ref, const ExtensionRequest& request,
                         Date on) {
  Extension e;
  auto st = write_in(session, [&](Transaction& tx) -> Status {
    auto ctx = load(tx, session, ref);
    if (!ctx) return ctx.error();
    if (!request.unit.empty()) {
      auto unit = ctx->units.code_of(request.unit);
      if (!unit) return unit.error();
      e.unit = *unit;
    }
    e.due = request.due;
    e.reason = request.reason;
    e.granted = on;
    e.by = ctx->actor.name;
    e.recorded = stamp(session, ctx->actor, {}, on);
    if (auto s = check_extension(ctx->actor, ctx->record, e); !s) return s;
    if (auto s = check_fact_date(ctx->actor, ctx->record, Step::extend, on, dating(session)); !s) return s;
    auto id = tx.add_extension(ctx->record.evaluation, ctx->record.rec.number, e);
    if (!id) return id.error();
    e.id = *id;
    return record_step(tx, session, *ctx, "extend", nullptr, json_of(e));
  });
  if (!st) return st.error();
  return e;
}

Result<DueDateRequest> request_due_date(const Session& session, std::string_view ref, const DueDateAsk& ask,
                                        Date on) {
  DueDateRequest q;
  auto st = write_in(session, [&](Transaction& tx) -> Status {
    auto ctx = load_for_unit(tx, session, ref, ask.unit);
    if (!ctx) return ctx.error();
    q.evaluation = ctx->record.evaluation;
    q.number = ctx->record.rec.number;
    q.unit = ctx->unit;
    q.due = ask.due;
    q.reason = ask.reason;
    q.requested = on;
    q.by = ctx->actor.name;
    q.recorded = stamp(session, ctx->actor, ctx->unit, on);
    auto pending = tx.list_due_date_requests(q.evaluation, q.number, true);
    if (!pending) return pending.error();
    if (auto s = check_due_date_request(ctx->actor, ctx->record, q, *pending); !s) return s;
    if (auto s = check_fact_date(ctx->actor, ctx->record, Step::respond, on, dating(session)); !s) return s;
    auto id = tx.add_due_date_request(q);
    if (!id) return id.error();
    q.id = *id;
    return record_step(tx, session, *ctx, "request_due_date", nullptr, json_of(q));
  });
  if (!st) return st.error();
  return q;
}

Result<DueDateRequest> answer_due_date(const Session& session, long long id, const DueDateReply& reply,
                                       Date on) {
  DueDateRequest q;
  auto st = write_in(session, [&](Transaction& tx) -> Status {
    auto found = tx.find_due_date_request(id);
    if (!found) return found.error();
    const auto not_found = make_error(ErrorCode::not_found, "no due-date request " + std::to_string(id));
    if (!*found) return not_found;
    q = std::move(**found);
    auto ctx = load(tx, session, recommendation_ref(q.evaluation, q.number));
    if (!ctx) return ctx.error().code == ErrorCode::not_found ? not_found : ctx.error();
    DueDateAnswer answer;
    answer.granted = reply.grant;
    answer.text = reply.text;
    answer.on = on;
    answer.by = ctx->actor.name;
    answer.recorded = stamp(session, ctx->actor, {}, on);
    if (auto s = check_due_date_answer(ctx->actor, ctx->record, q, answer); !s) return s;
    if (auto s = check_fact_date(ctx->actor, ctx->record, Step::extend, on, dating(session)); !s) return s;
    if (reply.grant) {
      Extension e;
      e.unit = q.unit;
      e.due = q.due;
      e.reason = "at " + q.unit + "'s request of " + q.requested.iso() + ": " + q.reason;
      e.granted = on;
      e.by = ctx->actor.name;
      e.recorded = answer.recorded;
      if (auto s = check_extension(ctx->actor, ctx->record, e); !s) return s;
      auto extension = tx.add_extension(q.evaluation, q.number, e);
      if (!extension) return extension.error();
      answer.extension = *extension;
    }
    if (auto s = tx.answer_due_date_request(q.id, answer); !s) return s;
    q.answer = answer;
    return record_step(tx, session, *ctx, reply.grant ? "grant_due_date" : "refuse_due_date", nullptr,
                       json_of(q));
  });
  if (!st) return st.error();
  return q;
}

Result<std::vector<DueDateRequest>> due_date_requests(const Session& session,
                                                      std::optional<std::string_view> ref,
                                                      bool pending_only) {
  std::vector<DueDateRequest> out;
  auto st = read_in(session, [&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    std::string evaluation;
    int number = 0;
    if (ref) {
      auto parsed = parse_recommendation_ref(*ref);
      if (!parsed) return parsed.error();
      evaluation = parsed->evaluation;
      number = parsed->number;
      auto record = tx.find_recommendation(evaluation, number);
      if (!record) return record.error();
      if (!*record || !can_see(*actor, **record))
        return make_error(ErrorCode::not_found, "no recommendation " + parsed->str());
    }
    auto all = tx.list_due_date_requests(evaluation, number, pending_only);
    if (!all) return all.error();
    // Each request's recommendation, read once, decides whether the user sees it.
    std::map<std::pair<std::string, int>, bool> seen;
    for (auto& q : *all) {
      const auto key = std::pair{q.evaluation, q.number};
      auto known = seen.find(key);
      if (known == seen.end()) {
        auto record = tx.find_recommendation(q.evaluation, q.number);
        if (!record) return record.error();
        known = seen.emplace(key, *record && can_see(*actor, **record)).first;
      }
      if (known->second) out.push_back(std::move(q));
    }
    return {};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace followup::app
