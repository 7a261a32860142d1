#include "importer/table.h"

#include <gtest/gtest.h>

#include "importer/labelled.h"

namespace followup::importer::detail {
namespace {

TEST(Table, AssignsColumnsInThreeLanguages) {
  struct Case {
    std::vector<std::string> cells;
    int number, text, responsible, due;
  };
  const Case cases[] = {
      {{"RECOMMENDATIONS", "Responsibility for Follow-up", "Confirmation of follow-up due by:"}, -1, 0, 1, 2},
      {{"No.", "Recommendation", "Responsibility for Follow-up", "Confirmation of follow-up due by"},
       0,
       1,
       2,
       3},
      {{"RECOMENDACIONES", "Responsable del seguimiento", "Confirmación del seguimiento a más tardar el:"},
       -1,
       0,
       1,
       2},
      {{"N°", "Recommandation", "Responsabilité du suivi", "Échéance"}, 0, 1, 2, 3},
      {{"number", "recommendation", "responsible", "due"}, 0, 1, 2, 3},
      {{"Recommendation No.", "Text", "Unit", "Deadline"}, 0, 1, 2, 3},
      {{"#", "Recommendation", "Accountable unit", "Timeframe"}, 0, 1, 2, 3},
      {{"Recomendación", "Responsable", "Vencimiento"}, -1, 0, 1, 2},
      {{"Recommandation", "Service", "Calendrier"}, -1, 0, 1, 2},
      {{"Número de recomendación", "Recomendación", "Responsable", "Fecha límite"}, 0, 1, 2, 3},
  };
  for (const auto& c : cases) {
    const auto cols = assign_columns(c.cells);
    ASSERT_TRUE(cols) << c.cells[0];
    EXPECT_EQ(cols->number, c.number) << c.cells[0];
    EXPECT_EQ(cols->text, c.text) << c.cells[0];
    EXPECT_EQ(cols->responsible, c.responsible) << c.cells[0];
    EXPECT_EQ(cols->due, c.due) << c.cells[0];
  }
  EXPECT_FALSE(assign_columns({"Recommendation", "Due"}));
}

TEST(Table, Markers) {
  EXPECT_EQ(leading_number("1. Text", false)->number, 1);
  EXPECT_EQ(leading_number("12) Text", false)->length, 4u);
  EXPECT_FALSE(leading_number("1 Text", false));
  for (const char* s : {"1", "1.", "**1**", "Rec. 1", "Recommendation 1", "N° 1", "#1", " 1) "})
    EXPECT_EQ(number_cell_value(s), 1) << s;
  for (const char* s : {"", "a)", "1a", "Rec.", "one", "1 2"}) EXPECT_FALSE(number_cell_value(s)) << s;
  EXPECT_TRUE(leading_number("1", true));
  EXPECT_FALSE(leading_number("1.5 million", false));
  EXPECT_FALSE(leading_number("1234567890 was", true));  // ten digits: no row number
  EXPECT_EQ(leading_number("1000. Text", false)->number, 1000);
  // Row numbers past 9999 are numbers; ParseLimits, not the reader, bounds the rows.
  EXPECT_EQ(leading_number("10000. Text", false)->number, 10000);
  EXPECT_EQ(leading_number("123456789 was", true)->number, 123456789);
  EXPECT_EQ(number_cell_value("10000"), 10000);
  EXPECT_EQ(leading_number("(2) Text", false)->number, 2);
  EXPECT_EQ(leading_number("(2) Text", false)->length, 4u);
  EXPECT_FALSE(leading_number("(2 Text", false));
  EXPECT_EQ(leading_number("Recommendation 3: Text", false)->number, 3);
  EXPECT_EQ(leading_number("Recommandation 3 : Texte", false)->length, 19u);
  EXPECT_FALSE(leading_number("Recommendation 3 was discussed", false));
  EXPECT_EQ(number_cell_value("(1)"), 1);
  for (const char* s :
       {"Page 2 of 5", "- 3 -", "Página 2 de 5", "page 4", "2/5", "[7]", "\xE2\x80\x93 3 \xE2\x80\x93"})
    EXPECT_TRUE(is_page_number(s)) << s;
  for (const char* s : {"Page two", "3 missions", "1. Text"}) EXPECT_FALSE(is_page_number(s)) << s;
  for (const char* s : {"a) text", "(b) text", "iv. text", "- text", "\xE2\x80\xA2 text"})
    EXPECT_TRUE(is_sub_item(s)) << s;
  for (const char* s : {"and then", "A) text", "abcde) x"}) EXPECT_FALSE(is_sub_item(s)) << s;
}

std::vector<RawRow> rows_of(std::string_view text) {
  const auto lines = split_lines(text);
  return parse_table(lines, 0, ParseLimits{}).rows;
}

TEST(Table, FixedWidthWrappedHeaderAndCells) {
  const auto rows = rows_of(
      "RECOMMENDATIONS                 Responsibility   Confirmation of\n"
      "                                for Follow-up    follow-up due by:\n"
      "1. Set written criteria for     MMS /            31 August 2001\n"
      "   the selection of projects.   MPRP\n"
      "\n"
      "                 Page 2 of 5\n"
      "RECOMMENDATIONS                 Responsibility   Confirmation of\n"
      "                                for Follow-up    follow-up due by:\n"
      "2. Report yearly.               MMS              30 Sept. 2001\n"
      "   a) to donors;\n"
      "   b) to Member States.\n"
      "\n"
      "Thank you.\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].text, "Set written criteria for the selection of projects.");
  EXPECT_EQ(rows[0].responsible, "MMS / MPRP");
  EXPECT_EQ(rows[0].due, "31 August 2001");
  EXPECT_EQ(rows[1].text, "Report yearly.\na) to donors;\nb) to Member States.");
  EXPECT_EQ(rows[1].line, 9);
}

TEST(Table, TabRunsAndBareNumbers) {
  const auto rows = rows_of(
      "Recommendation\t\t\tResponsible\t\tDue\n"
      "1\tFirst.\t\t\tMMS\t31 August 2001\n"
      "2\tSecond.\tMPRP\t\t\t1 September 2001\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].number, 2);
  EXPECT_EQ(rows[1].text, "Second.");
  EXPECT_EQ(rows[1].responsible, "MPRP");
  EXPECT_EQ(rows[1].due, "1 September 2001");
  const auto fixed = rows_of(
      "Recommendation      Responsible   Due\n"
      "1   First.          MMS           31 August 2001\n");
  ASSERT_EQ(fixed.size(), 1u);
  EXPECT_EQ(fixed[0].text, "First.");
}

TEST(Table, FooterNextToAPageNumberOnce) {
  const auto rows = rows_of(
      "RECOMMENDATIONS\tResponsibility\tDue by\n"
      "1. One.\tMMS\t31 August 2001\n"
      "\nInternal - not for distribution\nPage 1 of 2\n\n"
      "2. Two.\tMPRP\t1 September 2001\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].text, "One.");
}

TEST(Table, NumberedParagraphInsideATabCell) {
  const auto rows = rows_of(
      "RECOMMENDATIONS\tResponsibility\tDue by\n"
      "1. Improve the roster:\n2. by recruiting;\nand by training.\tMMS\t31 August 2001\n"
      "2. Two.\tMPRP\t1 September 2001\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].text, "Improve the roster:\n2. by recruiting;\nand by training.");
  EXPECT_EQ(rows[1].number, 2);
}

TEST(Table, WithoutAHeaderRow) {
  const auto tabs =
      rows_of("Proposal\n\n1. One.\tMMS\t31 August 2001\n2. Two.\nMore.\tMPRP\t1 September 2001\n");
  ASSERT_EQ(tabs.size(), 2u);
  EXPECT_EQ(tabs[1].text, "Two.\nMore.");
  EXPECT_EQ(tabs[1].responsible, "MPRP");
  const auto fixed = rows_of(
      "1.  Set written criteria for     MMS      31 October 2002\n"
      "    the selection of projects.\n"
      "2.  Report yearly.               MPRP     30 November 2002\n");
  ASSERT_EQ(fixed.size(), 2u);
  EXPECT_EQ(fixed[0].text, "Set written criteria for the selection of projects.");
  EXPECT_EQ(fixed[1].responsible, "MPRP");
  EXPECT_TRUE(rows_of("1. A paragraph that happens to be numbered.\n").empty());
}

TEST(Table, TabsWithCellParagraphs) {
  const auto rows = rows_of(
      "RECOMMENDATIONS\tResponsibility\tDue by\n"
      "1. First paragraph.\n\nSecond paragraph.\tMMS\t31 August 2001\n"
      "2. Other.\tMPRP\t1 September 2001\n"
      "(a) sub-item after the row.\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].text, "First paragraph.\nSecond paragraph.");
  EXPECT_EQ(rows[1].text, "Other.\n(a) sub-item after the row.");
}

TEST(Table, MarkdownEmphasisInCells) {
  const auto rows = rows_of(
      "| No. | Recommendation | Responsible | Due |\n"
      "|:---:|:---|:---:|---:|\n"
      "| 1 | Install **biometric** readers at *five* sites; keep log_file and 2 * 3. | **MMS** | 30 April "
      "2018 |\n"
      "| 2 | _Report_ on a \\| b. | MPRP | 31 May 2018 |\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].text, "Install biometric readers at five sites; keep log_file and 2 * 3.");
  EXPECT_EQ(rows[0].responsible, "MMS");
  EXPECT_EQ(rows[1].text, "Report on a | b.");
  const auto escaped = rows_of(
      "Recommendation | Responsible | Due\n:--|:--|--:\n1\\. Count \\*all\\* cases. | MMS | 30 April 2018\n");
  ASSERT_EQ(escaped.size(), 1u);
  EXPECT_EQ(escaped[0].text, "Count *all* cases.");
}

TEST(Table, YearBelowADueCellIsNotAPageNumber) {
  const auto rows = rows_of(
      "Recommendation                  Lead unit     Deadline\n"
      "1. Write the plan.              MMS           30 September\n"
      "                                              2010\n"
      "2. Report.                      MMS           31 October 2010\n"
      "                              2\n"
      "3. Close.                       MMS           30 November 2010\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].due, "30 September 2010");
  EXPECT_EQ(rows[1].due, "31 October 2010");
}

TEST(Table, ParenthesisedAndLabelledRowsWithoutAHeaderRow) {
  const auto paren = rows_of("(1)\tOne.\tMMS\t30 June 2014\n(2)\tTwo.\tMMS\t31 July 2014\n");
  ASSERT_EQ(paren.size(), 2u);
  EXPECT_EQ(paren[1].number, 2);
  EXPECT_EQ(paren[1].text, "Two.");
  const auto labelled = rows_of(
      "Recommendation\tResponsible unit\tDue date\n"
      "Recommendation 1: One.\tMPRP\t31 May 2013\n"
      "Recommendation 2: Two.\tMMS\t30 Sep 2013\n");
  ASSERT_EQ(labelled.size(), 2u);
  EXPECT_EQ(labelled[0].text, "One.");
  EXPECT_EQ(labelled[1].number, 2);
}

TEST(Table, TabRunsWithSpacesBetween) {
  const auto runs = rows_of(
      "RECOMMENDATIONS\t\tResponsibility\t\tDue by\n"
      "1. One.\t  MMS\t \t30 September 2001\n");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].responsible, "MMS");
  EXPECT_EQ(runs[0].due, "30 September 2001");
  const auto aligned = rows_of(
      "RECOMMENDATIONS\tResponsibility\tDue by\n"
      "1. One.\t\tMMS\t\t30 September 2001\n");
  ASSERT_EQ(aligned.size(), 1u);
  EXPECT_EQ(aligned[0].responsible, "MMS");
  EXPECT_EQ(aligned[0].due, "30 September 2001");
}

TEST(Table, MarkdownHeaderRepeatedAfterAPageBreak) {
  const auto rows = rows_of(
      "| No. | Recommendation | Responsible | Due |\n|---|---|---|---|\n"
      "| 1 | One. | MMS | 31 Aug. 2001 |\n\n*Page 1 of 2*\n\nReturn Pilot follow-up\n\n"
      "|No.|Recommendation|Responsible|Due|\n|---|---|---|---|\n"
      "| 2 | Two. | MPRP | 30 Sept. 2001 |\n\nThank you.\n\n| 3 | Not a row. | MMS | 1 Oct. 2001 |\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].text, "Two.");
}

TEST(Table, GoesOnAfterAOneOffRunningLine) {
  const auto tabs = rows_of(
      "RECOMMENDATIONS\tResponsibility\tDue by\n"
      "1. One.\tMMS\t31 August 2001\n\nAnnex (continued)\n\n2. Two.\tMMS\t30 September 2001\n"
      "\nThank you.\n\n3. Not a row.\tMMS\t31 October 2001\n");
  ASSERT_EQ(tabs.size(), 2u);
  EXPECT_EQ(tabs[1].text, "Two.");
  const auto fixed = rows_of(
      "No.  Recommendation     Responsible   Due date\n"
      "1.   One.               MMS           31 August 2001\n\n"
      "IOM - Internal\n"
      "No.  Recommendation     Responsible   Due date\n"
      "2.   Two.               MMS           30 September 2001\n");
  ASSERT_EQ(fixed.size(), 2u);
  EXPECT_EQ(fixed[1].text, "Two.");
}

TEST(Table, FixedWidthLinesIndentedWithTabs) {
  const auto rows = rows_of(
      "No.     Recommendation            Responsible     Due date\n"
      "1.      Write the plan for the    MMS             30 June 2004\n"
      "\tnext two years.\n"
      "2.\tReport yearly.            MMS             31 July 2004\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].text, "Write the plan for the next two years.");
  EXPECT_EQ(rows[1].text, "Report yearly.");
  EXPECT_EQ(rows[1].due, "31 July 2004");
}

TEST(Table, NumberColumnRowsWithSubPointsOnTheirOwnLines) {
  // The row on one line, its sub-points below: under the text column
  // ("⇥(a)"), or at the margin.
  const auto after = rows_of(
      "No.\tRecommendation\tResponsible\tDue by\n"
      "1\tImprove the fund as follows:\tMMS\t31/12/2002\n"
      "\t(a) first point;\n"
      "(b) second point.\n"
      "2\tReport.\tMPRP\t31/12/2002\n");
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].text, "Improve the fund as follows:\n(a) first point;\n(b) second point.");
  EXPECT_EQ(after[1].text, "Report.");
  // As Word writes it: the text cell's paragraphs first, the tabs to the
  // next cells after its last one. That line's first cell goes on the text,
  // not in the number column.
  const auto word = rows_of(
      "No.\tRecommendation\tResponsible\tDue by\n"
      "3\tImprove the fund as follows:\n"
      "\t(a) first point;\n"
      "(b) second point.\tMMS\n"
      "MPRP\t31/12/2002\n"
      "4\tReport.\tMPRP\t31/12/2002\n");
  ASSERT_EQ(word.size(), 2u);
  EXPECT_EQ(word[0].number, 3);
  EXPECT_EQ(word[0].text, "Improve the fund as follows:\n(a) first point;\n(b) second point.");
  EXPECT_EQ(word[0].responsible, "MMS\nMPRP");
  EXPECT_EQ(word[0].due, "31/12/2002");
  EXPECT_EQ(word[1].number, 4);
}

TEST(Table, ANumberColumnTheHeaderDoesNotName) {
  // The header's number cell empty (or absent): a row's first cell that is
  // just a number gives it, and the row's further lines are read in the
  // same columns.
  const auto rows = rows_of(
      "\tRECOMMENDATIONS\tResponsibility\tDue by\n"
      "1\tImprove the fund:\tMMS\t31/12/2002\n"
      "\t(a) first point;\n"
      "2\tTrain the staff:\n"
      "a) in the field;\n"
      "b) at headquarters.\tMPRP\t31/01/2003\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].text, "Improve the fund:\n(a) first point;");
  EXPECT_EQ(rows[1].text, "Train the staff:\na) in the field;\nb) at headquarters.");
  EXPECT_EQ(rows[1].responsible, "MPRP");
  EXPECT_EQ(rows[1].due, "31/01/2003");
  // The next row without a number cell is read in the header's columns again.
  const auto mixed = rows_of(
      "RECOMMENDATIONS\tResponsibility\tDue by\n"
      "1\tOne.\tMMS\t31/12/2002\n"
      "2. Two:\n(a) more;\n\tMPRP\t31/01/2003\n");
  ASSERT_EQ(mixed.size(), 2u);
  EXPECT_EQ(mixed[1].text, "Two:\n(a) more;");
  EXPECT_EQ(mixed[1].responsible, "MPRP");
  EXPECT_EQ(mixed[1].due, "31/01/2003");
  // A number cell and as many cells as the header: the text is empty, not the number.
  const auto empty_text = rows_of("RECOMMENDATIONS\tResponsibility\tDue by\n2.\tMMS\t30 September 2001\n");
  ASSERT_EQ(empty_text.size(), 1u);
  EXPECT_EQ(empty_text[0].text, "");
  EXPECT_EQ(empty_text[0].responsible, "MMS");
}

TEST(Labelled, Labels) {
  struct Case {
    const char* line;
    int number;
    const char* text;
  };
  const Case cases[] = {
      {"Recommendation 3: Strengthen the monitoring.", 3, "Strengthen the monitoring."},
      {"Recomendaci\xC3\xB3n 12. Revisar.", 12, "Revisar."},
      {"RECOMENDACI\xC3\x93N 4:", 4, ""},
      {"Recommandation 2 : Revoir.", 2, "Revoir."},
      {"Recommendation 5", 5, ""},
      {"Recommendation 6 \xE2\x80\x93 Report yearly.", 6, "Report yearly."},
      {"Recommendation 7 - Report.", 7, "Report."},
      {"**Recommendation 8:** Report.", 8, "Report."},
      {"__Recommendation 9__", 9, ""},
      {"## Recommendation 10", 10, ""},
      {"Rec. 11: Close.", 11, "Close."},
  };
  for (const auto& c : cases) {
    const auto label = recommendation_label(c.line);
    ASSERT_TRUE(label) << c.line;
    EXPECT_EQ(label->number, c.number) << c.line;
    EXPECT_EQ(label->text, c.text) << c.line;
  }
  for (const char* line : {"Recommendation 3 was discussed with the units.",
                           "Recommendations 1 to 5:", "Recommendation: see below.", "3. Report.",
                           "Record 3: kept.", "Recommendation 3.5 million"})
    EXPECT_FALSE(recommendation_label(line)) << line;
}

TEST(Labelled, FieldLabels) {
  for (const char* line :
       {"Responsible: MMS", "Responsible unit(s): MMS", "RESPONSIBLE UNITS: MMS", "Responsable(s) : MMS",
        "Unidad responsable: MMS", "Unit\xC3\xA9 responsable : MMS", "- **Responsible:** MMS"}) {
    const auto f = labelled_field(line);
    ASSERT_TRUE(f) << line;
    EXPECT_EQ(f->field, LabelledField::responsible) << line;
    EXPECT_EQ(f->value, "MMS") << line;
  }
  const std::string echeance = std::string("\xC3\x89") + "ch\xC3\xA9" + "ance : 31 December 2002";
  for (const char* line :
       {"Deadline: 31 December 2002", "Due date: 31 December 2002", "Due: 31 December 2002",
        "Plazo: 31 December 2002", "Fecha l\xC3\xADmite: 31 December 2002", "Fecha limite: 31 December 2002",
        echeance.c_str(), "Echeance: 31 December 2002", "Date limite : 31 December 2002"}) {
    const auto f = labelled_field(line);
    ASSERT_TRUE(f) << line;
    EXPECT_EQ(f->field, LabelledField::due) << line;
    EXPECT_EQ(f->value, "31 December 2002") << line;
  }
  for (const char* line :
       {"Date: 31 December 2002", "Responsibilities of the units: none", "Note: due soon", "Responsible MMS"})
    EXPECT_FALSE(labelled_field(line)) << line;
}

TableParse labelled_of(std::string_view text, ParseLimits limits = {}) {
  const auto lines = split_lines(text);
  return parse_labelled(lines, 0, limits);
}

TEST(Labelled, FieldsInAnyOrderAndTextUpToTheFirstField) {
  const auto p = labelled_of(
      "Recommendation 3 was discussed with the units.\n"
      "Responsible: nobody\n\n"
      "Recommendation 1: Strengthen the monitoring of the fund\n"
      "in every office, as follows:\n"
      "(a) a quarterly report;\n"
      "1. a yearly review.\n\n"
      "Page 2 of 5\n\n"
      "It should start at once.\n"
      "Deadline:\n"
      "31 December\n"
      "2002\n"
      "Responsible: MMS,\n"
      "MPRP\n\n"
      "B. Reporting\n\n"
      "Recommendation 2\n"
      "Report yearly.\n"
      "Responsible unit: MPRP\n"
      "Due date: 30 June 2003\n"
      "Thank you.\n");
  ASSERT_TRUE(p.found);
  ASSERT_TRUE(p.error.empty()) << p.error;
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_EQ(p.rows[0].number, 1);
  EXPECT_EQ(p.rows[0].line, 4);
  EXPECT_EQ(p.rows[0].text,
            "Strengthen the monitoring of the fund in every office, as follows:\n(a) a quarterly report;\n"
            "1. a yearly review.\nIt should start at once.");
  EXPECT_EQ(p.rows[0].due, "31 December 2002");
  EXPECT_EQ(p.rows[0].due_line, 12);
  EXPECT_EQ(p.rows[0].responsible, "MMS,\nMPRP");
  EXPECT_EQ(p.rows[1].text, "Report yearly.");
  EXPECT_EQ(p.rows[1].responsible, "MPRP");
  EXPECT_EQ(p.rows[1].due, "30 June 2003");
}

TEST(Labelled, FoundOnlyWithFields) {
  EXPECT_FALSE(labelled_of("Recommendation 1: see the annex.\nRecommendation 2: see the annex.\n").found);
  EXPECT_FALSE(labelled_of("Responsible: MMS\nDeadline: 31 December 2002\n").found);
  EXPECT_TRUE(labelled_of("Recommendation 1: Report.\nDeadline: 31 December 2002\n").found);
}

TEST(Labelled, AFieldGivenTwiceIsRefused) {
  const auto due =
      labelled_of("Recommendation 4: Report.\nDue: 31 December 2002\nDeadline: 1 January 2003\n");
  EXPECT_EQ(due.error, "recommendation 4 gives its due date twice (first on line 2)");
  EXPECT_EQ(due.error_line, 3);
  const auto units = labelled_of("Recommendation 4: Report.\nResponsible: MMS\n\nResponsable: MPRP\n");
  EXPECT_EQ(units.error, "recommendation 4 names its responsible units twice (first on line 2)");
  EXPECT_EQ(units.error_line, 4);
}

TEST(Labelled, Bounds) {
  ParseLimits limits;
  limits.max_recommendations = 1;
  const auto many = labelled_of("Recommendation 1: A.\nDue: 1 May 2003\n\nRecommendation 2: B.\n", limits);
  EXPECT_EQ(many.error, "the memo has more than 1 recommendations, the limit for one memo");
  EXPECT_EQ(many.error_line, 4);
  limits = ParseLimits{};
  limits.max_field_bytes = 10;
  const auto text = labelled_of("Recommendation 1: Report\nevery year.\n", limits);
  EXPECT_EQ(text.error, "the text of recommendation 1 is longer than 10 bytes, the limit for one field");
  EXPECT_EQ(text.error_line, 2);
  const auto units = labelled_of("Recommendation 1: A.\nResponsible: MMS, MPRP, MRF Dakar\n", limits);
  EXPECT_EQ(units.error,
            "the responsible field of recommendation 1 is longer than 10 bytes, the limit for one field");
  const auto due = labelled_of("Recommendation 1: A.\nDeadline: 31 December 2002\n", limits);
  EXPECT_EQ(due.error,
            "the due date field of recommendation 1 is longer than 10 bytes, the limit for one field");
}

}  // namespace
}  // namespace followup::importer::detail
