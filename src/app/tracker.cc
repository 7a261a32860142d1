#include "app/tracker.h"

#include <algorithm>

#include "app/follow_up.h"
#include "app/import.h"
#include "app/users.h"
#include "core/names.h"
#include "core/reference.h"
#include "core/unit_directory.h"
#include "render/table.h"
#include "util/text.h"

namespace followup::app {

namespace {

using importer::TrackerRecommendation;
using importer::TrackerStatus;

// "row 4" or "rows 4-6" (the rows a recommendation spans, first to last).
std::string rows_of(const TrackerRecommendation& rec) {
  const auto [lo, hi] = std::minmax_element(rec.lines.begin(), rec.lines.end());
  return *lo == *hi ? "row " + std::to_string(*lo)
                    : "rows " + std::to_string(*lo) + "-" + std::to_string(*hi);
}

// An error of a step, said as the tracker's: file, the recommendation's
// first row, its reference.
Error at_row(const TrackerRequest& request, const TrackerRecommendation& rec, const Error& e) {
  Error out = e;
  out.file = request.file_name;
  out.line = rec.lines.front();
  out.message = rec.evaluation + "#" + std::to_string(rec.number) + ": " + e.message;
  return out;
}

// The CSV memo of an evaluation the store lacks, made of its tracker rows
// (units as codes, dates as ISO), for import_memo to read.
Result<std::string> memo_of_rows(const TrackerRequest& request,
                                 const std::vector<const TrackerRecommendation*>& recs,
                                 const UnitDirectory& directory) {
  const TrackerRecommendation& first = *recs.front();
  std::string title;
  std::optional<Date> issued;
  for (const auto* rec : recs) {
    if (title.empty()) title = rec->title;
    if (!issued) issued = rec->issued;
  }
  if (title.empty()) title = first.evaluation;
  std::string csv = "Subject," + render::csv_field(title + " (" + first.evaluation + ")") + "\r\n";
  if (issued) csv += "Date," + issued->iso() + "\r\n";
  csv += "No.,Recommendation,Responsible,Due\r\n";
  for (const auto* rec : recs) {
    if (rec->text.empty() || rec->units.empty() || !rec->due)
      return at_row(request, *rec,
                    make_error(ErrorCode::invalid_argument,
                               "evaluation " + rec->evaluation +
                                   " is not in the store: the tracker must give each of its recommendations' "
                                   "text, responsible units and due date"));
    std::vector<std::string> codes;
    for (const auto& name : rec->units) {
      auto match = directory.resolve(name);
      if (!match || match->how == MatchKind::place)
        return at_row(request, *rec,
                      make_error(ErrorCode::invalid_argument,
                                 "unit '" + name +
                                     "' is not in the unit directory (add it with unit add, or "
                                     "an alias with unit alias)"));
      codes.push_back(match->unit->code);
    }
    csv += std::to_string(rec->number) + "," + render::csv_field(rec->text) + "," +
           render::csv_field(util::join(codes, "/")) + "," + rec->due->iso() + "\r\n";
  }
  return csv;
}

// "Entered from tracker.csv, rows 2-3."
std::string provenance(const TrackerRequest& request, const TrackerRecommendation& rec) {
  return "Entered from " + request.file_name + ", " + rows_of(rec) + ".";
}

// The units' response, then where the recommendation stood, as steps.
Status enter_follow_up(const Session& session, const TrackerRequest& request,
                       const TrackerRecommendation& rec, const std::vector<std::string>& units,
                       std::string& said) {
  const std::string ref = rec.evaluation + "#" + std::to_string(rec.number);
  const std::string note = provenance(request, rec);
  if (rec.decision) {
    for (std::size_t i = 0; i < units.size(); ++i) {
      ResponseRequest response{units[i], *rec.decision, rec.rationale, {}};
      // The key actions go with the lead unit's response, each to its owner.
      if (i == 0)
        for (const auto& a : rec.actions)
          response.actions.push_back(
              ActionRequest{a.description, a.owner.empty() ? units[0] : a.owner, a.due});
      if (response.decision != Decision::accepted && response.rationale.empty()) response.rationale = note;
      auto done = respond(session, ref, response, *rec.responded);
      if (!done) return done.error();
    }
    said += ": " + util::join(units, ", ") + " " + util::spaced(to_string(*rec.decision)) + " on " +
            rec.responded->iso();
    if (!rec.actions.empty())
      said += " with " + std::to_string(rec.actions.size()) +
              (rec.actions.size() == 1 ? " key action" : " key actions");
  } else {
    said += ": no response";
  }
  if (rec.status == TrackerStatus::open) return {};
  const Date on = *rec.status_date;
  said += "; " + std::string(importer::to_string(rec.status)) + " on " + on.iso();
  auto report_all = [&](ClaimedStatus status) -> Status {
    for (const auto& unit : units) {
      auto done =
          report_progress(session, ref, ProgressRequest{unit, status, note, {}, {}}, EvidencePolicy{}, on);
      if (!done) return done.error();
    }
    return {};
  };
  switch (rec.status) {
    case TrackerStatus::open:
      return {};
    case TrackerStatus::in_progress:
      return report_all(ClaimedStatus::in_progress);
    case TrackerStatus::implemented:
      return report_all(ClaimedStatus::implemented);
    case TrackerStatus::closed_implemented: {
      if (rec.decision) {
        if (auto st = report_all(ClaimedStatus::implemented); !st) return st;
        if (auto st = validate(session, ref, ValidationRequest{"implemented", note}, on); !st) return st;
      }
      CloseRequest close;
      close.outcome = Outcome::implemented;
      close.waiver = note + " The evidence stays where the tracker kept it.";
      if (!rec.decision) {
        close.override_reason = note;
        close.reason = note;
      }
      auto done = close_recommendation(session, ref, close, EvidencePolicy{}, on);
      return done ? Status{} : Status{done.error()};
    }
    case TrackerStatus::closed_not_implemented:
    case TrackerStatus::no_longer_applicable: {
      CloseRequest close;
      close.outcome = rec.status == TrackerStatus::closed_not_implemented ? Outcome::not_implemented
                                                                          : Outcome::no_longer_applicable;
      close.override_reason = note;
      if (!rec.decision) close.reason = note;
      auto done = close_recommendation(session, ref, close, EvidencePolicy{}, on);
      return done ? Status{} : Status{done.error()};
    }
  }
  return {};
}

// What import_tracker answers when a dry run has done everything: the
// transaction is rolled back by this error, which is not one.
constexpr const char* k_dry_run_done = "the tracker's dry run is done: nothing is kept";

}  // namespace

Result<TrackerOutcome> import_tracker(const Session& session, const TrackerRequest& request) {
  importer::TrackerOptions options;
  options.file_name = request.file_name;
  options.mapping = request.mapping;
  auto parsed = importer::parse_tracker(request.bytes, options);
  if (!parsed) return parsed.error();
  TrackerOutcome out;
  out.tracker = std::move(*parsed);
  out.dry_run = request.dry_run;
  bool rolled_back_on_purpose = false;
  auto st = session.store.run([&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    if (auto ok = require_role(*actor, {Role::evaluation}, "bring a tracker in"); !ok) return ok;
    Session within = session;
    within.within = &tx;
    within.expected_version.reset();
    within.version_after = nullptr;
    auto units = tx.list_units();
    if (!units) return units.error();
    const UnitDirectory directory(std::move(*units));

    // The evaluations, in the tracker's order of codes.
    std::map<std::string, std::vector<const TrackerRecommendation*>> by_evaluation;
    for (const auto& rec : out.tracker.recommendations) by_evaluation[rec.evaluation].push_back(&rec);
    for (const auto& [code, recs] : by_evaluation) {
      std::optional<Date> issued;
      for (const auto* rec : recs)
        if (!issued) issued = rec->issued;
      auto found = tx.find_evaluation(code);
      if (!found) return found.error();
      if (!*found) {
        auto memo = memo_of_rows(request, recs, directory);
        if (!memo) return memo.error();
        // (Named as a CSV memo: its layout is read by its extension.)
        ImportRequest import{code + ".csv", std::move(*memo), false, false, false};
        auto imported = import_memo(within, import);
        if (!imported) return at_row(request, *recs.front(), imported.error());
        out.created.push_back(code);
      }
      // A draft the tracker gives an issue date is issued on it.
      if (issued && (!*found || !(*found)->issued))
        if (auto done = issue_evaluation(within, code, *issued); !done)
          return at_row(request, *recs.front(), done.error());
    }
    for (const auto& rec : out.tracker.recommendations) {
      auto record = tx.find_recommendation(rec.evaluation, rec.number);
      if (!record) return record.error();
      if (!*record)
        return at_row(
            request, rec,
            make_error(ErrorCode::not_found, "evaluation " + rec.evaluation + " has no recommendation " +
                                                 std::to_string(rec.number)));
      std::string said = rows_of(rec) + ": " + rec.evaluation + "#" + std::to_string(rec.number);
      if (auto done = enter_follow_up(within, request, rec, (*record)->rec.units, said); !done)
        return at_row(request, rec, done.error());
      out.entries.push_back(std::move(said));
    }
    if (request.dry_run) {
      rolled_back_on_purpose = true;
      return make_error(ErrorCode::failed_precondition, k_dry_run_done);
    }
    return {};
  });
  if (!st && !rolled_back_on_purpose) return st.error();
  return out;
}

}  // namespace followup::app
