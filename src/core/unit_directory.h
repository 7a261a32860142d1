// Resolving the names memos use for units against the unit directory.
// Pure: the directory is a value handed in; nothing is read or written.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/model.h"

namespace followup {

enum class MatchKind {
  code,        // "MMS"
  name,        // "MRF Buenos Aires"
  alias,       // an alias recorded for the unit
  head_title,  // "Head of MRF Buenos Aires", "Director, MMS", "Jefe de la MRF San José"
  place,       // "IOM Buenos Aires": same place name as exactly one unit
};

struct UnitMatch {
  const Unit* unit = nullptr;  // points into the directory
  MatchKind how = MatchKind::code;
  // For a match that is not exact (place), a sentence for a person saying
  // how the name was matched; empty otherwise.
  std::string explanation;
};

class UnitDirectory {
 public:
  UnitDirectory() = default;
  explicit UnitDirectory(std::vector<Unit> units);

  [[nodiscard]] const std::vector<Unit>& units() const { return m_units; }
  [[nodiscard]] bool empty() const { return m_units.empty(); }

  // Comparison folds case, accents-insensitive is NOT applied, white space
  // runs fold to one space. Exact kinds are tried before `place`; an
  // ambiguous place match (two units) answers nullopt. A final parenthesis
  // is read as a code ("Migration Management Services (MMS)") or as a
  // remark ("MMS (lead)") before places are tried.
  [[nodiscard]] std::optional<UnitMatch> resolve(std::string_view name) const;

  // True when `name` is a whole unit name known to the directory (code,
  // name, alias or head title) — such a name is never split as joint.
  [[nodiscard]] bool knows(std::string_view name) const;

  void add(Unit unit);

 private:
  using Index = std::unordered_map<std::string, std::size_t>;  // normalised key -> index into m_units
  void index_unit(std::size_t i);
  [[nodiscard]] const Unit* find_exact(const std::string& key, MatchKind& how, bool titles) const;

  std::vector<Unit> m_units;
  // Each kind of key to the first unit with it, as a search in order would
  // find it, and each place to its one unit (k_ambiguous: two units share
  // it): resolving a name costs the same however many units there are.
  Index m_by_code;
  Index m_by_name;
  Index m_by_alias;
  Index m_by_title;
  Index m_by_place;
};

// A unit derived from an addressee of a memo's To: line, for seeding an
// empty directory: "Head of MRF Buenos Aires" gives code "MRF-BA", name
// "MRF Buenos Aires", head title as written; "Director, MMS" gives "MMS".
// English, Spanish and French titles. The code keeps the unit-code rule
// (core/unit_code.h); a longer one is cut to its length. Nullopt when no
// unit name, or no code, can be read from it.
std::optional<Unit> unit_from_addressee(std::string_view addressee);

// The names of `codes` as `units` give them; a code they lack stands for
// itself.
std::vector<std::string> unit_names(const std::vector<Unit>& units, const std::vector<std::string>& codes);

}  // namespace followup
