// The bounds of ParseLimits and the length of what messages quote: exact
// messages, default and configured limits, in each layout.
#include <gtest/gtest.h>
#include <string>

#include "importer/memo_parser.h"
#include "importer/test_support.h"

namespace followup::importer {
namespace {

const std::string k_head =
    "To: Director, MMS\nSubject: Evaluation of the Fund (TCF)\n\n"
    "RECOMMENDATIONS\tResponsibility for Follow-up\tConfirmation of follow-up due by:\n";  // rows from line 5
// The same, with header values short enough for a 20-byte field limit.
const std::string k_short_head =
    "To: MMS\nSubject: Fund (TCF)\n\nRECOMMENDATIONS\tResponsibility for Follow-up\tDue by:\n";
const std::string k_short_csv_head = "Subject: Fund (TCF)\nNumber,Recommendation,Responsible,Due\n";
const std::string k_csv_head =
    "Subject: Evaluation of the Fund (TCF)\nNumber,Recommendation,Responsible,Due\n";

std::string tab_rows(int n) {
  std::string rows;
  for (int i = 1; i <= n; ++i)
    rows += std::to_string(i) + ". Report on item " + std::to_string(i) + ".\tMMS\t31 August 2002\n";
  return rows;
}

ParseOptions options(ParseLimits limits = {}) {
  ParseOptions o;
  o.file_name = "memo.txt";
  o.limits = limits;
  return o;
}

using testing::error_of;

const std::string k_ellipsis = "\xE2\x80\xA6";

TEST(Limits, DefaultsAreDocumented) {
  const ParseLimits limits;
  EXPECT_EQ(limits.max_input_bytes, 20u * 1024 * 1024);
  EXPECT_EQ(limits.max_recommendations, 10000u);
  EXPECT_EQ(limits.max_field_bytes, 64u * 1024);
}

TEST(Limits, TenThousandRowsParseAndOneMoreIsRefused) {
  const auto ten_thousand = parse_memo(k_head + tab_rows(10000), options());
  ASSERT_TRUE(ten_thousand.ok()) << error_of(ten_thousand);
  EXPECT_EQ(ten_thousand->recommendations.size(), 10000u);
  EXPECT_EQ(ten_thousand->recommendations.back().number, 10000);
  // Row 10001 is on line 4 + 10001.
  EXPECT_EQ(error_of(parse_memo(k_head + tab_rows(10001), options())),
            "memo.txt:10005: the memo has more than 10000 recommendations, the limit for one memo");
}

// "Recommendation N: text", sub-points, then the fields, in turn in each order.
std::string labelled_paragraphs(int n) {
  std::string memo = "To: Director, MMS\nDirector, MPRP\nSubject: Evaluation of the Fund (TCF)\n\n";
  for (int i = 1; i <= n; ++i) {
    memo +=
        "Recommendation " + std::to_string(i) + ": Report on item " + std::to_string(i) + " as follows:\n";
    memo += "(a) yearly;\n(b) to the Council.\n";
    memo += i % 2 == 0 ? "Responsible: MMS; MPRP\nDeadline: 31 August 2002\n\n"
                       : "Plazo: 31 de agosto de 2002\nResponsables: MMS\n\n";
  }
  return memo;
}

// Linear in the input like the other layouts (bench/importer_bench measures
// the growth): a memo of 5,000 labelled recommendations parses whole.
TEST(Limits, FiveThousandLabelledRecommendationsParse) {
  const auto memo = parse_memo(labelled_paragraphs(5000), options());
  ASSERT_TRUE(memo.ok()) << error_of(memo);
  ASSERT_EQ(memo->recommendations.size(), 5000u);
  const auto& last = memo->recommendations.back();
  EXPECT_EQ(last.number, 5000);
  EXPECT_EQ(last.text, "Report on item 5000 as follows:\n(a) yearly;\n(b) to the Council.");
  EXPECT_EQ(last.responsible, (std::vector<std::string>{"MMS", "MPRP"}));
  EXPECT_EQ(last.due.iso(), "2002-08-31");
  // Recommendation 10001 is on line 5 + 6 * 10000.
  EXPECT_EQ(error_of(parse_memo(labelled_paragraphs(10001), options())),
            "memo.txt:60005: the memo has more than 10000 recommendations, the limit for one memo");
}

TEST(Limits, RowLimitIsAnOption) {
  ParseLimits limits;
  limits.max_recommendations = 2;
  EXPECT_TRUE(parse_memo(k_head + tab_rows(2), options(limits)).ok());
  EXPECT_EQ(error_of(parse_memo(k_head + tab_rows(3), options(limits))),
            "memo.txt:7: the memo has more than 2 recommendations, the limit for one memo");
  EXPECT_EQ(
      error_of(parse_memo(k_csv_head + "1,A.,MMS,2003-01-10\n2,B.,MMS,2003-01-10\n3,C.,MMS,2003-01-10\n",
                          options(limits))),
      "memo.txt:5: the memo has more than 2 recommendations, the limit for one memo");
  const std::string pipes =
      "Subject: Evaluation of the Fund (TCF)\n\n| No. | Recommendation | Responsible | Due "
      "|\n|---|---|---|---|\n"
      "| 1 | A. | MMS | 31 August 2002 |\n| 2 | B. | MMS | 31 August 2002 |\n| 3 | C. | MMS | 31 August 2002 "
      "|\n";
  EXPECT_EQ(error_of(parse_memo(pipes, options(limits))),
            "memo.txt:7: the memo has more than 2 recommendations, the limit for one memo");
}

TEST(Limits, AFieldOverTheLimitIsRefusedNamingFieldAndLine) {
  // Default: 64 KB for any one field.
  const std::string long_text(70000, 'x');
  EXPECT_EQ(error_of(parse_memo(k_head + "1. " + long_text + "\tMMS\t31 August 2002\n", options())),
            "memo.txt:5: the text of recommendation 1 is longer than 65536 bytes, the limit for one field");
  ParseLimits limits;
  limits.max_field_bytes = 20;
  // A cell that grows past the limit line by line is refused at the line that takes it over.
  EXPECT_EQ(error_of(parse_memo(k_short_head + "1. Ten bytes.\nTen more bytes.\tMMS\t31 August 2002\n",
                                options(limits))),
            "memo.txt:6: the text of recommendation 1 is longer than 20 bytes, the limit for one field");
  EXPECT_EQ(
      error_of(parse_memo(k_short_head + "1. Do it.\tMMS, MPRP, MRF Dakar, MRF Pretoria\t31 August 2002\n",
                          options(limits))),
      "memo.txt:5: the responsible cell of recommendation 1 is longer than 20 bytes, the limit for one "
      "field");
  EXPECT_EQ(error_of(parse_memo(k_short_head + "1. Do it.\tMMS\tEnd of\nthe year, or the one after\n",
                                options(limits))),
            "memo.txt:6: the due cell of recommendation 1 is longer than 20 bytes, the limit for one field");
  EXPECT_EQ(error_of(parse_memo(k_short_csv_head + "1,\"A text of more than twenty bytes\",MMS,2003-01-10\n",
                                options(limits))),
            "memo.txt:3: the text of recommendation 1 is longer than 20 bytes, the limit for one field");
  const std::string labelled = "To: MMS\nSubject: Fund (TCF)\n\nRecommendation 1: Do it.\n";
  EXPECT_EQ(
      error_of(parse_memo(labelled + "Responsible: MMS, MPRP, MRF Dakar, MRF Pretoria\n", options(limits))),
      "memo.txt:5: the responsible field of recommendation 1 is longer than 20 bytes, the limit for one "
      "field");
  EXPECT_EQ(
      error_of(parse_memo(labelled + "Responsible: MMS\nDeadline: end of\nthe year, or the one after\n",
                          options(limits))),
      "memo.txt:7: the due date field of recommendation 1 is longer than 20 bytes, the limit for one field");
}

TEST(Limits, AHeaderValueOverTheLimitIsRefused) {
  ParseLimits limits;
  limits.max_field_bytes = 30;
  const std::string rows = "RECOMMENDATIONS\tResponsible\tDue by\n1. Do it.\tMMS\t31 August 2002\n";
  EXPECT_EQ(error_of(parse_memo(
                "To: MMS\nSubject: Evaluation of the Fund\nfor the Regional Offices (TCF)\n\n" + rows,
                options(limits))),
            "memo.txt:3: the Subject field is longer than 30 bytes, the limit for one field");
  EXPECT_EQ(
      error_of(parse_memo("To: The Director of the Regional Office for Europe\n\n" + rows, options(limits))),
      "memo.txt:1: an addressee in the To field is longer than 30 bytes, the limit for one field");
  const std::string long_subject(70000, 's');
  EXPECT_EQ(error_of(parse_memo("To: MMS\nSubject: " + long_subject + "\n\n" + rows, options())),
            "memo.txt:2: the Subject field is longer than 65536 bytes, the limit for one field");
}

TEST(Limits, InputOverTheLimitIsRefusedFirst) {
  ParseLimits limits;
  limits.max_input_bytes = 10;
  EXPECT_EQ(error_of(parse_memo("To: MMS, MPRP\n", options(limits))),
            "memo.txt: the input is 14 bytes, over the limit of 10 bytes for one memo");
  // Checked before anything else: even bytes that are not text.
  EXPECT_EQ(error_of(parse_memo(std::string(11, '\0'), options(limits))),
            "memo.txt: the input is 11 bytes, over the limit of 10 bytes for one memo");
}

TEST(Quoting, MessagesQuoteAtMostALine) {
  const std::string long_due(5000, 'x');
  EXPECT_EQ(error_of(parse_memo(k_head + "1. Do it.\tMMS\t" + long_due + "\n", options())),
            "memo.txt:5: '" + std::string(100, 'x') + k_ellipsis +
                "' is not a due date the importer can read (recommendation 1); write it as 31 August 2001, "
                "31/08/2001 or 2001-08-31");
  EXPECT_EQ(
      error_of(parse_memo(k_head + "1. Do it.\t" + std::string(300, '/') + "\t31 August 2002\n", options())),
      "memo.txt:5: recommendation 1 has no responsible unit (the cell holds only '" + std::string(100, '/') +
          k_ellipsis + "')");
  EXPECT_EQ(error_of(parse_memo(k_csv_head + std::string(200, '7') + ",A.,MMS,2003-01-10\n", options())),
            "memo.txt:3: recommendation number '" + std::string(100, '7') + k_ellipsis + "' is not a number");
  // A multi-byte character is never cut.
  std::string accents;
  for (int i = 0; i < 80; ++i) accents += "\xC3\xA9";
  EXPECT_EQ(error_of(parse_memo(k_head + "1. Do it.\tMMS\t" + accents + "\n", options())),
            "memo.txt:5: '" + accents.substr(0, 100) + k_ellipsis +
                "' is not a due date the importer can read (recommendation 1); write it as 31 August 2001, "
                "31/08/2001 or 2001-08-31");
}

TEST(Quoting, WarningsQuoteAtMostALine) {
  const std::string long_date = "sometime " + std::string(300, 'y');
  const auto memo = parse_memo("To: MMS\nDate: " + long_date + "\nSubject: Evaluation of the Fund (TCF)\n\n" +
                                   "RECOMMENDATIONS\tResponsible\tDue by\n1. Do it.\tMMS\t31 August 2002\n",
                               options());
  ASSERT_TRUE(memo.ok()) << error_of(memo);
  ASSERT_FALSE(memo->warnings.empty());
  EXPECT_EQ(memo->warnings.front().message,
            "the memo's date 'sometime " + std::string(91, 'y') + k_ellipsis +
                "' is not a date the importer can read; the date is left empty");
}

}  // namespace
}  // namespace followup::importer
