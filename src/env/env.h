// Every effect outside the program, in the manner of leveldb's Env: the
// clock, the files a person names, and mail. Surfaces (cli/, later http/)
// take the system's; tests take memory_env.h or fault_injection.h.
#pragma once

#include "env/clock.h"
#include "env/file_system.h"
#include "env/mail.h"

namespace followup::env {

class Env {
 public:
  virtual ~Env() = default;
  [[nodiscard]] virtual const Clock& clock() const = 0;
  virtual FileSystem& files() = 0;
  virtual MailTransport& mail() = 0;
};

// The machine's: the system clock ("today" is the local calendar date; TZ
// sets the organisation's time zone), POSIX files, and no mail transport
// yet (every send is unavailable). Lives as long as the program.
Env& system_env();

}  // namespace followup::env
