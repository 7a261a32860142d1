#include "render/memo.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

#include "core/test_builders.h"
#include "importer/memo_parser.h"
#include "util/text.h"

namespace followup::render {
namespace {

namespace fs = std::filesystem;

// As a first import reads it: the directory seeded from its To: list.
Result<importer::ParsedMemo> parse(const std::string& bytes, const std::string& name) {
  importer::ParseOptions options;
  options.file_name = name;
  return importer::parse_memo(bytes, options);
}

// The evaluation to render: the renderer writes the names as written, so a
// name the seeded directory does not know stands for its own unit here.
Evaluation evaluation_of(const importer::ParsedMemo& memo) {
  importer::ParsedMemo resolved = memo;
  for (auto& rec : resolved.recommendations)
    for (std::size_t i = 0; i < rec.units.size(); ++i)
      if (!rec.units[i]) rec.units[i] = rec.responsible[i];
  return *importer::to_evaluation(resolved);
}

TEST(Memo, LongDate) {
  EXPECT_EQ(long_date(*Date::parse_iso("2001-08-31")), "31 August 2001");
  EXPECT_EQ(long_date(*Date::parse_iso("2004-12-01")), "1 December 2004");
}

// A kept memo's text, then each recommendation's follow-up as of a day.
TEST(Memo, AKeptMemoIsFollowedByTheFollowUp) {
  using testing::d;
  RecommendationRecord record;
  record.evaluation = "X";
  record.issued = d("2001-07-20");
  record.rec.number = 3;
  record.rec.text = "Do it.";
  record.rec.units = {"MMS", "MPRP"};
  record.rec.due = d("2001-08-31");
  record.follow_up.responses = {testing::response("MMS", "2001-09-05"),
                                testing::response("MPRP", "2001-09-20", Decision::partially_accepted)};
  record.follow_up.reports = {testing::report("MMS", ClaimedStatus::in_progress, "2001-10-01")};
  Extension extension;
  extension.unit = "MPRP";
  extension.due = d("2001-09-30");
  extension.granted = d("2001-09-02");
  record.follow_up.extensions = {extension};
  RecommendationRecord unanswered = record;
  unanswered.rec.number = 4;
  unanswered.follow_up = {};
  const std::string original = "MEMORANDUM\n\nTo:\tDirector, MMS\n3. Do it.\tMMS/MPRP\t31 August 2001";
  EXPECT_EQ(
      render_followup_memo(original, false, {record, unanswered}, d("2001-10-10"), MemoFormat::text),
      original +
          "\n\nFOLLOW-UP AS OF 10 OCTOBER 2001\n\n"
          "3. Due 31 August 2001; extended for MPRP to 30 September 2001 (granted 2 September 2001). "
          "State: in progress.\n"
          "   MMS: accepted on 5 September 2001 (5 days late); reported in progress on 1 October 2001.\n"
          "   MPRP: partially accepted on 20 September 2001 (within the extension).\n\n"
          "4. Due 31 August 2001. State: awaiting response.\n"
          "   MMS: no response, 40 days overdue.\n"
          "   MPRP: no response, 40 days overdue.\n\n");
  // In Markdown, a memo that was not Markdown stays line for line in a fence.
  EXPECT_EQ(render_followup_memo(original + "\n", false, {unanswered}, d("2001-09-01"), MemoFormat::markdown),
            "```text\n" + original +
                "\n\n```\n\n## Follow-up as of 1 September 2001\n\n"
                "**4.** Due 31 August 2001. State: awaiting response.\n"
                "- MMS: no response, 1 day overdue.\n"
                "- MPRP: no response, 1 day overdue.\n\n");
  RecommendationRecord closed = record;
  ClosingEvent closing;
  closing.outcome = Outcome::implemented;
  closing.on = d("2001-12-01");
  closed.follow_up.closings = {closing};
  Revision revision;
  revision.on = d("2001-11-01");
  revision.text = "Do it\ndifferently.";
  revision.units = closed.rec.units;
  revision.reason = "Scope";
  closed.follow_up.revisions = {revision};
  EXPECT_EQ(render_followup_memo("M\n", false, {closed}, d("2002-01-01"), MemoFormat::text),
            "M\n\nFOLLOW-UP AS OF 1 JANUARY 2002\n\n"
            "3. Due 31 August 2001; extended for MPRP to 30 September 2001 (granted 2 September 2001). "
            "State: closed implemented.\n"
            "   Reworded on 1 November 2001 (Scope): Do it differently.\n"
            "   MMS: accepted on 5 September 2001 (5 days late); reported in progress on 1 October 2001.\n"
            "   MPRP: partially accepted on 20 September 2001 (within the extension).\n"
            "   Closed on 1 December 2001: implemented.\n\n");
  // A Word or Markdown memo is Markdown already.
  EXPECT_EQ(render_followup_memo("# MEMORANDUM\n", true, {}, d("2001-09-01"), MemoFormat::markdown),
            "# MEMORANDUM\n\n## Follow-up as of 1 September 2001\n\n");
}

TEST(Memo, TextHasTheFollowUpTable) {
  Evaluation e;
  e.code = "X";
  e.title = "Evaluation of X (X)";
  e.memo.to = {"Director, MMS"};
  e.memo.from = "The Director General";
  e.memo.subject = "Evaluation of X (X)";
  Recommendation r;
  r.number = 1;
  r.text = "Do it.";
  r.units = {"MMS", "MPRP"};
  r.responsible = {"MMS", "MPRP"};
  r.due = *Date::parse_iso("2001-08-31");
  e.recommendations = {r};
  const auto text = render_memo(e, MemoFormat::text);
  EXPECT_NE(text.find("RECOMMENDATIONS\tResponsibility for Follow-up\tConfirmation of follow-up due by:\n"
                      "1. Do it.\tMMS/MPRP\t31 August 2001\n"),
            std::string::npos)
      << text;
  const auto markdown = render_memo(e, MemoFormat::markdown);
  EXPECT_NE(markdown.find("| 1 | Do it. | MMS, MPRP | 2001-08-31 |\n"), std::string::npos) << markdown;
}

// Importing what render_memo writes gives back the same recommendations,
// for every good memo in the test data.
TEST(Memo, RoundTripsEveryMemoInTheTestData) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(FOLLOWUP_SOURCE_DIR) / "tests/data/memos")) {
    const auto name = entry.path().filename().string();
    if (name.find(".expected.") != std::string::npos || name.rfind("bad-", 0) == 0) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto original = parse(bytes, name);
    if (!original) continue;  // inputs that are errors on purpose are named bad-*; others must parse
    const auto evaluation = evaluation_of(*original);
    for (auto format : {MemoFormat::text, MemoFormat::markdown}) {
      SCOPED_TRACE(name + (format == MemoFormat::text ? " (text)" : " (markdown)"));
      const auto rendered = render_memo(evaluation, format);
      auto back = parse(rendered, "rendered");
      ASSERT_TRUE(back.ok()) << back.error().describe() << "\n" << rendered;
      ASSERT_EQ(back->recommendations.size(), original->recommendations.size()) << rendered;
      EXPECT_EQ(back->code, original->code);
      for (std::size_t i = 0; i < back->recommendations.size(); ++i) {
        const auto& a = original->recommendations[i];
        const auto& b = back->recommendations[i];
        EXPECT_EQ(a.number, b.number);
        EXPECT_EQ(util::fold_space(a.text), util::fold_space(b.text));
        EXPECT_EQ(a.responsible, b.responsible);
        EXPECT_EQ(a.due, b.due);
      }
    }
    ++checked;
  }
  EXPECT_GE(checked, 4);
}

}  // namespace
}  // namespace followup::render
