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
  m_nodes.clear();  // built again, with this name, when next used
}

int ProtectedNames::child_of(int node, char byte) const {
  for (int c = m_nodes[static_cast<std::size_t>(node)].child; c >= 0;
       c = m_nodes[static_cast<std::size_t>(c)].sibling)
    if (m_nodes[static_cast<std::size_t>(c)].byte == byte) return c;
  return -1;
}

void ProtectedNames::build() const {
  m_nodes.assign(1, Node{});
  auto at = [this](int i) -> Node& { return m_nodes[static_cast<std::size_t>(i)]; };
  for (const auto& name : m_names) {
    int node = 0;
    for (const char c : name) {
      int next = child_of(node, c);
      if (next < 0) {
        next = static_cast<int>(m_nodes.size());
        Node child;
        child.byte = c;
        child.depth = at(node).depth + 1;
        child.sibling = at(node).child;
        m_nodes.push_back(child);
        at(node).child = next;
      }
      node = next;
    }
    at(node).ends_name = true;
  }
  // Failure and output links, breadth first: a node's links rest on those of
  // nodes nearer the root.
  std::vector<int> queue;
  queue.reserve(m_nodes.size());
  for (int c = at(0).child; c >= 0; c = at(c).sibling) queue.push_back(c);
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const int node = queue[q];
    for (int c = at(node).child; c >= 0; c = at(c).sibling) {
      int f = at(node).fail;
      while (f > 0 && child_of(f, at(c).byte) < 0) f = at(f).fail;
      const int target = child_of(f, at(c).byte);
      at(c).fail = target >= 0 && target != c ? target : 0;
      const Node& fail = at(at(c).fail);
      at(c).output = fail.ends_name ? at(c).fail : fail.output;
      queue.push_back(c);
    }
  }
}

std::vector<bool> ProtectedNames::locked(std::string_view text) const {
  if (m_names.empty()) return {};
  if (m_nodes.empty()) build();
  auto at = [this](int i) -> const Node& { return m_nodes[static_cast<std::size_t>(i)]; };
  // +1 where a locked span starts, -1 where it ends.
  std::vector<int> edges;
  int node = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    while (node > 0 && child_of(node, c) < 0) node = at(node).fail;
    node = std::max(child_of(node, c), 0);
    const std::size_t end = i + 1;
    if (end < text.size() && word_char(text[end])) continue;
    // The longest name ending here that starts at a word boundary covers
    // every shorter one: the first found is enough.
    for (int n = at(node).ends_name ? node : at(node).output; n >= 0; n = at(n).output) {
      const std::size_t start = end - static_cast<std::size_t>(at(n).depth);
      if (start > 0 && word_char(text[start - 1])) continue;
      if (edges.empty()) edges.assign(text.size() + 1, 0);
      ++edges[start];
      --edges[end];
      break;
    }
  }
  if (edges.empty()) return {};
  std::vector<bool> out(text.size(), false);
  int open = 0;
  for (std::size_t k = 0; k < text.size(); ++k) {
    open += edges[k];
    out[k] = open > 0;
  }
  return out;
}

std::vector<std::string> split_responsible(std::string_view cell, const ProtectedNames& names) {
  const std::string text = fold_keeping_lines(cell);
  // fold_case keeps every byte's length, so offsets in `lower` are offsets in `text`.
  std::string lower = util::fold_case(text);
  // Protected names match across a line end as across a space.
  std::string spaced = lower;
  std::replace(spaced.begin(), spaced.end(), '\n', ' ');
  const std::vector<bool> locked = names.locked(spaced);
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
