// Writes grouped (SqlStore::run, docs/storage.md "Writes grouped"): the
// writes that wait while one commits run in one transaction, each in a
// savepoint of its own, and each caller gets its own work's answer.
#include "storage/sql/sql_store.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"
#include "storage/testing/temp_dir.h"
#include "storage/testing/values.h"

namespace followup::testing {
namespace {

const HistoryKey k_group_key{std::string(32, 'k')};

// The store's connections, but the `fail`th COMMIT from when it is set
// fails; every COMMIT is counted. With `end_transaction` set, the next
// history entry's insert rolls the whole transaction back and fails, as
// SQLite does after some failures (a full disk).
struct Commits {
  std::atomic<int> made = 0;
  std::atomic<int> fail = 0;
  std::atomic<bool> end_transaction = false;
};

class CountingConnection final : public sql::Connection {
 public:
  CountingConnection(sql::Connection& inner, Commits& commits) : m_inner(inner), m_commits(commits) {}
  [[nodiscard]] const sql::Dialect& dialect() const override { return m_inner.dialect(); }
  Status exec(std::string_view sql, std::string_view what) override { return m_inner.exec(sql, what); }
  Result<sql::Statement> prepare(std::string_view sql) override {
    if (m_commits.end_transaction && sql.starts_with("INSERT INTO history")) {
      m_commits.end_transaction = false;
      static_cast<void>(m_inner.exec("ROLLBACK", "end the transaction"));
      return make_error(ErrorCode::unavailable, "history: injected fault that ended the transaction");
    }
    if (sql == "COMMIT") {
      ++m_commits.made;
      if (m_commits.fail.load() > 0 && --m_commits.fail == 0)
        return make_error(ErrorCode::unavailable, "commit: injected fault");
    }
    return m_inner.prepare(sql);
  }
  [[nodiscard]] bool in_transaction() const override { return m_inner.in_transaction(); }
  [[nodiscard]] long long statements_run() const override { return m_inner.statements_run(); }

 private:
  sql::Connection& m_inner;
  Commits& m_commits;
};

class SqlStoreGroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    OpenOptions options;
    options.create = true;
    options.key = k_group_key;
    auto opened = open_sqlite_store((m_dir.path() / "followup.db").string(), options,
                                    [this](sql::Connection& inner) -> std::unique_ptr<sql::Connection> {
                                      return std::make_unique<CountingConnection>(inner, m_commits);
                                    });
    ASSERT_TRUE(opened.ok()) << opened.error().describe();
    m_store = std::move(*opened);
    m_sql = dynamic_cast<sql::SqlStore*>(m_store.get());
    ASSERT_NE(m_sql, nullptr);
  }

  static Status entry(Transaction& tx, const std::string& action) {
    return status_of(
        tx.append_history(HistoryEvent{"ana", "2001-09-01T10:00:00Z", "evaluation:E-1", action}));
  }

  // The history's actions, in order.
  std::string actions() {
    std::string out;
    auto st = m_store->read([&](Transaction& tx) -> Status {
      auto entries = tx.history(std::nullopt);
      if (!entries) return entries.error();
      for (const auto& e : *entries) out += (out.empty() ? "" : " ") + e.event.action;
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().describe();
    return out;
  }

  // Runs "first" on this thread, holding the writer until `others` (run
  // each on a thread of its own) all wait, in their order; then they run,
  // as one group.
  // Answers each one's result by name, its exception's message as
  // "threw: ..." when it throws.
  std::map<std::string, std::string> group_behind_first(
      const std::vector<std::pair<std::string, std::function<Status(Transaction&)>>>& others,
      int fail_commit = 0) {
    std::map<std::string, std::string> answers;
    std::mutex answers_mutex;
    std::vector<std::thread> threads;
    auto answer = [&](const std::string& name, const std::string& text) {
      const std::lock_guard lock(answers_mutex);
      answers[name] = text;
    };
    const Status first = m_store->run([&](Transaction& tx) -> Status {
      // Each waits before the next starts, so that they wait in this order.
      for (const auto& [name, work] : others) {
        threads.emplace_back([&, name = name, work = work] {
          try {
            const Status st = m_store->run(work);
            answer(name, st ? "ok" : st.error().describe());
          } catch (const std::exception& e) {
            answer(name, std::string("threw: ") + e.what());
          }
        });
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (m_sql->writes_waiting() < threads.size() && std::chrono::steady_clock::now() < deadline)
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      EXPECT_EQ(m_sql->writes_waiting(), others.size());
      m_commits.fail = fail_commit;
      return entry(tx, "first");
    });
    EXPECT_TRUE(first.ok()) << first.error().describe();
    for (auto& t : threads) t.join();
    return answers;
  }

  // Three writes: b and d write an entry; c writes one, then fails.
  static std::vector<std::pair<std::string, std::function<Status(Transaction&)>>> b_refused_c_d() {
    return {
        {"b", [](Transaction& tx) { return entry(tx, "b"); }},
        {"c",
         [](Transaction& tx) -> Status {
           if (auto st = entry(tx, "c"); !st) return st;
           return make_error(ErrorCode::invalid_argument, "c is refused");
         }},
        {"d", [](Transaction& tx) { return entry(tx, "d"); }},
    };
  }

  TempDir m_dir;
  Commits m_commits;
  std::unique_ptr<Store> m_store;
  sql::SqlStore* m_sql = nullptr;
};

// Three writes that wait are committed by one COMMIT; the one that fails is
// rolled back alone, with its own error, and the others are written.
TEST_F(SqlStoreGroupTest, WritesThatWaitAreCommittedTogetherEachWithItsOwnAnswer) {
  const int before = m_commits.made;
  auto answers = group_behind_first(b_refused_c_d());
  EXPECT_EQ(answers, (std::map<std::string, std::string>{{"b", "ok"}, {"c", "c is refused"}, {"d", "ok"}}));
  // The first write's commit and the group's.
  EXPECT_EQ(m_commits.made - before, 2);
  // c left nothing.
  EXPECT_EQ(actions(), "first b d");
  auto verified = m_store->verify(k_group_key, std::nullopt);
  ASSERT_TRUE(verified.ok()) << verified.error().describe();
  EXPECT_EQ(verified->problems, std::vector<std::string>{});
}

// When the group's commit fails, every write of it gets the failure and
// none is written; the store goes on.
TEST_F(SqlStoreGroupTest, AGroupWhoseCommitFailsWritesNothingAndSaysSoToEach) {
  // The first write's commit passes, the group's fails.
  auto answers = group_behind_first(b_refused_c_d(), 2);
  EXPECT_EQ(answers,
            (std::map<std::string, std::string>{
                {"b", "commit: injected fault"}, {"c", "c is refused"}, {"d", "commit: injected fault"}}));
  EXPECT_EQ(actions(), "first");
  ASSERT_TRUE(m_store->run([](Transaction& tx) { return entry(tx, "after"); }).ok());
  EXPECT_EQ(actions(), "first after");
}

// When the backend ends the group's transaction by itself (after c's
// failure), the writes run before (b) fail, nothing written, and those not
// yet run (d) are run afterwards.
TEST_F(SqlStoreGroupTest, AGroupTheBackendRollsBackRunsAgainTheWritesNotYetRun) {
  auto answers = group_behind_first({
      {"b", [](Transaction& tx) { return entry(tx, "b"); }},
      {"c",
       [this](Transaction& tx) -> Status {
         m_commits.end_transaction = true;
         return entry(tx, "c");
       }},
      {"d", [](Transaction& tx) { return entry(tx, "d"); }},
  });
  const std::string lost = "the transaction on " + (m_dir.path() / "followup.db").string() +
                           " was rolled back after an earlier failure; nothing was written";
  EXPECT_EQ(answers,
            (std::map<std::string, std::string>{
                {"b", lost}, {"c", "history: injected fault that ended the transaction"}, {"d", "ok"}}));
  EXPECT_EQ(actions(), "first d");
  auto verified = m_store->verify(k_group_key, std::nullopt);
  ASSERT_TRUE(verified.ok()) << verified.error().describe();
  EXPECT_EQ(verified->problems, std::vector<std::string>{});
}

// A work that throws in a group: its caller gets the exception, nothing of
// it is written, and the others are.
TEST_F(SqlStoreGroupTest, AWorkThatThrowsInAGroupThrowsToItsCallerAlone) {
  const int before = m_commits.made;
  auto answers = group_behind_first({
      {"b", [](Transaction& tx) { return entry(tx, "b"); }},
      {"c",
       [](Transaction& tx) -> Status {
         if (auto st = entry(tx, "c"); !st) return st;
         throw std::runtime_error("c fell over");
       }},
      {"d", [](Transaction& tx) { return entry(tx, "d"); }},
  });
  EXPECT_EQ(answers,
            (std::map<std::string, std::string>{{"b", "ok"}, {"c", "threw: c fell over"}, {"d", "ok"}}));
  // The first write's commit and the group's: b, c and d ran together.
  EXPECT_EQ(m_commits.made - before, 2);
  EXPECT_EQ(actions(), "first b d");
}

// More writes than a group holds wait: they are all written, in groups of
// at most k_max_group.
TEST_F(SqlStoreGroupTest, MoreWritesThanAGroupHoldsAreAllWritten) {
  const std::size_t n = sql::SqlStore::k_max_group + 5;
  std::vector<std::pair<std::string, std::function<Status(Transaction&)>>> writes;
  std::map<std::string, std::string> expected;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string name = "w" + std::to_string(i);
    writes.emplace_back(name, [name](Transaction& tx) { return entry(tx, name); });
    expected[name] = "ok";
  }
  const int before = m_commits.made;
  EXPECT_EQ(group_behind_first(writes), expected);
  // The first write's commit and two groups'.
  EXPECT_EQ(m_commits.made - before, 3);
  auto verified = m_store->verify(k_group_key, std::nullopt);
  ASSERT_TRUE(verified.ok()) << verified.error().describe();
  EXPECT_EQ(verified->problems, std::vector<std::string>{});
}

}  // namespace
}  // namespace followup::testing
