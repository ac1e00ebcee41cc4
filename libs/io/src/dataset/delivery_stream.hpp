// The stream of deliveries.csv: the file read in blocks by one worker per
// sink (DeliveryRows reads each block), read again the careful way when an
// optimistic first read met a quote, the workers' problems merged in line
// order, then the checks that need the whole file (named deliveries exist,
// no id repeats). Internal to io.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <unordered_set>
#include <vector>

#include "../row_shape.hpp"
#include "dataset_state.hpp"
#include "delivery_rows.hpp"
#include "supeval/core/reading/numbered_id.hpp"
#include "supeval/core/reading/sparse_numbers.hpp"

namespace supeval::io::dataset {

// The switches and gauges of the row paths (DatasetReaderProbe).
struct RowPathProbe {
  bool rows_by_shape_allowed = true;
  std::uint64_t rows_by_shape = 0;  // of the last stream
  bool cut_at_line_ends = false;    // the last stream read the file cut at line ends
  bool read_again = false;          // the last stream's first read met a quote
};

class DeliveryStream {
 public:
  explicit DeliveryStream(DatasetState& state) : state_(state) {}

  // DatasetReader::StreamDeliveriesParallel.
  core::Status Read(std::span<const DeliverySink> sinks, const std::function<void()>& forget);
  // DatasetReader::FindNamedDelivery.
  [[nodiscard]] DatasetReader::NamedDelivery FindNamed(Index slot) const;

  RowPathProbe probe;

 private:
  enum class FileRead { kWhole, kQuoteMet };
  core::Result<FileRead> ReadFile(std::span<const DeliverySink> sinks, std::vector<DeliveryWorker>& workers,
                                  bool may_cut_at_line_ends, std::uint64_t& first_line);
  [[nodiscard]] std::vector<DeliveryWorker> NewWorkers(std::size_t count) const;
  void LearnRowShape(std::string_view text, const ColumnMap& columns, const DeliveryColumns& c);
  static void PlaceLines(std::vector<DeliveryWorker>& workers, std::uint64_t first_line);
  void MergeWorkers(const std::vector<DeliveryWorker>& workers);
  void ReportUnknownNamedDeliveries(const std::vector<std::uint8_t>& slot_found);
  void KeepNamedDeliveries(std::vector<std::uint8_t> slot_found, const std::vector<DeliveryWorker>& workers);
  void ReportDuplicateDeliveries(const std::unordered_set<std::uint64_t>& colliding);
  [[nodiscard]] std::vector<std::string_view> ReferencedIds() const;
  [[nodiscard]] const core::NumberReader* DeliveryIdForm() const {
    return delivery_id_form_ ? &*delivery_id_form_ : nullptr;
  }

  DatasetState& state_;
  std::optional<core::NumberReader> delivery_id_form_;  // of the first delivery id, if it has one (SeenIds)
  std::optional<RowShape> row_shape_;                   // of deliveries.csv, when its rows have one
  core::SparseNumbers referenced_numbers_;              // of delivery_id_form_, when the file has one
  bool deliveries_listed_ = true;                       // deliveries.csv could be read (see IdIndex::listed)
  // After the stream, by slot, whether each named delivery was found and
  // its material (when other files than complaints.csv name deliveries).
  std::vector<std::uint8_t> named_found_;
  std::vector<Index> named_materials_;
};

}  // namespace supeval::io::dataset
