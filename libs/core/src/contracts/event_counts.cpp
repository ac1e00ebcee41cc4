// Counting a period's events per supplier (IATF 16949 8.4.2.4, events.csv of
// CONTRACTS.md §3; the counting rule in docs/events.md).
#include "supeval/core/contracts/event_counts.hpp"

#include <algorithm>
#include <cassert>
#include <tuple>

namespace supeval::core::contracts {

std::vector<EventCounts> CountEvents(std::span<const Event> events, const Period& period, std::size_t supplier_count) {
  std::vector<EventCounts> counts(supplier_count);
  for (const Event& event : events) {
    if (!InPeriod(event, period)) continue;
    assert(event.supplier < supplier_count);
    EventCounts& supplier = counts[event.supplier];
    ++supplier.total;
    if (event.customer_notified) ++supplier.customer_notified;
    if (event.cost) supplier.cost += *event.cost;
    ++supplier.by_kind[static_cast<std::size_t>(event.kind)];
  }
  return counts;
}

std::vector<Event> EventsOf(std::span<const Event> events, Index supplier, const Period& period) {
  std::vector<Event> selected;
  for (const Event& event : events) {
    if (event.supplier == supplier && InPeriod(event, period)) selected.push_back(event);
  }
  std::sort(selected.begin(), selected.end(),
            [](const Event& a, const Event& b) { return std::tie(a.date, a.id) < std::tie(b.date, b.id); });
  return selected;
}

}  // namespace supeval::core::contracts
