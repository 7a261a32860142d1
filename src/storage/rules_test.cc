#include "storage/rules.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

#include "core/names.h"
#include "util/sha256.h"

namespace followup::store_rules {
namespace {

struct Expected {
  ErrorCode code;
  std::string message;
};

void expect_error(const Status& st, const Expected& expected) {
  ASSERT_FALSE(st.ok()) << expected.message;
  EXPECT_EQ(st.error().code, expected.code) << st.error().message;
  EXPECT_EQ(st.error().message, expected.message);
}

Recommendation rec(int number, std::vector<std::string> units, std::vector<std::string> responsible = {}) {
  Recommendation r;
  r.number = number;
  r.units = std::move(units);
  r.responsible = std::move(responsible);
  return r;
}

// A directory of MMS and HR that records every lookup.
struct Directory {
  std::vector<std::string> asked;
  RequireUnit require() {
    return [this](std::string_view code, std::string_view context) -> Status {
      asked.emplace_back(code);
      if (code == "MMS" || code == "HR") return {};
      return unit_not_in_directory(code, context);
    };
  }
};

TEST(StoreRulesTest, ValuesAloneAreCheckedWithTheirMessages) {
  User twice_role{"ana", "", "", {Role::admin, Role::admin}, {}};
  User twice_unit{"ana", "", "", {}, {"MMS", "MMS"}};
  Evaluation nameless;
  Evaluation unhashed;
  unhashed.code = "E-1";
  Revision revision;
  revision.units = {"MMS"};
  const std::string content = "evidence bytes";
  struct Case {
    Status status;
    Expected expected;
  };
  for (const Case& c : std::vector<Case>{
           {check_unit(Unit{}), {ErrorCode::invalid_argument, "a unit needs a code"}},
           {check_user(User{}), {ErrorCode::invalid_argument, "a user needs a name"}},
           {check_user_lists(twice_role), {ErrorCode::invalid_argument, "user ana lists a role twice"}},
           {check_user_lists(twice_unit), {ErrorCode::invalid_argument, "user ana lists a unit twice"}},
           {check_evaluation(nameless, "h"), {ErrorCode::invalid_argument, "an evaluation needs a code"}},
           {check_evaluation(unhashed, ""),
            {ErrorCode::invalid_argument, "evaluation E-1 needs a content hash"}},
           {check_validation("E-1#1", Validation{"great", "", {}, "", {}}),
            {ErrorCode::invalid_argument,
             "rating 'great' of E-1#1 is not one of " + std::string(claimed_status_words())}},
           {check_revision("E-1#1", revision),
            {ErrorCode::invalid_argument, "revision of E-1#1: units and names differ in number"}},
           {check_blob(Evidence{"ABC", "a.pdf", "", 0}, content),
            {ErrorCode::invalid_argument, "evidence a.pdf: 'ABC' is not a lower-case hex SHA-256"}},
           {check_blob(Evidence{util::sha256_hex("other"), "a.pdf", "", 0}, content),
            {ErrorCode::invalid_argument, "evidence a.pdf: its content hashes to " +
                                              util::sha256_hex(content) + ", not " +
                                              util::sha256_hex("other")}},
           {check_history_key(nullptr),
            {ErrorCode::unavailable,
             "the history key is not loaded, so nothing can be written (every change is signed)"}},
       })
    expect_error(c.status, c.expected);
  const HistoryKey key{std::string(32, 'k')};
  EXPECT_TRUE(check_history_key(&key).ok());
  EXPECT_TRUE(check_blob(Evidence{util::sha256_hex(content), "a.pdf", "", 0}, content).ok());
  EXPECT_TRUE(check_validation("E-1#1", Validation{"implemented", "", {}, "", {}}).ok());
  EXPECT_TRUE(check_user_lists(User{"ana", "", "", {Role::admin, Role::viewer}, {"MMS", "HR"}}).ok());
}

TEST(StoreRulesTest, ResponsibleUnitsAreCheckedInOrderWithTheLookupTheBackendGives) {
  struct Case {
    Recommendation rec;
    Expected expected;
    std::vector<std::string> asked;  // the lookups made before the answer
  };
  for (const Case& c : std::vector<Case>{
           {rec(1, {"MMS"}, {"a", "b"}),
            {ErrorCode::invalid_argument, "recommendation E-1#1 has 1 unit codes but 2 names as written"},
            {}},
           {rec(1, {"MMS", ""}, {"MMS", "Somebody"}),
            {ErrorCode::invalid_argument,
             "recommendation E-1#1: 'Somebody' has no unit code (unresolved name)"},
            {"MMS"}},
           {rec(1, {"MMS", ""}),
            {ErrorCode::invalid_argument,
             "recommendation E-1#1: 'unit 2' has no unit code (unresolved name)"},
            {"MMS"}},
           {rec(2, {"HR", "HR"}),
            {ErrorCode::invalid_argument, "recommendation E-1#2 lists unit HR twice"},
            {"HR"}},
           // A unit the directory lacks stops the check where it stands.
           {rec(3, {"NOPE", ""}),
            {ErrorCode::not_found, "recommendation E-1#3: unit NOPE is not in the unit directory"},
            {"NOPE"}},
       }) {
    Directory directory;
    expect_error(check_recommendation_units("E-1", c.rec, directory.require()), c.expected);
    EXPECT_EQ(directory.asked, c.asked) << c.expected.message;
  }
  Directory directory;
  EXPECT_TRUE(check_recommendation_units("E-1", rec(1, {"MMS", "HR"}, {"M", "H"}), directory.require()).ok());
}

TEST(StoreRulesTest, AnEvaluationsNumbersAreUniqueBeforeItsUnitsAreLookedUp) {
  Evaluation e;
  e.code = "E-1";
  e.recommendations = {rec(1, {"MMS"}), rec(1, {"NOPE"})};
  Directory directory;
  expect_error(check_recommendations(e, directory.require()),
               {ErrorCode::already_exists, "recommendation E-1#1 appears twice"});
  EXPECT_EQ(directory.asked, std::vector<std::string>{"MMS"});
  e.recommendations = {rec(1, {"MMS"}), rec(2, {"HR"})};
  EXPECT_TRUE(check_recommendations(e, directory.require()).ok());
}

TEST(StoreRulesTest, LookupErrorsNameTheThing) {
  Evidence evidence{std::string(64, 'a'), "a.pdf", "", 0};
  struct Case {
    Error error;
    Expected expected;
  };
  for (const Case& c : std::vector<Case>{
           {unit_not_in_directory("NOPE", "user ana"),
            {ErrorCode::not_found, "user ana: unit NOPE is not in the unit directory"}},
           {unit_exists("MMS"), {ErrorCode::already_exists, "unit MMS already exists"}},
           {unit_not_found("MMS"), {ErrorCode::not_found, "unit MMS not found"}},
           {user_exists("ana"), {ErrorCode::already_exists, "user ana already exists"}},
           {user_not_found("ana"), {ErrorCode::not_found, "user ana not found"}},
           {evaluation_exists("E-1"), {ErrorCode::already_exists, "evaluation E-1 already exists"}},
           {evaluation_not_found("E-1"), {ErrorCode::not_found, "evaluation E-1 not found"}},
           {memo_imported_as("E-1"),
            {ErrorCode::already_exists, "this memo was already imported as evaluation E-1"}},
           {recommendation_not_found("E-1", 2), {ErrorCode::not_found, "recommendation E-1#2 not found"}},
           {not_responded("MMS", "E-1#2"), {ErrorCode::not_found, "unit MMS has not responded to E-1#2 yet"}},
           {action_not_found(7), {ErrorCode::not_found, "key action 7 not found"}},
           {action_not_of(7, "E-1#2"), {ErrorCode::not_found, "key action 7 is not an action of E-1#2"}},
           {evidence_not_stored(evidence),
            {ErrorCode::not_found,
             "evidence a.pdf (" + evidence.sha256 + ") has not been stored: put its content first"}},
           {write_in_read_transaction("add unit MMS"),
            {ErrorCode::failed_precondition,
             "add unit MMS: refused in a read transaction (Store::read); writes need Store::run"}},
           {transaction_ended(),
            {ErrorCode::internal, "the transaction has ended: an earlier failure rolled it back"}},
           {counts_not_kept(*Date::parse_iso("2002-01-31"), *Date::parse_iso("2002-01-01")),
            {ErrorCode::failed_precondition, "the kept counts hold from 2002-01-31 on, not for 2002-01-01"}},
       })
    expect_error(Status{c.error}, c.expected);
}

}  // namespace
}  // namespace followup::store_rules
