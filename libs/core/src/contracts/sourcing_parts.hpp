// The sourcing computation's parts as sourcing.cpp (accumulator, rows,
// findings) and sourcing_risks.cpp (the risk list, the cells) share them:
// the standing of a row's one supplier (§10 `source_class_c`,
// `source_on_hold`; the risk list's class, level and hold). Internal to core.
#pragma once

#include <span>
#include <string>

#include "contracts/settlement_parts.hpp"
#include "supeval/core/contracts/sourcing.hpp"

namespace supeval::core::contracts {

// Where a supplier stands as of the period's last day.
struct SupplierStanding {
  std::string grade_class;  // its published.csv class for the period's dates, latest published_on; empty: none
  std::string level;        // the highest ladder level of its contracts; "E0" when none
  bool hold = false;        // a holds.csv hold active on the last day (either reason), or a ladder hold
};

[[nodiscard]] SupplierStanding StandingOf(const SettlementPlan::Impl& plan, Index supplier,
                                          std::span<const EscalationRow> ladder);

[[nodiscard]] inline const std::string& SupplierId(const SettlementPlan::Impl& plan, Index supplier) {
  return plan.input.master.suppliers[supplier].id;
}

// The class that §10's `source_class_c` and the risk list look for.
inline constexpr std::string_view kClassC = "C";

}  // namespace supeval::core::contracts
