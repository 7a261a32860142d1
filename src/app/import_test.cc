#include "app/import.h"

#include "app/history_log.h"
#include "app/queries.h"
#include "app/test_support.h"
#include "app/units.h"

namespace followup::app {
namespace {

using testing::memo_path;
using testing::read_file;
using testing::seed_memo;

class ImportTest : public testing::StoreFixture {
 protected:
  Result<ImportOutcome> import(const std::string& bytes, bool dry_run = false, bool add_units = false) {
    return import_memo(session(), ImportRequest{"memo.txt", bytes, dry_run, add_units});
  }
  std::size_t evaluation_count() {
    std::size_t n = 0;
    EXPECT_TRUE(m_store->read([&](Transaction& tx) -> Status {
      auto all = tx.list_evaluation_codes();
      if (!all) return all.error();
      n = all->size();
      return {};
    }));
    return n;
  }
};

TEST_F(ImportTest, ImportsTheSeedAndSeedsTheDirectoryFromTheToList) {
  auto outcome = import(seed_memo());
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_EQ(outcome->status, ImportStatus::imported);
  EXPECT_EQ(outcome->memo.code, "PLACMI-2");
  auto units = list_units(session());
  ASSERT_TRUE(units.ok());
  ASSERT_EQ(units->size(), 3u);
  auto memo = memo_of(session(), "PLACMI-2");
  ASSERT_TRUE(memo.ok());
  const Evaluation& evaluation = memo->evaluation;
  ASSERT_EQ(evaluation.recommendations.size(), 2u);
  EXPECT_EQ(evaluation.recommendations[0].units, std::vector<std::string>{"MRF-BA"});
  EXPECT_EQ(evaluation.recommendations[0].responsible, std::vector<std::string>{"IOM Buenos Aires"});
  EXPECT_EQ(evaluation.recommendations[1].units, (std::vector<std::string>{"MMS", "MPRP"}));
  EXPECT_EQ(evaluation.recommendations[1].due.iso(), "2001-08-31");
}

TEST_F(ImportTest, DryRunStoresNothing) {
  auto outcome = import(seed_memo(), /*dry_run=*/true);
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_EQ(outcome->status, ImportStatus::previewed);
  ASSERT_EQ(outcome->memo.recommendations.size(), 2u);
  EXPECT_EQ(outcome->memo.recommendations[0].units[0], std::optional<std::string>("MRF-BA"));
  EXPECT_EQ(evaluation_count(), 0u);
  EXPECT_TRUE(list_units(session())->empty());
}

TEST_F(ImportTest, SameContentTwiceIsAlreadyImported) {
  ASSERT_TRUE(import(seed_memo()).ok());
  auto history_before = history_of(session(), std::nullopt);
  auto again = import(read_file(memo_path("placmi2-windows.txt")));
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again->status, ImportStatus::already_imported);
  EXPECT_EQ(evaluation_count(), 1u);
  EXPECT_EQ(history_of(session(), std::nullopt)->size(), history_before->size());
}

TEST_F(ImportTest, DifferentContentWithAnExistingCodeIsRefused) {
  ASSERT_TRUE(import(seed_memo()).ok());
  std::string changed = seed_memo();
  changed.replace(changed.find("31 August 2001"), 14, "30 August 2001");
  auto outcome = import(changed);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code, ErrorCode::already_exists);
  EXPECT_EQ(outcome.error().describe(),
            "memo.txt: evaluation PLACMI-2 already exists with different content; nothing was imported");
}

TEST_F(ImportTest, UnknownUnitIsRefusedWholeUnlessAsked) {
  ASSERT_TRUE(import(seed_memo()).ok());
  const auto markdown = read_file(memo_path("markdown-pipes.md"));
  auto refused = import(markdown);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(refused.error().message, "a unit is not in the unit directory: 'MRF Dakar' (lines 14, 15)");
  EXPECT_EQ(refused.error().field, "add_units");
  EXPECT_EQ(refused.error().line, 14);
  EXPECT_EQ(evaluation_count(), 1u);
  EXPECT_EQ(list_units(session())->size(), 3u);

  // A dry run shows the units the import would make, and makes none.
  auto preview = import(markdown, /*dry_run=*/true, /*add_units=*/true);
  ASSERT_TRUE(preview.ok()) << preview.error().describe();
  ASSERT_EQ(preview->memo.new_units.size(), 1u);
  EXPECT_EQ(preview->memo.new_units[0].code, "MRF-DAKAR");
  EXPECT_EQ(preview->memo.warnings[0].kind, importer::WarningKind::unit_added);
  EXPECT_EQ(list_units(session())->size(), 3u);

  auto accepted = import(markdown, false, /*add_units=*/true);
  ASSERT_TRUE(accepted.ok()) << accepted.error().describe();
  ASSERT_FALSE(accepted->memo.warnings.empty());
  EXPECT_EQ(accepted->memo.warnings[0].message,
            "'MRF Dakar' is not in the unit directory: added as unit MRF-DAKAR");
  EXPECT_EQ(accepted->memo.warnings[0].kind, importer::WarningKind::unit_added);
  EXPECT_EQ(evaluation_count(), 2u);
  auto units = list_units(session());
  ASSERT_EQ(units->size(), 4u);
  // Name and head's title come from the memo's To: list ("Head of MRF Dakar").
  const auto dakar =
      std::find_if(units->begin(), units->end(), [](const Unit& u) { return u.code == "MRF-DAKAR"; });
  ASSERT_NE(dakar, units->end());
  EXPECT_EQ(dakar->name, "MRF Dakar");
  EXPECT_EQ(dakar->head_title, "Head of MRF Dakar");
}

TEST_F(ImportTest, BadMemoLeavesAnEmptyStoreEmpty) {
  auto outcome = import(read_file(memo_path("bad-missing-due.txt")));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().file, "memo.txt");
  EXPECT_EQ(outcome.error().line, 15);
  EXPECT_EQ(evaluation_count(), 0u);
  EXPECT_TRUE(list_units(session())->empty());
  EXPECT_TRUE(history_of(session(), std::nullopt)->empty());
}

TEST_F(ImportTest, HistoryRecordsWhoImportedAndHolds) {
  ASSERT_TRUE(import_memo(session("ana"), ImportRequest{"seed.txt", seed_memo(), false, false}).ok());
  auto entries = history_of(session(), std::nullopt);
  ASSERT_TRUE(entries.ok());
  // Three seeded units, the evaluation, two recommendations.
  ASSERT_EQ(entries->size(), 6u);
  for (const auto& e : *entries) {
    EXPECT_EQ(e.event.actor, "ana");
    EXPECT_EQ(e.event.at, "2002-12-31T09:00:00Z");
  }
  EXPECT_EQ(entries->back().event.entity, "recommendation:PLACMI-2#2");
  auto report = verify_history(session(), testing::test_key(), std::nullopt);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->problems.empty()) << report->problems.front();
}

}  // namespace
}  // namespace followup::app
