#include "app/import.h"

#include <nlohmann/json.hpp>

#include "app/history_log.h"
#include "app/json_views.h"
#include "app/users.h"
#include "core/reference.h"
#include "importer/memo_json.h"
#include "util/sha256.h"

namespace followup::app {

namespace {

using nlohmann::json;

// What makes two memos "the same": header, evaluation and recommendations as
// parsed, not the bytes — a memo re-saved in another encoding is the same.
std::string content_hash_of(const importer::ParsedMemo& memo) {
  json canonical = importer::dry_run_json(memo);
  canonical.erase("warnings");
  for (auto& rec : canonical["recommendations"]) rec.erase("units");
  return util::sha256_hex(canonical.dump());
}

Error input_error(const ImportRequest& request, int line, std::string message, ErrorCode code) {
  Error e = make_error(code, std::move(message));
  e.file = request.file_name;
  e.line = line;
  return e;
}

// Units the import must create: the seeded directory's (first import), and
// with add_units those for names nobody knows, taking name and head's title
// from the memo's To: list where it names them. Fills the memo's codes.
// Without add_units, every unknown name is reported, each with its line.
Result<std::vector<Unit>> units_to_create(importer::ParsedMemo& memo, UnitDirectory& directory, bool seeded,
                                          const ImportRequest& request) {
  std::vector<Unit> created = seeded ? directory.units() : std::vector<Unit>{};
  if (!request.add_units) {
    // Each unknown name once, with every line that uses it.
    std::vector<std::pair<std::string, std::vector<int>>> unknown;
    for (const auto& rec : memo.recommendations)
      for (std::size_t i = 0; i < rec.units.size(); ++i) {
        if (rec.units[i]) continue;
        auto found = std::find_if(unknown.begin(), unknown.end(),
                                  [&](const auto& u) { return u.first == rec.responsible[i]; });
        if (found == unknown.end()) found = unknown.insert(unknown.end(), {rec.responsible[i], {}});
        if (found->second.empty() || found->second.back() != rec.line) found->second.push_back(rec.line);
      }
    if (unknown.empty()) return created;
    const int first_line = unknown.front().second.front();
    std::string list;
    for (const auto& [name, lines] : unknown) {
      list += (list.empty() ? "'" : ", '") + name + "' (line" + (lines.size() > 1 ? "s " : " ");
      for (std::size_t i = 0; i < lines.size(); ++i) list += (i > 0 ? ", " : "") + std::to_string(lines[i]);
      list += ")";
    }
    // The front end says how to add them, or to ask for add_units.
    Error e = input_error(
        request, first_line,
        (unknown.size() == 1 ? "a unit is not in the unit directory: "
                             : std::to_string(unknown.size()) + " units are not in the unit directory: ") +
            list,
        ErrorCode::invalid_argument);
    e.field = "add_units";
    return e;
  }
  // The units the memo's own To: list names, with their names and heads.
  const UnitDirectory addressees = importer::directory_from_addressees(memo.header);
  for (auto& rec : memo.recommendations) {
    for (std::size_t i = 0; i < rec.units.size(); ++i) {
      if (rec.units[i]) continue;
      const auto& name = rec.responsible[i];
      std::optional<Unit> unit;
      if (auto match = addressees.resolve(name)) unit = *match->unit;
      if (!unit) unit = unit_from_addressee(name);
      if (!unit)
        return input_error(request, rec.line, "cannot derive a unit from the name '" + name + "'",
                           ErrorCode::invalid_argument);
      if (!directory.resolve(unit->code)) {
        directory.add(*unit);
        created.push_back(*unit);
      }
      rec.units[i] = directory.resolve(unit->code)->unit->code;
      // The doubt the parser raised is settled: say what was done instead.
      const auto doubt = "'" + name + "' is not in the unit directory";
      for (auto& w : memo.warnings)
        if (w.line == rec.line && w.message == doubt)
          w.message = "'" + name + "' was added to the unit directory as " + *rec.units[i] + " (--add-units)";
    }
  }
  return created;
}

}  // namespace

Result<ImportOutcome> import_memo(const Session& session, const ImportRequest& request) {
  ImportOutcome out;
  auto work = [&](Transaction& tx) -> Status {
    // A dry run reads the unit directory: it needs the same user and role.
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    if (auto st = require_role(*actor, {Role::evaluation}, "import evaluations"); !st) return st;
    auto units = tx.list_units();
    if (!units) return units.error();
    UnitDirectory directory(std::move(*units));
    const bool seeded = directory.empty();

    // The parser resolves against a directory it is given; a first import
    // resolves against the directory its own To: list seeds.
    importer::ParseOptions options;
    options.file_name = request.file_name;
    options.directory = seeded ? nullptr : &directory;
    auto parsed = importer::parse_memo(request.bytes, options);
    if (!parsed) return parsed.error();
    out.memo = std::move(*parsed);
    if (seeded) {
      directory = importer::directory_from_addressees(out.memo.header);
      importer::resolve_units(out.memo, directory);
    }
    out.content_hash = content_hash_of(out.memo);
    if (request.dry_run) return {};

    auto same = tx.find_evaluation_by_content_hash(out.content_hash);
    if (!same) return same.error();
    if (*same) {
      out.status = ImportStatus::already_imported;
      return {};
    }
    auto clash = tx.find_evaluation(out.memo.code);
    if (!clash) return clash.error();
    if (*clash)
      return input_error(
          request, 0,
          "evaluation " + out.memo.code + " already exists with different content; nothing was imported",
          ErrorCode::already_exists);

    auto created = units_to_create(out.memo, directory, seeded, request);
    if (!created) return created.error();
    for (const auto& unit : *created) {
      if (auto st = tx.add_unit(unit); !st) return st;
      if (auto st = record_change(tx, session, "unit:" + unit.code, "create", nullptr, json_of(unit)); !st)
        return st;
    }
    const Evaluation evaluation = importer::to_evaluation(out.memo);
    if (auto st = tx.insert_evaluation(evaluation, out.content_hash); !st) return st;
    json after = json_of(evaluation);
    after["content_hash"] = out.content_hash;
    after["file"] = request.file_name;
    if (auto st = record_change(tx, session, evaluation_entity(evaluation.code), "import", nullptr, after);
        !st)
      return st;
    for (const auto& rec : evaluation.recommendations) {
      if (auto st = record_change(tx, session, recommendation_entity(evaluation.code, rec.number), "import",
                                  nullptr, json_of(rec, evaluation.code));
          !st)
        return st;
    }
    out.status = ImportStatus::imported;
    return {};
  };
  auto st = request.dry_run ? session.store.read(work) : session.store.run(work);
  if (!st) return st.error();
  return out;
}

}  // namespace followup::app
