// The supplier monitoring indicators of IATF 16949 8.4.2.4 beside the rating:
// each supplier's events of events.csv (CONTRACTS.md §3) counted over a
// period — how many, how many the customer was told of, their cost and how
// many of each kind (docs/events.md). Pure functions over values:
// thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "supeval/core/contracts/records.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/rational.hpp"

namespace supeval::core::contracts {

// How many kinds of event §3 names (EventKind's values, in the spec's order).
inline constexpr std::size_t kEventKindCount = 8;

struct EventCounts {
  std::int64_t total = 0;
  std::int64_t customer_notified = 0;                   // events with customer_notified = yes
  Rational cost;                                        // the exact sum of the costs given; 0 when none
  std::array<std::int64_t, kEventKindCount> by_kind{};  // indexed by EventKind

  // The cost as §2 writes money: exactly 2 decimals, rounded half away from
  // zero ("0.00" when no cost was given).
  [[nodiscard]] std::string CostText() const { return cost.ToFixed(2); }
  friend bool operator==(const EventCounts&, const EventCounts&) = default;
};

// Whether `event` counts in `period`: its date lies in [from, to].
[[nodiscard]] inline bool InPeriod(const Event& event, const Period& period) { return period.Contains(event.date); }

// Each supplier's events dated in `period`, indexed by supplier (MasterData
// index; requires every event's supplier < supplier_count). A supplier
// without events has all counts 0.
[[nodiscard]] std::vector<EventCounts> CountEvents(std::span<const Event> events, const Period& period,
                                                   std::size_t supplier_count);

// The events of one supplier dated in `period`, by date then event_id.
[[nodiscard]] std::vector<Event> EventsOf(std::span<const Event> events, Index supplier, const Period& period);

}  // namespace supeval::core::contracts
