#include "importer/joint.h"

#include <gtest/gtest.h>

namespace followup::importer {
namespace {

using Parts = std::vector<std::string>;

TEST(Joint, SplitsEveryForm) {
  struct Case {
    const char* cell;
    Parts parts;
  };
  const Case cases[] = {
      {"MMS", {"MMS"}},
      {"MMS/MPRP", {"MMS", "MPRP"}},
      {"MMS / MPRP", {"MMS", "MPRP"}},
      {"MMS, MPRP", {"MMS", "MPRP"}},
      {"MMS; MPRP", {"MMS", "MPRP"}},
      {"MMS and MPRP", {"MMS", "MPRP"}},
      {"MMS y MRF San José", {"MMS", "MRF San José"}},
      {"MMS et MRF Dakar", {"MMS", "MRF Dakar"}},
      {"MMS, MPRP and MRF Dakar", {"MMS", "MPRP", "MRF Dakar"}},
      {"MMS, MPRP, and MRF Dakar.", {"MMS", "MPRP", "MRF Dakar"}},
      {"  IOM   Buenos Aires ", {"IOM Buenos Aires"}},
      {"MMS /", {"MMS"}},
      {"**MRF Dakar**, _MMS_", {"MRF Dakar", "MMS"}},
      {"Director, MMS and Head, MPRP", {"Director, MMS", "Head, MPRP"}},
      {"Mayor Office", {"Mayor Office"}},
      {"Andorra Office", {"Andorra Office"}},
  };
  const ProtectedNames none;
  for (const auto& c : cases) EXPECT_EQ(split_responsible(c.cell, none), c.parts) << c.cell;
}

TEST(Joint, NeverSplitsAKnownName) {
  ProtectedNames names;
  names.add("Finance and Administration");
  names.add("Director, MMS");
  names.add("Research/Publications");
  names.add("MPRP");
  struct Case {
    const char* cell;
    Parts parts;
  };
  const Case cases[] = {
      {"Finance and Administration", {"Finance and Administration"}},
      {"finance  and administration/MMS", {"finance and administration", "MMS"}},
      {"Director, MMS", {"Director, MMS"}},
      {"Director, MMS and MPRP", {"Director, MMS", "MPRP"}},
      {"Research/Publications; MMS", {"Research/Publications", "MMS"}},
      {"Finance and Administrations", {"Finance", "Administrations"}},
  };
  for (const auto& c : cases) EXPECT_EQ(split_responsible(c.cell, names), c.parts) << c.cell;
  EXPECT_EQ(names.names().size(), 3u) << "names without a separator need no protection";
}

}  // namespace
}  // namespace followup::importer
