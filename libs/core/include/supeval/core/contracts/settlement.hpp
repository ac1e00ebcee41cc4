// The settlement engine (CONTRACTS.md §4–§8): the money a period owes under
// each contract — volume tiers, indexation, take-or-pay, tooling, milestones,
// KPI clauses and the contract caps — as lines with their trace. Use it in
// three steps, like the evaluation (evaluator.hpp):
//
//   SettlementPlan plan({rules, data, master, period});
//   SettlementAccumulator acc(plan);            // one per thread
//   for (each delivery) acc.Add(delivery);       // one pass, any order
//   acc.Merge(std::move(other_thread_acc));      // integer sums: order-free
//   Settlement out = Settle(plan, slices, acc);
//
// The accumulator keeps integer sums of series quantities per (contract,
// material) and span of receipt days — a span starting wherever a formula
// needs one (the period, its months for prev_month_avg, each of its days only
// for `lag` indexation, contract years, take-or-pay windows, tooling from its
// `from`, the warranty window) — and the deliveries themselves only where
// `running` tiers need their order. Rational arithmetic happens per aggregate in Settle, never per
// delivery. Money is exact and rounded half away from zero only where a
// line's amount is formed (§1).
// Thread-safety: a SettlementPlan is immutable and may be shared (it keeps
// references to the input's rules, data and master data, which must outlive
// it); each SettlementAccumulator belongs to one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/core/contracts/records.hpp"
#include "supeval/core/contracts/slice_figures.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/records.hpp"
#include "supeval/core/result.hpp"

namespace supeval::core::contracts {

struct SettlementInput {
  const ContractRules& rules;
  const ContractData& data;
  const MasterData& master;
  Period period;  // label: the PERIOD argument, written in every line
};

class SettlementPlan {
 public:
  // Prepares the lookup supplier + material -> contract by term and the
  // spans of days each (contract, material) needs. Requires data whose
  // indices are in range (as io and store give it).
  explicit SettlementPlan(SettlementInput input);
  SettlementPlan(SettlementPlan&&) noexcept;
  SettlementPlan& operator=(SettlementPlan&&) = delete;
  ~SettlementPlan();

  [[nodiscard]] const SettlementInput& input() const;

  struct Impl;
  [[nodiscard]] const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

class SettlementAccumulator {
 public:
  explicit SettlementAccumulator(const SettlementPlan& plan);
  SettlementAccumulator(SettlementAccumulator&&) noexcept;
  SettlementAccumulator& operator=(SettlementAccumulator&&) noexcept;
  ~SettlementAccumulator();

  // Takes one delivery into account: a series delivery that belongs to a
  // contract (§4) and lies in a span the plan needs; anything else is
  // ignored. Cheap: one lookup and integer adds.
  void Add(const Delivery& delivery);
  // Adds what `other` accumulated (same plan) to this one.
  void Merge(SettlementAccumulator&& other);
  // Forgets every delivery added.
  void Clear();

  struct State;
  [[nodiscard]] const State& state() const { return *state_; }

 private:
  const SettlementPlan::Impl* plan_;  // survives a move of the plan
  std::unique_ptr<State> state_;
};

// The kinds of §8 in their output order.
enum class LineKind : std::uint8_t {
  kVolumeTier,
  kIndexation,
  kTakeOrPay,
  kTooling,
  kToolingResidual,
  kMilestone,
  kKpi,
  kPenaltyCap,
  kBonusCap,
};
[[nodiscard]] std::string_view NameOf(LineKind kind);

// One settlement line (§8). The trace columns are the cells' text, formatted
// per §2 (figures via Rational::ToFigure, money with 2 decimals, dates ISO,
// empty where not applicable).
struct SettlementLine {
  Index contract = 0;  // into ContractData::contracts
  std::string contract_id;
  std::string supplier_id;
  std::string period;
  std::string currency;
  std::string kind;  // NameOf(LineKind), or a settled.csv kind as written (withdrawn lines)
  std::string ref;
  std::string material_id;
  std::string status;
  std::string quantity, actual, target, shortfall, rate, spend, cap;
  std::int64_t amount_cents = 0;  // the line's amount (a delta line: computed − settled_before)
  std::string line_type;          // "original" | "delta"
  std::optional<std::int64_t> settled_before_cents;
  std::string note;
  // The computation with the numbers put in, one step a string, for
  // `--explain CONTRACT` ("V = 2100 × 3.50 = 7350").
  std::vector<std::string> steps;
};

struct Settlement {
  // In the order of §8. Empty when `errors` is not.
  std::vector<SettlementLine> lines;
  // Bad input found while computing (§3): missing fixings, one per
  // (indexation row, label), on indexation.csv; settled.csv lines whose
  // period overlaps the settled one without being equal. All of them, in
  // file then line order; kBadInput with file, line and column.
  std::vector<Error> errors;
};

// The settlement of the plan's period. `slices` holds the evaluation's
// figures per contract (by index into ContractData::contracts; a missing or
// short vector, or nullopt: the contract's slice has no figures, its
// evaluation KPIs are not assessed). Requires `accumulator` built on `plan`.
[[nodiscard]] Settlement Settle(const SettlementPlan& plan, const std::vector<std::optional<SliceFigures>>& slices,
                                const SettlementAccumulator& accumulator);

// The §8 header, and a line's cells in that order, as text (money cells with
// 2 decimals, empty cells empty), for a generic table/csv/json writer.
[[nodiscard]] const std::vector<std::string_view>& SettlementColumns();
[[nodiscard]] std::vector<std::string> SettlementCells(const SettlementLine& line);

// Money in cents as §2 writes it: "-12.50", "0.00", never "-0.00".
[[nodiscard]] std::string FormatCents(std::int64_t cents);

}  // namespace supeval::core::contracts
