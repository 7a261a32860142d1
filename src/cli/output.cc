#include "cli/output.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "app/json_views.h"
#include "core/derived.h"
#include "core/names.h"
#include "core/reference.h"
#include "core/unit_directory.h"
#include "render/table.h"
#include "util/clean_text.h"
#include "util/text.h"

namespace followup::cli {

namespace {

using nlohmann::json;

std::string ref_of(const RecommendationRecord& r) { return recommendation_ref(r.evaluation, r.rec.number); }

std::string one_line(std::string_view text, std::size_t width) {
  std::string out;
  for (char c : text) out += (c == '\n' || c == '\t') ? ' ' : c;
  if (out.size() > width) {
    std::size_t cut = width - 3;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    out = out.substr(0, cut) + "...";
  }
  return out;
}

std::string padded(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

}  // namespace

void print_import_outcome(std::ostream& out, std::ostream& err, const std::string& file,
                          const app::ImportOutcome& outcome, bool as_json) {
  if (as_json) {
    out << app::json_of(outcome).dump(2) << "\n";
  } else {
    for (const auto& w : outcome.memo.warnings)
      err << file << ":" << w.line << ": warning: " << w.message << "\n";
    const auto n = outcome.memo.recommendations.size();
    switch (outcome.status) {
      case app::ImportStatus::previewed:
        out << file << ": would import " << outcome.memo.code << " with " << n << " recommendation"
            << (n == 1 ? "" : "s") << " (dry run, nothing stored)\n";
        break;
      case app::ImportStatus::imported:
        out << file << ": imported " << outcome.memo.code << " with " << n << " recommendation"
            << (n == 1 ? "" : "s") << "\n";
        break;
      case app::ImportStatus::already_imported:
        out << file << ": already imported as " << outcome.memo.code << "; nothing changed\n";
        break;
    }
  }
}

void print_units(std::ostream& out, const std::vector<Unit>& units, bool as_json) {
  if (as_json) {
    json arr = json::array();
    for (const auto& u : units) arr.push_back(app::json_of(u));
    out << arr.dump(2) << "\n";
    return;
  }
  for (const auto& u : units) {
    out << padded(u.code, 12) << padded(u.name, 32) << u.head_title;
    if (!u.aliases.empty()) out << "  (also: " << util::join(u.aliases, ", ") << ")";
    out << "\n";
  }
}

void print_users(std::ostream& out, const std::vector<User>& users, bool as_json) {
  if (as_json) {
    json arr = json::array();
    for (const auto& u : users) arr.push_back(app::json_of(u));
    out << arr.dump(2) << "\n";
    return;
  }
  for (const auto& u : users) {
    std::vector<std::string> roles;
    for (auto r : u.roles) roles.emplace_back(to_string(r));
    out << padded(u.name, 20) << padded(util::join(roles, ","), 28) << padded(util::join(u.units, ","), 20)
        << u.email << "\n";
  }
}

RecommendationListPrinter::RecommendationListPrinter(std::ostream& out, const std::vector<Unit>& units,
                                                     OutputFormat format)
    : m_out(out), m_units(units), m_format(format) {}

void RecommendationListPrinter::row(const app::ListedRecommendation& row) {
  const bool first = m_rows++ == 0;
  switch (m_format) {
    case OutputFormat::json: {
      // Each element as the whole array's dump(2) would print it: on its
      // own lines, indented by two.
      std::string element = app::json_of(row, m_units).dump(2);
      std::string indented = "  ";
      for (char c : element) {
        indented += c;
        if (c == '\n') indented += "  ";
      }
      m_out << (first ? "[\n" : ",\n") << indented;
      return;
    }
    case OutputFormat::csv: {
      if (first) m_out << "ref,evaluation,number,due,days_overdue,lead,responsible,text\r\n";
      const auto names = unit_names(m_units, row.record.rec.units);
      m_out << render::csv_field(ref_of(row.record)) << ',' << render::csv_field(row.record.evaluation) << ','
            << row.record.rec.number << ',' << row.record.rec.due.iso() << ',' << row.days_overdue << ','
            << render::csv_field(names.empty() ? "" : names.front()) << ','
            << render::csv_field(util::join(names, "; ")) << ',' << render::csv_field(row.record.rec.text)
            << "\r\n";
      return;
    }
    case OutputFormat::text: {
      std::ostringstream text;
      if (first)
        text << padded("REF", 16) << padded("DUE", 12) << padded("OVERDUE", 9) << padded("RESPONSIBLE", 34)
             << "RECOMMENDATION\n";
      text << padded(ref_of(row.record), 16) << padded(row.record.rec.due.iso(), 12)
           << padded(row.days_overdue > 0 ? std::to_string(row.days_overdue) + "d" : "-", 9)
           << padded(one_line(util::join(unit_names(m_units, row.record.rec.units), " / "), 32), 34)
           << one_line(row.record.rec.text, 60) << "\n";
      m_out << util::escape_for_terminal(text.str());
      return;
    }
  }
}

void RecommendationListPrinter::finish() {
  switch (m_format) {
    case OutputFormat::json:
      m_out << (m_rows == 0 ? "[]\n" : "\n]\n");
      return;
    case OutputFormat::csv:
      if (m_rows == 0) m_out << "ref,evaluation,number,due,days_overdue,lead,responsible,text\r\n";
      return;
    case OutputFormat::text:
      if (m_rows == 0) m_out << "no recommendations match\n";
      return;
  }
}

namespace {

std::string action_status(const ActionFacts& a) {
  if (a.overdue) return "overdue";
  return std::string(to_string(a.status));
}

// "(entered late by eva for MRF-BA)" and the like; empty for an ordinary fact.
std::string marks(const Recorded& r, const std::string& by, const std::string& unit) {
  std::string out;
  if (r.late) out += "entered late";
  if (r.on_behalf) out += std::string(out.empty() ? "" : ", ") + "entered by " + by + " for " + unit;
  return out.empty() ? out : " (" + out + ")";
}

void print_recommendation_text(std::ostream& out, const RecommendationRecord& stored,
                               const std::vector<Unit>& units, Date as_of,
                               const std::vector<HistoryEntry>* history);

}  // namespace

void print_recommendation(std::ostream& out, const app::RecommendationShow& shown, bool as_json) {
  if (as_json) {
    out << app::json_of(shown).dump(2) << "\n";
    return;
  }
  std::ostringstream text;
  print_recommendation_text(text, shown.record, shown.units, shown.as_of,
                            shown.history ? &*shown.history : nullptr);
  out << util::escape_for_terminal(text.str());
}

namespace {

void print_recommendation_text(std::ostream& out, const RecommendationRecord& stored,
                               const std::vector<Unit>& units, Date as_of,
                               const std::vector<HistoryEntry>* history) {
  const auto facts = follow_up_facts(stored, as_of);
  const int days = app::follow_up_days_overdue(stored, as_of);
  const RecommendationRecord record = view_as_of(stored, as_of);
  out << ref_of(record) << "  due " << record.rec.due.iso() << "  " << to_string(facts.state);
  if (days > 0) out << "  (" << days << " days overdue as of " << as_of.iso() << ")";
  out << "\nResponsible: " << util::join(unit_names(units, record.rec.units), " / ") << "\n\n"
      << record.rec.text << "\n";
  if (!facts.units.empty()) {
    out << "\nUnits:\n";
    for (const auto& u : facts.units) {
      out << "  " << padded(u.unit, 12) << to_string(u.state);
      if (u.extended_due) out << "  due extended to " << u.extended_due->iso();
      if (u.responded_on) {
        out << "  responded " << u.responded_on->iso() << " (" << to_string(*u.decision) << ")";
        for (const auto& r : record.follow_up.responses)
          if (r.unit == u.unit) out << marks(r.recorded, r.by, r.unit);
      }
      out << "\n";
    }
  }
  if (!record.follow_up.extensions.empty()) {
    out << "\nExtensions (the memo's date stays " << record.rec.due.iso() << "):\n";
    for (const auto& e : record.follow_up.extensions)
      out << "  " << e.granted.iso() << "  " << (e.unit.empty() ? "all units" : e.unit) << " to "
          << e.due.iso() << " by " << e.by << ": " << e.reason << marks(e.recorded, e.by, e.unit) << "\n";
  }
  const auto actions = action_facts(record, as_of);
  if (!actions.empty()) {
    out << "\nActions:\n";
    for (const auto& a : actions) {
      out << "  " << padded(std::to_string(a.action.id), 6) << padded(action_status(a), 22) << "due "
          << a.due.iso();
      if (a.due != a.action.due) out << " (was " << a.action.due.iso() << ")";
      out << "  " << a.action.unit << "  " << a.action.description << "\n";
    }
  }
  if (!record.follow_up.reports.empty()) {
    out << "\nProgress reports:\n";
    for (const auto& r : record.follow_up.reports) {
      out << "  " << r.reported.iso() << "  " << r.unit << " claims " << to_string(r.status) << ": " << r.text
          << marks(r.recorded, r.by, r.unit) << "\n";
      for (const auto& e : r.evidence)
        out << "    evidence " << e.name << " sha256:" << e.sha256 << " (" << e.size << " bytes)\n";
    }
  }
  if (!record.follow_up.validations.empty()) {
    const auto& v = record.follow_up.validations.back();
    out << "\nOffice's rating: " << v.rating << " (" << v.validated.iso() << ", " << v.by
        << "): " << v.comment << "\n";
  }
  for (const auto& c : record.follow_up.closings) {
    if (c.reopening) {
      out << "\nReopened " << c.on.iso() << " by " << c.by << ": " << c.reason << "\n";
      continue;
    }
    out << "\nClosed " << c.on.iso() << " as " << to_string(c.outcome) << " by " << c.by;
    if (!c.waiver.empty()) out << " (evidence waived: " << c.waiver << ")";
    if (!c.override_reason.empty()) out << " (override of the office's rating: " << c.override_reason << ")";
    if (!c.unresponsive.empty())
      out << " (never responded: " << util::join(c.unresponsive, ", ") << "; " << c.reason << ")";
    out << marks(c.recorded, c.by, {}) << "\n";
    for (const auto& e : c.evidence)
      out << "    evidence " << e.name << " sha256:" << e.sha256 << " (" << e.size << " bytes)\n";
  }
  if (history) {
    out << "\nHistory:\n";
    for (const auto& h : *history)
      out << "  #" << h.id << " " << h.event.at << " " << h.event.actor << " " << h.event.action << "\n";
  }
}

}  // namespace

}  // namespace followup::cli
