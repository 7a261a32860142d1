// References people type: an evaluation code ("PLACMI-2") and a
// recommendation reference ("PLACMI-2#1").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace followup {

struct RecommendationRef {
  std::string evaluation;  // evaluation code
  int number = 0;

  [[nodiscard]] std::string str() const;  // "CODE#N"
  friend bool operator==(const RecommendationRef&, const RecommendationRef&) = default;
};

// Parses "CODE#N" (code as in is_valid_evaluation_code, N >= 1). Leading
// zeros are allowed and dropped: "PLACMI-2#01" is "PLACMI-2#1".
Result<RecommendationRef> parse_recommendation_ref(std::string_view text);

// The one spelling of references and history keys: "CODE#N" and
// "recommendation:CODE#N", "evaluation:CODE".
std::string recommendation_ref(std::string_view evaluation, int number);
std::string recommendation_entity(std::string_view evaluation, int number);
std::string evaluation_entity(std::string_view evaluation);

// Codes are 1-40 characters of A-Z, 0-9 and '-', starting with a letter or digit.
bool is_valid_evaluation_code(std::string_view code);

// The code a title's acronym gives: the last parenthesised group that looks
// like an acronym, upper-cased, spaces turned to '-': "(PLACMI 2)" gives
// "PLACMI-2". Nullopt when the title has none.
std::optional<std::string> evaluation_code_from_title(std::string_view title);

// A fallback code from the initials of the title's significant words
// ("Evaluation of the Technical Cooperation Fund" gives "TCF").
std::string evaluation_code_from_initials(std::string_view title);

}  // namespace followup
