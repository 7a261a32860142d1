#include "storage/projection.h"

#include <array>
#include <charconv>

namespace followup::storage_detail {

namespace {

// Every fixed count, in the order of the bits and of the counter columns.
constexpr std::array<int StatusCounts::*, 12> k_fixed{
    &StatusCounts::recommendations,
    &StatusCounts::open,
    &StatusCounts::responded_on_time,
    &StatusCounts::responded_within_extension,
    &StatusCounts::responded_late,
    &StatusCounts::in_progress,
    &StatusCounts::claimed,
    &StatusCounts::validated,
    &StatusCounts::implemented,
    &StatusCounts::closed,
    &StatusCounts::closed_without_response,
    &StatusCounts::entered_late,
};

// The six rates in the order of their columns.
constexpr std::array<Rate Rates::*, 6> k_rates{
    &Rates::acceptance,       &Rates::acceptance_by_recommendation,
    &Rates::implementation,   &Rates::on_time,
    &Rates::within_extension, &Rates::action_completion,
};

RatesValues values_of(const Rates& rates, long long pending) {
  RatesValues out{};
  out[0] = 1;
  for (std::size_t i = 0; i < k_rates.size(); ++i) {
    out[1 + 2 * i] = (rates.*k_rates[i]).numerator;
    out[2 + 2 * i] = (rates.*k_rates[i]).denominator;
  }
  out[k_rates_count - 1] = pending;
  return out;
}

}  // namespace

std::int64_t pack_counts(const StatusCounts& counts) {
  std::int64_t bits = 0;
  for (std::size_t i = 0; i < k_fixed.size(); ++i)
    if (counts.*k_fixed[i] != 0) bits |= std::int64_t{1} << i;
  return bits;
}

StatusCounts unpack_counts(std::int64_t bits) {
  StatusCounts counts;
  for (std::size_t i = 0; i < k_fixed.size(); ++i) counts.*k_fixed[i] = (bits >> i) & 1 ? 1 : 0;
  return counts;
}

std::array<long long, k_counter_count> counter_values(const StatusCounts& counts, bool pending) {
  std::array<long long, k_counter_count> out{};
  for (std::size_t i = 0; i < k_fixed.size(); ++i) out[i] = counts.*k_fixed[i];
  out[k_fixed.size()] = pending ? 1 : 0;
  return out;
}

StatusCounts counts_from_counters(const std::array<long long, k_counter_count>& values) {
  StatusCounts counts;
  for (std::size_t i = 0; i < k_fixed.size(); ++i) counts.*k_fixed[i] = static_cast<int>(values[i]);
  return counts;
}

RatesShare rates_share(const std::optional<RecommendationRates>& rates, const StatusShares& status) {
  RatesShare out;
  if (!rates) return out;
  std::map<std::string, long long> pending;
  for (const auto& [unit, share] : status.units)
    if (share.pending_due) ++pending[unit];
  long long year_pending = 0;
  for (const auto& [unit, n] : pending) year_pending += n;
  out[{"year", rates->year}] = values_of(rates->year_rates, year_pending);
  for (const auto& row : rates->units) out[{"unit", row.key}] = values_of(row.rates, pending[row.key]);
  return out;
}

Rates rates_from_values(const RatesValues& values) {
  Rates out;
  for (std::size_t i = 0; i < k_rates.size(); ++i) {
    (out.*k_rates[i]).numerator = static_cast<int>(values[1 + 2 * i]);
    (out.*k_rates[i]).denominator = static_cast<int>(values[2 + 2 * i]);
  }
  return out;
}

// One line per row: scope, key, then the values, separated by spaces (a
// year and a unit code hold none).
std::string pack_rates(const RatesShare& share) {
  std::string out;
  for (const auto& [key, values] : share) {
    out += key.first;
    out += ' ';
    out += key.second;
    for (long long v : values) {
      out += ' ';
      out += std::to_string(v);
    }
    out += '\n';
  }
  return out;
}

std::optional<RatesShare> unpack_rates(std::string_view text) {
  RatesShare out;
  auto word = [&text]() -> std::optional<std::string_view> {
    const auto end = text.find(' ');
    if (end == 0 || end == std::string_view::npos) return std::nullopt;
    const std::string_view w = text.substr(0, end);
    if (w.find('\n') != std::string_view::npos) return std::nullopt;
    text.remove_prefix(end + 1);
    return w;
  };
  while (!text.empty()) {
    const auto scope = word();
    const auto key = word();
    if (!scope || !key || (*scope != "year" && *scope != "unit")) return std::nullopt;
    RatesValues values{};
    for (std::size_t i = 0; i < values.size(); ++i) {
      const bool last = i + 1 == values.size();
      const auto end = text.find(last ? '\n' : ' ');
      if (end == std::string_view::npos) return std::nullopt;
      const std::string_view number = text.substr(0, end);
      const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), values[i]);
      if (ec != std::errc{} || ptr != number.data() + number.size()) return std::nullopt;
      text.remove_prefix(end + 1);
    }
    if (!out.emplace(RatesKey{std::string(*scope), std::string(*key)}, values).second) return std::nullopt;
  }
  return out;
}

}  // namespace followup::storage_detail
