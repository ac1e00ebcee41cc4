// The contract files of a generated data set (CONTRACTS.md §3): a register
// with contracts of every type, price tiers, commodity indices with their
// monthly values, indexation, KPI clauses, volume commitments, tooling,
// milestones, alternates, warranty claims and the contracted suppliers'
// events (IATF 16949 8.4.2.4) — every row valid, drawn from the generator's
// own random streams so that the files depend only on the options and the
// seed (the events from a stream of their own, so that adding them changed
// no other file). Internal to the generator.
// Thread-compatible: each call is independent.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/date.hpp"
#include "supeval/core/result.hpp"
#include "supeval/io/csv_writer.hpp"

namespace supeval::service {

// What the contracts are made for: a supplier and the materials it delivers,
// each with its usual order quantity in whole units.
struct ContractedSupplier {
  std::string id;
  std::string plant_id;  // the plant it delivers to most (where its events happen)
  std::vector<std::string> material_ids;
  std::vector<std::int64_t> lot_units;
};

struct ContractFilesPlan {
  std::int64_t contracts = 0;  // at most one per supplier
  core::Date from;             // the generated due dates' span
  core::Date to;
  std::uint64_t seed = 1;
};

// Writes one file: its name, and what writes its rows.
using FileWriter = std::function<core::Status(std::string_view name, const std::function<void(io::CsvWriter&)>& fill)>;

// Writes every contract file through `write`; returns the contracts written
// (the plan's number, at most one per supplier).
[[nodiscard]] core::Result<std::int64_t> WriteContractFiles(const std::vector<ContractedSupplier>& suppliers,
                                                            const ContractFilesPlan& plan, const FileWriter& write);

}  // namespace supeval::service
