#include "core/unit_directory.h"

#include <gtest/gtest.h>

namespace followup {
namespace {

TEST(UnitFromAddressee, ReadsTitlesInThreeLanguages) {
  struct Case {
    const char* addressee;
    const char* code;
    const char* name;
    const char* head_title;
  };
  const Case cases[] = {
      {"Head of MRF Buenos Aires", "MRF-BA", "MRF Buenos Aires", "Head of MRF Buenos Aires"},
      {"Director, MMS", "MMS", "MMS", "Director, MMS"},
      {"Director of MPRP", "MPRP", "MPRP", "Director of MPRP"},
      {"Chief, MRF Dakar", "MRF-DAKAR", "MRF Dakar", "Chief, MRF Dakar"},
      {"Head of MRF Dakar", "MRF-DAKAR", "MRF Dakar", "Head of MRF Dakar"},
      {"Jefe de la MRF San José", "MRF-SJ", "MRF San José", "Jefe de la MRF San José"},
      {"Director del DMM", "DMM", "DMM", "Director del DMM"},
      {"Chef de la MRF Dakar", "MRF-DAKAR", "MRF Dakar", "Chef de la MRF Dakar"},
      {"Directeur, MMS", "MMS", "MMS", "Directeur, MMS"},
      {"Director, Finance and Administration", "FA", "Finance and Administration",
       "Director, Finance and Administration"},
      {"MMS", "MMS", "MMS", ""},
      {"Chief of Mission, IOM Buenos Aires", "IOM-BA", "IOM Buenos Aires",
       "Chief of Mission, IOM Buenos Aires"},
      {"The Director, MMS", "MMS", "MMS", "The Director, MMS"},
      {"Director, Migration Management Services (MMS)", "MMS", "Migration Management Services (MMS)",
       "Director, Migration Management Services (MMS)"},
      {"Regional Director, MRF Dakar", "MRF-DAKAR", "MRF Dakar", "Regional Director, MRF Dakar"},
      {"  Head of   MRF  Buenos Aires ", "MRF-BA", "MRF Buenos Aires", "Head of   MRF  Buenos Aires"},
  };
  for (const auto& c : cases) {
    const auto unit = unit_from_addressee(c.addressee);
    ASSERT_TRUE(unit) << c.addressee;
    EXPECT_EQ(unit->code, c.code) << c.addressee;
    EXPECT_EQ(unit->name, c.name) << c.addressee;
    EXPECT_EQ(unit->head_title, c.head_title) << c.addressee;
  }
}

TEST(UnitFromAddressee, NoUnitInAPersonsTitle) {
  for (const char* a :
       {"The Director General", "The Deputy Director General", "", "Head of ", "Director, ---"})
    EXPECT_FALSE(unit_from_addressee(a)) << a;
}

UnitDirectory seed_directory() {
  UnitDirectory dir;
  for (const char* a :
       {"Head of MRF Buenos Aires", "Director, MMS", "Director, MPRP", "Jefe de la MRF San José"})
    dir.add(*unit_from_addressee(a));
  Unit fa{"FA", "Finance and Administration", "division", "", "", {"DFA"}, {}};
  dir.add(fa);
  return dir;
}

TEST(UnitDirectory, ResolvesEveryKind) {
  const auto dir = seed_directory();
  struct Case {
    const char* name;
    const char* code;
    MatchKind how;
  };
  const Case cases[] = {
      {"MMS", "MMS", MatchKind::code},
      {"mrf-ba", "MRF-BA", MatchKind::code},
      {"MRF  Buenos Aires", "MRF-BA", MatchKind::name},
      {"DFA", "FA", MatchKind::alias},
      {"Head of MRF Buenos Aires", "MRF-BA", MatchKind::head_title},
      {"Director of MMS", "MMS", MatchKind::head_title},
      {"Chef de MPRP", "MPRP", MatchKind::head_title},
      {"Directeur, MPRP", "MPRP", MatchKind::head_title},
      {"Director del MMS", "MMS", MatchKind::head_title},
      {"IOM Buenos Aires", "MRF-BA", MatchKind::place},
      {"Misión San José", "MRF-SJ", MatchKind::place},
      {"Buenos Aires", "MRF-BA", MatchKind::place},
      {"Migration Management Services (MMS)", "MMS", MatchKind::code},
      {"MMS (lead)", "MMS", MatchKind::code},
      {"Head of MRF Buenos Aires (lead)", "MRF-BA", MatchKind::head_title},
  };
  for (const auto& c : cases) {
    const auto m = dir.resolve(c.name);
    ASSERT_TRUE(m) << c.name;
    EXPECT_EQ(m->unit->code, c.code) << c.name;
    EXPECT_EQ(m->how, c.how) << c.name;
    EXPECT_EQ(m->explanation.empty(), c.how != MatchKind::place) << c.name;
  }
}

TEST(UnitDirectory, ExplainsAPlaceMatch) {
  const auto m = seed_directory().resolve("IOM Buenos Aires");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->explanation,
            "'IOM Buenos Aires' matched unit MRF-BA (MRF Buenos Aires) by its place name 'Buenos Aires'");
}

TEST(UnitDirectory, NeverInventsOrGuesses) {
  auto dir = seed_directory();
  EXPECT_FALSE(dir.resolve("MPRPX"));
  EXPECT_FALSE(dir.resolve(""));
  EXPECT_FALSE(dir.resolve("Director, Legal Affairs"));
  dir.add(Unit{"MRF-BA2", "Office Buenos Aires", "", "", "", {}, {}});
  EXPECT_FALSE(dir.resolve("IOM Buenos Aires")) << "two units share the place: ambiguous";
}

TEST(UnitDirectory, KnowsWholeNames) {
  const auto dir = seed_directory();
  EXPECT_TRUE(dir.knows("Finance and Administration"));
  EXPECT_TRUE(dir.knows("Director, MMS"));
  EXPECT_FALSE(dir.knows("IOM Buenos Aires"));
  EXPECT_FALSE(dir.knows("Finance"));
}

TEST(UnitDirectory, NamesOfCodesAsTheUnitsGiveThem) {
  Unit mms;
  mms.code = "MMS";
  mms.name = "Migration Management Services";
  EXPECT_EQ(unit_names({mms}, {"MPRP", "MMS"}),
            (std::vector<std::string>{"MPRP", "Migration Management Services"}));
}

}  // namespace
}  // namespace followup
