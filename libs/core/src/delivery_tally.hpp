// The delivery accumulator's tallies (internal to core): what the stream of
// deliveries adds up per supplier and commodity, laid out for the cache, and
// the lists of the worst deliveries. delivery_accumulator.cpp fills them;
// agreement.cpp and evaluator.cpp read them.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <utility>
#include <vector>

#include "evaluation_context.hpp"

namespace supeval::core {

struct CommodityTally {
  Index commodity = kNoIndex;
  std::int64_t series = 0;
  std::int64_t sample = 0;
  Int128 delivered_micros = 0;  // series deliveries only (spec QZ2)
};

// A commodity's tally in its supplier's cache line: narrower than a
// CommodityTally, so that two fit. Counts that would overflow move to the
// supplier's CommodityTally in State::more_commodities first (Spill), so
// the sums stay exact; the two are added up when the supplier is evaluated.
struct InlineTally {
  Index commodity = kNoIndex;  // none yet
  std::uint32_t series = 0;
  std::uint32_t sample = 0;
  std::int64_t delivered_micros = 0;  // series deliveries only (spec QZ2)
};

// What the stream adds up for one supplier, in one cache line: the rows of
// a large data set reach 20,000 suppliers in no order, and each row costs a
// fetch of its supplier's line. Most suppliers deliver one or two
// commodities: their tallies live here; those of further commodities are
// kept apart (State::more_commodities). The supplier's counts are the sums
// over its commodities.
struct alignas(64) SupplierTally {
  std::array<InlineTally, 2> commodities;  // the first two the supplier delivered
  std::int64_t lz1_points_micros = 0;
  std::int64_t lz2_points_micros = 0;
};
static_assert(sizeof(SupplierTally) == 64);

// Whether adding `micros` to `sum` would leave 64 bits.
inline bool SumOverflows(std::int64_t sum, std::int64_t micros) {
  return micros > 0 ? sum > std::numeric_limits<std::int64_t>::max() - micros
                    : sum < std::numeric_limits<std::int64_t>::min() - micros;
}

// An inline tally as a wide one.
inline CommodityTally Widened(const InlineTally& tally) {
  return {tally.commodity, tally.series, tally.sample, tally.delivered_micros};
}

inline void AddTo(CommodityTally& to, const CommodityTally& from) {
  to.series += from.series;
  to.sample += from.sample;
  to.delivered_micros += from.delivered_micros;
}

// The key of a supplier's further commodity in State::more_commodities.
inline std::uint64_t SupplierCommodityKey(Index supplier, Index commodity) {
  return (static_cast<std::uint64_t>(supplier) << 32) | commodity;
}

// Tallies by supplier and commodity: open addressing over one array, so that
// a lookup costs one fetch (a node-based map cost three).
class CommodityTallyTable {
 public:
  CommodityTally& operator[](std::uint64_t key) {
    if (2 * (used_ + 1) > entries_.size()) Grow();
    Entry& entry = Probe(entries_, key);
    if (!entry.used) {
      entry = Entry{key, true, {}};
      ++used_;
    }
    return entry.tally;
  }

  // Calls visit(key, tally) for every tally, in no particular order.
  template <class Visit>
  void ForEach(Visit visit) const {
    for (const Entry& entry : entries_) {
      if (entry.used) visit(entry.key, entry.tally);
    }
  }

 private:
  struct Entry {
    std::uint64_t key = 0;
    bool used = false;
    CommodityTally tally;
  };

  static Entry& Probe(std::vector<Entry>& entries, std::uint64_t key) {
    const std::size_t mask = entries.size() - 1;
    for (std::size_t at = (key * 0x9E3779B97F4A7C15ULL) >> 40 & mask;; at = (at + 1) & mask) {
      if (!entries[at].used || entries[at].key == key) return entries[at];
    }
  }

  void Grow() {
    std::vector<Entry> larger(entries_.empty() ? 64 : 2 * entries_.size());
    for (const Entry& entry : entries_) {
      if (entry.used) Probe(larger, entry.key) = entry;
    }
    entries_ = std::move(larger);
  }

  std::vector<Entry> entries_;
  std::size_t used_ = 0;
};

struct ReferencedDelivery {
  bool found = false;
  Index material = kNoIndex;
  Decimal received_qty;
};

// Which of two deliveries is worse by date (LZ1) or by quantity (LZ2); ties by id.
bool WorseByDate(const DeliveryDeviation& a, const DeliveryDeviation& b);
bool WorseByQuantity(const DeliveryDeviation& a, const DeliveryDeviation& b);

// Keeps the `limit` worst entries; ties are broken by id, so the outcome does
// not depend on the order entries arrive in.
void KeepWorst(std::vector<DeliveryDeviation>& list, std::size_t limit,
               bool (*worse)(const DeliveryDeviation&, const DeliveryDeviation&));

struct DeliveryAccumulator::State {
  // Deliveries wait this many calls of Add before they are added, while the
  // tally of their supplier is fetched: the tallies of 20,000 suppliers are
  // megabytes, and waiting for each in turn was half the time of Add. Sums do
  // not depend on the order of adding.
  static constexpr std::size_t kDelay = 8;
  std::array<Delivery, kDelay> waiting{};
  std::size_t waiting_count = 0;
  std::size_t next_waiting = 0;

  std::vector<SupplierTally> suppliers;     // then the slices' (Impl::SliceTally)
  std::vector<std::int64_t> slice_on_time;  // by slice: deliveries at full LZ1 points
  CommodityTallyTable more_commodities;     // by SupplierCommodityKey
  std::vector<ReferencedDelivery> referenced;

  // Counts one delivery of `supplier` in `commodity`; `micros` only for a
  // series delivery.
  void Count(Index supplier, Index commodity, bool series, std::int64_t micros) {
    for (InlineTally& tally : suppliers[supplier].commodities) {
      if (tally.commodity == kNoIndex) tally.commodity = commodity;
      if (tally.commodity != commodity) continue;
      std::uint32_t& count = series ? tally.series : tally.sample;
      if (count == std::numeric_limits<std::uint32_t>::max() || SumOverflows(tally.delivered_micros, micros)) {
        Spill(supplier, tally);
      }
      ++count;
      tally.delivered_micros += micros;
      return;
    }
    CommodityTally& more = Wide(supplier, commodity);
    ++(series ? more.series : more.sample);
    more.delivered_micros += micros;
  }

  // The tally of `supplier` in `commodity` in more_commodities.
  CommodityTally& Wide(Index supplier, Index commodity) {
    CommodityTally& tally = more_commodities[SupplierCommodityKey(supplier, commodity)];
    tally.commodity = commodity;
    return tally;
  }

  // Moves an inline tally's counts to the wide one, emptying them.
  void Spill(Index supplier, InlineTally& tally) {
    AddTo(Wide(supplier, tally.commodity), Widened(tally));
    tally = InlineTally{tally.commodity};
  }

  // The tallies of `supplier`, one per commodity: the inline ones with what
  // spilled of them, then those of further commodities. `more` holds the
  // entries of more_commodities sorted by key.
  std::vector<CommodityTally> CommoditiesOf(Index supplier,
                                            const std::vector<std::pair<std::uint64_t, CommodityTally>>& more) const {
    std::vector<CommodityTally> tallies;
    for (const InlineTally& tally : suppliers[supplier].commodities) {
      if (tally.commodity != kNoIndex) tallies.push_back(Widened(tally));
    }
    const std::size_t inline_count = tallies.size();
    auto at = std::lower_bound(more.begin(), more.end(), SupplierCommodityKey(supplier, 0),
                               [](const auto& entry, std::uint64_t key) { return entry.first < key; });
    for (; at != more.end() && (at->first >> 32) == supplier; ++at) {
      const auto same =
          std::find_if(tallies.begin(), tallies.begin() + static_cast<std::ptrdiff_t>(inline_count),
                       [&](const CommodityTally& tally) { return tally.commodity == at->second.commodity; });
      if (same != tallies.begin() + static_cast<std::ptrdiff_t>(inline_count)) AddTo(*same, at->second);
      else tallies.push_back(at->second);
    }
    return tallies;
  }
  std::map<std::int64_t, std::int64_t> lz1_points_count;  // traced supplier only
  std::map<std::int64_t, std::int64_t> lz2_points_count;
  std::vector<DeliveryDeviation> worst_by_date;
  std::vector<DeliveryDeviation> worst_by_quantity;
};

}  // namespace supeval::core
