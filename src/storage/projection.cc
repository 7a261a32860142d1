#include "storage/projection.h"

#include <array>

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

}  // namespace followup::storage_detail
