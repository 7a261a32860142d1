#include "core/reference.h"

#include <array>
#include <cctype>
#include <charconv>

namespace followup {

namespace {

bool is_upper_or_digit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Words that carry no initial in a title: articles, prepositions, and the
// leading "Evaluation"/"Evaluación"/"Évaluation" itself.
bool is_stop_word(std::string_view word) {
  static constexpr std::array<std::string_view, 24> k_words = {
      "evaluation", "evaluación", "évaluation", "evaluacion", "of",  "the", "and", "for",
      "in",         "on",         "a",          "an",         "de",  "del", "la",  "el",
      "los",        "las",        "y",          "du",         "des", "le",  "les", "et"};
  std::string lower;
  for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto w : k_words)
    if (w == lower) return true;
  return false;
}

}  // namespace

std::string RecommendationRef::str() const { return evaluation + "#" + std::to_string(number); }

bool is_valid_evaluation_code(std::string_view code) {
  if (code.empty() || code.size() > 40 || code.front() == '-') return false;
  for (char c : code)
    if (!is_upper_or_digit(c) && c != '-') return false;
  return true;
}

Result<RecommendationRef> parse_recommendation_ref(std::string_view text) {
  const auto hash = text.rfind('#');
  if (hash == std::string_view::npos)
    return make_error(
        ErrorCode::invalid_argument,
        "'" + std::string(text) + "' is not a recommendation reference (CODE#N, e.g. PLACMI-2#1)");
  const auto code = text.substr(0, hash);
  const auto num = text.substr(hash + 1);
  int n = 0;
  const auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), n);
  if (!is_valid_evaluation_code(code) || ec != std::errc{} || end != num.data() + num.size() || n < 1)
    return make_error(
        ErrorCode::invalid_argument,
        "'" + std::string(text) + "' is not a recommendation reference (CODE#N, e.g. PLACMI-2#1)");
  return RecommendationRef{std::string(code), n};
}

std::optional<std::string> evaluation_code_from_title(std::string_view title) {
  // Scan parenthesised groups from the end: the acronym is usually last.
  std::size_t close = title.size();
  while ((close = title.rfind(')', close == 0 ? std::string_view::npos : close - 1)) !=
         std::string_view::npos) {
    const auto open = title.rfind('(', close);
    if (open == std::string_view::npos) break;
    const auto inner = title.substr(open + 1, close - open - 1);
    std::string code;
    bool has_upper = false;
    bool acronym = !inner.empty();
    for (char c : inner) {
      if (c >= 'A' && c <= 'Z') {
        has_upper = true;
        code += c;
      } else if (c >= '0' && c <= '9') {
        code += c;
      } else if (c == ' ' || c == '-' || c == '_' || c == '/' || c == '.') {
        if (!code.empty() && code.back() != '-') code += '-';
      } else {
        acronym = false;
        break;
      }
    }
    while (!code.empty() && code.back() == '-') code.pop_back();
    if (acronym && has_upper && is_valid_evaluation_code(code)) return code;
    if (open == 0) break;
    close = open;
  }
  return std::nullopt;
}

std::string evaluation_code_from_initials(std::string_view title) {
  std::string code;
  std::size_t i = 0;
  while (i < title.size()) {
    while (i < title.size() && !std::isalnum(static_cast<unsigned char>(title[i])) &&
           static_cast<unsigned char>(title[i]) < 0x80)
      ++i;
    std::size_t j = i;
    while (j < title.size() && (std::isalnum(static_cast<unsigned char>(title[j])) ||
                                static_cast<unsigned char>(title[j]) >= 0x80))
      ++j;
    const auto word = title.substr(i, j - i);
    if (!word.empty() && !is_stop_word(word)) {
      const char c = word.front();
      if (std::isalnum(static_cast<unsigned char>(c)))
        code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    i = j;
  }
  if (code.empty()) code = "EVAL";
  if (code.size() > 12) code.resize(12);
  return code;
}

std::string recommendation_ref(std::string_view evaluation, int number) {
  return std::string(evaluation) + "#" + std::to_string(number);
}

std::string recommendation_entity(std::string_view evaluation, int number) {
  return "recommendation:" + recommendation_ref(evaluation, number);
}

std::string evaluation_entity(std::string_view evaluation) { return "evaluation:" + std::string(evaluation); }

}  // namespace followup
