// The journal: every write travels with a history entry, and verify()
// rebuilds the tables from the chain and names what differs.
#include "storage/journal.h"

#include <functional>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "storage/testing/temp_dir.h"
#include "util/sha256.h"

namespace followup {
namespace {

using testing::TempDir;

const HistoryKey k_key{std::string(32, 'k')};

std::unique_ptr<Store> open_journaled(const std::string& path, std::optional<HistoryKey> key = k_key) {
  OpenOptions options;
  options.create = true;
  options.key = std::move(key);
  auto opened = open_store(path, options);
  EXPECT_TRUE(opened.ok()) << opened.error().message;
  return opened ? std::move(*opened) : nullptr;
}

Unit unit(const char* code) {
  Unit u;
  u.code = code;
  u.name = std::string("Unit ") + code;
  return u;
}

Status add_unit_with_history(Store& store, const char* code) {
  return store.run([&](Transaction& tx) -> Status {
    if (auto st = tx.add_unit(unit(code)); !st) return st;
    auto entry = tx.append_history(
        HistoryEvent{"root", "2026-11-29T10:00:00Z", std::string("unit:") + code, "create", "null", "{}"});
    return entry ? Status{} : Status(entry.error());
  });
}

void exec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  const std::string text = message ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << text;
}

// Renames unit `code` behind the journal's back, then checks that verify
// names exactly that row; returns the store, reopened.
std::unique_ptr<Store> rename_and_expect_it_named(const std::string& path, const std::string& code) {
  exec(path, ("UPDATE units SET name = 'Renamed' WHERE code = '" + code + "'").c_str());
  auto store = open_journaled(path);
  auto report = store->verify(k_key, std::nullopt);
  EXPECT_TRUE(report.ok()) << report.error().message;
  if (report.ok()) {
    EXPECT_EQ(report->problems,
              std::vector<std::string>{"table units has a row its history does not make: (code='" + code +
                                       "', name='Renamed', kind='', parent=NULL, head_title='')"});
  }
  return store;
}

TEST(Journal, AWriteWithoutAHistoryEntryIsRefused) {
  TempDir dir;
  auto store = open_journaled((dir.path() / "f.db").string());
  auto st = store->run([](Transaction& tx) { return tx.add_unit(unit("MMS")); });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "a change without a history entry was refused; nothing was written");
  auto units = std::vector<Unit>{};
  ASSERT_TRUE(store
                  ->read([&](Transaction& tx) -> Status {
                    auto all = tx.list_units();
                    if (!all) return all.error();
                    units = *all;
                    return {};
                  })
                  .ok());
  EXPECT_TRUE(units.empty());
}

TEST(Journal, EntriesCarryTheirOpsAndAreSigned) {
  TempDir dir;
  auto store = open_journaled((dir.path() / "f.db").string());
  ASSERT_TRUE(add_unit_with_history(*store, "MMS").ok());
  std::vector<HistoryEntry> entries;
  ASSERT_TRUE(store
                  ->read([&](Transaction& tx) -> Status {
                    auto all = tx.history(std::nullopt);
                    if (!all) return all.error();
                    entries = *all;
                    return {};
                  })
                  .ok());
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_NE(entries[0].event.ops.find(R"("op":"add_unit")"), std::string::npos) << entries[0].event.ops;
  EXPECT_EQ(entries[0].mac, history_mac(k_key, entries[0].hash));
}

TEST(Journal, WritingNeedsTheKey) {
  TempDir dir;
  auto store = open_journaled((dir.path() / "f.db").string(), std::nullopt);
  auto st = add_unit_with_history(*store, "MMS");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::unavailable);
}

TEST(Journal, VerifyRebuildsTheTablesAndNamesWhatDiffers) {
  TempDir dir;
  const std::string path = (dir.path() / "f.db").string();
  {
    auto store = open_journaled(path);
    ASSERT_TRUE(add_unit_with_history(*store, "MMS").ok());
    ASSERT_TRUE(add_unit_with_history(*store, "MPRP").ok());
    auto report = store->verify(k_key, std::nullopt);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_TRUE(report->problems.empty()) << report->problems.front();
    EXPECT_EQ(report->entries, 2);
  }
  auto store = rename_and_expect_it_named(path, "MPRP");
  // With another key, the chain is not this store's.
  auto other = store->verify(HistoryKey{std::string(32, 'x')}, std::nullopt);
  ASSERT_TRUE(other.ok());
  ASSERT_FALSE(other->problems.empty());
  EXPECT_EQ(
      other->problems[0],
      "history entry 1 is not signed by this store's history key (the chain was rewritten, or the wrong "
      "key file is used)");
}

// The replica commits every few thousand entries (journal.cc): a chain
// longer than one commit is replayed to its end, and what its last commit
// made is compared like the rest.
TEST(Journal, VerifyReplaysAChainLongerThanOneCommitOfTheReplica) {
  TempDir dir;
  const std::string path = (dir.path() / "f.db").string();
  constexpr int k_units = 10'500;
  {
    auto store = open_journaled(path);
    ASSERT_TRUE(store
                    ->run([&](Transaction& tx) -> Status {
                      for (int i = 1; i <= k_units; ++i) {
                        const std::string code = "U" + std::to_string(i);
                        if (auto st = tx.add_unit(unit(code.c_str())); !st) return st;
                        auto entry = tx.append_history(HistoryEvent{"root", "2026-11-29T10:00:00Z",
                                                                    "unit:" + code, "create", "null", "{}"});
                        if (!entry) return entry.error();
                      }
                      return {};
                    })
                    .ok());
    auto report = store->verify(k_key, std::nullopt);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_TRUE(report->problems.empty()) << report->problems.front();
    EXPECT_EQ(report->entries, k_units);
  }
  rename_and_expect_it_named(path, "U10500");
}

Status with_entry(Transaction& tx, const std::string& entity, const std::function<Status()>& write) {
  if (auto st = write(); !st) return st;
  auto entry = tx.append_history(HistoryEvent{"root", "2026-11-29T10:00:00Z", entity, "test", "null", "{}"});
  return entry ? Status{} : Status(entry.error());
}

// A content hash brought to a new form is an op like any other: replaying
// the chain makes the new hash, and a hash changed behind the journal's
// back is caught.
TEST(Journal, AReplacedContentHashReplays) {
  TempDir dir;
  const std::string path = (dir.path() / "f.db").string();
  const std::string old_hash = util::sha256_hex("old form");
  const std::string new_hash = util::sha256_hex("new form");
  {
    auto store = open_journaled(path);
    ASSERT_TRUE(add_unit_with_history(*store, "MMS").ok());
    Evaluation e;
    e.code = "X";
    e.title = "X";
    ASSERT_TRUE(store
                    ->run([&](Transaction& tx) {
                      return with_entry(tx, "evaluation:X",
                                        [&] { return tx.insert_evaluation(e, old_hash); });
                    })
                    .ok());
    ASSERT_TRUE(store
                    ->run([&](Transaction& tx) {
                      return with_entry(tx, "evaluation:X",
                                        [&] { return tx.set_evaluation_content_hash("X", new_hash); });
                    })
                    .ok());
    auto report = store->verify(k_key, std::nullopt);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_TRUE(report->problems.empty()) << report->problems.front();
  }
  exec(path, ("UPDATE evaluations SET content_hash = '" + old_hash + "'").c_str());
  auto store = open_journaled(path);
  auto report = store->verify(k_key, std::nullopt);
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->problems.empty());
  EXPECT_NE(report->problems[0].find("table evaluations has a row its history does not make"),
            std::string::npos)
      << report->problems[0];
}

// Every unit written keeps the unit-code rule (core/unit_code.h); the
// backend alone (replay's scratch store) takes what the history holds.
TEST(Journal, UnitsWrittenKeepTheUnitCodeRule) {
  TempDir dir;
  auto store = open_journaled((dir.path() / "f.db").string());
  auto st = add_unit_with_history(*store, "bad code");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(st.error().message, "unit code 'bad code' must be 1-20 characters of A-Z, 0-9 and '-'");
  OpenOptions bare;
  bare.create = true;
  bare.journal = false;
  auto scratch = open_store((dir.path() / "scratch.db").string(), bare);
  ASSERT_TRUE(scratch.ok());
  EXPECT_TRUE((*scratch)
                  ->run([](Transaction& tx) { return tx.add_unit(unit("MRF-INTERGOVERNMENTAL-RELATIONS")); })
                  .ok());
}

TEST(Journal, AHeadSeenEarlierMustStillBeInTheChain) {
  TempDir dir;
  const std::string path = (dir.path() / "f.db").string();
  std::string head;
  {
    auto store = open_journaled(path);
    ASSERT_TRUE(add_unit_with_history(*store, "MMS").ok());
    ASSERT_TRUE(add_unit_with_history(*store, "MPRP").ok());
    auto report = store->verify(k_key, std::nullopt);
    ASSERT_TRUE(report.ok());
    head = std::to_string(report->entries) + ":" + report->head_hash;
    EXPECT_TRUE(store->verify(k_key, head)->problems.empty());
  }
  exec(path,
       "DROP TRIGGER history_no_delete; DELETE FROM history WHERE id = 2; DELETE FROM units WHERE code = "
       "'MPRP'");
  auto store = open_journaled(path);
  auto report = store->verify(k_key, head);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->problems.size(), 1U);
  EXPECT_EQ(report->problems[0],
            "history entry 2 seen earlier (hash " + head.substr(2) +
                ") is no longer in the chain, which has 1 entries (entries were removed)");
  EXPECT_TRUE(store->verify(k_key, std::nullopt)->problems.empty())
      << "without the head, a clean truncation of data and history together is invisible";
}

}  // namespace
}  // namespace followup
