// CsvRecordSource: an interchange CSV folder as a core::RecordSource, so the
// engine reads CSV the same way it reads a database. Bad rows in any file are
// returned together as one kBadInput error, one `file:line: column: message`
// per line (the first 100, then a count). Beside the evaluation's files it
// reads events.csv (CONTRACTS.md §3), validated as ContractsReader validates
// it and listed after the evaluation's problems, but no other contract file.
// Thread-compatible: one evaluation at a time.
#pragma once

#include <filesystem>
#include <vector>

#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/core/record_source.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/io/contracts_reader.hpp"
#include "supeval/io/dataset_reader.hpp"

namespace supeval::io {

class CsvRecordSource : public core::RecordSource {
 public:
  // `rules` must outlive the source. The master files are read on up to
  // `threads` threads; the deliveries on one per accumulator.
  CsvRecordSource(std::filesystem::path directory, const core::RuleSet& rules, std::size_t threads = 1);

  core::Result<core::MasterData> ReadMasterData() override;
  core::Status StreamDeliveries(const core::Period& period, std::span<core::DeliveryAccumulator> accumulators) override;
  core::Status StreamDeliveriesTo(const core::Period& period,
                                  const std::function<void(const core::Delivery&)>& sink) override;
  // events.csv's rows (after StreamDeliveries; once: they are moved out).
  core::Result<std::vector<core::contracts::Event>> ReadEvents(const core::MasterData& master) override;

 private:
  [[nodiscard]] bool HasProblems() const;
  // After the deliveries: the deliveries events name, then every problem.
  [[nodiscard]] core::Status FinishStream();
  // The evaluation's problems, then events.csv's, as one error.
  [[nodiscard]] core::Error Problems() const;

  DatasetReader reader_;
  // events.csv consults no contract rule: the reader is given none.
  core::contracts::ContractRules no_contract_rules_;
  ContractsReader events_reader_;
  Diagnostics event_problems_;
  std::size_t threads_;
};

// All of `diagnostics` as one kBadInput error: one line per problem.
core::Error DiagnosticsError(const Diagnostics& diagnostics);

}  // namespace supeval::io
