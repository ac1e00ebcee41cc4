// The row paths of deliveries.csv: how one block of its records is read.
// Valid rows go the direct way (by the row shape where the rows have one,
// else straight from the record, with the id lookups of the rows ahead
// prefetched); a row the direct way refuses is read again by the general
// path, which alone decides and names its problems. Every path checks a
// row by deliveries.csv's schema (file_schemas.hpp). Internal to io.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../delivery_blocks.hpp"
#include "../id_index.hpp"
#include "../row_reader.hpp"
#include "../row_shape.hpp"
#include "../seen_ids.hpp"
#include "date_cache.hpp"
#include "file_schemas.hpp"
#include "supeval/core/reading/numbered_id.hpp"
#include "supeval/core/reading/sparse_numbers.hpp"
#include "supeval/io/dataset_reader.hpp"

namespace supeval::io::dataset {

using DeliverySink = DatasetReader::DeliverySink;

// A block read by a worker whose blocks were cut at line ends
// (BlockCuts::kAtLineEnds): its lines were counted from 0, and are placed
// after the stream by the lines of the blocks before it.
struct BlockLines {
  std::uint64_t sequence = 0;
  std::uint64_t lines = 0;
  std::size_t errors_end = 0;  // the worker's kept errors up to here are of this block or before
};

// What one worker of the delivery stream collects; merged after the stream.
struct DeliveryWorker {
  Diagnostics diagnostics;
  SeenIds seen_ids{nullptr};               // the delivery ids, for the duplicate check
  std::vector<std::uint8_t> slot_found;    // by slot: a complaint's delivery was seen
  std::vector<Index> slot_material;        // by slot, when other files name deliveries: its valid row's material
  core::SparseNumbers::Cursor referenced;  // in DeliveryLookups::referenced_numbers
  DateCache due_dates;
  DateCache receipt_dates;
  std::uint64_t rows_by_shape = 0;  // rows read by the row shape
  // Blocks cut at line ends only: each block read, in turn, and whether a
  // quote was met (the cuts may then be wrong: the file is read again).
  std::vector<BlockLines> blocks;
  bool quote_met = false;
};

// What the rows of deliveries.csv are looked up in.
struct DeliveryLookups {
  const IdIndex& supplier_ids;
  const IdIndex& plant_ids;
  const IdIndex& material_ids;
  const IdIndex& referenced_slots;                // the deliveries other files name
  const core::SparseNumbers& referenced_numbers;  // the same by number, when delivery ids are numbered
  const core::NumberReader* delivery_id_form;     // of the first delivery id; nullptr when not numbered
};

// What the lookups of a delivery row's ids need (IdIndex::Prepare; the
// delivery id's number in the file's numbered form, else its HashId),
// computed when the row is read ahead.
struct RowHashes {
  std::uint64_t id = 0;
  std::uint64_t supplier = 0;
  std::uint64_t material = 0;
  bool id_numbered = false;  // `id` is the number, not the hash
};

// The row paths over one read of deliveries.csv, shared by its workers.
class DeliveryRows {
 public:
  // `shape`: the rows' shape (RowShape), if they are to be read by it.
  DeliveryRows(const DeliveryLookups& lookups, const std::string& display, const ColumnMap& columns,
               const std::optional<RowShape>& shape);

  // Reads the records of `block`: each valid row to `sink`, each bad one's
  // problems to the worker's diagnostics. Returns the line after the
  // block's last record when the rows are read by shape (else 0); the
  // worker then notes a quote met (quote_met).
  std::uint64_t ReadBlock(const DeliveryBlock& block, DeliveryWorker& worker, const DeliverySink& sink) const;

 private:
  struct ValueTexts;
  template <std::size_t kAhead>
  void ParseDeliveryBlock(const DeliveryBlock& block, DeliveryWorker& worker, const DeliverySink& sink) const;
  std::uint64_t ParseDeliveryBlockByShape(const DeliveryBlock& block, DeliveryWorker& worker,
                                          const DeliverySink& sink) const;
  bool ReadGeneralStretch(std::string_view block, CsvBlockParser& parser, DeliveryWorker& worker,
                          const DeliverySink& sink) const;
  std::size_t ReadRowsByShape(std::string_view block, std::uint64_t& line, DeliveryWorker& worker,
                              const DeliverySink& sink) const;
  void ReadRecord(std::string_view block, const CsvRecord& record, const RowHashes& hashes, DeliveryWorker& worker,
                  const DeliverySink& sink) const;
  bool ReadValidDeliveryRow(std::string_view block, const CsvRecord& record, const RowHashes& hashes,
                            DeliveryWorker& worker, const DeliverySink& sink) const;
  void ReadDeliveryRow(RowReader& row, const RowHashes& hashes, DeliveryWorker& worker, const DeliverySink& sink) const;
  template <class QuantityReader>
  static bool ReadValidValues(const ValueTexts& values, const QuantityReader& quantity, DeliveryWorker& worker,
                              core::Delivery& delivery);
  void PrefetchLookups(const CsvRecord& record, RowHashes& hashes) const;
  void Deliver(core::Delivery& delivery, const RowHashes& hashes, DeliveryWorker& worker,
               const DeliverySink& sink) const;
  static void NoteId(std::string_view id, const RowHashes& hashes, DeliveryWorker& worker);
  Index NoteNamed(std::string_view id, const RowHashes& hashes, DeliveryWorker& worker) const;
  void NoteRefusedDelivery(const CsvRecord& record, DeliveryWorker& worker) const;

  DeliveryLookups lookups_;
  const std::string& display_;
  const ColumnMap& columns_;
  const DeliveryColumns c_;
  const RowShape* shape_;  // nullptr: the rows are not read by shape
  bool read_ahead_;        // the id lookups read tables too large for the cache
};

}  // namespace supeval::io::dataset
