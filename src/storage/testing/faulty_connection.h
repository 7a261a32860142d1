// A connection that passes everything to another but fails one statement of
// the test's choosing, as a full disk or a lost server would fail it: the
// SQL layer's faults injected below it, in the manner of SQLite's own I/O
// fault tests. One FaultPlan may serve every connection of a store.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "storage/sql/connection.h"

namespace followup::testing {

class FaultPlan {
 public:
  // The nth statement from now (1: the next one) fails; the others pass.
  void fail_at(long long n) {
    std::lock_guard lock(m_mutex);
    m_countdown = n;
    m_fired = false;
  }
  void disarm() {
    std::lock_guard lock(m_mutex);
    m_countdown = 0;
  }
  // Whether the armed statement came and failed.
  [[nodiscard]] bool fired() {
    std::lock_guard lock(m_mutex);
    return m_fired;
  }
  // Called for every statement: true for the one to fail.
  bool fail_this_one() {
    std::lock_guard lock(m_mutex);
    if (m_countdown == 0 || --m_countdown > 0) return false;
    m_fired = true;
    return true;
  }

 private:
  std::mutex m_mutex;
  long long m_countdown = 0;  // 0: disarmed
  bool m_fired = false;
};

class FaultyConnection final : public sql::Connection {
 public:
  FaultyConnection(sql::Connection& inner, FaultPlan& plan) : m_inner(inner), m_plan(plan) {}

  [[nodiscard]] const sql::Dialect& dialect() const override { return m_inner.dialect(); }
  Status exec(std::string_view sql, std::string_view what) override {
    if (m_plan.fail_this_one()) return fault(what);
    return m_inner.exec(sql, what);
  }
  Result<sql::Statement> prepare(std::string_view sql) override {
    if (m_plan.fail_this_one()) return fault("prepare a statement");
    return m_inner.prepare(sql);
  }
  [[nodiscard]] bool in_transaction() const override { return m_inner.in_transaction(); }
  [[nodiscard]] long long statements_run() const override { return m_inner.statements_run(); }

  // The error an injected fault answers.
  static Error fault(std::string_view what) {
    return make_error(ErrorCode::unavailable, std::string(what) + ": injected fault");
  }

 private:
  sql::Connection& m_inner;
  FaultPlan& m_plan;
};

}  // namespace followup::testing
