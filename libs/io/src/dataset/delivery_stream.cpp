// The stream of deliveries.csv and the checks after it.
#include "delivery_stream.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "../delivery_blocks.hpp"
#include "../text_check.hpp"
#include "file_schemas.hpp"
#include "supeval/core/threads.hpp"

namespace supeval::io::dataset {
namespace {

// The numbered form of the id in the first record of `text` (the file after
// its header), if the record is whole and its id numbered.
std::optional<core::NumberReader> FirstIdForm(std::string_view text, const ColumnMap& columns,
                                              const DeliveryColumns& c) {
  CsvBlockParser parser(text.substr(0, FindLastRecordEnd(text)), 0);
  CsvRecord record;
  const auto next = parser.Next(record, "");
  if (!next.ok() || !*next || record.fields.size() != columns.width()) return std::nullopt;
  const auto form = core::NumberedIdForm::Of(record.fields[*c.id.index]);
  if (!form) return std::nullopt;
  return core::NumberReader(*form);
}

}  // namespace

std::vector<DeliveryWorker> DeliveryStream::NewWorkers(std::size_t count) const {
  const std::size_t slots = state_.referenced_slots.size();
  std::vector<DeliveryWorker> workers(count);
  for (DeliveryWorker& worker : workers) {
    worker.slot_found.assign(slots, 0);
    if (state_.deliveries_named_elsewhere) worker.slot_material.assign(slots, kNoIndex);
  }
  return workers;
}

core::Status DeliveryStream::Read(std::span<const DeliverySink> sinks, const std::function<void()>& forget) {
  assert(!sinks.empty());
  const bool sinks_empty =
      std::none_of(sinks.begin(), sinks.end(), [](const DeliverySink& sink) { return bool(sink); });
  std::vector<DeliveryWorker> workers = NewWorkers(sinks.size());
  std::uint64_t first_line = 0;
  probe.cut_at_line_ends = probe.read_again = false;
  deliveries_listed_ = true;
  auto read = ReadFile(sinks, workers, forget || sinks_empty, first_line);
  if (read.ok() && *read == FileRead::kQuoteMet) {
    if (forget) forget();
    probe.read_again = true;
    workers = NewWorkers(sinks.size());
    read = ReadFile(sinks, workers, false, first_line);
  }
  if (!read.ok()) return read.error();
  if (probe.cut_at_line_ends) PlaceLines(workers, first_line);
  MergeWorkers(workers);
  probe.rows_by_shape = 0;
  for (const DeliveryWorker& worker : workers) probe.rows_by_shape += worker.rows_by_shape;

  std::vector<std::uint8_t> slot_found(state_.referenced_slots.size(), 0);
  for (const DeliveryWorker& worker : workers) {
    for (std::size_t slot = 0; slot < slot_found.size(); ++slot) slot_found[slot] |= worker.slot_found[slot];
  }
  ReportUnknownNamedDeliveries(slot_found);
  KeepNamedDeliveries(std::move(slot_found), workers);
  std::vector<SeenIds> seen_ids;
  for (DeliveryWorker& worker : workers) seen_ids.push_back(std::move(worker.seen_ids));
  workers.clear();
  const auto repeated = SeenIds::FindRepeated(seen_ids, sinks.size());
  seen_ids.clear();
  ReportDuplicateDeliveries(repeated);
  return core::Ok{};
}

// Every delivery a complaint names must be in the file (when it could be read).
void DeliveryStream::ReportUnknownNamedDeliveries(const std::vector<std::uint8_t>& slot_found) {
  for (std::size_t complaint = 0; deliveries_listed_ && complaint < state_.complaint_slots.size(); ++complaint) {
    const Index slot = state_.complaint_slots[complaint];
    if (slot == kNoIndex || slot_found[slot] != 0) continue;
    state_.diagnostics.Add(
        core::BadInput(UnknownDelivery(state_.referenced_slots.Key(slot)),
                       {state_.DisplayName(kComplaints), state_.complaint_lines[complaint], "delivery_id"}));
  }
}

// Reads deliveries.csv in blocks of whole records; one worker per sink
// parses them (the calling thread itself when there is one sink). Where
// `may_cut_at_line_ends` and the rows have a shape, blocks are cut at line
// ends (BlockCuts::kAtLineEnds): then the workers' blocks are listed for
// PlaceLines, and at a quote they stop and the result is kQuoteMet (the
// file must be read again, cut at record ends).
core::Result<DeliveryStream::FileRead> DeliveryStream::ReadFile(std::span<const DeliverySink> sinks,
                                                                std::vector<DeliveryWorker>& workers,
                                                                bool may_cut_at_line_ends, std::uint64_t& first_line) {
  const std::string display = state_.DisplayName(kDeliveries);
  std::error_code error;
  std::optional<HeadedFile> file;
  // A missing deliveries.csv is reported with the other missing files.
  if (std::filesystem::exists(state_.directory / kDeliveries.name, error)) {
    file = state_.OpenWithHeader(kDeliveries, state_.diagnostics);
  }
  if (!file) {
    deliveries_listed_ = false;
    return FileRead::kWhole;
  }
  CsvReader& reader = file->reader;
  const ColumnMap& columns = file->columns;
  const DeliveryColumns c = DeliveryColumnsOf(columns);
  std::string buffered = reader.TakeBuffered(first_line);
  delivery_id_form_ = FirstIdForm(buffered, columns, c);
  LearnRowShape(buffered, columns, c);
  for (DeliveryWorker& worker : workers) worker.seen_ids = SeenIds(DeliveryIdForm());
  referenced_numbers_ =
      delivery_id_form_ ? core::SparseNumbers(*delivery_id_form_, ReferencedIds()) : core::SparseNumbers();

  const BlockCuts cuts = may_cut_at_line_ends && row_shape_ ? BlockCuts::kAtLineEnds : BlockCuts::kAtRecordEnds;
  DeliveryBlockReader blocks(reader.file(), std::move(buffered), first_line, DeliveryBlockReader::kDefaultBlockBytes,
                             true, cuts);
  const DeliveryRows rows({state_.supplier_ids, state_.plant_ids, state_.material_ids, state_.referenced_slots,
                           referenced_numbers_, DeliveryIdForm()},
                          display, columns, row_shape_);
  std::atomic<bool> quote_met = false;
  const auto work = [&](std::size_t w) {
    DeliveryWorker& worker = workers[w];
    DeliveryBlock block;
    while (!quote_met.load(std::memory_order_relaxed) && blocks.Next(block)) {
      const std::uint64_t lines = rows.ReadBlock(block, worker, sinks[w]);
      if (cuts == BlockCuts::kAtLineEnds) {
        worker.blocks.push_back({block.sequence(), lines, worker.diagnostics.errors().size()});
        if (worker.quote_met) quote_met.store(true, std::memory_order_relaxed);
      }
    }
  };
  core::RunInParallel(sinks.size(), work);
  if (blocks.failed()) return core::Internal("read error in " + display);
  probe.cut_at_line_ends = cuts == BlockCuts::kAtLineEnds;
  return quote_met ? FileRead::kQuoteMet : FileRead::kWhole;
}

// The shape of the rows (RowShape), learned from the first record, where
// the columns are in the order an export writes them and every id is
// numbered: otherwise, or where the processor cannot check shapes, all rows
// go through the general path.
void DeliveryStream::LearnRowShape(std::string_view text, const ColumnMap& columns, const DeliveryColumns& c) {
  row_shape_.reset();
  if (!probe.rows_by_shape_allowed || !RowShape::Supported()) return;
  const std::array<const Column*, 9> in_order{&c.id,      &c.supplier,     &c.plant,        &c.material, &c.due_date,
                                              &c.due_qty, &c.receipt_date, &c.received_qty, &c.type};
  if (columns.width() != in_order.size()) return;
  for (std::size_t i = 0; i < in_order.size(); ++i) {
    if (!in_order[i]->index || *in_order[i]->index != i) return;
  }
  const IdIndex& suppliers = state_.supplier_ids;
  const IdIndex& plants = state_.plant_ids;
  const IdIndex& materials = state_.material_ids;
  if (!delivery_id_form_ || !suppliers.numbered() || !plants.numbered() || !materials.numbered()) return;
  // A row of the shape is text when the delivery id's prefix is (the other
  // prefixes are those of master ids, checked as they were read; the rest
  // is digits, separators, and values read strictly).
  if (CheckText(delivery_id_form_->form().prefix) != TextProblem::kNone) return;
  row_shape_ = RowShape::Learn(text, {&delivery_id_form_->form(), &suppliers.number_reader().form(),
                                      &plants.number_reader().form(), &materials.number_reader().form()});
}

// Blocks cut at line ends numbered their lines from 0: each worker's kept
// errors are moved to the file's lines, by the lines of the blocks before
// theirs (`first_line`: that of the first block).
void DeliveryStream::PlaceLines(std::vector<DeliveryWorker>& workers, std::uint64_t first_line) {
  std::vector<std::uint64_t> lines;
  for (const DeliveryWorker& worker : workers) {
    for (const BlockLines& block : worker.blocks) {
      if (lines.size() <= block.sequence) lines.resize(block.sequence + 1);
      lines[block.sequence] = block.lines;
    }
  }
  std::vector<std::uint64_t> starts(lines.size());
  for (std::size_t sequence = 0; sequence < lines.size(); ++sequence) {
    starts[sequence] = first_line;
    first_line += lines[sequence];
  }
  for (DeliveryWorker& worker : workers) {
    const std::vector<core::Error>& errors = worker.diagnostics.errors();
    Diagnostics placed;
    std::size_t error = 0;
    for (const BlockLines& block : worker.blocks) {
      for (; error < block.errors_end; ++error) {
        core::Error moved = errors[error];
        moved.location.line += starts[block.sequence];
        placed.Add(std::move(moved));
      }
    }
    assert(error == errors.size());
    placed.CountMore(worker.diagnostics.count() - errors.size());
    worker.diagnostics = std::move(placed);
  }
}

// Combines the workers' diagnostics in line order, so that they read the
// same whatever the number of threads.
void DeliveryStream::MergeWorkers(const std::vector<DeliveryWorker>& workers) {
  std::uint64_t count = 0;
  std::vector<core::Error> errors;
  for (const DeliveryWorker& worker : workers) {
    count += worker.diagnostics.count();
    errors.insert(errors.end(), worker.diagnostics.errors().begin(), worker.diagnostics.errors().end());
  }
  std::stable_sort(errors.begin(), errors.end(),
                   [](const core::Error& a, const core::Error& b) { return a.location.line < b.location.line; });
  for (core::Error& error : errors) state_.diagnostics.Add(std::move(error));
  state_.diagnostics.CountMore(count - errors.size());
}

// Keeps what the stream found of the deliveries named by slot, for
// FindNamed; a material from the worker that found the row.
void DeliveryStream::KeepNamedDeliveries(std::vector<std::uint8_t> slot_found,
                                         const std::vector<DeliveryWorker>& workers) {
  named_found_ = std::move(slot_found);
  named_materials_.assign(state_.deliveries_named_elsewhere ? named_found_.size() : 0, kNoIndex);
  for (const DeliveryWorker& worker : workers) {
    for (std::size_t slot = 0; slot < worker.slot_material.size(); ++slot) {
      if (worker.slot_material[slot] != kNoIndex) named_materials_[slot] = worker.slot_material[slot];
    }
  }
}

DatasetReader::NamedDelivery DeliveryStream::FindNamed(Index slot) const {
  DatasetReader::NamedDelivery named;
  named.known = !deliveries_listed_ || (slot < named_found_.size() && named_found_[slot] != 0);
  if (slot < named_materials_.size()) named.material = named_materials_[slot];
  return named;
}

// Delivery ids are checked while streaming on runs of numbers and 8-byte
// fingerprints (SeenIds); only when the check finds a fingerprint twice is
// the file read again to compare the ids exactly and name the lines (a
// repeat, or a harmless collision of fingerprints).
void DeliveryStream::ReportDuplicateDeliveries(const std::unordered_set<std::uint64_t>& colliding) {
  if (colliding.empty()) return;
  std::unordered_map<std::string, std::uint64_t> first_line;
  const std::string display = state_.DisplayName(kDeliveries);
  Diagnostics already_reported;  // row problems were diagnosed in the first pass
  const auto read_row = [&](RowReader& row) {
    const auto id = row.Text("delivery_id", false);
    if (!id || colliding.count(SeenIds::Fingerprint(DeliveryIdForm(), *id, HashId(*id))) == 0) return;
    const auto [first, inserted] = first_line.try_emplace(std::string(*id), row.line());
    if (!inserted) {
      state_.diagnostics.Add(core::BadInput(DuplicateId(*id, first->second), {display, row.line(), "delivery_id"}));
    }
  };
  state_.ReadFile(kDeliveries, already_reported, read_row, [](const CsvRecord&, const ColumnMap&) {});
}

// The delivery ids that complaints name, by slot.
std::vector<std::string_view> DeliveryStream::ReferencedIds() const {
  std::vector<std::string_view> ids(state_.referenced_slots.size());
  for (std::size_t slot = 0; slot < ids.size(); ++slot) {
    ids[slot] = state_.referenced_slots.Key(static_cast<Index>(slot));
  }
  return ids;
}

}  // namespace supeval::io::dataset
