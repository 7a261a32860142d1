// Time comes from outside the program through this interface, so that
// tests and replays choose it.
#pragma once

#include <string>

#include "core/date.h"

namespace followup::env {

class Clock {
 public:
  virtual ~Clock() = default;
  // Today in the organisation's time zone.
  [[nodiscard]] virtual Date today() const = 0;
  // The current instant as UTC ISO 8601 ("2026-11-28T04:27:24Z"), for history.
  [[nodiscard]] virtual std::string now_utc() const = 0;
};

// A clock that always answers the same instant.
class FixedClock final : public Clock {
 public:
  FixedClock(Date today, std::string now_utc) : m_today(today), m_now(std::move(now_utc)) {}
  [[nodiscard]] Date today() const override { return m_today; }
  [[nodiscard]] std::string now_utc() const override { return m_now; }

 private:
  Date m_today;
  std::string m_now;
};

}  // namespace followup::env
