#include "render/table.h"

#include <gtest/gtest.h>

namespace followup::render {
namespace {

const Table k_table{"Title", {"ref", "unit"}, {{"PLACMI-2#1", "MRF-BA"}, {"X#10", "São Paulo, a|b"}}};

TEST(Table, TextAlignsByCharactersNotBytes) {
  EXPECT_EQ(table_text(k_table),
            "Title\n"
            "ref         unit\n"
            "PLACMI-2#1  MRF-BA\n"
            "X#10        São Paulo, a|b\n");
  EXPECT_EQ(table_text(Table{"", {"a"}, {}}), "a\n(none)\n");
}

TEST(Table, MarkdownEscapesPipes) {
  EXPECT_EQ(table_markdown(k_table),
            "### Title\n\n| ref | unit |\n|---|---|\n| PLACMI-2#1 | MRF-BA |\n| X#10 | São Paulo, a\\|b |\n");
}

TEST(Table, CsvQuotesOnlyWhenNeeded) {
  EXPECT_EQ(table_csv(k_table), "ref,unit\r\nPLACMI-2#1,MRF-BA\r\nX#10,\"São Paulo, a|b\"\r\n");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
}

}  // namespace
}  // namespace followup::render
