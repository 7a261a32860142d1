#include "render/memo.h"

#include <algorithm>
#include <array>

#include "core/derived.h"
#include "core/names.h"
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
// for each extension; empty without any.
std::string extension_words(const std::vector<Extension>& extensions, bool iso) {
  std::string out;
  for (const Extension& e : extensions) {
    out += "; extended";
    if (!e.unit.empty()) out += " for " + e.unit;
    out += " to " + (iso ? e.due.iso() : long_date(e.due)) + " (granted " +
           (iso ? e.granted.iso() : long_date(e.granted)) + ")";
  }
  return out;
}

// extension_words of recommendation `number`'s extensions.
std::string extensions_note(const MemoExtensions& extensions, int number, bool iso) {
  auto found = extensions.find(number);
  return found == extensions.end() ? std::string() : extension_words(found->second, iso);
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

// What each unit of the recommendation answered and last claimed, as of.
std::vector<std::string> unit_lines(const FollowUpFacts& facts) {
  std::vector<std::string> out;
  for (const UnitFollowUp& u : facts.units) {
    std::string line = u.unit + ": ";
    if (u.responded_on && u.decision) {
      line += util::spaced(to_string(*u.decision)) + " on " + long_date(*u.responded_on);
      if (u.within_extension)
        line += " (within the extension)";
      else if (u.on_time == std::optional<bool>(true))
        line += " (on time)";
      else if (u.days_late > 0)
        line += " (" + std::to_string(u.days_late) + (u.days_late == 1 ? " day" : " days") + " late)";
      if (u.claim && u.claimed_on)
        line += "; reported " + util::spaced(to_string(*u.claim)) + " on " + long_date(*u.claimed_on);
    } else if (u.overdue) {
      line += "no response, " + std::to_string(u.days_overdue) + (u.days_overdue == 1 ? " day" : " days") +
              " overdue";
    } else {
      line += "no response yet";
    }
    out.push_back(line + ".");
  }
  return out;
}

// "Due 31 August 2001; extended ... State: in progress."
std::string heading_line(const RecommendationRecord& record, const FollowUpFacts& facts) {
  return "Due " + long_date(record.rec.due) + extension_words(record.follow_up.extensions, false) +
         ". State: " + util::spaced(to_string(facts.state)) + ".";
}

// "Reworded on 12 April 2002 (The DG asked): <the text in force>" after a
// revision dated by `as_of` (`seen` is the record as of then, its revision
// applied); empty without one.
std::string revision_line(const RecommendationRecord& record, const RecommendationRecord& seen, Date as_of) {
  const Revision* last = nullptr;
  for (const Revision& r : record.follow_up.revisions)
    if (r.on <= as_of) last = &r;
  if (last == nullptr) return {};
  std::string text = seen.rec.text;
  std::replace(text.begin(), text.end(), '\n', ' ');
  return "Reworded on " + long_date(last->on) + (last->reason.empty() ? "" : " (" + last->reason + ")") +
         ": " + text;
}

std::string closing_line(const RecommendationRecord& seen) {
  const ClosingEvent* closed = current_closure(seen.follow_up);
  if (closed == nullptr) return {};
  return "Closed on " + long_date(closed->on) + ": " + util::spaced(to_string(closed->outcome)) + ".";
}

}  // namespace

std::string render_followup_memo(std::string_view original_text, bool original_markdown,
                                 const std::vector<RecommendationRecord>& records, Date as_of,
                                 MemoFormat format) {
  const bool markdown = format == MemoFormat::markdown;
  std::string out;
  if (markdown && !original_markdown) {
    // The blank line before the closing fence ends the memo's last row for
    // a reader that does not know fences (the importer reads it back).
    out += "```text\n";
    out += original_text;
    if (!original_text.ends_with('\n')) out += '\n';
    out += "\n```\n";
  } else {
    out += original_text;
    if (!original_text.ends_with('\n')) out += '\n';
  }
  out += markdown ? "\n## Follow-up as of " + long_date(as_of) + "\n\n"
                  : "\nFOLLOW-UP AS OF " + util::ascii_upper(long_date(as_of)) + "\n\n";
  for (const FollowUpEntry& entry : follow_up_entries(records, as_of)) {
    const std::string number = std::to_string(entry.number) + ".";
    out += (markdown ? "**" + number + "** " : number + " ") + entry.heading + "\n";
    for (const auto& d : entry.details) out += (markdown ? "- " : "   ") + d + "\n";
    out += "\n";
  }
  return out;
}

std::vector<FollowUpEntry> follow_up_entries(const std::vector<RecommendationRecord>& records, Date as_of) {
  std::vector<FollowUpEntry> out;
  out.reserve(records.size());
  for (const RecommendationRecord& record : records) {
    const RecommendationRecord seen = view_as_of(record, as_of);
    const FollowUpFacts facts = follow_up_facts(record, as_of);
    FollowUpEntry entry{record.rec.number, heading_line(seen, facts), {}};
    if (auto revised = revision_line(record, seen, as_of); !revised.empty()) entry.details.push_back(revised);
    for (auto& line : unit_lines(facts)) entry.details.push_back(std::move(line));
    if (auto closed = closing_line(seen); !closed.empty()) entry.details.push_back(closed);
    out.push_back(std::move(entry));
  }
  return out;
}

void write_memo(TableDocument& document, std::string_view memo_text, std::optional<Date> as_of,
                const std::vector<FollowUpEntry>& entries) {
  std::string lines;
  for (auto line : util::split(memo_text, '\n')) {
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (util::trim_right(line).empty()) {
      if (!lines.empty()) document.add_paragraph(lines, false);
      lines.clear();
    } else {
      lines += (lines.empty() ? "" : "\n") + std::string(line);
    }
  }
  if (!lines.empty()) document.add_paragraph(lines, false);
  if (!as_of) return;
  document.add_heading("Follow-up as of " + long_date(*as_of), 1);
  for (const FollowUpEntry& entry : entries) {
    document.add_heading(std::to_string(entry.number) + ". " + entry.heading, 2);
    for (const auto& d : entry.details) document.add_paragraph(d, true);
  }
}

std::string long_date(Date date) {
  return std::to_string(date.day()) + " " + k_months[static_cast<std::size_t>(date.month() - 1)] + " " +
         std::to_string(date.year());
}

std::string render_memo(const Evaluation& evaluation, MemoFormat format, const MemoExtensions& extensions) {
  return format == MemoFormat::markdown ? render_markdown(evaluation, extensions)
                                        : render_text(evaluation, extensions);
}

}  // namespace followup::render
