// The row paths of deliveries.csv: general, direct, by shape, and the block
// parsers that feed them (with the ring that reads rows ahead of their
// validation to prefetch their lookups).
#include "delivery_rows.hpp"

#include <array>
#include <cstring>

#include "../text_check.hpp"
#include "direct_fields.hpp"
#include "supeval/core/reading/padded_decimal.hpp"

namespace supeval::io::dataset {
namespace {

// The first kBytes bytes at `bytes` as a little-endian number. Assembled
// from bytes in registers: a memcpy into part of a zeroed word was compiled
// to narrow stores and a wide load, which waits for the stores to retire (a
// stall on every delivery row).
template <std::size_t kBytes>
std::uint64_t LittleEndianValue(const char* bytes) {
  static_assert(kBytes <= sizeof(std::uint64_t));
  const auto load = [bytes]<class Part>(Part) {
    Part part;
    std::memcpy(&part, bytes, sizeof part);
    return std::uint64_t{part} | LittleEndianValue<kBytes - sizeof(Part)>(bytes + sizeof(Part)) << (8 * sizeof(Part));
  };
  if constexpr (kBytes == 0) return 0;
  else if constexpr (kBytes >= 4) return load(std::uint32_t{});
  else if constexpr (kBytes >= 2) return load(std::uint16_t{});
  else return load(std::uint8_t{});
}

// Whether `text` is `word` (of up to eight bytes), compared as one number:
// string_view's == called memcmp for it, once a delivery row.
template <std::size_t N>
bool Is(std::string_view text, const char (&word)[N]) {
  return text.size() == N - 1 && LittleEndianValue<N - 1>(text.data()) == LittleEndianValue<N - 1>(word);
}

// How far ahead of a row read by shape its block's text is prefetched.
constexpr std::size_t kPrefetchAhead = 2048;

// Records the general path reads after a row the row shape cannot read,
// before the shape is tried again: a parser is set up for each such
// stretch (it lists the separators of 4 KB at a time), so not for one.
constexpr std::size_t kGeneralStretch = 64;

}  // namespace

// The texts of a row's values after its ids.
struct DeliveryRows::ValueTexts {
  std::string_view due_date, due_qty, receipt_date, received_qty, type;
};

DeliveryRows::DeliveryRows(const DeliveryLookups& lookups, const std::string& display, const ColumnMap& columns,
                           const std::optional<RowShape>& shape)
    : lookups_(lookups),
      display_(display),
      columns_(columns),
      c_(DeliveryColumnsOf(columns)),
      shape_(shape ? &*shape : nullptr),
      // Hash tables of ids that are not numbered, and the filter for
      // delivery ids named by complaints when those ids are not numbered,
      // are too large for the cache. Numbered ids are found by their number
      // alone (a table that fits the cache, or none when the master file
      // lists them in order).
      read_ahead_(!lookups.supplier_ids.numbered() || !lookups.material_ids.numbered() ||
                  lookups.delivery_id_form == nullptr) {}

std::uint64_t DeliveryRows::ReadBlock(const DeliveryBlock& block, DeliveryWorker& worker,
                                      const DeliverySink& sink) const {
  if (shape_ != nullptr) return ParseDeliveryBlockByShape(block, worker, sink);
  if (read_ahead_) ParseDeliveryBlock<CsvBlockParser::kLookAhead - 1>(block, worker, sink);
  else ParseDeliveryBlock<0>(block, worker, sink);
  return 0;
}

// Validates one deliveries.csv row and hands it to `sink`: the general path,
// which names each problem.
void DeliveryRows::ReadDeliveryRow(RowReader& row, const RowHashes& hashes, DeliveryWorker& worker,
                                   const DeliverySink& sink) const {
  core::Delivery delivery;
  const auto id = row.Text(c_.id, true);
  delivery.supplier = row.ReadReference(c_.supplier, lookups_.supplier_ids, "supplier", true, hashes.supplier);
  delivery.plant = row.ReadReference(c_.plant, lookups_.plant_ids, "plant", true);
  delivery.material = row.ReadReference(c_.material, lookups_.material_ids, "material", true, hashes.material);
  const auto due_date = row.ReadDate(c_.due_date, true);
  const auto due_qty = row.ReadDecimal(c_.due_qty, true);
  if (due_qty && !DueQtyAllowed(*due_qty)) row.Fail(c_.due_qty.name, DueQtyProblem(*row.Text(c_.due_qty, true)));
  const auto receipt_date = row.ReadDate(c_.receipt_date, true);
  const auto received_qty = row.ReadDecimal(c_.received_qty, true);
  const auto type = row.ReadEnum(c_.type, kDeliveryTypes, false);
  if (id) NoteId(*id, hashes, worker);
  if (!row.ok()) {
    if (id) NoteNamed(*id, hashes, worker);  // a complaint naming a refused row names no unknown delivery
    return;
  }
  delivery.id = *id;
  delivery.due_date = *due_date;
  delivery.due_qty = *due_qty;
  delivery.receipt_date = *receipt_date;
  delivery.received_qty = *received_qty;
  delivery.type = type.value_or(core::DeliveryType::kSeries);
  Deliver(delivery, hashes, worker, sink);
}

// Notes a delivery id for the duplicate check.
void DeliveryRows::NoteId(std::string_view id, const RowHashes& hashes, DeliveryWorker& worker) {
  if (hashes.id_numbered) worker.seen_ids.AddNumber(hashes.id);
  else worker.seen_ids.Add(id, hashes.id);
}

void DeliveryRows::Deliver(core::Delivery& delivery, const RowHashes& hashes, DeliveryWorker& worker,
                           const DeliverySink& sink) const {
  delivery.referenced_slot = NoteNamed(delivery.id, hashes, worker);
  if (delivery.referenced_slot != kNoIndex && !worker.slot_material.empty()) {
    worker.slot_material[delivery.referenced_slot] = delivery.material;
  }
  if (sink) sink(delivery);
}

// Notes that the delivery `id` is in the file, for the complaints that
// name it; returns its slot among the named deliveries, or kNoIndex.
Index DeliveryRows::NoteNamed(std::string_view id, const RowHashes& hashes, DeliveryWorker& worker) const {
  if (lookups_.referenced_slots.size() == 0) return kNoIndex;
  const Index slot = hashes.id_numbered ? worker.referenced.Find(lookups_.referenced_numbers, hashes.id)
                                        : lookups_.referenced_slots.FindRare(id, hashes.id);
  if (slot != kNoIndex) worker.slot_found[slot] = 1;
  return slot;
}

// A record of deliveries.csv refused before its fields were read (a wrong
// number of fields, malformed quoting): its id, where it has one, still
// counts for the complaints that name it.
void DeliveryRows::NoteRefusedDelivery(const CsvRecord& record, DeliveryWorker& worker) const {
  if (lookups_.referenced_slots.size() == 0 || *c_.id.index >= record.fields.size()) return;
  const std::string_view id = record.fields[*c_.id.index];
  if (id.empty() || CheckText(id) != TextProblem::kNone) return;
  RowHashes hashes;
  hashes.id =
      lookups_.delivery_id_form != nullptr ? lookups_.delivery_id_form->NumberOf(id) : core::NumberedIdForm::kOtherForm;
  hashes.id_numbered = hashes.id != core::NumberedIdForm::kOtherForm;
  if (!hashes.id_numbered) hashes.id = HashId(id);
  NoteNamed(id, hashes, worker);
}

// Reads the values of a valid row into `delivery`, for the two direct
// paths (ReadValidDeliveryRow, ReadRowsByShape); false when one is not
// valid, and the general path then names it. `quantity(text, value)` reads
// a quantity.
template <class QuantityReader>
bool DeliveryRows::ReadValidValues(const ValueTexts& values, const QuantityReader& quantity, DeliveryWorker& worker,
                                   core::Delivery& delivery) {
  if (!worker.due_dates.Parse(values.due_date, delivery.due_date) ||
      !worker.receipt_dates.Parse(values.receipt_date, delivery.receipt_date) ||
      !quantity(values.due_qty, delivery.due_qty) || !quantity(values.received_qty, delivery.received_qty) ||
      !DueQtyAllowed(delivery.due_qty)) {
    return false;
  }
  if (values.type.empty()) return true;
  if (Is(values.type, kSampleWord)) delivery.type = core::DeliveryType::kSample;
  else if (!Is(values.type, kSeriesWord)) return false;
  return true;
}

// Most rows are valid: they are read here directly, without the bookkeeping
// that names problems. A row this rejects is read again by ReadDeliveryRow,
// which finds and names what is wrong; so this path decides nothing alone.
bool DeliveryRows::ReadValidDeliveryRow(std::string_view block, const CsvRecord& record, const RowHashes& hashes,
                                        DeliveryWorker& worker, const DeliverySink& sink) const {
  const auto field = [&](const Column& column) { return record.fields[*column.index]; };
  // Fields of the block are followed by kBlockPadding readable bytes; those
  // of a quoted record are copies elsewhere.
  const auto quantity = [&](std::string_view text, core::Decimal& value) {
    const bool in_block = text.data() >= block.data() && text.data() + text.size() <= block.data() + block.size();
    return in_block ? core::ParseDecimalPadded(text, value) : core::ParseDecimal(text, value);
  };
  if (!IsText(record)) return false;
  core::Delivery delivery;
  delivery.id = field(c_.id);
  if (delivery.id.empty()) return false;
  delivery.supplier = lookups_.supplier_ids.FindPrepared(field(c_.supplier), hashes.supplier);
  delivery.plant = lookups_.plant_ids.Find(field(c_.plant));
  delivery.material = lookups_.material_ids.FindPrepared(field(c_.material), hashes.material);
  if (delivery.supplier == kNoIndex || delivery.plant == kNoIndex || delivery.material == kNoIndex) return false;
  const ValueTexts values{field(c_.due_date), field(c_.due_qty), field(c_.receipt_date), field(c_.received_qty),
                          c_.type.index ? field(c_.type) : std::string_view()};
  if (!ReadValidValues(values, quantity, worker, delivery)) return false;
  NoteId(delivery.id, hashes, worker);
  Deliver(delivery, hashes, worker, sink);
  return true;
}

// Rows are read kAhead ahead of their validation, and the id lookups of the
// rows ahead are prefetched: a large hash table does not fit in the cache,
// and waiting for one row's lookups at a time dominates. Where no lookup
// reads a large table (read_ahead_), kAhead is 0: keeping rows in a ring
// cost 5 % of the time for nothing.
template <std::size_t kAhead>
void DeliveryRows::ParseDeliveryBlock(const DeliveryBlock& block, DeliveryWorker& worker,
                                      const DeliverySink& sink) const {
  static_assert(kAhead < CsvBlockParser::kLookAhead);
  CsvBlockParser parser(block.text(), block.first_line());
  std::array<CsvRecord, kAhead + 1> ring;
  std::array<RowHashes, kAhead + 1> ring_hashes;
  std::size_t parsed = 0;
  std::size_t done = 0;
  bool more = true;
  for (;;) {
    while (more && parsed - done < ring.size()) {
      CsvRecord& record = ring[parsed % ring.size()];
      auto next = parser.Next(record, display_);
      if (!next.ok()) {  // a malformed record, which ends at its line's end
        worker.diagnostics.Add(next.error());
        NoteRefusedDelivery(record, worker);
        continue;
      }
      if (!*next) {
        more = false;
        break;
      }
      if (record.fields.size() == columns_.width()) PrefetchLookups(record, ring_hashes[parsed % ring.size()]);
      ++parsed;
    }
    if (done == parsed) return;
    const CsvRecord& record = ring[done % ring.size()];
    ReadRecord(block.text(), record, ring_hashes[done++ % ring.size()], worker, sink);
  }
}

// One record of deliveries.csv: a valid row to `sink`, a bad one's
// problems to the worker's diagnostics.
void DeliveryRows::ReadRecord(std::string_view block, const CsvRecord& record, const RowHashes& hashes,
                              DeliveryWorker& worker, const DeliverySink& sink) const {
  if (record.fields.size() != columns_.width()) {
    worker.diagnostics.Add(WrongWidth(display_, record, columns_.width()));
    NoteRefusedDelivery(record, worker);
    return;
  }
  if (ReadValidDeliveryRow(block, record, hashes, worker, sink)) return;
  RowReader row(display_, record, columns_, worker.diagnostics);
  ReadDeliveryRow(row, hashes, worker, sink);
}

// A block whose rows mostly have the row shape: they are read by it, and
// from each row it cannot read (another shape, or a problem to name) a
// stretch of records by the general path, as ParseDeliveryBlock reads them.
// Returns the line after the block's last record. Rows of the shape hold
// no quote; the worker notes one met in a stretch (quote_met).
std::uint64_t DeliveryRows::ParseDeliveryBlockByShape(const DeliveryBlock& block, DeliveryWorker& worker,
                                                      const DeliverySink& sink) const {
  std::string_view text = block.text();
  std::uint64_t line = block.first_line();
  for (;;) {
    text.remove_prefix(ReadRowsByShape(text, line, worker, sink));
    if (text.empty()) return line;
    CsvBlockParser parser(text, line);
    const bool block_ended = ReadGeneralStretch(block.text(), parser, worker, sink);
    if (std::memchr(text.data(), '"', parser.position()) != nullptr) worker.quote_met = true;
    text.remove_prefix(parser.position());
    line = parser.line();
    if (block_ended) return line;
  }
}

// Up to kGeneralStretch records from `parser` on `block`, as
// ParseDeliveryBlock reads them; true when the block ended.
bool DeliveryRows::ReadGeneralStretch(std::string_view block, CsvBlockParser& parser, DeliveryWorker& worker,
                                      const DeliverySink& sink) const {
  CsvRecord record;
  for (std::size_t read = 0; read < kGeneralStretch; ++read) {
    auto next = parser.Next(record, display_);
    if (!next.ok()) {  // a malformed record (it takes a quote), which ends at its line's end
      worker.diagnostics.Add(next.error());
      NoteRefusedDelivery(record, worker);
      worker.quote_met = true;
      continue;
    }
    if (!*next) return true;
    RowHashes hashes;
    if (record.fields.size() == columns_.width()) PrefetchLookups(record, hashes);
    ReadRecord(block, record, hashes, worker, sink);
  }
  return false;
}

// Reads the rows of `block` from its start on that have the row shape, as
// ReadValidDeliveryRow reads them; stops before the first that has not, or
// that is not valid (the general path reads that one and names its
// problems). Returns the bytes read; `line` and the worker's rows_by_shape
// count the rows.
std::size_t DeliveryRows::ReadRowsByShape(std::string_view block, std::uint64_t& line, DeliveryWorker& worker,
                                          const DeliverySink& sink) const {
  const RowShape& shape = *shape_;
  const char* begin = block.data();
  const char* end = begin + block.size();
  const char* row = begin;
  ShapedRow fields;
  while (shape.MatchRow(row, end, end + kBlockPadding, fields)) {
    // Blocks cut at line ends were not read before (BlockCuts): the text
    // some 30 rows ahead is fetched while these are read. Two lines, as a
    // row is a little longer than one.
    __builtin_prefetch(row + kPrefetchAhead);
    __builtin_prefetch(row + kPrefetchAhead + 64);
    const char* tail = shape.Tail(row);
    const auto tail_field = [&](unsigned from, unsigned to) { return std::string_view(tail + from, to - from); };
    core::Delivery delivery;
    delivery.id = shape.DeliveryId(row);
    delivery.supplier = lookups_.supplier_ids.FindByNumber(shape.IdNumber(row, 1));
    delivery.plant = lookups_.plant_ids.FindByNumber(shape.IdNumber(row, 2));
    delivery.material = lookups_.material_ids.FindByNumber(shape.IdNumber(row, 3));
    if (delivery.supplier == kNoIndex || delivery.plant == kNoIndex || delivery.material == kNoIndex) break;
    const ValueTexts values{shape.DueDate(row), tail_field(0, fields.due_qty_end),
                            tail_field(fields.due_qty_end + 1, fields.receipt_date_end),
                            tail_field(fields.receipt_date_end + 1, fields.received_qty_end),
                            tail_field(fields.received_qty_end + 1, fields.line_end)};
    // The fields of a row of the shape lie in the block, followed by its padding.
    const auto quantity = [](std::string_view text, core::Decimal& value) {
      return core::ParseDecimalPadded(text, value);
    };
    if (!ReadValidValues(values, quantity, worker, delivery)) break;
    RowHashes hashes;
    hashes.id = shape.IdNumber(row, 0);
    hashes.id_numbered = true;
    NoteId(delivery.id, hashes, worker);
    Deliver(delivery, hashes, worker, sink);
    ++line;
    ++worker.rows_by_shape;
    row = tail + fields.line_end + 1;
  }
  return static_cast<std::size_t>(row - begin);
}

// Fills `hashes` in place: a returned RowHashes was copied into the ring
// sixteen bytes at a time, each copy spanning several of the field stores
// just made, and waited for them to retire (3 % of the stream's time).
void DeliveryRows::PrefetchLookups(const CsvRecord& record, RowHashes& hashes) const {
  const std::string_view id = record.fields[*c_.id.index];
  hashes.supplier = lookups_.supplier_ids.Prepare(record.fields[*c_.supplier.index]);
  hashes.material = lookups_.material_ids.Prepare(record.fields[*c_.material.index]);
  hashes.id =
      lookups_.delivery_id_form != nullptr ? lookups_.delivery_id_form->NumberOf(id) : core::NumberedIdForm::kOtherForm;
  hashes.id_numbered = hashes.id != core::NumberedIdForm::kOtherForm;
  if (!hashes.id_numbered) {
    hashes.id = HashId(id);
    lookups_.referenced_slots.PrefetchRare(hashes.id);
  }
}

}  // namespace supeval::io::dataset
