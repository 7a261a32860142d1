// What a command costs does not grow with the store: the number of SQL
// statements each use case runs is counted on a store of 1,000
// recommendations and 5 units and of 10,000 and 205 units (each unit with
// an alias and an address) and must be the same. And the status report made
// from the counts the store keeps is the report made from the records.
#include <algorithm>
#include <gtest/gtest.h>
#include <sstream>
#include <tuple>

#include "app/follow_up.h"
#include "app/json_views.h"
#include "app/queries.h"
#include "app/reports.h"
#include "app/test_support.h"
#include "app/users.h"
#include "core/reference.h"
#include "util/sha256.h"

namespace followup::app {
namespace {

using testing::StoreFixture;

const std::vector<std::string> k_units{"MMS", "MPRP", "MRF-BA", "OIG", "DOE"};

// The key action of answer `m` to recommendation `n` of evaluation number
// `e` (n a multiple of 3): by n % 9, kept as proposed (0), done (3), or
// moved 300 days later and owned by another unit than the one answering (6).
Status add_key_action(Transaction& tx, const std::string& evaluation, int e, int n,
                      const ManagementResponse& m) {
  KeyAction action;
  action.description = "Act on " + std::to_string(n);
  action.unit = n % 9 == 6 ? k_units[static_cast<std::size_t>((e + n + 2) % 5)] : m.unit;
  action.added = m.responded;
  action.due = m.responded.plus_days(60 + (e * 7 + n) % 400);
  action.by = "eva";
  auto id = tx.add_action_to_response(evaluation, n, m.unit, action);
  if (!id) return id.error();
  if (n % 9 == 0) return {};
  ActionEvent change;
  change.on = action.added.plus_days(20);
  change.by = "eva";
  if (n % 9 == 3)
    change.status = ActionStatus::done;
  else
    change.due = action.due.plus_days(300);
  auto added = tx.add_action_event(*id, change);
  return added ? Status{} : Status{added.error()};
}

// `evaluations` evaluations of 50 recommendations each, written through
// the store in one transaction: every fifth joint, every other evaluation
// issued, half of the issued answered by their first unit (every third of
// those with a key action, some done, some moved later, some owned by
// another unit than the one answering); and `more_units` units that hold
// none.
void fill(Store& store, int from, int evaluations, int more_units = 0) {
  auto st = store.run([&](Transaction& tx) -> Status {
    for (int i = 0; i < more_units; ++i) {
      Unit u;
      u.code = "X" + std::to_string(1000 + from + i);
      u.name = "Unit " + u.code;
      u.kind = "office";
      u.aliases = {"Office " + u.code};
      u.emails = {u.code + "@example.org"};
      if (auto a = tx.add_unit(u); !a) return a;
    }
    for (const auto& code : k_units) {
      if (from > 0) break;
      Unit u;
      u.code = code;
      u.name = code + " office";
      u.kind = "office";
      if (auto a = tx.add_unit(u); !a) return a;
    }
    for (const auto& u :
         {testing::user("eva", {Role::evaluation}), testing::user("mms", {Role::unit}, {"MMS"})})
      if (from == 0)
        if (auto a = tx.add_user(u); !a) return a;
    const Date start = *Date::from_ymd(2001, 1, 1);
    for (int e = from; e < from + evaluations; ++e) {
      Evaluation ev;
      ev.code = "EV-" + std::to_string(10000 + e);
      ev.title = "Evaluation " + std::to_string(e);
      for (int n = 1; n <= 50; ++n) {
        Recommendation rec;
        rec.number = n;
        rec.text = "Recommendation " + std::to_string(n);
        rec.due = start.plus_days(e % 600 + 40);
        rec.units = {k_units[static_cast<std::size_t>((e + n) % 5)]};
        if (n % 5 == 0) rec.units.push_back(k_units[static_cast<std::size_t>((e + n + 1) % 5)]);
        rec.responsible = rec.units;
        ev.recommendations.push_back(rec);
      }
      if (auto a = tx.insert_evaluation(ev, "hash-" + ev.code); !a) return a;
      if (e % 2 != 0) continue;
      if (auto a = tx.set_evaluation_issued(ev.code, start.plus_days(e % 600)); !a) return a;
      for (int n = 1; n <= 50; n += 2) {
        ManagementResponse m;
        m.unit = ev.recommendations[static_cast<std::size_t>(n - 1)].units.front();
        m.responded = start.plus_days(e % 600 + 30 + n % 20);
        m.by = "eva";
        if (n % 7 == 1 && n % 3 != 0) m.decision = Decision::not_accepted;
        if (auto a = tx.put_response(ev.code, n, m); !a) return a;
        if (n % 3 == 0)
          if (auto a = add_key_action(tx, ev.code, e, n, m); !a) return a;
      }
      // Extensions, a progress report, a validation and closings on some.
      const Date later = start.plus_days(e % 600 + 90);
      Extension x;
      x.due = later.plus_days(e % 3 == 0 ? 700 : 10);
      x.granted = start.plus_days(e % 600 + 35);
      x.reason = "asked";
      x.by = "eva";
      if (auto a = tx.add_extension(ev.code, 4, x); !a) return a.error();
      if (e % 4 == 2) {  // after the memo's date, by the extended one
        ManagementResponse m;
        m.unit = ev.recommendations[3].units.front();
        m.responded = start.plus_days(e % 600 + 45);
        m.by = "eva";
        if (auto a = tx.put_response(ev.code, 4, m); !a) return a;
      }
      ProgressReport p;
      p.unit = ev.recommendations[6].units.front();
      p.status = e % 4 == 0 ? ClaimedStatus::implemented : ClaimedStatus::in_progress;
      p.text = "done";
      p.reported = later;
      p.by = "eva";
      if (auto a = tx.add_report(ev.code, 7, p); !a) return a.error();
      if (auto a = tx.add_validation(ev.code, 7, Validation{"implemented", "seen", later, "eva", {}}); !a)
        return a;
      ClosingEvent c;
      c.outcome = Outcome::not_implemented;
      c.on = later;
      c.by = "eva";
      if (auto a = tx.add_closing(ev.code, 9, c); !a) return a.error();
      c.unresponsive = ev.recommendations[9].units;
      if (auto a = tx.add_closing(ev.code, 10, c); !a) return a.error();
    }
    auto entry = tx.append_history(HistoryEvent{"eva", "2002-12-31T09:00:00Z", "store:", "fill"});
    if (!entry) return entry.error();
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().describe();
}

// A report's JSON without its history head, which the reports compared
// read at different moments.
template <typename Report>
nlohmann::json without_head(const Report& report) {
  nlohmann::json j = json_of(report);
  j.erase("history_head");
  return j;
}

class ScaleTest : public StoreFixture {
 protected:
  // The date of the store's latest fact (nullopt when it has none, or on an error, which fails the test).
  std::optional<Date> last_fact() {
    std::optional<Date> last;
    EXPECT_TRUE(m_store
                    ->read([&](Transaction& tx) -> Status {
                      auto l = tx.last_fact_date();
                      if (!l) return l.error();
                      last = *l;
                      return {};
                    })
                    .ok());
    return last;
  }

  // Every record of the store (empty on an error, which fails the test).
  std::vector<RecommendationRecord> all_records() {
    std::vector<RecommendationRecord> records;
    EXPECT_TRUE(m_store
                    ->read([&](Transaction& tx) -> Status {
                      auto all = tx.list_recommendations({});
                      if (!all) return all.error();
                      records = std::move(*all);
                      return {};
                    })
                    .ok());
    return records;
  }

  // Statements each use case runs, by name.
  std::map<std::string, long long> costs(const std::string& to_answer) {
    std::map<std::string, long long> out;
    auto measure = [&](const std::string& name, auto&& call) {
      const long long before = m_store->statements_run();
      call();
      out[name] = m_store->statements_run() - before;
    };
    const Date today = m_clock.today();
    measure("unit's overdue, first page", [&] {
      ListQuery q;
      q.unit = "MMS";
      q.overdue_only = true;
      q.as_of = today;
      q.limit = 100;
      auto rows = list_recommendations(session("eva"), q);
      ASSERT_TRUE(rows.ok()) << rows.error().describe();
      EXPECT_EQ(rows->size(), 100U);
    });
    measure("show with history", [&] {
      ASSERT_TRUE(find_recommendation(session("eva"), "EV-10000#3").ok());
      ASSERT_TRUE(recommendation_history(session("eva"), "EV-10000#3").ok());
    });
    measure("status report", [&] {
      ReportOptions options;
      options.as_of = today;
      options.limit = 100;
      auto report = status_report(session("eva"), options);
      ASSERT_TRUE(report.ok()) << report.error().describe();
      EXPECT_EQ(report->recommendations.size(), 100U);
    });
    measure("overdue report, the 100 most overdue", [&] {
      ReportOptions options;
      options.as_of = today;
      options.limit = 100;
      auto report = overdue_report(session("eva"), options);
      ASSERT_TRUE(report.ok()) << report.error().describe();
      EXPECT_EQ(report->responses.size(), 100U);
      EXPECT_FALSE(report->actions.empty());
    });
    measure("rates report", [&] {
      ReportOptions options;
      options.as_of = today;
      auto report = rates_report(session("eva"), options);
      ASSERT_TRUE(report.ok()) << report.error().describe();
      EXPECT_EQ(report->by_unit.size(), k_units.size());
    });
    measure("respond", [&] {
      ResponseRequest r;
      auto rec = find_recommendation(session("eva"), to_answer);
      ASSERT_TRUE(rec.ok());
      r.unit = rec->rec.units.front();
      auto done = respond(session("eva"), to_answer, r, today);
      ASSERT_TRUE(done.ok()) << done.error().describe();
    });
    return out;
  }
};

TEST_F(ScaleTest, StatementsPerCommandDoNotGrowWithTheStore) {
  fill(*m_store, 0, 20);  // 1,000 recommendations
  const auto small = costs("EV-10000#2");
  fill(*m_store, 20, 180, 200);  // 10,000, and 200 more units
  const auto large = costs("EV-10000#4");
  for (const auto& [name, count] : small) {
    EXPECT_GT(count, 0) << name;
    EXPECT_EQ(large.at(name), count) << name;
  }
}

// The status report from the counts the store keeps is the report made from
// every record, on the last fact's date and after it.
TEST_F(ScaleTest, KeptCountsAreTheCountsOfTheRecords) {
  fill(*m_store, 0, 40);
  const std::vector<RecommendationRecord> records = all_records();
  const std::optional<Date> last = last_fact();
  ASSERT_TRUE(last.has_value());
  for (int offset : {0, 1, 45, 400, 1500}) {
    ReportOptions options;
    options.as_of = last->plus_days(offset);
    auto kept = status_report(session("eva"), options);
    ASSERT_TRUE(kept.ok()) << kept.error().describe();
    const StatusReport full = followup::status_report(records, options.as_of);
    const nlohmann::json a = without_head(*kept);
    const nlohmann::json b = without_head(full);
    EXPECT_EQ(a, b) << "as of " << options.as_of.iso();
    if (offset == 0) {
      EXPECT_GT(full.total.awaiting_response, 0);
      EXPECT_GT(full.total.overdue, 0);
      EXPECT_GT(full.total.closed_without_response, 0);
      EXPECT_GT(full.total.implemented, 0);
      EXPECT_GT(full.total.responded_within_extension, 0);
    }
  }
  // Before the last fact the kept counts do not hold: the store says so.
  auto early = m_store->read([&](Transaction& tx) -> Status {
    auto totals = tx.status_totals(last->plus_days(-1));
    return totals ? Status{} : Status{totals.error()};
  });
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::failed_precondition);
}

// A listing gives what the records give: the rows a user may see that
// match the filters, in order, each as overdue as its record says, whether
// it is read from the kept index without the follow-up (on or after the
// last fact, for the office or a unit user within its units) or with the
// records (before it, or for a unit user listing everything it may see,
// some of it through a key action its unit owns); and page by page, the
// same rows.
TEST_F(ScaleTest, AListingIsTheListingOfTheRecords) {
  fill(*m_store, 0, 40);
  const std::vector<RecommendationRecord> records = all_records();
  const std::optional<Date> last = last_fact();
  ASSERT_TRUE(last.has_value());
  const User eva = testing::user("eva", {Role::evaluation});
  const User mms = testing::user("mms", {Role::unit}, {"MMS"});
  auto has = [](const std::vector<std::string>& list, const std::string& x) {
    return std::find(list.begin(), list.end(), x) != list.end();
  };
  using Row = std::tuple<std::string, int, std::vector<std::string>, std::string>;  // ref, days, units, text
  // The rows the query selects, judged on every record: what the user may
  // see and the filters match (no test case is skipped here; each case
  // below checks that its filters leave some rows out and keep some).
  auto selects = [&](const User& user, const ListQuery& q, const RecommendationRecord& r, int days) {
    return can_see(user, r) && (!q.unit || has(r.rec.units, *q.unit)) &&
           (!q.evaluation || r.evaluation == *q.evaluation) && (!q.due_before || r.rec.due < *q.due_before) &&
           (!q.overdue_only || days > 0);
  };
  auto expected = [&](const User& user, const ListQuery& q) {
    std::vector<Row> out;
    for (const auto& r : records) {
      const int days = follow_up_days_overdue(r, q.as_of);
      if (selects(user, q, r, days))
        out.emplace_back(recommendation_ref(r.evaluation, r.rec.number), days, r.rec.units, r.rec.text);
    }
    return out;
  };
  auto listed = [&](const User& user, ListQuery q, int page) {
    std::vector<Row> out;
    q.limit = page;
    while (true) {
      auto rows = list_recommendations(session(user.name), q);
      EXPECT_TRUE(rows.ok()) << rows.error().describe();
      if (!rows.ok()) return out;
      for (const auto& row : *rows) {
        EXPECT_TRUE(row.record.follow_up.responses.empty());
        out.emplace_back(recommendation_ref(row.record.evaluation, row.record.rec.number), row.days_overdue,
                         row.record.rec.units, row.record.rec.text);
      }
      if (page == 0 || static_cast<int>(rows->size()) < page) return out;
      q.after = std::get<0>(out.back());
    }
  };
  int overdue_rows = 0;
  int through_actions = 0;
  for (int offset : {-60, -1, 0, 1, 45, 400, 1500}) {
    for (const User* user : {&eva, &mms}) {
      for (int filter = 0; filter < 6; ++filter) {
        ListQuery q;
        q.as_of = last->plus_days(offset);
        if (filter == 1) q.unit = "MMS";
        if (filter == 2) q.overdue_only = true;
        if (filter == 3) {
          q.unit = "MMS";
          q.overdue_only = true;
        }
        if (filter == 4) q.evaluation = "EV-10002";
        if (filter == 5) {
          q.due_before = last->plus_days(-60);
          q.overdue_only = true;
        }
        const std::vector<Row> want = expected(*user, q);
        const std::string what = user->name + " filter " + std::to_string(filter) + " as of " + q.as_of.iso();
        EXPECT_FALSE(want.empty()) << what;
        if (filter > 0) {  // the filters leave rows out of what the user may see that day
          ListQuery unfiltered;
          unfiltered.as_of = q.as_of;
          EXPECT_LT(want.size(), expected(*user, unfiltered).size()) << what;
        }
        EXPECT_EQ(listed(*user, q, 0), want) << what;
        EXPECT_EQ(listed(*user, q, 7), want) << what << ", 7 a page";
        for (const auto& row : want) {
          if (std::get<1>(row) > 0) ++overdue_rows;
          if (user == &mms && !has(std::get<2>(row), "MMS")) ++through_actions;
        }
      }
    }
  }
  EXPECT_GT(overdue_rows, 0);
  EXPECT_GT(through_actions, 0);  // the unit user's listing without a unit: seen through a key action
}

// A progress report added in the transaction that has just read its
// recommendation (as a step reads it to check it) keeps the kept figures
// those of the records: the store refreshes them from the record it read,
// with only its reports read again (SqlTransaction::refresh_touched). The
// reports below change its state (in progress, then claimed implemented),
// one dated before the others, one marking its key action done with
// evidence.
TEST_F(ScaleTest, AReportOnARecordJustReadKeepsTheKeptFiguresTrue) {
  fill(*m_store, 0, 4);
  auto check = [&](const std::string& when) {
    const std::vector<RecommendationRecord> records = all_records();
    const std::optional<Date> last = last_fact();
    ASSERT_TRUE(last.has_value());
    ReportOptions options;
    options.as_of = *last;
    auto kept = status_report(session("eva"), options);
    ASSERT_TRUE(kept.ok()) << kept.error().describe();
    EXPECT_EQ(without_head(*kept), without_head(followup::status_report(records, options.as_of))) << when;
    auto rates = rates_report(session("eva"), options);
    ASSERT_TRUE(rates.ok()) << rates.error().describe();
    EXPECT_EQ(without_head(*rates), without_head(followup::rates_report(records, options.as_of))) << when;
  };
  const std::string annex = "the report's annex";
  const Evidence blob{util::sha256_hex(annex), "annex.txt", "text/plain",
                      static_cast<long long>(annex.size())};
  struct Step {
    ClaimedStatus status;
    int day;  // after 2001-03-01
    bool action_done;
  };
  for (const Step step :
       {Step{ClaimedStatus::in_progress, 10, false}, Step{ClaimedStatus::implemented, 30, true},
        Step{ClaimedStatus::in_progress, 5, false}}) {
    auto st = m_store->run([&](Transaction& tx) -> Status {
      if (step.action_done)
        if (auto put = tx.put_blob(blob, annex); !put) return put;
      auto found = tx.find_recommendation("EV-10000", 3);
      if (!found) return found.error();
      if (!*found || (*found)->follow_up.responses.empty() ||
          (*found)->follow_up.responses.front().actions.empty())
        return make_error(ErrorCode::internal, "EV-10000#3 has no response with an action");
      const auto& response = (*found)->follow_up.responses.front();
      ProgressReport p;
      p.unit = response.unit;
      p.status = step.status;
      p.text = "step";
      p.reported = Date::from_ymd(2001, 3, 1)->plus_days(step.day);
      p.by = "eva";
      if (step.action_done) {
        p.actions_done = {response.actions.front().id};
        p.evidence = {blob};
      }
      if (auto a = tx.add_report("EV-10000", 3, p); !a) return a.error();
      auto entry = tx.append_history(HistoryEvent{"eva", "2002-12-31T10:00:00Z", "EV-10000#3", "report"});
      if (!entry) return entry.error();
      return {};
    });
    ASSERT_TRUE(st.ok()) << st.error().describe();
    check("after a report dated day " + std::to_string(step.day));
  }
}

// The rates report from the figures the store keeps is the report made
// from every record, on the last fact's date and after it (when responses
// fall overdue), and after steps have changed them; before the last fact
// the store says its figures do not hold.
TEST_F(ScaleTest, KeptRatesAreTheRatesOfTheRecords) {
  fill(*m_store, 0, 40);
  auto compare = [&](const std::string& when) {
    const std::vector<RecommendationRecord> records = all_records();
    const std::optional<Date> last = last_fact();
    ASSERT_TRUE(last.has_value());
    for (int offset : {0, 1, 45, 400, 1500}) {
      ReportOptions options;
      options.as_of = last->plus_days(offset);
      auto kept = rates_report(session("eva"), options);
      ASSERT_TRUE(kept.ok()) << kept.error().describe();
      const RatesReport full = followup::rates_report(records, options.as_of);
      const nlohmann::json a = without_head(*kept);
      const nlohmann::json b = without_head(full);
      EXPECT_EQ(a, b) << when << ", as of " << options.as_of.iso();
      const Rates& t = full.total;
      for (const Rate* r : {&t.acceptance, &t.acceptance_by_recommendation, &t.implementation, &t.on_time,
                            &t.within_extension, &t.action_completion}) {
        EXPECT_GT(r->numerator, 0) << when;
        EXPECT_GT(r->denominator, r->numerator) << when;
      }
    }
    auto early = m_store->read([&](Transaction& tx) -> Status {
      auto totals = tx.rates_totals(last->plus_days(-1));
      return totals ? Status{} : Status{totals.error()};
    });
    ASSERT_FALSE(early.ok()) << when;
    EXPECT_EQ(early.error().code, ErrorCode::failed_precondition) << when;
  };
  compare("as filled");
  // Steps move a recommendation's share between rows: answers, some not
  // accepted, and a closing of one never answered.
  const Date today = m_clock.today();
  for (const char* ref : {"EV-10000#2", "EV-10004#4", "EV-10006#20"}) {
    auto rec = find_recommendation(session("eva"), ref);
    ASSERT_TRUE(rec.ok()) << rec.error().describe();
    ResponseRequest r;
    r.unit = rec->rec.units.front();
    r.decision = Decision::not_accepted;
    r.rationale = "not in our mandate";
    auto done = respond(session("eva"), ref, r, today);
    ASSERT_TRUE(done.ok()) << done.error().describe();
  }
  CloseRequest close;
  close.outcome = Outcome::no_longer_applicable;
  close.reason = "the programme ended";
  auto closed = close_recommendation(session("eva"), "EV-10008#12", close, EvidencePolicy{}, today);
  ASSERT_TRUE(closed.ok()) << closed.error().describe();
  compare("after steps");
}

// The overdue report read from the recommendations owing something (on or
// after the last fact) is the report made from every record; before the
// last fact, and for a unit user, as well.
TEST_F(ScaleTest, TheOverdueReportReadsWhatIsOwingAndIsTheWholeReport) {
  fill(*m_store, 0, 40);
  const std::vector<RecommendationRecord> records = all_records();
  const std::optional<Date> last = last_fact();
  ASSERT_TRUE(last.has_value());
  for (int offset : {-200, 0, 1, 45, 400, 1500}) {
    ReportOptions options;
    options.as_of = last->plus_days(offset);
    auto kept = overdue_report(session("eva"), options);
    ASSERT_TRUE(kept.ok()) << kept.error().describe();
    const nlohmann::json a = without_head(*kept);
    const nlohmann::json b = without_head(followup::overdue_report(records, options.as_of));
    EXPECT_EQ(a, b) << "as of " << options.as_of.iso();
    if (offset == 0 || offset == 400) {
      EXPECT_FALSE(kept->responses.empty()) << offset;
      EXPECT_FALSE(kept->actions.empty()) << offset;
    }
    // With a limit: the most overdue of each list, the counts of all.
    ReportOptions limited = options;
    limited.limit = 7;
    auto few = overdue_report(session("eva"), limited);
    ASSERT_TRUE(few.ok()) << few.error().describe();
    const nlohmann::json c = without_head(*few);
    const auto first = [&](const nlohmann::json& list) {
      return nlohmann::json(std::vector<nlohmann::json>(
          list.begin(), list.begin() + std::min<std::ptrdiff_t>(7, std::ssize(list))));
    };
    EXPECT_EQ(c["responses"], first(b["responses"])) << offset;
    EXPECT_EQ(c["actions"], first(b["actions"])) << offset;
    EXPECT_EQ(c["ageing"], b["ageing"]) << offset;
    EXPECT_EQ(c["by_unit"], b["by_unit"]) << offset;
    EXPECT_EQ(c["limit"], 7) << offset;
    if (offset == 400) {
      EXPECT_GT(c["by_unit"].size(), 2U);
    }
    // The dashboard's and the annual report's counts by unit are the report's.
    auto owing = overdue_by_unit(session("eva"), options);
    ASSERT_TRUE(owing.ok()) << owing.error().describe();
    EXPECT_EQ(*owing, kept->by_unit) << offset;
    // A limit above the lists' lengths (on or after the last fact, read from
    // the kept index): every line, in the same order.
    limited.limit = 100000;
    auto all = overdue_report(session("eva"), limited);
    ASSERT_TRUE(all.ok()) << all.error().describe();
    nlohmann::json d = without_head(*all);
    EXPECT_EQ(d["limit"], 100000) << offset;
    d["limit"] = b["limit"];
    EXPECT_EQ(d, b) << offset;
    // A unit user's: the whole report's lines of the recommendations it sees.
    auto mine = overdue_report(session("mms"), options);
    ASSERT_TRUE(mine.ok()) << mine.error().describe();
    const User mms = testing::user("mms", {Role::unit}, {"MMS"});
    std::size_t responses = 0;
    for (const auto& r : kept->responses) {
      const auto& rec = *std::find_if(records.begin(), records.end(), [&](const RecommendationRecord& x) {
        return x.evaluation == r.evaluation && x.rec.number == r.number;
      });
      responses += can_see(mms, rec) ? 1U : 0U;
    }
    EXPECT_EQ(mine->responses.size(), responses) << offset;
    auto mine_owing = overdue_by_unit(session("mms"), options);
    ASSERT_TRUE(mine_owing.ok()) << mine_owing.error().describe();
    EXPECT_EQ(*mine_owing, mine->by_unit) << offset;
  }
  // With the recommendations owing nothing read as well, it would read
  // every record: the kept path reads fewer statements than a page per 500.
  ReportOptions options;
  options.as_of = last->plus_days(1);
  const long long before = m_store->statements_run();
  ASSERT_TRUE(overdue_report(session("eva"), options).ok());
  const long long owing_only = m_store->statements_run() - before;
  options.as_of = last->plus_days(-1);
  const long long before_all = m_store->statements_run();
  ASSERT_TRUE(overdue_report(session("eva"), options).ok());
  EXPECT_LT(owing_only, m_store->statements_run() - before_all);
}

// What a unit owes, read (on or after the last fact) from the
// recommendations in which it may owe something, is the report made from
// every record: for each unit, at five dates.
TEST_F(ScaleTest, AUnitsReportReadsWhereItMayOweAndIsTheWholeReport) {
  fill(*m_store, 0, 40);
  const std::vector<RecommendationRecord> records = all_records();
  const std::optional<Date> last = last_fact();
  ASSERT_TRUE(last.has_value());
  for (const auto& unit : k_units)
    for (int offset : {-200, 0, 1, 45, 400}) {
      ReportOptions options;
      options.as_of = last->plus_days(offset);
      auto kept = unit_report(session("eva"), unit, options);
      ASSERT_TRUE(kept.ok()) << kept.error().describe();
      const nlohmann::json a = without_head(*kept);
      const nlohmann::json b = without_head(followup::unit_report(records, unit, options.as_of));
      EXPECT_EQ(a, b) << unit << " as of " << options.as_of.iso();
      if (offset == 0) {
        EXPECT_GT(kept->responses_due, 0) << unit;
        EXPECT_GT(kept->actions_due, 0) << unit;
      }
    }
  // Reading where a unit may owe reads fewer statements than every record.
  ReportOptions options;
  options.as_of = last->plus_days(1);
  const long long before = m_store->statements_run();
  ASSERT_TRUE(unit_report(session("eva"), "MMS", options).ok());
  const long long owed = m_store->statements_run() - before;
  options.as_of = last->plus_days(-1);
  const long long before_all = m_store->statements_run();
  ASSERT_TRUE(unit_report(session("eva"), "MMS", options).ok());
  EXPECT_LT(owed, m_store->statements_run() - before_all);
}

// The status report's detail read a page at a time, following next_after,
// is the whole detail, and every page carries the whole totals: from the
// kept counts (after the last fact), from the records (before it), and for
// a unit user (whose report is always made from the records).
TEST_F(ScaleTest, TheStatusDetailPagedIsTheWholeDetail) {
  fill(*m_store, 0, 8);
  const std::optional<Date> last = last_fact();
  ASSERT_TRUE(last.has_value());
  struct Case {
    std::string user;
    Date as_of;
  };
  for (const auto& c : {Case{"eva", last->plus_days(10)}, Case{"eva", last->plus_days(-40)},
                        Case{"mms", last->plus_days(10)}}) {
    ReportOptions whole_options;
    whole_options.as_of = c.as_of;
    auto whole = status_report(session(c.user), whole_options);
    ASSERT_TRUE(whole.ok()) << whole.error().describe();
    EXPECT_FALSE(whole->next_after.has_value());
    ASSERT_GT(whole->recommendations.size(), 40U) << c.user << " " << c.as_of.iso();
    std::vector<std::string> paged;
    ReportOptions options = whole_options;
    options.limit = 17;
    for (int pages = 0; pages < 100; ++pages) {
      auto page = status_report(session(c.user), options);
      ASSERT_TRUE(page.ok()) << page.error().describe();
      EXPECT_LE(page->recommendations.size(), 17U);
      EXPECT_EQ(json_of(*page)["total"], json_of(*whole)["total"]);
      EXPECT_EQ(json_of(*page)["by_evaluation"], json_of(*whole)["by_evaluation"]);
      EXPECT_EQ(page->by_unit.size(), whole->by_unit.size());
      for (const auto& line : page->recommendations) paged.push_back(line.facts.ref);
      if (!page->next_after) break;
      EXPECT_EQ(*page->next_after, paged.back());
      options.after = *page->next_after;
    }
    std::vector<std::string> expected;
    for (const auto& line : whole->recommendations) expected.push_back(line.facts.ref);
    EXPECT_EQ(paged, expected) << c.user << " as of " << c.as_of.iso();
  }
}

// A unit user's reports are made from its units' share of the store
// (RecommendationPage::seen_by), not from every record: the rates report
// of MMS, which holds a fifth of the recommendations (and some actions on
// others), reads fewer statements than the office's made from every
// record, and is the report of the records MMS may see.
TEST_F(ScaleTest, AUnitUsersReportsReadItsUnitsShare) {
  fill(*m_store, 0, 40);
  const std::optional<Date> last = last_fact();
  ASSERT_TRUE(last.has_value());
  ReportOptions options;
  options.as_of = last->plus_days(-1);  // before the last fact: made from the records
  const long long before_all = m_store->statements_run();
  ASSERT_TRUE(rates_report(session("eva"), options).ok());
  const long long all = m_store->statements_run() - before_all;
  const long long before_mms = m_store->statements_run();
  auto mine = rates_report(session("mms"), options);
  ASSERT_TRUE(mine.ok()) << mine.error().describe();
  const long long share = m_store->statements_run() - before_mms;
  EXPECT_LT(share * 2, all) << share << " statements for MMS, " << all << " for every record";
  std::vector<RecommendationRecord> seen;
  auto user = testing::user("mms", {Role::unit}, {"MMS"});
  for (auto& r : all_records())
    if (can_see(user, r)) seen.push_back(std::move(r));
  EXPECT_EQ(without_head(*mine), without_head(followup::rates_report(seen, options.as_of)));
}

// The status report streamed (its detail handed over line by line) is the
// whole report: from the kept counts and from the records (before the last
// fact, for a unit user, with a priority), from a reference on; and its
// JSON printed as it streams is the whole report's, byte for byte.
TEST_F(ScaleTest, TheStreamedStatusReportIsTheWholeReport) {
  fill(*m_store, 0, 8);
  const std::optional<Date> last = last_fact();
  ASSERT_TRUE(last.has_value());
  struct Case {
    std::string user;
    Date as_of;
    std::optional<Priority> priority;
    std::optional<std::string> after;
  };
  for (const auto& c : {Case{"eva", last->plus_days(10), {}, {}}, Case{"eva", last->plus_days(-40), {}, {}},
                        Case{"mms", last->plus_days(10), {}, {}}, Case{"eva", *last, Priority::normal, {}},
                        Case{"eva", *last, {}, "EV-10004#17"}}) {
    ReportOptions options;
    options.as_of = c.as_of;
    options.priority = c.priority;
    options.after = c.after;
    auto whole = status_report(session(c.user), options);
    ASSERT_TRUE(whole.ok()) << whole.error().describe();
    ASSERT_GT(whole->recommendations.size(), 40U) << c.user << " " << c.as_of.iso();
    StatusReport streamed;
    std::ostringstream printed;
    JsonListsStream json_stream(printed);
    int heads = 0;
    auto st = stream_status_report(
        session(c.user), options,
        [&](const StatusReport& head) -> Status {
          ++heads;
          EXPECT_TRUE(head.recommendations.empty());
          streamed = head;
          json_stream.begin(json_of(head), {"recommendations"});
          return {};
        },
        [&](StatusLine&& line) -> Status {
          json_stream.element(0, json_of(line));
          streamed.recommendations.push_back(std::move(line));
          return {};
        });
    ASSERT_TRUE(st.ok()) << st.error().describe();
    json_stream.end();
    EXPECT_EQ(heads, 1);
    const std::string what = c.user + " as of " + c.as_of.iso() + (c.after ? " after " + *c.after : "");
    EXPECT_EQ(json_of(streamed), json_of(*whole)) << what;
    EXPECT_EQ(printed.str(), json_of(*whole).dump(2) + "\n") << what;
  }
  // An error a line answers stops the reading and is returned.
  ReportOptions options;
  options.as_of = *last;
  int lines = 0;
  auto stopped = stream_status_report(
      session("eva"), options, [](const StatusReport&) -> Status { return {}; },
      [&](StatusLine&&) -> Status {
        return ++lines == 3 ? Status{make_error(ErrorCode::internal, "the reader went away")} : Status{};
      });
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().message, "the reader went away");
  EXPECT_EQ(lines, 3);
}

// The overdue report streamed, a window of days at a time, is the whole
// report, whatever the window (small ones, with days of more items than the
// window, and one larger than the lists), from what is owing and from every
// record, for a unit user too; its JSON printed as it streams is the whole
// report's, byte for byte.
TEST_F(ScaleTest, TheStreamedOverdueReportIsTheWholeReport) {
  fill(*m_store, 0, 40);
  const std::optional<Date> last = last_fact();
  ASSERT_TRUE(last.has_value());
  for (const auto& [user, offset] : {std::pair<std::string, int>{"eva", 400}, {"eva", -1}, {"mms", 400}}) {
    ReportOptions options;
    options.as_of = last->plus_days(offset);
    auto whole = overdue_report(session(user), options);
    ASSERT_TRUE(whole.ok()) << whole.error().describe();
    ASSERT_GT(whole->responses.size(), 10U) << user << offset;
    ASSERT_FALSE(whole->actions.empty()) << user << offset;
    // Some day has more items than the smallest window.
    std::map<int, int> per_day;
    for (const auto& r : whole->responses) ++per_day[r.days_overdue];
    EXPECT_GT(std::max_element(per_day.begin(), per_day.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; })
                  ->second,
              3)
        << user << offset;
    for (long long window : {3LL, 200000LL}) {
      for (bool actions_first : {false, true}) {
        const std::string what = user + " " + std::to_string(offset) + " window " + std::to_string(window) +
                                 (actions_first ? " actions first" : "");
        OverdueReport streamed;
        std::ostringstream printed;
        JsonListsStream json_stream(printed);
        OverdueSinks sinks;
        sinks.window = window;
        sinks.actions_first = actions_first;
        int heads = 0;
        sinks.head = [&](const OverdueReport& head) -> Status {
          ++heads;
          EXPECT_TRUE(head.responses.empty() && head.actions.empty()) << what;
          streamed = head;
          json_stream.begin(json_of(head), {"actions", "responses"});
          return {};
        };
        sinks.response = [&](OverdueResponse&& r) -> Status {
          EXPECT_EQ(streamed.actions.size(), actions_first ? whole->actions.size() : 0U) << what;
          if (actions_first) json_stream.element(1, json_of(r));
          streamed.responses.push_back(std::move(r));
          return {};
        };
        sinks.action = [&](OverdueAction&& a) -> Status {
          EXPECT_EQ(streamed.responses.size(), actions_first ? 0U : whole->responses.size()) << what;
          if (actions_first) json_stream.element(0, json_of(a));
          streamed.actions.push_back(std::move(a));
          return {};
        };
        auto st = stream_overdue_report(session(user), options, sinks);
        ASSERT_TRUE(st.ok()) << st.error().describe();
        EXPECT_EQ(heads, 1);
        EXPECT_EQ(json_of(streamed), json_of(*whole)) << what;
        if (actions_first) {
          json_stream.end();
          EXPECT_EQ(printed.str(), json_of(*whole).dump(2) + "\n") << what;
        }
      }
    }
  }
}

}  // namespace
}  // namespace followup::app
