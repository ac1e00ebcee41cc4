// The evaluation engine (spec: docs/EVALUATION.md). Use it in three steps:
//
//   auto context = EvaluationContext::Create(rules, period, std::move(master), {});
//   DeliveryAccumulator acc(*context);          // one per thread
//   for (each delivery) acc.Add(delivery);       // one pass, any order
//   acc.Merge(std::move(other_thread_acc));      // integer sums: order-free
//   Evaluation out = Evaluate(*context, acc);
//
// Deliveries are streamed: memory grows with suppliers, commodities and the
// deliveries complaints name, not with the number of deliveries. All sums are
// exact integers, so the result is the same whatever order or split of threads
// the deliveries come in.
// Thread-safety: an EvaluationContext is immutable and may be shared; each
// DeliveryAccumulator belongs to one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "supeval/core/contracts/slice_figures.hpp"
#include "supeval/core/evaluation.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/records.hpp"
#include "supeval/core/result.hpp"
#include "supeval/core/rules.hpp"

namespace supeval::core {

// A part of one supplier's data evaluated as if it were a supplier of its
// own: its deliveries of `materials` received from `first` to `last`, its
// complaints dated then whose material (the delivery's, else the record's)
// is one of them, its certificates and holds unchanged (CONTRACTS.md §6: a
// contract's slice). The same pass over the deliveries serves the suppliers
// and every slice.
struct EvaluationSlice {
  Index supplier = kNoIndex;
  std::vector<Index> materials;  // indices into MasterData::materials, any order
  Date first;                    // within the period
  Date last;
};

struct EvaluationOptions {
  std::optional<Index> explain_supplier;  // trace this supplier in detail
  std::size_t worst_deliveries = 10;      // how many to list per sub-criterion
  std::size_t threads = 1;                // Create prepares on up to this many (results do not depend on it)
  std::vector<EvaluationSlice> slices;    // evaluated beside the suppliers, exactly
  // Trace this slice (an index into `slices`) in detail instead of a
  // supplier: Evaluation::explanation explains it. Not with explain_supplier.
  std::optional<Index> explain_slice;
  // When set, by supplier: whether QZ3 takes the indirect column, decided
  // beforehand instead of on the deliveries this context sees (a scope's QZ3
  // is the supplier's: docs/EVALUATION.md, "Scopes"). Read by Evaluate, so it
  // may be filled while deliveries are added; it must outlive the context.
  const std::vector<bool>* qz3_indirect_by_supplier = nullptr;
};

class EvaluationContext {
 public:
  // Validates the rule set and prepares calendars and lookup tables.
  // Requires master data whose indices are in range.
  static Result<EvaluationContext> Create(RuleSet rules, Period period, MasterData master,
                                          EvaluationOptions options = {});

  EvaluationContext(EvaluationContext&&) noexcept;
  EvaluationContext& operator=(EvaluationContext&&) noexcept;
  ~EvaluationContext();

  [[nodiscard]] const RuleSet& rules() const;
  [[nodiscard]] const Period& period() const;
  [[nodiscard]] const MasterData& master() const;

  struct Impl;
  [[nodiscard]] const Impl& impl() const { return *impl_; }

 private:
  explicit EvaluationContext(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class DeliveryAccumulator {
 public:
  explicit DeliveryAccumulator(const EvaluationContext& context);
  DeliveryAccumulator(DeliveryAccumulator&&) noexcept;
  DeliveryAccumulator& operator=(DeliveryAccumulator&&) noexcept;
  ~DeliveryAccumulator();

  // Takes one delivery into account (or only notes it when a complaint names
  // it and it lies outside the period).
  void Add(const Delivery& delivery);
  // Adds what `other` accumulated (same context) to this one.
  void Merge(DeliveryAccumulator&& other);
  // Forgets every delivery added, as if newly made: for a reader that reads
  // its rows again.
  void Clear();

  struct State;
  [[nodiscard]] const State& state() const;

 private:
  void AddNow(const Delivery& delivery);
  void Flush();  // adds the deliveries that still wait (see State::kDelay)

  const EvaluationContext* context_;
  std::unique_ptr<State> state_;
};

// A slice's result: the evaluation's figures for it, and the same figures
// as exact rationals, computed from the same integer sums.
struct SliceEvaluation {
  SupplierResult result;  // supplier_id and name are the slice's supplier's
  contracts::SliceFigures figures;
};

struct Evaluation {
  std::vector<SupplierResult> results;     // in the order of MasterData::suppliers
  std::optional<Explanation> explanation;  // of the explained supplier or slice
  std::vector<SliceEvaluation> slices;     // in the order of EvaluationOptions::slices
};

// Turns the accumulated deliveries and the context's complaints, certificates
// and holds into results, the suppliers shared out over up to `threads`
// threads (the results do not depend on it).
[[nodiscard]] Evaluation Evaluate(const EvaluationContext& context, const DeliveryAccumulator& accumulator,
                                  std::size_t threads = 1);

}  // namespace supeval::core
