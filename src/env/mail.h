// Mail leaves the program only through this interface, so that tests see
// what would be sent and make sending fail. The reminders (DESIGN.md, step
// 7) will write what must be sent in the same transaction as the facts it
// rests on (an outbox) and hand each message to a transport with its key.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace followup::env {

struct MailMessage {
  std::string from;
  std::vector<std::string> to;
  std::vector<std::string> cc;
  std::string subject;
  std::string body;  // plain text, UTF-8
  // The same key is the same message: a transport that has delivered a key
  // delivers nothing for it again, so a retry after a crash sends it once.
  std::string idempotency_key;
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // ok once the message is handed over durably (or was, under its key).
  // unavailable when the transport cannot take it now (try again later);
  // invalid_argument when it never will (no recipient, a bad address).
  virtual Status send(const MailMessage& message) = 0;
};

}  // namespace followup::env
