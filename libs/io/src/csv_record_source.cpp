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
    : reader_(directory, rules), events_reader_(directory, rules, no_contract_rules_), threads_(threads) {}

bool CsvRecordSource::HasProblems() const { return !reader_.diagnostics().empty() || !event_problems_.empty(); }

core::Error CsvRecordSource::Problems() const {
  Diagnostics all = reader_.diagnostics();
  all.Append(event_problems_);
  return DiagnosticsError(all);
}

core::Result<core::MasterData> CsvRecordSource::ReadMasterData() {
  if (core::Status status = reader_.ReadMasterData(threads_); !status.ok()) return status.error();
  // Before the master data is taken: events name their deliveries to the
  // reader, which finds them in the one pass over deliveries.csv.
  if (core::Status status = events_reader_.ReadEvents(reader_, event_problems_); !status.ok()) return status.error();
  if (HasProblems()) {
    // The deliveries are still checked so that one run lists every problem.
    if (core::Status status = reader_.StreamDeliveries(DatasetReader::DeliverySink()); !status.ok()) {
      return status.error();
    }
    events_reader_.ResolveDeliveries(reader_, event_problems_);
    return Problems();
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
  return FinishStream();
}

core::Status CsvRecordSource::StreamDeliveriesTo(const core::Period& /*period*/,
                                                 const std::function<void(const core::Delivery&)>& sink) {
  // No `forget`: the reader reads the careful way, handing each row once.
  core::Status status = reader_.StreamDeliveries(sink);
  if (!status.ok()) return status;
  return FinishStream();
}

core::Status CsvRecordSource::FinishStream() {
  events_reader_.ResolveDeliveries(reader_, event_problems_);
  if (HasProblems()) return Problems();
  return core::Ok{};
}

core::Result<std::vector<core::contracts::Event>> CsvRecordSource::ReadEvents(const core::MasterData& /*master*/) {
  // Resolved against this folder's master data, which `master` is.
  return events_reader_.Take().events;
}

}  // namespace supeval::io
