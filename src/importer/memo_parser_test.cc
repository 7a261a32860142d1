#include "importer/memo_parser.h"

#include <gtest/gtest.h>
#include <tuple>

#include "importer/test_support.h"

namespace followup::importer {
namespace {

const char* const k_memo_head =
    "MEMORANDUM\n\nTo: Director, MMS\nDirector, MPRP\n\nFrom: The Director General\n\nDate: 16 July 2001\n\n"
    "Subject: Evaluation of the Fund (TCF)\n\n";  // 11 lines; the table header is line 12
const char* const k_table_head =
    "RECOMMENDATIONS\tResponsibility for Follow-up\tConfirmation of follow-up due by:\n";

ParseOptions options_for(const char* file = "memo.txt", const UnitDirectory* dir = nullptr) {
  ParseOptions o;
  o.file_name = file;
  o.directory = dir;
  return o;
}

Result<ParsedMemo> parse_rows(const std::string& rows, const UnitDirectory* dir = nullptr) {
  return parse_memo(std::string(k_memo_head) + k_table_head + rows, options_for("memo.txt", dir));
}

using testing::error_of;

TEST(MemoParser, ErrorsAreExact) {
  struct Case {
    std::string name;
    std::string input;
    std::string error;
  };
  const std::string head = std::string(k_memo_head) + k_table_head;
  const Case cases[] = {
      {"empty", "", "memo.txt: the input is empty"},
      {"blank", " \n\r\n\t", "memo.txt: the input is empty"},
      {"bom only", "\xEF\xBB\xBF", "memo.txt: the input is empty"},
      {"binary", std::string("MZ\0\0\x01\x02", 6),
       "memo.txt: input is binary data, not text (it has NUL characters)"},
      {"undecodable", "To: MMS\n\x81\x8D",
       "memo.txt:2: input is neither UTF-8 nor Windows-1252 text (byte 0x81 at offset 8)"},
      {"no table", std::string(k_memo_head) + "The table will follow.\n",
       "memo.txt: no recommendations table found: expected a header row naming the recommendation, the "
       "responsible unit and the due date, or paragraphs labelled \"Recommendation 1:\" (or "
       "numbered \"1.\") with \"Responsible:\" and \"Deadline:\" lines"},
      {"no rows", head + "\nThank you.\n",
       "memo.txt:12: the recommendations table has no numbered rows (\"1.\", \"1)\" or a number column)"},
      {"missing due", head + "1. Do it.\tMMS\t31 August 2001\n2. Do more.\tMMS\n",
       "memo.txt:14: recommendation 2 has no due date"},
      {"missing responsible", head + "1. Do it.\t\t31 August 2001\n",
       "memo.txt:13: recommendation 1 has no responsible unit"},
      {"separators only", head + "1. Do it.\t/\t31 August 2001\n",
       "memo.txt:13: recommendation 1 has no responsible unit (the cell holds only '/')"},
      {"impossible due", head + "1. Do it.\tMMS\t31 September 2002\n",
       "memo.txt:13: impossible date '31 September 2002' as the due date of recommendation 1"},
      {"unreadable due", head + "1. Do it.\tMMS\tsoon\n",
       "memo.txt:13: 'soon' is not a due date the importer can read (recommendation 1); write it as 31 "
       "August 2001, "
       "31/08/2001 or 2001-08-31"},
      {"impossible memo date",
       "To: Director, MMS\nDate: 30 February 2002\n\n" + std::string(k_table_head) +
           "1. Do it.\tMMS\t31 August 2002\n",
       "memo.txt:2: impossible date '30 February 2002' in the memo's Date field"},
  };
  for (const auto& c : cases) EXPECT_EQ(error_of(parse_memo(c.input, options_for())), c.error) << c.name;
}

// Recommendations as labelled paragraphs (docs/import.md): the same header,
// the same checks, errors at the label's or the field's line.
TEST(MemoParser, LabelledParagraphErrorsAreExact) {
  struct Case {
    std::string name;
    std::string body;  // from line 12
    std::string error;
  };
  const Case cases[] = {
      {"no deadline",
       "Recommendation 1: Do it.\nResponsible: MMS\nDue: 1 May 2002\n\nRecommendation 2: Do "
       "more.\nResponsible: "
       "MMS\n",
       "memo.txt:16: recommendation 2 has no due date"},
      {"no responsible", "Recommendation 1: Do it.\nDeadline: 31 August 2001\n",
       "memo.txt:12: recommendation 1 has no responsible unit"},
      {"no text", "Recommendation 1:\nResponsible: MMS\nDeadline: 31 August 2001\nDo it.\n",
       "memo.txt:12: recommendation 1 has no text"},
      {"unreadable deadline", "Recommendation 1: Do it.\nResponsible: MMS\nDeadline: end of the year\n",
       "memo.txt:14: 'end of the year' is not a due date the importer can read (recommendation 1); write it "
       "as "
       "31 August 2001, 31/08/2001 or 2001-08-31"},
      {"impossible deadline", "Recommendation 1: Do it.\nPlazo: 31 de septiembre de 2002\nResponsable: MMS\n",
       "memo.txt:13: impossible date '31 de septiembre de 2002' as the due date of recommendation 1"},
      {"closing words on the deadline",
       "Recommendation 1: Do it.\nResponsible: MMS\nDeadline: soon\nThank you.\n",
       "memo.txt:14: 'soon Thank you.' is not a due date the importer can read (recommendation 1); write it "
       "as "
       "31 August 2001, 31/08/2001 or 2001-08-31"},
      {"duplicate number",
       "Recommendation 1: Do it.\nResponsible: MMS\nDeadline: 31 August 2001\n"
       "Recommendation 1: Again.\nResponsible: MMS\nDeadline: 31 August 2001\n",
       "memo.txt:15: recommendation number 1 is used twice (first on line 12); nothing was imported"},
      {"deadline twice",
       "Recommendation 1: Do it.\nDeadline: 31 August 2001\nResponsible: MMS\nDue: 1 May 2002\n",
       "memo.txt:15: recommendation 1 gives its due date twice (first on line 13)"},
      {"labels but no fields", "Recommendation 1: see the annex.\n",
       "memo.txt: no recommendations table found: expected a header row naming the recommendation, the "
       "responsible unit and the due date, or paragraphs labelled \"Recommendation 1:\" (or "
       "numbered \"1.\") with \"Responsible:\" and \"Deadline:\" lines"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(error_of(parse_memo(k_memo_head + c.body, options_for())), c.error) << c.name;
}

TEST(MemoParser, ReadsLabelledParagraphs) {
  auto r = parse_memo(std::string(k_memo_head) +
                          "Recommendation 2: Strengthen the monitoring as follows:\n"
                          "(a) a quarterly report;\n"
                          "(b) a yearly review.\n"
                          "Deadline: 31 December 2001\n"
                          "Responsible: MMS / MPRP\n\n"
                          "Recommendation 1: Report.\nResponsible: MPRP\nDeadline: 30 June 2001\n",
                      options_for());
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->code, "TCF");
  EXPECT_EQ(r->header.to, (std::vector<std::string>{"Director, MMS", "Director, MPRP"}));
  ASSERT_EQ(r->recommendations.size(), 2u);
  const auto& first = r->recommendations[0];
  EXPECT_EQ(first.number, 2);
  EXPECT_EQ(first.line, 12);
  EXPECT_EQ(first.text,
            "Strengthen the monitoring as follows:\n(a) a quarterly report;\n(b) a yearly review.");
  EXPECT_EQ(first.responsible, (std::vector<std::string>{"MMS", "MPRP"}));
  EXPECT_EQ(first.units, (std::vector<std::optional<std::string>>{"MMS", "MPRP"}));
  EXPECT_EQ(first.due.iso(), "2001-12-31");
  std::vector<std::tuple<WarningKind, int, std::string>> got;
  for (const auto& w : r->warnings) got.emplace_back(w.kind, w.line, w.message);
  EXPECT_EQ(
      got,
      (std::vector<std::tuple<WarningKind, int, std::string>>{
          {WarningKind::numbering_gap, 12,
           "numbering gap: recommendation 2 is the first, number 1 is missing"},
          {WarningKind::numbering_out_of_order, 18, "numbering out of order: recommendation 1 follows 2"},
          {WarningKind::due_before_memo_date, 20,
           "recommendation 1 is due 2001-06-30, before the memo's date 2001-07-16"}}));
}

TEST(MemoParser, CsvErrorsAreExact) {
  struct Case {
    std::string input;
    std::string error;
  };
  const Case cases[] = {
      {"number,recommendation,responsible,due\n1,\"Do it,MMS,2001-08-31\n",
       "recs.csv:2: a quoted CSV field is never closed"},
      {"number,recommendation,responsible,due\nx,Do it,MMS,2001-08-31\n",
       "recs.csv:2: recommendation number 'x' is not a number"},
      {"number,recommendation,responsible\n1,Do it,MMS\n",
       "recs.csv:1: no recommendations table found: the CSV header row 'number,recommendation,responsible' "
       "must name "
       "the recommendation, the responsible unit and the due date"},
      {"number,recommendation,responsible,due\n",
       "recs.csv:1: the recommendations table has no rows below its header row"},
      {"number,recommendation,responsible,due\n1,Do it,MMS,\n",
       "recs.csv:2: recommendation 1 has no due date"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(error_of(parse_memo(c.input, options_for("recs.csv"))), c.error) << c.input;
}

TEST(MemoParser, WarnsAboutDoubts) {
  const auto dir =
      directory_from_addressees(MemoHeader{{}, "", {"Director, MMS", "Head of MRF Buenos Aires"}, {}, ""});
  auto r = parse_rows(
      "1. One.\tMMS\t31 August 2001\n"
      "3. Three.\tIOM Buenos Aires\t31 August 2001\n"
      "2. Two.\tMMS\t30 June 2001\n"
      "4. Four.\tMMS/Legal Affairs\t31 August 2001\n",
      &dir);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  std::vector<std::tuple<WarningKind, int, std::string, std::string>> got;
  for (const auto& w : r->warnings) got.emplace_back(w.kind, w.line, w.excerpt, w.message);
  const std::vector<std::tuple<WarningKind, int, std::string, std::string>> want = {
      {WarningKind::numbering_gap, 14, "", "numbering gap: recommendation 3 follows 1, number 2 is missing"},
      {WarningKind::unit_matched_by_place, 14, "IOM Buenos Aires",
       "'IOM Buenos Aires' matched unit MRF-BA (MRF Buenos Aires) by its place name 'Buenos Aires'"},
      {WarningKind::due_before_memo_date, 15, "30 June 2001",
       "recommendation 2 is due 2001-06-30, before the memo's date 2001-07-16"},
      {WarningKind::numbering_out_of_order, 15, "", "numbering out of order: recommendation 2 follows 3"},
      {WarningKind::unit_not_in_directory, 16, "Legal Affairs",
       "'Legal Affairs' is not in the unit directory"},
  };
  EXPECT_EQ(got, want);
  EXPECT_EQ(r->recommendations[3].units, (std::vector<std::optional<std::string>>{"MMS", std::nullopt}));
  EXPECT_TRUE(r->new_units.empty()) << "the directory handed in is not seeded";
  const auto refused = to_evaluation(*r);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().line, 16);
  EXPECT_EQ(refused.error().message, "recommendation 4: 'Legal Affairs' is not in the unit directory");
}

// Without a directory (or with an empty one) the memo's To: list seeds it,
// and every name is resolved in the same pass that reads its row.
TEST(MemoParser, ResolvesUnitsInOnePassAgainstTheSeededDirectory) {
  auto r = parse_rows(
      "1. One.\tIOM Buenos Aires\t31 August 2001\n"
      "2. Two.\tMMS/MPRP\t31 August 2001\n"
      "3. Three.\tMRF Dakar\t31 August 2001\n");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  std::vector<std::string> codes;
  for (const auto& u : r->new_units) codes.push_back(u.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"MMS", "MPRP"}));
  EXPECT_EQ(r->recommendations[1].units, (std::vector<std::optional<std::string>>{"MMS", "MPRP"}));
  EXPECT_EQ(r->recommendations[2].units, (std::vector<std::optional<std::string>>{std::nullopt}));
  ASSERT_EQ(r->warnings.size(), 2u);
  EXPECT_EQ(r->warnings[0].kind, WarningKind::unit_not_in_directory);
  EXPECT_EQ(r->warnings[0].excerpt, "IOM Buenos Aires");
  EXPECT_EQ(r->warnings[1].kind, WarningKind::unit_not_in_directory);
  EXPECT_EQ(r->warnings[1].excerpt, "MRF Dakar");
  const UnitDirectory empty;
  auto again = parse_rows("1. One.\tMMS\t31 August 2001\n", &empty);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->new_units.size(), 2u);
  EXPECT_EQ(again->recommendations[0].units[0], std::optional<std::string>("MMS"));
}

// With add_unknown_units a name the directory does not know is given the
// unit the To: list gives for it, else the one its own words give.
TEST(MemoParser, AddsUnitsForUnknownNamesWhenAsked) {
  UnitDirectory dir;
  dir.add(Unit{"MMS", "Migration Management Services", "", "", "Director, MMS", {}, {}});
  ParseOptions options = options_for("memo.txt", &dir);
  options.add_unknown_units = true;
  auto r = parse_memo(std::string(k_memo_head) + k_table_head +
                          "1. One.\tMMS/MPRP\t31 August 2001\n"
                          "2. Two.\tHead of MRF Dakar\t31 August 2001\n"
                          "3. Three.\tMRF Dakar\t31 August 2001\n",
                      options);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->new_units.size(), 2u);
  EXPECT_EQ(r->new_units[0].code, "MPRP");
  EXPECT_EQ(r->new_units[0].head_title, "Director, MPRP");  // from the To: list
  EXPECT_EQ(r->new_units[1].code, "MRF-DAKAR");
  EXPECT_EQ(r->recommendations[2].units[0], std::optional<std::string>("MRF-DAKAR"));
  std::vector<std::pair<WarningKind, std::string>> got;
  for (const auto& w : r->warnings) got.emplace_back(w.kind, w.message);
  EXPECT_EQ(
      got,
      (std::vector<std::pair<WarningKind, std::string>>{
          {WarningKind::unit_added, "'MPRP' is not in the unit directory: added as unit MPRP"},
          {WarningKind::unit_added,
           "'Head of MRF Dakar' is not in the unit directory: added as unit MRF-DAKAR"},
          {WarningKind::unit_added, "'MRF Dakar' is not in the unit directory: added as unit MRF-DAKAR"}}));
  ASSERT_TRUE(to_evaluation(*r).ok());
  auto refused = parse_memo(
      std::string(k_memo_head) + k_table_head + "1. One.\tlegal affairs\t31 August 2001\n", options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().describe(), "memo.txt:13: cannot derive a unit from the name 'legal affairs'");
}

TEST(MemoParser, ANumberUsedTwiceIsRefusedWithBothLines) {
  const auto r = parse_rows(
      "1. One.\tMMS\t31 August 2001\n"
      "2. Two.\tMMS\t31 August 2001\n"
      "2. Two again.\tMMS\t31 August 2001\n",
      nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 15);
  EXPECT_EQ(r.error().message,
            "recommendation number 2 is used twice (first on line 14); nothing was imported");
}

TEST(MemoParser, WarnsAboutARowAfterTheTable) {
  const auto r = parse_memo(
      "To: Director, MMS\nSubject: Evaluation of the Return Pilot (RP)\n\n"
      "| No. | Recommendation | Responsible | Due |\n|---|---|---|---|\n"
      "| 1 | Write the plan. | MMS | 31 August 2001 |\n\n"
      "The second recommendation was added later.\n\n"
      "| 2 | Report yearly. | MMS | 30 September 2001 |\n",
      options_for("memo.md"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->recommendations.size(), 1u);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0].line, 10);
  EXPECT_EQ(r->warnings[0].message,
            "'| 2 | Report yearly. | MMS | 30 September 2001 |' reads like recommendation 2 but the "
            "recommendations table ended at line 8; it is not imported");
}

TEST(MemoParser, TitleAcronymGivesTheCode) {
  UnitDirectory dir;
  dir.add(Unit{"MMS", "Migration Management Services", "", "", "", {}, {}});
  auto r = parse_memo("Subject: Evaluation of the\n'Programa' (PLACMI 2)\n\n" + std::string(k_table_head) +
                          "1. Do.\tMMS\t2001-08-31\n",
                      options_for("memo.txt", &dir));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->code, "PLACMI-2");
  EXPECT_EQ(r->title, "Evaluation of the 'Programa' (PLACMI 2)");
  EXPECT_TRUE(r->warnings.empty());
}

TEST(MemoParser, CodeFromInitialsIsAWarning) {
  auto r = parse_memo("To: Director, MMS\n\nSubject: Evaluation of the Technical Cooperation\nFund\n\n" +
                          std::string(k_table_head) + "1. Do.\tMMS\t2001-08-31\n",
                      options_for());
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->code, "TCF");
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0].line, 3);
  EXPECT_EQ(r->warnings[0].message,
            "the title has no acronym in parentheses; evaluation code 'TCF' is made from its initials");
}

TEST(MemoParser, NamesFromToListAndDirectoryAreNeverSplit) {
  UnitDirectory dir;
  dir.add(Unit{"FA", "Finance and Administration", "division", "", "", {}, {}});
  const std::string input = "To: Director, Research and Publications\n\nSubject: Review (RV)\n\n" +
                            std::string(k_table_head) +
                            "1. Do.\tResearch and Publications and Finance and Administration\t2001-08-31\n"
                            "2. Do.\tDirector, Research and Publications\t2001-08-31\n";
  auto r = parse_memo(input, options_for("memo.txt", &dir));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->recommendations[0].responsible,
            (std::vector<std::string>{"Research and Publications", "Finance and Administration"}));
  EXPECT_EQ(r->recommendations[1].responsible,
            (std::vector<std::string>{"Director, Research and Publications"}));
}

TEST(MemoParser, DecodesEveryEncoding) {
  const std::string utf8 = std::string(k_memo_head) + k_table_head +
                           "1. Cr\xC3\xA9"
                           "er.\tMMS\t1er d\xC3\xA9"
                           "cembre 2004\n";
  std::string cp1252;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if (static_cast<unsigned char>(utf8[i]) == 0xC3) {
      cp1252 += static_cast<char>(static_cast<unsigned char>(utf8[i + 1]) + 0x40);
      ++i;
    } else {
      cp1252 += utf8[i];
    }
  }
  auto widen = [&](bool little) {
    std::string out = little ? "\xFF\xFE" : "\xFE\xFF";
    for (const char lo : cp1252) {  // Latin-1 code points equal the bytes here
      if (little) {
        out += lo;
        out += '\0';
      } else {
        out += '\0';
        out += lo;
      }
    }
    return out;
  };
  std::string crlf;
  for (char c : utf8) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  std::string cr = utf8;
  for (char& c : cr)
    if (c == '\n') c = '\r';
  const std::pair<const char*, std::string> inputs[] = {
      {"utf8", utf8},
      {"bom", "\xEF\xBB\xBF" + utf8},
      {"cp1252", cp1252},
      {"utf16le", widen(true)},
      {"utf16be", widen(false)},
      {"crlf", crlf},
      {"cr", cr},
  };
  for (const auto& [name, bytes] : inputs) {
    auto r = parse_memo(bytes, options_for());
    ASSERT_TRUE(r.ok()) << name << ": " << r.error().describe();
    ASSERT_EQ(r->recommendations.size(), 1u) << name;
    EXPECT_EQ(r->recommendations[0].text,
              "Cr\xC3\xA9"
              "er.")
        << name;
    EXPECT_EQ(r->recommendations[0].due.iso(), "2004-12-01") << name;
    EXPECT_EQ(r->recommendations[0].line, 13) << name;
  }
}

TEST(MemoParser, CsvWithTitleCommentAndQuotedCells) {
  const std::string input =
      "# Evaluation of the Border Training Project (CAPFRON)\n"
      "N\xC2\xBA;Recomendaci\xC3\xB3n;Responsable;Fecha l\xC3\xADmite\n"
      "1;\"Primera l\xC3\xADnea;\nsegunda \"\"l\xC3\xADnea\"\"\";MMS y MRF San Jos\xC3\xA9;30 de abril de "
      "2003\n"
      "2;Otra;MMS;2003-06-30\n";
  auto r = parse_memo(input, options_for("-"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->title, "Evaluation of the Border Training Project (CAPFRON)");
  EXPECT_EQ(r->code, "CAPFRON");
  EXPECT_TRUE(r->header.to.empty());
  ASSERT_EQ(r->recommendations.size(), 2u);
  EXPECT_EQ(r->recommendations[0].text, "Primera l\xC3\xADnea;\nsegunda \"l\xC3\xADnea\"");
  EXPECT_EQ(r->recommendations[0].responsible, (std::vector<std::string>{"MMS", "MRF San Jos\xC3\xA9"}));
  EXPECT_EQ(r->recommendations[1].line, 5);
}

TEST(MemoParser, CsvTitleField) {
  auto r = parse_memo(
      "Title: Review of the Fund (TCF)\nRef: 2001/12\nrecommendation,responsible,due\n1. Do,MMS,2001-08-31\n",
      options_for("-"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->title, "Review of the Fund (TCF)");
  EXPECT_EQ(r->code, "TCF");
  EXPECT_EQ(r->header.subject, "");
}

TEST(MemoParser, CsvTitleFromFileName) {
  auto r = parse_memo("recommendation,responsible,due\n\"1. Do it\",MMS,2001-08-31\n",
                      options_for("dir/tcf_review.csv"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->title, "tcf review");
  EXPECT_EQ(r->recommendations[0].number, 1);
  EXPECT_EQ(r->recommendations[0].text, "Do it");
}

// The text `followup memo` renders (tests/data and docs/import.md describe it).
TEST(MemoParser, RenderedMemoParsesBack) {
  const std::string text =
      "MEMORANDUM\n\nTo: Head of MRF Buenos Aires\nDirector, MMS\nDirector, MPRP\nFrom: The Director "
      "General\n"
      "Cc: The Deputy Director General\nPGM DGO\nDate: 16 July 2001\n"
      "Subject: Evaluation of the 'Programa Latinoamericano de Cooperacion tecnica en Migraciones' (PLACMI "
      "2)\n\n"
      "Please send me your follow-up reports by the due dates indicated.\n\n"
      "Proposal for follow-up on Recommendations\n\n"
      "RECOMMENDATIONS\tResponsibility for Follow-up\tConfirmation of follow-up due by:\n"
      "1. First paragraph of one.\nSecond paragraph of one.\tIOM Buenos Aires\t31 August 2001\n"
      "2. Two.\tMMS/MPRP\t31 August 2001\n";
  const std::string markdown =
      "# MEMORANDUM\n\n**To:** Head of MRF Buenos Aires; Director, MMS; Director, MPRP\n**From:** The "
      "Director General\n"
      "**Cc:** The Deputy Director General; PGM DGO\n**Date:** 2001-07-16\n"
      "**Subject:** Evaluation of the 'Programa Latinoamericano de Cooperacion tecnica en Migraciones' "
      "(PLACMI 2)\n\n"
      "## Proposal for follow-up on Recommendations\n\n"
      "| No. | Recommendation | Responsibility for Follow-up | Confirmation of follow-up due by |\n"
      "|----:|----------------|------------------------------|----------------------------------|\n"
      "| 1 | First paragraph of one.<br>Second paragraph of one. | IOM Buenos Aires | 2001-08-31 |\n"
      "| 2 | Two. | MMS/MPRP | 2001-08-31 |\n";
  for (const auto& [name, input] : {std::pair{"text", text}, std::pair{"markdown", markdown}}) {
    auto r = parse_memo(input, options_for(name));
    ASSERT_TRUE(r.ok()) << name << ": " << r.error().describe();
    const auto& m = *r;
    EXPECT_EQ(m.header.to,
              (std::vector<std::string>{"Head of MRF Buenos Aires", "Director, MMS", "Director, MPRP"}));
    EXPECT_EQ(m.header.cc, (std::vector<std::string>{"The Deputy Director General", "PGM DGO"}));
    EXPECT_EQ(m.header.from, "The Director General");
    EXPECT_EQ(m.header.date->iso(), "2001-07-16");
    EXPECT_EQ(m.code, "PLACMI-2");
    ASSERT_EQ(m.recommendations.size(), 2u) << name;
    EXPECT_EQ(m.recommendations[0].text, "First paragraph of one.\nSecond paragraph of one.") << name;
    EXPECT_EQ(m.recommendations[0].responsible, (std::vector<std::string>{"IOM Buenos Aires"}));
    EXPECT_EQ(m.recommendations[1].responsible, (std::vector<std::string>{"MMS", "MPRP"}));
    EXPECT_EQ(m.recommendations[1].due.iso(), "2001-08-31");
  }
}

TEST(MemoParser, DirectoryFromAddressees) {
  MemoHeader h;
  h.to = {"Head of MRF Buenos Aires", "Director, MMS", "The Director General", "Director of MMS"};
  const auto dir = directory_from_addressees(h);
  ASSERT_EQ(dir.units().size(), 2u);
  EXPECT_EQ(dir.units()[0].code, "MRF-BA");
  EXPECT_EQ(dir.units()[1].code, "MMS");
}

}  // namespace
}  // namespace followup::importer
