// Calendar dates in the organisation's time zone. "Due by D" means the end
// of day D, so a thing due on D is overdue from D+1.
#pragma once

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace followup {

class Date {
 public:
  // 1970-01-01; use from_ymd or parse_iso for anything real.
  Date() = default;

  // Nullopt when the day does not exist (31 September, 29 February 2001).
  static std::optional<Date> from_ymd(int year, int month, int day);
  // Strict YYYY-MM-DD; nullopt for anything else or an impossible date.
  static std::optional<Date> parse_iso(std::string_view text);
  static Date from_days(std::chrono::sys_days days);

  [[nodiscard]] int year() const;
  [[nodiscard]] int month() const;
  [[nodiscard]] int day() const;
  [[nodiscard]] std::chrono::sys_days days() const { return m_days; }
  // YYYY-MM-DD
  [[nodiscard]] std::string iso() const;

  [[nodiscard]] Date plus_days(int n) const;
  // Whole days from `earlier` to this date; negative when this is earlier.
  [[nodiscard]] int days_since(Date earlier) const;

  friend bool operator==(Date, Date) = default;
  friend auto operator<=>(Date, Date) = default;  // NOLINT(modernize-use-nullptr): clang-tidy 14 misreads <=>

 private:
  explicit Date(std::chrono::sys_days days) : m_days(days) {}
  std::chrono::sys_days m_days{};
};

// Instants in UTC as the clock gives them ("2026-11-28T04:27:24Z"), as
// seconds since 1970-01-01T00:00:00Z: for expiries and waits, where days
// are too coarse. parse_utc_instant is strict (exactly that form, a time
// that exists); nullopt otherwise.
std::optional<long long> parse_utc_instant(std::string_view text);
std::string utc_instant(long long seconds);

}  // namespace followup
