#pragma once

#include "app/clock.h"

namespace followup::cli {

// The machine's clock; "today" is the local calendar date (TZ decides the
// organisation's time zone).
class SystemClock final : public app::Clock {
 public:
  [[nodiscard]] Date today() const override;
  [[nodiscard]] std::string now_utc() const override;
};

}  // namespace followup::cli
