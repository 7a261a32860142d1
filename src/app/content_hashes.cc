#include "app/content_hashes.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "app/history_log.h"
#include "core/reference.h"
#include "importer/content_hash.h"
#include "util/sha256.h"

namespace followup::app {

namespace {

using nlohmann::json;

enum class HashForm { current, legacy, neither };

// The history's record of the memo as it was imported: the evaluation's
// "import" entry and its recommendations' (app/import.cc writes them).
// Nullopt when they are missing or do not read.
Result<std::optional<Evaluation>> imported_from_history(Transaction& tx, const std::string& code) {
  auto own = tx.history(evaluation_entity(code));
  if (!own) return own.error();
  auto recs = tx.history("recommendation:" + code);
  if (!recs) return recs.error();
  const std::optional<Evaluation> none;
  try {
    Evaluation e;
    bool found = false;
    for (const auto& entry : *own) {
      if (entry.event.action != "import" || entry.event.entity != evaluation_entity(code)) continue;
      const json after = json::parse(entry.event.after);
      e.code = after.at("code").get<std::string>();
      e.title = after.at("title").get<std::string>();
      const json& memo = after.at("memo");
      if (!memo.at("date").is_null()) {
        e.memo.date = Date::parse_iso(memo.at("date").get<std::string>());
        if (!e.memo.date) return none;
      }
      e.memo.from = memo.at("from").get<std::string>();
      e.memo.to = memo.at("to").get<std::vector<std::string>>();
      e.memo.cc = memo.at("cc").get<std::vector<std::string>>();
      e.memo.subject = memo.at("subject").get<std::string>();
      found = true;
      break;
    }
    if (!found || e.code != code) return none;
    for (const auto& entry : *recs) {
      if (entry.event.action != "import") continue;
      const json after = json::parse(entry.event.after);
      if (after.at("evaluation").get<std::string>() != code) continue;
      Recommendation r;
      r.number = after.at("number").get<int>();
      r.text = after.at("text").get<std::string>();
      r.responsible = after.at("responsible").get<std::vector<std::string>>();
      const auto due = Date::parse_iso(after.at("due").get<std::string>());
      if (!due) return none;
      r.due = *due;
      e.recommendations.push_back(std::move(r));
    }
    return std::optional<Evaluation>(std::move(e));
  } catch (const json::exception&) {
    return none;
  }
}

struct Judged {
  HashForm form = HashForm::neither;
  std::string canonical;
  std::string legacy;
};

// Which form of `as_imported`'s hash the store holds for it.
Result<Judged> judge(Transaction& tx, const Evaluation& as_imported) {
  Judged out;
  out.canonical = importer::content_hash(as_imported);
  auto found = tx.find_evaluation_by_content_hash(out.canonical);
  if (!found) return found.error();
  if (*found == as_imported.code) {
    out.form = HashForm::current;
    return out;
  }
  out.legacy = legacy_content_hash(as_imported);
  found = tx.find_evaluation_by_content_hash(out.legacy);
  if (!found) return found.error();
  if (*found == as_imported.code) out.form = HashForm::legacy;
  return out;
}

}  // namespace

std::string legacy_content_hash(const Evaluation& imported) {
  json recs = json::array();
  for (const auto& r : imported.recommendations)
    recs.push_back(
        {{"number", r.number}, {"text", r.text}, {"responsible", r.responsible}, {"due", r.due.iso()}});
  json canonical;
  canonical["memo"] = {
      {"date", imported.memo.date ? json(imported.memo.date->iso()) : json(nullptr)},
      {"from", imported.memo.from},
      {"to", imported.memo.to},
      {"cc", imported.memo.cc},
      {"subject", imported.memo.subject},
  };
  canonical["evaluation"] = {{"code", imported.code}, {"title", imported.title}};
  canonical["recommendations"] = std::move(recs);
  return util::sha256_hex(canonical.dump());
}

Result<ContentHashUpgrade> upgrade_content_hashes(Transaction& tx, const Session& session) {
  ContentHashUpgrade out;
  // One evaluation in memory at a time, whatever the store's size.
  auto codes = tx.list_evaluation_codes();
  if (!codes) return codes.error();
  for (const std::string& code : *codes) {
    auto found = tx.find_evaluation(code);
    if (!found) return found.error();
    if (!*found) continue;
    const Evaluation& stored = **found;
    // The stored evaluation is the memo as imported unless it was edited
    // before it was issued; then the history's import entries are.
    auto judged = judge(tx, stored);
    if (!judged) return judged.error();
    if (judged->form == HashForm::neither) {
      auto imported = imported_from_history(tx, stored.code);
      if (!imported) return imported.error();
      if (*imported) {
        judged = judge(tx, **imported);
        if (!judged) return judged.error();
      }
    }
    switch (judged->form) {
      case HashForm::current:
        ++out.current;
        break;
      case HashForm::neither:
        out.unrecognised.push_back(stored.code);
        break;
      case HashForm::legacy:
        if (auto st = tx.set_evaluation_content_hash(stored.code, judged->canonical); !st) return st.error();
        if (auto st = record_change(
                tx, session, evaluation_entity(stored.code), "rehash", json{{"content_hash", judged->legacy}},
                json{{"content_hash", judged->canonical}, {"form", std::string(importer::k_content_form)}});
            !st)
          return st.error();
        ++out.upgraded;
        break;
    }
  }
  return out;
}

Result<ContentHashUpgrade> upgrade_content_hashes(const Session& session) {
  ContentHashUpgrade out;
  auto st = session.store.run([&](Transaction& tx) -> Status {
    auto done = upgrade_content_hashes(tx, session);
    if (!done) return done.error();
    out = std::move(*done);
    return {};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace followup::app
