// The settlement's parts as one file each sees the others (settlement.hpp):
// the plan's slots and the accumulator's sums per (contract, material), the
// view of one contract the line builders share, and the line builders of
// prices.cpp, indexation.cpp, commitments.cpp and kpi_clauses.cpp that
// settlement.cpp assembles. Internal to core.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <string_view>
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
  // Sorted days, up to the period's last, where a span some formula asks for
  // starts (contract years, the period, its months, take-or-pay windows,
  // tooling, the warranty window; every day of the period when a `lag`
  // indexation needs it): bucket i holds [edges[i], edges[i+1]) (the last up
  // to the period's last day). Earlier deliveries are not kept.
  std::vector<Date> edges;
  std::uint32_t bucket_begin = 0;  // the first of its buckets in SettlementAccumulator::State::buckets
  // Every day of the period is an edge, from this bucket on (a direct index).
  std::optional<std::size_t> first_daily_bucket;
  // `running` tiers: the deliveries from this day to the period's last are
  // kept one by one (their order prices them).
  std::optional<Date> running_from;
};

// A covered material's contract for one supplier, in the lookup by material:
// what a delivery needs to find its bucket, in one place (days since epoch).
struct SlotCandidate {
  static constexpr std::uint32_t kSearch = std::numeric_limits<std::uint32_t>::max();
  Index supplier = kNoIndex;
  std::int32_t start = 0;         // the term's first day
  std::int32_t end = 0;           // its last (far in the future when open)
  std::int32_t running_from = 0;  // keep deliveries from this day (never: far in the future)
  Index slot = 0;
  std::uint32_t edge_begin = 0;         // Impl::edge_days[edge_begin, +edge_count) = the slot's edges,
  std::uint32_t edge_count = 0;         // and its buckets in State::buckets
  std::uint32_t daily_begin = kSearch;  // the bucket of the period's first day when days are direct
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
  // The candidates of material m are candidates[material_begin[m] ..
  // material_begin[m + 1]): a delivery's lookup is two loads and a short scan.
  std::vector<std::uint32_t> material_begin;
  std::vector<SlotCandidate> candidates;
  std::vector<std::int32_t> edge_days;  // every slot's edges, one after the other

  [[nodiscard]] const Period& period() const { return input.period; }
  [[nodiscard]] std::optional<Index> SlotOf(Index contract, Index material) const;
};

// The contract slot a series delivery belongs to (§4: its supplier's
// contract covering its material whose term holds its receipt date; at most
// one qualifies, §3), or nullptr. Two loads and a short scan: the hot path of
// every pass over the deliveries (settlement and sourcing).
[[nodiscard]] inline const SlotCandidate* CandidateOf(const SettlementPlan::Impl& plan, const Delivery& delivery) {
  if (delivery.material + std::size_t{1} >= plan.material_begin.size()) return nullptr;
  const std::int32_t receipt = delivery.receipt_date.days();
  const SlotCandidate* candidate = plan.candidates.data() + plan.material_begin[delivery.material];
  const SlotCandidate* const end = plan.candidates.data() + plan.material_begin[delivery.material + 1];
  while (candidate != end &&
         (candidate->supplier != delivery.supplier || receipt < candidate->start || receipt > candidate->end)) {
    ++candidate;
  }
  return candidate == end ? nullptr : candidate;
}

struct BucketTotal {
  Int128 quantity_micros = 0;
  std::int64_t deliveries = 0;
};

// A delivery kept for `running` tiers; its id lies in State::running_ids
// (one text for all, so that a long id costs no allocation of its own).
struct RunningDelivery {
  Date receipt;
  std::uint32_t id_size = 0;
  std::size_t id_offset = 0;
  std::int64_t quantity_micros = 0;
};

struct SettlementAccumulator::State {
  std::vector<BucketTotal> buckets;                   // every slot's, from its Slot::bucket_begin
  std::vector<std::vector<RunningDelivery>> running;  // by slot
  std::string running_ids;

  [[nodiscard]] std::string_view IdOf(const RunningDelivery& delivery) const {
    return std::string_view(running_ids).substr(delivery.id_offset, delivery.id_size);
  }
};

// The series deliveries of one bucket: received from `first` to `last`.
struct Bucket {
  Date first;
  Date last;
  BucketTotal total;
};

// The contract year (§4) k of `contract`: from start + k years (clamped to
// the month's end) to the day before start + k + 1 years.
[[nodiscard]] Date ContractYearStart(const Contract& contract, int k);
// The k of the contract year containing `date` (requires date >= start).
[[nodiscard]] int ContractYearOf(const Contract& contract, Date date);

// A quantity in millionths as an exact Rational, and as a figure's text.
[[nodiscard]] Rational QuantityOf(Int128 micros);
[[nodiscard]] std::string QuantityText(Int128 micros);
// The largest amount a line may have, in the currency's units: far beyond
// any real contract, and small enough that the cents of thousands of lines
// add up within 64 bits.
inline constexpr std::int64_t kLargestAmount = 10'000'000'000'000;  // 10^13
// Thrown by Cents for an amount beyond ±kLargestAmount (numbers of a
// contract file that no real contract has); Settle catches it and reports
// the contract as bad input. It never leaves Settle.
struct AmountTooLarge {};
// Money rounded half away from zero to cents (§1), and cents as a Rational.
// Throws AmountTooLarge beyond ±kLargestAmount.
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

  // The slot's buckets within [from, to] that have deliveries; `from` must be
  // an edge and `to` the day before one (or the period's last day), so that
  // they cover exactly the span.
  [[nodiscard]] std::vector<Bucket> Buckets(Index slot, Date from, Date to) const;
  // Σ received_qty (millionths) and the count of the slot's series
  // deliveries received from `from` to `to` inclusive (as Buckets).
  [[nodiscard]] BucketTotal Total(Index slot, Date from, Date to) const;
  [[nodiscard]] Int128 Quantity(Index slot, Date from, Date to) const { return Total(slot, from, to).quantity_micros; }
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
