// DatasetReader: the driver of a data set's reading. The pieces live in
// dataset/: the files' schemas (file_schemas.hpp), the master files
// (master_files, complaint_file), the delivery stream (delivery_stream) and
// its row paths (delivery_rows); the state they share (dataset_state).
#include "supeval/io/dataset_reader.hpp"

#include <cassert>
#include <system_error>
#include <utility>

#include "dataset/dataset_state.hpp"
#include "dataset/delivery_stream.hpp"
#include "dataset/file_schemas.hpp"
#include "dataset/master_files.hpp"
#include "dataset_reader_probe.hpp"
#include "supeval/io/contracts_reader.hpp"
#include "supeval/io/xlsx_reader.hpp"

namespace supeval::io {

// ---------------------------------------------------------------------------
// Diagnostics

void Diagnostics::Add(core::Error error) {
  ++count_;
  if (errors_.size() < kDefaultLimit) errors_.push_back(std::move(error));
}

void Diagnostics::Relocate(const std::function<void(core::Location&)>& relocate) {
  for (core::Error& error : errors_) relocate(error.location);
}

void Diagnostics::Append(const Diagnostics& other) {
  for (const core::Error& error : other.errors_) Add(error);
  CountMore(other.count_ - other.errors_.size());
}

std::string Diagnostics::Render() const {
  std::string text;
  for (const core::Error& error : errors_) text += error.ToString() + "\n";
  if (count_ > errors_.size()) {
    text +=
        "... and " + std::to_string(count_ - errors_.size()) + " more errors (" + std::to_string(count_) + " in all)\n";
  }
  return text;
}

// ---------------------------------------------------------------------------
// Reader

struct DatasetReader::Impl {
  Impl(std::filesystem::path directory, const core::RuleSet& rules) : state(std::move(directory), rules) {}
  dataset::DatasetState state;
  dataset::DeliveryStream deliveries{state};
};

DatasetReader::DatasetReader(std::filesystem::path directory, const core::RuleSet& rules)
    : impl_(std::make_unique<Impl>(std::move(directory), rules)) {}
DatasetReader::DatasetReader(DatasetReader&&) noexcept = default;
DatasetReader& DatasetReader::operator=(DatasetReader&&) noexcept = default;
DatasetReader::~DatasetReader() = default;

const Diagnostics& DatasetReader::diagnostics() const { return impl_->state.diagnostics; }

void DatasetReaderProbe::AllowRowsByShape(DatasetReader& reader, bool allowed) {
  reader.impl_->deliveries.probe.rows_by_shape_allowed = allowed;
}

std::uint64_t DatasetReaderProbe::RowsReadByShape(const DatasetReader& reader) {
  return reader.impl_->deliveries.probe.rows_by_shape;
}

bool DatasetReaderProbe::CutAtLineEnds(const DatasetReader& reader) {
  return reader.impl_->deliveries.probe.cut_at_line_ends;
}

bool DatasetReaderProbe::ReadAgain(const DatasetReader& reader) { return reader.impl_->deliveries.probe.read_again; }

core::Index DatasetReader::FindId(IdFile file, std::string_view id) const {
  return dataset::Listing(impl_->state, file).Find(id);
}

bool DatasetReader::Listed(IdFile file) const { return dataset::Listing(impl_->state, file).listed(); }

core::Index DatasetReader::NameDelivery(std::string_view id) {
  dataset::DatasetState& state = impl_->state;
  state.deliveries_named_elsewhere = true;
  const auto [slot, inserted] = state.referenced_slots.FindOrInsert(id);
  if (inserted) state.master.referenced_delivery_ids.emplace_back(id);
  return slot;
}

DatasetReader::NamedDelivery DatasetReader::FindNamedDelivery(core::Index slot) const {
  return impl_->deliveries.FindNamed(slot);
}

const std::vector<std::string>& DatasetReader::FileNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const FileSpec* spec : dataset::kDatasetFiles) names.emplace_back(spec->name);
    return names;
  }();
  return kNames;
}

core::Status DatasetReader::ReadMasterData(std::size_t threads) {
  dataset::DatasetState& state = impl_->state;
  if (!state.sheets && IsWorkbookPath(state.source)) {
    auto sheets = SheetFolder::Open(state.source, ContractsReader::FolderFileNames());
    if (!sheets.ok()) return sheets.error();
    state.sheets = *std::move(sheets);
    state.directory = state.sheets->path();
  }
  std::error_code error;
  if (!state.sheets && HasWorkbookName(state.source) && !std::filesystem::exists(state.source, error)) {
    return core::BadInput("workbook not found", {state.source.string(), 0, ""});
  }
  if (!std::filesystem::is_directory(state.directory, error)) {
    return core::BadInput(
        "data folder not found (expected a folder with suppliers.csv, plants.csv, "
        "materials.csv, deliveries.csv)",
        {state.directory.string(), 0, ""});
  }
  // Every file's problems are listed at once (spec): the missing required
  // files first, then each file's header and row problems. A file that
  // cannot be read lists no ids: references to them name no problem.
  for (const FileSpec* spec : dataset::kDatasetFiles) {
    if (spec->required && !std::filesystem::exists(state.directory / spec->name, error)) {
      state.diagnostics.Add(core::BadInput("required file is missing", {state.DisplayName(*spec), 0, ""}));
    }
  }
  dataset::MasterFiles(state).ReadAll(threads);
  NameSheets(state.diagnostics);
  return core::Ok{};
}

core::MasterData DatasetReader::TakeMasterData() {
  core::MasterData& master = impl_->state.master;
  impl_->state.complaint_ids = IdIndex();  // only the master files need it
  // Large data sets: give back what vector growth reserved but did not use
  // (vectors reserved from the line count are left: moving them costs more
  // than the few unused entries).
  const auto give_back = [](auto& records) {
    if (records.capacity() > records.size() + records.size() / 8 + 16) records.shrink_to_fit();
  };
  give_back(master.suppliers);
  give_back(master.plants);
  give_back(master.materials);
  give_back(master.complaints);
  give_back(master.certifications);
  give_back(master.holds);
  give_back(master.referenced_delivery_ids);
  return std::move(master);
}

core::Status DatasetReader::StreamDeliveries(const DeliverySink& sink, const std::function<void()>& forget) {
  return StreamDeliveriesParallel(std::span<const DeliverySink>(&sink, 1), forget);
}

core::Status DatasetReader::StreamDeliveriesParallel(std::span<const DeliverySink> sinks,
                                                     const std::function<void()>& forget) {
  if (auto streamed = impl_->deliveries.Read(sinks, forget); !streamed.ok()) return streamed;
  NameSheets(impl_->state.diagnostics);
  return core::Ok{};
}

std::filesystem::path DatasetReader::FolderFor(const std::filesystem::path& path) const {
  const dataset::DatasetState& state = impl_->state;
  return state.sheets && path == state.source ? state.sheets->path() : path;
}

void DatasetReader::NameSheets(Diagnostics& diagnostics) const {
  if (!impl_->state.sheets) return;
  diagnostics.Relocate([this](core::Location& location) { impl_->state.sheets->Relocate(location); });
}

}  // namespace supeval::io
