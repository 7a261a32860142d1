#include <gtest/gtest.h>

#include "storage/store.h"
#include "util/sha256.h"

namespace followup {
namespace {

HistoryEvent event(std::string entity, std::string action) {
  return HistoryEvent{"ana",       "2001-07-20T10:15:00Z", std::move(entity), std::move(action), "null",
                      R"({"x":1})"};
}

std::vector<HistoryEntry> chain_of(const std::vector<HistoryEvent>& events) {
  std::vector<HistoryEntry> out;
  std::string prev(k_first_prev_hash);
  long long id = 1;
  for (const auto& e : events) {
    HistoryEntry entry{id++, e, prev, history_hash(prev, e), ""};
    prev = entry.hash;
    out.push_back(entry);
  }
  return out;
}

TEST(HistoryHashTest, IsSha256OfNetstrings) {
  HistoryEvent e{"system", "2001-07-20T10:15:00Z", "evaluation:PLACMI-2", "import", "null", "{}"};
  std::string text = "64:" + std::string(k_first_prev_hash) + ",6:system,20:2001-07-20T10:15:00Z," +
                     "19:evaluation:PLACMI-2,6:import,4:null,2:{},2:[],";
  EXPECT_EQ(history_hash(k_first_prev_hash, e), util::sha256_hex(text));
}

// The worked example of docs/storage.md, so the document stays true.
TEST(HistoryHashTest, DocumentedExample) {
  HistoryEvent e{"system", "2001-07-20T10:15:00Z",  "evaluation:PLACMI-2", "import",
                 "null",   R"({"code":"PLACMI-2"})"};
  EXPECT_EQ(history_hash(k_first_prev_hash, e),
            "cd012f846542d61d5aa83d59a61a06c9b44dae000f3004437b9e8b4bc7235c79");
}

TEST(HistoryHashTest, FieldBoundariesMatter) {
  HistoryEvent a{"ab", "c", "e", "x", "null", "null"};
  HistoryEvent b{"a", "bc", "e", "x", "null", "null"};
  EXPECT_NE(history_hash(k_first_prev_hash, a), history_hash(k_first_prev_hash, b));
}

TEST(HistoryHashTest, DependsOnPrevHash) {
  HistoryEvent e = event("unit:MMS", "add");
  EXPECT_NE(history_hash(k_first_prev_hash, e), history_hash(util::sha256_hex("x"), e));
}

TEST(VerifyHistoryChainTest, EmptyAndGoodChainsFit) {
  EXPECT_FALSE(verify_history_chain({}).has_value());
  EXPECT_FALSE(
      verify_history_chain(chain_of({event("a", "x"), event("b", "y"), event("c", "z")})).has_value());
}

TEST(VerifyHistoryChainTest, NamesAChangedEntry) {
  auto chain = chain_of({event("a", "x"), event("b", "y"), event("c", "z")});
  chain[1].event.after = R"({"x":2})";
  auto fault = verify_history_chain(chain);
  ASSERT_TRUE(fault.has_value());
  EXPECT_EQ(fault->id, 2);
  EXPECT_EQ(fault->message, "history entry 2 does not match its hash (changed after it was written?)");
}

TEST(VerifyHistoryChainTest, NamesTheEntryAfterARemovedOne) {
  auto chain = chain_of({event("a", "x"), event("b", "y"), event("c", "z")});
  chain.erase(chain.begin() + 1);
  auto fault = verify_history_chain(chain);
  ASSERT_TRUE(fault.has_value());
  EXPECT_EQ(fault->id, 3);
  EXPECT_EQ(fault->message,
            "history entry 3 does not follow entry 1: its prev_hash is not that entry's hash (an entry was "
            "removed or changed?)");
}

TEST(VerifyHistoryChainTest, NamesAFirstEntryWithoutTheZeroPrevHash) {
  auto chain = chain_of({event("a", "x"), event("b", "y")});
  chain.erase(chain.begin());
  auto fault = verify_history_chain(chain);
  ASSERT_TRUE(fault.has_value());
  EXPECT_EQ(fault->id, 2);
  EXPECT_EQ(fault->message,
            "history entry 2 is first but its prev_hash is not 00000000... (an earlier entry was removed?)");
}

TEST(VerifyHistoryChainTest, RecomputedHashStillBreaksTheNextLink) {
  auto chain = chain_of({event("a", "x"), event("b", "y"), event("c", "z")});
  chain[0].event.actor = "mallory";
  chain[0].hash = history_hash(chain[0].prev_hash, chain[0].event);
  auto fault = verify_history_chain(chain);
  ASSERT_TRUE(fault.has_value());
  EXPECT_EQ(fault->id, 2);
}

TEST(VerifyHistoryChainTest, RefusesIdsOutOfOrder) {
  auto chain = chain_of({event("a", "x"), event("b", "y")});
  chain[1].id = 1;
  auto fault = verify_history_chain(chain);
  ASSERT_TRUE(fault.has_value());
  EXPECT_EQ(fault->message, "history entry 1 comes after entry 1 (ids must increase)");
}

}  // namespace
}  // namespace followup
