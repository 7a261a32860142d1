// The bytes of a message as it travels (RFC 5322 and MIME), made by GMime:
// the folder transport stores them and the SMTP one sends them.
#pragma once

#include <string>

#include "env/mail.h"

namespace followup::env {

// From, To, Cc (display names RFC 2047-encoded when not ASCII), Subject
// (likewise), Date (RFC 5322 form, from the UTC instant; none when the
// instant does not parse), Message-ID <message_id>, MIME-Version; then the
// text alone (text/plain; charset=utf-8) or, with html, multipart/
// alternative of the text then the HTML. Each part quoted-printable, so
// every byte is ASCII; every line ends in CRLF, as SMTP needs, and is
// shorter than 998 bytes when no address is that long. CR and LF in the
// subject or a display name become spaces: they cannot start a header.
// The same message gives the same bytes. Never fails: the transports
// check the message first.
std::string mime_bytes(const MailMessage& m);

}  // namespace followup::env
