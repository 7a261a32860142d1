// Faults injected below the SQL layer, one statement at a time: whichever
// statement of a write fails, the store is left as it was; whichever of a
// read fails, the read answers the error and the next one works.
#include <functional>
#include <gtest/gtest.h>
#include <string>

#include "core/names.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"
#include "storage/testing/faulty_connection.h"
#include "storage/testing/temp_dir.h"
#include "storage/testing/values.h"
#include "util/sha256.h"

namespace followup::testing {
namespace {

const HistoryKey k_key{std::string(32, 'k')};

Status entry(Transaction& tx, const std::string& entity, const std::string& action) {
  return status_of(tx.append_history(HistoryEvent{"ana", "2001-09-01T10:00:00Z", entity, action}));
}

class SqlFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    OpenOptions options;
    options.create = true;
    options.key = k_key;  // the journal on: every write carried by the history
    auto opened = open_sqlite_store((m_dir.path() / "followup.db").string(), options,
                                    [this](sql::Connection& inner) -> std::unique_ptr<sql::Connection> {
                                      return std::make_unique<FaultyConnection>(inner, m_plan);
                                    });
    ASSERT_TRUE(opened.ok()) << opened.error().describe();
    m_store = std::move(*opened);
    ASSERT_TRUE(m_store
                    ->run([](Transaction& tx) -> Status {
                      for (const char* code : {"MMS", "HR"})
                        if (auto st = tx.add_unit(Unit{code, code, "department", "", "", {}, {}}); !st)
                          return st;
                      Evaluation e;
                      e.code = "E-1";
                      e.recommendations.resize(2);
                      e.recommendations[0].number = 1;
                      e.recommendations[0].units = {"MMS"};
                      e.recommendations[0].due = d("2001-08-31");
                      e.recommendations[1].number = 2;
                      e.recommendations[1].units = {"MMS", "HR"};
                      e.recommendations[1].due = d("2001-08-31");
                      if (auto st = tx.insert_evaluation(e, util::sha256_hex("memo")); !st) return st;
                      return entry(tx, "evaluation:E-1", "import");
                    })
                    .ok());
  }

  // Everything a reader can see of the store, as text.
  std::string dump() {
    std::string out;
    auto st = m_store->read([&](Transaction& tx) -> Status {
      auto head = tx.history_head();
      if (!head) return head.error();
      out += std::to_string(head->first) + " " + head->second + "\n";
      auto codes = tx.list_evaluation_codes();
      if (!codes) return codes.error();
      for (const std::string& code : *codes) {
        auto e = tx.find_evaluation(code);
        if (!e) return e.error();
        if (!*e) return make_error(ErrorCode::internal, "evaluation " + code + " is listed but not found");
        out += (*e)->code + " " + (*e)->title + "\n";
        for (const auto& rec : (*e)->recommendations) {
          out += std::to_string(rec.number) + " " + rec.text + " " + rec.due.iso();
          for (const auto& u : rec.units) out += " " + u;
          out += "\n";
        }
      }
      auto records = tx.list_recommendations({});
      if (!records) return records.error();
      for (const RecommendationRecord& r : *records) {
        for (const auto& x : r.follow_up.responses) {
          out += "response " + x.unit + " " + std::string(to_string(x.decision)) + " " + x.rationale + " " +
                 x.responded.iso() + " " + x.by + " " + x.recorded.at;
          for (const auto& a : x.actions)
            out += " action " + std::to_string(a.id) + " " + a.description + " " + a.unit + " " + a.due.iso();
          out += "\n";
        }
        for (const auto& x : r.follow_up.validations)
          out += "validation " + x.rating + " " + x.comment + " " + x.validated.iso() + " " + x.by + "\n";
        auto version = tx.recommendation_version(r.evaluation, r.rec.number);
        if (!version) return version.error();
        out += "version " + std::to_string(*version) + "\n";
      }
      auto totals = tx.status_totals(d("2002-01-01"));
      if (!totals) return totals.error();
      out += "issued " + std::to_string(totals->total.recommendations) + ", open " +
             std::to_string(totals->total.open) + ", validated " + std::to_string(totals->total.validated) +
             "\n";
      auto rates = tx.rates_totals(d("2002-01-01"));
      if (!rates) return rates.error();
      for (const auto& row : rates->by_unit)
        out += "rates " + row.key + " accepted " + std::to_string(row.rates.acceptance.numerator) + "/" +
               std::to_string(row.rates.acceptance.denominator) + ", actions " +
               std::to_string(row.rates.action_completion.denominator) + "\n";
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().describe();
    return out;
  }

  // Runs `attempt` with its nth statement failing, for n = 1, 2, 3... until
  // it runs without reaching the fault, and must then succeed. Each failed
  // attempt must answer the fault; `after_fault(n)` checks what it left.
  // Answers the number of faults injected.
  int fail_each_statement(const std::function<Status()>& attempt,
                          const std::function<void(long long n)>& after_fault) {
    for (long long n = 1;; ++n) {
      m_plan.fail_at(n);
      const Status st = attempt();
      const bool fired = m_plan.fired();
      m_plan.disarm();
      if (!fired) {
        EXPECT_TRUE(st.ok()) << st.error().describe();
        return static_cast<int>(n - 1);
      }
      EXPECT_FALSE(st.ok()) << "statement " << n << " failed, yet the work was acknowledged";
      if (!st.ok()) {
        EXPECT_EQ(st.error().code, ErrorCode::unavailable) << st.error().describe();
        EXPECT_NE(st.error().message.find("injected fault"), std::string::npos) << st.error().message;
      }
      after_fault(n);
      if (HasFailure()) return static_cast<int>(n);
    }
  }

  TempDir m_dir;
  FaultPlan m_plan;
  std::unique_ptr<Store> m_store;
};

// One step as a command makes it: several writes, the kept index refreshed,
// the history appended, in one transaction.
Status issue_respond_and_validate(Transaction& tx) {
  if (auto st = tx.set_evaluation_issued("E-1", d("2001-07-20")); !st) return st;
  ManagementResponse response;
  response.unit = "MMS";
  response.decision = Decision::accepted;
  response.responded = d("2001-08-20");
  response.by = "focal";
  KeyAction action;
  action.unit = "MMS";
  action.description = "Hire";
  action.due = d("2001-10-01");
  action.added = d("2001-08-20");
  response.actions = {action};
  if (auto st = tx.put_response("E-1", 1, response); !st) return st;
  if (auto st = tx.add_validation("E-1", 2, Validation{"in_progress", "", d("2001-09-01"), "oig", {}}); !st)
    return st;
  return entry(tx, "recommendation:E-1#1", "respond");
}

TEST_F(SqlFaultTest, AFaultAtAnyStatementOfAWriteLeavesTheStoreUnchanged) {
  const std::string before = dump();
  const int faults =
      fail_each_statement([&] { return m_store->run(issue_respond_and_validate); },
                          [&](long long n) { EXPECT_EQ(dump(), before) << "left by statement " << n; });
  EXPECT_GT(faults, 20) << "every statement of the step was failed once";
  EXPECT_NE(dump(), before) << "and then the step was written";
  // No failed attempt left a row the history does not make, in any table
  // (the kept index and counters included).
  auto report = m_store->verify(k_key, std::nullopt);
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_TRUE(report->problems.empty()) << report->problems.front();
  EXPECT_EQ(report->entries, 2);
}

TEST_F(SqlFaultTest, AFaultAtAnyStatementOfAReadIsAnsweredAndTheNextReadWorks) {
  const std::string before = dump();
  const int faults = fail_each_statement(
      [&] {
        return m_store->read([](Transaction& tx) -> Status {
          auto records = tx.list_recommendations({});
          if (!records) return records.error();
          return status_of(tx.history(std::string("evaluation:E-1")));
        });
      },
      [&](long long n) { EXPECT_EQ(dump(), before) << "the next read, after a fault at statement " << n; });
  EXPECT_GT(faults, 10);
}

}  // namespace
}  // namespace followup::testing
