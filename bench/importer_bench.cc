// Importer speed, two ways:
//
// 1. Throughput on a generated memo of 1,000 recommendations, against a
//    plain memchr line count over the same bytes (the least any parser must
//    do): MB/s for each and the parser's time as a multiple of the count's.
// 2. Growth on hostile shapes (long cells, many page breaks, many rows, one
//    huge line, many or long header fields, in every layout): each shape is
//    parsed at size N and 2N, and the ratio of the two times is printed. A
//    linear parser gives about 2; the bound is 2.5 (docs/performance.md).
//    Times are CPU times, the fastest of three repetitions.
#include <algorithm>
#include <benchmark/benchmark.h>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "importer/memo_parser.h"
#include "importer/test_xlsx.h"
#include "importer/test_zip.h"

namespace {

using followup::importer::parse_memo;
using followup::importer::ParseOptions;
using followup::importer::testing::zip_with;

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

const std::string k_tab_header =
    "RECOMMENDATIONS\tResponsibility for Follow-up\tConfirmation of follow-up due by:\n";
const std::string k_pipe_header = "| No. | Recommendation | Responsible | Due by |\n|---|---|---|---|\n";

// The seed's layout: tab-separated rows, every fifth with a second paragraph.
std::string tab_memo() {
  std::string memo = header();
  memo += k_tab_header;
  for (int i = 0; i < k_recommendations; ++i) {
    memo += std::to_string(i + 1) + ". " + recommendation_text(i);
    if (i % 5 == 0) memo += "\n" + recommendation_text(i + 1);
    memo += "\t";
    memo += k_units[i % 8];
    memo += "\t" + due_date(i) + "\n";
  }
  return memo;
}

const std::string k_fixed_header =
    "RECOMMENDATIONS                                               Responsibility              "
    "Confirmation of\n"
    "                                                              for Follow-up               follow-up "
    "due by:\n";

// One fixed-width row whose text column wraps at 60 columns.
void add_fixed_row(std::string& memo, int i, std::string text) {
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

std::string fixed_memo() {
  std::string memo = header() + k_fixed_header;
  for (int i = 0; i < k_recommendations; ++i)
    add_fixed_row(memo, i, std::to_string(i + 1) + ". " + recommendation_text(i));
  return memo;
}

// --- Hostile shapes: each a memo made for a size n. ---

std::string short_text(int i) { return "Report to the Member States on item " + std::to_string(i) + "."; }

std::string rows_tabs(int n) {
  std::string memo = header() + k_tab_header;
  for (int i = 0; i < n; ++i)
    memo += std::to_string(i + 1) + ". " + short_text(i) + "\t" + k_units[i % 8] + "\t" + due_date(i) + "\n";
  return memo;
}

// "Recommendation 7: text⇥unit⇥date": rows numbered by a label.
std::string rows_labelled(int n) {
  std::string memo = header() + k_tab_header;
  for (int i = 0; i < n; ++i)
    memo += "Recommendation " + std::to_string(i + 1) + ": " + short_text(i) + "\t" + k_units[i % 8] + "\t" +
            due_date(i) + "\n";
  return memo;
}

// Labelled paragraphs: "Recommendation 7: text", a sub-point, "Responsible:", "Deadline:".
std::string rows_paragraphs(int n) {
  std::string memo = header();
  for (int i = 0; i < n; ++i)
    memo += "Recommendation " + std::to_string(i + 1) + ": " + short_text(i) +
            "\n(a) first of all;\nResponsible: " + k_units[i % 8] + "\nDeadline: " + due_date(i) + "\n\n";
  return memo;
}

std::string rows_pipes(int n) {
  std::string memo = header() + k_pipe_header;
  for (int i = 0; i < n; ++i)
    memo += "| " + std::to_string(i + 1) + " | " + short_text(i) + " | " + k_units[i % 8] + " | " +
            due_date(i) + " |\n";
  return memo;
}

std::string rows_fixed(int n) {
  std::string memo = header() + k_fixed_header;
  for (int i = 0; i < n; ++i) add_fixed_row(memo, i, std::to_string(i + 1) + ". " + short_text(i));
  return memo;
}

std::string rows_csv(int n) {
  std::string memo = "Subject: Evaluation of the Return Pilot (RP)\nNumber,Recommendation,Responsible,Due\n";
  for (int i = 0; i < n; ++i)
    memo += std::to_string(i + 1) + ",\"" + short_text(i) + "\",\"" + k_units[i % 8] + "\"," + "2003-01-" +
            std::to_string(10 + i % 18) + "\n";
  return memo;
}

std::string word_paragraph(const std::string& text) {
  return "<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p>";
}
std::string word_cell(const std::string& text) { return "<w:tc>" + word_paragraph(text) + "</w:tc>"; }

// A Word document whose table has n rows.
std::string rows_docx(int n) {
  std::string xml = "<?xml version=\"1.0\"?><w:document><w:body>" + word_paragraph("To: Director, MMS") +
                    word_paragraph("Subject: Evaluation of the Return Pilot (RP)") + "<w:tbl><w:tr>" +
                    word_cell("No.") + word_cell("Recommendation") + word_cell("Responsible") +
                    word_cell("Due by") + "</w:tr>";
  for (int i = 0; i < n; ++i)
    xml += "<w:tr>" + word_cell(std::to_string(i + 1)) + word_cell(short_text(i)) + word_cell("MMS") +
           word_cell(due_date(i)) + "</w:tr>";
  xml += "</w:tbl></w:body></w:document>";
  return zip_with("word/document.xml", xml);
}

// An Excel workbook whose sheet has n rows below its memo fields: shared
// strings, numbers, and due dates as date cells (style 1, d/m/yyyy).
std::string rows_xlsx(int n) {
  using namespace followup::importer::testing;
  TestWorkbook book;
  book.cell_styles = {14};
  book.shared_strings = {"<t>To:</t>",         "<t>Director, MMS</t>",
                         "<t>Subject:</t>",    "<t>Evaluation of the Return Pilot (RP)</t>",
                         "<t>No.</t>",         "<t>Recommendation</t>",
                         "<t>Responsible</t>", "<t>Due by</t>",
                         "<t>MMS</t>"};
  std::string rows =
      row_of(1, shared_cell("A1", 0) + shared_cell("B1", 1)) +
      row_of(2, shared_cell("A2", 2) + shared_cell("B2", 3)) +
      row_of(4, shared_cell("A4", 4) + shared_cell("B4", 5) + shared_cell("C4", 6) + shared_cell("D4", 7));
  for (int i = 0; i < n; ++i) {
    const std::string r = std::to_string(5 + i);
    rows +=
        row_of(5 + i, number_cell("A" + r, std::to_string(i + 1)) + text_cell("B" + r, short_text(i)) +
                          shared_cell("C" + r, 8) + number_cell("D" + r, std::to_string(37134 + i % 300), 1));
  }
  book.sheets.push_back(TestSheet{"Recommendations", rows, "", ""});
  return xlsx_of(book);
}

// One recommendation whose text cell goes on for n lines (Word's
// multi-paragraph cells, as a tab export writes them).
std::string long_cell_tabs(int n) {
  std::string memo = header() + k_tab_header + "1. " + short_text(0) + "\n";
  for (int i = 0; i < n; ++i) memo += "Paragraph " + std::to_string(i) + " of the same cell goes on.\n";
  return memo + "\tMMS\t31 August 2002\n";
}

// Two cells of n lines each: the text, then the due cell (the fuzzer's
// q_twocells_8000). Refused, after reading it: the due cell is no date.
std::string two_cells_tabs(int n) {
  std::string memo = header() + k_tab_header + "1. " + short_text(0) + "\n";
  for (int i = 0; i < n; ++i) memo += "Paragraph " + std::to_string(i) + " of the text.\n";
  memo += "\tMMS\tEnd of\n";
  for (int i = 0; i < n; ++i) memo += "the year " + std::to_string(i) + "\n";
  return memo;
}

// A due cell of n lines (each line without tabs goes on the cell the line
// above ended in) that never becomes a date: refused, after reading it.
std::string long_due_tabs(int n) {
  std::string memo = header() + k_tab_header + "1. " + short_text(0) + "\tMMS\tEnd of\n";
  for (int i = 0; i < n; ++i) memo += "the year " + std::to_string(i) + "\n";
  return memo;
}

// n rows, then as many paragraphs after the last, finished one.
std::string after_last_row_tabs(int n) {
  std::string memo = rows_tabs(n);
  for (int i = 0; i < n; ++i)
    memo += "Another paragraph " + std::to_string(i) + " of the last recommendation.\n";
  return memo;
}

// One labelled recommendation whose text goes on for n lines, then a
// responsible field of n lines and a deadline of n lines that is never a
// date: refused, after reading it.
std::string long_paragraph(int n) {
  std::string memo = header() + "Recommendation 1: " + short_text(0) + "\n";
  for (int i = 0; i < n; ++i) memo += "Line " + std::to_string(i) + " of the same recommendation goes on.\n";
  memo += "Responsible: MMS,\n";
  for (int i = 0; i < n; ++i) memo += "Office " + std::to_string(i) + ",\n";
  memo += "Deadline: End of\n";
  for (int i = 0; i < n; ++i) memo += "the year " + std::to_string(i) + "\n";
  return memo;
}

std::string long_cell_pipes(int n) {
  std::string memo = header() + k_pipe_header + "| 1 | " + short_text(0) + " | MMS | 31 August 2002 |\n";
  for (int i = 0; i < n; ++i) memo += "|  | Paragraph " + std::to_string(i) + " of the same cell. | | |\n";
  return memo;
}

std::string long_cell_fixed(int n) {
  std::string memo = header() + k_fixed_header;
  std::string text = "1. " + short_text(0);
  for (int i = 0; i < n; ++i) text += " and the cell goes on for word " + std::to_string(i);
  add_fixed_row(memo, 0, text + ".");
  return memo;
}

std::string long_cell_csv(int n) {
  std::string memo =
      "Subject: Evaluation of the Return Pilot (RP)\nNumber,Recommendation,Responsible,Due\n1,\"";
  for (int i = 0; i < n; ++i) memo += "Paragraph " + std::to_string(i) + " of the same cell.\n";
  return memo + "\",MMS,2003-01-10\n";
}

// Every row followed by a page break: page number, running footer and
// header, the table's header row again.
std::string page_breaks_tabs(int n) {
  std::string memo = header() + k_tab_header;
  for (int i = 0; i < n; ++i) {
    memo += std::to_string(i + 1) + ". " + short_text(i) + "\tMMS\t" + due_date(i) + "\n\n";
    memo += "Page " + std::to_string(i + 1) + " of " + std::to_string(n) + "\n\nPLACMI 2 follow-up\n\n";
    memo += k_tab_header;
  }
  return memo;
}

std::string page_breaks_pipes(int n) {
  std::string memo = header() + k_pipe_header;
  for (int i = 0; i < n; ++i) {
    memo += "| " + std::to_string(i + 1) + " | " + short_text(i) + " | MMS | " + due_date(i) + " |\n\n";
    memo += "- " + std::to_string(i + 1) + " -\n\nPLACMI 2 follow-up\n\n";
    memo += k_pipe_header;
  }
  return memo;
}

// One recommendation whose text is a single line of n bytes.
std::string one_line_tabs(int n) {
  std::string text;
  text.reserve(static_cast<std::size_t>(n));
  while (text.size() < static_cast<std::size_t>(n)) text += "word ";
  return header() + k_tab_header + "1. " + text + "\tMMS\t31 August 2002\n";
}

// A body paragraph of one line of n bytes before the table.
std::string one_line_prose(int n) {
  std::string text;
  text.reserve(static_cast<std::size_t>(n));
  while (text.size() < static_cast<std::size_t>(n)) text += "Prose  goes\ton ";
  return header() + text + "\n\n" + k_tab_header + "1. " + short_text(0) + "\tMMS\t31 August 2002\n";
}

std::string many_fields(int n) {
  std::string memo = "To: Director, MMS\nSubject: Evaluation of the Return Pilot (RP)\n";
  for (int i = 0; i < n; ++i) memo += "Ref: IOM/" + std::to_string(i) + "\n";
  return memo + "\n" + k_tab_header + "1. " + short_text(0) + "\tMMS\t31 August 2002\n";
}

std::string many_addressees(int n) {
  std::string memo = "To: Director, MMS\n";
  for (int i = 0; i < n; ++i) memo += "Head of Office " + std::to_string(i) + "\n";
  return memo + "Subject: Evaluation of the Return Pilot (RP)\n\n" + k_tab_header + "1. " + short_text(0) +
         "\tMMS\t31 August 2002\n";
}

// A subject wrapped over n lines, each capitalised and ending no sentence.
std::string long_subject(int n) {
  std::string memo = "To: Director, MMS\nSubject: Evaluation of the (Return Pilot\n";
  for (int i = 0; i < n; ++i) memo += "Component " + std::to_string(i) + "\n";
  return memo + "\n" + k_tab_header + "1. " + short_text(0) + "\tMMS\t31 August 2002\n";
}

// A responsible cell of n joint units with title commas ("Director, Director, …").
std::string long_joint(int n) {
  std::string unit;
  for (int i = 0; i < n; ++i) unit += "Director, ";
  return header() + k_tab_header + "1. " + short_text(0) + "\t" + unit + "MMS\t31 August 2002\n";
}

// n addressees whose names hold a separator ("Director, Office 7"), and n
// rows: every responsible cell is searched for every protected name.
std::string addressees_and_rows(int n) {
  std::string memo = "To: Director, MMS\n";
  for (int i = 0; i < n; ++i) memo += "Director, Office " + std::to_string(i) + "\n";
  memo += "Subject: Evaluation of the Return Pilot (RP)\n\n" + k_tab_header;
  for (int i = 0; i < n; ++i)
    memo += std::to_string(i + 1) + ". " + short_text(i) + "\tDirector, Office " + std::to_string(i) +
            "/MMS\t" + due_date(i) + "\n";
  return memo;
}

// n addressees with codes of their own ("Director, QBCDA"), and n rows each
// naming one: parsed with the directory a first import seeds from the To:
// list, so every name is resolved against n units.
std::string units_and_rows(int n) {
  auto code = [](int i) {
    std::string c = "Q";
    for (int k = 0; k < 4; ++k, i /= 26) c += static_cast<char>('A' + i % 26);
    return c;
  };
  std::string memo = "To: Director, MMS\n";
  for (int i = 0; i < n; ++i) memo += "Director, " + code(i) + "\n";
  memo += "Subject: Evaluation of the Return Pilot (RP)\n\n" + k_tab_header;
  for (int i = 0; i < n; ++i)
    memo += std::to_string(i + 1) + ". " + short_text(i) + "\t" + code(i) + "\t" + due_date(i) + "\n";
  return memo;
}

struct Shape {
  const char* name;
  std::string (*make)(int);
  bool directory = false;  // parse with the directory seeded from the memo's To: list
};

const Shape k_shapes[] = {
    {"rows_tabs", rows_tabs},
    {"rows_labelled", rows_labelled},
    {"rows_paragraphs", rows_paragraphs},
    {"rows_pipes", rows_pipes},
    {"rows_fixed", rows_fixed},
    {"rows_csv", rows_csv},
    {"rows_docx", rows_docx},
    {"rows_xlsx", rows_xlsx},
    {"long_cell_tabs", long_cell_tabs},
    {"two_cells_tabs", two_cells_tabs},
    {"long_due_tabs", long_due_tabs},
    {"after_last_row_tabs", after_last_row_tabs},
    {"long_paragraph", long_paragraph},
    {"long_cell_pipes", long_cell_pipes},
    {"long_cell_fixed", long_cell_fixed},
    {"long_cell_csv", long_cell_csv},
    {"page_breaks_tabs", page_breaks_tabs},
    {"page_breaks_pipes", page_breaks_pipes},
    {"one_line_tabs", one_line_tabs},
    {"one_line_prose", one_line_prose},
    {"many_fields", many_fields},
    {"many_addressees", many_addressees},
    {"long_subject", long_subject},
    {"long_joint", long_joint},
    {"addressees_and_rows", addressees_and_rows},
    {"units_and_rows", units_and_rows, true},
};

// The limits are lifted: these shapes measure how the parser's time grows,
// not where it refuses (docs/import.md has the default bounds).
ParseOptions unbounded() {
  ParseOptions options;
  options.file_name = "bench.txt";
  options.limits.max_input_bytes = std::size_t{1} << 30;
  options.limits.max_recommendations = 1U << 30;
  options.limits.max_field_bytes = std::size_t{1} << 30;
  return options;
}

// The shape named `name`, made at size state.range(0), parsed.
void bm_shape(benchmark::State& state, std::string_view name) {
  std::string memo;
  bool with_directory = false;
  for (const auto& shape : k_shapes)
    if (shape.name == name) {
      memo = shape.make(static_cast<int>(state.range(0)));
      with_directory = shape.directory;
    }
  ParseOptions options = unbounded();
  followup::UnitDirectory directory;
  if (with_directory) {
    directory = followup::importer::directory_from_addressees(parse_memo(memo, options)->header);
    options.directory = &directory;
  }
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop variable is the API
    auto parsed = parse_memo(memo, options);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(memo.size()));
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

// Each shape at N and 2N; the ratio of the two is printed at the end.
#define FOLLOWUP_SHAPE(name, n)            \
  BENCHMARK_CAPTURE(bm_shape, name, #name) \
      ->Arg(n)                             \
      ->Arg(std::int64_t{2} * (n))         \
      ->Repetitions(3)                     \
      ->Unit(benchmark::kMillisecond)
FOLLOWUP_SHAPE(rows_tabs, 50000);
FOLLOWUP_SHAPE(rows_labelled, 50000);
FOLLOWUP_SHAPE(rows_paragraphs, 25000);
FOLLOWUP_SHAPE(rows_pipes, 50000);
FOLLOWUP_SHAPE(rows_fixed, 50000);
FOLLOWUP_SHAPE(rows_csv, 50000);
FOLLOWUP_SHAPE(rows_docx, 20000);
FOLLOWUP_SHAPE(rows_xlsx, 20000);
FOLLOWUP_SHAPE(long_cell_tabs, 16000);
FOLLOWUP_SHAPE(two_cells_tabs, 8000);
FOLLOWUP_SHAPE(long_due_tabs, 16000);
FOLLOWUP_SHAPE(after_last_row_tabs, 20000);
FOLLOWUP_SHAPE(long_paragraph, 8000);
FOLLOWUP_SHAPE(long_cell_pipes, 16000);
FOLLOWUP_SHAPE(long_cell_fixed, 16000);
FOLLOWUP_SHAPE(long_cell_csv, 16000);
FOLLOWUP_SHAPE(page_breaks_tabs, 20000);
FOLLOWUP_SHAPE(page_breaks_pipes, 20000);
FOLLOWUP_SHAPE(one_line_tabs, 5000000);
FOLLOWUP_SHAPE(one_line_prose, 5000000);
FOLLOWUP_SHAPE(many_fields, 50000);
FOLLOWUP_SHAPE(many_addressees, 50000);
FOLLOWUP_SHAPE(long_subject, 20000);
FOLLOWUP_SHAPE(long_joint, 20000);
FOLLOWUP_SHAPE(addressees_and_rows, 5000);
FOLLOWUP_SHAPE(units_and_rows, 5000);

constexpr double k_max_ratio = 2.5;

// Prints as usual, then each parse's throughput as a share of the line count
// over the same bytes, and each shape's time at 2N over its time at N.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  RatioReporter() : ConsoleReporter(OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    // CPU time, and the fastest repetition: the machine is shared, and
    // other work only ever adds time (wall-clock time most of all).
    for (const auto& run : runs) {
      if (run.error_occurred || run.run_type == Run::RT_Aggregate) continue;
      const double t = run.GetAdjustedCPUTime();
      auto keep_least = [t](double& slot) { slot = slot == 0 ? t : std::min(slot, t); };
      if (run.run_name.args.empty())
        keep_least(m_seconds_per_iteration[run.run_name.function_name]);
      else
        keep_least(m_shape_seconds[run.run_name.function_name][std::stoll(run.run_name.args)]);
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    print("tabs", "bm_parse_memo_tabs", "bm_line_count_tabs", tabs().size());
    print("fixed-width", "bm_parse_memo_fixed_width", "bm_line_count_fixed_width", fixed().size());
    for (const auto& [name, by_size] : m_shape_seconds) {
      if (by_size.size() != 2) continue;
      const auto& [n, small] = *by_size.begin();
      const double ratio = by_size.rbegin()->second / small;
      std::printf("%-32s N=%-8lld time(2N)/time(N) = %.2f%s\n", name.c_str(), n, ratio,
                  ratio < k_max_ratio ? "" : "  ABOVE 2.5");
    }
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
  std::map<std::string, std::map<long long, double>> m_shape_seconds;  // by shape, then size
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
