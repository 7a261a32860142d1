// A bound on the attributes of one XML element, checked on the bytes
// before libxml2 parses them. libxml2 checks an element's attributes
// against each other, in time that grows with the square of their number
// (100,000 attributes on one element took 17 s); Office writes a few dozen
// at most (an Excel <row> has 13 it may use, a Word <w:rPr> fewer). The
// Office readers (importer/xlsx.h, importer/docx.h) refuse a part with an
// element that has more.
#pragma once

#include <string_view>

namespace followup::importer {

class AttributeBound {
 public:
  // The most attributes, namespace declarations included, one element may have.
  static constexpr int k_max_attributes = 64;

  // Counts the attributes of each tag in `bytes` (an '=' outside quoted
  // values), carrying on from the bytes given before; false once a tag has
  // more than k_max_attributes.
  bool within(std::string_view bytes) {
    for (const char c : bytes) {
      if (m_quote != 0) {
        if (c == m_quote) m_quote = 0;
      } else if (!m_in_tag) {
        if (c == '<') {
          m_in_tag = true;
          m_attributes = 0;
        }
      } else if (c == '"' || c == '\'') {
        m_quote = c;
      } else if (c == '>') {
        m_in_tag = false;
      } else if (c == '=' && ++m_attributes > k_max_attributes) {
        return false;
      }
    }
    return true;
  }

 private:
  // Where the bytes read so far stop: inside a tag, in a quoted value (its
  // quote), and how many attributes the tag has had.
  bool m_in_tag = false;
  char m_quote = 0;
  int m_attributes = 0;
};

}  // namespace followup::importer
