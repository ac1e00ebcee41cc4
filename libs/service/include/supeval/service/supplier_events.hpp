// The supplier monitoring indicators of IATF 16949 8.4.2.4 beside a run's
// rating (docs/events.md): the events of events.csv dated in the run's
// period as the run saw the records (the store as of the run's
// `as_of_batch`), counted per supplier (core::contracts::CountEvents) — for
// the scorecard, the ranking's `events` and `event_kind` filter, and
// GET /api/v1/suppliers/{id}/events (a supplier user: its own only).
// A run's events are read once and kept in the ResultsCache: a run never
// changes.
//
// Thread-safety: as results.hpp (a Store per thread, a shared ResultsCache).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "supeval/core/contracts/event_counts.hpp"
#include "supeval/core/contracts/records.hpp"
#include "supeval/core/result.hpp"
#include "supeval/service/lists.hpp"
#include "supeval/service/policy.hpp"
#include "supeval/service/results.hpp"
#include "supeval/service/results_json.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

// An event with its ids resolved.
struct EventRecord {
  core::contracts::Event event;  // its indices refer to nothing kept: use the ids below
  std::string supplier_id;
  std::string plant_id;
  std::string material_id;  // empty: the event names none, nor does its delivery
};

struct RunEvents {
  std::vector<EventRecord> rows;  // the period's events, by supplier_id, date, event_id
  std::unordered_map<std::string, core::contracts::EventCounts> counts_of;  // by supplier_id; none: no event

  // The supplier's counts (all 0 without events) and rows.
  [[nodiscard]] const core::contracts::EventCounts& CountsOf(const std::string& supplier_id) const;
  [[nodiscard]] std::span<const EventRecord> RowsOf(const std::string& supplier_id) const;
};

// The events of `run`'s period as the run saw the records.
[[nodiscard]] core::Result<std::shared_ptr<const RunEvents>> ReadRunEvents(store::Store& db, const ChosenRun& run);

// The `event_kind` filter: a comma-separated list of §3's kinds; kBadInput
// (field "event_kind") for an empty or unknown one.
[[nodiscard]] core::Result<std::optional<std::vector<core::contracts::EventKind>>> ParseEventKinds(
    const std::optional<std::string>& text);
// Whether `counts` hold an event of one of `kinds`.
[[nodiscard]] bool HasEventOf(const core::contracts::EventCounts& counts,
                              const std::vector<core::contracts::EventKind>& kinds);

// GET /api/v1/suppliers/{id}/events: the supplier's events of the chosen
// run's period (chosen as the scorecard chooses it), by date then event_id.
struct EventsQuery {
  RunSelector run;
  std::optional<std::string> limit;
  std::optional<std::string> offset;
};
struct EventsPage {
  ChosenRun run;
  std::string supplier_id;
  std::shared_ptr<const RunEvents> events;  // what the rows point into
  std::int64_t total_count = 0;
  Paging paging;
  std::span<const EventRecord> rows;
};
// Errors as ShowScorecard's; kBadInput for limit, offset.
[[nodiscard]] core::Result<EventsPage> ListSupplierEvents(store::Store& db, ResultsCache& cache, const Caller& caller,
                                                          const std::string& supplier_id, const EventsQuery& query);

// One event: {event_id, plant_id, date, kind, material_id, delivery_id, cost,
// customer_notified}; an absent material, delivery or cost null, cost as
// money text with 2 decimals, customer_notified a boolean.
[[nodiscard]] Json EventJson(const EventRecord& record);
// The supplier's counts (io::EventCountsJson) with its rows.
[[nodiscard]] Json SupplierEventsJson(const RunEvents& events, const std::string& supplier_id);
// {period, from, to, run, supplier_id, total_count, limit, offset, rows}.
[[nodiscard]] Json EventsPageJson(const EventsPage& page);

}  // namespace supeval::service
