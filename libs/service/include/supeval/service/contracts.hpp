// The contract use cases (CONTRACTS.md §2) on a CSV folder or a database
// (the same records imported give the same lines, byte for byte): `settle` reads
// and validates the whole folder, evaluates every contract's slice with the
// evaluation engine and settles the period in the same pass over the
// deliveries; `check` reads and validates the whole folder and runs the
// health check of §11. On bad input nothing is returned but the complete
// list of problems (`file:line: column: message`, one per line).
// Thread-compatible: each call is independent.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "supeval/core/contracts/escalation.hpp"
#include "supeval/core/contracts/health.hpp"
#include "supeval/core/contracts/settlement.hpp"
#include "supeval/core/evaluation.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/result.hpp"
#include "supeval/core/rules.hpp"

namespace supeval::service {

// A rule file read once: its evaluation tables, its [contracts] table
// (defaults where it has none) and the text both were parsed from — what a
// published settlement records and hashes.
struct ContractRuleSet {
  core::RuleSet evaluation;
  core::contracts::ContractRules contracts;
  std::string text;
};

// A rule set given as its parts: the text is written from them (the layout
// of `supeval rules show --contracts`).
[[nodiscard]] ContractRuleSet ContractRuleSetOf(core::RuleSet evaluation, core::contracts::ContractRules contracts);

// Reads and parses `rules_file`; without one the defaults, whose text is
// that of `supeval rules show --contracts`. kBadInput for a bad file.
[[nodiscard]] core::Result<ContractRuleSet> LoadContractRuleSet(const std::optional<std::filesystem::path>& rules_file);

// The sha256 of the rule set's text, as a published settlement records it.
[[nodiscard]] std::string ContractRuleSetSha256(const ContractRuleSet& rules);

struct ContractsRequest {
  // Where the records come from: a CSV folder, or (when db_url is not empty)
  // the database as of `as_of_batch` (its last batch when none).
  std::filesystem::path data_dir;
  std::string db_url;
  std::optional<std::int64_t> as_of_batch;
  // Backtest (settle with db_url): the contract files of this folder (a
  // draft, not imported) over the database's other records, validated
  // against its master data; published settlements are not counted and
  // the result is never published.
  std::optional<std::filesystem::path> contracts_dir;
  std::optional<std::filesystem::path> rules_file;  // default: the agreement's and §12's rule set
  // The rule set already loaded (the server's `serve --rules`); when set,
  // rules_file is not read.
  std::optional<ContractRuleSet> rules;
  std::string period;  // settle only: as ParsePeriod reads it
  int threads = 0;     // 0: one per core
  // settle --publish (with db_url, without as_of_batch): who and when.
  std::string user;
  std::string created_at;              // RFC 3339 UTC, from the caller's clock
  std::optional<std::string> address;  // the client's address for the audit log (the API's)
};

// A settlement with one contract's slice of the evaluation traced
// (ExplainContractSettlement).
struct ExplainedSettlement {
  core::contracts::Settlement settlement;
  core::Period period;
  core::RuleSet rules;  // the evaluation's, which the explanation's figures follow
  // The contract's slice, traced like `explain` traces a supplier (its KPI
  // actuals down to the deliveries and complaints behind them); none when
  // its term does not meet the period.
  std::optional<core::Explanation> slice_explanation;
};

struct PublishedSettlement {
  core::contracts::Settlement settlement;
  std::int64_t id = 0;  // the published settlement's number
};

// The settlement lines of the period (§8), or kBadInput with every problem.
[[nodiscard]] core::Result<core::contracts::Settlement> SettleContracts(const ContractsRequest& request);

// The same, with `contract_id`'s slice traced; kBadInput also for a
// contract the register lacks.
[[nodiscard]] core::Result<ExplainedSettlement> ExplainContractSettlement(const ContractsRequest& request,
                                                                          const std::string& contract_id);

// Settles as SettleContracts does from the database and records the lines
// as a published settlement (store/settlements.hpp; audited as
// `settlement.publish`). Every settlement from a database counts the lines
// of the published ones as settled (§8 "Re-settling", beside settled.csv's):
// re-settling a published period gives delta and withdrawn lines, never a
// silent rewrite. kBadInput without a database or with as_of_batch (only
// the current records are published).
[[nodiscard]] core::Result<PublishedSettlement> PublishContractsSettlement(const ContractsRequest& request);

// The escalation ladder replayed up to and including `as_of` (§9): every
// contract's latest case and every case's timeline; kBadInput with every
// problem of the records and every decision that does not fit its case
// (§3). Read-only: with db_url the holds the ladder reaches are listed, not
// yet written.
[[nodiscard]] core::Result<core::contracts::EscalationResult> EscalateContracts(const ContractsRequest& request,
                                                                                core::Date as_of);

// The health findings of every contract (§11), or kBadInput with every problem.
[[nodiscard]] core::Result<std::vector<core::contracts::Finding>> CheckContracts(const ContractsRequest& request);

}  // namespace supeval::service
