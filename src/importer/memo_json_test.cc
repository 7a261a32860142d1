#include "importer/memo_json.h"

#include <gtest/gtest.h>

namespace followup::importer {
namespace {

TEST(MemoJson, DryRunShape) {
  ParsedMemo m;
  m.header.from = "The Director General";
  m.header.to = {"Director, MMS"};
  m.header.subject = "Evaluation (X)";
  m.code = "X";
  m.title = "Evaluation (X)";
  ParsedRecommendation r;
  r.number = 1;
  r.text = "Do.";
  r.responsible = {"MMS", "Legal"};
  r.units = {"MMS", std::nullopt};
  r.due = *Date::parse_iso("2001-08-31");
  m.recommendations.push_back(r);
  m.warnings.push_back(
      {WarningKind::unit_not_in_directory, 3, "Legal", "'Legal' is not in the unit directory"});
  const auto j = dry_run_json(m);
  const std::string want =
      R"j({"evaluation":{"code":"X","title":"Evaluation (X)"},"memo":{"cc":[],"date":null,)j"
      R"j("from":"The Director General","subject":"Evaluation (X)","to":["Director, MMS"]},)j"
      R"j("recommendations":[{"due":"2001-08-31","number":1,"responsible":["MMS","Legal"],"text":"Do.",)j"
      R"j("units":["MMS",null]}],"warnings":[{"excerpt":"Legal","kind":"unit_not_in_directory","line":3,)j"
      R"j("message":"'Legal' is not in the unit directory"}]})j";
  EXPECT_EQ(j.dump(), want);
  m.header.date = Date::parse_iso("2001-07-16");
  EXPECT_EQ(dry_run_json(m)["memo"]["date"], "2001-07-16");
}

TEST(MemoJson, EveryWarningKindHasAWordThatReadsBack) {
  for (const auto kind :
       {WarningKind::unreadable_memo_date, WarningKind::stray_row, WarningKind::due_before_memo_date,
        WarningKind::numbering_gap, WarningKind::numbering_out_of_order, WarningKind::no_title,
        WarningKind::code_from_initials, WarningKind::unit_matched_by_place,
        WarningKind::unit_not_in_directory, WarningKind::unit_added}) {
    const auto word = to_string(kind);
    EXPECT_NE(word, "unknown");
    EXPECT_EQ(parse_warning_kind(word), kind) << word;
  }
  EXPECT_FALSE(parse_warning_kind("numbering gap"));
}

}  // namespace
}  // namespace followup::importer
