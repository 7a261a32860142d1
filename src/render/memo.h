// The follow-up memorandum regenerated from the store. Importing what
// render_memo writes gives back the same recommendations (tested as a
// round trip over every memo in tests/data/memos).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "render/document.h"

namespace followup::render {

enum class MemoFormat { text, markdown };

// "31 August 2001"
std::string long_date(Date date);

// Extensions granted, by recommendation number, in the order granted.
using MemoExtensions = std::map<int, std::vector<Extension>>;

// The memo's own due dates, each with the extensions granted beside it.
std::string render_memo(const Evaluation& evaluation, MemoFormat format,
                        const MemoExtensions& extensions = {});

// The follow-up memorandum of an evaluation whose memo was kept as sent:
// the memo's own text (as the importer read it: `original_markdown` for a
// Word or Markdown memo), then, under "Follow-up as of <as_of>", each of
// `records` with its due date and the extensions granted, its state, each
// unit's response and latest claim, and its closing. In Markdown a memo
// that was not Markdown is kept in a fenced block, line for line.
std::string render_followup_memo(std::string_view original_text, bool original_markdown,
                                 const std::vector<RecommendationRecord>& records, Date as_of,
                                 MemoFormat format);

// What render_followup_memo writes of one record under "Follow-up as of":
// its heading ("Due 31 August 2001; extended ... State: in progress.") and
// its details (the rewording in force, each unit's response and latest
// claim, its closing), one line each. The memo as a document (write_memo)
// is made of these too.
struct FollowUpEntry {
  int number = 0;
  std::string heading;
  std::vector<std::string> details;
};
std::vector<FollowUpEntry> follow_up_entries(const std::vector<RecommendationRecord>& records, Date as_of);

// The follow-up memorandum as a document (Word, PDF, Excel): `memo_text`
// as it was sent, a paragraph for each run of lines between blank lines
// (its lines kept apart); then, when `as_of` is given, "Follow-up as of
// <long date>" (a level 1 heading) and each of `entries` as its number
// and heading (level 2) and its details, an indented paragraph each. The
// document's properties are the caller's to set, before.
void write_memo(TableDocument& document, std::string_view memo_text, std::optional<Date> as_of,
                const std::vector<FollowUpEntry>& entries);

}  // namespace followup::render
