// The real mail transports: a folder of .eml files (the default: nothing
// leaves the machine, and a person or a script can read what would have
// been sent) and an SMTP server (libcurl).
#pragma once

#include <memory>
#include <string>

#include "env/file_system.h"
#include "env/mail.h"

namespace followup::env {

struct MailSettings {
  std::string outbox_folder = "var/outbox";  // used when smtp_url is empty
  std::string smtp_url;                      // "smtp://host:port" (STARTTLS per tls) or "smtps://host:port"
  std::string smtp_user;                     // empty: no authentication
  std::string smtp_password;
  std::string tls = "try";  // "try": STARTTLS when offered; "required"; "none"
  int timeout_seconds = 30;
};

// The transport the settings name: the folder by default, else SMTP. Both
// refuse (invalid_argument, naming it) a message without a recipient, with
// an address that is not one (no '@'; a space, a control character or an
// angle bracket), without a Message-ID or with one that is not printable
// ASCII, or whose date is not a UTC instant "2026-11-30T19:00:00Z".
//
// The folder writes each message to FOLDER/ID.eml (mime_bytes), the
// Message-ID made safe for a file name: characters other than letters,
// digits and "@._+-" as %XX, and a leading '.' too. A file there already
// means the message was delivered: ok, nothing written.
//
// SMTP hands each message to the server on a connection of its own. A 5xx
// reply (a refused recipient, sender or message) is invalid_argument, in
// the server's words; a refused login (or a server that wants one), a 4xx
// reply, a connection refused or timed out, a TLS failure are unavailable.
// Settings it cannot use (another scheme, another tls value) make a
// transport whose every send is unavailable, saying why.
std::unique_ptr<MailTransport> make_mail_transport(const MailSettings& settings, FileSystem& files);

}  // namespace followup::env
