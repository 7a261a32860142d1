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

TEST(Joint, LocksWholeWordOccurrencesOfEveryName) {
  ProtectedNames names;
  names.add("A, B");
  names.add("b and c");
  names.add("q, c/d");
  names.add("c/d");  // a suffix of "q, c/d"
  auto locked = [&](std::string_view text) {
    std::string marks;
    for (const bool b : names.locked(text)) marks += b ? 'x' : '.';
    return marks;
  };
  EXPECT_EQ(locked("a, b and c"), "xxxxxxxxxx");  // overlapping names lock their union
  EXPECT_EQ(locked("za, b"), "");                 // a name must start at a word's start...
  EXPECT_EQ(locked("a, bz"), "");                 // ...and end at a word's end
  EXPECT_EQ(locked("zq, c/d"), "....xxx");        // the longest that fits the boundaries
  EXPECT_EQ(locked("mms / a, b"), "......xxxx");
  EXPECT_EQ(ProtectedNames{}.locked("a, b"), std::vector<bool>{});
}

TEST(Joint, ManyNamesStaySplitAsOne) {
  ProtectedNames names;
  for (int i = 0; i < 2000; ++i) names.add("Director, Office " + std::to_string(i));
  EXPECT_EQ(split_responsible("Director, Office 1999/Director, Office 7 and MMS", names),
            (Parts{"Director, Office 1999", "Director, Office 7", "MMS"}));
  EXPECT_EQ(split_responsible("Director, Office 20000", names), (Parts{"Director, Office 20000"}));
}

}  // namespace
}  // namespace followup::importer
