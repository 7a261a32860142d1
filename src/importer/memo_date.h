// The date forms memos use, in English, Spanish and French.
#pragma once

#include <string_view>

#include "core/date.h"

namespace followup::importer {

enum class DateReading {
  date,        // a real calendar date
  impossible,  // a recognised form naming a day that does not exist: an error, never a guess
  not_a_date,  // no recognised form
};

struct ParsedDate {
  DateReading reading = DateReading::not_a_date;
  Date date;  // meaningful when reading == date
};

// Accepts, with any case and with or without accents, surrounding white
// space and a trailing '.':
//   2001-08-31               ISO
//   31/08/2001 31.08.2001 31-08-2001   numeric, day first, 4-digit year
//   31 August 2001, 31 Aug. 2001, 31 de agosto de 2001, 1er décembre 2004
//   August 31, 2001, Aug 31 2001
// optionally after a weekday ("Monday, 16 July 2001", "lundi 3 mars 2003").
ParsedDate parse_memo_date(std::string_view text);

}  // namespace followup::importer
