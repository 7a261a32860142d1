#include "app/content_hashes.h"

#include "app/follow_up.h"
#include "app/history_log.h"
#include "app/import.h"
#include "app/json_views.h"
#include "app/queries.h"
#include "app/test_support.h"
#include "core/reference.h"
#include "importer/content_hash.h"
#include "util/sha256.h"

namespace followup::app {
namespace {

using nlohmann::json;
using testing::memo_path;
using testing::read_file;
using testing::seed_memo;

// A store as followup wrote it before the canonical content hash: the
// import of app/import.cc as it was, with the old form of the hash.
class ContentHashTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    testing::StoreFixture::SetUp();
    ASSERT_TRUE(m_store->run([&](Transaction& tx) -> Status {
      User eva = testing::user("eva", {Role::evaluation});
      if (auto st = tx.add_user(eva); !st) return st;
      return record_change(tx, session(), "user:eva", "create", nullptr, json_of(eva));
    }));
  }

  // Imports `bytes` as the old import did; returns the evaluation stored.
  Evaluation import_as_before(const std::string& bytes, const std::string& file) {
    importer::ParseOptions options;
    options.file_name = file;
    Evaluation evaluation;
    EXPECT_TRUE(m_store->run([&](Transaction& tx) -> Status {
      auto units = tx.list_units();
      if (!units) return units.error();
      const UnitDirectory directory(std::move(*units));
      options.directory = &directory;
      options.add_unknown_units = true;
      auto memo = importer::parse_memo(bytes, options);
      if (!memo) return memo.error();
      for (const auto& unit : memo->new_units) {
        if (auto st = tx.add_unit(unit); !st) return st;
        if (auto st =
                record_change(tx, session("eva"), "unit:" + unit.code, "create", nullptr, json_of(unit));
            !st)
          return st;
      }
      auto made = importer::to_evaluation(*memo);
      if (!made) return made.error();
      evaluation = *made;
      const std::string hash = legacy_content_hash(evaluation);
      if (auto st = tx.insert_evaluation(evaluation, hash); !st) return st;
      json after = json_of(evaluation);
      after["content_hash"] = hash;
      after["file"] = file;
      if (auto st =
              record_change(tx, session("eva"), evaluation_entity(evaluation.code), "import", nullptr, after);
          !st)
        return st;
      for (const auto& rec : evaluation.recommendations)
        if (auto st = record_change(tx, session("eva"), recommendation_entity(evaluation.code, rec.number),
                                    "import", nullptr, json_of(rec, evaluation.code));
            !st)
          return st;
      return {};
    }));
    return evaluation;
  }

  std::optional<std::string> evaluation_with_hash(const std::string& hash) {
    std::optional<std::string> code;
    EXPECT_TRUE(m_store->read([&](Transaction& tx) -> Status {
      auto found = tx.find_evaluation_by_content_hash(hash);
      if (!found) return found.error();
      code = *found;
      return {};
    }));
    return code;
  }

  void expect_verified() {
    auto report = verify_history(session("eva"), testing::test_key(), std::nullopt);
    ASSERT_TRUE(report.ok()) << report.error().describe();
    EXPECT_TRUE(report->problems.empty()) << report->problems.front();
  }

  std::size_t history_size() { return history_of(session("eva"), std::nullopt)->size(); }
};

// The old form is the JSON the command line printed: its hash of the seed
// is what followup stored for it (tests/data/stores/before-canonical-hash.sql).
TEST_F(ContentHashTest, TheOldFormIsRecognised) {
  const auto seed = import_as_before(seed_memo(), "seed.txt");
  EXPECT_EQ(legacy_content_hash(seed), "9ce2ce2de83bc9dcf5cd037bb9b4a80e8b72b4b21aedee690dee4afff671f016");
  EXPECT_NE(importer::content_hash(seed), legacy_content_hash(seed));
}

TEST_F(ContentHashTest, OldHashesAreReplacedByJournaledWrites) {
  const auto seed = import_as_before(seed_memo(), "seed.txt");
  expect_verified();
  const auto before = history_size();

  auto done = upgrade_content_hashes(session("eva"));
  ASSERT_TRUE(done.ok()) << done.error().describe();
  EXPECT_EQ(done->upgraded, 1);
  EXPECT_EQ(done->current, 0);
  EXPECT_TRUE(done->unrecognised.empty());
  EXPECT_EQ(evaluation_with_hash(importer::content_hash(seed)), std::optional<std::string>("PLACMI-2"));
  EXPECT_FALSE(evaluation_with_hash(legacy_content_hash(seed)));
  auto entries = history_of(session("eva"), std::string_view("evaluation:PLACMI-2"));
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(history_size(), before + 1);
  const auto& rehash = entries->back().event;
  EXPECT_EQ(rehash.action, "rehash");
  EXPECT_EQ(rehash.actor, "eva");
  EXPECT_EQ(json::parse(rehash.before), (json{{"content_hash", legacy_content_hash(seed)}}));
  EXPECT_EQ(json::parse(rehash.after),
            (json{{"content_hash", importer::content_hash(seed)}, {"form", "followup-memo-1"}}));
  EXPECT_NE(rehash.ops.find("set_evaluation_content_hash"), std::string::npos);
  expect_verified();

  // Once is enough.
  done = upgrade_content_hashes(session("eva"));
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->upgraded, 0);
  EXPECT_EQ(done->current, 1);
  EXPECT_EQ(history_size(), before + 1);
}

// An evaluation edited before it was issued is no longer the memo as
// imported: the history's import entries are.
TEST_F(ContentHashTest, AnEditedEvaluationIsHashedAsImported) {
  const auto seed = import_as_before(seed_memo(), "seed.txt");
  RecommendationEdit edit;
  edit.text = "The text as edited before issue.";
  const auto edited = edit_recommendation(session("eva"), "PLACMI-2#1", edit, *Date::parse_iso("2001-07-18"));
  ASSERT_TRUE(edited.ok()) << edited.error().describe();
  auto done = upgrade_content_hashes(session("eva"));
  ASSERT_TRUE(done.ok()) << done.error().describe();
  EXPECT_EQ(done->upgraded, 1);
  EXPECT_EQ(evaluation_with_hash(importer::content_hash(seed)), std::optional<std::string>("PLACMI-2"));
  expect_verified();
  done = upgrade_content_hashes(session("eva"));
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->current, 1);
}

// A hash of neither form is left as it is, and said so.
TEST_F(ContentHashTest, AHashOfNoKnownFormIsLeftAlone) {
  import_as_before(seed_memo(), "seed.txt");
  ASSERT_TRUE(m_store->run([&](Transaction& tx) -> Status {
    if (auto st = tx.set_evaluation_content_hash("PLACMI-2", util::sha256_hex("something else")); !st)
      return st;
    return record_change(tx, session(), "evaluation:PLACMI-2", "test", nullptr, nullptr);
  }));
  const auto before = history_size();
  auto done = upgrade_content_hashes(session("eva"));
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->unrecognised, std::vector<std::string>{"PLACMI-2"});
  EXPECT_EQ(history_size(), before);
}

// Before `init` brings the hashes over, import finds a memo imported
// before by its old-form hash: it is "already imported", nothing changes.
TEST_F(ContentHashTest, ImportFindsAMemoImportedBefore) {
  const auto seed = import_as_before(seed_memo(), "seed.txt");
  const auto before = history_size();
  auto again =
      import_memo(session("eva"), ImportRequest{"windows.txt", read_file(memo_path("placmi2-windows.txt"))});
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again->status, ImportStatus::already_imported);
  EXPECT_EQ(again->content_hash, importer::content_hash(seed));
  EXPECT_EQ(evaluation_with_hash(again->content_hash), std::nullopt);
  EXPECT_EQ(history_size(), before);
  expect_verified();
}

}  // namespace
}  // namespace followup::app
