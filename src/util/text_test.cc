#include "util/text.h"

#include <gtest/gtest.h>

namespace followup::util {
namespace {

TEST(Text, TrimAndFoldSpace) {
  EXPECT_EQ(trim("  a b \t\n"), "a b");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(fold_space("  a \t\n b  c "), "a b c");
  EXPECT_EQ(fold_space(" \n "), "");
}

TEST(Text, FoldsCaseAndAccents) {
  struct Case {
    const char* in;
    const char* folded_case;
    const char* folded_accents;
  };
  const Case cases[] = {
      {"MRF San José", "mrf san josé", "mrf san jose"},
      {"DÉCEMBRE", "décembre", "decembre"},
      {"Misión", "misión", "mision"},
      {"AÑO × 2", "año × 2", "ano × 2"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(fold_case(c.in), c.folded_case) << c.in;
    EXPECT_EQ(fold_accents(c.in), c.folded_accents) << c.in;
  }
  EXPECT_EQ(ascii_upper("San José"), "SAN JOSE");
}

TEST(Text, LetterCase) {
  EXPECT_TRUE(starts_lower("tecnica"));
  EXPECT_TRUE(starts_lower("économie"));
  EXPECT_FALSE(starts_lower("Évaluation"));
  EXPECT_TRUE(starts_upper("Évaluation"));
  EXPECT_FALSE(starts_upper("'quoted"));
}

TEST(Text, Columns) {
  EXPECT_EQ(code_points("José"), 4u);
  EXPECT_EQ(byte_offset_of_column("José x", 4), 5u);
  EXPECT_EQ(byte_offset_of_column("ab", 9), 2u);
}

TEST(Text, EscapeMarkup) { EXPECT_EQ(escape_markup("a&<>\"'b"), "a&amp;&lt;&gt;&quot;&#39;b"); }

TEST(Text, SpacedWritesAWordAsAPersonReadsIt) {
  EXPECT_EQ(spaced("closed_not_implemented"), "closed not implemented");
  EXPECT_EQ(spaced("overdue"), "overdue");
}

TEST(Text, Split) {
  const auto parts = split("a\t\tb", '\t');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(parts[2], "b");
}

TEST(Text, SplitNonemptyDropsEmptyPieces) {
  EXPECT_EQ(split_nonempty("a,,b,", ','), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(split_nonempty("", ','), std::vector<std::string>{});
  EXPECT_EQ(split_nonempty("MMS", ','), std::vector<std::string>{"MMS"});
}

}  // namespace
}  // namespace followup::util
