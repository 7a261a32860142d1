// Small helpers shared by the importer tests.
#pragma once

#include <gtest/gtest.h>
#include <string>

#include "importer/memo_parser.h"

namespace followup::importer::testing {

// The error a memo was refused with, in words; checks that it is a refusal
// of the input and not a failure of something else.
inline std::string error_of(const Result<ParsedMemo>& r) {
  if (r.ok()) return "(parsed without error)";
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  return r.error().describe();
}

}  // namespace followup::importer::testing
