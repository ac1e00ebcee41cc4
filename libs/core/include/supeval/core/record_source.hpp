// RecordSource: where the engine's records come from — a CSV folder (io) or a
// database (store) — behind one streaming interface, so that every source
// gives the engine the same records and therefore the same results.
// A source hands out the master data once, then streams the deliveries into
// the accumulators it is given; it may use one thread per accumulator.
// Thread-safety: a source is used by one caller at a time; internally it may
// run one thread per accumulator, each touching only its own accumulator.
// Beside the rating's records it may hold the supplier events counted next
// to it (ReadEvents).
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "supeval/core/contracts/records.hpp"
#include "supeval/core/evaluator.hpp"
#include "supeval/core/records.hpp"
#include "supeval/core/result.hpp"

namespace supeval::core {

class RecordSource {
 public:
  virtual ~RecordSource() = default;

  // Everything but the deliveries, ids resolved to indices. Bad records are a
  // kBadInput error listing them.
  virtual Result<MasterData> ReadMasterData() = 0;

  // Feeds every delivery to exactly one of `accumulators` (requires at least
  // one). A source may leave out deliveries that can matter to no result: those
  // received outside `period` that no complaint names. Bad records are a
  // kBadInput error listing them; the accumulators are then to be discarded.
  virtual Status StreamDeliveries(const Period& period, std::span<DeliveryAccumulator> accumulators) = 0;

  // Feeds every delivery to `sink` on the calling thread, as StreamDeliveries
  // feeds accumulators: for evaluations beside the engine's accumulator
  // (scopes.hpp). A source that cannot says so (kInternal).
  virtual Status StreamDeliveriesTo(const Period& /*period*/, const std::function<void(const Delivery&)>& /*sink*/) {
    return Internal("this record source streams deliveries only into accumulators");
  }

  // The events of events.csv (CONTRACTS.md §3, IATF 16949 8.4.2.4) the
  // source holds, of every date, ids resolved to the indices of `master`
  // (this source's ReadMasterData), after StreamDeliveries (an event's
  // material may be its delivery's). A source without events gives none.
  virtual Result<std::vector<contracts::Event>> ReadEvents(const MasterData& /*master*/) {
    return std::vector<contracts::Event>();
  }
};

}  // namespace supeval::core
