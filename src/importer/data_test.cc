// Every tests/data/memos/NAME.{txt,md,csv} is parsed as a first import would
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
    for (const char* ext : {".txt", ".md", ".csv"}) {
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
      expect_subset(value, actual.at(key), path + "." + key);
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
  ParsedMemo memo = std::move(parsed.value());
  resolve_units(memo, directory_from_addressees(memo.header));
  const json actual = dry_run_json(memo);
  expect_subset(expected, actual, "");
}

// Every good input, rendered in the two forms `followup memo` renders (docs/import.md), written here from
// a parsed memo, must parse back to the same recommendations.
std::string english_date(Date d) {
  static const char* const k_months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
  return std::to_string(d.day()) + " " + k_months[d.month() - 1] + " " + std::to_string(d.year());
}

std::string render_text(const ParsedMemo& m) {
  std::string out = "MEMORANDUM\n\n";
  auto list = [&](const char* name, const std::vector<std::string>& items) {
    for (std::size_t i = 0; i < items.size(); ++i)
      out += (i == 0 ? std::string(name) + ": " : "") + items[i] + "\n";
  };
  list("To", m.header.to);
  if (!m.header.from.empty()) out += "From: " + m.header.from + "\n";
  list("Cc", m.header.cc);
  if (m.header.date) out += "Date: " + english_date(*m.header.date) + "\n";
  out += "Subject: " + m.title + "\n\nPlease send me your follow-up reports by the due dates indicated.\n\n";
  out += "RECOMMENDATIONS\tResponsibility for Follow-up\tConfirmation of follow-up due by:\n";
  for (const auto& r : m.recommendations) {
    std::string units;
    for (const auto& u : r.responsible) units += (units.empty() ? "" : "/") + u;
    out += std::to_string(r.number) + ". " + r.text + "\t" + units + "\t" + english_date(r.due) + "\n";
  }
  return out;
}

std::string render_markdown(const ParsedMemo& m) {
  auto escape = [](std::string s) {
    std::string out;
    for (char c : s) {
      if (c == '|')
        out += "\\|";
      else if (c == '\n')
        out += "<br>";
      else
        out += c;
    }
    return out;
  };
  auto joined = [](const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
    return out;
  };
  std::string out = "# MEMORANDUM\n\n";
  if (!m.header.to.empty()) out += "**To:** " + joined(m.header.to, "; ") + "\n";
  if (!m.header.from.empty()) out += "**From:** " + m.header.from + "\n";
  if (!m.header.cc.empty()) out += "**Cc:** " + joined(m.header.cc, "; ") + "\n";
  if (m.header.date) out += "**Date:** " + m.header.date->iso() + "\n";
  out += "**Subject:** " + m.title + "\n\n## Proposal for follow-up on Recommendations\n\n";
  out += "| No. | Recommendation | Responsibility for Follow-up | Confirmation of follow-up due by |\n";
  out += "|----:|----------------|------------------------------|----------------------------------|\n";
  for (const auto& r : m.recommendations)
    out += "| " + std::to_string(r.number) + " | " + escape(r.text) + " | " +
           escape(joined(r.responsible, "/")) + " | " + r.due.iso() + " |\n";
  return out;
}

class RenderedMemo : public ::testing::TestWithParam<DataCase> {};

TEST_P(RenderedMemo, ParsesBack) {
  const auto& c = GetParam();
  ParseOptions options;
  options.file_name = c.input.filename().string();
  const auto original = parse_memo(read_file(c.input), options);
  ASSERT_TRUE(original.ok()) << original.error().describe();
  for (const auto& [form, text] :
       {std::pair{"text", render_text(*original)}, std::pair{"markdown", render_markdown(*original)}}) {
    ParseOptions again;
    again.file_name = "-";
    const auto back = parse_memo(text, again);
    ASSERT_TRUE(back.ok()) << form << ": " << back.error().describe() << "\n" << text;
    ASSERT_EQ(back->recommendations.size(), original->recommendations.size()) << form << "\n" << text;
    EXPECT_EQ(back->code, original->code) << form;
    EXPECT_EQ(back->header.to, original->header.to) << form;
    EXPECT_EQ(back->header.date, original->header.date) << form;
    for (std::size_t i = 0; i < back->recommendations.size(); ++i) {
      const auto& a = original->recommendations[i];
      const auto& b = back->recommendations[i];
      EXPECT_EQ(b.number, a.number) << form;
      EXPECT_EQ(b.text, a.text) << form;
      EXPECT_EQ(b.responsible, a.responsible) << form;
      EXPECT_EQ(b.due, a.due) << form;
    }
  }
}

std::string case_name(const ::testing::TestParamInfo<DataCase>& info) {
  std::string name = info.param.input.filename().string();
  for (char& ch : name)
    if (!util::is_ascii_alpha(ch) && !util::is_digit(ch)) ch = '_';
  return name;
}

std::vector<DataCase> good_cases() {
  std::vector<DataCase> good;
  for (auto& c : data_cases())
    if (!json::parse(read_file(c.expected)).contains("error")) good.push_back(std::move(c));
  return good;
}

INSTANTIATE_TEST_SUITE_P(Corpus, MemoData, ::testing::ValuesIn(data_cases()), case_name);
INSTANTIATE_TEST_SUITE_P(Corpus, RenderedMemo, ::testing::ValuesIn(good_cases()), case_name);

}  // namespace
}  // namespace followup::importer
