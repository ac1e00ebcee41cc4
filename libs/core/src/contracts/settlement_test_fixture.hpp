// A small data folder for the settlement's unit tests: one supplier S1,
// materials M1 and M2, contracts added per test, deliveries fed to two
// accumulators in turn and merged (so every test also runs the merge).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "supeval/core/contracts/settlement.hpp"

namespace supeval::core::contracts {

inline Date D(std::string_view text) { return *Date::Parse(text); }
inline Rational R(std::string_view text) { return *Rational::Parse(text, true); }
inline Period P(std::string_view text) { return *ParsePeriod(text); }
inline Decimal Q(std::string_view text) { return *ParseDecimal(text).value; }

struct PlannedDelivery {
  std::string id;
  Index supplier = 0;
  Index material = 0;
  Date receipt;
  Decimal quantity;
  DeliveryType type = DeliveryType::kSeries;
};

class Book {
 public:
  Book() {
    master.suppliers = {{"S1", "Supplier one", "DE", false}, {"S2", "Supplier two", "CN", false}};
    master.plants = {{"P1", "Plant", kMondayToFriday, {}}};
    master.materials = {{"M1", "C1", "pc", MaterialKind::kPurchased}, {"M2", "C1", "pc", MaterialKind::kPurchased}};
  }

  // A contract of S1 over the given materials (M1 alone by default).
  Index AddContract(std::string id, std::string_view start, std::optional<std::string_view> end = {},
                    std::vector<Index> materials = {0}) {
    Contract contract;
    contract.id = std::move(id);
    contract.supplier = 0;
    contract.start = D(start);
    if (end) contract.end = D(*end);
    contract.currency = "EUR";
    contract.materials = std::move(materials);
    contract.line = data.contracts.size() + 2;
    data.contracts.push_back(std::move(contract));
    return static_cast<Index>(data.contracts.size() - 1);
  }

  void AddTier(Index contract, Index material, std::string_view from_qty, std::string_view price) {
    data.price_tiers.push_back({contract, material, Q(from_qty), R(price), data.price_tiers.size() + 2});
  }

  void Deliver(std::string_view receipt, std::string_view quantity, Index material = 0, std::string id = {}) {
    if (id.empty()) id = "D" + std::to_string(deliveries.size() + 1);
    deliveries.push_back({std::move(id), 0, material, D(receipt), Q(quantity), DeliveryType::kSeries});
  }

  [[nodiscard]] Settlement Settle(std::string_view period,
                                  const std::vector<std::optional<SliceFigures>>& slices = {}) const {
    const SettlementPlan plan({rules, data, master, P(period)});
    SettlementAccumulator first(plan);
    SettlementAccumulator second(plan);
    Feed(first, second);
    first.Merge(std::move(second));
    return contracts::Settle(plan, slices, first);
  }

  // The deliveries, by turns to `even` and `odd` (settlement or sourcing accumulators).
  template <class Accumulator>
  void Feed(Accumulator& even, Accumulator& odd) const {
    for (std::size_t i = 0; i < deliveries.size(); ++i) {
      const PlannedDelivery& planned = deliveries[i];
      Delivery delivery;
      delivery.id = planned.id;
      delivery.supplier = planned.supplier;
      delivery.plant = 0;
      delivery.material = planned.material;
      delivery.due_date = planned.receipt;
      delivery.due_qty = planned.quantity;
      delivery.receipt_date = planned.receipt;
      delivery.received_qty = planned.quantity;
      delivery.type = planned.type;
      (i % 2 == 0 ? even : odd).Add(delivery);
    }
  }

  MasterData master;
  ContractData data;
  ContractRules rules;
  std::vector<PlannedDelivery> deliveries;
};

// The lines of `kind` (and `ref`, `material_id`, when given), in order.
inline std::vector<SettlementLine> LinesOf(const Settlement& settlement, std::string_view kind,
                                           std::string_view ref = {}, std::string_view material = {}) {
  std::vector<SettlementLine> found;
  for (const SettlementLine& line : settlement.lines) {
    if (line.kind == kind && (ref.empty() || line.ref == ref) && (material.empty() || line.material_id == material)) {
      found.push_back(line);
    }
  }
  return found;
}

// The one line of `kind` (and `ref`, `material_id`); fails the test when
// there is not exactly one.
inline SettlementLine LineOf(const Settlement& settlement, std::string_view kind, std::string_view ref = {},
                             std::string_view material = {}) {
  const std::vector<SettlementLine> found = LinesOf(settlement, kind, ref, material);
  EXPECT_EQ(found.size(), 1U) << kind << " " << ref;
  return found.empty() ? SettlementLine{} : found.front();
}

}  // namespace supeval::core::contracts
