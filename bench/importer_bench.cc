// Importer speed on a generated memo of 1,000 recommendations, against a
// plain memchr line count over the same bytes (the least any parser must do).
// Prints MB/s for each and, at the end, the parser's speed as a fraction of
// the line count's.
#include <benchmark/benchmark.h>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include "importer/memo_parser.h"

namespace {

using followup::importer::parse_memo;
using followup::importer::ParseOptions;

constexpr int k_recommendations = 1000;

const char* const k_sentences[] = {
    "The office should agree a common case-management template with the national counterparts before the "
    "next "
    "caseload is accepted.",
    "This would also avoid risks of duplication or incoherence in the assistance provided, with diverging "
    "views on "
    "migration management.",
    "Parameters for collaboration between the four regional offices could also be established, especially in "
    "the "
    "framework of the regional processes.",
    "A global but harmonized approach would certainly encourage donors to continue disbursing funds for such "
    "a "
    "successful activity.",
    "The evaluation found that the training modules were well received but rarely used after the courses "
    "ended.",
    "Progress should be reported to the Member States once a year, with the figures broken down by region.",
};
const char* const k_units[] = {"MMS",
                               "MPRP",
                               "MRF Buenos Aires",
                               "IOM Buenos Aires",
                               "MMS/MPRP",
                               "MRF Buenos Aires and MMS",
                               "MMS, MPRP",
                               "Finance and Administration"};
const char* const k_months[] = {"January", "February", "March",     "April",   "May",      "June",
                                "July",    "August",   "September", "October", "November", "December"};

std::string due_date(int i) {
  const int day = 1 + i % 28;
  const int month = 1 + (i / 28) % 12;
  const int year = 2002 + i % 5;
  char buf[64];
  switch (i % 4) {
    case 0:
      std::snprintf(buf, sizeof buf, "%d %s %d", day, k_months[month - 1], year);
      break;
    case 1:
      std::snprintf(buf, sizeof buf, "%02d/%02d/%d", day, month, year);
      break;
    case 2:
      std::snprintf(buf, sizeof buf, "%d-%02d-%02d", year, month, day);
      break;
    default:
      std::snprintf(buf, sizeof buf, "%s %d, %d", k_months[month - 1], day, year);
      break;
  }
  return buf;
}

std::string recommendation_text(int i) {
  std::string text;
  const int sentences = 3 + i % 4;
  for (int s = 0; s < sentences; ++s) {
    if (!text.empty()) text += ' ';
    text += k_sentences[(i + s) % 6];
  }
  return text;
}

std::string header() {
  return "MEMORANDUM\n\nTo: Head of MRF Buenos Aires\n\nDirector, MMS\nDirector, MPRP\n"
         "Director, Finance and Administration\n\nFrom: The Director General\n\nCc: The Deputy Director "
         "General\n\n"
         "Date: 16 July 2001\n\nSubject: Evaluation of the 'Programa Latinoamericano de Cooperacion\n\n"
         "tecnica en Migraciones' (PLACMI 2)\n\nAttached you will find the completed evaluation.\n\n";
}

// The seed's layout: tab-separated rows, every fifth with a second paragraph.
std::string tab_memo() {
  std::string memo = header();
  memo += "RECOMMENDATIONS\tResponsibility for Follow-up\tConfirmation of follow-up due by:\n";
  for (int i = 0; i < k_recommendations; ++i) {
    memo += std::to_string(i + 1) + ". " + recommendation_text(i);
    if (i % 5 == 0) memo += "\n" + recommendation_text(i + 1);
    memo += "\t";
    memo += k_units[i % 8];
    memo += "\t" + due_date(i) + "\n";
  }
  return memo;
}

// A fixed-width table whose text column wraps at 60 columns.
std::string fixed_memo() {
  std::string memo = header();
  memo +=
      "RECOMMENDATIONS                                               Responsibility              "
      "Confirmation of\n"
      "                                                              for Follow-up               follow-up "
      "due by:\n";
  for (int i = 0; i < k_recommendations; ++i) {
    std::string text = std::to_string(i + 1) + ". " + recommendation_text(i);
    bool first = true;
    while (!text.empty()) {
      std::size_t cut = text.size() <= 58 ? text.size() : text.rfind(' ', 58);
      if (cut == std::string::npos || cut == 0) cut = std::min<std::size_t>(58, text.size());
      std::string line = (first ? "" : "   ") + text.substr(0, cut);
      text.erase(0, cut);
      while (!text.empty() && text.front() == ' ') text.erase(0, 1);
      line.resize(62, ' ');
      if (first) {
        std::string unit = k_units[i % 8];
        unit.resize(28, ' ');
        line += unit + due_date(i);
      }
      memo += line + "\n";
      first = false;
    }
    memo += "\n";
  }
  return memo;
}

void run_parse(benchmark::State& state, const std::string& memo) {
  ParseOptions options;
  options.file_name = "bench.txt";
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop variable is the API
    auto parsed = parse_memo(memo, options);
    if (!parsed.ok() || parsed.value().recommendations.size() != k_recommendations) {
      state.SkipWithError(parsed.ok() ? "wrong number of recommendations"
                                      : parsed.error().describe().c_str());
      break;
    }
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(memo.size()));
}

void run_line_count(benchmark::State& state, const std::string& memo) {
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop variable is the API
    std::size_t lines = 0;
    const char* p = memo.data();
    const char* end = p + memo.size();
    while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) !=
           nullptr) {
      ++lines;
      ++p;
    }
    benchmark::DoNotOptimize(lines);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(memo.size()));
}

const std::string& tabs() {
  static const std::string memo = tab_memo();
  return memo;
}
const std::string& fixed() {
  static const std::string memo = fixed_memo();
  return memo;
}

void bm_parse_memo_tabs(benchmark::State& state) { run_parse(state, tabs()); }
void bm_line_count_tabs(benchmark::State& state) { run_line_count(state, tabs()); }
void bm_parse_memo_fixed_width(benchmark::State& state) { run_parse(state, fixed()); }
void bm_line_count_fixed_width(benchmark::State& state) { run_line_count(state, fixed()); }

BENCHMARK(bm_parse_memo_tabs);
BENCHMARK(bm_line_count_tabs);
BENCHMARK(bm_parse_memo_fixed_width);
BENCHMARK(bm_line_count_fixed_width);

// Prints as usual, then each parse's throughput as a share of the line count
// over the same bytes.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  RatioReporter() : ConsoleReporter(OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs)
      if (!run.error_occurred) m_seconds_per_iteration[run.benchmark_name()] = run.GetAdjustedRealTime();
    ConsoleReporter::ReportRuns(runs);
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    print("tabs", "bm_parse_memo_tabs", "bm_line_count_tabs", tabs().size());
    print("fixed-width", "bm_parse_memo_fixed_width", "bm_line_count_fixed_width", fixed().size());
  }

 private:
  void print(const char* what, const std::string& parse, const std::string& count, std::size_t bytes) const {
    const auto p = m_seconds_per_iteration.find(parse);
    const auto c = m_seconds_per_iteration.find(count);
    if (p == m_seconds_per_iteration.end() || c == m_seconds_per_iteration.end()) return;
    // Adjusted times share one unit (ns by default), so their ratio is unit-free.
    const double parse_mb_s = static_cast<double>(bytes) / (p->second * 1e-9) / 1e6;
    std::printf("%s memo (%zu bytes): parse %.1f MB/s, parse takes %.1fx the time of a memchr line count\n",
                what, bytes, parse_mb_s, p->second / c->second);
  }
  std::map<std::string, double> m_seconds_per_iteration;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
