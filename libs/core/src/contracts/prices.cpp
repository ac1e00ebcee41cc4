// Prices and spend (CONTRACTS.md §5): list prices, the spend KPI clauses and
// caps are based on, and the volume-tier lines in the three tier modes.
#include <algorithm>

#include "contracts/settlement_parts.hpp"

namespace supeval::core::contracts {
namespace {

// One term of a tier value: a quantity priced at one band's price.
struct PricedQuantity {
  Int128 micros = 0;
  Rational price;
};

std::size_t BandIndexOf(const std::vector<Band>& bands, Int128 quantity_micros) {
  std::size_t index = 0;
  for (std::size_t i = 0; i < bands.size(); ++i) {
    if (bands[i].from_micros <= quantity_micros) index = i;
  }
  return index;
}

std::vector<PricedQuantity> AllUnitsTerms(const std::vector<Band>& bands, Int128 quantity) {
  return {{quantity, bands[BandIndexOf(bands, quantity)].price}};
}

std::vector<PricedQuantity> GraduatedTerms(const std::vector<Band>& bands, Int128 quantity) {
  std::vector<PricedQuantity> terms;
  for (std::size_t i = 0; i < bands.size() && bands[i].from_micros < quantity; ++i) {
    const Int128 upper = i + 1 < bands.size() ? std::min(quantity, bands[i + 1].from_micros) : quantity;
    terms.push_back({upper - bands[i].from_micros, bands[i].price});
  }
  return terms;
}

// `running`: each delivery at the price of the band containing what the
// year's deliveries before it (in order) add up to; summed by band.
std::vector<PricedQuantity> RunningTerms(const std::vector<Band>& bands, const std::vector<RunningDelivery>& ordered,
                                         Date year_start, Date up_to) {
  std::vector<Int128> by_band(bands.size(), 0);
  Int128 preceding = 0;
  for (const RunningDelivery& delivery : ordered) {
    if (delivery.receipt < year_start || delivery.receipt > up_to) continue;
    by_band[BandIndexOf(bands, preceding)] += delivery.quantity_micros;
    preceding += delivery.quantity_micros;
  }
  std::vector<PricedQuantity> terms;
  for (std::size_t i = 0; i < bands.size(); ++i) {
    if (by_band[i] != 0) terms.push_back({by_band[i], bands[i].price});
  }
  return terms;
}

struct TierAdjustment {
  Rational value;  // A(t) = V(t) − list price × Q(t)
  std::vector<std::string> steps;
};

TierAdjustment AdjustmentOf(const std::vector<PricedQuantity>& terms, Int128 quantity, const Rational& list_price,
                            std::string_view at) {
  Rational value;
  std::string sum;
  for (const PricedQuantity& term : terms) {
    value += QuantityOf(term.micros) * term.price;
    if (!sum.empty()) sum += " + ";
    sum += QuantityText(term.micros) + " × " + term.price.ToFigure();
  }
  if (sum.empty()) sum = "0";
  const Rational adjustment = value - list_price * QuantityOf(quantity);
  const std::string t(at);
  return {adjustment,
          {"V(" + t + ") = " + sum + " = " + value.ToFigure(),
           "A(" + t + ") = " + value.ToFigure() + " − " + list_price.ToFigure() + " × " + QuantityText(quantity) +
               " = " + adjustment.ToFigure()}};
}

struct TierContext {
  const ContractView& view;
  Index slot;
  TierMode mode;
  const std::vector<RunningDelivery>& ordered;
};

TierAdjustment AdjustmentAt(const TierContext& tier, Date year_start, Date t, std::string_view at) {
  const std::vector<Band>& bands = tier.view.plan.slots[tier.slot].bands;
  const Int128 quantity = tier.view.Quantity(tier.slot, year_start, t);
  std::vector<PricedQuantity> terms;
  switch (tier.mode) {
    case TierMode::kAllUnits:
      terms = AllUnitsTerms(bands, quantity);
      break;
    case TierMode::kGraduated:
      terms = GraduatedTerms(bands, quantity);
      break;
    case TierMode::kRunning:
      terms = RunningTerms(bands, tier.ordered, year_start, t);
      break;
  }
  TierAdjustment adjustment = AdjustmentOf(terms, quantity, bands.front().price, at);
  adjustment.steps.insert(adjustment.steps.begin(), "Q(" + std::string(at) + ") = " + QuantityText(quantity) + " (" +
                                                        year_start.ToString() + ".." + t.ToString() + ")");
  return adjustment;
}

// The line of one material and contract year Y meeting the period.
SettlementLine YearLine(const TierContext& tier, Date year_start, Date year_last) {
  const ContractView& view = tier.view;
  const Period& period = view.period();
  const Slot& slot = view.plan.slots[tier.slot];
  const Date t1 = std::min(period.last, year_last);
  const Date t0 = period.first - 1;
  TierAdjustment now = AdjustmentAt(tier, year_start, t1, "t1");
  const bool t0_in_year = t0 >= year_start;
  TierAdjustment before = t0_in_year ? AdjustmentAt(tier, year_start, t0, "t0") : TierAdjustment{};
  if (!t0_in_year) before.steps.push_back("A(t0) = 0 (t0 " + t0.ToString() + " is before the year)");
  const Int128 q1 = view.Quantity(tier.slot, year_start, t1);
  const Int128 q0 = t0_in_year ? view.Quantity(tier.slot, year_start, t0) : 0;
  const Band& band = slot.bands[BandIndexOf(slot.bands, q1)];

  SettlementLine line;
  line.kind = std::string(NameOf(LineKind::kVolumeTier));
  line.ref = year_start.ToString();
  line.material_id = view.plan.input.master.materials[slot.material].id;
  line.status = std::string(NameOf(tier.mode));
  line.quantity = QuantityText(q1 - q0);
  line.actual = QuantityText(q1);
  line.target = QuantityText(band.from_micros);
  line.rate = band.price.ToFigure();
  line.spend = (QuantityOf(q1 - q0) * slot.bands.front().price).ToFixed(2);
  const std::int64_t cents = Cents(now.value) - Cents(before.value);
  line.amount_cents = cents;
  line.steps = std::move(before.steps);
  line.steps.insert(line.steps.end(), now.steps.begin(), now.steps.end());
  line.steps.push_back("amount = round2(" + now.value.ToFigure() + ") − round2(" + before.value.ToFigure() +
                       ") = " + FormatCents(cents));
  return line;
}

std::vector<RunningDelivery> Ordered(const ContractView& view, Index slot) {
  std::vector<RunningDelivery> ordered = view.sums.running[slot];
  std::sort(ordered.begin(), ordered.end(), [&view](const RunningDelivery& a, const RunningDelivery& b) {
    return a.receipt != b.receipt ? a.receipt < b.receipt : view.sums.IdOf(a) < view.sums.IdOf(b);
  });
  return ordered;
}

}  // namespace

Date ContractYearStart(const Contract& contract, int k) { return contract.start.AddMonths(12 * k); }

int ContractYearOf(const Contract& contract, Date date) {
  int k = date.ToCivil().year - contract.start.ToCivil().year;
  if (ContractYearStart(contract, k) > date) --k;
  return k;
}

std::optional<Rational> ListPrice(const Slot& slot) {
  if (slot.bands.empty() || slot.bands.front().from_micros != 0) return std::nullopt;
  return slot.bands.front().price;
}

Rational SlotSpend(const ContractView& view, Index slot) {
  const std::optional<Rational> price = ListPrice(view.plan.slots[slot]);
  if (!price) return {};
  return QuantityOf(view.Quantity(slot, view.period().first, view.period().last)) * *price;
}

Rational Spend(const ContractView& view) {
  Rational spend;
  for (const Index slot : view.slots()) spend += SlotSpend(view, slot);
  return spend;
}

std::vector<SettlementLine> VolumeTierLines(const ContractView& view) {
  const Contract& contract = view.record();
  const Period& period = view.period();
  const TierMode mode = contract.tier_mode.value_or(view.rules().tier_mode);
  const Date first = std::max(period.first, contract.start);
  const Date last = contract.end ? std::min(period.last, *contract.end) : period.last;
  std::vector<SettlementLine> lines;
  if (first > last) return lines;
  for (const Index slot : view.slots()) {
    if (!ListPrice(view.plan.slots[slot])) continue;
    const std::vector<RunningDelivery> ordered =
        mode == TierMode::kRunning ? Ordered(view, slot) : std::vector<RunningDelivery>{};
    const TierContext tier{view, slot, mode, ordered};
    for (int k = ContractYearOf(contract, first); k <= ContractYearOf(contract, last); ++k) {
      const Date year_start = ContractYearStart(contract, k);
      const Date year_last = ContractYearStart(contract, k + 1) - 1;
      if (view.Total(slot, std::max(year_start, first), std::min(year_last, last)).deliveries == 0) continue;
      lines.push_back(YearLine(tier, year_start, year_last));
    }
  }
  return lines;
}

}  // namespace supeval::core::contracts
