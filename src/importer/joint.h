// Splitting a "responsible" cell into the units that hold a recommendation
// jointly.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace followup::importer {

// Names that must never be split, because they are whole unit names
// ("Finance and Administration", "Director, MMS"). Matching folds case.
class ProtectedNames {
 public:
  // Only names holding a separator are kept: the others cannot be split anyway.
  void add(std::string_view name);
  [[nodiscard]] const std::vector<std::string>& names() const { return m_names; }

 private:
  std::vector<std::string> m_names;         // case-folded, white space folded
  std::unordered_set<std::string> m_known;  // the same, to add each once in constant time
};

// Splits on '/', ',', ';', '&', '+', line ends (each line of a cell names a
// unit) and the words "and", "y", "et" (each standing alone between
// spaces), except inside a protected name and at the comma of a title
// ("Director, MMS", "Head, MRF Dakar", "Directeur, MMS"). Parts
// are trimmed, white space folded, a trailing '.' and Markdown emphasis
// (`**`, `_`) dropped; empty parts go.
// "MMS/MPRP" gives {"MMS", "MPRP"}; "A, B and C" gives {"A", "B", "C"}.
std::vector<std::string> split_responsible(std::string_view cell, const ProtectedNames& names);

}  // namespace followup::importer
