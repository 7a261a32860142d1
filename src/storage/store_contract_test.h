// The storage contract suite, run against every backend. A backend joins by
// instantiating StoreContractTest with a StoreBackend (see the SQLite one at
// the end of store_contract_test.cc):
//
//   INSTANTIATE_TEST_SUITE_P(Postgres, StoreContractTest,
//                            ::testing::Values(StoreBackend{"postgres", &make_postgres_url}),
//                            backend_name);
#pragma once

#include <filesystem>
#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "storage/store.h"
#include "storage/testing/temp_dir.h"

namespace followup::testing {

struct StoreBackend {
  const char* name;
  // The URL of a new, empty store for one test; `scratch` is a folder the
  // test owns and removes afterwards. Opening the URL twice must reach the
  // same store (durability tests reopen it).
  std::string (*make_url)(const std::filesystem::path& scratch);
  // Opens the store at a URL; open_store when null. A backend under test
  // through a wrapper (faults injected below its SQL) opens it here.
  Result<std::unique_ptr<Store>> (*open)(std::string_view url, const OpenOptions& options) = nullptr;
};

// GoogleTest looks for this exact name to print a parameter.
// NOLINTNEXTLINE(readability-identifier-naming)
inline void PrintTo(const StoreBackend& backend, std::ostream* out) { *out << backend.name; }

inline std::string backend_name(const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param.name;
}

class StoreContractTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    m_url = GetParam().make_url(m_scratch.path());
    reopen();
  }

  // Closes the store and opens it again from its URL.
  void reopen() {
    m_store.reset();
    m_store = open_another();
    ASSERT_NE(m_store, nullptr);
  }

  // Another Store on the same URL: another connection, as another process
  // would have.
  std::unique_ptr<Store> open_another() {
    // The Transaction contract alone: writes need no history entry here
    // (journal_test.cc covers the journal).
    OpenOptions options;
    options.create = true;
    options.key = HistoryKey{std::string(32, 'k')};
    options.journal = false;
    auto opened = GetParam().open != nullptr ? GetParam().open(m_url, options) : open_store(m_url, options);
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    return opened.ok() ? std::move(*opened) : nullptr;
  }

  Store& store() { return *m_store; }
  [[nodiscard]] const std::string& url() const { return m_url; }

  // Helpers of the suite (store_contract_test.cc).
  Status write(const std::function<Status(Transaction&)>& work);
  // Runs `work`, expecting it to fail, and hands back its error.
  Error write_error(const std::function<Status(Transaction&)>& work);
  void seed_units();        // MMS, MPRP, MRF-BA, HR
  void seed_evaluations();  // the units, PLACMI-2 (#1, #2) and ABC-1 (#1..#3)
  RecommendationRecord record(const char* evaluation, int number);
  // "EVAL#N" of each listed recommendation, in list order.
  std::vector<std::string> refs(const RecommendationFilter& filter);
  // Two threads write to recommendations `a` and `b` ("EVAL#N"; the same or
  // not) at once, one through `first`, one through `second` (the same Store
  // or two), and the outcome is checked as the contract says.
  void race_writers(Store& first, Store& second, const std::string& a, const std::string& b);

  // The value of `query` in a read transaction; a failure fails the test.
  template <typename T>
  T read_value(const std::function<Result<T>(Transaction&)>& query) {
    std::optional<T> out;
    auto st = store().read([&](Transaction& tx) -> Status {
      auto r = query(tx);
      if (!r) return r.error();
      out = std::move(*r);
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().describe();
    return out ? std::move(*out) : T{};
  }

 private:
  TempDir m_scratch;
  std::string m_url;
  std::unique_ptr<Store> m_store;
};

}  // namespace followup::testing
