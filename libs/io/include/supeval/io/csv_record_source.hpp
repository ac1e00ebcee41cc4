// CsvRecordSource: an interchange CSV folder as a core::RecordSource, so the
// engine reads CSV the same way it reads a database. Bad rows in any file are
// returned together as one kBadInput error, one `file:line: column: message`
// per line (the first 100, then a count).
// Thread-compatible: one evaluation at a time.
#pragma once

#include <filesystem>

#include "supeval/core/record_source.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/io/dataset_reader.hpp"

namespace supeval::io {

class CsvRecordSource : public core::RecordSource {
 public:
  // `rules` must outlive the source.
  CsvRecordSource(std::filesystem::path directory, const core::RuleSet& rules);

  core::Result<core::MasterData> ReadMasterData() override;
  core::Status StreamDeliveries(const core::Period& period, std::span<core::DeliveryAccumulator> accumulators) override;

 private:
  DatasetReader reader_;
};

// All of `diagnostics` as one kBadInput error.
core::Error DiagnosticsError(const Diagnostics& diagnostics);

}  // namespace supeval::io
