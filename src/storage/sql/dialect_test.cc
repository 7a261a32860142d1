#include "storage/sql/dialect.h"

#include <gtest/gtest.h>
#include <string>

#include "storage/sql/connection.h"

namespace followup::sql {
namespace {

// Parameters as PostgreSQL spells them; nothing else is used here.
class DollarDialect final : public Dialect {
 public:
  [[nodiscard]] std::string parameter(int n) const override { return "$" + std::to_string(n); }
  [[nodiscard]] std::string ids_in_json(int /*n*/) const override { return {}; }
  [[nodiscard]] std::string prefix_match(std::string_view /*column*/, int /*n*/) const override { return {}; }
  void bind_prefix(Statement& /*statement*/, int /*n*/, std::string_view /*prefix*/) const override {}
  [[nodiscard]] std::string index_hint(std::string_view /*index*/) const override { return {}; }
  [[nodiscard]] std::string_view lock_history_head() const override { return {}; }
  [[nodiscard]] std::string_view returning_id() const override { return " RETURNING id"; }
};

TEST(DialectTest, ParametersAreRewrittenOutsideQuotedText) {
  const DollarDialect dollar;
  struct Case {
    const char* sql;
    const char* expected;
  };
  for (const Case& c : {
           Case{"SELECT 1", "SELECT 1"},
           Case{"SELECT a FROM t WHERE b = ?1 AND c = ?12", "SELECT a FROM t WHERE b = $1 AND c = $12"},
           Case{"VALUES (?1,?2)", "VALUES ($1,$2)"},
           Case{"SELECT '?1', \"?2\" FROM t WHERE x = ?3", "SELECT '?1', \"?2\" FROM t WHERE x = $3"},
           Case{"SELECT 'it''s ?1' WHERE y = ?1", "SELECT 'it''s ?1' WHERE y = $1"},
           Case{"SELECT ? FROM t", "SELECT ? FROM t"},
       })
    EXPECT_EQ(in_dialect(c.sql, dollar), c.expected) << c.sql;
}

}  // namespace
}  // namespace followup::sql
