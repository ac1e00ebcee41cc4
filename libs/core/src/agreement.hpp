// The agreement's formulas (internal to core; spec: docs/EVALUATION.md):
// one supplier's, or one slice's, QZ1–QZ4, LZ1–LZ2, total and class from the
// tallies the stream added up and the records grouped by supplier. Read it
// beside the spec: each rule cites its section.
#pragma once

#include <optional>
#include <vector>

#include "delivery_tally.hpp"
#include "supeval/core/contracts/slice_figures.hpp"

namespace supeval::core {

// What is evaluated: a supplier (its own tally), or a slice of one (the
// slice's tally, its records filtered; figures also exact).
struct EvaluatedPart {
  Index supplier = kNoIndex;
  Index tally = kNoIndex;
  std::optional<Index> slice;
};

// The result of `part`. `commodities`: the part's tallies by commodity;
// `explanation`: filled in when this part is the one explained; `exact`:
// where a slice's exact figures go (slices only).
[[nodiscard]] SupplierResult EvaluatePart(const EvaluationContext::Impl& ctx, const DeliveryAccumulator::State& state,
                                          EvaluatedPart part, std::vector<CommodityTally> commodities,
                                          Explanation* explanation, contracts::SliceFigures* exact = nullptr);

}  // namespace supeval::core
