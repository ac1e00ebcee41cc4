// The contract use cases of the API (docs/contracts-api.md): the register
// and one contract with its clauses, milestones and (for staff) health
// findings; the health check as a list; published settlements, their lines
// and a contract's KPI lines over the periods; a contract's settlement
// computed now, traced; and publishing a settlement. Each answers the JSON
// the API sends (money and exact figures as the CLI's cell text, null for an
// empty cell), read from the current records of an open store.
//
// Scope: a supplier user sees only its own contracts and their settlement
// lines; a contract, settlement or filter of another supplier answers the
// same kNotFound as one that does not exist. The policy (policy.hpp) has
// already let the caller in; these functions only scope.
//
// Errors: kBadInput naming the query parameter (period, type, severity,
// kind, sort, limit, offset, before, n); kNotFound; kInternal for the
// database. Thread-safety: a Store is one connection, used by one thread at
// a time.
#pragma once

#include <optional>
#include <string>

#include "supeval/core/result.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/contracts.hpp"
#include "supeval/service/lists.hpp"
#include "supeval/service/policy.hpp"
#include "supeval/service/results_json.hpp"
#include "supeval/store/settlements.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

struct ContractsQuery {
  std::optional<std::string> supplier_id;
  std::optional<std::string> type;  // a contract type of §4
  std::optional<std::string> q;     // substring of contract_id, title, supplier_id or supplier name
  std::optional<std::string> sort;
  std::optional<std::string> limit;
  std::optional<std::string> offset;
};

// The register's sortable fields: contract_id (default, the key),
// supplier_id, type, start, end.
[[nodiscard]] const SortSpec& ContractsSort();

// GET /api/v1/contracts: {total_count, limit, offset, rows: [Contract]}.
[[nodiscard]] core::Result<Json> ListContracts(store::Store& db, const Caller& caller, const ContractsQuery& query);

// GET /api/v1/contracts/{id}: the Contract with clauses, milestones and
// findings (null for a supplier user).
[[nodiscard]] core::Result<Json> ShowContract(store::Store& db, const Caller& caller, const std::string& contract_id,
                                              const core::contracts::ContractRules& rules);

struct FindingsQuery {
  std::optional<std::string> contract_id;
  std::optional<std::string> supplier_id;
  std::optional<std::string> severity;  // high, medium or low
  std::optional<std::string> limit;
  std::optional<std::string> offset;
};

// GET /api/v1/contract-findings: the health check's rows
// {contract_id, supplier_id, finding, severity, detail} in its order.
[[nodiscard]] core::Result<Json> ListContractFindings(store::Store& db, const Caller& caller,
                                                      const FindingsQuery& query,
                                                      const core::contracts::ContractRules& rules);

struct SettlementsQuery {
  std::optional<std::string> period;
  std::optional<std::string> contract_id;
  std::optional<std::string> supplier_id;
  std::optional<std::string> before;
  std::optional<std::string> limit;
  std::optional<std::string> offset;
};

// GET /api/v1/settlements: newest first; for a supplier user (and with a
// contract or supplier filter) only settlements with such lines, `lines`
// counting them.
[[nodiscard]] core::Result<Json> ListSettlements(store::Store& db, store::SettlementStore& settlements,
                                                 const Caller& caller, const SettlementsQuery& query);

// GET /api/v1/settlements/{n}; kNotFound for a supplier user without lines in it.
[[nodiscard]] core::Result<Json> ShowSettlement(store::Store& db, store::SettlementStore& settlements,
                                                const Caller& caller, const std::string& number);

// The settlement `number` with only the lines the caller sees (a supplier
// user: its own), in the order published; refused as ShowSettlement.
[[nodiscard]] core::Result<store::SettlementRecord> SettlementInScope(store::SettlementStore& settlements,
                                                                      const Caller& caller, const std::string& number);

struct SettlementLinesQuery {
  std::optional<std::string> contract_id;
  std::optional<std::string> supplier_id;
  std::optional<std::string> kind;  // a line kind of §8
  std::optional<std::string> limit;
  std::optional<std::string> offset;
};

// GET /api/v1/settlements/{n}/lines: {settlement, total_count, limit,
// offset, rows: [Line + line]} in the settlement's order.
[[nodiscard]] core::Result<Json> ListSettlementLines(store::Store& db, store::SettlementStore& settlements,
                                                     const Caller& caller, const std::string& number,
                                                     const SettlementLinesQuery& query);

// GET /api/v1/contracts/{id}/kpis: the contract's kpi lines of the latest
// published settlement of each period, oldest period first.
[[nodiscard]] core::Result<Json> ContractKpiHistory(store::Store& db, store::SettlementStore& settlements,
                                                    const Caller& caller, const std::string& contract_id,
                                                    const std::optional<std::string>& limit,
                                                    const std::optional<std::string>& offset);

// GET /api/v1/contracts/{id}/settlement?period=: the contract's lines of
// the period settled now from the database at `db_url` (the published
// settlements counting as settled), with its slice's explanation.
[[nodiscard]] core::Result<Json> PreviewContractSettlement(store::Store& db, const Caller& caller,
                                                           const std::string& contract_id,
                                                           const std::optional<std::string>& period,
                                                           const ContractRuleSet& rules, const std::string& db_url);

// POST /api/v1/settlements: publishes the period's settlement from the
// current records (audited settlement.publish); the Settlement and its number.
struct PublishedSettlementView {
  Json settlement;
  std::int64_t number = 0;
};
[[nodiscard]] core::Result<PublishedSettlementView> PublishSettlement(store::Store& db,
                                                                      store::SettlementStore& settlements,
                                                                      const Caller& caller, const std::string& period,
                                                                      const ContractRuleSet& rules,
                                                                      const std::string& db_url, Instant at);

}  // namespace supeval::service
