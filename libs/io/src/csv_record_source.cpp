// The CSV folder behind the RecordSource interface.
#include "supeval/io/csv_record_source.hpp"

#include <vector>

namespace supeval::io {

core::Error DiagnosticsError(const Diagnostics& diagnostics) {
  std::string text = diagnostics.Render();
  if (!text.empty() && text.back() == '\n') text.pop_back();
  // Not through core::BadInput, which would escape the line feeds between
  // the problems: each line is already one error's printable text.
  return core::Error{core::ErrorCode::kBadInput, std::move(text), {}, {}};
}

CsvRecordSource::CsvRecordSource(std::filesystem::path directory, const core::RuleSet& rules, std::size_t threads)
    : reader_(std::move(directory), rules), threads_(threads) {}

core::Result<core::MasterData> CsvRecordSource::ReadMasterData() {
  if (core::Status status = reader_.ReadMasterData(threads_); !status.ok()) return status.error();
  if (!reader_.diagnostics().empty()) {
    // The deliveries are still checked so that one run lists every problem.
    if (core::Status status = reader_.StreamDeliveries(DatasetReader::DeliverySink()); !status.ok()) {
      return status.error();
    }
    return DiagnosticsError(reader_.diagnostics());
  }
  return reader_.TakeMasterData();
}

core::Status CsvRecordSource::StreamDeliveries(const core::Period& /*period*/,
                                               std::span<core::DeliveryAccumulator> accumulators) {
  // Every row is read (and validated), whatever the period: one sink, and so
  // one worker thread, per accumulator.
  std::vector<DatasetReader::DeliverySink> sinks;
  for (core::DeliveryAccumulator& accumulator : accumulators) {
    sinks.emplace_back([&accumulator](const core::Delivery& d) { accumulator.Add(d); });
  }
  const auto forget = [&accumulators] {
    for (core::DeliveryAccumulator& accumulator : accumulators) accumulator.Clear();
  };
  core::Status status = reader_.StreamDeliveriesParallel(sinks, forget);
  if (!status.ok()) return status;
  if (!reader_.diagnostics().empty()) return DiagnosticsError(reader_.diagnostics());
  return core::Ok{};
}

}  // namespace supeval::io
