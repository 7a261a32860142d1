#include "core/date.h"

#include <cstdio>

namespace followup {

namespace chr = std::chrono;

std::optional<Date> Date::from_ymd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  const chr::year_month_day ymd{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                                chr::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  return Date(chr::sys_days{ymd});
}

std::optional<Date> Date::parse_iso(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (std::size_t k = 0; k < lengths[i]; ++k) {
      const char c = text[starts[i] + k];
      if (c < '0' || c > '9') return std::nullopt;
      parts[i] = parts[i] * 10 + (c - '0');
    }
  }
  return from_ymd(parts[0], parts[1], parts[2]);
}

Date Date::from_days(chr::sys_days days) { return Date(days); }

std::optional<long long> parse_utc_instant(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
    return std::nullopt;
  auto date = Date::parse_iso(text.substr(0, 10));
  if (!date) return std::nullopt;
  int parts[3] = {0, 0, 0};
  for (std::size_t i = 0; i < 3; ++i) {
    const char high = text[11 + (3 * i)];
    const char low = text[12 + (3 * i)];
    if (high < '0' || high > '9' || low < '0' || low > '9') return std::nullopt;
    parts[i] = ((high - '0') * 10) + (low - '0');
  }
  if (parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
  const long long days = date->days().time_since_epoch().count();
  return (days * 86400) + (parts[0] * 3600LL) + (parts[1] * 60LL) + parts[2];
}

std::string utc_instant(long long seconds) {
  const long long days = seconds >= 0 ? seconds / 86400 : ((seconds + 1) / 86400) - 1;
  const long long rest = seconds - (days * 86400);
  const Date date = Date::from_days(chr::sys_days{chr::days{days}});
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lldZ", date.iso().c_str(), rest / 3600,
                (rest / 60) % 60, rest % 60);
  return buf;
}

int Date::year() const { return static_cast<int>(chr::year_month_day{m_days}.year()); }
int Date::month() const {
  return static_cast<int>(static_cast<unsigned>(chr::year_month_day{m_days}.month()));
}
int Date::day() const { return static_cast<int>(static_cast<unsigned>(chr::year_month_day{m_days}.day())); }

std::string Date::iso() const {
  const chr::year_month_day ymd{m_days};
  const int y = static_cast<int>(ymd.year());
  const auto m = static_cast<unsigned>(ymd.month());
  const auto d = static_cast<unsigned>(ymd.day());
  if (y < 0 || y > 9999) {  // past a date a person enters, by arithmetic
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
  }
  // Digit by digit: every row of every answer writes its dates.
  const auto digit = [](unsigned n) { return static_cast<char>('0' + n); };
  const auto year = static_cast<unsigned>(y);
  return {digit(year / 1000),
          digit(year / 100 % 10),
          digit(year / 10 % 10),
          digit(year % 10),
          '-',
          digit(m / 10),
          digit(m % 10),
          '-',
          digit(d / 10),
          digit(d % 10)};
}

Date Date::plus_days(int n) const { return Date(m_days + chr::days{n}); }

int Date::days_since(Date earlier) const { return static_cast<int>((m_days - earlier.m_days).count()); }

}  // namespace followup
