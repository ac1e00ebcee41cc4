// ContractsReader: reads and validates the contract files of a data folder
// (CONTRACTS.md §3: contracts.csv … emissions.csv, each optional) into
// core::contracts::ContractData, beside the evaluation's files that
// DatasetReader reads. Ids of the evaluation's files resolve through that
// reader (a refused row's id counts as known), and events.csv names its
// deliveries to it the way complaints do, so that no delivery id is held
// here. Problems are collected like the evaluation's (`file:line: column:
// message`, `-` for the row as a whole), file by file in FileNames() order;
// a row that names a faulty row is refused without a message (§3 "no
// cascade").
// A command reads a folder in this order: DatasetReader::ReadMasterData,
// ContractsReader::Read, DatasetReader::TakeMasterData and the delivery
// stream, ContractsReader::ResolveDeliveries; its problems are the
// evaluation's (DatasetReader::diagnostics) followed by these.
// Thread-compatible: one reader per data folder.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/core/contracts/records.hpp"
#include "supeval/core/result.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/io/dataset_reader.hpp"

namespace supeval::io {

class ContractsReader {
 public:
  // `rules` names the result classes that published.csv may carry,
  // `contract_rules` the ladders and their levels; both must outlive the
  // reader.
  ContractsReader(std::filesystem::path directory, const core::RuleSet& rules,
                  const core::contracts::ContractRules& contract_rules);

  // Reads every contract file that exists, in FileNames() order. Requires
  // evaluation.ReadMasterData() done and neither its stream nor
  // TakeMasterData yet (events name their deliveries to it). Problems go to
  // `diagnostics`. Fails only when the folder is missing.
  core::Status Read(DatasetReader& evaluation, Diagnostics& diagnostics);

  // Reads events.csv alone, as Read reads it (same requirements, same
  // problems): for `evaluate`, which counts events beside the rating but
  // reads no other contract file (docs/events.md). ResolveDeliveries then
  // checks the deliveries the events name.
  core::Status ReadEvents(DatasetReader& evaluation, Diagnostics& diagnostics);

  // After the evaluation's delivery stream: reports each event naming a
  // delivery that deliveries.csv lacks (on its line, column delivery_id),
  // and gives an event without material_id its delivery's material. These
  // problems follow those of every file (as the evaluation's unknown
  // deliveries of complaints follow deliveries.csv's).
  void ResolveDeliveries(const DatasetReader& evaluation, Diagnostics& diagnostics);

  // The records read (after Read), for an engine that needs them while the
  // deliveries stream; events' materials are complete only after
  // ResolveDeliveries.
  [[nodiscard]] const core::contracts::ContractData& data() const { return data_; }

  // Moves the records out (after Read and ResolveDeliveries). Only for use
  // when no problem was found: with problems they miss the refused rows.
  core::contracts::ContractData Take() { return std::move(data_); }

  // The contract files' names, in the order they are read, for listings
  // and imports.
  static const std::vector<std::string>& FileNames();

  // Every file a data folder may hold: DatasetReader::FileNames(), then
  // these (for uploads, import hashes and fuzzed folders).
  static const std::vector<std::string>& FolderFileNames();

 private:
  // Fails when the folder is missing; else forgets what an earlier read kept.
  // A workbook's contract sheets are read from the folder `evaluation`
  // wrote them to.
  core::Status StartReading(const DatasetReader& evaluation);

  std::filesystem::path directory_;
  std::filesystem::path folder_;  // the CSV folder read (a workbook's, written by the evaluation reader)
  const core::RuleSet& rules_;
  const core::contracts::ContractRules& contract_rules_;
  core::contracts::ContractData data_;
  // Events that name a delivery: the event's index and the delivery's slot
  // (DatasetReader::NameDelivery).
  std::vector<std::pair<core::Index, core::Index>> event_deliveries_;
};

}  // namespace supeval::io
