// What every use case receives: the store, the clock and who is acting.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "env/clock.h"
#include "storage/store.h"

namespace followup::app {

// Who is acting, as the surface that took the request established it. The
// command line takes the name it is given (--as, FOLLOWUP_USER or the
// settings' cli.user) on trust: whoever runs it can read the store's file
// anyway. The HTTP server will make one from a session or a token, and
// this will say how the user was authenticated.
struct Principal {
  std::string user;  // a user name; empty when nobody was named
  // Nobody logged in (a visitor of the server): acts as the anonymous user
  // (users.h), who reads disclosed evaluations only and changes nothing.
  bool anonymous = false;
  // The server's own daily run of the reminders (reminders.h): acts as
  // the user "followup", with no role; only planning reminders lets it in.
  bool scheduler = false;
};

struct Session {
  Store& store;
  const env::Clock& clock;
  Principal principal;  // its user is recorded in the history
  // How many days back a unit user may date a fact (docs/workflow.md).
  int unit_backdate_days = 7;
  // A step on a recommendation is refused (conflict, "... has changed since
  // it was read") unless the recommendation's version is this one, checked
  // in the step's transaction: the API's If-Match. Unset: not checked.
  std::optional<long long> expected_version;
  // Where a step on a recommendation writes the recommendation's version
  // after it, read in the step's transaction (the API's ETag); nullptr: not
  // read.
  long long* version_after = nullptr;
  // Set, every call made with this session works in this transaction
  // instead of one of its own, so that many steps succeed or fail together
  // (app/tracker.h). The caller runs the transaction.
  Transaction* within = nullptr;
};

// Runs `work` as a call with `session` writes: in session.within when set,
// else in a transaction of its own (Store::run).
inline Status write_in(const Session& session, const std::function<Status(Transaction&)>& work) {
  return session.within != nullptr ? work(*session.within) : session.store.run(work);
}
// The same for a call that only reads (Store::read).
inline Status read_in(const Session& session, const std::function<Status(Transaction&)>& work) {
  return session.within != nullptr ? work(*session.within) : session.store.read(work);
}

}  // namespace followup::app
