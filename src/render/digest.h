// A person's reminders of a day (core/reminders.h, Digest) as a message:
// its subject, a plain text body and an HTML alternative of the same
// content (docs/reminders.md, "The digest"). Pure.
#pragma once

#include <string>
#include <string_view>

#include "core/date.h"
#include "core/reminders.h"

namespace followup::render {

struct DigestMessage {
  std::string subject;
  std::string text;
  std::string html;
};

// `base_url` is where the pages are served ("https://followup.example.org"):
// each entry links to its recommendation's page under it.
DigestMessage render_digest(const Digest& digest, Date day, std::string_view base_url);

// What an entry says is owed ("MPRP's management response is due in 3
// days, by 2001-08-31.").
std::string notice_sentence(const Notice& notice);

}  // namespace followup::render
