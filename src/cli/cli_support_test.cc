#include "cli/cli_support.h"

#include <gtest/gtest.h>

namespace followup::cli {
namespace {

std::string said(const Error& e) { return in_cli_words(e).describe(); }

TEST(CliWords, TheFieldIsNamedAsItsOption) {
  const auto bad = ErrorCode::invalid_argument;
  EXPECT_EQ(said(field_error(bad, "comment", "comment is empty")), "--comment is empty");
  EXPECT_EQ(said(field_error(bad, "action_description",
                             "action description contains a control character "
                             "(U+000D) at byte 2")),
            "--action's description contains a control character (U+000D) at byte 2");
  EXPECT_EQ(said(field_error(bad, "waiver", "waiver is longer than 65536 bytes")),
            "--waive-evidence is longer than 65536 bytes");
  EXPECT_EQ(said(field_error(bad, "unit", "a unit is required")), "a unit is required (--unit)");
  EXPECT_EQ(said(field_error(ErrorCode::permission_denied, "actor", "no user 'nobody'")),
            "no user 'nobody' (--as, FOLLOWUP_USER or the setting cli.user)");
}

TEST(CliWords, OtherErrorsAreLeftAsTheyAre) {
  const auto bad = ErrorCode::invalid_argument;
  EXPECT_EQ(said(field_error(bad, "full_name", "full name is empty")), "full name is empty");
  EXPECT_EQ(said(field_error(bad, "units", "no unit given")), "no unit given");
  EXPECT_EQ(said(field_error(bad, "text", "the text cannot be empty")), "the text cannot be empty");
  EXPECT_EQ(said(make_error(bad, "comment is empty")), "comment is empty");
  // An error about an input file is said in the file's words.
  Error in_file = field_error(bad, "rationale", "rationale is empty");
  in_file.file = "response.json";
  EXPECT_EQ(said(in_file), "response.json: rationale is empty");
}

}  // namespace
}  // namespace followup::cli
