#include "core/reference.h"

#include <gtest/gtest.h>

namespace followup {
namespace {

TEST(Reference, ParsesRecommendationRef) {
  auto r = parse_recommendation_ref("PLACMI-2#1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->evaluation, "PLACMI-2");
  EXPECT_EQ(r->number, 1);
  EXPECT_EQ(r->str(), "PLACMI-2#1");
}

TEST(Reference, RejectsMalformedRefWithMessage) {
  for (const char* bad :
       {"PLACMI-2", "PLACMI-2#", "PLACMI-2#0", "#1", "placmi-2#1", "PLACMI-2#1x", "A B#1"}) {
    auto r = parse_recommendation_ref(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(r.error().message,
              "'" + std::string(bad) + "' is not a recommendation reference (CODE#N, e.g. PLACMI-2#1)");
  }
}

TEST(Reference, CodeFromTitleAcronym) {
  EXPECT_EQ(evaluation_code_from_title("Evaluation of the 'Programa ... Migraciones' (PLACMI 2)"),
            "PLACMI-2");
  EXPECT_EQ(evaluation_code_from_title("Evaluation of the Pilot in West Africa (RRP-WA)"), "RRP-WA");
  EXPECT_EQ(evaluation_code_from_title("Evaluación del Proyecto (CAPFRON)"), "CAPFRON");
  EXPECT_EQ(evaluation_code_from_title("Review (ABC) of the scheme (phase two)"), "ABC");
  EXPECT_EQ(evaluation_code_from_title("Evaluation of the Technical Cooperation Fund"), std::nullopt);
}

TEST(Reference, CodeFromInitials) {
  EXPECT_EQ(evaluation_code_from_initials("Evaluation of the Technical Cooperation Fund"), "TCF");
  EXPECT_EQ(evaluation_code_from_initials("Evaluación del Programa de Salud"), "PS");
  EXPECT_EQ(evaluation_code_from_initials(""), "EVAL");
}

}  // namespace
}  // namespace followup
