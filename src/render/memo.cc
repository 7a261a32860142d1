#include "render/memo.h"

#include <array>

#include "core/reference.h"
#include "util/text.h"

namespace followup::render {

namespace {

constexpr std::array<const char*, 12> k_months = {"January",   "February", "March",    "April",
                                                  "May",       "June",     "July",     "August",
                                                  "September", "October",  "November", "December"};

constexpr const char* k_proposal_note =
    "It is important to note that the department/unit/office listed below has overall responsibility "
    "for follow-up on a given Recommendation and may involve, as needed, other departments/units/offices "
    "in follow-up of the same Recommendation.";

// Names as the memo wrote them; the unit code where a name is missing.
std::vector<std::string> responsible_names(const Recommendation& rec) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < rec.units.size(); ++i)
    names.push_back(i < rec.responsible.size() && !rec.responsible[i].empty() ? rec.responsible[i]
                                                                              : rec.units[i]);
  return names;
}

constexpr const char* k_body =
    "Attached you will find the completed evaluation and a proposal from the evaluation office outlining "
    "responsibility and the timeframe for follow-up on the recommendations made. Please send me your "
    "follow-up reports on the relevant recommendations and proposed actions by the due dates indicated.";

// A cell of a Markdown table holds one line: paragraphs are kept apart by
// <br> (which the importer reads back as a line break); '|', '\\' and the
// emphasis marks '*' and '_' are escaped so that they read back as written.
std::string markdown_cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "<br>";
    } else if (c == '|' || c == '\\' || c == '*' || c == '_') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

// The subject as the memo had it (the title when it had none), with the
// code in parentheses when the subject would not give the code back.
std::string subject_of(const Evaluation& e) {
  std::string subject = e.memo.subject.empty() ? e.title : e.memo.subject;
  if (evaluation_code_from_title(subject) != e.code) subject += " (" + e.code + ")";
  return subject;
}

// "; extended for MPRP to 30 September 2001 (granted 2 September 2001)"
// for each extension of recommendation `number`; empty without any.
std::string extensions_note(const MemoExtensions& extensions, int number, bool iso) {
  auto found = extensions.find(number);
  if (found == extensions.end()) return {};
  std::string out;
  for (const Extension& e : found->second) {
    out += "; extended";
    if (!e.unit.empty()) out += " for " + e.unit;
    out += " to " + (iso ? e.due.iso() : long_date(e.due)) + " (granted " +
           (iso ? e.granted.iso() : long_date(e.granted)) + ")";
  }
  return out;
}

std::string render_text(const Evaluation& e, const MemoExtensions& extensions) {
  std::string out = "MEMORANDUM\n\n";
  out += "To: " + util::join(e.memo.to, "\n") + "\n\n";
  out += "From: " + e.memo.from + "\n\n";
  if (!e.memo.cc.empty()) out += "Cc: " + util::join(e.memo.cc, "\n") + "\n\n";
  if (e.memo.date) out += "Date: " + long_date(*e.memo.date) + "\n\n";
  out += "Subject: " + subject_of(e) + "\n\n";
  out += std::string(k_body) + "\n\n";
  out += e.title + "\n\nProposal for follow-up on Recommendations\n\n";
  out += std::string(k_proposal_note) + "\n\n";
  out += "RECOMMENDATIONS\tResponsibility for Follow-up\tConfirmation of follow-up due by:\n";
  for (const auto& rec : e.recommendations) {
    out += std::to_string(rec.number) + ". " + rec.text + "\t" + util::join(responsible_names(rec), "/") +
           "\t" + long_date(rec.due) + extensions_note(extensions, rec.number, false) + "\n";
  }
  return out;
}

std::string render_markdown(const Evaluation& e, const MemoExtensions& extensions) {
  std::string out = "# MEMORANDUM\n\n";
  out += "**To:** " + util::join(e.memo.to, "; ") + "\n";
  out += "**From:** " + e.memo.from + "\n";
  if (!e.memo.cc.empty()) out += "**Cc:** " + util::join(e.memo.cc, "; ") + "\n";
  if (e.memo.date) out += "**Date:** " + e.memo.date->iso() + "\n";
  out += "**Subject:** " + subject_of(e) + "\n\n";
  out += std::string(k_body) + "\n\n";
  out += "## Proposal for follow-up on Recommendations\n\n";
  out += std::string(k_proposal_note) + "\n\n";
  out += "| No. | Recommendation | Responsibility for Follow-up | Confirmation of follow-up due by |\n";
  out += "|----:|----------------|------------------------------|----------------------------------|\n";
  for (const auto& rec : e.recommendations) {
    out += "| " + std::to_string(rec.number) + " | " + markdown_cell(rec.text) + " | " +
           markdown_cell(util::join(responsible_names(rec), ", ")) + " | " + rec.due.iso() +
           markdown_cell(extensions_note(extensions, rec.number, true)) + " |\n";
  }
  return out;
}

}  // namespace

std::string long_date(Date date) {
  return std::to_string(date.day()) + " " + k_months[static_cast<std::size_t>(date.month() - 1)] + " " +
         std::to_string(date.year());
}

std::string render_memo(const Evaluation& evaluation, MemoFormat format, const MemoExtensions& extensions) {
  return format == MemoFormat::markdown ? render_markdown(evaluation, extensions)
                                        : render_text(evaluation, extensions);
}

}  // namespace followup::render
