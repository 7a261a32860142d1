#include "importer/memo_date.h"

#include <gtest/gtest.h>

namespace followup::importer {
namespace {

TEST(MemoDate, ReadsEveryForm) {
  struct Case {
    const char* text;
    const char* iso;
  };
  const Case cases[] = {
      {"31 August 2001", "2001-08-31"},
      {"31 Aug. 2001", "2001-08-31"},
      {"31 aug 2001", "2001-08-31"},
      {"August 31, 2001", "2001-08-31"},
      {"Aug 31 2001", "2001-08-31"},
      {"31/08/2001", "2001-08-31"},
      {"1/8/2001", "2001-08-01"},
      {"31.08.2001", "2001-08-31"},
      {"31-08-2001", "2001-08-31"},
      {"2001-08-31", "2001-08-31"},
      {"31 de agosto de 2001", "2001-08-31"},
      {"3 de marzo de 2003", "2003-03-03"},
      {"15 de septiembre de 2003", "2003-09-15"},
      {"15 de setiembre de 2003", "2003-09-15"},
      {"1er décembre 2004", "2004-12-01"},
      {"1er decembre 2004", "2004-12-01"},
      {"1\xE1\xB5\x89\xCA\xB3 décembre 2004", "2004-12-01"},
      {"1.º de diciembre de 2004", "2004-12-01"},
      {"1.° de diciembre de 2004", "2004-12-01"},
      {"1 DÉCEMBRE 2004", "2004-12-01"},
      {"15 février 2005", "2005-02-15"},
      {"15 fevrier 2005", "2005-02-15"},
      {"3 août 2005", "2005-08-03"},
      {"3 aout 2005", "2005-08-03"},
      {"Monday, 16 July 2001", "2001-07-16"},
      {"lundi 3 mars 2003", "2003-03-03"},
      {"  16 July 2001.  ", "2001-07-16"},
      {"1st May 2002", "2002-05-01"},
      {"29 February 2004", "2004-02-29"},
      {"31-Aug-2001", "2001-08-31"},
      {"31/ago/2001", "2001-08-31"},
      {"el 30 de abril de 2003", "2003-04-30"},
      {"by 31 August 2001", "2001-08-31"},
      {"2001-8-31", "2001-08-31"},
      {"July 16th, 2001", "2001-07-16"},
  };
  for (const auto& c : cases) {
    const auto d = parse_memo_date(c.text);
    ASSERT_EQ(d.reading, DateReading::date) << c.text;
    EXPECT_EQ(d.date.iso(), c.iso) << c.text;
  }
}

TEST(MemoDate, ImpossibleIsNotGuessed) {
  for (const char* text : {"31 September 2002", "29 February 2001", "2002-09-31", "31/09/2002",
                           "32 August 2001", "31 de septiembre de 2002", "0 August 2001", "12/13/2001"})
    EXPECT_EQ(parse_memo_date(text).reading, DateReading::impossible) << text;
}

TEST(MemoDate, RejectsWhatIsNoDate) {
  for (const char* text :
       {"", "soon", "end of 2001", "31 Augustus 2001", "August 2001", "31/08/01", "2001/08/31x", "MMS",
        "31 August", "31 August 2001 and later", "1.x de diciembre de 2004", "1.er décembre 2004"})
    EXPECT_EQ(parse_memo_date(text).reading, DateReading::not_a_date) << text;
}

}  // namespace
}  // namespace followup::importer
