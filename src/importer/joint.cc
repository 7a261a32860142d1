#include "importer/joint.h"

#include <algorithm>

#include "util/text.h"

namespace followup::importer {

namespace {

bool is_separator_char(char c) {
  return c == '/' || c == ',' || c == ';' || c == '&' || c == '+' || c == '\n';
}

// White space runs become one space, or one line end when the run holds a
// line end (a cell's lines name different units).
std::string fold_keeping_lines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  char pending = 0;
  for (char c : s) {
    if (util::is_space(c)) {
      if (!out.empty() && pending != '\n') pending = c == '\n' ? '\n' : ' ';
      continue;
    }
    if (pending != 0) out += pending;
    pending = 0;
    out += c;
  }
  return out;
}

// Length of a separator word (" and ", " y ", " et ") starting at the space
// at s[i], or 0.
std::size_t separator_word(std::string_view lower, std::size_t i) {
  static constexpr std::string_view k_words[] = {" and ", " y ", " et "};
  for (auto w : k_words)
    if (lower.substr(i, w.size()) == w) return w.size();
  return 0;
}

bool has_separator(std::string_view lower) {
  for (std::size_t i = 0; i < lower.size(); ++i)
    if (is_separator_char(lower[i]) || (lower[i] == ' ' && separator_word(lower, i) > 0)) return true;
  return false;
}

bool word_char(char c) {
  return util::is_ascii_alpha(c) || util::is_digit(c) || static_cast<unsigned char>(c) >= 0x80;
}

// Trimmed, without a final '.' and without Markdown emphasis around it.
std::string clean_part(std::string_view part) {
  std::string out = util::fold_space(part);
  while (!out.empty() && (out.back() == '.' || out.back() == ' ' || out.back() == '*' || out.back() == '_'))
    out.pop_back();
  std::size_t lead = 0;
  while (lead < out.size() && (out[lead] == '*' || out[lead] == '_' || out[lead] == ' ')) ++lead;
  return out.substr(lead);
}

// "Director, MMS" is one name even when the memo's To: list does not hold it.
bool is_title_word(std::string_view part) {
  static constexpr std::string_view k_titles[] = {
      "director", "directora", "directeur", "directrice", "head", "chief", "chef", "jefe", "jefa", "manager"};
  // No title is longer; a part that is (not split at a title's comma before)
  // is not folded again at every comma.
  constexpr std::size_t k_longest_title = 10;
  part = util::trim(part);
  if (part.size() > k_longest_title) return false;
  const std::string folded = util::fold_case(part);
  for (auto t : k_titles)
    if (folded == t) return true;
  return false;
}

}  // namespace

void ProtectedNames::add(std::string_view name) {
  std::string folded = util::fold_case(util::fold_space(name));
  if (folded.empty() || !has_separator(folded) || !m_known.insert(folded).second) return;
  m_names.push_back(std::move(folded));
}

std::vector<std::string> split_responsible(std::string_view cell, const ProtectedNames& names) {
  const std::string text = fold_keeping_lines(cell);
  // fold_case keeps every byte's length, so offsets in `lower` are offsets in `text`.
  std::string lower = util::fold_case(text);
  // Protected names match across a line end as across a space.
  std::string spaced = lower;
  std::replace(spaced.begin(), spaced.end(), '\n', ' ');
  std::vector<bool> locked;
  if (!names.names().empty()) {
    for (const auto& name : names.names()) {
      std::size_t at = 0;
      while ((at = spaced.find(name, at)) != std::string::npos) {
        const std::size_t end = at + name.size();
        const bool starts = at == 0 || !word_char(lower[at - 1]);
        const bool ends = end == lower.size() || !word_char(lower[end]);
        if (starts && ends) {
          if (locked.empty()) locked.assign(lower.size(), false);
          for (std::size_t k = at; k < end; ++k) locked[k] = true;
        }
        at = end;
      }
    }
  }
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < lower.size();) {
    const bool free = locked.empty() || !locked[i];
    std::size_t width = 0;
    if (free && is_separator_char(lower[i]))
      width = 1;
    else if (free && lower[i] == ' ')
      width = separator_word(lower, i);
    if (width == 0 || (!locked.empty() && locked[i + width - 1]) ||
        (lower[i] == ',' && is_title_word(std::string_view(text).substr(start, i - start)))) {
      ++i;
      continue;
    }
    std::string part = clean_part(std::string_view(text).substr(start, i - start));
    if (!part.empty()) parts.push_back(std::move(part));
    i += width;
    start = i;
  }
  std::string last = clean_part(std::string_view(text).substr(start));
  if (!last.empty()) parts.push_back(std::move(last));
  return parts;
}

}  // namespace followup::importer
