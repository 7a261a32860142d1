// The behaviour every backend must show, in domain words. Backend-specific
// checks (files, pragmas, hand-made tampering) live beside each backend.
#include "storage/store_contract_test.h"

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "core/names.h"
#include "core/reference.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/testing/faulty_connection.h"
#include "storage/testing/values.h"
#include "util/sha256.h"

namespace followup::testing {
namespace {

template <typename T>
::testing::AssertionResult is_ok(const Result<T>& result) {
  if (result.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << result.error().describe();
}
#define EXPECT_OK(expr) EXPECT_TRUE(is_ok(expr))
#define ASSERT_OK(expr) ASSERT_TRUE(is_ok(expr))

Unit unit(std::string code, std::string name, std::string parent = "") {
  std::string head = "Director, " + name;
  return Unit{std::move(code), std::move(name), "department", std::move(parent), std::move(head), {}, {}};
}

Recommendation rec(int number, std::vector<std::string> units, const char* due,
                   std::vector<std::string> responsible = {}) {
  Recommendation r;
  r.number = number;
  r.text = "Recommendation " + std::to_string(number) + " text";
  r.units = std::move(units);
  r.responsible = std::move(responsible);
  r.due = d(due);
  return r;
}

Evaluation placmi() {
  Evaluation e;
  e.code = "PLACMI-2";
  e.title = "Evaluation of the Latin American Migration Programme (PLACMI 2)";
  e.memo.date = d("2001-07-16");
  e.memo.from = "The Director General";
  e.memo.to = {"Head of MRF Buenos Aires", "Director, MMS", "Director, MPRP"};
  e.memo.cc = {"OIG - Evaluation", "Chief of Staff"};
  e.memo.subject = "Evaluation of PLACMI 2";
  e.recommendations = {rec(1, {"MRF-BA"}, "2001-08-31", {"IOM Buenos Aires"}),
                       rec(2, {"MMS", "MPRP"}, "2001-08-31", {"MMS", "MPRP"})};
  return e;
}

Evaluation other_evaluation() {
  Evaluation e;
  e.code = "ABC-1";
  e.title = "Evaluation of ABC";
  e.memo.from = "The Director General";
  e.memo.subject = "ABC";
  // Out of number order on purpose: reads must order by number.
  e.recommendations = {rec(3, {"MPRP"}, "2002-03-01"), rec(1, {"MMS"}, "2001-12-31"),
                       rec(2, {"MRF-BA", "MMS"}, "2002-01-15")};
  return e;
}

}  // namespace

// ---- Fixture helpers (declared in store_contract_test.h)

Status StoreContractTest::write(const std::function<Status(Transaction&)>& work) { return store().run(work); }

void StoreContractTest::seed_units() {
  ASSERT_OK(write([](Transaction& tx) -> Status {
    for (const Unit& u : {unit("MMS", "Migration Management Services"), unit("MPRP", "Migration Policy"),
                          unit("MRF-BA", "MRF Buenos Aires"), unit("HR", "Human Resources")})
      if (auto st = tx.add_unit(u); !st) return st;
    return {};
  }));
}

void StoreContractTest::seed_evaluations() {
  seed_units();
  ASSERT_OK(write([](Transaction& tx) -> Status {
    if (auto st = tx.insert_evaluation(placmi(), util::sha256_hex("placmi memo")); !st) return st;
    return tx.insert_evaluation(other_evaluation(), util::sha256_hex("abc memo"));
  }));
}

Error StoreContractTest::write_error(const std::function<Status(Transaction&)>& work) {
  auto st = write(work);
  EXPECT_FALSE(st.ok());
  return st.ok() ? Error{} : st.error();
}

RecommendationRecord StoreContractTest::record(const char* evaluation, int number) {
  auto found = read_value<std::optional<RecommendationRecord>>(
      [&](Transaction& tx) { return tx.find_recommendation(evaluation, number); });
  EXPECT_TRUE(found.has_value()) << evaluation << "#" << number;
  return found.value_or(RecommendationRecord{});
}

std::vector<std::string> StoreContractTest::refs(const RecommendationFilter& filter) {
  auto records = read_value<std::vector<RecommendationRecord>>(
      [&](Transaction& tx) { return tx.list_recommendations(filter); });
  std::vector<std::string> out;
  out.reserve(records.size());
  for (const auto& r : records) out.push_back(r.evaluation + "#" + std::to_string(r.rec.number));
  return out;
}

namespace {

using Strings = std::vector<std::string>;

// ---- Units

TEST_P(StoreContractTest, UnitsRoundTripInCodeOrder) {
  Unit mrf = unit("MRF-BA", "MRF Buenos Aires", "MMS");
  mrf.aliases = {"IOM Buenos Aires", "Misión Buenos Aires"};
  mrf.emails = {"mrfba@example.org", "head.mrfba@example.org"};
  ASSERT_OK(write([&](Transaction& tx) -> Status {
    if (auto st = tx.add_unit(unit("MMS", "Migration Management Services")); !st) return st;
    return tx.add_unit(mrf);
  }));
  auto units = read_value<std::vector<Unit>>([](Transaction& tx) { return tx.list_units(); });
  ASSERT_EQ(units.size(), 2U);
  EXPECT_EQ(units[0].code, "MMS");
  EXPECT_EQ(units[0].parent, "");
  EXPECT_EQ(units[1].code, "MRF-BA");
  EXPECT_EQ(units[1].name, "MRF Buenos Aires");
  EXPECT_EQ(units[1].kind, "department");
  EXPECT_EQ(units[1].parent, "MMS");
  EXPECT_EQ(units[1].head_title, "Director, MRF Buenos Aires");
  EXPECT_EQ(units[1].aliases, mrf.aliases);
  EXPECT_EQ(units[1].emails, mrf.emails);

  auto found = read_value<std::optional<Unit>>([](Transaction& tx) { return tx.find_unit("MRF-BA"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->aliases, mrf.aliases);
  auto absent = read_value<std::optional<Unit>>([](Transaction& tx) { return tx.find_unit("NOPE"); });
  EXPECT_FALSE(absent.has_value());
}

TEST_P(StoreContractTest, UnitDuplicateUnknownParentAndEmptyCodeAreRefused) {
  seed_units();
  Error dup = write_error([](Transaction& tx) { return tx.add_unit(unit("MMS", "Again")); });
  EXPECT_EQ(dup.code, ErrorCode::already_exists);
  EXPECT_EQ(dup.message, "unit MMS already exists");
  Error parent = write_error([](Transaction& tx) { return tx.add_unit(unit("X", "X", "NOPE")); });
  EXPECT_EQ(parent.code, ErrorCode::not_found);
  EXPECT_EQ(parent.message, "parent of unit X: unit NOPE is not in the unit directory");
  Error empty = write_error([](Transaction& tx) { return tx.add_unit(unit("", "Nameless")); });
  EXPECT_EQ(empty.code, ErrorCode::invalid_argument);
  auto found = read_value<std::optional<Unit>>([](Transaction& tx) { return tx.find_unit("X"); });
  EXPECT_FALSE(found.has_value());
}

TEST_P(StoreContractTest, UpdateUnitReplacesFieldsAndLists) {
  seed_units();
  Unit changed = unit("MRF-BA", "MRF Buenos Aires (renamed)", "MMS");
  changed.aliases = {"only alias"};
  ASSERT_OK(write([&](Transaction& tx) -> Status {
    Unit first = unit("MRF-BA", "MRF Buenos Aires");
    first.aliases = {"a", "b", "c"};
    first.emails = {"x@example.org"};
    if (auto st = tx.update_unit(first); !st) return st;
    return tx.update_unit(changed);
  }));
  auto found = read_value<std::optional<Unit>>([](Transaction& tx) { return tx.find_unit("MRF-BA"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, "MRF Buenos Aires (renamed)");
  EXPECT_EQ(found->parent, "MMS");
  EXPECT_EQ(found->aliases, Strings{"only alias"});
  EXPECT_TRUE(found->emails.empty());

  Error absent = write_error([](Transaction& tx) { return tx.update_unit(unit("NOPE", "Nope")); });
  EXPECT_EQ(absent.code, ErrorCode::not_found);
  EXPECT_EQ(absent.message, "unit NOPE not found");
  Error parent = write_error([](Transaction& tx) { return tx.update_unit(unit("MMS", "MMS", "NOPE")); });
  EXPECT_EQ(parent.code, ErrorCode::not_found);
}

// ---- Users

TEST_P(StoreContractTest, UsersRoundTripWithRolesAndUnitsInOrder) {
  seed_units();
  User ana{"ana", "Ana Pérez", "ana@example.org", {Role::unit, Role::viewer}, {"MPRP", "MMS"}};
  User bob{"bob", "Bob", "bob@example.org", {Role::evaluation}, {}};
  ASSERT_OK(write([&](Transaction& tx) -> Status {
    if (auto st = tx.add_user(bob); !st) return st;
    return tx.add_user(ana);
  }));
  auto users = read_value<std::vector<User>>([](Transaction& tx) { return tx.list_users(); });
  ASSERT_EQ(users.size(), 2U);
  EXPECT_EQ(users[0].name, "ana");
  EXPECT_EQ(users[0].full_name, "Ana Pérez");
  EXPECT_EQ(users[0].email, "ana@example.org");
  EXPECT_EQ(users[0].roles, (std::vector<Role>{Role::unit, Role::viewer}));
  EXPECT_EQ(users[0].units, (Strings{"MPRP", "MMS"}));
  EXPECT_EQ(users[1].name, "bob");

  auto absent = read_value<std::optional<User>>([](Transaction& tx) { return tx.find_user("carol"); });
  EXPECT_FALSE(absent.has_value());

  ana.roles = {Role::admin};
  ana.units = {"HR"};
  ana.email = "ana.perez@example.org";
  ASSERT_OK(write([&](Transaction& tx) { return tx.update_user(ana); }));
  auto found = read_value<std::optional<User>>([](Transaction& tx) { return tx.find_user("ana"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->email, "ana.perez@example.org");
  EXPECT_EQ(found->roles, std::vector<Role>{Role::admin});
  EXPECT_EQ(found->units, Strings{"HR"});
}

// ---- Accounts: outside the history (store.h)

TEST_P(StoreContractTest, CredentialsAndSessionsRoundTripWithoutAHistoryEntry) {
  seed_units();
  ASSERT_OK(write([](Transaction& tx) -> Status {
    User ana;
    ana.name = "ana";
    ana.roles = {Role::viewer};
    if (auto st = tx.add_user(ana); !st) return st;
    auto entry = tx.append_history(HistoryEvent{"root", "2026-11-30T09:00:00Z", "user:ana", "create"});
    if (!entry) return entry.error();
    return {};
  }));
  // No history entry carries these writes, and none is needed.
  ASSERT_OK(write([](Transaction& tx) -> Status {
    if (auto st = tx.put_credential(Credential{"ana", "$argon2id$first", "", "2026-11-30T09:00:00Z"}); !st)
      return st;
    if (auto st = tx.put_credential(Credential{"ana", "$argon2id$second", "SECRET", "2026-11-30T10:00:00Z"});
        !st)
      return st;
    for (const char* token : {"t1", "t2", "t3"})
      if (auto st = tx.add_session(
              StoredSession{util::sha256_hex(token), "ana", "browser", "csrf", "2026-11-30T10:00:00Z",
                            token == std::string("t1") ? "2026-11-30T11:00:00Z" : "2026-11-30T23:00:00Z"});
          !st)
        return st;
    return {};
  }));
  auto credential =
      read_value<std::optional<Credential>>([](Transaction& tx) { return tx.find_credential("ana"); });
  ASSERT_TRUE(credential.has_value());
  EXPECT_EQ(credential->password_hash, "$argon2id$second");
  EXPECT_EQ(credential->totp_secret, "SECRET");
  EXPECT_EQ(credential->changed_at, "2026-11-30T10:00:00Z");
  EXPECT_FALSE(read_value<std::optional<Credential>>([](Transaction& tx) {
                 return tx.find_credential("bob");
               }).has_value());
  auto session = read_value<std::optional<StoredSession>>(
      [](Transaction& tx) { return tx.find_session(util::sha256_hex("t2")); });
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->user, "ana");
  EXPECT_EQ(session->kind, "browser");
  EXPECT_EQ(session->csrf, "csrf");
  EXPECT_EQ(session->expires_at, "2026-11-30T23:00:00Z");

  EXPECT_EQ(write_error([](Transaction& tx) {
              return tx.add_session(StoredSession{util::sha256_hex("t2"), "ana", "api", "", "x", "y"});
            }).code,
            ErrorCode::already_exists);
  EXPECT_EQ(write_error([](Transaction& tx) {
              return tx.put_credential(Credential{"bob", "h", "", "2026-11-30T09:00:00Z"});
            }).code,
            ErrorCode::not_found);
  EXPECT_EQ(write_error([](Transaction& tx) {
              return tx.add_session(StoredSession{util::sha256_hex("t9"), "bob", "api", "", "x", "y"});
            }).code,
            ErrorCode::not_found);
  auto in_read = store().read([](Transaction& tx) { return tx.delete_session(util::sha256_hex("t2")); });
  ASSERT_FALSE(in_read.ok());
  EXPECT_EQ(in_read.error().code, ErrorCode::failed_precondition);

  // Expired at 12:00: t1 only; then t2 by its token; then all of ana's.
  auto present = [&](const char* token) {
    return read_value<std::optional<StoredSession>>(
               [&](Transaction& tx) { return tx.find_session(util::sha256_hex(token)); })
        .has_value();
  };
  ASSERT_OK(write([](Transaction& tx) { return tx.delete_sessions("", "2026-11-30T12:00:00Z"); }));
  EXPECT_FALSE(present("t1"));
  EXPECT_TRUE(present("t2"));
  ASSERT_OK(write([](Transaction& tx) { return tx.delete_session(util::sha256_hex("t2")); }));
  EXPECT_FALSE(present("t2"));
  EXPECT_TRUE(present("t3"));
  ASSERT_OK(write([](Transaction& tx) { return tx.delete_sessions("ana", ""); }));
  EXPECT_FALSE(present("t3"));
}

TEST_P(StoreContractTest, TheOutboxQueuesADayOnceAndUpdatesOnlyWhatItExpects) {
  auto message = [](const char* to) {
    OutboxMessage m;
    m.recipient = to;
    m.name = std::string("N ") + to;
    m.message_id = std::string("id-") + to;
    m.subject = "s";
    m.text = "t";
    m.html = "<p>t</p>";
    m.notices = 2;
    return m;
  };
  // No history entry carries these writes, and none is needed.
  ASSERT_OK(write([&](Transaction& tx) {
    return tx.queue_reminders("2001-08-31", "2026-11-30T09:00:00Z", "eva", {message("a@x"), message("b@x")});
  }));
  EXPECT_TRUE(read_value<bool>([](Transaction& tx) { return tx.reminders_planned("2001-08-31"); }));
  EXPECT_FALSE(read_value<bool>([](Transaction& tx) { return tx.reminders_planned("2001-09-01"); }));
  EXPECT_EQ(write_error([&](Transaction& tx) {
              return tx.queue_reminders("2001-08-31", "2026-11-30T10:00:00Z", "eva", {message("c@x")});
            }).code,
            ErrorCode::already_exists);
  auto ready = read_value<std::vector<OutboxMessage>>(
      [](Transaction& tx) { return tx.outbox_ready("2026-11-30T09:00:00Z", 10); });
  ASSERT_EQ(ready.size(), 2u);
  EXPECT_EQ(ready[0].recipient, "a@x");
  EXPECT_EQ(ready[0].name, "N a@x");
  EXPECT_EQ(ready[0].html, "<p>t</p>");
  EXPECT_EQ(ready[0].notices, 2);
  EXPECT_EQ(ready[0].state, "queued");
  EXPECT_EQ(ready[0].attempts, 0);
  EXPECT_EQ(ready[0].next_attempt, "2026-11-30T09:00:00Z");
  EXPECT_TRUE(read_value<std::vector<OutboxMessage>>([](Transaction& tx) {
                return tx.outbox_ready("2026-11-30T08:59:59Z", 10);
              }).empty());
  // Claimed with the attempts it was read with; a second claim of the same is a conflict.
  OutboxMessage claimed = ready[0];
  claimed.attempts = 1;
  claimed.next_attempt = "2026-11-30T09:10:00Z";
  ASSERT_OK(write([&](Transaction& tx) { return tx.update_outbox(claimed, 0); }));
  EXPECT_EQ(write_error([&](Transaction& tx) { return tx.update_outbox(claimed, 0); }).code,
            ErrorCode::conflict);
  OutboxMessage unknown = claimed;
  unknown.id = 999;
  EXPECT_EQ(write_error([&](Transaction& tx) { return tx.update_outbox(unknown, 0); }).code,
            ErrorCode::not_found);
  ready = read_value<std::vector<OutboxMessage>>(
      [](Transaction& tx) { return tx.outbox_ready("2026-11-30T09:05:00Z", 10); });
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].recipient, "b@x");
  claimed.state = "sent";
  claimed.sent_at = "2026-11-30T09:00:01Z";
  ASSERT_OK(write([&](Transaction& tx) { return tx.update_outbox(claimed, 1); }));
  auto listed =
      read_value<std::vector<OutboxMessage>>([](Transaction& tx) { return tx.list_outbox("", 10); });
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].state, "sent");
  EXPECT_EQ(listed[0].sent_at, "2026-11-30T09:00:01Z");
  EXPECT_TRUE(read_value<std::vector<OutboxMessage>>([](Transaction& tx) {
                return tx.list_outbox("2001-09-01", 10);
              }).empty());
  auto in_read = store().read([&](Transaction& tx) { return tx.update_outbox(claimed, 1); });
  ASSERT_FALSE(in_read.ok());
  EXPECT_EQ(in_read.error().code, ErrorCode::failed_precondition);
}

TEST_P(StoreContractTest, CalendarFeedsAreFoundByTheirHashAndRevokedOnce) {
  CalendarFeed feed{0, util::sha256_hex("t1"), "unit", "MMS", "2026-11-30T09:00:00Z", "eva", ""};
  long long added = 0;
  ASSERT_OK(write([&](Transaction& tx) -> Status {
    auto got = tx.add_calendar_feed(feed);
    if (!got) return got.error();
    added = *got;
    return {};
  }));
  EXPECT_GT(added, 0);
  EXPECT_EQ(write_error([&](Transaction& tx) -> Status {
              auto again = tx.add_calendar_feed(feed);
              if (!again) return again.error();
              return {};
            }).code,
            ErrorCode::already_exists);
  auto found = read_value<std::optional<CalendarFeed>>(
      [](Transaction& tx) { return tx.find_calendar_feed(util::sha256_hex("t1")); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, added);
  EXPECT_EQ(found->owner, "MMS");
  EXPECT_EQ(found->created_by, "eva");
  EXPECT_EQ(found->revoked_at, "");
  EXPECT_FALSE(read_value<std::optional<CalendarFeed>>([](Transaction& tx) {
                 return tx.find_calendar_feed(util::sha256_hex("t2"));
               }).has_value());
  ASSERT_OK(write([&](Transaction& tx) { return tx.revoke_calendar_feed(added, "2026-11-30T10:00:00Z"); }));
  ASSERT_OK(write([&](Transaction& tx) { return tx.revoke_calendar_feed(added, "2026-11-30T11:00:00Z"); }));
  auto all = read_value<std::vector<CalendarFeed>>([](Transaction& tx) { return tx.list_calendar_feeds(); });
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].revoked_at, "2026-11-30T10:00:00Z");
  EXPECT_EQ(write_error([](Transaction& tx) { return tx.revoke_calendar_feed(999, "x"); }).code,
            ErrorCode::not_found);
}

TEST_P(StoreContractTest, UserDuplicateUnknownUnitAndAbsentUpdateAreRefused) {
  seed_units();
  User ana{"ana", "Ana", "ana@example.org", {Role::unit}, {"MMS"}};
  ASSERT_OK(write([&](Transaction& tx) { return tx.add_user(ana); }));
  Error dup = write_error([&](Transaction& tx) { return tx.add_user(ana); });
  EXPECT_EQ(dup.code, ErrorCode::already_exists);
  EXPECT_EQ(dup.message, "user ana already exists");
  User stray{"stray", "Stray", "", {Role::unit}, {"NOPE"}};
  Error unknown = write_error([&](Transaction& tx) { return tx.add_user(stray); });
  EXPECT_EQ(unknown.code, ErrorCode::not_found);
  EXPECT_EQ(unknown.message, "user stray: unit NOPE is not in the unit directory");
  auto none = read_value<std::optional<User>>([](Transaction& tx) { return tx.find_user("stray"); });
  EXPECT_FALSE(none.has_value()) << "a failed add leaves no half-written user";
  Error absent = write_error([&](Transaction& tx) { return tx.update_user(User{"carol", "", "", {}, {}}); });
  EXPECT_EQ(absent.code, ErrorCode::not_found);
  User twice{"twice", "", "", {Role::unit, Role::unit}, {}};
  EXPECT_EQ(write_error([&](Transaction& tx) { return tx.add_user(twice); }).code,
            ErrorCode::invalid_argument);
}

// ---- Evaluations

TEST_P(StoreContractTest, EvaluationRoundTripsWithMemoAndRecommendations) {
  seed_evaluations();
  auto found =
      read_value<std::optional<Evaluation>>([](Transaction& tx) { return tx.find_evaluation("PLACMI-2"); });
  ASSERT_TRUE(found.has_value());
  Evaluation want = placmi();
  EXPECT_EQ(found->code, want.code);
  EXPECT_EQ(found->title, want.title);
  EXPECT_EQ(found->memo.date, want.memo.date);
  EXPECT_EQ(found->memo.from, want.memo.from);
  EXPECT_EQ(found->memo.to, want.memo.to);
  EXPECT_EQ(found->memo.cc, want.memo.cc);
  EXPECT_EQ(found->memo.subject, want.memo.subject);
  EXPECT_FALSE(found->disclosed);
  EXPECT_FALSE(found->issued.has_value());
  ASSERT_EQ(found->recommendations.size(), 2U);
  const Recommendation& second = found->recommendations[1];
  EXPECT_EQ(second.number, 2);
  EXPECT_EQ(second.text, "Recommendation 2 text");
  EXPECT_EQ(second.units, (Strings{"MMS", "MPRP"}));
  EXPECT_EQ(second.responsible, (Strings{"MMS", "MPRP"}));
  EXPECT_EQ(second.due, d("2001-08-31"));
  EXPECT_EQ(found->recommendations[0].responsible, Strings{"IOM Buenos Aires"});

  auto abc =
      read_value<std::optional<Evaluation>>([](Transaction& tx) { return tx.find_evaluation("ABC-1"); });
  ASSERT_TRUE(abc.has_value());
  EXPECT_FALSE(abc->memo.date.has_value());
  ASSERT_EQ(abc->recommendations.size(), 3U);
  EXPECT_EQ(abc->recommendations[0].number, 1);
  EXPECT_EQ(abc->recommendations[2].number, 3);
  EXPECT_TRUE(abc->recommendations[0].responsible.empty());

  auto absent =
      read_value<std::optional<Evaluation>>([](Transaction& tx) { return tx.find_evaluation("NOPE-1"); });
  EXPECT_FALSE(absent.has_value());
}

TEST_P(StoreContractTest, EvaluationsAreListedByCode) {
  seed_evaluations();
  auto all = read_value<std::vector<std::string>>([](Transaction& tx) { return tx.list_evaluation_codes(); });
  EXPECT_EQ(all, (std::vector<std::string>{"ABC-1", "PLACMI-2"}));
}

TEST_P(StoreContractTest, ContentHashFindsTheImportedEvaluation) {
  seed_evaluations();
  auto code = read_value<std::optional<std::string>>(
      [](Transaction& tx) { return tx.find_evaluation_by_content_hash(util::sha256_hex("placmi memo")); });
  EXPECT_EQ(code, std::optional<std::string>("PLACMI-2"));
  auto none = read_value<std::optional<std::string>>(
      [](Transaction& tx) { return tx.find_evaluation_by_content_hash(util::sha256_hex("other")); });
  EXPECT_FALSE(none.has_value());
}

TEST_P(StoreContractTest, ContentHashCanBeReplaced) {
  seed_evaluations();
  const std::string rehashed = util::sha256_hex("placmi memo, canonical form");
  ASSERT_OK(write([&](Transaction& tx) { return tx.set_evaluation_content_hash("PLACMI-2", rehashed); }));
  EXPECT_EQ(read_value<std::optional<std::string>>(
                [&](Transaction& tx) { return tx.find_evaluation_by_content_hash(rehashed); }),
            std::optional<std::string>("PLACMI-2"));
  EXPECT_FALSE(read_value<std::optional<std::string>>([](Transaction& tx) {
                 return tx.find_evaluation_by_content_hash(util::sha256_hex("placmi memo"));
               }).has_value());
  // The same hash again changes nothing; another evaluation's is taken.
  ASSERT_OK(write([&](Transaction& tx) { return tx.set_evaluation_content_hash("PLACMI-2", rehashed); }));
  Error taken = write_error([](Transaction& tx) {
    return tx.set_evaluation_content_hash("PLACMI-2", util::sha256_hex("abc memo"));
  });
  EXPECT_EQ(taken.code, ErrorCode::already_exists);
  EXPECT_EQ(taken.message, "this memo was already imported as evaluation ABC-1");
  Error absent = write_error([&](Transaction& tx) { return tx.set_evaluation_content_hash("NOPE-1", "x"); });
  EXPECT_EQ(absent.code, ErrorCode::not_found);
  EXPECT_EQ(absent.message, "evaluation NOPE-1 not found");
  EXPECT_EQ(write_error([](Transaction& tx) { return tx.set_evaluation_content_hash("PLACMI-2", ""); }).code,
            ErrorCode::invalid_argument);
}

TEST_P(StoreContractTest, DuplicateEvaluationsAreRefused) {
  seed_evaluations();
  Error same_code =
      write_error([](Transaction& tx) { return tx.insert_evaluation(placmi(), util::sha256_hex("new")); });
  EXPECT_EQ(same_code.code, ErrorCode::already_exists);
  EXPECT_EQ(same_code.message, "evaluation PLACMI-2 already exists");
  Evaluation renamed = placmi();
  renamed.code = "PLACMI-3";
  Error same_content = write_error(
      [&](Transaction& tx) { return tx.insert_evaluation(renamed, util::sha256_hex("placmi memo")); });
  EXPECT_EQ(same_content.code, ErrorCode::already_exists);
  EXPECT_EQ(same_content.message, "this memo was already imported as evaluation PLACMI-2");
  renamed.recommendations.push_back(rec(1, {"MMS"}, "2001-09-30"));
  Error same_number =
      write_error([&](Transaction& tx) { return tx.insert_evaluation(renamed, util::sha256_hex("3")); });
  EXPECT_EQ(same_number.code, ErrorCode::already_exists);
  EXPECT_EQ(same_number.message, "recommendation PLACMI-3#1 appears twice");
}

TEST_P(StoreContractTest, EvaluationNamingAnUnknownUnitStoresNothing) {
  seed_units();
  Evaluation e = placmi();
  e.recommendations[1].units = {"MMS", "NOPE"};
  Error error = write_error([&](Transaction& tx) { return tx.insert_evaluation(e, util::sha256_hex("x")); });
  EXPECT_EQ(error.code, ErrorCode::not_found);
  EXPECT_EQ(error.message, "recommendation PLACMI-2#2: unit NOPE is not in the unit directory");
  auto found =
      read_value<std::optional<Evaluation>>([](Transaction& tx) { return tx.find_evaluation("PLACMI-2"); });
  EXPECT_FALSE(found.has_value());
}

TEST_P(StoreContractTest, EvaluationWithMismatchedNamesOrUnresolvedUnitIsInvalid) {
  seed_units();
  Evaluation e = placmi();
  e.recommendations[1].responsible = {"MMS"};
  Error lengths =
      write_error([&](Transaction& tx) { return tx.insert_evaluation(e, util::sha256_hex("x")); });
  EXPECT_EQ(lengths.code, ErrorCode::invalid_argument);
  EXPECT_EQ(lengths.message, "recommendation PLACMI-2#2 has 2 unit codes but 1 names as written");
  e = placmi();
  e.recommendations[0].units = {""};
  Error unresolved =
      write_error([&](Transaction& tx) { return tx.insert_evaluation(e, util::sha256_hex("x")); });
  EXPECT_EQ(unresolved.code, ErrorCode::invalid_argument);
  EXPECT_EQ(unresolved.message,
            "recommendation PLACMI-2#1: 'IOM Buenos Aires' has no unit code (unresolved name)");
}

TEST_P(StoreContractTest, IssueAndDiscloseSetTheirFields) {
  seed_evaluations();
  ASSERT_OK(write([](Transaction& tx) -> Status {
    if (auto st = tx.set_evaluation_issued("PLACMI-2", d("2001-07-20")); !st) return st;
    return tx.set_evaluation_disclosed("PLACMI-2", true);
  }));
  auto found =
      read_value<std::optional<Evaluation>>([](Transaction& tx) { return tx.find_evaluation("PLACMI-2"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->issued, std::optional<Date>(d("2001-07-20")));
  EXPECT_TRUE(found->disclosed);
  EXPECT_EQ(record("PLACMI-2", 1).issued, std::optional<Date>(d("2001-07-20")));
  EXPECT_FALSE(record("ABC-1", 1).issued.has_value());

  Error issue =
      write_error([](Transaction& tx) { return tx.set_evaluation_issued("NOPE-1", d("2001-07-20")); });
  EXPECT_EQ(issue.code, ErrorCode::not_found);
  EXPECT_EQ(issue.message, "evaluation NOPE-1 not found");
  EXPECT_EQ(write_error([](Transaction& tx) { return tx.set_evaluation_disclosed("NOPE-1", true); }).code,
            ErrorCode::not_found);
}

TEST_P(StoreContractTest, UpdateRecommendationReplacesTextDueAndUnits) {
  seed_evaluations();
  Recommendation changed = rec(2, {"MPRP", "HR"}, "2001-10-31", {"Migration Policy", "HR"});
  changed.text = "Revised text";
  ASSERT_OK(write([&](Transaction& tx) { return tx.update_recommendation("PLACMI-2", changed); }));
  RecommendationRecord r = record("PLACMI-2", 2);
  EXPECT_EQ(r.rec.text, "Revised text");
  EXPECT_EQ(r.rec.due, d("2001-10-31"));
  EXPECT_EQ(r.rec.units, (Strings{"MPRP", "HR"}));
  EXPECT_EQ(r.rec.responsible, (Strings{"Migration Policy", "HR"}));

  Error absent = write_error(
      [&](Transaction& tx) { return tx.update_recommendation("PLACMI-2", rec(9, {"MMS"}, "2001-10-31")); });
  EXPECT_EQ(absent.code, ErrorCode::not_found);
  EXPECT_EQ(absent.message, "recommendation PLACMI-2#9 not found");
  Error unit_missing = write_error(
      [&](Transaction& tx) { return tx.update_recommendation("PLACMI-2", rec(2, {"NOPE"}, "2001-10-31")); });
  EXPECT_EQ(unit_missing.code, ErrorCode::not_found);
  EXPECT_EQ(record("PLACMI-2", 2).rec.units, (Strings{"MPRP", "HR"})) << "a failed update changes nothing";
}

// ---- Listing recommendations

TEST_P(StoreContractTest, ListOrdersByEvaluationThenNumber) {
  seed_evaluations();
  EXPECT_EQ(refs({}), (Strings{"ABC-1#1", "ABC-1#2", "ABC-1#3", "PLACMI-2#1", "PLACMI-2#2"}));
}

TEST_P(StoreContractTest, ListFiltersByUnitInAnyPosition) {
  seed_evaluations();
  EXPECT_EQ(refs({"MMS", {}, {}}), (Strings{"ABC-1#1", "ABC-1#2", "PLACMI-2#2"}));
  EXPECT_EQ(refs({"MPRP", {}, {}}), (Strings{"ABC-1#3", "PLACMI-2#2"}));
  EXPECT_TRUE(refs({"HR", {}, {}}).empty());
  EXPECT_TRUE(refs({"NOPE", {}, {}}).empty());
}

TEST_P(StoreContractTest, ListFiltersByEvaluationAndDueBeforeStrictly) {
  seed_evaluations();
  EXPECT_EQ(refs({{}, "PLACMI-2", {}}), (Strings{"PLACMI-2#1", "PLACMI-2#2"}));
  EXPECT_TRUE(refs({{}, "NOPE-1", {}}).empty());
  EXPECT_TRUE(refs({{}, {}, d("2001-08-31")}).empty()) << "due on the day is not due before it";
  EXPECT_EQ(refs({{}, {}, d("2001-09-01")}), (Strings{"PLACMI-2#1", "PLACMI-2#2"}));
  EXPECT_EQ(refs({{}, {}, d("2002-01-16")}), (Strings{"ABC-1#1", "ABC-1#2", "PLACMI-2#1", "PLACMI-2#2"}));
  EXPECT_EQ(refs({"MMS", "ABC-1", d("2002-01-01")}), Strings{"ABC-1#1"});
}

TEST_P(StoreContractTest, FindRecommendationAbsentIsNullopt) {
  seed_evaluations();
  auto absent = read_value<std::optional<RecommendationRecord>>(
      [](Transaction& tx) { return tx.find_recommendation("PLACMI-2", 3); });
  EXPECT_FALSE(absent.has_value());
  RecommendationRecord r = record("PLACMI-2", 2);
  EXPECT_EQ(r.evaluation, "PLACMI-2");
  EXPECT_EQ(r.rec.units, (Strings{"MMS", "MPRP"}));
  EXPECT_TRUE(r.follow_up.responses.empty());
  EXPECT_TRUE(r.follow_up.closings.empty());
}

// ---- Follow-up

ManagementResponse response(std::string unit, Decision decision, const char* on,
                            std::vector<KeyAction> actions = {}) {
  ManagementResponse r;
  r.unit = std::move(unit);
  r.decision = decision;
  r.rationale = decision == Decision::accepted ? "" : "Because.";
  r.responded = d(on);
  r.by = "focal";
  r.actions = std::move(actions);
  return r;
}

KeyAction action(std::string description, std::string unit, const char* due) {
  KeyAction a;
  a.description = std::move(description);
  a.unit = std::move(unit);
  a.due = d(due);
  a.added = d("2001-08-20");
  a.by = "focal";
  a.recorded = Recorded{"2001-08-20T10:00:00Z", false, true};
  return a;
}

TEST_P(StoreContractTest, ResponsesCarryTheirActions) {
  seed_evaluations();
  ASSERT_OK(write([](Transaction& tx) -> Status {
    auto first = response(
        "MRF-BA", Decision::accepted, "2001-08-20",
        {action("Hire a coordinator", "MRF-BA", "2001-10-01"), action("Train staff", "HR", "2001-11-01")});
    if (auto st = tx.put_response("PLACMI-2", 1, first); !st) return st;
    if (auto st = tx.put_response("PLACMI-2", 2, response("MPRP", Decision::not_accepted, "2001-09-05")); !st)
      return st;
    return tx.put_response("PLACMI-2", 2, response("MMS", Decision::partially_accepted, "2001-08-25"));
  }));
  RecommendationRecord one = record("PLACMI-2", 1);
  ASSERT_EQ(one.follow_up.responses.size(), 1U);
  const ManagementResponse& got = one.follow_up.responses[0];
  EXPECT_EQ(got.unit, "MRF-BA");
  EXPECT_EQ(got.decision, Decision::accepted);
  EXPECT_EQ(got.responded, d("2001-08-20"));
  EXPECT_EQ(got.by, "focal");
  ASSERT_EQ(got.actions.size(), 2U);
  EXPECT_GT(got.actions[0].id, 0);
  EXPECT_LT(got.actions[0].id, got.actions[1].id);
  EXPECT_EQ(got.actions[0].description, "Hire a coordinator");
  EXPECT_EQ(got.actions[1].unit, "HR");
  EXPECT_EQ(got.actions[1].due, d("2001-11-01"));
  EXPECT_EQ(got.actions[1].added, d("2001-08-20"));
  EXPECT_EQ(got.actions[1].recorded.at, "2001-08-20T10:00:00Z");
  EXPECT_TRUE(got.actions[1].recorded.on_behalf);
  EXPECT_TRUE(got.actions[1].events.empty());

  RecommendationRecord two = record("PLACMI-2", 2);
  ASSERT_EQ(two.follow_up.responses.size(), 2U);
  EXPECT_EQ(two.follow_up.responses[0].unit, "MMS") << "responses come by unit code";
  EXPECT_EQ(two.follow_up.responses[0].rationale, "Because.");
  EXPECT_EQ(two.follow_up.responses[1].unit, "MPRP");
  EXPECT_EQ(two.follow_up.responses[1].decision, Decision::not_accepted);
}

TEST_P(StoreContractTest, PutResponseAgainReplacesTheDecisionAndKeepsActions) {
  seed_evaluations();
  ASSERT_OK(write([](Transaction& tx) {
    return tx.put_response(
        "PLACMI-2", 1,
        response("MRF-BA", Decision::not_accepted, "2001-08-20", {action("First", "MRF-BA", "2001-10-01")}));
  }));
  ASSERT_OK(write([](Transaction& tx) {
    return tx.put_response(
        "PLACMI-2", 1,
        response("MRF-BA", Decision::accepted, "2001-08-22", {action("Second", "MRF-BA", "2001-10-02")}));
  }));
  RecommendationRecord r = record("PLACMI-2", 1);
  ASSERT_EQ(r.follow_up.responses.size(), 1U);
  EXPECT_EQ(r.follow_up.responses[0].decision, Decision::accepted);
  EXPECT_EQ(r.follow_up.responses[0].responded, d("2001-08-22"));
  ASSERT_EQ(r.follow_up.responses[0].actions.size(), 2U);
  EXPECT_EQ(r.follow_up.responses[0].actions[0].description, "First");
  EXPECT_EQ(r.follow_up.responses[0].actions[1].description, "Second");
}

TEST_P(StoreContractTest, ResponseToAbsentRecommendationOrUnknownUnitIsNotFound) {
  seed_evaluations();
  Error rec_missing = write_error([](Transaction& tx) {
    return tx.put_response("PLACMI-2", 7, response("MMS", Decision::accepted, "2001-08-20"));
  });
  EXPECT_EQ(rec_missing.code, ErrorCode::not_found);
  EXPECT_EQ(rec_missing.message, "recommendation PLACMI-2#7 not found");
  Error unit_missing = write_error([](Transaction& tx) {
    return tx.put_response("PLACMI-2", 2, response("NOPE", Decision::accepted, "2001-08-20"));
  });
  EXPECT_EQ(unit_missing.code, ErrorCode::not_found);
  EXPECT_EQ(unit_missing.message, "response to PLACMI-2#2: unit NOPE is not in the unit directory");
}

ActionEvent event_on(const char* on, std::optional<ActionStatus> status,
                     std::optional<Date> due = std::nullopt) {
  ActionEvent e;
  e.on = d(on);
  e.status = status;
  e.due = due;
  e.reason = due ? "Delayed" : "";
  e.by = "focal";
  e.recorded = Recorded{"2001-11-15T09:00:00Z", true, false};
  return e;
}

TEST_P(StoreContractTest, ActionsAreAddedToAResponseAndChangedByEvents) {
  seed_evaluations();
  long long own = 0;
  long long delegated = 0;
  ASSERT_OK(write([&](Transaction& tx) -> Status {
    if (auto st = tx.put_response("PLACMI-2", 2, response("MMS", Decision::accepted, "2001-08-25")); !st)
      return st;
    auto a = tx.add_action("PLACMI-2", 2, action("Draft a policy", "MMS", "2001-12-01"));
    if (!a) return a.error();
    own = *a;
    auto b = tx.add_action_to_response("PLACMI-2", 2, "MMS", action("Recruit", "HR", "2002-01-01"));
    if (!b) return b.error();
    delegated = *b;
    return status_of(tx.add_action_event(own, event_on("2001-11-15", ActionStatus::done)));
  }));
  EXPECT_NE(own, delegated);
  RecommendationRecord r = record("PLACMI-2", 2);
  ASSERT_EQ(r.follow_up.responses.size(), 1U);
  ASSERT_EQ(r.follow_up.responses[0].actions.size(), 2U);
  EXPECT_EQ(r.follow_up.responses[0].actions[0].id, own);
  ASSERT_EQ(r.follow_up.responses[0].actions[0].events.size(), 1U);
  EXPECT_EQ(r.follow_up.responses[0].actions[0].events[0].status, ActionStatus::done);
  EXPECT_EQ(r.follow_up.responses[0].actions[0].events[0].on, d("2001-11-15"));
  EXPECT_TRUE(r.follow_up.responses[0].actions[0].events[0].recorded.late);
  EXPECT_EQ(r.follow_up.responses[0].actions[1].id, delegated);
  EXPECT_EQ(r.follow_up.responses[0].actions[1].unit, "HR");

  ASSERT_OK(write([&](Transaction& tx) {
    return status_of(tx.add_action_event(delegated, event_on("2001-12-01", std::nullopt, d("2002-02-01"))));
  }));
  const auto events = record("PLACMI-2", 2).follow_up.responses[0].actions[1].events;
  ASSERT_EQ(events.size(), 1U);
  EXPECT_FALSE(events[0].status.has_value());
  EXPECT_EQ(events[0].due, d("2002-02-01"));
  EXPECT_EQ(events[0].reason, "Delayed");

  Error no_response = write_error([](Transaction& tx) {
    return status_of(tx.add_action("PLACMI-2", 2, action("X", "MPRP", "2002-01-01")));
  });
  EXPECT_EQ(no_response.code, ErrorCode::not_found);
  EXPECT_EQ(no_response.message, "unit MPRP has not responded to PLACMI-2#2 yet");
  Error unknown_owner = write_error([](Transaction& tx) {
    return status_of(tx.add_action_to_response("PLACMI-2", 2, "MMS", action("X", "NOPE", "2002-01-01")));
  });
  EXPECT_EQ(unknown_owner.code, ErrorCode::not_found);
  Error no_action = write_error([](Transaction& tx) {
    return status_of(tx.add_action_event(999999, event_on("2002-01-01", ActionStatus::done)));
  });
  EXPECT_EQ(no_action.code, ErrorCode::not_found);
  EXPECT_EQ(no_action.message, "key action 999999 not found");
}

TEST_P(StoreContractTest, ReportsKeepEvidenceAndActionsDoneInOrder) {
  seed_evaluations();
  std::string pdf = "%PDF-1.4 evidence";
  Evidence evidence{util::sha256_hex(pdf), "minutes.pdf", "application/pdf", 0};
  long long act = 0;
  long long first = 0;
  long long second = 0;
  ASSERT_OK(write([&](Transaction& tx) -> Status {
    if (auto st = tx.put_response(
            "PLACMI-2", 1,
            response("MRF-BA", Decision::accepted, "2001-08-20", {action("Hire", "MRF-BA", "2001-10-01")}));
        !st)
      return st;
    auto r = tx.find_recommendation("PLACMI-2", 1);
    if (!r) return r.error();
    act = (*r)->follow_up.responses[0].actions[0].id;
    if (auto st = tx.put_blob(evidence, pdf); !st) return st;
    ProgressReport early{0,  "MRF-BA", ClaimedStatus::in_progress, "Started", d("2001-09-01"), "focal", {},
                         {}, {}};
    auto a = tx.add_report("PLACMI-2", 1, early);
    if (!a) return a.error();
    first = *a;
    ProgressReport done{0,      "MRF-BA",        ClaimedStatus::implemented,
                        "Done", d("2001-10-02"), "focal",
                        {act},  {evidence},      Recorded{"2001-10-03T08:00:00Z", false, true}};
    auto b = tx.add_report("PLACMI-2", 1, done);
    if (!b) return b.error();
    second = *b;
    return {};
  }));
  EXPECT_LT(first, second);
  RecommendationRecord r = record("PLACMI-2", 1);
  ASSERT_EQ(r.follow_up.reports.size(), 2U);
  EXPECT_EQ(r.follow_up.reports[0].id, first);
  EXPECT_EQ(r.follow_up.reports[0].status, ClaimedStatus::in_progress);
  EXPECT_TRUE(r.follow_up.reports[0].evidence.empty());
  const ProgressReport& got = r.follow_up.reports[1];
  EXPECT_EQ(got.id, second);
  EXPECT_EQ(got.unit, "MRF-BA");
  EXPECT_EQ(got.status, ClaimedStatus::implemented);
  EXPECT_EQ(got.text, "Done");
  EXPECT_EQ(got.reported, d("2001-10-02"));
  EXPECT_EQ(got.by, "focal");
  EXPECT_EQ(got.actions_done, std::vector<long long>{act});
  ASSERT_EQ(got.evidence.size(), 1U);
  EXPECT_EQ(got.evidence[0].sha256, evidence.sha256);
  EXPECT_EQ(got.evidence[0].name, "minutes.pdf");
  EXPECT_EQ(got.evidence[0].media_type, "application/pdf");
  EXPECT_EQ(got.evidence[0].size, static_cast<long long>(pdf.size()));
  EXPECT_EQ(got.recorded.at, "2001-10-03T08:00:00Z");
  EXPECT_TRUE(got.recorded.on_behalf);
  EXPECT_TRUE(r.follow_up.responses[0].actions[0].events.empty())
      << "add_report leaves actions to the caller";
  using Holders = std::vector<std::pair<std::string, int>>;
  EXPECT_EQ(read_value<Holders>([&](Transaction& tx) { return tx.find_evidence_holders(evidence.sha256); }),
            (Holders{{"PLACMI-2", 1}}));
}

TEST_P(StoreContractTest, ReportWithUnstoredEvidenceOrForeignActionIsRefused) {
  seed_evaluations();
  long long foreign = 0;
  ASSERT_OK(write([&](Transaction& tx) -> Status {
    if (auto st = tx.put_response("PLACMI-2", 2, response("MMS", Decision::accepted, "2001-08-25")); !st)
      return st;
    auto a = tx.add_action("PLACMI-2", 2, action("Elsewhere", "MMS", "2001-12-01"));
    if (!a) return a.error();
    foreign = *a;
    return {};
  }));
  Evidence missing{util::sha256_hex("never stored"), "ghost.pdf", "application/pdf", 0};
  ProgressReport with_ghost{0,         "MRF-BA", ClaimedStatus::implemented, "Done", d("2001-10-02"), "f", {},
                            {missing}, {}};
  Error ghost =
      write_error([&](Transaction& tx) { return status_of(tx.add_report("PLACMI-2", 1, with_ghost)); });
  EXPECT_EQ(ghost.code, ErrorCode::not_found);
  EXPECT_EQ(ghost.message,
            "evidence ghost.pdf (" + missing.sha256 + ") has not been stored: put its content first");
  ProgressReport with_foreign{
      0, "MRF-BA", ClaimedStatus::implemented, "Done", d("2001-10-02"), "f", {foreign}, {}, {}};
  auto result = store().run([&](Transaction& tx) -> Status {
    auto added = tx.add_report("PLACMI-2", 1, with_foreign);
    if (!added) return added.error();
    return {};
  });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::not_found);
  EXPECT_EQ(result.error().message,
            "key action " + std::to_string(foreign) + " is not an action of PLACMI-2#1");
  EXPECT_TRUE(record("PLACMI-2", 1).follow_up.reports.empty());
}

TEST_P(StoreContractTest, ValidationsKeepTheirOrderAndRatingsAreChecked) {
  seed_evaluations();
  ASSERT_OK(write([](Transaction& tx) -> Status {
    if (auto st = tx.add_validation("PLACMI-2", 1,
                                    Validation{"in_progress", "Not yet", d("2001-09-10"), "oig", {}});
        !st)
      return st;
    return tx.add_validation(
        "PLACMI-2", 1,
        Validation{"implemented", "Checked", d("2001-10-10"), "oig", {"2001-10-11T00:00:00Z", true, false}});
  }));
  RecommendationRecord r = record("PLACMI-2", 1);
  ASSERT_EQ(r.follow_up.validations.size(), 2U);
  EXPECT_EQ(r.follow_up.validations[0].rating, "in_progress");
  EXPECT_EQ(r.follow_up.validations[1].rating, "implemented");
  EXPECT_EQ(r.follow_up.validations[1].comment, "Checked");
  EXPECT_EQ(r.follow_up.validations[1].validated, d("2001-10-10"));
  EXPECT_EQ(r.follow_up.validations[1].by, "oig");
  EXPECT_TRUE(r.follow_up.validations[1].recorded.late);

  Error bad = write_error([](Transaction& tx) {
    return tx.add_validation("PLACMI-2", 1, Validation{"great", "", d("2001-10-10"), "oig", {}});
  });
  EXPECT_EQ(bad.code, ErrorCode::invalid_argument);
  EXPECT_EQ(bad.message, "rating 'great' of PLACMI-2#1 is not one of " + std::string(claimed_status_words()));
  Error absent = write_error([](Transaction& tx) {
    return tx.add_validation("NOPE-1", 1, Validation{"implemented", "", d("2001-10-10"), "o", {}});
  });
  EXPECT_EQ(absent.code, ErrorCode::not_found);
}

ClosingEvent closing_on(const char* on, Outcome outcome) {
  ClosingEvent c;
  c.outcome = outcome;
  c.on = d(on);
  c.by = "oig";
  c.recorded = Recorded{"2001-12-01T12:00:00Z", false, false};
  return c;
}

TEST_P(StoreContractTest, ClosingsAndReopeningsAreKeptInOrder) {
  seed_evaluations();
  long long first = 0;
  ASSERT_OK(write([&](Transaction& tx) -> Status {
    auto id = tx.add_closing("PLACMI-2", 1, closing_on("2001-12-01", Outcome::not_implemented));
    if (!id) return id.error();
    first = *id;
    ClosingEvent reopen = closing_on("2001-12-02", Outcome::implemented);
    reopen.reopening = true;
    reopen.reason = "New evidence";
    if (auto st = status_of(tx.add_closing("PLACMI-2", 1, reopen)); !st) return st;
    ClosingEvent again = closing_on("2001-12-03", Outcome::implemented);
    again.waiver = "Seen on site";
    again.override_reason = "Audit";
    again.reason = "MMS never answered";
    again.unresponsive = {"MMS"};
    return status_of(tx.add_closing("PLACMI-2", 1, again));
  }));
  const auto closings = record("PLACMI-2", 1).follow_up.closings;
  ASSERT_EQ(closings.size(), 3U);
  EXPECT_EQ(closings[0].id, first);
  EXPECT_LT(closings[0].id, closings[1].id);
  EXPECT_EQ(closings[0].outcome, Outcome::not_implemented);
  EXPECT_FALSE(closings[0].reopening);
  EXPECT_TRUE(closings[1].reopening);
  EXPECT_EQ(closings[1].reason, "New evidence");
  EXPECT_EQ(closings[2].waiver, "Seen on site");
  EXPECT_EQ(closings[2].override_reason, "Audit");
  EXPECT_EQ(closings[2].unresponsive, (Strings{"MMS"}));
  EXPECT_EQ(closings[2].on, d("2001-12-03"));
  EXPECT_TRUE(record("PLACMI-2", 2).follow_up.closings.empty());
  Error absent = write_error([](Transaction& tx) {
    return status_of(tx.add_closing("PLACMI-2", 5, closing_on("2001-12-01", Outcome::implemented)));
  });
  EXPECT_EQ(absent.code, ErrorCode::not_found);
}

TEST_P(StoreContractTest, ClosingKeepsTheOfficesEvidence) {
  seed_evaluations();
  const std::string content = "%PDF-1.4 minutes";
  const Evidence minutes{util::sha256_hex(content), "minutes.pdf", "application/pdf", 0};
  ClosingEvent closure = closing_on("2001-12-01", Outcome::implemented);
  closure.evidence = {minutes};
  Error missing_blob =
      write_error([&](Transaction& tx) { return status_of(tx.add_closing("PLACMI-2", 1, closure)); });
  EXPECT_EQ(missing_blob.code, ErrorCode::not_found) << missing_blob.message;
  EXPECT_TRUE(record("PLACMI-2", 1).follow_up.closings.empty());

  ASSERT_OK(write([&](Transaction& tx) -> Status {
    if (auto st = tx.put_blob(minutes, content); !st) return st;
    return status_of(tx.add_closing("PLACMI-2", 1, closure));
  }));
  auto stored = record("PLACMI-2", 1).follow_up.closings;
  ASSERT_EQ(stored.size(), 1U);
  ASSERT_EQ(stored[0].evidence.size(), 1U);
  using Holders = std::vector<std::pair<std::string, int>>;
  EXPECT_EQ(read_value<Holders>([&](Transaction& tx) { return tx.find_evidence_holders(minutes.sha256); }),
            (Holders{{"PLACMI-2", 1}}));
  EXPECT_EQ(
      read_value<Holders>([&](Transaction& tx) { return tx.find_evidence_holders(util::sha256_hex("no")); }),
      Holders{});
  EXPECT_EQ(stored[0].evidence[0].sha256, minutes.sha256);
  EXPECT_EQ(stored[0].evidence[0].name, "minutes.pdf");
  EXPECT_EQ(stored[0].evidence[0].size, static_cast<long long>(content.size()));
}

TEST_P(StoreContractTest, ExtensionsAndRevisionsAreKept) {
  seed_evaluations();
  ASSERT_OK(write([&](Transaction& tx) -> Status {
    Extension all{0, "", d("2001-09-30"), "Holidays", d("2001-08-01"), "oig", {"t", false, false}};
    Extension one{0, "MPRP", d("2001-10-31"), "New head", d("2001-09-02"), "oig", {"t", true, false}};
    if (auto st = status_of(tx.add_extension("PLACMI-2", 2, all)); !st) return st;
    if (auto st = status_of(tx.add_extension("PLACMI-2", 2, one)); !st) return st;
    Revision rev;
    rev.on = d("2001-10-01");
    rev.text = "Reworded";
    rev.units = {"MPRP", "MMS"};
    rev.responsible = {"Director, MPRP", "Director, MMS"};
    rev.priority = Priority::high;
    rev.reason = "The DG asked";
    rev.by = "oig";
    return status_of(tx.add_revision("PLACMI-2", 2, rev));
  }));
  const auto r = record("PLACMI-2", 2);
  ASSERT_EQ(r.follow_up.extensions.size(), 2U);
  EXPECT_EQ(r.follow_up.extensions[0].unit, "");
  EXPECT_EQ(r.follow_up.extensions[1].unit, "MPRP");
  EXPECT_EQ(r.follow_up.extensions[1].due, d("2001-10-31"));
  EXPECT_TRUE(r.follow_up.extensions[1].recorded.late);
  EXPECT_EQ(r.rec.due, d("2001-08-31")) << "the memo's date stays";
  ASSERT_EQ(r.follow_up.revisions.size(), 1U);
  EXPECT_EQ(r.follow_up.revisions[0].units, (Strings{"MPRP", "MMS"}));
  EXPECT_EQ(r.follow_up.revisions[0].responsible, (Strings{"Director, MPRP", "Director, MMS"}));
  EXPECT_EQ(r.follow_up.revisions[0].priority, Priority::high);
  EXPECT_EQ(r.rec.text, record("PLACMI-2", 2).rec.text) << "the memo's wording stays";
  Error unknown = write_error([](Transaction& tx) {
    return status_of(tx.add_extension(
        "PLACMI-2", 2, Extension{0, "NOPE", d("2001-09-30"), "x", d("2001-08-01"), "oig", {}}));
  });
  EXPECT_EQ(unknown.code, ErrorCode::not_found);
}

TEST_P(StoreContractTest, DueDateRequestsAndTheirAnswersAreKept) {
  seed_evaluations();
  long long first = 0;
  long long second = 0;
  ASSERT_OK(write([&](Transaction& tx) -> Status {
    DueDateRequest q{
        0,      "PLACMI-2",         2,           "MPRP", d("2001-09-30"), "Busy", d("2001-08-20"),
        "mprp", {"t", false, true}, std::nullopt};
    auto id = tx.add_due_date_request(q);
    if (!id) return id.error();
    first = *id;
    q.unit = "MMS";
    auto other = tx.add_due_date_request(q);
    if (!other) return other.error();
    second = *other;
    auto extension = tx.add_extension("PLACMI-2", 2,
                                      Extension{0, "MPRP", d("2001-09-30"), "x", d("2001-08-22"), "oig", {}});
    if (!extension) return extension.error();
    return tx.answer_due_date_request(
        first, DueDateAnswer{true, "Agreed", *extension, d("2001-08-22"), "oig", {"u", false, false}});
  }));
  ASSERT_OK(store().read([&](Transaction& tx) -> Status {
    auto all = tx.list_due_date_requests("PLACMI-2", 2, false);
    if (!all) return all.error();
    EXPECT_EQ(all->size(), 2U);
    auto pending = tx.list_due_date_requests("", 0, true);
    if (!pending) return pending.error();
    EXPECT_EQ(pending->size(), 1U);
    EXPECT_EQ(pending->at(0).id, second);
    EXPECT_EQ(pending->at(0).unit, "MMS");
    EXPECT_TRUE(pending->at(0).recorded.on_behalf);
    auto found = tx.find_due_date_request(first);
    if (!found) return found.error();
    EXPECT_TRUE(found->has_value());
    EXPECT_EQ((*found)->due, d("2001-09-30"));
    EXPECT_EQ((*found)->reason, "Busy");
    EXPECT_TRUE((*found)->answer.has_value());
    EXPECT_TRUE((*found)->answer->granted);
    EXPECT_EQ((*found)->answer->text, "Agreed");
    EXPECT_EQ((*found)->answer->on, d("2001-08-22"));
    EXPECT_GT((*found)->answer->extension, 0);
    auto none = tx.find_due_date_request(999);
    if (!none) return none.error();
    EXPECT_FALSE(none->has_value());
    auto elsewhere = tx.list_due_date_requests("PLACMI-2", 1, false);
    if (!elsewhere) return elsewhere.error();
    EXPECT_TRUE(elsewhere->empty());
    return {};
  }));
  // An answer is given once; an unknown request or unit is not found.
  EXPECT_EQ(
      write_error([&](Transaction& tx) {
        return tx.answer_due_date_request(first, DueDateAnswer{false, "No", 0, d("2001-08-23"), "oig", {}});
      }).code,
      ErrorCode::failed_precondition);
  EXPECT_EQ(
      write_error([&](Transaction& tx) {
        return tx.answer_due_date_request(999, DueDateAnswer{false, "No", 0, d("2001-08-23"), "oig", {}});
      }).code,
      ErrorCode::not_found);
  EXPECT_EQ(write_error([&](Transaction& tx) {
              return status_of(tx.add_due_date_request(DueDateRequest{
                  0, "PLACMI-2", 2, "NOPE", d("2001-09-30"), "x", d("2001-08-20"), "m", {}, std::nullopt}));
            }).code,
            ErrorCode::not_found);
}

// ---- Blobs

TEST_P(StoreContractTest, BlobPutIsIdempotentAndGetByHash) {
  std::string content("binary\0content\xff", 15);
  Evidence meta{util::sha256_hex(content), "photo.jpg", "image/jpeg", 0};
  ASSERT_OK(write([&](Transaction& tx) { return tx.put_blob(meta, content); }));
  Evidence renamed = meta;
  renamed.name = "again.jpg";
  ASSERT_OK(write([&](Transaction& tx) { return tx.put_blob(renamed, content); }));
  auto got =
      read_value<std::optional<std::string>>([&](Transaction& tx) { return tx.get_blob(meta.sha256); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, content);
  auto absent = read_value<std::optional<std::string>>(
      [](Transaction& tx) { return tx.get_blob(util::sha256_hex("nothing")); });
  EXPECT_FALSE(absent.has_value());
}

TEST_P(StoreContractTest, AMemoAsSentIsKeptOnceForItsEvaluation) {
  seed_evaluations();
  const std::string bytes("MEMORANDUM\r\nTo: ...\xe9\r\n");
  const Evidence memo{util::sha256_hex(bytes), "placmi.txt", "text/plain", 0};
  EXPECT_FALSE(read_value<std::optional<Evidence>>([](Transaction& tx) {
                 return tx.find_memo_original("PLACMI-2");
               }).has_value());
  // Its bytes come first.
  Error unstored = write_error([&](Transaction& tx) { return tx.set_memo_original("PLACMI-2", memo); });
  EXPECT_EQ(unstored.code, ErrorCode::not_found);
  EXPECT_EQ(unstored.message,
            "evidence placmi.txt (" + memo.sha256 + ") has not been stored: put its content first");
  ASSERT_OK(write([&](Transaction& tx) -> Status {
    if (auto st = tx.put_blob(memo, bytes); !st) return st;
    return tx.set_memo_original("PLACMI-2", memo);
  }));
  auto kept =
      read_value<std::optional<Evidence>>([](Transaction& tx) { return tx.find_memo_original("PLACMI-2"); });
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->sha256, memo.sha256);
  EXPECT_EQ(kept->name, "placmi.txt");
  EXPECT_EQ(kept->media_type, "text/plain");
  EXPECT_EQ(kept->size, 22);
  EXPECT_EQ(read_value<std::optional<std::string>>([&](Transaction& tx) { return tx.get_blob(memo.sha256); }),
            std::optional<std::string>(bytes));
  Error again = write_error([&](Transaction& tx) { return tx.set_memo_original("PLACMI-2", memo); });
  EXPECT_EQ(again.code, ErrorCode::already_exists);
  EXPECT_EQ(again.message, "evaluation PLACMI-2 already has its memo as sent");
  Error nowhere = write_error([&](Transaction& tx) { return tx.set_memo_original("NOPE-1", memo); });
  EXPECT_EQ(nowhere.code, ErrorCode::not_found);
  EXPECT_FALSE(read_value<std::optional<Evidence>>([](Transaction& tx) {
                 return tx.find_memo_original("ABC-1");
               }).has_value());
}

TEST_P(StoreContractTest, BlobWhoseHashDoesNotFitIsRefused) {
  Evidence wrong{util::sha256_hex("other"), "a.txt", "text/plain", 0};
  Error mismatch = write_error([&](Transaction& tx) { return tx.put_blob(wrong, "content"); });
  EXPECT_EQ(mismatch.code, ErrorCode::invalid_argument);
  EXPECT_EQ(mismatch.message, "evidence a.txt: its content hashes to " + util::sha256_hex("content") +
                                  ", not " + util::sha256_hex("other"));
  Evidence upper{"ABC", "a.txt", "text/plain", 0};
  Error spelling = write_error([&](Transaction& tx) { return tx.put_blob(upper, "content"); });
  EXPECT_EQ(spelling.code, ErrorCode::invalid_argument);
  EXPECT_EQ(spelling.message, "evidence a.txt: 'ABC' is not a lower-case hex SHA-256");
}

// ---- History

HistoryEvent event(std::string entity, std::string action) {
  return HistoryEvent{"ana",       "2001-07-20T10:15:00Z", std::move(entity), std::move(action), "null",
                      R"({"a":1})"};
}

TEST_P(StoreContractTest, HistoryIsChainedInAppendOrder) {
  HistoryEntry first;
  HistoryEntry second;
  ASSERT_OK(write([&](Transaction& tx) -> Status {
    auto a = tx.append_history(event("evaluation:PLACMI-2", "import"));
    if (!a) return a.error();
    first = *a;
    auto b = tx.append_history(event("recommendation:PLACMI-2#1", "respond"));
    if (!b) return b.error();
    second = *b;
    return {};
  }));
  EXPECT_EQ(first.prev_hash, k_first_prev_hash);
  EXPECT_EQ(first.hash, history_hash(k_first_prev_hash, first.event));
  EXPECT_EQ(second.prev_hash, first.hash);
  EXPECT_LT(first.id, second.id);
  auto all = read_value<std::vector<HistoryEntry>>([](Transaction& tx) { return tx.history(std::nullopt); });
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[0].id, first.id);
  EXPECT_EQ(all[0].event.actor, "ana");
  EXPECT_EQ(all[0].event.at, "2001-07-20T10:15:00Z");
  EXPECT_EQ(all[0].event.before, "null");
  EXPECT_EQ(all[0].event.after, R"({"a":1})");
  EXPECT_EQ(all[1].hash, second.hash);
  EXPECT_FALSE(verify_history_chain(all).has_value());
}

TEST_P(StoreContractTest, HistoryFiltersByEntityPrefixAtSeparators) {
  ASSERT_OK(write([&](Transaction& tx) -> Status {
    for (const char* entity :
         {"evaluation:PLACMI-2", "recommendation:PLACMI-2#2", "recommendation:PLACMI-2#20",
          "recommendation:PLACMI-2#2/action:7", "recommendation:PLACMI-20#1", "unit:MMS",
          "recommendation:placmi-2#2", "recommendation:PLACMI-2#1"}) {
      auto e = tx.append_history(event(entity, "x"));
      if (!e) return e.error();
    }
    return {};
  }));
  auto entities = [&](std::optional<std::string> filter) {
    auto entries = read_value<std::vector<HistoryEntry>>([&](Transaction& tx) {
      return tx.history(filter ? std::optional<std::string_view>(*filter) : std::nullopt);
    });
    Strings out;
    for (const auto& e : entries) out.push_back(e.event.entity);
    return out;
  };
  EXPECT_EQ(entities("recommendation:PLACMI-2#2"),
            (Strings{"recommendation:PLACMI-2#2", "recommendation:PLACMI-2#2/action:7"}));
  EXPECT_EQ(entities("recommendation:PLACMI-2"),
            (Strings{"recommendation:PLACMI-2#2", "recommendation:PLACMI-2#20",
                     "recommendation:PLACMI-2#2/action:7", "recommendation:PLACMI-2#1"}));
  EXPECT_EQ(entities("recommendation:").size(), 6U);
  EXPECT_EQ(entities("unit:MMS"), Strings{"unit:MMS"});
  EXPECT_TRUE(entities("unit:MM").empty());
  EXPECT_TRUE(entities("nothing").empty());
  EXPECT_EQ(entities(std::nullopt).size(), 8U);
}

// ---- Transactions

TEST_P(StoreContractTest, ErrorFromWorkRollsEverythingBack) {
  auto st = store().run([](Transaction& tx) -> Status {
    if (auto added = tx.add_unit(unit("MMS", "MMS")); !added) return added;
    if (auto e = tx.append_history(event("unit:MMS", "add")); !e) return e.error();
    return make_error(ErrorCode::failed_precondition, "changed my mind");
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(st.error().message, "changed my mind");
  EXPECT_TRUE(read_value<std::vector<Unit>>([](Transaction& tx) { return tx.list_units(); }).empty());
  EXPECT_TRUE(read_value<std::vector<HistoryEntry>>([](Transaction& tx) {
                return tx.history(std::nullopt);
              }).empty());
}

TEST_P(StoreContractTest, ExceptionFromWorkRollsBackAndPropagates) {
  EXPECT_THROW(static_cast<void>(store().run([](Transaction& tx) -> Status {
                 if (auto added = tx.add_unit(unit("MMS", "MMS")); !added) return added;
                 throw std::runtime_error("bug");
               })),
               std::runtime_error);
  EXPECT_TRUE(read_value<std::vector<Unit>>([](Transaction& tx) { return tx.list_units(); }).empty());
  ASSERT_OK(write([](Transaction& tx) { return tx.add_unit(unit("MMS", "MMS")); }))
      << "the store still works";
}

TEST_P(StoreContractTest, AFailedCallInsideWorkThatCarriesOnLeavesNoTrace) {
  seed_units();
  ASSERT_OK(write([](Transaction& tx) -> Status {
    Evaluation e = placmi();
    e.recommendations[1].units = {"NOPE"};
    if (tx.insert_evaluation(e, util::sha256_hex("x")).ok())
      return make_error(ErrorCode::internal, "expected a failure");
    return tx.add_unit(unit("LEG", "Legal"));
  }));
  EXPECT_FALSE(read_value<std::optional<Evaluation>>([](Transaction& tx) {
                 return tx.find_evaluation("PLACMI-2");
               }).has_value());
  EXPECT_TRUE(
      read_value<std::optional<Unit>>([](Transaction& tx) { return tx.find_unit("LEG"); }).has_value());
}

TEST_P(StoreContractTest, ReadsSeeTheTransactionsOwnWrites) {
  seed_units();
  ASSERT_OK(write([](Transaction& tx) -> Status {
    if (auto st = tx.insert_evaluation(placmi(), util::sha256_hex("m")); !st) return st;
    if (auto st = tx.put_response("PLACMI-2", 1, response("MRF-BA", Decision::accepted, "2001-08-20")); !st)
      return st;
    auto r = tx.find_recommendation("PLACMI-2", 1);
    if (!r) return r.error();
    if (!r->has_value() || (*r)->follow_up.responses.size() != 1)
      return make_error(ErrorCode::internal, "own write not visible");
    auto code = tx.find_evaluation_by_content_hash(util::sha256_hex("m"));
    if (!code) return code.error();
    if (*code != std::optional<std::string>("PLACMI-2"))
      return make_error(ErrorCode::internal, "hash not visible");
    return {};
  }));
}

TEST_P(StoreContractTest, ReadTransactionsRefuseWrites) {
  auto st = store().read([](Transaction& tx) { return tx.add_unit(unit("MMS", "MMS")); });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(st.error().message,
            "add unit MMS: refused in a read transaction (Store::read); writes need Store::run");
  auto history =
      store().read([](Transaction& tx) { return status_of(tx.append_history(event("unit:MMS", "x"))); });
  ASSERT_FALSE(history.ok());
  EXPECT_EQ(history.error().code, ErrorCode::failed_precondition);
  EXPECT_TRUE(read_value<std::vector<Unit>>([](Transaction& tx) { return tx.list_units(); }).empty());
}

TEST_P(StoreContractTest, NestedTransactionsAreRefused) {
  Status inner;
  ASSERT_OK(write([&](Transaction&) -> Status {
    inner = store().read([](Transaction&) -> Status { return {}; });
    return {};
  }));
  ASSERT_FALSE(inner.ok());
  EXPECT_EQ(inner.error().code, ErrorCode::failed_precondition);
}

TEST_P(StoreContractTest, CommittedWorkSurvivesReopening) {
  seed_evaluations();
  ASSERT_OK(write([](Transaction& tx) -> Status {
    if (auto st = tx.put_response(
            "PLACMI-2", 1,
            response("MRF-BA", Decision::accepted, "2001-08-20", {action("Hire", "MRF-BA", "2001-10-01")}));
        !st)
      return st;
    return status_of(tx.append_history(event("recommendation:PLACMI-2#1", "respond")));
  }));
  reopen();
  reopen();  // and opening a current store again migrates nothing
  EXPECT_EQ(refs({}).size(), 5U);
  RecommendationRecord r = record("PLACMI-2", 1);
  ASSERT_EQ(r.follow_up.responses.size(), 1U);
  EXPECT_EQ(r.follow_up.responses[0].actions.size(), 1U);
  auto all = read_value<std::vector<HistoryEntry>>([](Transaction& tx) { return tx.history(std::nullopt); });
  ASSERT_EQ(all.size(), 1U);
  EXPECT_FALSE(verify_history_chain(all).has_value());
  ASSERT_OK(write([](Transaction& tx) { return status_of(tx.append_history(event("unit:MMS", "edit"))); }));
  all = read_value<std::vector<HistoryEntry>>([](Transaction& tx) { return tx.history(std::nullopt); });
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[1].prev_hash, all[0].hash) << "the chain continues across reopening";
}

// ---- Concurrency (store.h: "Concurrency")

TEST_P(StoreContractTest, AReadWhileAWriteIsOpenDoesNotWaitAndSeesTheLastCommit) {
  seed_units();
  std::promise<void> written;
  std::promise<void> finish;
  std::shared_future<void> finished = finish.get_future().share();
  std::thread writer([&] {
    EXPECT_OK(write([&](Transaction& tx) -> Status {
      auto added = tx.add_unit(unit("LEG", "Legal"));
      written.set_value();
      finished.wait();  // the transaction stays open until the read is done
      return added;
    }));
  });
  written.get_future().wait();
  auto reading = std::async(std::launch::async, [&] {
    return read_value<std::vector<Unit>>([](Transaction& tx) { return tx.list_units(); });
  });
  // Not a timing: a read that waits for the writer would wait forever,
  // since the writer waits for the read; the bound turns that into a failure.
  const bool answered = reading.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
  finish.set_value();
  writer.join();
  ASSERT_TRUE(answered) << "the read waited for the open write";
  EXPECT_EQ(reading.get().size(), 4U) << "the read saw the write before its commit";
  EXPECT_EQ(read_value<std::vector<Unit>>([](Transaction& tx) { return tx.list_units(); }).size(), 5U);
}

}  // namespace

void StoreContractTest::race_writers(Store& first, Store& second, const std::string& a,
                                     const std::string& b) {
  constexpr int k_steps = 15;
  auto writer = [](Store& store, const std::string& ref, const std::string& who) {
    const auto parsed = parse_recommendation_ref(ref);
    ASSERT_TRUE(parsed.ok());
    const std::string evaluation = parsed->evaluation;
    const int number = parsed->number;
    for (int i = 0; i < k_steps; ++i) {
      // Reads what is there, adds to it, and says in the history how many
      // it made: serialised, no two transactions can say the same.
      EXPECT_OK(store.run([&](Transaction& tx) -> Status {
        auto r = tx.find_recommendation(evaluation, number);
        if (!r) return r.error();
        const std::size_t made = (*r)->follow_up.validations.size() + 1;
        if (auto st = tx.add_validation(evaluation, number,
                                        Validation{"in_progress", who, d("2001-09-10"), "oig", {}});
            !st)
          return st;
        return status_of(
            tx.append_history(HistoryEvent{"oig", "2001-09-10T10:00:00Z", "recommendation:" + ref, "validate",
                                           "null", std::to_string(made)}));
      }));
    }
  };
  std::thread one([&] { writer(first, a, "one"); });
  std::thread two([&] { writer(second, b, "two"); });
  one.join();
  two.join();

  auto all = read_value<std::vector<HistoryEntry>>([](Transaction& tx) { return tx.history(std::nullopt); });
  ASSERT_EQ(all.size(), 2U * k_steps) << "every write acknowledged is kept";
  const HistoryKey key{std::string(32, 'k')};
  EXPECT_FALSE(verify_history_chain(all, &key).has_value()) << "appends chained one after another";
  for (const std::string& ref : {a, b}) {
    const auto parsed = parse_recommendation_ref(ref);
    ASSERT_TRUE(parsed.ok());
    const RecommendationRecord r = record(parsed->evaluation.c_str(), parsed->number);
    const std::size_t expected = a == b ? std::size_t{2} * k_steps : std::size_t{k_steps};
    EXPECT_EQ(r.follow_up.validations.size(), expected) << ref;
    // In history order, the counts each transaction saw run 1, 2, 3...:
    // none read what another was about to change.
    std::size_t n = 0;
    for (const HistoryEntry& entry : all) {
      if (entry.event.entity == "recommendation:" + ref) {
        EXPECT_EQ(entry.event.after, std::to_string(++n)) << ref;
      }
    }
    EXPECT_EQ(n, expected) << ref;
  }
}

namespace {

TEST_P(StoreContractTest, WritersOnOneStoreAreSerialised) {
  seed_evaluations();
  race_writers(store(), store(), "PLACMI-2#1", "PLACMI-2#1");
}

TEST_P(StoreContractTest, WritersOnTwoConnectionsToTheSameRecommendationAreSerialised) {
  seed_evaluations();
  auto other = open_another();
  ASSERT_NE(other, nullptr);
  race_writers(store(), *other, "PLACMI-2#1", "PLACMI-2#1");
}

TEST_P(StoreContractTest, WritersOnTwoConnectionsToDifferentRecommendationsAreSerialised) {
  seed_evaluations();
  auto other = open_another();
  ASSERT_NE(other, nullptr);
  race_writers(store(), *other, "ABC-1#1", "ABC-1#2");
}

std::string sqlite_url(const std::filesystem::path& scratch) {
  return "sqlite:" + (scratch / "followup.db").string();
}

// The SQLite backend with every connection behind a FaultyConnection that
// is never armed: the contract holds through any sql::Connection that
// passes statements on, which is all the SQL layer asks of a backend.
Result<std::unique_ptr<Store>> open_wrapped(std::string_view url, const OpenOptions& options) {
  static FaultPlan never;
  return open_sqlite_store(*sqlite_path_of(url), options,
                           [](sql::Connection& inner) -> std::unique_ptr<sql::Connection> {
                             return std::make_unique<FaultyConnection>(inner, never);
                           });
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
                         ::testing::Values(StoreBackend{"sqlite", &sqlite_url},
                                           StoreBackend{"sqlite_wrapped", &sqlite_url, &open_wrapped}),
                         backend_name);

}  // namespace
}  // namespace followup::testing
