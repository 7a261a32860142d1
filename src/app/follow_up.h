// The follow-up steps of DESIGN.md's process (3 to 6): issue, edit,
// respond, add actions, report progress, validate, close, reopen.
//
// Each step: finds the acting user (app/users.h), checks the step against
// the rules of core/workflow.h, writes in one transaction and appends to the
// history of the recommendation. A refused step writes nothing. `on` is
// the step's own date, so past follow-up can be entered. A unit the step
// needs and is not given is invalid_argument with the field "unit".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/evidence.h"
#include "app/session.h"

namespace followup::app {

Status issue_evaluation(const Session& session, std::string_view code, Date on);

// Marks an evaluation disclosed (the public may read it once issued,
// DESIGN.md's anonymous visitors) or withdraws it; the evaluation office
// only. Nothing changes, and no history entry is made, when it is so
// already. not_found for an unknown evaluation.
Status disclose_evaluation(const Session& session, std::string_view code, bool disclosed);

// Before issue an edit corrects the draft (text, due date, units,
// priority). After issue it is a dated revision (text, units, priority)
// with a reason; the due date then moves only by extension.
struct RecommendationEdit {
  std::optional<std::string> text;
  std::optional<Date> due;
  std::optional<std::vector<std::string>> units;  // names or codes, lead first
  std::optional<Priority> priority;
  std::string reason;  // required after issue
};
Status edit_recommendation(const Session& session, std::string_view ref, const RecommendationEdit& edit,
                           Date on);

struct ActionRequest {
  std::string description;
  std::string unit;  // name or code of the owner unit
  Date due;
};

struct ResponseRequest {
  std::string unit;  // name or code of the responding unit
  Decision decision = Decision::accepted;
  std::string rationale;
  std::vector<ActionRequest> actions;
};
// The stored response, with the ids of its actions.
Result<ManagementResponse> respond(const Session& session, std::string_view ref,
                                   const ResponseRequest& request, Date on);

// An action added later by a unit that has responded.
struct AddActionRequest {
  std::string unit;  // name or code of the unit adding it
  ActionRequest action;
};
Result<KeyAction> add_action(const Session& session, std::string_view ref, const AddActionRequest& request,
                             Date on);

struct ProgressRequest {
  std::string unit;  // name or code
  ClaimedStatus status = ClaimedStatus::in_progress;
  std::string text;
  std::vector<long long> actions_done;
  std::vector<EvidenceFile> evidence;
};
// The stored report with its evidence (hash, name, type, size).
Result<ProgressReport> report_progress(const Session& session, std::string_view ref,
                                       const ProgressRequest& request, const EvidencePolicy& policy, Date on);

struct ValidationRequest {
  std::string rating;  // a claimed status word: implemented, in_progress, ...
  std::string comment;
};
Status validate(const Session& session, std::string_view ref, const ValidationRequest& request, Date on);

struct CloseRequest {
  Outcome outcome = Outcome::implemented;
  std::string waiver;                  // why no evidence is needed for implemented
  std::string override_reason;         // why implemented is closed without the office's rating
  std::string reason;                  // why it closes while a unit never responded
  std::vector<EvidenceFile> evidence;  // the office's own, attached to the closing
};
Result<ClosingEvent> close_recommendation(const Session& session, std::string_view ref,
                                          const CloseRequest& request, const EvidencePolicy& policy, Date on);

struct ReopenRequest {
  std::string reason;
};
Status reopen_recommendation(const Session& session, std::string_view ref, const ReopenRequest& request,
                             Date on);

// A new follow-up due date, for one unit (by name or code) or, with `unit`
// empty, for every unit that has not responded. The memo's date is kept.
struct ExtensionRequest {
  std::string unit;
  Date due;
  std::string reason;
};
Result<Extension> extend(const Session& session, std::string_view ref, const ExtensionRequest& request,
                         Date on);

// A unit's request for a later follow-up due date (core/model.h,
// DueDateRequest): the unit by name or code, the date asked for, why.
struct DueDateAsk {
  std::string unit;
  Date due;
  std::string reason;
};
Result<DueDateRequest> request_due_date(const Session& session, std::string_view ref, const DueDateAsk& ask,
                                        Date on);

// The office's answer to request `id`: a grant extends the unit's due date
// to the date asked for (an Extension, as `extend` makes) and records the
// answer with it; a refusal needs the office's reasons.
struct DueDateReply {
  bool grant = false;
  std::string text;
};
Result<DueDateRequest> answer_due_date(const Session& session, long long id, const DueDateReply& reply,
                                       Date on);

// The requests the acting user may see, oldest first: of one
// recommendation (`ref`) or of all; with `pending_only`, the unanswered.
Result<std::vector<DueDateRequest>> due_date_requests(const Session& session,
                                                      std::optional<std::string_view> ref, bool pending_only);

struct ActionUpdate {
  std::string unit;  // the unit acting: the action's owner or the unit whose response holds it
  std::optional<ActionStatus> status;
  std::optional<Date> due;  // a revised due date (the original is kept)
  std::string reason;
};
Result<ActionEvent> update_action(const Session& session, std::string_view ref, long long action_id,
                                  const ActionUpdate& update, Date on);

}  // namespace followup::app
