#include "importer/tracker.h"

#include <gtest/gtest.h>

#include "importer/test_xlsx.h"

namespace followup::importer {
namespace {

Date d(const char* iso) { return *Date::parse_iso(iso); }

Result<ParsedTracker> parse(const std::string& csv, std::map<std::string, std::string> mapping = {}) {
  TrackerOptions options;
  options.file_name = "tracker.csv";
  options.mapping = std::move(mapping);
  return parse_tracker(csv, options);
}

TEST(Tracker, RowsPerActionMakeOneRecommendation) {
  const std::string csv =
      "Evaluation,Title,Issued,No.,Recommendation,Responsible,Due date,Response,Response date,Rationale,"
      "Key action,Action owner,Action due,Status,Status date,Notes\n"
      "PLACMI-2,Evaluation of PLACMI,16 July 2001,2,Study PLACMI.,MMS/MPRP,31/08/2001,Partially accepted,"
      "2001-09-05,Only the regional part,Compare the regions,MMS,2001-12-31,In progress,2002-01-10,x\n"
      "PLACMI-2,,,2,,,,,,,Write it up,,2002-03-31,,,\n"
      "PLACMI-2,,,1,Convene the MRFs.,MRF-BA,2001-08-31,,,,,,,,,\n";
  auto parsed = parse(csv);
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  EXPECT_EQ(parsed->unused_columns, std::vector<std::string>{"Notes"});
  EXPECT_EQ(parsed->columns.at("action"), "Key action");
  ASSERT_EQ(parsed->recommendations.size(), 2U);
  const TrackerRecommendation& one = parsed->recommendations[0];
  EXPECT_EQ(one.number, 1);
  EXPECT_EQ(one.units, std::vector<std::string>{"MRF-BA"});
  EXPECT_EQ(one.status, TrackerStatus::open);
  EXPECT_FALSE(one.decision.has_value());
  const TrackerRecommendation& two = parsed->recommendations[1];
  EXPECT_EQ(two.evaluation, "PLACMI-2");
  EXPECT_EQ(two.title, "Evaluation of PLACMI");
  EXPECT_EQ(two.issued, std::optional<Date>(d("2001-07-16")));
  EXPECT_EQ(two.text, "Study PLACMI.");
  EXPECT_EQ(two.units, (std::vector<std::string>{"MMS", "MPRP"}));
  EXPECT_EQ(two.due, std::optional<Date>(d("2001-08-31")));
  EXPECT_EQ(two.decision, std::optional<Decision>(Decision::partially_accepted));
  EXPECT_EQ(two.responded, std::optional<Date>(d("2001-09-05")));
  EXPECT_EQ(two.rationale, "Only the regional part");
  ASSERT_EQ(two.actions.size(), 2U);
  EXPECT_EQ(two.actions[0].description, "Compare the regions");
  EXPECT_EQ(two.actions[0].owner, "MMS");
  EXPECT_EQ(two.actions[1].owner, "");
  EXPECT_EQ(two.actions[1].due, d("2002-03-31"));
  EXPECT_EQ(two.actions[1].line, 3);
  EXPECT_EQ(two.status, TrackerStatus::in_progress);
  EXPECT_EQ(two.status_date, std::optional<Date>(d("2002-01-10")));
  EXPECT_EQ(two.lines, (std::vector<int>{2, 3}));
}

TEST(Tracker, AMappingNamesColumnsTheHeadersDoNotGive) {
  const std::string csv =
      "Rapport;Rec;Texte;Qui;Pour le;Statut\n"
      "PCF;1;Renforcer le suivi.;MMS;31 décembre 2002;Sans objet\n";
  EXPECT_EQ(
      parse(csv).error().describe(),
      "tracker.csv:1: no column holds the evaluation (headers: Rapport, Rec, Texte, Qui, Pour le, Statut); "
      "name it with --mapping");
  auto parsed = parse(csv, {{"evaluation", "Rapport"},
                            {"number", "rec"},
                            {"recommendation", "Texte"},
                            {"units", "Qui"},
                            {"due", "Pour le"}});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().describe(),
            "tracker.csv:2: PCF#1 is closed as no longer applicable without a status date");
  auto bad = parse(csv, {{"evaluation", "Report"}});
  EXPECT_EQ(bad.error().describe(),
            "tracker.csv:1: the mapping puts evaluation in the column 'Report', which the header row does "
            "not have");
}

TEST(Tracker, SaysWhatItCannotReadWithItsLine) {
  const std::string head = "Evaluation,No.,Response,Response date,Status,Status date,Action,Action due\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"X-1,1,accepted,2001-09-05,Done?,2002-01-01,,\n",
       "tracker.csv:2: status 'Done?' is not one of open, in progress, implemented, closed, not implemented, "
       "no "
       "longer applicable"},
      {"X-1,1,maybe,2001-09-05,,,,\n",
       "tracker.csv:2: decision 'maybe' is not one of accepted, partially accepted, not accepted (or agree, "
       "partially agree, disagree)"},
      {"X-1,1,accepted,31/02/2001,,,,\n",
       "tracker.csv:2: response date '31/02/2001' is a day that does not exist"},
      {"X-1,1,accepted,,,,,\n", "tracker.csv:2: X-1#1 has a decision without its response date"},
      {"X-1,one,,,,,,\n", "tracker.csv:2: recommendation number 'one' is not a whole number from 1 to 9999"},
      {",1,,,,,,\n", "tracker.csv:2: the row has no evaluation"},
      {"X-1,1,accepted,2001-09-05,,,,\nX-1,1,accepted,2001-09-06,,,,\n",
       "tracker.csv:3: X-1#1 gives another response date here than on line 2"},
      {"X-1,1,,,In progress,2002-01-01,,\n",
       "tracker.csv:2: X-1#1 is in progress, which the units report after their response: it has none"},
      {"X-1,1,accepted,2001-09-05,,,Meet,\n", "tracker.csv:2: the action 'Meet' has no action due date"},
  };
  for (const auto& [rows, message] : cases) {
    auto parsed = parse(head + rows);
    ASSERT_FALSE(parsed.ok()) << rows;
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(parsed.error().describe(), message);
  }
  EXPECT_EQ(parse("").error().describe(), "tracker.csv: the tracker is empty");
}

// A tracker kept in Excel: its first visible sheet with content, a title
// above the header row, dates as date cells or as text, numbers as number
// cells; messages name the sheet and the row.
TEST(Tracker, AWorkbookIsReadFromItsFirstVisibleSheet) {
  using testing::number_cell;
  using testing::row_of;
  using testing::text_cell;
  auto book = [](const std::string& rows) {
    testing::TestWorkbook b;
    b.sheets.push_back({"Old", row_of(1, text_cell("A1", "nothing here")), "", "hidden"});
    b.sheets.push_back({"Empty", "", "", ""});
    b.sheets.push_back({"Suivi",
                        row_of(1, text_cell("A1", "Suivi des recommandations 2001")) +
                            row_of(3, text_cell("A3", "Code de l'évaluation") + text_cell("B3", "N°") +
                                          text_cell("C3", "Recommandation") + text_cell("D3", "Responsable") +
                                          text_cell("E3", "Échéance") + text_cell("F3", "Réponse") +
                                          text_cell("G3", "Date de réponse") + text_cell("H3", "Statut") +
                                          text_cell("I3", "Date du statut")) +
                            rows,
                        "", ""});
    b.cell_styles = {14};  // style 1: a date
    return testing::xlsx_of(b);
  };
  TrackerOptions options;
  options.file_name = "suivi.xlsx";
  const std::string good =
      row_of(4, text_cell("A4", "PLACMI-2") + number_cell("B4", "2") + text_cell("C4", "Étudier PLACMI.") +
                    text_cell("D4", "MMS; MPRP") + number_cell("E4", "37134", 1) +
                    text_cell("F4", "Acceptée") + text_cell("G4", "05/09/2001") +
                    text_cell("H4", "En cours") + number_cell("I4", "37266", 1)) +
      row_of(6, text_cell("A6", "PLACMI-2") + number_cell("B6", "1") + text_cell("C6", "Réunir les MRF.") +
                    text_cell("D6", "MRF-BA") + number_cell("E6", "37134", 1));
  auto parsed = parse_tracker(book(good), options);
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  EXPECT_EQ(parsed->columns.at("number"), "N°");
  ASSERT_EQ(parsed->recommendations.size(), 2U);
  const TrackerRecommendation& one = parsed->recommendations[0];
  EXPECT_EQ(one.number, 1);
  EXPECT_EQ(one.units, std::vector<std::string>{"MRF-BA"});
  EXPECT_EQ(one.due, std::optional<Date>(d("2001-08-31")));
  EXPECT_EQ(one.lines, std::vector<int>{6});
  const TrackerRecommendation& two = parsed->recommendations[1];
  EXPECT_EQ(two.text, "Étudier PLACMI.");
  EXPECT_EQ(two.units, (std::vector<std::string>{"MMS", "MPRP"}));
  EXPECT_EQ(two.decision, std::optional<Decision>(Decision::accepted));
  EXPECT_EQ(two.responded, std::optional<Date>(d("2001-09-05")));
  EXPECT_EQ(two.status, TrackerStatus::in_progress);
  EXPECT_EQ(two.status_date, std::optional<Date>(d("2002-01-10")));

  const std::string again = row_of(7, text_cell("A7", "PLACMI-2") + number_cell("B7", "2") +
                                          text_cell("F7", "Acceptée") + number_cell("G7", "37140", 1));
  auto twice = parse_tracker(book(good + again), options);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().describe(),
            "suivi.xlsx:7: sheet 'Suivi', row 7: PLACMI-2#2 gives another response date here than on row 4");
  auto unknown = parse_tracker(
      book(row_of(4, text_cell("A4", "X-1") + number_cell("B4", "1") + text_cell("H4", "Fini?"))), options);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(
      unknown.error().describe(),
      "suivi.xlsx:4: sheet 'Suivi', row 4: status 'Fini?' is not one of open, in progress, implemented, "
      "closed, not implemented, no longer applicable");

  testing::TestWorkbook hidden_only;
  hidden_only.sheets.push_back({"Old", row_of(1, text_cell("A1", "Evaluation")), "", "hidden"});
  auto nothing = parse_tracker(testing::xlsx_of(hidden_only), options);
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error().describe(),
            "suivi.xlsx: the tracker is empty: the workbook has no visible sheet with content");
}

// Rows above the header row (a title, a note) are passed over; a first row
// that names no evaluation and no row below it that does is the error's.
TEST(Tracker, TheHeaderRowMayHaveATitleAboveIt) {
  auto parsed = parse("Follow-up tracker,,\n,,\nEvaluation,No.,Recommendation\nX-1,1,Do it.\n");
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  ASSERT_EQ(parsed->recommendations.size(), 1U);
  EXPECT_EQ(parsed->recommendations[0].lines, std::vector<int>{4});
  EXPECT_EQ(
      parse("Follow-up tracker\nCode,Text\nX-1,Do it.\n").error().describe(),
      "tracker.csv:1: no column holds the evaluation (headers: Follow-up tracker); name it with --mapping");
}

TEST(Tracker, AMappingFileIsAnObjectOfKnownFields) {
  auto mapping = parse_tracker_mapping(R"({"recommendation": "Texte", "units": "Qui"})", "map.json");
  ASSERT_TRUE(mapping.ok());
  EXPECT_EQ(mapping->at("units"), "Qui");
  EXPECT_EQ(
      parse_tracker_mapping(R"({"text": "Texte"})", "map.json").error().describe(),
      "map.json: 'text' is not a tracker field; the fields are evaluation, title, issued, number, "
      "recommendation, units, due, decision, responded, rationale, action, action_owner, action_due, status, "
      "status_date");
  EXPECT_EQ(parse_tracker_mapping("[1]", "map.json").error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace followup::importer
