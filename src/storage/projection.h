// What a store keeps beside the facts so that reports and lists read an
// index instead of every record (docs/storage.md, "Kept for speed"):
// backend-independent. The shares themselves are core's
// (core/reports.h: status_shares); this packs them into what a row holds.
#pragma once

#include <array>
#include <cstdint>

#include "core/reports.h"

namespace followup::storage_detail {

// A share's fixed counts are each 0 or 1: one bit each, in the order of
// StatusCounts (awaiting_response and overdue, which turn on the date, are
// not kept).
std::int64_t pack_counts(const StatusCounts& counts);
StatusCounts unpack_counts(std::int64_t bits);

// The fixed counts as the status_counters columns hold them, in that order
// (k_counter_columns), and back.
inline constexpr int k_counter_count = 13;  // the 12 fixed counts, then pending
std::array<long long, k_counter_count> counter_values(const StatusCounts& counts, bool pending);
StatusCounts counts_from_counters(const std::array<long long, k_counter_count>& values);

}  // namespace followup::storage_detail
