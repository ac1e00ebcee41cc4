// The settlement's parts as one file each sees the others (settlement.hpp):
// the plan's slots and the accumulator's sums per (contract, material), the
// view of one contract the line builders share, and the line builders of
// prices.cpp, indexation.cpp, commitments.cpp and kpi_clauses.cpp that
// settlement.cpp assembles. Internal to core.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "supeval/core/contracts/settlement.hpp"
#include "supeval/core/rational.hpp"

namespace supeval::core::contracts {

// A price band of §5: from `from_micros` (received quantity in millionths)
// up to the next band's.
struct Band {
  Int128 from_micros = 0;
  Rational price;
};

// One covered material of one contract: the unit the accumulator sums by.
struct Slot {
  Index contract = 0;
  Index material = kNoIndex;
  std::vector<Band> bands;  // sorted by from_qty; empty: the material has no price
  // Sorted days before the period where a span some formula asks for starts:
  // bucket i holds [edges[i], edges[i+1]) (the last up to the period's first
  // day); earlier deliveries are not kept.
  std::vector<Date> edges;
  // `running` tiers: the deliveries from this day to the period's last are
  // kept one by one (their order prices them).
  std::optional<Date> running_from;
};

struct SlotCandidate {
  Date start;
  std::optional<Date> end;
  Index slot = 0;
};

// One value of a price index (index_values.csv).
struct IndexPoint {
  Date date;
  Rational value;
};

struct SettlementPlan::Impl {
  SettlementInput input;
  std::vector<Slot> slots;
  std::vector<std::vector<IndexPoint>> index_series;  // by index, sorted by date
  std::vector<std::vector<Index>> contract_slots;     // by contract, in the order of its materials
  std::vector<bool> supplier_has_contract;
  std::unordered_map<std::uint64_t, std::vector<SlotCandidate>> candidates;  // by supplier << 32 | material

  [[nodiscard]] const Period& period() const { return input.period; }
  [[nodiscard]] std::int32_t period_days() const { return input.period.last - input.period.first + 1; }
  [[nodiscard]] std::optional<Index> SlotOf(Index contract, Index material) const;
};

struct DayTotal {
  Int128 quantity_micros = 0;
  std::int64_t deliveries = 0;
};

struct RunningDelivery {
  Date receipt;
  std::string id;
  std::int64_t quantity_micros = 0;
};

struct SlotSums {
  std::vector<Int128> before;  // by bucket of Slot::edges (empty until a delivery lands there)
  std::vector<DayTotal> days;  // by day of the period (empty until a delivery lands there)
  std::vector<RunningDelivery> running;
};

struct SettlementAccumulator::State {
  std::vector<SlotSums> slots;
};

// The contract year (§4) k of `contract`: from start + k years (clamped to
// the month's end) to the day before start + k + 1 years.
[[nodiscard]] Date ContractYearStart(const Contract& contract, int k);
// The k of the contract year containing `date` (requires date >= start).
[[nodiscard]] int ContractYearOf(const Contract& contract, Date date);

// A quantity in millionths as an exact Rational, and as a figure's text.
[[nodiscard]] Rational QuantityOf(Int128 micros);
[[nodiscard]] std::string QuantityText(Int128 micros);
// Money rounded half away from zero to cents (§1), and cents as a Rational.
[[nodiscard]] std::int64_t Cents(const Rational& money);
[[nodiscard]] Rational MoneyOf(std::int64_t cents);

// What the line builders share about one contract.
struct ContractView {
  const SettlementPlan::Impl& plan;
  const SettlementAccumulator::State& sums;
  Index contract = 0;
  const SliceFigures* slice = nullptr;  // none: no figures

  [[nodiscard]] const Contract& record() const { return plan.input.data.contracts[contract]; }
  [[nodiscard]] const Period& period() const { return plan.period(); }
  [[nodiscard]] const ContractRules& rules() const { return plan.input.rules; }
  [[nodiscard]] const ContractData& data() const { return plan.input.data; }
  [[nodiscard]] const std::vector<Index>& slots() const { return plan.contract_slots[contract]; }

  // Σ received_qty (millionths) of the slot's series deliveries received
  // from `from` to `to` inclusive; `from` must start a kept span (an edge or
  // a day of the period) and `to` lie before the period or in it.
  [[nodiscard]] Int128 Quantity(Index slot, Date from, Date to) const;
  // The slot's totals per day of the period (empty: no delivery in it).
  [[nodiscard]] const std::vector<DayTotal>& Days(Index slot) const { return sums.slots[slot].days; }
};

// prices.cpp — §5.
[[nodiscard]] std::optional<Rational> ListPrice(const Slot& slot);
// The contract's spend in the period on one slot's material, and in all.
[[nodiscard]] Rational SlotSpend(const ContractView& view, Index slot);
[[nodiscard]] Rational Spend(const ContractView& view);
[[nodiscard]] std::vector<SettlementLine> VolumeTierLines(const ContractView& view);

// indexation.cpp — §5 Indexation; a missing fixing adds an error.
[[nodiscard]] std::vector<SettlementLine> IndexationLines(const ContractView& view, std::vector<Error>& errors);

// commitments.cpp — §7.
[[nodiscard]] std::vector<SettlementLine> TakeOrPayLines(const ContractView& view);
[[nodiscard]] std::vector<SettlementLine> ToolingLines(const ContractView& view);
// The contract's milestones approved in the period (also for a contract whose
// term does not meet it).
[[nodiscard]] std::vector<SettlementLine> MilestoneLines(const SettlementPlan::Impl& plan, Index contract);

// kpi_clauses.cpp — §6: a kpi line per clause, then the cap lines.
[[nodiscard]] std::vector<SettlementLine> KpiLines(const ContractView& view);

}  // namespace supeval::core::contracts
