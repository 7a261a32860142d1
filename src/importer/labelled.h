// Recommendations written as labelled paragraphs rather than a table
// (docs/import.md, "Labelled paragraphs"):
//
//   Recommendation 3: Strengthen the monitoring of the fund as follows:
//   (a) ...
//   Responsible: Division of X; Unit Y
//   Deadline: 31 December 2002
//
// read into the raw rows a table gives, before dates are read and units split.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importer/lines.h"
#include "importer/memo_parser.h"
#include "importer/table.h"

namespace followup::importer::detail {

// "Recommendation 3: text", "Recomendación 3.", "Recommandation 3 :",
// "Recommendation 3 – text", "**Recommendation 3:**", "## Recommendation 3":
// the number, and the text after the label on its line. A label without a
// stop must end its line ("Recommendation 3 was discussed" is prose).
struct RecommendationLabel {
  int number = 0;
  std::string text;
};
std::optional<RecommendationLabel> recommendation_label(std::string_view line);

enum class LabelledField { responsible, due };

// "Responsible: MMS; MPRP", "Échéance : 31 décembre 2002": which field the
// line gives, and its value. Labels in English, Spanish and French, in any
// case, with or without accents.
struct FieldValue {
  LabelledField field = LabelledField::responsible;
  std::string_view value;
};
std::optional<FieldValue> labelled_field(std::string_view line);

// Reads labelled recommendations from lines[begin] on, within `limits`'
// bounds on recommendations and field sizes. `found` when a label is
// followed by a field line; `header_line` and the stray row are not used.
//
// `numbered`: the recommendations are numbered paragraphs ("1. text",
// "2) text", as Word's numbered lists read, importer/docx.h) rather than
// labelled ones; numbered paragraphs before the first one followed by a
// field line are the memo's own (its numbered body), not recommendations.
// A numbered line inside a recommendation's text starts the next one.
TableParse parse_labelled(const std::vector<Line>& lines, std::size_t begin, const ParseLimits& limits,
                          bool numbered = false);

}  // namespace followup::importer::detail
