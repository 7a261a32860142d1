// Mail leaves the program only through this interface, so that tests see
// what would be sent and make sending fail. The reminders (DESIGN.md, step
// 7) will write what must be sent in the same transaction as the facts it
// rests on (an outbox) and hand each message to a transport.
// mail_transports.h makes the real ones (a folder, SMTP); mime.h the bytes
// they carry.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace followup::env {

struct MailAddress {
  std::string name;   // display name, UTF-8, may be empty
  std::string email;  // addr-spec
};

struct MailMessage {
  MailAddress from;
  std::vector<MailAddress> to;
  std::vector<MailAddress> cc;
  std::string subject;  // UTF-8
  std::string text;     // plain text body, UTF-8
  std::string html;     // HTML alternative, UTF-8; empty: text only
  // Without angle brackets: "r20010817.3.ab12@followup.invalid". The same
  // id is the same message: the outbox gives a message its id once, and a
  // retry (after a crash, a lost reply) sends it under that id again, so a
  // transport that remembers ids delivers it once and a reader's mail
  // program can tell the copies apart from new mail.
  std::string message_id;
  std::string date;  // UTC instant "2026-11-30T19:00:00Z": the Date header
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // ok once the message is handed over (to the folder, the SMTP server).
  // unavailable when the transport cannot take it now: try again later.
  // invalid_argument when it never will (no recipient, a bad address, a
  // permanent 5xx refusal), in the server's words when it has any.
  virtual Status send(const MailMessage& message) = 0;
};

}  // namespace followup::env
