// RecordSource: where the engine's records come from — a CSV folder (io) or a
// database (store) — behind one streaming interface, so that every source
// gives the engine the same records and therefore the same results.
// A source hands out the master data once, then streams the deliveries into
// the accumulators it is given; it may use one thread per accumulator.
// Thread-safety: a source is used by one caller at a time; internally it may
// run one thread per accumulator, each touching only its own accumulator.
#pragma once

#include <span>

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
};

}  // namespace supeval::core
