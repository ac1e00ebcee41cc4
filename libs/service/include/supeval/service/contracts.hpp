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

#include "supeval/core/contracts/health.hpp"
#include "supeval/core/contracts/settlement.hpp"
#include "supeval/core/result.hpp"

namespace supeval::service {

struct ContractsRequest {
  // Where the records come from: a CSV folder, or (when db_url is not empty)
  // the database as of `as_of_batch` (its last batch when none).
  std::filesystem::path data_dir;
  std::string db_url;
  std::optional<std::int64_t> as_of_batch;
  std::optional<std::filesystem::path> rules_file;  // default: the agreement's and §12's rule set
  std::string period;                               // settle only: as ParsePeriod reads it
  int threads = 0;                                  // 0: one per core
};

// The [contracts] table of a rule file over the defaults of §12 (the
// defaults alone without a file); kBadInput for a bad file.
[[nodiscard]] core::Result<core::contracts::ContractRules> LoadContractRules(
    const std::optional<std::filesystem::path>& rules_file);

// The settlement lines of the period (§8), or kBadInput with every problem.
[[nodiscard]] core::Result<core::contracts::Settlement> SettleContracts(const ContractsRequest& request);

// The health findings of every contract (§11), or kBadInput with every problem.
[[nodiscard]] core::Result<std::vector<core::contracts::Finding>> CheckContracts(const ContractsRequest& request);

}  // namespace supeval::service
