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
#include "supeval/service/results_json.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

struct SourcingReport {
  core::contracts::SourcingResult result;            // §10's rows
  std::vector<core::contracts::SourcingRisk> risks;  // the ranked risk list
};

// The sourcing rows and risk list of request.period, or kBadInput with every
// problem of the records (and every decision that does not fit its case).
[[nodiscard]] core::Result<SourcingReport> SourceContracts(const ContractsRequest& request);

// ---------------------------------------------------------------------------
// Over the API (docs/escalations-api.md, "Sourcing concentration"): staff
// only (the policy has let the caller in). Rows as the CLI's CSV cells,
// strings or null. Without `period` the latest published run's. Errors:
// kBadInput naming the parameter; kNotFound without a period or run;
// kRefused "rule-violation" for records that are bad input.

struct SourcingQuery {
  std::optional<std::string> period;
  std::optional<std::string> scope;    // material | commodity
  std::optional<std::string> finding;  // rows with this finding
  std::optional<std::string> q;        // substring of the key
  std::optional<std::string> limit;
  std::optional<std::string> offset;
};

// GET /api/v1/sourcing: {period, from, to, total_count, limit, offset, rows}.
[[nodiscard]] core::Result<Json> ListSourcing(store::Store& db, const SourcingQuery& query,
                                              const ContractRuleSet& rules, const std::string& db_url);
// GET /api/v1/sourcing/risks: {period, from, to, rows} in the ranking order.
[[nodiscard]] core::Result<Json> ListSourcingRisks(store::Store& db, const std::optional<std::string>& period,
                                                   const ContractRuleSet& rules, const std::string& db_url);

}  // namespace supeval::service
