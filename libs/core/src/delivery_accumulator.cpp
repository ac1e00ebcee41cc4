// The delivery accumulator: each delivery's LZ1 and LZ2 points and its
// counts added to its supplier's tallies as the stream goes (the hot path:
// delayed adds while the tally is fetched), and the merge of two
// accumulators.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>

#include "delivery_tally.hpp"

namespace supeval::core {
namespace {

// Points of spreadsheet 4 for one delivery, decided exactly: a division on
// whole percents where the table allows, else a search of the bands.
std::int64_t QuantityPoints(const EvaluationContext::Impl& ctx, const QuantityDeviation& deviation, bool under) {
  const std::vector<std::int64_t>& by_percent = under ? ctx.under_points_by_percent : ctx.over_points_by_percent;
  constexpr Int128 kLargestExact = static_cast<Int128>(1) << 56;  // times 100 stays within 64 bits
  if (!by_percent.empty() && deviation.difference_micros < kLargestExact && deviation.due_micros < kLargestExact) {
    // Most deliveries bring what was due: their band is the first, without
    // a division (the row loop's slowest instruction).
    if (deviation.difference_micros == 0) return by_percent[0];
    const auto difference = static_cast<std::uint64_t>(deviation.difference_micros) * 100;
    const auto due = static_cast<std::uint64_t>(deviation.due_micros);
    const std::uint64_t ceil_percent = difference / due + (difference % due != 0 ? 1 : 0);
    return by_percent[std::min<std::uint64_t>(ceil_percent, by_percent.size() - 1)];
  }
  const double points = LookupBand(under ? ctx.rules.lz2_under : ctx.rules.lz2_over, deviation, PercentAbove);
  return ToPointsMicros(points);
}

}  // namespace

bool WorseByDate(const DeliveryDeviation& a, const DeliveryDeviation& b) {
  if (a.lz1_points != b.lz1_points) return a.lz1_points < b.lz1_points;
  if (std::abs(a.working_days) != std::abs(b.working_days)) return std::abs(a.working_days) > std::abs(b.working_days);
  return a.id < b.id;
}

bool WorseByQuantity(const DeliveryDeviation& a, const DeliveryDeviation& b) {
  if (a.lz2_points != b.lz2_points) return a.lz2_points < b.lz2_points;
  if (std::abs(a.percent) != std::abs(b.percent)) return std::abs(a.percent) > std::abs(b.percent);
  return a.id < b.id;
}

void KeepWorst(std::vector<DeliveryDeviation>& list, std::size_t limit,
               bool (*worse)(const DeliveryDeviation&, const DeliveryDeviation&)) {
  std::sort(list.begin(), list.end(), worse);
  if (list.size() > limit) list.resize(limit);
}

DeliveryAccumulator::DeliveryAccumulator(const EvaluationContext& context)
    : context_(&context), state_(std::make_unique<State>()) {
  state_->suppliers.resize(context.master().suppliers.size() + context.impl().options.slices.size());
  state_->slice_on_time.resize(context.impl().options.slices.size());
  state_->referenced.resize(context.master().referenced_delivery_ids.size());
}
void DeliveryAccumulator::Clear() { *this = DeliveryAccumulator(*context_); }

DeliveryAccumulator::DeliveryAccumulator(DeliveryAccumulator&&) noexcept = default;
DeliveryAccumulator& DeliveryAccumulator::operator=(DeliveryAccumulator&&) noexcept = default;
DeliveryAccumulator::~DeliveryAccumulator() = default;

void DeliveryAccumulator::Add(const Delivery& delivery) {
  const EvaluationContext::Impl& ctx = context_->impl();
  // The rare rows whose id is needed later (named by a complaint, of the
  // explained supplier) and those outside the period are added at once.
  if (delivery.referenced_slot != kNoIndex || ctx.traced_supplier == delivery.supplier ||
      !ctx.period.Contains(delivery.receipt_date)) {
    AddNow(delivery);
    return;
  }
  assert(delivery.supplier < state_->suppliers.size());
  // A compiler builtin, not a library: a hint that changes no result. The
  // tally is one cache line, about to be written; the material's commodity
  // (70,000 materials: a table the size of the second-level cache) decides
  // which tally, and waiting for it was 60 % of AddNow.
  __builtin_prefetch(&state_->suppliers[delivery.supplier], 1);
  __builtin_prefetch(&ctx.material_commodity[delivery.material]);
  State& state = *state_;
  Delivery& slot = state.waiting[state.next_waiting];
  if (state.waiting_count == State::kDelay) AddNow(slot);
  else ++state.waiting_count;
  slot = delivery;
  slot.id = {};  // not kept: the caller's text may be gone when the row is added
  state.next_waiting = (state.next_waiting + 1) % State::kDelay;
}

void DeliveryAccumulator::Flush() {
  State& state = *state_;
  const std::size_t first = (state.next_waiting + State::kDelay - state.waiting_count) % State::kDelay;
  for (std::size_t i = 0; i < state.waiting_count; ++i) AddNow(state.waiting[(first + i) % State::kDelay]);
  state.waiting_count = 0;
}

const DeliveryAccumulator::State& DeliveryAccumulator::state() const {
  // Logically const: what is read afterwards includes the waiting rows.
  const_cast<DeliveryAccumulator*>(this)->Flush();
  return *state_;
}

namespace {

// A delivery's deviations and points (spec LZ1, LZ2).
struct DeliveryPoints {
  std::int32_t working_days = 0;  // > 0 late, < 0 early
  std::int64_t lz1 = 0;           // millionths
  std::int64_t lz2 = 0;
};

// Notes a delivery of the explained supplier or slice: its points' counts
// and the worst lists.
void Trace(const EvaluationContext::Impl& ctx, DeliveryAccumulator::State& state, const Delivery& delivery,
           const DeliveryPoints& points) {
  ++state.lz1_points_count[points.lz1];
  ++state.lz2_points_count[points.lz2];
  // From the exact quantities: a deviation of a millionth keeps its sign.
  const Int128 received = delivery.received_qty.micros();
  const Int128 due = delivery.due_qty.micros();
  const double percent = due == 0 ? 0 : static_cast<double>((received - due) * 100) / static_cast<double>(due);
  const DeliveryDeviation entry{std::string(delivery.id),
                                delivery.plant,
                                delivery.material,
                                delivery.type,
                                delivery.due_date,
                                delivery.receipt_date,
                                points.working_days,
                                delivery.due_qty,
                                delivery.received_qty,
                                percent,
                                static_cast<double>(points.lz1) / kPointsScale,
                                static_cast<double>(points.lz2) / kPointsScale};
  const std::size_t limit = ctx.options.worst_deliveries;
  state.worst_by_date.push_back(entry);
  state.worst_by_quantity.push_back(entry);
  if (state.worst_by_date.size() > 4 * limit + 16) KeepWorst(state.worst_by_date, limit, WorseByDate);
  if (state.worst_by_quantity.size() > 4 * limit + 16) KeepWorst(state.worst_by_quantity, limit, WorseByQuantity);
}

// Counts a delivery, whose points are known, in the slices of its supplier
// that take it (as AddNow counts it for the supplier).
void CountInSlices(const EvaluationContext::Impl& ctx, DeliveryAccumulator::State& state, const Delivery& delivery,
                   const DeliveryPoints& points) {
  const bool series = delivery.type == DeliveryType::kSeries;
  for (const Index slice : ctx.slices_by_supplier[delivery.supplier]) {
    if (!ctx.SliceTakes(slice, delivery.material, delivery.receipt_date)) continue;
    const Index tally = ctx.SliceTally(slice);
    state.Count(tally, ctx.material_commodity[delivery.material], series, series ? delivery.received_qty.micros() : 0);
    state.suppliers[tally].lz1_points_micros += points.lz1;
    state.suppliers[tally].lz2_points_micros += points.lz2;
    if (points.lz1 == ctx.full_lz1_points) ++state.slice_on_time[slice];
    if (ctx.options.explain_slice == slice) Trace(ctx, state, delivery, points);
  }
}

}  // namespace

void DeliveryAccumulator::AddNow(const Delivery& delivery) {
  const EvaluationContext::Impl& ctx = context_->impl();
  assert(delivery.supplier < state_->suppliers.size() && delivery.plant < ctx.calendars.size() &&
         delivery.material < ctx.material_commodity.size());
  if (delivery.referenced_slot != kNoIndex) {
    assert(delivery.referenced_slot < state_->referenced.size());
    state_->referenced[delivery.referenced_slot] = {true, delivery.material, delivery.received_qty};
  }
  // Spec "Period and records": a delivery belongs to the period of its receipt_date.
  if (!ctx.period.Contains(delivery.receipt_date)) return;

  SupplierTally& supplier = state_->suppliers[delivery.supplier];
  const bool series = delivery.type == DeliveryType::kSeries;
  state_->Count(delivery.supplier, ctx.material_commodity[delivery.material], series,
                series ? delivery.received_qty.micros() : 0);

  // LZ1: deviation in working days of the receiving plant's calendar.
  const FactoryCalendar& calendar = ctx.calendars[delivery.plant];
  std::int32_t working_days = 0;
  std::int64_t lz1_points = 0;
  if (delivery.receipt_date > delivery.due_date) {
    working_days = calendar.WorkingDaysAfterThrough(delivery.due_date, delivery.receipt_date);
    lz1_points = DayPoints(ctx.late_points, working_days);
  } else {
    const std::int32_t early = calendar.WorkingDaysFromBefore(delivery.receipt_date, delivery.due_date);
    working_days = -early;
    lz1_points = DayPoints(ctx.early_points, early);
  }
  supplier.lz1_points_micros += lz1_points;

  // LZ2: exact percent bands; no deviation counts as over-delivery band 0.
  const Int128 received = delivery.received_qty.micros();
  const Int128 due = delivery.due_qty.micros();
  const bool under = received < due;
  const QuantityDeviation deviation{under ? due - received : received - due, due};
  const std::int64_t lz2_points = QuantityPoints(ctx, deviation, under);
  supplier.lz2_points_micros += lz2_points;
  const DeliveryPoints points{working_days, lz1_points, lz2_points};
  if (!ctx.slice_materials.empty()) CountInSlices(ctx, *state_, delivery, points);
  if (ctx.options.explain_supplier == delivery.supplier) Trace(ctx, *state_, delivery, points);
}

void DeliveryAccumulator::Merge(DeliveryAccumulator&& other) {
  assert(other.context_ == context_);
  Flush();
  other.Flush();
  State& mine = *state_;
  State& theirs = *other.state_;
  // Their counts go to my wide tallies: CommoditiesOf adds them up with
  // the inline ones.
  for (Index i = 0; i < mine.suppliers.size(); ++i) {
    SupplierTally& to = mine.suppliers[i];
    const SupplierTally& from = theirs.suppliers[i];
    to.lz1_points_micros += from.lz1_points_micros;
    to.lz2_points_micros += from.lz2_points_micros;
    for (const InlineTally& tally : from.commodities) {
      if (tally.commodity == kNoIndex) continue;
      AddTo(mine.Wide(i, tally.commodity), Widened(tally));
    }
  }
  theirs.more_commodities.ForEach([&](std::uint64_t key, const CommodityTally& tally) {
    AddTo(mine.Wide(static_cast<Index>(key >> 32), tally.commodity), tally);
  });
  for (std::size_t i = 0; i < mine.slice_on_time.size(); ++i) mine.slice_on_time[i] += theirs.slice_on_time[i];
  for (std::size_t i = 0; i < mine.referenced.size(); ++i) {
    if (theirs.referenced[i].found) mine.referenced[i] = theirs.referenced[i];
  }
  for (const auto& [points, count] : theirs.lz1_points_count) mine.lz1_points_count[points] += count;
  for (const auto& [points, count] : theirs.lz2_points_count) mine.lz2_points_count[points] += count;
  mine.worst_by_date.insert(mine.worst_by_date.end(), theirs.worst_by_date.begin(), theirs.worst_by_date.end());
  mine.worst_by_quantity.insert(mine.worst_by_quantity.end(), theirs.worst_by_quantity.begin(),
                                theirs.worst_by_quantity.end());
  const std::size_t limit = context_->impl().options.worst_deliveries;
  KeepWorst(mine.worst_by_date, limit, WorseByDate);
  KeepWorst(mine.worst_by_quantity, limit, WorseByQuantity);
}

}  // namespace supeval::core
