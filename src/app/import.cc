#include "app/import.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/content_hashes.h"
#include "app/history_log.h"
#include "app/json_views.h"
#include "app/users.h"
#include "core/reference.h"
#include "importer/content_hash.h"
#include "util/clean_text.h"
#include "util/media_type.h"
#include "util/sha256.h"

namespace followup::app {

namespace {

using nlohmann::json;

Error input_error(const ImportRequest& request, int line, std::string message, ErrorCode code) {
  Error e = make_error(code, std::move(message));
  e.file = request.file_name;
  e.line = line;
  return e;
}

// A real import stores no unresolved name: every name the directory does
// not know is refused, once, with every line that uses it.
Status refuse_unknown_units(const importer::ParsedMemo& memo, const ImportRequest& request) {
  std::vector<std::pair<std::string, std::vector<int>>> unknown;
  for (const auto& rec : memo.recommendations)
    for (std::size_t i = 0; i < rec.units.size(); ++i) {
      if (rec.units[i]) continue;
      auto found = std::find_if(unknown.begin(), unknown.end(),
                                [&](const auto& u) { return u.first == rec.responsible[i]; });
      if (found == unknown.end()) found = unknown.insert(unknown.end(), {rec.responsible[i], {}});
      if (found->second.empty() || found->second.back() != rec.line) found->second.push_back(rec.line);
    }
  if (unknown.empty()) return {};
  const int first_line = unknown.front().second.front();
  std::string list;
  for (const auto& [name, lines] : unknown) {
    list += (list.empty() ? "'" : ", '") + name + "' (line" + (lines.size() > 1 ? "s " : " ");
    for (std::size_t i = 0; i < lines.size(); ++i) list += (i > 0 ? ", " : "") + std::to_string(lines[i]);
    list += ")";
  }
  // The surface says how to add them, or to ask for add_units.
  Error e = input_error(
      request, first_line,
      (unknown.size() == 1 ? "a unit is not in the unit directory: "
                           : std::to_string(unknown.size()) + " units are not in the unit directory: ") +
          list,
      ErrorCode::invalid_argument);
  e.field = "add_units";
  return e;
}

// The stored description of the memo's bytes: their hash, the file's name
// (without folders; "memo" from standard input) and the type libmagic
// finds in them.
Evidence original_of(const ImportRequest& request) {
  const bool unnamed = request.file_name.empty() || request.file_name == "-";
  return Evidence{util::sha256_hex(request.bytes), unnamed ? "memo" : util::safe_file_name(request.file_name),
                  util::media_type_of(request.bytes), static_cast<long long>(request.bytes.size())};
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
    const UnitDirectory directory(std::move(*units));

    // One pass: every name is resolved as its row is read, against the
    // directory (seeded from the memo's To: list when it is empty), and
    // with add_units a unit is made for each name it does not know.
    importer::ParseOptions options;
    options.file_name = request.file_name;
    options.directory = &directory;
    options.add_unknown_units = request.add_units;
    auto parsed = importer::parse_memo(request.bytes, options);
    if (!parsed) return parsed.error();
    out.memo = std::move(*parsed);
    out.content_hash = importer::content_hash(out.memo);
    if (request.dry_run) return {};

    // The same memo imported before the canonical form carries the old
    // form's hash until `followup init` brings it over
    // (app/content_hashes.h): look for both, by index, not by reading
    // every evaluation.
    auto same = tx.find_evaluation_by_content_hash(out.content_hash);
    if (!same) return same.error();
    // (A memo whose units do not all resolve was not imported before:
    // it is refused below, naming them.)
    if (!*same)
      if (auto as_imported = importer::to_evaluation(out.memo)) {
        same = tx.find_evaluation_by_content_hash(legacy_content_hash(*as_imported));
        if (!same) return same.error();
      }
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

    if (auto st = refuse_unknown_units(out.memo, request); !st) return st;
    for (const auto& unit : out.memo.new_units) {
      if (auto st = tx.add_unit(unit); !st) return st;
      if (auto st = record_change(tx, session, "unit:" + unit.code, "create", nullptr, json_of(unit)); !st)
        return st;
    }
    auto made = importer::to_evaluation(out.memo);
    if (!made) return made.error();
    const Evaluation& evaluation = *made;
    if (auto st = tx.insert_evaluation(evaluation, out.content_hash); !st) return st;
    // The memo as sent, byte for byte, beside what was read from it.
    json after = json_of(evaluation);
    after["content_hash"] = out.content_hash;
    after["file"] = request.file_name;
    if (request.keep_original) {
      const Evidence original = original_of(request);
      if (auto st = tx.put_blob(original, request.bytes); !st) return st;
      if (auto st = tx.set_memo_original(evaluation.code, original); !st) return st;
      after["original"] = json_of(original);
    }
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
  auto st = request.dry_run ? read_in(session, work) : write_in(session, work);
  if (!st) return st.error();
  return out;
}

}  // namespace followup::app
