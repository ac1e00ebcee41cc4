// CheckContracts: the contract health check of CONTRACTS.md §11 — the
// article's pitfalls (broad IP grants, open exclusivity, missing penalties,
// KPIs, ladders, prices, collars, fallbacks, escrow, single sources, caps
// above the limit) as findings, for every contract of the register whatever
// its dates. A pure function of its arguments: thread-safe on const inputs.
#pragma once

#include <string>
#include <vector>

#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/core/contracts/records.hpp"
#include "supeval/core/records.hpp"

namespace supeval::core::contracts {

// One row of `contracts check`: contract_id, finding, severity, detail.
struct Finding {
  std::string contract_id;
  std::string finding;  // a name of FindingNames()
  Severity severity = Severity::kHigh;
  std::string detail;  // empty for the findings without one

  friend bool operator==(const Finding&, const Finding&) = default;
};

// Every finding of §11's table for the contracts of `data`, sorted by
// contract_id, then the table's order, then detail (byte order). Severities
// and the figures compared (cap shares, qualification_days) are the rule
// set's; requires rules that ValidateContractRules accepts and data as io
// validates it (indices in range).
[[nodiscard]] std::vector<Finding> CheckContracts(const ContractRules& rules, const ContractData& data,
                                                  const MasterData& master);

}  // namespace supeval::core::contracts
