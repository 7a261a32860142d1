#include "importer/memo_date.h"

#include <optional>
#include <string>
#include <vector>

#include "util/text.h"

namespace followup::importer {

namespace {

using util::is_digit;

struct MonthName {
  std::string_view word;
  int month;
};

// Accent-folded, lower case. Abbreviations are the usual ones; a trailing
// '.' is removed before lookup.
constexpr MonthName k_months[] = {
    {"january", 1},    {"jan", 1},       {"february", 2},  {"feb", 2},       {"march", 3},
    {"mar", 3},        {"april", 4},     {"apr", 4},       {"may", 5},       {"june", 6},
    {"jun", 6},        {"july", 7},      {"jul", 7},       {"august", 8},    {"aug", 8},
    {"september", 9},  {"sept", 9},      {"sep", 9},       {"october", 10},  {"oct", 10},
    {"november", 11},  {"nov", 11},      {"december", 12}, {"dec", 12},      {"enero", 1},
    {"ene", 1},        {"febrero", 2},   {"marzo", 3},     {"abril", 4},     {"abr", 4},
    {"mayo", 5},       {"junio", 6},     {"julio", 7},     {"agosto", 8},    {"ago", 8},
    {"septiembre", 9}, {"setiembre", 9}, {"set", 9},       {"octubre", 10},  {"noviembre", 11},
    {"diciembre", 12}, {"dic", 12},      {"janvier", 1},   {"janv", 1},      {"fevrier", 2},
    {"fevr", 2},       {"fev", 2},       {"mars", 3},      {"avril", 4},     {"avr", 4},
    {"mai", 5},        {"juin", 6},      {"juillet", 7},   {"juil", 7},      {"aout", 8},
    {"septembre", 9},  {"octobre", 10},  {"novembre", 11}, {"decembre", 12},
};

constexpr std::string_view k_weekdays[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday",   "saturday", "sunday",
    "lunes",  "martes",  "miercoles", "jueves",   "viernes",  "sabado",   "domingo",
    "lundi",  "mardi",   "mercredi",  "jeudi",    "vendredi", "samedi",   "dimanche",
};

// Small words between the parts of a date: "31 de agosto de 2001", "the 3rd of May".
constexpr std::string_view k_fillers[] = {"de", "del",    "le", "the",   "of",   "el",
                                          "by", "before", "on", "avant", "antes"};

std::optional<int> month_of(std::string_view word) {
  for (const auto& m : k_months)
    if (m.word == word) return m.month;
  return std::nullopt;
}

bool in(std::string_view word, const std::string_view* begin, const std::string_view* end) {
  for (auto p = begin; p != end; ++p)
    if (*p == word) return true;
  return false;
}

// A day number with an optional ordinal suffix: 1, 1er, 1st, 2nd, 3rd, 4th,
// 1o, 1º, Spanish "1.º", and French "1ᵉʳ" in Unicode superscript letters.
std::optional<int> day_of(std::string_view word) {
  std::size_t i = 0;
  int value = 0;
  while (i < word.size() && is_digit(word[i]) && i < 2) value = value * 10 + (word[i++] - '0');
  if (i == 0) return std::nullopt;
  auto suffix = word.substr(i);
  const bool dotted = suffix.starts_with(".") && suffix.size() > 1;
  if (dotted) suffix.remove_prefix(1);
  const bool spanish = suffix == "o" || suffix == "\xC2\xBA" || suffix == "\xC2\xB0";
  if (dotted) return spanish ? std::optional<int>(value) : std::nullopt;
  if (suffix.empty() || suffix == "er" || suffix == "st" || suffix == "nd" || suffix == "rd" ||
      suffix == "th" || spanish || suffix == "eme" || suffix == "\xE1\xB5\x89\xCA\xB3")
    return value;
  return std::nullopt;
}

std::optional<int> year_of(std::string_view word) {
  if (word.size() != 4) return std::nullopt;
  int value = 0;
  for (char c : word) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

ParsedDate make(int year, int month, int day) {
  if (const auto d = Date::from_ymd(year, month, day)) return {DateReading::date, *d};
  return {DateReading::impossible, {}};
}

// dd/mm/yyyy with '/', '.' or '-' (one kind), or yyyy-mm-dd.
std::optional<ParsedDate> numeric(std::string_view s) {
  std::vector<int> parts;
  std::vector<std::size_t> widths;
  char sep = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    int value = 0;
    while (j < s.size() && is_digit(s[j]) && j - i < 5) value = value * 10 + (s[j++] - '0');
    if (j == i || j - i > 4) return std::nullopt;
    parts.push_back(value);
    widths.push_back(j - i);
    if (j == s.size()) break;
    const char c = s[j];
    if (c != '/' && c != '.' && c != '-') return std::nullopt;
    if (sep != 0 && c != sep) return std::nullopt;
    sep = c;
    i = j + 1;
    if (i == s.size()) return std::nullopt;
  }
  if (parts.size() != 3) return std::nullopt;
  if (widths[0] == 4 && widths[1] <= 2 && widths[2] <= 2 && sep == '-')
    return make(parts[0], parts[1], parts[2]);
  if (widths[0] <= 2 && widths[1] <= 2 && widths[2] == 4) return make(parts[2], parts[1], parts[0]);
  return std::nullopt;
}

}  // namespace

ParsedDate parse_memo_date(std::string_view text) {
  std::string_view s = util::trim(text);
  while (!s.empty() && (s.back() == '.' || s.back() == ',')) s.remove_suffix(1);
  if (s.empty()) return {};
  std::string folded = util::fold_accents(s);
  if (is_digit(s.front()) && s.find(' ') == std::string_view::npos) {
    if (auto d = numeric(s)) return *d;
    // "31-Aug-2001", "31/août/2001": words between the separators.
    bool letters = false;
    for (char c : folded) letters = letters || util::is_ascii_lower(c);
    if (!letters) return {};
    for (char& c : folded)
      if (c == '-' || c == '/') c = ' ';
  }

  std::vector<std::string_view> words;
  std::size_t i = 0;
  const std::string_view f = folded;
  while (i < f.size()) {
    while (i < f.size() && (f[i] == ' ' || f[i] == ',' || f[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < f.size() && f[j] != ' ' && f[j] != ',' && f[j] != '\t') ++j;
    if (j > i) {
      std::string_view w = f.substr(i, j - i);
      if (w.size() > 1 && w.back() == '.') w.remove_suffix(1);
      if (!in(w, std::begin(k_fillers), std::end(k_fillers))) words.push_back(w);
    }
    i = j;
  }
  if (!words.empty() && in(words.front(), std::begin(k_weekdays), std::end(k_weekdays)))
    words.erase(words.begin());
  if (words.size() != 3) return {};

  // 31 August 2001
  if (auto day = day_of(words[0])) {
    const auto month = month_of(words[1]);
    const auto year = year_of(words[2]);
    if (month && year) return make(*year, *month, *day);
    return {};
  }
  // August 31, 2001
  if (auto month = month_of(words[0])) {
    const auto day = day_of(words[1]);
    const auto year = year_of(words[2]);
    if (day && year) return make(*year, *month, *day);
  }
  return {};
}

}  // namespace followup::importer
