// What a store keeps beside the facts so that reports and lists read an
// index instead of every record (docs/storage.md, "Kept for speed"):
// backend-independent. The shares themselves are core's
// (core/reports.h: status_shares); this packs them into what a row holds.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

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

// ---- rates ------------------------------------------------------------------
// What one recommendation adds to a rates_counters row, in its columns'
// order: 1 (the row counts the recommendation), the six rates' numerators
// and denominators (acceptance, by recommendation, implementation, on time,
// within an extension, action completion), and the responsible units' rows
// that are pending (issued, open and unanswered: status_shares).
inline constexpr int k_rates_count = 14;
using RatesValues = std::array<long long, k_rates_count>;
// (scope, key): ("year", "2021") or ("unit", "MMS").
using RatesKey = std::pair<std::string, std::string>;
using RatesShare = std::map<RatesKey, RatesValues>;

// A recommendation's rows: empty when it is not issued (rates_shares).
RatesShare rates_share(const std::optional<RecommendationRates>& rates, const StatusShares& status);
Rates rates_from_values(const RatesValues& values);
// The share as the index's own row keeps it (column `rates`), and back;
// nullopt for text this did not write.
std::string pack_rates(const RatesShare& share);
std::optional<RatesShare> unpack_rates(std::string_view text);

}  // namespace followup::storage_detail
