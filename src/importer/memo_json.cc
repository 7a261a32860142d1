#include "importer/memo_json.h"

namespace followup::importer {

nlohmann::json dry_run_json(const ParsedMemo& memo) {
  using nlohmann::json;
  json out;
  out["memo"] = {
      {"date", memo.header.date ? json(memo.header.date->iso()) : json(nullptr)},
      {"from", memo.header.from},
      {"to", memo.header.to},
      {"cc", memo.header.cc},
      {"subject", memo.header.subject},
  };
  out["evaluation"] = {{"code", memo.code}, {"title", memo.title}};
  json recs = json::array();
  for (const auto& r : memo.recommendations) {
    json units = json::array();
    for (const auto& u : r.units) units.push_back(u ? json(*u) : json(nullptr));
    recs.push_back({{"number", r.number},
                    {"text", r.text},
                    {"responsible", r.responsible},
                    {"units", units},
                    {"due", r.due.iso()}});
  }
  out["recommendations"] = std::move(recs);
  json warnings = json::array();
  for (const auto& w : memo.warnings)
    warnings.push_back({{"kind", std::string(to_string(w.kind))},
                        {"line", w.line},
                        {"excerpt", w.excerpt},
                        {"message", w.message}});
  out["warnings"] = std::move(warnings);
  return out;
}

}  // namespace followup::importer
