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

  // For each byte of `text` (case-folded, white space folded, as the names
  // are), whether it lies inside an occurrence of a name that starts and
  // ends at word boundaries; empty when no name occurs. Time is linear in
  // `text` (an Aho-Corasick automaton over the names, built on first use),
  // however many names there are: a memo may name thousands of addressees.
  [[nodiscard]] std::vector<bool> locked(std::string_view text) const;

 private:
  struct Node {
    int child = -1;    // first child
    int sibling = -1;  // next child of the same parent
    int fail = 0;      // longest proper suffix that is a node
    int output = -1;   // longest proper suffix that ends a name, or -1
    int depth = 0;
    bool ends_name = false;
    char byte = 0;
  };
  [[nodiscard]] int child_of(int node, char byte) const;
  void build() const;

  std::vector<std::string> m_names;         // case-folded, white space folded
  std::unordered_set<std::string> m_known;  // the same, to add each once in constant time
  mutable std::vector<Node> m_nodes;        // the automaton; empty until first used
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
