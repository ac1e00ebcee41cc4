// Sourcing concentration (CONTRACTS.md §10): the one pass over the
// deliveries (which contract each belongs to, §4, by the settlement's
// lookup), then per material and per commodity the suppliers, spend at list
// price (§5), shares, HHI, countries, alternates and the findings.
#include <algorithm>
#include <cassert>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "contracts/sourcing_parts.hpp"

namespace supeval::core::contracts {

// One (material, supplier)'s series deliveries in the period.
struct PairSums {
  std::map<Index, Int128> quantity_by_slot;  // received_qty in millionths; kNoIndex: no contract
  Date latest_receipt;                       // the latest delivery (receipt date, then delivery_id)
  std::string latest_id;
  Index latest_slot = kNoIndex;
};

struct SourcingAccumulator::State {
  std::map<std::pair<Index, Index>, PairSums> pairs;  // by (material, supplier)
};

namespace {

bool IsLater(Date receipt, std::string_view id, const PairSums& sums) {
  if (receipt != sums.latest_receipt) return receipt > sums.latest_receipt;
  return id > std::string_view(sums.latest_id);
}

// Makes the delivery (receipt, id, slot) the pair's latest when it is; any
// delivery is the latest of a pair that had none (`first`).
void KeepLatest(PairSums& sums, bool first, Date receipt, std::string_view id, Index slot) {
  if (!first && !IsLater(receipt, id, sums)) return;
  sums.latest_receipt = receipt;
  sums.latest_id = std::string(id);
  sums.latest_slot = slot;
}

}  // namespace

SourcingAccumulator::SourcingAccumulator(const SettlementPlan& plan)
    : plan_(&plan.impl()), state_(std::make_unique<State>()) {}
SourcingAccumulator::SourcingAccumulator(SourcingAccumulator&&) noexcept = default;
SourcingAccumulator& SourcingAccumulator::operator=(SourcingAccumulator&&) noexcept = default;
SourcingAccumulator::~SourcingAccumulator() = default;

void SourcingAccumulator::Add(const Delivery& delivery) {
  if (delivery.type != DeliveryType::kSeries || !plan_->period().Contains(delivery.receipt_date)) return;
  const SlotCandidate* const candidate = CandidateOf(*plan_, delivery);
  const Index slot = candidate == nullptr ? kNoIndex : candidate->slot;
  PairSums& sums = state_->pairs[{delivery.material, delivery.supplier}];
  const bool first = sums.quantity_by_slot.empty();
  sums.quantity_by_slot[slot] += delivery.received_qty.micros();
  KeepLatest(sums, first, delivery.receipt_date, delivery.id, slot);
}

void SourcingAccumulator::Merge(SourcingAccumulator&& other) {
  assert(other.plan_ == plan_);
  for (auto& [key, theirs] : other.state_->pairs) {
    PairSums& ours = state_->pairs[key];
    const bool first = ours.quantity_by_slot.empty();
    for (const auto& [slot, micros] : theirs.quantity_by_slot) ours.quantity_by_slot[slot] += micros;
    KeepLatest(ours, first, theirs.latest_receipt, theirs.latest_id, theirs.latest_slot);
  }
  other.Clear();
}

void SourcingAccumulator::Clear() { state_->pairs.clear(); }

namespace {

// One supplier's deliveries within a row: priced spend by currency, and
// whether any were unpriced (no contract, or no list price, §5).
struct SupplierPart {
  std::map<std::string, Rational> spend_by_currency;
  bool unpriced = false;
};
using Parts = std::map<Index, SupplierPart>;  // by supplier

void AddPair(const SettlementPlan::Impl& plan, const PairSums& sums, SupplierPart& part) {
  for (const auto& [slot, micros] : sums.quantity_by_slot) {
    const std::optional<Rational> price = slot == kNoIndex ? std::nullopt : ListPrice(plan.slots[slot]);
    if (!price) {
      part.unpriced = true;
      continue;
    }
    const std::string& currency = plan.input.data.contracts[plan.slots[slot].contract].currency;
    part.spend_by_currency[currency] += QuantityOf(micros) * *price;
  }
}

// A row's supplier parts and what its findings need besides the figures.
struct RowInput {
  SourcingScope scope = SourcingScope::kMaterial;
  std::string key;
  std::string commodity;
  std::set<Index> materials;
  Parts parts;
  std::vector<const PairSums*> pairs;  // material rows: the (material, supplier) sums, by supplier
};

std::string CountryOf(const SettlementPlan::Impl& plan, Index supplier) {
  const std::string& country = plan.input.master.suppliers[supplier].country;
  return country.empty() ? "unknown" : country;
}

// Shares of `spend` by decreasing spend, then id (§10).
std::vector<SpendShare> SharesOf(const std::map<std::string, Rational>& spend_by_id, const Rational& spend) {
  std::vector<SpendShare> shares;
  for (const auto& [id, part] : spend_by_id) shares.push_back({id, part, Rational(100) * part / spend});
  std::stable_sort(shares.begin(), shares.end(),
                   [](const SpendShare& a, const SpendShare& b) { return a.spend > b.spend; });
  return shares;
}

Rational HhiOf(const std::vector<SpendShare>& shares) {
  Rational hhi;
  for (const SpendShare& share : shares) hhi += share.share * share.share;
  return hhi;
}

// §10's bands: low below hhi_moderate, moderate up to hhi_high inclusive, high above.
std::string ConcentrationOf(const ContractRules& rules, const Rational& hhi) {
  if (hhi < rules.hhi_moderate) return "low";
  return hhi <= rules.hhi_high ? "moderate" : "high";
}

std::set<std::string> CurrenciesOf(const Parts& parts) {
  std::set<std::string> currencies;
  for (const auto& entry : parts) {
    for (const auto& spend : entry.second.spend_by_currency) currencies.insert(spend.first);
  }
  return currencies;
}

bool AllPriced(const Parts& parts) {
  return std::all_of(parts.begin(), parts.end(),
                     [](const auto& entry) { return !entry.second.spend_by_currency.empty(); });
}

// Currency, spend, shares, HHI and (material rows) countries, where §10 gives them.
void SetFigures(const SettlementPlan::Impl& plan, const RowInput& input, SourcingRow& row) {
  const std::set<std::string> currencies = CurrenciesOf(input.parts);
  if (currencies.size() != 1) return;
  const std::string& currency = *currencies.begin();
  Rational spend;
  std::map<std::string, Rational> by_supplier;
  std::map<std::string, Rational> by_country;
  for (const auto& entry : input.parts) {
    const auto found = entry.second.spend_by_currency.find(currency);
    if (found == entry.second.spend_by_currency.end()) continue;
    spend += found->second;
    by_supplier[SupplierId(plan, entry.first)] += found->second;
    by_country[CountryOf(plan, entry.first)] += found->second;
  }
  if (spend.is_zero()) return;
  row.currency = currency;
  row.spend = spend;
  if (!AllPriced(input.parts)) return;
  row.shares = SharesOf(by_supplier, spend);
  row.hhi = HhiOf(*row.shares);
  row.concentration = ConcentrationOf(plan.input.rules, *row.hhi);
  if (input.scope != SourcingScope::kMaterial) return;
  row.countries = SharesOf(by_country, spend);
  row.country_hhi = HhiOf(*row.countries);
}

// The alternates.csv rows of the row's materials whose supplier is not
// among its suppliers: qualified by P's last day, else pending.
void SetAlternates(const SettlementPlan::Impl& plan, const RowInput& input, SourcingRow& row) {
  std::set<std::string> qualified;
  std::set<std::string> named;
  for (const Alternate& alternate : plan.input.data.alternates) {
    if (input.materials.count(alternate.material) == 0 || input.parts.count(alternate.supplier) != 0) continue;
    const std::string id = SupplierId(plan, alternate.supplier);
    named.insert(id);
    if (alternate.qualified_on && *alternate.qualified_on <= plan.period().last) qualified.insert(id);
  }
  row.qualified_alternates.assign(qualified.begin(), qualified.end());
  std::set_difference(named.begin(), named.end(), qualified.begin(), qualified.end(),
                      std::back_inserter(row.pending_alternates));
}

// The contract of the single source's latest delivery in P (none: the
// delivery belongs to no contract).
const Contract* SourceContract(const SettlementPlan::Impl& plan, const RowInput& input) {
  if (input.pairs.size() != 1 || input.pairs.front()->latest_slot == kNoIndex) return nullptr;
  return &plan.input.data.contracts[plan.slots[input.pairs.front()->latest_slot].contract];
}

// `single_country`: one country, and no qualified alternate of another
// (`unknown` counting as a country).
bool SingleCountry(const SettlementPlan::Impl& plan, const SourcingRow& row) {
  if (!row.countries || row.countries->size() != 1) return false;
  const std::string& country = row.countries->front().id;
  for (const Alternate& alternate : plan.input.data.alternates) {
    const std::string id = SupplierId(plan, alternate.supplier);
    if (std::binary_search(row.qualified_alternates.begin(), row.qualified_alternates.end(), id) &&
        CountryOf(plan, alternate.supplier) != country) {
      return false;
    }
  }
  return true;
}

// The findings that concern the single source (§10: with `single_source`).
void AddSourceFindings(const SettlementPlan::Impl& plan, const RowInput& input, std::span<const EscalationRow> ladder,
                       SourcingRow& row) {
  if (input.scope == SourcingScope::kMaterial) {
    const Contract* contract = SourceContract(plan, input);
    if (contract == nullptr || !contract->dual_source_lead_days) {
      row.findings.emplace_back("no_dual_source_clause");
    } else if (*contract->dual_source_lead_days < plan.input.rules.qualification_days) {
      row.findings.emplace_back("dual_source_lead_too_short");
    }
  }
  const SupplierStanding standing = StandingOf(plan, row.source, ladder);
  if (standing.grade_class == kClassC) row.findings.emplace_back("source_class_c");
  if (standing.hold) row.findings.emplace_back("source_on_hold");
}

void AddFindings(const SettlementPlan::Impl& plan, const RowInput& input, std::span<const EscalationRow> ladder,
                 SourcingRow& row) {
  if (row.single_source && row.qualified_alternates.empty()) {
    row.findings.emplace_back("single_source");
    AddSourceFindings(plan, input, ladder, row);
  }
  if (SingleCountry(plan, row)) row.findings.emplace_back("single_country");
  if (row.suppliers >= 2 && row.hhi && *row.hhi > plan.input.rules.hhi_high) {
    row.findings.emplace_back("high_concentration");
  }
  const bool unpriced =
      std::any_of(input.parts.begin(), input.parts.end(), [](const auto& entry) { return entry.second.unpriced; });
  if (unpriced) row.findings.emplace_back("unpriced_deliveries");
  if (CurrenciesOf(input.parts).size() > 1) row.findings.emplace_back("mixed_currency");
}

SourcingRow RowOf(const SettlementPlan::Impl& plan, const RowInput& input, std::span<const EscalationRow> ladder) {
  SourcingRow row;
  row.period = plan.period().label;
  row.scope = input.scope;
  row.key = input.key;
  row.commodity = input.commodity;
  row.suppliers = input.parts.size();
  row.single_source = row.suppliers == 1;
  if (row.single_source) row.source = input.parts.begin()->first;
  SetFigures(plan, input, row);
  SetAlternates(plan, input, row);
  AddFindings(plan, input, ladder, row);
  return row;
}

// The material rows' inputs by material_id, and the commodity rows' by commodity.
std::pair<std::vector<RowInput>, std::vector<RowInput>> RowInputs(const SettlementPlan::Impl& plan,
                                                                  const SourcingAccumulator::State& sums) {
  const std::vector<Material>& materials = plan.input.master.materials;
  std::map<std::string, RowInput> by_material;
  std::map<std::string, RowInput> by_commodity;
  for (const auto& [key, pair] : sums.pairs) {
    const Material& material = materials[key.first];
    RowInput& material_row = by_material[material.id];
    RowInput& commodity_row = by_commodity[material.commodity];
    material_row.key = material.id;
    commodity_row.scope = SourcingScope::kCommodity;
    commodity_row.key = material.commodity;
    for (RowInput* row : {&material_row, &commodity_row}) {
      row->commodity = material.commodity;
      row->materials.insert(key.first);
      AddPair(plan, pair, row->parts[key.second]);
    }
    material_row.pairs.push_back(&pair);
  }
  std::pair<std::vector<RowInput>, std::vector<RowInput>> inputs;
  for (auto& entry : by_material) inputs.first.push_back(std::move(entry.second));
  for (auto& entry : by_commodity) inputs.second.push_back(std::move(entry.second));
  return inputs;
}

}  // namespace

SourcingResult Source(const SettlementPlan& plan, const SourcingAccumulator& deliveries,
                      std::span<const EscalationRow> ladder) {
  const SettlementPlan::Impl& impl = plan.impl();
  const auto [material_rows, commodity_rows] = RowInputs(impl, deliveries.state());
  SourcingResult result;
  for (const RowInput& input : material_rows) result.rows.push_back(RowOf(impl, input, ladder));
  for (const RowInput& input : commodity_rows) result.rows.push_back(RowOf(impl, input, ladder));
  return result;
}

}  // namespace supeval::core::contracts
