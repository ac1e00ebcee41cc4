// The settlement's one pass over the deliveries: the plan (which contract a
// delivery belongs to, §4, and which spans of days each formula needs) and
// the accumulator's integer sums per (contract, material) and day.
#include <algorithm>
#include <cassert>

#include "contracts/settlement_parts.hpp"

namespace supeval::core::contracts {
namespace {

std::uint64_t KeyOf(Index supplier, Index material) { return (std::uint64_t{supplier} << 32) | material; }

std::vector<Band> BandsOf(const ContractData& data, Index contract, Index material) {
  std::vector<Band> bands;
  for (const PriceTier& tier : data.price_tiers) {
    if (tier.contract == contract && tier.material == material)
      bands.push_back({tier.from_qty.micros(), tier.unit_price});
  }
  std::sort(bands.begin(), bands.end(), [](const Band& a, const Band& b) { return a.from_micros < b.from_micros; });
  return bands;
}

// The days before the period where a span of §5–§7 starts for the slot.
std::vector<Date> EdgesOf(const SettlementInput& input, const Slot& slot) {
  const Contract& contract = input.data.contracts[slot.contract];
  const Period& period = input.period;
  std::vector<Date> starts;
  const Date day_before = period.first - 1;
  if (day_before >= contract.start) starts.push_back(ContractYearStart(contract, ContractYearOf(contract, day_before)));
  for (const Tooling& tooling : input.data.toolings) {
    if (tooling.contract == slot.contract && tooling.material == slot.material) {
      starts.push_back(tooling.from.value_or(contract.start));
    }
  }
  for (const VolumeCommitment& commitment : input.data.commitments) {
    if (commitment.contract == slot.contract && commitment.material == slot.material &&
        period.Contains(commitment.to)) {
      starts.push_back(commitment.from);
    }
  }
  starts.push_back((period.last + 1).AddMonths(-input.rules.warranty_window_months));
  std::vector<Date> edges;
  for (const Date start : starts) {
    if (start < period.first) edges.push_back(std::max(start, contract.start));
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  return edges;
}

std::optional<Date> RunningFrom(const SettlementInput& input, const Slot& slot) {
  const Contract& contract = input.data.contracts[slot.contract];
  if (slot.bands.empty() || contract.tier_mode.value_or(input.rules.tier_mode) != TierMode::kRunning) return {};
  if (!contract.Meets(input.period.first, input.period.last)) return {};
  const Date first = std::max(input.period.first, contract.start);
  return ContractYearStart(contract, ContractYearOf(contract, first));
}

}  // namespace

SettlementPlan::SettlementPlan(SettlementInput input)
    : impl_(std::make_unique<Impl>(Impl{std::move(input), {}, {}, {}, {}, {}})) {
  Impl& impl = *impl_;
  const ContractData& data = impl.input.data;
  impl.contract_slots.resize(data.contracts.size());
  impl.supplier_has_contract.assign(impl.input.master.suppliers.size(), false);
  impl.index_series.resize(data.indices.size());
  for (const IndexValue& value : data.index_values) impl.index_series[value.index].push_back({value.date, value.value});
  for (auto& series : impl.index_series) {
    std::sort(series.begin(), series.end(), [](const IndexPoint& a, const IndexPoint& b) { return a.date < b.date; });
  }
  for (Index c = 0; c < data.contracts.size(); ++c) {
    const Contract& contract = data.contracts[c];
    for (const Index material : contract.materials) {
      Slot slot{c, material, BandsOf(data, c, material), {}, {}};
      slot.edges = EdgesOf(impl.input, slot);
      slot.running_from = RunningFrom(impl.input, slot);
      const auto index = static_cast<Index>(impl.slots.size());
      impl.slots.push_back(std::move(slot));
      impl.contract_slots[c].push_back(index);
      impl.candidates[KeyOf(contract.supplier, material)].push_back({contract.start, contract.end, index});
      if (contract.supplier < impl.supplier_has_contract.size()) impl.supplier_has_contract[contract.supplier] = true;
    }
  }
}

SettlementPlan::SettlementPlan(SettlementPlan&&) noexcept = default;
SettlementPlan::~SettlementPlan() = default;
const SettlementInput& SettlementPlan::input() const { return impl_->input; }

std::optional<Index> SettlementPlan::Impl::SlotOf(Index contract, Index material) const {
  for (const Index slot : contract_slots[contract]) {
    if (slots[slot].material == material) return slot;
  }
  return std::nullopt;
}

SettlementAccumulator::SettlementAccumulator(const SettlementPlan& plan)
    : plan_(&plan), state_(std::make_unique<State>()) {
  state_->slots.resize(plan.impl().slots.size());
}
SettlementAccumulator::SettlementAccumulator(SettlementAccumulator&&) noexcept = default;
SettlementAccumulator& SettlementAccumulator::operator=(SettlementAccumulator&&) noexcept = default;
SettlementAccumulator::~SettlementAccumulator() = default;

void SettlementAccumulator::Add(const Delivery& delivery) {
  const SettlementPlan::Impl& plan = plan_->impl();
  if (delivery.type != DeliveryType::kSeries) return;
  if (delivery.supplier >= plan.supplier_has_contract.size() || !plan.supplier_has_contract[delivery.supplier]) return;
  const Date receipt = delivery.receipt_date;
  if (receipt > plan.period().last) return;
  const auto found = plan.candidates.find(KeyOf(delivery.supplier, delivery.material));
  if (found == plan.candidates.end()) return;
  for (const SlotCandidate& candidate : found->second) {
    if (receipt < candidate.start || (candidate.end && receipt > *candidate.end)) continue;
    const Slot& slot = plan.slots[candidate.slot];
    SlotSums& sums = state_->slots[candidate.slot];
    const std::int64_t micros = delivery.received_qty.micros();
    if (receipt >= plan.period().first) {
      if (sums.days.empty()) sums.days.resize(static_cast<std::size_t>(plan.period_days()));
      DayTotal& day = sums.days[static_cast<std::size_t>(receipt - plan.period().first)];
      day.quantity_micros += micros;
      ++day.deliveries;
    } else if (!slot.edges.empty() && receipt >= slot.edges.front()) {
      if (sums.before.empty()) sums.before.resize(slot.edges.size());
      const auto bucket = std::upper_bound(slot.edges.begin(), slot.edges.end(), receipt) - slot.edges.begin() - 1;
      sums.before[static_cast<std::size_t>(bucket)] += micros;
    }
    if (slot.running_from && receipt >= *slot.running_from) {
      sums.running.push_back({receipt, std::string(delivery.id), micros});
    }
    return;  // at most one contract qualifies (§3)
  }
}

void SettlementAccumulator::Merge(SettlementAccumulator&& other) {
  assert(other.plan_ == plan_);
  for (std::size_t s = 0; s < state_->slots.size(); ++s) {
    SlotSums& mine = state_->slots[s];
    SlotSums& theirs = other.state_->slots[s];
    if (mine.before.empty()) mine.before.resize(theirs.before.size());
    for (std::size_t i = 0; i < theirs.before.size(); ++i) mine.before[i] += theirs.before[i];
    if (mine.days.empty()) mine.days.resize(theirs.days.size());
    for (std::size_t i = 0; i < theirs.days.size(); ++i) {
      mine.days[i].quantity_micros += theirs.days[i].quantity_micros;
      mine.days[i].deliveries += theirs.days[i].deliveries;
    }
    std::move(theirs.running.begin(), theirs.running.end(), std::back_inserter(mine.running));
  }
  other.Clear();
}

void SettlementAccumulator::Clear() { state_->slots.assign(plan_->impl().slots.size(), SlotSums{}); }

Int128 ContractView::Quantity(Index slot, Date from, Date to) const {
  const Slot& plan_slot = plan.slots[slot];
  const SlotSums& slot_sums = sums.slots[slot];
  const Period& p = period();
  Int128 total = 0;
  for (std::size_t i = 0; i < slot_sums.before.size(); ++i) {
    const Date start = plan_slot.edges[i];
    const Date last = i + 1 < plan_slot.edges.size() ? plan_slot.edges[i + 1] - 1 : p.first - 1;
    if (start >= from && last <= to) total += slot_sums.before[i];
  }
  const Date first_day = std::max(from, p.first);
  const Date last_day = std::min(to, p.last);
  for (Date day = first_day; day <= last_day && !slot_sums.days.empty(); day = day + 1) {
    total += slot_sums.days[static_cast<std::size_t>(day - p.first)].quantity_micros;
  }
  return total;
}

}  // namespace supeval::core::contracts
