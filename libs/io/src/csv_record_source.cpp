// The CSV folder behind the RecordSource interface.
#include "supeval/io/csv_record_source.hpp"

namespace supeval::io {

core::Error DiagnosticsError(const Diagnostics& diagnostics) {
  std::string text = diagnostics.Render();
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return core::BadInput(std::move(text));
}

CsvRecordSource::CsvRecordSource(std::filesystem::path directory, const core::RuleSet& rules)
    : reader_(std::move(directory), rules) {}

core::Result<core::MasterData> CsvRecordSource::ReadMasterData() {
  if (core::Status status = reader_.ReadMasterData(); !status.ok()) return status.error();
  if (!reader_.diagnostics().empty()) {
    // The deliveries are still checked so that one run lists every problem.
    if (core::Status status = reader_.StreamDeliveries({}); !status.ok()) return status.error();
    return DiagnosticsError(reader_.diagnostics());
  }
  return reader_.TakeMasterData();
}

core::Status CsvRecordSource::StreamDeliveries(const core::Period& /*period*/,
                                               std::span<core::DeliveryAccumulator> accumulators) {
  core::DeliveryAccumulator& accumulator = accumulators.front();
  core::Status status = reader_.StreamDeliveries([&](const core::Delivery& d) { accumulator.Add(d); });
  if (!status.ok()) return status;
  if (!reader_.diagnostics().empty()) return DiagnosticsError(reader_.diagnostics());
  return core::Ok{};
}

}  // namespace supeval::io
