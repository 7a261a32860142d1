#include "core/unit_directory.h"

#include <algorithm>
#include <cctype>

#include "core/unit_code.h"

namespace followup {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
unsigned char byte(char c) { return static_cast<unsigned char>(c); }

// Case folding for ASCII and the accented capitals of Spanish and French
// (U+00C0-U+00DE), white space runs folded to one space, ends trimmed.
std::string normalise(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (is_space(c)) {
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (byte(c) == 0xC3 && i + 1 < s.size() && byte(s[i + 1]) >= 0x80 && byte(s[i + 1]) <= 0x9E &&
               byte(s[i + 1]) != 0x97) {
      out += c;
      out += static_cast<char>(byte(s[i + 1]) + 0x20);
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

// Head-title forms, normalised, longest first within a language so that
// "director of the " wins over "director of ".
constexpr std::string_view k_title_prefixes[] = {
    "chief of mission, ",
    "head of office, ",
    "head of mission, ",
    "regional director, ",
    "regional director for ",
    "jefe de misión, ",
    "jefa de misión, ",
    "jefe de oficina, ",
    "director regional, ",
    "directora regional, ",
    "chef de mission, ",
    "chef de bureau, ",
    "directeur régional, ",
    "directrice régionale, ",
    "the head of the ",
    "the head of ",
    "head of the ",
    "head of ",
    "head, ",
    "the director of the ",
    "the director of ",
    "director of the ",
    "director of ",
    "director, ",
    "chief of the ",
    "chief of ",
    "chief, ",
    "manager of the ",
    "manager of ",
    "manager, ",
    "jefe de la ",
    "jefe del ",
    "jefe de ",
    "jefa de la ",
    "jefa del ",
    "jefa de ",
    "jefe, ",
    "jefa, ",
    "director de la ",
    "director del ",
    "director de ",
    "directora de la ",
    "directora del ",
    "directora de ",
    "directora, ",
    "chef de la ",
    "chef du ",
    "chef de l'",
    "chef de ",
    "chef, ",
    "directeur de la ",
    "directeur du ",
    "directeur de l'",
    "directeur de ",
    "directeur, ",
    "directrice de la ",
    "directrice du ",
    "directrice de ",
    "directrice, ",
    "responsable de ",
};

// Words that say what kind of office a name is, not where it is: stripped
// from the front of a name to find its place ("IOM Buenos Aires" and
// "MRF Buenos Aires" are both in "buenos aires").
constexpr std::string_view k_place_prefixes[] = {
    "iom",
    "oim",
    "mrf",
    "mission",
    "misión",
    "mision",
    "office",
    "oficina",
    "bureau",
    "regional",
    "country",
    "field",
    "sub-office",
    "suboffice",
    "representation",
    "representación",
    "délégation",
    "delegation",
    "delegación",
    "the",
    "la",
    "el",
    "le",
    "l'",
    "of",
    "in",
    "en",
    "de",
    "du",
    "at",
};

std::string_view strip_title(std::string_view normalised, std::string_view original, std::string_view& rest) {
  // "The Director, MMS" is "Director, MMS".
  for (std::string_view article : {"the ", "el ", "la ", "le "}) {
    if (normalised.size() > article.size() && normalised.substr(0, article.size()) == article) {
      std::size_t lead = 0;
      while (lead < original.size() && is_space(original[lead])) ++lead;
      std::size_t skip = lead + article.size() - 1;
      while (skip < original.size() && is_space(original[skip])) ++skip;
      const auto found = strip_title(normalised.substr(article.size()), original.substr(skip), rest);
      if (!found.empty()) return found;
    }
  }
  for (auto prefix : k_title_prefixes) {
    if (normalised.size() > prefix.size() && normalised.substr(0, prefix.size()) == prefix) {
      // Byte offsets agree: normalise() keeps every byte's length and the
      // original's leading white space is the only thing it drops.
      std::size_t lead = 0;
      while (lead < original.size() && is_space(original[lead])) ++lead;
      std::string_view tail = original.substr(lead);
      // White space runs inside the prefix may be longer in the original.
      std::size_t seen = 0;
      std::size_t i = 0;
      while (i < tail.size() && seen < prefix.size()) {
        if (is_space(tail[i])) {
          while (i < tail.size() && is_space(tail[i])) ++i;
          ++seen;
          continue;
        }
        ++i;
        ++seen;
      }
      rest = tail.substr(i);
      while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
      while (!rest.empty() && (is_space(rest.back()) || rest.back() == '.' || rest.back() == ','))
        rest.remove_suffix(1);
      return prefix;
    }
  }
  rest = {};
  return {};
}

std::string place_of(std::string_view normalised_name) {
  std::string_view s = normalised_name;
  for (;;) {
    const auto space = s.find(' ');
    if (space == std::string_view::npos) break;
    const auto word = s.substr(0, space);
    bool prefix = false;
    for (auto p : k_place_prefixes)
      if (word == p) prefix = true;
    if (!prefix) break;
    s.remove_prefix(space + 1);
  }
  return std::string(s);
}

bool is_acronym(std::string_view word) {
  int letters = 0;
  for (char c : word) {
    if (c >= 'A' && c <= 'Z') {
      ++letters;
    } else if (!(c >= '0' && c <= '9') && c != '-' && c != '&') {
      return false;
    }
  }
  return letters >= 2;
}

// ASCII upper case with the Latin-1 accents removed: "José" gives "JOSE".
std::string ascii_upper_folded(std::string_view s) {
  static constexpr char k_base[32] = {'A', 'A', 'A', 'A', 'A', 'A', 'A', 'C', 'E', 'E', 'E',
                                      'E', 'I', 'I', 'I', 'I', 'D', 'N', 'O', 'O', 'O', 'O',
                                      'O', 0,   'O', 'U', 'U', 'U', 'U', 'Y', 0,   0};
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (byte(c) == 0xC3 && i + 1 < s.size() && byte(s[i + 1]) >= 0x80 && byte(s[i + 1]) <= 0xBF) {
      const char b = k_base[(byte(s[i + 1]) - 0x80) & 0x1F];
      if (b != 0) out += b;
      ++i;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += static_cast<char>(std::toupper(byte(c)));
    }
  }
  return out;
}

bool starts_capital(std::string_view word) {
  if (word.empty()) return false;
  if (word[0] >= 'A' && word[0] <= 'Z') return true;
  return word.size() > 1 && byte(word[0]) == 0xC3 && byte(word[1]) >= 0x80 && byte(word[1]) <= 0x9E;
}

// A code that keeps the unit-code rule (core/unit_code.h), or "" when the
// name gives none.
std::string code_for_name(std::string_view name) {
  // "Migration Management Services (MMS)": the acronym the name gives itself.
  if (name.size() > 2 && name.back() == ')') {
    const auto open = name.rfind('(');
    const auto inner =
        open == std::string_view::npos ? std::string_view{} : name.substr(open + 1, name.size() - open - 2);
    if (is_acronym(inner) && is_valid_unit_code(inner)) return std::string(inner);
  }
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && is_space(name[i])) ++i;
    std::size_t j = i;
    while (j < name.size() && !is_space(name[j])) ++j;
    if (j > i) words.push_back(name.substr(i, j - i));
    i = j;
  }
  std::string code;
  std::size_t k = 0;
  for (; k < words.size() && is_acronym(words[k]); ++k) {
    if (!code.empty()) code += '-';
    for (char c : words[k])
      if (c != '&') code += c;
  }
  std::vector<std::string_view> capitalised;
  for (; k < words.size(); ++k)
    if (starts_capital(words[k])) capitalised.push_back(words[k]);
  std::string rest;
  if (capitalised.size() == 1) {
    rest = ascii_upper_folded(capitalised.front());
  } else {
    for (auto w : capitalised) {
      const std::string folded = ascii_upper_folded(w);
      if (!folded.empty()) rest += folded.front();
    }
  }
  if (!rest.empty()) {
    if (!code.empty()) code += '-';
    code += rest;
  }
  // A long name gives a long code: cut to the rule's length, never ending
  // on a '-'.
  if (code.size() > k_max_unit_code_length) code.resize(k_max_unit_code_length);
  while (!code.empty() && code.back() == '-') code.pop_back();
  return is_valid_unit_code(code) ? code : std::string();
}

}  // namespace

namespace {

constexpr std::size_t k_ambiguous = static_cast<std::size_t>(-1);

}  // namespace

UnitDirectory::UnitDirectory(std::vector<Unit> units) : m_units(std::move(units)) {
  for (std::size_t i = 0; i < m_units.size(); ++i) index_unit(i);
}

void UnitDirectory::add(Unit unit) {
  m_units.push_back(std::move(unit));
  index_unit(m_units.size() - 1);
}

void UnitDirectory::index_unit(std::size_t i) {
  const Unit& u = m_units[i];
  m_by_code.emplace(normalise(u.code), i);
  m_by_name.emplace(normalise(u.name), i);
  for (const auto& a : u.aliases) m_by_alias.emplace(normalise(a), i);
  if (!u.head_title.empty()) m_by_title.emplace(normalise(u.head_title), i);
  // The unit's places: of its name, of its head title without the title,
  // of each alias.
  std::vector<std::string> places{place_of(normalise(u.name))};
  if (!u.head_title.empty()) {
    const std::string title = normalise(u.head_title);
    std::string_view rest;
    if (!strip_title(title, title, rest).empty()) places.push_back(place_of(rest));
  }
  for (const auto& a : u.aliases) places.push_back(place_of(normalise(a)));
  for (auto& place : places) {
    if (place.empty()) continue;
    const auto [it, inserted] = m_by_place.emplace(std::move(place), i);
    if (!inserted && it->second != i) it->second = k_ambiguous;
  }
}

const Unit* UnitDirectory::find_exact(const std::string& key, MatchKind& how, bool titles) const {
  const std::pair<const Index*, MatchKind> kinds[] = {{&m_by_code, MatchKind::code},
                                                      {&m_by_name, MatchKind::name},
                                                      {&m_by_alias, MatchKind::alias},
                                                      {&m_by_title, MatchKind::head_title}};
  for (const auto& [index, kind] : kinds) {
    if (kind == MatchKind::head_title && !titles) break;
    if (const auto it = index->find(key); it != index->end()) {
      how = kind;
      return &m_units[it->second];
    }
  }
  return nullptr;
}

std::optional<UnitMatch> UnitDirectory::resolve(std::string_view name) const {
  const std::string key = normalise(name);
  if (key.empty()) return std::nullopt;
  MatchKind how = MatchKind::code;
  if (const Unit* u = find_exact(key, how, true)) return UnitMatch{u, how, {}};

  std::string_view rest;
  if (!strip_title(key, key, rest).empty() && !rest.empty()) {
    if (const Unit* u = find_exact(std::string(rest), how, false))
      return UnitMatch{u, MatchKind::head_title, {}};
  }

  // "Migration Management Services (MMS)" names MMS; "MMS (lead)" is MMS.
  if (key.size() > 2 && key.back() == ')') {
    const auto open = key.rfind('(');
    if (open != std::string::npos && open > 0) {
      const std::string inner = key.substr(open + 1, key.size() - open - 2);
      std::string outer = key.substr(0, open);
      while (!outer.empty() && outer.back() == ' ') outer.pop_back();
      if (const Unit* u = find_exact(inner, how, false); u != nullptr && how == MatchKind::code)
        return UnitMatch{u, how, {}};
      // One remark only: the recursion never meets another final ')'.
      if (!outer.empty() && outer.back() != ')')
        if (auto m = resolve(outer); m && m->how != MatchKind::place) return m;
    }
  }

  const std::string place = place_of(key);
  if (place.empty()) return std::nullopt;
  const auto at = m_by_place.find(place);
  if (at == m_by_place.end() || at->second == k_ambiguous) return std::nullopt;
  const Unit* found = &m_units[at->second];
  // Quote the place as the memo wrote it: the tail of the name with the same length.
  std::string_view trimmed = name;
  while (!trimmed.empty() && is_space(trimmed.back())) trimmed.remove_suffix(1);
  std::string written = place;
  if (trimmed.size() >= place.size()) written = std::string(trimmed.substr(trimmed.size() - place.size()));
  std::string explanation = "'" + std::string(trimmed) + "' matched unit " + found->code + " (" +
                            found->name + ") by its place name '" + written + "'";
  return UnitMatch{found, MatchKind::place, std::move(explanation)};
}

bool UnitDirectory::knows(std::string_view name) const {
  const auto match = resolve(name);
  return match && match->how != MatchKind::place;
}

std::optional<Unit> unit_from_addressee(std::string_view addressee) {
  std::string_view original = addressee;
  while (!original.empty() && is_space(original.front())) original.remove_prefix(1);
  while (!original.empty() && (is_space(original.back()) || original.back() == ',' || original.back() == ';'))
    original.remove_suffix(1);
  if (original.empty()) return std::nullopt;
  const std::string key = normalise(original);
  std::string_view name;
  // normalise() may shorten white space runs; strip_title copes with that
  // by walking the original.
  if (strip_title(key, original, name).empty()) {
    const auto space = original.find(' ');
    if (!is_acronym(original.substr(0, space))) return std::nullopt;
    name = original;
  }
  if (name.empty()) return std::nullopt;
  Unit unit;
  unit.name.reserve(name.size());
  bool pending = false;
  for (char c : name) {
    if (is_space(c)) {
      pending = !unit.name.empty();
      continue;
    }
    if (pending) unit.name += ' ';
    pending = false;
    unit.name += c;
  }
  unit.code = code_for_name(unit.name);
  if (unit.code.empty()) return std::nullopt;
  if (name.size() != original.size()) unit.head_title = std::string(original);
  return unit;
}

std::vector<std::string> unit_names(const std::vector<Unit>& units, const std::vector<std::string>& codes) {
  std::vector<std::string> names;
  names.reserve(codes.size());
  for (const auto& code : codes) {
    const auto found =
        std::find_if(units.begin(), units.end(), [&](const Unit& u) { return u.code == code; });
    names.push_back(found == units.end() ? code : found->name);
  }
  return names;
}

}  // namespace followup
