#include "importer/content_hash.h"

#include <gtest/gtest.h>

#include "importer/memo_json.h"

namespace followup::importer {
namespace {

const char* const k_memo =
    "To: Director, MMS\nFrom: The Director General\nDate: 16 July 2001\nSubject: Evaluation of X (X)\n\n"
    "RECOMMENDATIONS\tResponsibility for Follow-up\tConfirmation of follow-up due by:\n"
    "1. Do it.\tMMS\t31 August 2001\n";

// docs/import.md's worked example.
const char* const k_canonical =
    "15:followup-memo-1,1:X,19:Evaluation of X (X),10:2001-07-16,20:The Director General,"
    "19:Evaluation of X (X),1:1,13:Director, MMS,1:0,1:1,1:1,6:Do it.,10:2001-08-31,1:1,3:MMS,";

ParsedMemo parsed(const std::string& bytes) {
  ParseOptions options;
  options.file_name = "memo.txt";
  auto memo = parse_memo(bytes, options);
  EXPECT_TRUE(memo.ok()) << memo.error().describe();
  return memo.ok() ? *memo : ParsedMemo{};
}

TEST(ContentHash, TheWorkedExample) {
  const auto memo = parsed(k_memo);
  EXPECT_EQ(canonical_content(memo), k_canonical);
  EXPECT_EQ(content_hash(memo), "7355e05addaf0bf529963c38d0b22ddc2e6bf2c9867bf93e2dd6d4d27ba01017");
  // The evaluation to_evaluation makes hashes the same: the store's copy can be hashed again.
  const auto evaluation = to_evaluation(memo);
  ASSERT_TRUE(evaluation.ok());
  EXPECT_EQ(canonical_content(*evaluation), k_canonical);
  EXPECT_EQ(content_hash(*evaluation), content_hash(memo));
}

TEST(ContentHash, OutputAndWarningsDoNotChangeIt) {
  auto memo = parsed(k_memo);
  const auto hash = content_hash(memo);
  memo.warnings.push_back(Warning{WarningKind::numbering_gap, 7, {}, "a doubt"});
  memo.recommendations[0].units[0] = "OTHER";
  memo.new_units.clear();
  EXPECT_EQ(content_hash(memo), hash);
  // A memo re-saved with a byte order mark and CRLF is the same memo.
  std::string windows = "\xEF\xBB\xBF";
  for (const char* c = k_memo; *c != '\0'; ++c)
    windows += *c == '\n' ? std::string("\r\n") : std::string(1, *c);
  EXPECT_EQ(content_hash(parsed(windows)), hash);
}

TEST(ContentHash, EveryFieldCounts) {
  const auto base = parsed(k_memo);
  const auto hash = content_hash(base);
  auto changed = [&](auto&& change) {
    ParsedMemo m = base;
    change(m);
    return content_hash(m);
  };
  EXPECT_NE(changed([](ParsedMemo& m) { m.code = "Y"; }), hash);
  EXPECT_NE(changed([](ParsedMemo& m) { m.title += " "; }), hash);
  EXPECT_NE(changed([](ParsedMemo& m) { m.header.date.reset(); }), hash);
  EXPECT_NE(changed([](ParsedMemo& m) { m.header.from = "DG"; }), hash);
  EXPECT_NE(changed([](ParsedMemo& m) { m.header.subject.clear(); }), hash);
  EXPECT_NE(changed([](ParsedMemo& m) { m.header.to.emplace_back("Director, MPRP"); }), hash);
  EXPECT_NE(changed([](ParsedMemo& m) { m.header.cc.emplace_back("Director, MMS"); }), hash);
  EXPECT_NE(changed([](ParsedMemo& m) { m.recommendations[0].number = 2; }), hash);
  EXPECT_NE(changed([](ParsedMemo& m) { m.recommendations[0].text += "\nMore."; }), hash);
  EXPECT_NE(changed([](ParsedMemo& m) { m.recommendations[0].due = *Date::parse_iso("2001-08-30"); }), hash);
  EXPECT_NE(changed([](ParsedMemo& m) { m.recommendations[0].responsible[0] = "MPRP"; }), hash);
  // Counts keep lists apart: an addressee moved from To to Cc is another memo.
  EXPECT_NE(changed([](ParsedMemo& m) {
              m.header.cc = m.header.to;
              m.header.to.clear();
            }),
            hash);
}

}  // namespace
}  // namespace followup::importer
