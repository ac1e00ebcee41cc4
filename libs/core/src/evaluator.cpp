// The evaluation engine's driver: the suppliers shared out over threads, the
// complaints each will read fetched ahead, the slices, and the explanation
// assembled. The parts: evaluation_context.cpp (preparing),
// delivery_accumulator.cpp (the stream), agreement.cpp (the formulas).
#include "supeval/core/evaluator.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "agreement.hpp"
#include "supeval/core/threads.hpp"

namespace supeval::core {

using State = DeliveryAccumulator::State;

// Below this many suppliers a thread of its own is not worth starting.
constexpr std::size_t kSuppliersPerThread = 1024;

namespace {

// Suppliers ahead whose complaints are fetched while one is evaluated: the
// 88,000 complaints of a large data set and what they name (the delivery,
// the material) are tens of megabytes, read in an order the cache cannot
// guess, and waiting for them was most of Evaluate.
constexpr Index kComplaintsAhead = 4;

// __builtin_prefetch that GCC keeps in a loop doing nothing else: it deletes
// such loops as having no effect (C++ loops are assumed to end,
// -ffinite-loops). The empty asm naming the address is an effect.
inline void PrefetchInLoop(const void* address) {
  __builtin_prefetch(address);
  asm volatile("" : : "r"(address));
}

// Starts loading what TakeComplaints reads: for supplier `named` (when below
// `end`), what its complaints name, whose records were fetched kComplaintsAhead
// suppliers ago; for supplier `fetched`, its complaints' records.
void PrefetchComplaintsOf(const EvaluationContext::Impl& ctx, const State& state, Index named, Index fetched,
                          Index end) {
  if (named < end) {
    for (const Index index : ctx.complaints_by_supplier[named]) {
      const Complaint& complaint = ctx.master.complaints[index];
      if (complaint.delivery_ref != kNoIndex) PrefetchInLoop(&state.referenced[complaint.delivery_ref]);
      if (complaint.material != kNoIndex) PrefetchInLoop(&ctx.master.materials[complaint.material]);
    }
  }
  if (fetched < end) {
    for (const Index index : ctx.complaints_by_supplier[fetched]) {
      const auto* record = reinterpret_cast<const char*>(&ctx.master.complaints[index]);
      for (std::size_t line = 0; line < sizeof(Complaint); line += 64) PrefetchInLoop(record + line);
    }
  }
}

}  // namespace

namespace {

// The slices' results beside the suppliers' (EvaluationOptions::slices).
void EvaluateSlices(const EvaluationContext::Impl& ctx, const State& state,
                    const std::vector<std::pair<std::uint64_t, CommodityTally>>& more, Evaluation& evaluation) {
  for (Index slice = 0; slice < ctx.options.slices.size(); ++slice) {
    SliceEvaluation& out = evaluation.slices.emplace_back();
    const Index tally = ctx.SliceTally(slice);
    Explanation* explanation = ctx.options.explain_slice == slice ? &*evaluation.explanation : nullptr;
    out.result = EvaluatePart(ctx, state, {ctx.options.slices[slice].supplier, tally, slice},
                              state.CommoditiesOf(tally, more), explanation, &out.figures);
    out.figures.deliveries = out.result.deliveries;
    out.figures.on_time = state.slice_on_time[slice];
    if (out.figures.deliveries > 0)
      out.figures.on_time_rate = Rational::Of(100 * out.figures.on_time, out.figures.deliveries);
  }
}

}  // namespace

Evaluation Evaluate(const EvaluationContext& context, const DeliveryAccumulator& accumulator, std::size_t threads) {
  const EvaluationContext::Impl& ctx = context.impl();
  const State& state = accumulator.state();
  Evaluation evaluation;
  const std::size_t suppliers = ctx.master.suppliers.size();
  evaluation.results.resize(suppliers);
  if (ctx.traced_supplier) evaluation.explanation.emplace();
  // The further commodities of all suppliers, in supplier order.
  std::vector<std::pair<std::uint64_t, CommodityTally>> more;
  state.more_commodities.ForEach(
      [&](std::uint64_t key, const CommodityTally& tally) { more.emplace_back(key, tally); });
  std::sort(more.begin(), more.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  // Suppliers are independent: each thread takes a contiguous share.
  const auto evaluate_share = [&](std::size_t share, std::size_t shares) {
    const auto end = static_cast<Index>(suppliers * (share + 1) / shares);
    for (Index i = static_cast<Index>(suppliers * share / shares); i < end; ++i) {
      PrefetchComplaintsOf(ctx, state, i + kComplaintsAhead, i + 2 * kComplaintsAhead, end);
      Explanation* explanation = ctx.options.explain_supplier == i ? &*evaluation.explanation : nullptr;
      evaluation.results[i] = EvaluatePart(ctx, state, {i, i, {}}, state.CommoditiesOf(i, more), explanation);
    }
  };
  threads = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(1, suppliers / kSuppliersPerThread));
  RunInParallel(threads, [&](std::size_t share) { evaluate_share(share, threads); });
  EvaluateSlices(ctx, state, more, evaluation);
  if (ctx.traced_supplier) {
    Explanation* explanation = &*evaluation.explanation;
    explanation->result = ctx.options.explain_slice ? evaluation.slices[*ctx.options.explain_slice].result
                                                    : evaluation.results[*ctx.options.explain_supplier];
    explanation->reference_date = ctx.period.ReferenceDate();
    explanation->qz1_complaints = explanation->result.complaints;
    explanation->qz1_series_deliveries = explanation->result.series_deliveries;
    explanation->qz4_sample_complaints = explanation->result.sample_complaints;
    explanation->qz4_sample_deliveries = explanation->result.sample_deliveries;
    for (const auto& [points, count] : state.lz1_points_count) {
      explanation->lz1_points_count[static_cast<double>(points) / kPointsScale] = count;
    }
    for (const auto& [points, count] : state.lz2_points_count) {
      explanation->lz2_points_count[static_cast<double>(points) / kPointsScale] = count;
    }
    explanation->worst_by_date = state.worst_by_date;
    explanation->worst_by_quantity = state.worst_by_quantity;
    KeepWorst(explanation->worst_by_date, ctx.options.worst_deliveries, WorseByDate);
    KeepWorst(explanation->worst_by_quantity, ctx.options.worst_deliveries, WorseByQuantity);
  }
  return evaluation;
}

}  // namespace supeval::core
