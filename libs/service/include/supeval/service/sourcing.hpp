// The sourcing use case (CONTRACTS.md §10) on a CSV folder or a database:
// the records read and validated whole (§1), the escalation ladder replayed
// to the period's last day (its holds make `source_on_hold`; its decisions
// that do not fit their case are bad input, §3), one pass over the period's
// deliveries, then §10's rows and the risk list (docs/sourcing.md).
// Defined in contracts.cpp, beside the readers the contract use cases share.
// Thread-compatible: each call is independent.
#pragma once

#include <vector>

#include "supeval/core/contracts/sourcing.hpp"
#include "supeval/core/result.hpp"
#include "supeval/service/contracts.hpp"

namespace supeval::service {

struct SourcingReport {
  core::contracts::SourcingResult result;            // §10's rows
  std::vector<core::contracts::SourcingRisk> risks;  // the ranked risk list
};

// The sourcing rows and risk list of request.period, or kBadInput with every
// problem of the records (and every decision that does not fit its case).
[[nodiscard]] core::Result<SourcingReport> SourceContracts(const ContractsRequest& request);

}  // namespace supeval::service
