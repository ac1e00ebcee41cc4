// The settlement's one pass over the deliveries: the plan (which contract a
// delivery belongs to, §4, and which spans of days each formula needs) and
// the accumulator's integer sums per (contract, material) and day.
#include <algorithm>
#include <cassert>
#include <limits>

#include "contracts/settlement_parts.hpp"

namespace supeval::core::contracts {
namespace {

constexpr Date kNever = Date::FromDays(std::numeric_limits<std::int32_t>::max());

Date FirstOfNextMonth(Date date) {
  const CivilDate civil = date.ToCivil();
  return Date::FromCivil(civil.year, civil.month, 1).AddMonths(1);
}

std::vector<Band> BandsOf(const ContractData& data, Index contract, Index material) {
  std::vector<Band> bands;
  for (const PriceTier& tier : data.price_tiers) {
    if (tier.contract == contract && tier.material == material)
      bands.push_back({tier.from_qty.micros(), tier.unit_price});
  }
  std::sort(bands.begin(), bands.end(), [](const Band& a, const Band& b) { return a.from_micros < b.from_micros; });
  return bands;
}

// The indexation rows of the slot ask for months (prev_month_avg) or days (lag).
struct FixingNeeds {
  bool months = false;
  bool days = false;
};

FixingNeeds FixingNeedsOf(const ContractData& data, const Slot& slot) {
  FixingNeeds needs;
  for (const Indexation& row : data.indexations) {
    if (row.contract != slot.contract || row.material != slot.material) continue;
    (row.fixing == Fixing::kLag ? needs.days : needs.months) = true;
  }
  return needs;
}

// Where the spans of §5–§7 start for the slot, up to the period's last day.
std::vector<Date> SpanStarts(const SettlementInput& input, const Slot& slot) {
  const Contract& contract = input.data.contracts[slot.contract];
  const Period& period = input.period;
  std::vector<Date> starts{period.first, (period.last + 1).AddMonths(-input.rules.warranty_window_months)};
  const Date from = std::max(period.first - 1, contract.start);
  for (int k = ContractYearOf(contract, from); ContractYearStart(contract, k) <= period.last; ++k) {
    starts.push_back(ContractYearStart(contract, k));
  }
  if (contract.end) starts.push_back(*contract.end + 1);
  for (const Tooling& tooling : input.data.toolings) {
    if (tooling.contract == slot.contract && tooling.material == slot.material) {
      starts.push_back(tooling.from.value_or(contract.start));
    }
  }
  for (const VolumeCommitment& commitment : input.data.commitments) {
    if (commitment.contract == slot.contract && commitment.material == slot.material &&
        period.Contains(commitment.to)) {
      starts.push_back(commitment.from);
      starts.push_back(commitment.to + 1);
    }
  }
  if (FixingNeedsOf(input.data, slot).months) {
    for (Date month = period.first; month <= period.last; month = FirstOfNextMonth(month)) starts.push_back(month);
  }
  return starts;
}

// The slot's edges: the span starts within [contract start, period's last
// day], and every day of the period when a lag fixing needs it.
void SetEdges(const SettlementInput& input, Slot& slot) {
  const Contract& contract = input.data.contracts[slot.contract];
  const Period& period = input.period;
  const bool daily = FixingNeedsOf(input.data, slot).days;
  for (const Date start : SpanStarts(input, slot)) {
    if (start > period.last || (daily && start >= period.first)) continue;
    slot.edges.push_back(std::max(start, contract.start));
  }
  std::sort(slot.edges.begin(), slot.edges.end());
  slot.edges.erase(std::unique(slot.edges.begin(), slot.edges.end()), slot.edges.end());
  if (!daily) return;
  for (Date day = std::max(period.first, contract.start); day <= period.last; day = day + 1) slot.edges.push_back(day);
  slot.edges.erase(std::unique(slot.edges.begin(), slot.edges.end()), slot.edges.end());
  // The days start at the period's first: a delivery in it finds its bucket by index.
  if (contract.start <= period.first) {
    slot.first_daily_bucket = std::lower_bound(slot.edges.begin(), slot.edges.end(), period.first) - slot.edges.begin();
  }
}

std::optional<Date> RunningFrom(const SettlementInput& input, const Slot& slot) {
  const Contract& contract = input.data.contracts[slot.contract];
  if (slot.bands.empty() || contract.tier_mode.value_or(input.rules.tier_mode) != TierMode::kRunning) return {};
  if (!contract.Meets(input.period.first, input.period.last)) return {};
  const Date first = std::max(input.period.first, contract.start);
  return ContractYearStart(contract, ContractYearOf(contract, first));
}

SlotCandidate CandidateOf(const Contract& contract, const Slot& slot, Index index) {
  SlotCandidate candidate;
  candidate.supplier = contract.supplier;
  candidate.start = contract.start.days();
  candidate.end = contract.end.value_or(kNever).days();
  candidate.running_from = slot.running_from.value_or(kNever).days();
  candidate.slot = index;
  candidate.edge_begin = slot.bucket_begin;
  candidate.edge_count = static_cast<std::uint32_t>(slot.edges.size());
  if (slot.first_daily_bucket) candidate.daily_begin = static_cast<std::uint32_t>(*slot.first_daily_bucket);
  return candidate;
}

// Sorts the candidates by material and sets the offsets of each material's.
void IndexByMaterial(SettlementPlan::Impl& impl) {
  std::vector<SlotCandidate>& candidates = impl.candidates;
  const auto material_of = [&impl](const SlotCandidate& candidate) { return impl.slots[candidate.slot].material; };
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](const SlotCandidate& a, const SlotCandidate& b) { return material_of(a) < material_of(b); });
  impl.material_begin.assign(impl.input.master.materials.size() + 1, 0);
  for (const SlotCandidate& candidate : candidates) ++impl.material_begin[material_of(candidate) + 1];
  for (std::size_t m = 1; m < impl.material_begin.size(); ++m) impl.material_begin[m] += impl.material_begin[m - 1];
}

}  // namespace

SettlementPlan::SettlementPlan(SettlementInput input)
    : impl_(std::make_unique<Impl>(Impl{std::move(input), {}, {}, {}, {}, {}, {}})) {
  Impl& impl = *impl_;
  const ContractData& data = impl.input.data;
  impl.contract_slots.resize(data.contracts.size());
  impl.index_series.resize(data.indices.size());
  for (const IndexValue& value : data.index_values) impl.index_series[value.index].push_back({value.date, value.value});
  for (auto& series : impl.index_series) {
    std::sort(series.begin(), series.end(), [](const IndexPoint& a, const IndexPoint& b) { return a.date < b.date; });
  }
  for (Index c = 0; c < data.contracts.size(); ++c) {
    const Contract& contract = data.contracts[c];
    for (const Index material : contract.materials) {
      Slot slot{c, material, BandsOf(data, c, material), {}, 0, {}, {}};
      SetEdges(impl.input, slot);
      slot.running_from = RunningFrom(impl.input, slot);
      const auto index = static_cast<Index>(impl.slots.size());
      slot.bucket_begin = static_cast<std::uint32_t>(impl.edge_days.size());
      impl.candidates.push_back(CandidateOf(contract, slot, index));
      for (const Date edge : slot.edges) impl.edge_days.push_back(edge.days());
      impl.slots.push_back(std::move(slot));
      impl.contract_slots[c].push_back(index);
    }
  }
  IndexByMaterial(impl);
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
    : plan_(&plan.impl()), state_(std::make_unique<State>()) {
  Clear();
}
SettlementAccumulator::SettlementAccumulator(SettlementAccumulator&&) noexcept = default;
SettlementAccumulator& SettlementAccumulator::operator=(SettlementAccumulator&&) noexcept = default;
SettlementAccumulator::~SettlementAccumulator() = default;

// The hot path: two loads and a short scan find the candidate, a direct
// index or a scan of a few edges the bucket; integer adds.
void SettlementAccumulator::Add(const Delivery& delivery) {
  const SettlementPlan::Impl& plan = *plan_;
  const std::int32_t receipt = delivery.receipt_date.days();
  const std::int32_t period_first = plan.period().first.days();
  if (delivery.type != DeliveryType::kSeries || receipt > plan.period().last.days()) return;
  const SlotCandidate* const candidate = CandidateOf(plan, delivery);
  if (candidate == nullptr) return;
  const std::int32_t* const edges = plan.edge_days.data() + candidate->edge_begin;
  if (candidate->edge_count == 0 || receipt < edges[0]) return;
  std::uint32_t bucket = candidate->edge_count - 1;
  if (candidate->daily_begin != SlotCandidate::kSearch && receipt >= period_first) {
    bucket = candidate->daily_begin + static_cast<std::uint32_t>(receipt - period_first);
  } else {
    while (edges[bucket] > receipt) --bucket;
  }
  BucketTotal& total = state_->buckets[candidate->edge_begin + bucket];
  total.quantity_micros += delivery.received_qty.micros();
  ++total.deliveries;
  if (receipt >= candidate->running_from) {
    state_->running[candidate->slot].push_back({delivery.receipt_date, static_cast<std::uint32_t>(delivery.id.size()),
                                                state_->running_ids.size(), delivery.received_qty.micros()});
    state_->running_ids += delivery.id;
  }
}

void SettlementAccumulator::Merge(SettlementAccumulator&& other) {
  assert(other.plan_ == plan_);
  for (std::size_t i = 0; i < state_->buckets.size(); ++i) {
    state_->buckets[i].quantity_micros += other.state_->buckets[i].quantity_micros;
    state_->buckets[i].deliveries += other.state_->buckets[i].deliveries;
  }
  const std::size_t shift = state_->running_ids.size();
  state_->running_ids += other.state_->running_ids;
  for (std::size_t s = 0; s < state_->running.size(); ++s) {
    for (RunningDelivery delivery : other.state_->running[s]) {
      delivery.id_offset += shift;
      state_->running[s].push_back(delivery);
    }
  }
  other.Clear();
}

void SettlementAccumulator::Clear() {
  state_->buckets.assign(plan_->edge_days.size(), BucketTotal{});
  state_->running.assign(plan_->slots.size(), {});
  state_->running_ids.clear();
}

std::vector<Bucket> ContractView::Buckets(Index slot, Date from, Date to) const {
  const Slot& plan_slot = plan.slots[slot];
  const std::vector<Date>& edges = plan_slot.edges;
  std::vector<Bucket> buckets;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const BucketTotal& total = sums.buckets[plan_slot.bucket_begin + i];
    const Date last = i + 1 < edges.size() ? edges[i + 1] - 1 : period().last;
    if (total.deliveries > 0 && edges[i] >= from && last <= to) buckets.push_back({edges[i], last, total});
  }
  return buckets;
}

BucketTotal ContractView::Total(Index slot, Date from, Date to) const {
  BucketTotal total;
  for (const Bucket& bucket : Buckets(slot, from, to)) {
    total.quantity_micros += bucket.total.quantity_micros;
    total.deliveries += bucket.total.deliveries;
  }
  return total;
}

}  // namespace supeval::core::contracts
