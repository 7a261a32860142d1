#include "app/json_views.h"

#include <gtest/gtest.h>

namespace followup::app {
namespace {

using nlohmann::json;

RecommendationRecord placmi_2() {
  RecommendationRecord record;
  record.evaluation = "PLACMI-2";
  record.rec.number = 2;
  record.rec.text = "Study it.";
  record.rec.units = {"MMS", "MPRP"};
  record.rec.responsible = {"Director, MMS", "Director, MPRP"};
  record.rec.due = *Date::parse_iso("2001-08-31");
  return record;
}

TEST(JsonViews, AListRowNamesUnitsByTheDirectoryLeadFirst) {
  Unit mms;
  mms.code = "MMS";
  mms.name = "Migration Management Services";
  const json j = json_of(ListedRecommendation{placmi_2(), 3}, {mms});
  EXPECT_EQ(j,
            json::parse(R"({"ref": "PLACMI-2#2", "evaluation": "PLACMI-2", "number": 2, "text": "Study it.",
      "responsible": ["Migration Management Services", "MPRP"], "units": ["MMS", "MPRP"],
      "responsible_as_written": ["Director, MMS", "Director, MPRP"], "due": "2001-08-31", "issued": null,
      "days_overdue": 3})"));
}

TEST(JsonViews, AnImportSaysItsStatusUnlessPreviewed) {
  ImportOutcome outcome;
  outcome.memo.code = "PLACMI-2";
  EXPECT_FALSE(json_of(outcome).contains("status"));
  EXPECT_EQ(json_of(outcome)["evaluation"]["code"], "PLACMI-2");
  outcome.status = ImportStatus::imported;
  EXPECT_EQ(json_of(outcome)["status"], "imported");
  outcome.status = ImportStatus::already_imported;
  EXPECT_EQ(json_of(outcome)["status"], "already imported");
}

TEST(JsonViews, EvidenceSaysWhereItIsAttached) {
  const EvidenceItem item{Evidence{"ab", "minutes.pdf", "application/pdf", 10}, "report 3 (MRF-BA)",
                          *Date::parse_iso("2001-10-15")};
  EXPECT_EQ(json_of(item), json::parse(R"j({"sha256": "ab", "name": "minutes.pdf",
      "media_type": "application/pdf", "size": 10, "attached_to": "report 3 (MRF-BA)", "on": "2001-10-15"})j"));
}

TEST(JsonViews, HistoryEntriesCarryTheirDocumentsParsed) {
  HistoryEntry entry;
  entry.id = 4;
  entry.event.actor = "eva";
  entry.event.at = "2001-07-20T10:00:00Z";
  entry.event.action = "issue";
  entry.event.after = R"({"issued":"2001-07-20"})";
  entry.hash = "00";
  EXPECT_EQ(json_of(std::vector<HistoryEntry>{entry}),
            json::parse(R"([{"id": 4, "actor": "eva", "at": "2001-07-20T10:00:00Z", "action": "issue",
                "before": null, "after": {"issued": "2001-07-20"}, "hash": "00"}])"));
}

TEST(JsonViews, ShowJudgesAsOfItsDate) {
  auto record = placmi_2();
  record.issued = Date::parse_iso("2001-07-20");
  const json j = recommendation_json(record, {}, *Date::parse_iso("2001-09-03"));
  EXPECT_EQ(j["ref"], "PLACMI-2#2");
  EXPECT_EQ(j["as_of"], "2001-09-03");
  EXPECT_EQ(j["days_overdue"], 3);
  EXPECT_EQ(j["responsible"], json({"MMS", "MPRP"}));
  EXPECT_EQ(j["closure"], nullptr);
}

}  // namespace
}  // namespace followup::app
