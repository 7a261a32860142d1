// What every use case receives: the store, the clock and who is acting.
#pragma once

#include <string>

#include "env/clock.h"
#include "storage/store.h"

namespace followup::app {

struct Session {
  Store& store;
  const env::Clock& clock;
  std::string actor;  // user name recorded in the history
  // How many days back a unit user may date a fact (docs/workflow.md).
  int unit_backdate_days = 7;
};

}  // namespace followup::app
