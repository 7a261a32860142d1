#include "app/evidence.h"

#include <gtest/gtest.h>

namespace followup::app {
namespace {

std::string refusal(const EvidenceFile& file, const EvidencePolicy& policy = {}) {
  auto admitted = admit_evidence(file, policy);
  return admitted ? std::string() : admitted.error().message;
}

TEST(Evidence, ActiveMarkupIsRefusedWhateverTheType) {
  const EvidenceFile pdf{"minutes.pdf", "%PDF-1.4\n<html><script>alert(1)</script></html>\n"};
  EXPECT_EQ(refusal(pdf),
            "evidence 'minutes.pdf' (application/pdf) contains markup a browser would run ('<html')");
  EvidencePolicy allow_pdf;
  allow_pdf.active_allowed_types = {"application/pdf"};
  EXPECT_EQ(refusal(pdf, allow_pdf), "");
  EXPECT_EQ(refusal({"notes.txt", "Minutes\n<svg onload=alert(1)>"}),
            "evidence 'notes.txt' (text/plain) contains markup a browser would run ('<svg')");
  EXPECT_EQ(refusal({"notes.txt", "The meeting took place on 12 October.\n"}), "");
}

TEST(Evidence, StoredUnderASafeNameWithTheOriginalForTheHistory) {
  const EvidenceFile file{"C:\\scans/min\x1b[2Jutes\xE2\x80\xAE.txt", "The meeting took place.\n"};
  auto admitted = admit_evidence(file, {});
  ASSERT_TRUE(admitted) << admitted.error().message;
  EXPECT_EQ(admitted->name, "min[2Jutes.txt");
  EXPECT_EQ(original_evidence_name(file), "min\\x1B[2Jutes\\u202E.txt");
}

}  // namespace
}  // namespace followup::app
