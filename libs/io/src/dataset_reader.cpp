// Reading and validating the interchange CSV folder into core records.
#include "supeval/io/dataset_reader.hpp"

#include "dataset_reader_probe.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <sys/mman.h>

#include "byte_scan.hpp"
#include "delivery_blocks.hpp"
#include "id_index.hpp"
#include "row_reader.hpp"
#include "row_shape.hpp"
#include "seen_ids.hpp"
#include "sheet_folder.hpp"
#include "supeval/core/reading/numbered_id.hpp"
#include "supeval/core/reading/padded_decimal.hpp"
#include "supeval/core/reading/sparse_numbers.hpp"
#include "supeval/core/threads.hpp"
#include "supeval/io/contracts_reader.hpp"
#include "supeval/io/csv_reader.hpp"
#include "supeval/io/xlsx_reader.hpp"
#include "text_check.hpp"

namespace supeval::io {

using core::Date;
using core::Decimal;
using core::Index;
using core::kNoIndex;

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

namespace {

constexpr std::array<EnumName<core::MaterialKind>, 2> kMaterialKinds{
    {{"purchased", core::MaterialKind::kPurchased}, {"raw", core::MaterialKind::kRaw}}};
constexpr std::array<EnumName<core::DeliveryType>, 2> kDeliveryTypes{
    {{"series", core::DeliveryType::kSeries}, {"sample", core::DeliveryType::kSample}}};
constexpr std::array<EnumName<core::ComplaintType>, 3> kComplaintTypes{
    {{"complaint", core::ComplaintType::kComplaint},
     {"notification", core::ComplaintType::kNotification},
     {"sample", core::ComplaintType::kSample}}};
constexpr std::array<EnumName<bool>, 2> kOpenClosed{{{"open", true}, {"closed", false}}};
constexpr std::array<EnumName<bool>, 2> kWorking{{{"1", true}, {"0", false}}};
constexpr std::array<EnumName<bool>, 2> kQz3Modes{{{"evaluate", false}, {"exempt", true}}};
constexpr std::array<EnumName<core::HoldReason>, 2> kHoldReasons{
    {{"quality", core::HoldReason::kQuality}, {"delivery", core::HoldReason::kDelivery}}};
constexpr std::array<EnumName<bool>, 1> kHoldStatuses{{{"new_business_hold", true}}};
constexpr std::array<EnumName<bool>, 5> kUnits{{{"pc", true}, {"kg", true}, {"m", true}, {"m2", true}, {"l", true}}};
constexpr std::array<std::string_view, 7> kDayNames{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::optional<int> DayIndex(std::string_view text) {
  std::string lower;
  for (const char c : text) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (std::size_t i = 0; i < kDayNames.size(); ++i) {
    if (lower == kDayNames[i]) return static_cast<int>(i);
  }
  return std::nullopt;
}

// "Mon-Fri", "Mon-Sat", "Sun-Thu", "Mon,Tue,Thu", "Mon-Wed,Fri".
std::optional<core::WorkWeek> ParseWorkWeek(std::string_view text) {
  core::WorkWeek week = 0;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const std::size_t dash = part.find('-');
    const auto first = DayIndex(part.substr(0, dash));
    const auto last = dash == std::string_view::npos ? first : DayIndex(part.substr(dash + 1));
    if (!first || !last) return std::nullopt;
    for (int day = *first;; day = (day + 1) % 7) {
      week = static_cast<core::WorkWeek>(week | (1U << day));
      if (day == *last) break;
    }
  }
  if (week == 0) return std::nullopt;
  return week;
}

// Remembers the dates read from a column: a delivery file repeats the few
// hundred days of its period in every row, so most parses become one
// comparison.
class DateCache {
 public:
  // Parses `text` as Date::Parse does; false when it is not a date. The
  // texts of recently parsed dates are direct-mapped by a hash of their
  // bytes. (The date comes back through `date` rather than as an optional:
  // an optional is written as two stores and read back as one load, which
  // the processor cannot forward from the stores and waits for, and this
  // runs twice a row.)
  bool Parse(std::string_view text, Date& date) {
    if (text.size() != kDateLength) return Store(Date::Parse(text), date);
    std::uint64_t tail = 0;  // "YY-MM-DD" of "YYYY-MM-DD"
    std::uint16_t head = 0;  // "YY"
    std::memcpy(&tail, text.data() + 2, sizeof tail);
    std::memcpy(&head, text.data(), sizeof head);
    Entry& entry = entries_[(tail * 0x9E3779B97F4A7C15ULL) >> (64 - kIndexBits)];
    if (entry.valid && entry.tail == tail && entry.head == head) {
      date = entry.date;
      return true;
    }
    const auto parsed = Date::Parse(text);
    if (parsed) entry = Entry{tail, head, true, *parsed};
    return Store(parsed, date);
  }

 private:
  static constexpr std::size_t kDateLength = 10;
  static constexpr int kIndexBits = 8;
  struct Entry {
    std::uint64_t tail = 0;
    std::uint16_t head = 0;
    bool valid = false;
    Date date;
  };

  static bool Store(std::optional<Date> parsed, Date& date) {
    if (parsed) date = *parsed;
    return parsed.has_value();
  }

  std::array<Entry, std::size_t{1} << kIndexBits> entries_{};
};

// Whether every field of `record` is UTF-8 text (RowReader names those
// that are not). Most records are plain: that test is inline, on every row.
[[gnu::noinline]] bool FieldsAreText(const CsvRecord& record) {
  return std::all_of(record.fields.begin(), record.fields.end(),
                     [](std::string_view field) { return CheckText(field) == TextProblem::kNone; });
}
inline bool IsText(const CsvRecord& record) { return record.plain || FieldsAreText(record); }

const FileSpec kSuppliers{"suppliers.csv", true, {"supplier_id", "name"}, {"country", "qz3"}};
const FileSpec kPlants{"plants.csv", true, {"plant_id", "name"}, {"workweek", "company"}};
const FileSpec kCalendar{"calendar.csv", false, {"plant_id", "date", "working"}, {"note"}};
const FileSpec kMaterials{"materials.csv", true, {"material_id", "commodity", "unit", "kind"}, {}};
const FileSpec kDeliveries{
    "deliveries.csv",
    true,
    {"delivery_id", "supplier_id", "plant_id", "material_id", "due_date", "due_qty", "receipt_date", "received_qty"},
    {"type"}};
const FileSpec kComplaints{"complaints.csv",
                           false,
                           {"complaint_id", "supplier_id", "plant_id", "date", "type", "justified", "status"},
                           {"delivery_id", "material_id", "defect", "rejected_qty", "affected_qty", "returned_on",
                            "confirmed_qty", "confirmed_on"}};
const FileSpec kCertifications{"certifications.csv", false, {"supplier_id", "standard", "valid_from", "valid_to"}, {}};
const FileSpec kHolds{"holds.csv", false, {"supplier_id", "status", "reason", "imposed_on"}, {"withdrawn_on"}};

// The columns of deliveries.csv, resolved once per file.
struct DeliveryColumns {
  Column id, supplier, plant, material, due_date, due_qty, receipt_date, received_qty, type;
};

Column ResolveColumn(const ColumnMap& columns, std::string_view name) { return {name, columns.Find(name)}; }

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
  core::SparseNumbers::Cursor referenced;  // in DatasetReader's referenced_numbers
  DateCache due_dates;
  DateCache receipt_dates;
  std::uint64_t rows_by_shape = 0;  // rows read by the row shape (ReadRowsByShape)
  // Blocks cut at line ends only: each block read, in turn, and whether a
  // quote was met (the cuts may then be wrong: the file is read again).
  std::vector<BlockLines> blocks;
  bool quote_met = false;
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

std::uint64_t CountNewlines(std::string_view text) { return detail::CountByte(text, '\n'); }

// Faults in the pages of the unused capacity of `records` on another thread
// while the caller fills it (Linux 5.14 and later; elsewhere the pages fault
// in one by one as they are first written). The 88,000 complaints of a large
// data set are 17 MB of fresh memory, and faulting it in page by page was a
// third of adding them, on one thread while the other core waited.
template <class Record>
class CapacityPrefault {
 public:
  explicit CapacityPrefault(const std::vector<Record>& records) {
#if defined(MADV_POPULATE_WRITE)
    constexpr std::uintptr_t kPage = 4096;
    constexpr std::size_t kWorthAThread = std::size_t{1} << 20;
    const auto begin = (reinterpret_cast<std::uintptr_t>(records.data() + records.size()) + kPage - 1) & ~(kPage - 1);
    const auto end = reinterpret_cast<std::uintptr_t>(records.data() + records.capacity()) & ~(kPage - 1);
    if (end <= begin || end - begin < kWorthAThread) return;
    helper_.emplace([begin, end] {
      // A hint: when refused (EINVAL before 5.14), the pages fault in as written.
      static_cast<void>(::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE));
    });
#endif
  }
  CapacityPrefault(const CapacityPrefault&) = delete;
  CapacityPrefault& operator=(const CapacityPrefault&) = delete;

 private:
  std::optional<core::Beside> helper_;  // waited for as it goes
};

}  // namespace

// ---------------------------------------------------------------------------
// Reader

struct DatasetReader::Impl {
  std::filesystem::path directory;  // read: the CSV folder (a workbook's once written)
  std::filesystem::path source;     // as given: the folder or the workbook
  std::optional<SheetFolder> sheets;
  const core::RuleSet& rules;
  Diagnostics diagnostics;
  core::MasterData master;
  IdIndex supplier_ids, plant_ids, material_ids, complaint_ids;
  // The deliveries that complaints name: looked up while complaints are read,
  // and in the stream only for ids that are not numbered (behind a filter).
  IdIndex referenced_slots{IdIndex::RarelyLookedUp{}};
  std::vector<std::uint64_t> supplier_lines, plant_lines, material_lines, complaint_lines;  // by index
  std::vector<Index> complaint_slots;  // by complaint: the slot of the delivery it names, or kNoIndex
  std::set<std::string> known_standards;
  // The numbered form of the first delivery id, if it has one (SeenIds).
  std::optional<core::NumberReader> delivery_id_form;
  std::optional<RowShape> row_shape;  // of deliveries.csv, when its rows have one
  bool rows_by_shape_allowed = true;
  std::uint64_t rows_by_shape = 0;  // of the last stream
  bool cut_at_line_ends = false;    // the last stream read the file cut at line ends
  bool deliveries_listed = true;    // deliveries.csv could be read (see IdIndex::listed)
  bool read_again = false;          // the last stream's first read met a quote
  // Deliveries named by other files than complaints.csv (NameDelivery):
  // after the stream, by slot, whether each was found and its material.
  bool deliveries_named_elsewhere = false;
  std::vector<std::uint8_t> named_found;
  std::vector<Index> named_materials;
  core::SparseNumbers referenced_numbers;  // of delivery_id_form, when the file has one
  [[nodiscard]] const core::NumberReader* DeliveryIdForm() const {
    return delivery_id_form ? &*delivery_id_form : nullptr;
  }

  Impl(std::filesystem::path dir, const core::RuleSet& rule_set)
      : directory(dir), source(std::move(dir)), rules(rule_set) {
    for (const core::CertificationRow& row : rules.certification_rows) {
      for (const auto& group : row.all_of) known_standards.insert(group.begin(), group.end());
    }
  }

  std::string DisplayName(const FileSpec& spec) const { return (directory / spec.name).string(); }

  std::optional<HeadedFile> OpenWithHeader(const FileSpec& spec, Diagnostics& sink) const {
    return io::OpenWithHeader(directory / spec.name, DisplayName(spec), spec, sink);
  }

  // Opens a file, maps its header and calls `read_row` for each record, with
  // row problems going to `sink`. False when the file was not read: it is
  // missing (which ReadMasterData reports for a required file), or its
  // header's problems (in `sink`) leave nothing to read.
  template <class RowFunction>
  bool ReadFile(const FileSpec& spec, Diagnostics& sink, RowFunction read_row) {
    std::error_code error;
    if (!std::filesystem::exists(directory / spec.name, error)) return false;
    auto file = OpenWithHeader(spec, sink);
    if (!file) return false;
    const auto refused = [&](const CsvRecord& record) { NoteRefusedRecord(spec, record, file->columns); };
    ForEachRow([&](CsvRecord& record) { return file->reader.Next(record); }, DisplayName(spec), file->columns, sink,
               read_row, refused);
    return true;
  }

  // Delivery ids are checked while streaming on runs of numbers and 8-byte
  // fingerprints (SeenIds); only when the check finds a fingerprint twice is
  // the file read again to compare the ids exactly and name the lines (a
  // repeat, or a harmless collision of fingerprints).
  void ReportDuplicateDeliveries(const std::unordered_set<std::uint64_t>& colliding) {
    if (colliding.empty()) return;
    std::unordered_map<std::string, std::uint64_t> first_line;
    const std::string display = DisplayName(kDeliveries);
    Diagnostics already_reported;  // row problems were diagnosed in the first pass
    ReadFile(kDeliveries, already_reported, [&](RowReader& row) {
      const auto id = row.Text("delivery_id", false);
      if (!id || colliding.count(SeenIds::Fingerprint(DeliveryIdForm(), *id, HashId(*id))) == 0) return;
      const auto [first, inserted] = first_line.try_emplace(std::string(*id), row.line());
      if (!inserted) {
        diagnostics.Add(core::BadInput(DuplicateId(*id, first->second), {display, row.line(), "delivery_id"}));
      }
    });
  }

  // Validates one deliveries.csv row and hands it to `sink`.
  void ReadDeliveryRow(RowReader& row, const DeliveryColumns& c, const RowHashes& hashes, DeliveryWorker& worker,
                       const DeliverySink& sink) const {
    core::Delivery delivery;
    const auto id = row.Text(c.id, true);
    delivery.supplier = row.ReadReference(c.supplier, supplier_ids, "supplier", true, hashes.supplier);
    delivery.plant = row.ReadReference(c.plant, plant_ids, "plant", true);
    delivery.material = row.ReadReference(c.material, material_ids, "material", true, hashes.material);
    const auto due_date = row.ReadDate(c.due_date, true);
    const auto due_qty = row.ReadDecimal(c.due_qty, true);
    if (due_qty && due_qty->micros() == 0) {
      row.Fail(c.due_qty.name, "'" + std::string(*row.Text(c.due_qty, true)) + "' must be greater than 0");
    }
    const auto receipt_date = row.ReadDate(c.receipt_date, true);
    const auto received_qty = row.ReadDecimal(c.received_qty, true);
    const auto type = row.ReadEnum(c.type, kDeliveryTypes, false);
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
  static void NoteId(std::string_view id, const RowHashes& hashes, DeliveryWorker& worker) {
    if (hashes.id_numbered) worker.seen_ids.AddNumber(hashes.id);
    else worker.seen_ids.Add(id, hashes.id);
  }

  void Deliver(core::Delivery& delivery, const RowHashes& hashes, DeliveryWorker& worker,
               const DeliverySink& sink) const {
    delivery.referenced_slot = NoteNamed(delivery.id, hashes, worker);
    if (delivery.referenced_slot != kNoIndex && !worker.slot_material.empty()) {
      worker.slot_material[delivery.referenced_slot] = delivery.material;
    }
    if (sink) sink(delivery);
  }

  // Keeps what the stream found of the deliveries named by slot, for
  // FindNamedDelivery; a material from the worker that found the row.
  void KeepNamedDeliveries(std::vector<std::uint8_t> slot_found, const std::vector<DeliveryWorker>& workers) {
    named_found = std::move(slot_found);
    named_materials.assign(deliveries_named_elsewhere ? named_found.size() : 0, kNoIndex);
    for (const DeliveryWorker& worker : workers) {
      for (std::size_t slot = 0; slot < worker.slot_material.size(); ++slot) {
        if (worker.slot_material[slot] != kNoIndex) named_materials[slot] = worker.slot_material[slot];
      }
    }
  }

  // Notes that the delivery `id` is in the file, for the complaints that
  // name it; returns its slot among the named deliveries, or kNoIndex.
  Index NoteNamed(std::string_view id, const RowHashes& hashes, DeliveryWorker& worker) const {
    if (referenced_slots.size() == 0) return kNoIndex;
    const Index slot = hashes.id_numbered ? worker.referenced.Find(referenced_numbers, hashes.id)
                                          : referenced_slots.FindRare(id, hashes.id);
    if (slot != kNoIndex) worker.slot_found[slot] = 1;
    return slot;
  }

  // A record of deliveries.csv refused before its fields were read (a wrong
  // number of fields, malformed quoting): its id, where it has one, still
  // counts for the complaints that name it.
  void NoteRefusedDelivery(const CsvRecord& record, const DeliveryColumns& c, DeliveryWorker& worker) const {
    if (referenced_slots.size() == 0 || *c.id.index >= record.fields.size()) return;
    const std::string_view id = record.fields[*c.id.index];
    if (id.empty() || CheckText(id) != TextProblem::kNone) return;
    RowHashes hashes;
    hashes.id = delivery_id_form ? delivery_id_form->NumberOf(id) : core::NumberedIdForm::kOtherForm;
    hashes.id_numbered = hashes.id != core::NumberedIdForm::kOtherForm;
    if (!hashes.id_numbered) hashes.id = HashId(id);
    NoteNamed(id, hashes, worker);
  }

  // The texts of a row's values after its ids.
  struct ValueTexts {
    std::string_view due_date, due_qty, receipt_date, received_qty, type;
  };

  // Reads the values of a valid row into `delivery`, for the two direct
  // paths (ReadValidDeliveryRow, ReadRowsByShape); false when one is not
  // valid, and the general path then names it. `quantity(text, value)` reads
  // a quantity.
  template <class QuantityReader>
  static bool ReadValidValues(const ValueTexts& values, const QuantityReader& quantity, DeliveryWorker& worker,
                              core::Delivery& delivery) {
    if (!worker.due_dates.Parse(values.due_date, delivery.due_date) ||
        !worker.receipt_dates.Parse(values.receipt_date, delivery.receipt_date) ||
        !quantity(values.due_qty, delivery.due_qty) || !quantity(values.received_qty, delivery.received_qty) ||
        delivery.due_qty.micros() == 0) {
      return false;
    }
    if (values.type.empty()) return true;
    if (Is(values.type, "sample")) delivery.type = core::DeliveryType::kSample;
    else if (!Is(values.type, "series")) return false;
    return true;
  }

  // Most rows are valid: they are read here directly, without the bookkeeping
  // that names problems. A row this rejects is read again by ReadDeliveryRow,
  // which finds and names what is wrong; so this path decides nothing alone.
  bool ReadValidDeliveryRow(std::string_view block, const CsvRecord& record, const DeliveryColumns& c,
                            const RowHashes& hashes, DeliveryWorker& worker, const DeliverySink& sink) const {
    const auto field = [&](const Column& column) { return record.fields[*column.index]; };
    // Fields of the block are followed by kBlockPadding readable bytes; those
    // of a quoted record are copies elsewhere.
    const auto quantity = [&](std::string_view text, core::Decimal& value) {
      const bool in_block = text.data() >= block.data() && text.data() + text.size() <= block.data() + block.size();
      return in_block ? core::ParseDecimalPadded(text, value) : core::ParseDecimal(text, value);
    };
    if (!IsText(record)) return false;
    core::Delivery delivery;
    delivery.id = field(c.id);
    if (delivery.id.empty()) return false;
    delivery.supplier = supplier_ids.FindPrepared(field(c.supplier), hashes.supplier);
    delivery.plant = plant_ids.Find(field(c.plant));
    delivery.material = material_ids.FindPrepared(field(c.material), hashes.material);
    if (delivery.supplier == kNoIndex || delivery.plant == kNoIndex || delivery.material == kNoIndex) return false;
    const ValueTexts values{field(c.due_date), field(c.due_qty), field(c.receipt_date), field(c.received_qty),
                            c.type.index ? field(c.type) : std::string_view()};
    if (!ReadValidValues(values, quantity, worker, delivery)) return false;
    NoteId(delivery.id, hashes, worker);
    Deliver(delivery, hashes, worker, sink);
    return true;
  }

  // Whether the id lookups of a delivery row read tables too large for the
  // cache: hash tables of ids that are not numbered, and the filter for
  // delivery ids named by complaints when those ids are not numbered.
  // Numbered ids are found by their number alone (a table that fits the
  // cache, or none when the master file lists them in order).
  [[nodiscard]] bool LookupsReadLargeTables() const {
    return !supplier_ids.numbered() || !material_ids.numbered() || !delivery_id_form;
  }

  // Rows are read kAhead ahead of their validation, and the id lookups of the
  // rows ahead are prefetched: a large hash table does not fit in the cache,
  // and waiting for one row's lookups at a time dominates. Where no lookup
  // reads a large table (LookupsReadLargeTables), kAhead is 0: keeping rows in
  // a ring cost 5 % of the time for nothing.
  template <std::size_t kAhead>
  void ParseDeliveryBlock(const DeliveryBlock& block, const std::string& display, const ColumnMap& columns,
                          const DeliveryColumns& c, DeliveryWorker& worker, const DeliverySink& sink) const {
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
        auto next = parser.Next(record, display);
        if (!next.ok()) {  // a malformed record, which ends at its line's end
          worker.diagnostics.Add(next.error());
          NoteRefusedDelivery(record, c, worker);
          continue;
        }
        if (!*next) {
          more = false;
          break;
        }
        if (record.fields.size() == columns.width()) PrefetchLookups(record, c, ring_hashes[parsed % ring.size()]);
        ++parsed;
      }
      if (done == parsed) return;
      const CsvRecord& record = ring[done % ring.size()];
      ReadRecord(block.text(), record, ring_hashes[done++ % ring.size()], display, columns, c, worker, sink);
    }
  }

  // One record of deliveries.csv: a valid row to `sink`, a bad one's
  // problems to the worker's diagnostics.
  void ReadRecord(std::string_view block, const CsvRecord& record, const RowHashes& hashes, const std::string& display,
                  const ColumnMap& columns, const DeliveryColumns& c, DeliveryWorker& worker,
                  const DeliverySink& sink) const {
    if (record.fields.size() != columns.width()) {
      worker.diagnostics.Add(WrongWidth(display, record, columns.width()));
      NoteRefusedDelivery(record, c, worker);
      return;
    }
    if (ReadValidDeliveryRow(block, record, c, hashes, worker, sink)) return;
    RowReader row(display, record, columns, worker.diagnostics);
    ReadDeliveryRow(row, c, hashes, worker, sink);
  }

  // How far ahead of a row read by shape its block's text is prefetched.
  static constexpr std::size_t kPrefetchAhead = 2048;

  // Records the general path reads after a row the row shape cannot read,
  // before the shape is tried again: a parser is set up for each such
  // stretch (it lists the separators of 4 KB at a time), so not for one.
  static constexpr std::size_t kGeneralStretch = 64;

  // A block whose rows mostly have the row shape: they are read by it, and
  // from each row it cannot read (another shape, or a problem to name) a
  // stretch of records by the general path, as ParseDeliveryBlock reads them.
  // Returns the line after the block's last record. Rows of the shape hold
  // no quote; the worker notes one met in a stretch (quote_met).
  std::uint64_t ParseDeliveryBlockByShape(const DeliveryBlock& block, const std::string& display,
                                          const ColumnMap& columns, const DeliveryColumns& c, DeliveryWorker& worker,
                                          const DeliverySink& sink) const {
    std::string_view text = block.text();
    std::uint64_t line = block.first_line();
    for (;;) {
      text.remove_prefix(ReadRowsByShape(text, line, worker, sink));
      if (text.empty()) return line;
      CsvBlockParser parser(text, line);
      const bool block_ended = ReadGeneralStretch(block.text(), parser, display, columns, c, worker, sink);
      if (std::memchr(text.data(), '"', parser.position()) != nullptr) worker.quote_met = true;
      text.remove_prefix(parser.position());
      line = parser.line();
      if (block_ended) return line;
    }
  }

  // Up to kGeneralStretch records from `parser` on `block`, as
  // ParseDeliveryBlock reads them; true when the block ended.
  bool ReadGeneralStretch(std::string_view block, CsvBlockParser& parser, const std::string& display,
                          const ColumnMap& columns, const DeliveryColumns& c, DeliveryWorker& worker,
                          const DeliverySink& sink) const {
    CsvRecord record;
    for (std::size_t read = 0; read < kGeneralStretch; ++read) {
      auto next = parser.Next(record, display);
      if (!next.ok()) {  // a malformed record (it takes a quote), which ends at its line's end
        worker.diagnostics.Add(next.error());
        NoteRefusedDelivery(record, c, worker);
        worker.quote_met = true;
        continue;
      }
      if (!*next) return true;
      RowHashes hashes;
      if (record.fields.size() == columns.width()) PrefetchLookups(record, c, hashes);
      ReadRecord(block, record, hashes, display, columns, c, worker, sink);
    }
    return false;
  }

  // The shape of the rows (RowShape), learned from the first record, where
  // the columns are in the order an export writes them and every id is
  // numbered: otherwise, or where the processor cannot check shapes, all rows
  // go through the general path.
  void LearnRowShape(std::string_view text, const ColumnMap& columns, const DeliveryColumns& c) {
    row_shape.reset();
    if (!rows_by_shape_allowed || !RowShape::Supported()) return;
    const std::array<const Column*, 9> in_order{&c.id,      &c.supplier,     &c.plant,        &c.material, &c.due_date,
                                                &c.due_qty, &c.receipt_date, &c.received_qty, &c.type};
    if (columns.width() != in_order.size()) return;
    for (std::size_t i = 0; i < in_order.size(); ++i) {
      if (!in_order[i]->index || *in_order[i]->index != i) return;
    }
    if (!delivery_id_form || !supplier_ids.numbered() || !plant_ids.numbered() || !material_ids.numbered()) return;
    // A row of the shape is text when the delivery id's prefix is (the other
    // prefixes are those of master ids, checked as they were read; the rest
    // is digits, separators, and values read strictly).
    if (CheckText(delivery_id_form->form().prefix) != TextProblem::kNone) return;
    row_shape = RowShape::Learn(text, {&delivery_id_form->form(), &supplier_ids.number_reader().form(),
                                       &plant_ids.number_reader().form(), &material_ids.number_reader().form()});
  }

  // Reads the rows of `block` from its start on that have the row shape, as
  // ReadValidDeliveryRow reads them; stops before the first that has not, or
  // that is not valid (the general path reads that one and names its
  // problems). Returns the bytes read; `line` and the worker's rows_by_shape
  // count the rows.
  std::size_t ReadRowsByShape(std::string_view block, std::uint64_t& line, DeliveryWorker& worker,
                              const DeliverySink& sink) const {
    const RowShape& shape = *row_shape;
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
      delivery.supplier = supplier_ids.FindByNumber(shape.IdNumber(row, 1));
      delivery.plant = plant_ids.FindByNumber(shape.IdNumber(row, 2));
      delivery.material = material_ids.FindByNumber(shape.IdNumber(row, 3));
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

  // The numbered form of the id in the first record of `text` (the file after
  // its header), if the record is whole and its id numbered.
  static std::optional<core::NumberReader> FirstIdForm(std::string_view text, const ColumnMap& columns,
                                                       const DeliveryColumns& c) {
    CsvBlockParser parser(text.substr(0, FindLastRecordEnd(text)), 0);
    CsvRecord record;
    const auto next = parser.Next(record, "");
    if (!next.ok() || !*next || record.fields.size() != columns.width()) return std::nullopt;
    const auto form = core::NumberedIdForm::Of(record.fields[*c.id.index]);
    if (!form) return std::nullopt;
    return core::NumberReader(*form);
  }

  // Fills `hashes` in place: a returned RowHashes was copied into the ring
  // sixteen bytes at a time, each copy spanning several of the field stores
  // just made, and waited for them to retire (3 % of the stream's time).
  void PrefetchLookups(const CsvRecord& record, const DeliveryColumns& c, RowHashes& hashes) const {
    const std::string_view id = record.fields[*c.id.index];
    hashes.supplier = supplier_ids.Prepare(record.fields[*c.supplier.index]);
    hashes.material = material_ids.Prepare(record.fields[*c.material.index]);
    hashes.id = delivery_id_form ? delivery_id_form->NumberOf(id) : core::NumberedIdForm::kOtherForm;
    hashes.id_numbered = hashes.id != core::NumberedIdForm::kOtherForm;
    if (!hashes.id_numbered) {
      hashes.id = HashId(id);
      referenced_slots.PrefetchRare(hashes.id);
    }
  }

  // The delivery ids that complaints name, by slot.
  std::vector<std::string_view> ReferencedIds() const {
    std::vector<std::string_view> ids(referenced_slots.size());
    for (std::size_t slot = 0; slot < ids.size(); ++slot) ids[slot] = referenced_slots.Key(static_cast<Index>(slot));
    return ids;
  }

  // Reads deliveries.csv in blocks of whole records; one worker per sink
  // parses them (the calling thread itself when there is one sink). Where
  // `may_cut_at_line_ends` and the rows have a shape, blocks are cut at line
  // ends (BlockCuts::kAtLineEnds): then the workers' blocks are listed for
  // PlaceLines, and at a quote they stop and the result is kQuoteMet (the
  // file must be read again, cut at record ends).
  enum class FileRead { kWhole, kQuoteMet };
  core::Result<FileRead> StreamDeliveryFile(std::span<const DeliverySink> sinks, std::vector<DeliveryWorker>& workers,
                                            bool may_cut_at_line_ends, std::uint64_t& first_line) {
    const std::string display = DisplayName(kDeliveries);
    std::error_code error;
    std::optional<HeadedFile> file;
    // A missing deliveries.csv is reported with the other missing files.
    if (std::filesystem::exists(directory / kDeliveries.name, error)) file = OpenWithHeader(kDeliveries, diagnostics);
    if (!file) {
      deliveries_listed = false;
      return FileRead::kWhole;
    }
    CsvReader& reader = file->reader;
    const ColumnMap& columns = file->columns;
    const DeliveryColumns c{ResolveColumn(columns, "delivery_id"),  ResolveColumn(columns, "supplier_id"),
                            ResolveColumn(columns, "plant_id"),     ResolveColumn(columns, "material_id"),
                            ResolveColumn(columns, "due_date"),     ResolveColumn(columns, "due_qty"),
                            ResolveColumn(columns, "receipt_date"), ResolveColumn(columns, "received_qty"),
                            ResolveColumn(columns, "type")};
    std::string buffered = reader.TakeBuffered(first_line);
    delivery_id_form = FirstIdForm(buffered, columns, c);
    LearnRowShape(buffered, columns, c);
    for (DeliveryWorker& worker : workers) worker.seen_ids = SeenIds(DeliveryIdForm());
    referenced_numbers =
        delivery_id_form ? core::SparseNumbers(*delivery_id_form, ReferencedIds()) : core::SparseNumbers();

    const BlockCuts cuts = may_cut_at_line_ends && row_shape ? BlockCuts::kAtLineEnds : BlockCuts::kAtRecordEnds;
    DeliveryBlockReader blocks(reader.file(), std::move(buffered), first_line, DeliveryBlockReader::kDefaultBlockBytes,
                               true, cuts);
    const bool read_ahead = LookupsReadLargeTables();
    std::atomic<bool> quote_met = false;
    const auto work = [&](std::size_t w) {
      DeliveryWorker& worker = workers[w];
      DeliveryBlock block;
      while (!quote_met.load(std::memory_order_relaxed) && blocks.Next(block)) {
        if (row_shape) {
          const std::uint64_t lines = ParseDeliveryBlockByShape(block, display, columns, c, worker, sinks[w]);
          if (cuts == BlockCuts::kAtLineEnds) {
            worker.blocks.push_back({block.sequence(), lines, worker.diagnostics.errors().size()});
            if (worker.quote_met) quote_met.store(true, std::memory_order_relaxed);
          }
        } else if (read_ahead) {
          ParseDeliveryBlock<CsvBlockParser::kLookAhead - 1>(block, display, columns, c, worker, sinks[w]);
        } else {
          ParseDeliveryBlock<0>(block, display, columns, c, worker, sinks[w]);
        }
      }
    };
    core::RunInParallel(sinks.size(), work);
    if (blocks.failed()) return core::Internal("read error in " + display);
    cut_at_line_ends = cuts == BlockCuts::kAtLineEnds;
    return quote_met ? FileRead::kQuoteMet : FileRead::kWhole;
  }

  // Blocks cut at line ends numbered their lines from 0: each worker's kept
  // errors are moved to the file's lines, by the lines of the blocks before
  // theirs (`first_line`: that of the first block).
  static void PlaceLines(std::vector<DeliveryWorker>& workers, std::uint64_t first_line) {
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
  void MergeWorkers(const std::vector<DeliveryWorker>& workers) {
    std::uint64_t count = 0;
    std::vector<core::Error> errors;
    for (const DeliveryWorker& worker : workers) {
      count += worker.diagnostics.count();
      errors.insert(errors.end(), worker.diagnostics.errors().begin(), worker.diagnostics.errors().end());
    }
    std::stable_sort(errors.begin(), errors.end(),
                     [](const core::Error& a, const core::Error& b) { return a.location.line < b.location.line; });
    for (core::Error& error : errors) diagnostics.Add(std::move(error));
    diagnostics.CountMore(count - errors.size());
  }

  // Sizes the record vectors and id indexes from the files' line counts
  // before reading, so a large file is not read into a vector that doubles
  // (and briefly holds two copies) or an index rehashed as it grows.
  void ReserveComplaintIndexes(std::size_t rows) {
    complaint_slots.reserve(rows);
    complaint_ids.Reserve(rows);
    referenced_slots.Reserve(rows);
    // Most complaints name a delivery: grown by doubling instead, the list
    // was left over a third empty and shrunk by TakeMasterData, a copy of 2.6 MB.
    master.referenced_delivery_ids.reserve(rows);
  }

  void ReserveFor(const FileSpec& spec) { ReserveFor(spec, CountLines(directory / spec.name)); }
  void ReserveFor(const FileSpec& spec, std::size_t rows) {
    if (&spec == &kSuppliers) {
      master.suppliers.reserve(rows);
      supplier_ids.Reserve(rows);
    }
    if (&spec == &kMaterials) {
      master.materials.reserve(rows);
      material_ids.Reserve(rows);
    }
    if (&spec == &kComplaints) {
      master.complaints.reserve(rows);
      ReserveComplaintIndexes(rows);
    }
    if (&spec == &kCertifications) master.certifications.reserve(rows);
  }

  // One master file: how to read its rows, and what reading it found.
  struct MasterFile {
    MasterFile(const FileSpec* file_spec, std::function<void(RowReader&)> row_reader)
        : spec(file_spec), read_row(std::move(row_reader)) {}
    const FileSpec* spec;
    std::function<void(RowReader&)> read_row;
    Diagnostics diagnostics;
  };

  void ReadMasterFile(MasterFile& file, std::size_t threads = 1) {
    if (threads > 1 && file.spec == &kComplaints && ReadComplaintsInHalves(file)) return;
    ReserveFor(*file.spec);
    IdIndex* ids = ListedIds(*file.spec);
    if (!ReadFile(*file.spec, file.diagnostics, file.read_row) && ids != nullptr) ids->MarkUnlisted();
    // The ids a file defines are complete once it is read: their indexes
    // may choose their fastest lookup.
    if (ids != nullptr) ids->Seal();
  }

  [[nodiscard]] const IdIndex& Listing(IdFile file) const {
    switch (file) {
      case IdFile::kSuppliers:
        return supplier_ids;
      case IdFile::kPlants:
        return plant_ids;
      case IdFile::kMaterials:
        break;
    }
    return material_ids;
  }

  // The ids that `spec`'s file lists for other files to refer to, if any.
  IdIndex* ListedIds(const FileSpec& spec) {
    if (&spec == &kSuppliers) return &supplier_ids;
    if (&spec == &kPlants) return &plant_ids;
    if (&spec == &kMaterials) return &material_ids;
    return nullptr;
  }

  // A refused row's id still counts as known (the list of problems is the
  // true list: a row naming it is not reported as naming an unknown id). Its
  // record is a placeholder: master data with problems is never evaluated or
  // stored.
  template <class Record>
  static void AddRefusedId(IdIndex& ids, std::vector<std::uint64_t>& lines, std::vector<Record>& records,
                           std::string_view id, std::uint64_t line) {
    AddId(ids, lines, id, line);
    records.emplace_back().id = std::string(id);
  }

  // A record of a master file refused before its fields were read (a wrong
  // number of fields, malformed quoting): its id, where it has one that is
  // new, counts as known all the same (AddRefusedId).
  void NoteRefusedRecord(const FileSpec& spec, const CsvRecord& record, const ColumnMap& columns) {
    const auto note = [&](std::string_view id_column, IdIndex& ids, std::vector<std::uint64_t>& lines, auto& records) {
      const auto position = columns.Find(id_column);
      if (!position || *position >= record.fields.size()) return;
      const std::string_view id = record.fields[*position];
      if (id.empty() || CheckText(id) != TextProblem::kNone || ids.Find(id) != kNoIndex) return;
      AddRefusedId(ids, lines, records, id, record.line);
    };
    if (&spec == &kSuppliers) note("supplier_id", supplier_ids, supplier_lines, master.suppliers);
    if (&spec == &kPlants) note("plant_id", plant_ids, plant_lines, master.plants);
    if (&spec == &kMaterials) note("material_id", material_ids, material_lines, master.materials);
  }

  static std::size_t CountLines(const std::filesystem::path& path) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return 0;
    std::vector<char> buffer(1 << 16);
    std::size_t lines = 0;
    for (std::size_t read; (read = std::fread(buffer.data(), 1, buffer.size(), file)) > 0;) {
      lines += CountNewlines(std::string_view(buffer.data(), read));
    }
    std::fclose(file);
    return lines;
  }

  static void AddId(IdIndex& ids, std::vector<std::uint64_t>& lines, std::string_view id, std::uint64_t line) {
    ids.Insert(id);
    lines.push_back(line);
  }

  void ReadSupplier(RowReader& row) {
    const auto id = row.ReadNewId("supplier_id", supplier_ids, supplier_lines);
    const auto name = row.Text("name", true);
    const auto country = row.Text("country", false);
    const auto exempt = row.ReadEnum("qz3", kQz3Modes, false);
    if (!row.ok()) {
      if (id) AddRefusedId(supplier_ids, supplier_lines, master.suppliers, *id, row.line());
      return;
    }
    AddId(supplier_ids, supplier_lines, *id, row.line());
    master.suppliers.push_back(
        {std::string(*id), std::string(*name), std::string(country.value_or("")), exempt.value_or(false)});
  }

  void ReadPlant(RowReader& row) {
    const auto id = row.ReadNewId("plant_id", plant_ids, plant_lines);
    const auto name = row.Text("name", true);
    core::WorkWeek week = core::kMondayToFriday;
    if (const auto text = row.Text("workweek", false)) {
      if (const auto parsed = ParseWorkWeek(*text)) week = *parsed;
      else row.Fail("workweek", "'" + std::string(*text) + "' is not a working week (expected e.g. Mon-Fri, Mon-Sat)");
    }
    if (!row.ok()) {
      if (id) AddRefusedId(plant_ids, plant_lines, master.plants, *id, row.line());
      return;
    }
    AddId(plant_ids, plant_lines, *id, row.line());
    const auto company = row.Text("company", false);
    master.plants.push_back(
        {std::string(*id), std::string(*name), week, {}, std::string(company.value_or("")), row.line()});
  }

  // Calendar days are keyed by plant and date (as the store keys them).
  void ReadCalendarDay(RowReader& row, RowKeys& keys) {
    const Index plant = row.ReadReference("plant_id", plant_ids, "plant", true);
    const auto date = row.ReadDate("date", true);
    const auto working = row.ReadEnum("working", kWorking, true);
    if (plant != kNoIndex && date) {
      keys.Note(row, {plant, 0, date->days()}, "date",
                [&] { return "plant " + std::string(*row.Text("plant_id", false)) + " has " + date->ToString(); });
    }
    if (!row.ok()) return;
    master.plants[plant].exceptions.push_back({*date, *working});
  }

  void ReadMaterial(RowReader& row) {
    const auto id = row.ReadNewId("material_id", material_ids, material_lines);
    const auto commodity = row.Text("commodity", true);
    const auto unit = row.Text("unit", true);
    if (unit && !std::any_of(kUnits.begin(), kUnits.end(), [&](const auto& u) { return u.name == *unit; })) {
      row.Fail("unit", "unknown value '" + std::string(*unit) + "' (expected " + ExpectedNames(kUnits) + ")");
    }
    const auto kind = row.ReadEnum("kind", kMaterialKinds, true);
    if (!row.ok()) {
      if (id) AddRefusedId(material_ids, material_lines, master.materials, *id, row.line());
      return;
    }
    AddId(material_ids, material_lines, *id, row.line());
    master.materials.push_back({std::string(*id), std::string(*commodity), std::string(*unit), *kind});
  }

  void ReadComplaint(RowReader& row) {
    core::Complaint complaint;
    const auto id = row.ReadNewId("complaint_id", complaint_ids, complaint_lines);
    if (!ReadComplaintFields(row, complaint)) return;
    complaint.id = std::string(*id);
    AddComplaint(std::move(complaint), row.line());
  }

  // Reads every field of a complaints.csv row but its id into `complaint`;
  // false when the row has a problem (named in the row's diagnostics).
  bool ReadComplaintFields(RowReader& row, core::Complaint& complaint) const {
    complaint.supplier = row.ReadReference("supplier_id", supplier_ids, "supplier", true);
    complaint.plant = row.ReadReference("plant_id", plant_ids, "plant", true);
    const auto date = row.ReadDate("date", true);
    const auto type = row.ReadEnum("type", kComplaintTypes, true);
    const auto justified = row.ReadEnum("justified", kYesNo, true);
    const auto open = row.ReadEnum("status", kOpenClosed, true);
    const auto delivery_id = row.Text("delivery_id", false);
    complaint.material = row.ReadReference("material_id", material_ids, "material", false);
    if (const auto defect = row.Text("defect", false)) {
      if (core::FindDefect(rules, *defect) == nullptr) {
        std::string known;
        for (const core::DefectRule& rule : rules.defects) known += (known.empty() ? "" : ", ") + rule.code;
        row.Fail("defect",
                 "unknown defect code '" + std::string(*defect) + "' (expected empty or one of " + known + ")");
      } else {
        complaint.defect = std::string(*defect);
      }
    }
    complaint.rejected_qty = row.ReadDecimal("rejected_qty", false);
    complaint.affected_qty = row.ReadDecimal("affected_qty", false);
    complaint.returned_on = row.ReadDate("returned_on", false);
    complaint.confirmed_qty = row.ReadDecimal("confirmed_qty", false);
    complaint.confirmed_on = row.ReadDate("confirmed_on", false);
    if (!row.ok()) return false;
    complaint.date = *date;
    complaint.type = *type;
    complaint.justified = *justified;
    complaint.open = *open;
    if (delivery_id) complaint.delivery_id = std::string(*delivery_id);
    return true;
  }

  // Adds a valid complaint whose id is new, read on `line`.
  void AddComplaint(core::Complaint complaint, std::uint64_t line) {
    IndexComplaint(complaint, line);
    master.complaints.push_back(std::move(complaint));
  }

  // Indexes the id of a valid complaint whose id is new, and the delivery it
  // names.
  void IndexComplaint(core::Complaint& complaint, std::uint64_t line) {
    AddId(complaint_ids, complaint_lines, complaint.id, line);
    IndexNamedDelivery(complaint);
  }

  // Indexes the delivery a kept complaint names (setting its delivery_ref).
  void IndexNamedDelivery(core::Complaint& complaint) {
    if (!complaint.delivery_id.empty()) {
      const auto [slot, inserted] = referenced_slots.FindOrInsert(complaint.delivery_id);
      if (inserted) master.referenced_delivery_ids.push_back(complaint.delivery_id);
      complaint.delivery_ref = slot;
    }
    complaint_slots.push_back(complaint.delivery_ref);
  }

  // The columns of complaints.csv, resolved once per file.
  struct ComplaintColumns {
    explicit ComplaintColumns(const ColumnMap& columns)
        : id(ResolveColumn(columns, "complaint_id")),
          supplier(ResolveColumn(columns, "supplier_id")),
          plant(ResolveColumn(columns, "plant_id")),
          date(ResolveColumn(columns, "date")),
          type(ResolveColumn(columns, "type")),
          justified(ResolveColumn(columns, "justified")),
          status(ResolveColumn(columns, "status")),
          delivery(ResolveColumn(columns, "delivery_id")),
          material(ResolveColumn(columns, "material_id")),
          defect(ResolveColumn(columns, "defect")),
          rejected_qty(ResolveColumn(columns, "rejected_qty")),
          affected_qty(ResolveColumn(columns, "affected_qty")),
          returned_on(ResolveColumn(columns, "returned_on")),
          confirmed_qty(ResolveColumn(columns, "confirmed_qty")),
          confirmed_on(ResolveColumn(columns, "confirmed_on")) {}
    Column id, supplier, plant, date, type, justified, status, delivery, material, defect, rejected_qty, affected_qty,
        returned_on, confirmed_qty, confirmed_on;
  };

  // Most rows are valid: they are read here directly, without the bookkeeping
  // that names problems. A row this rejects is read again by
  // ReadComplaintFields, which finds and names what is wrong; so this path
  // decides nothing alone. Reads every field but the id.
  bool ReadValidComplaintFields(const CsvRecord& record, const ComplaintColumns& c, core::Complaint& complaint) const {
    const auto field = [&](const Column& column) {
      return column.index ? record.fields[*column.index] : std::string_view();
    };
    const auto optional_date = [&](const Column& column, std::optional<Date>& date) {
      if (field(column).empty()) return true;
      date = Date::Parse(field(column));
      return date.has_value();
    };
    const auto optional_decimal = [&](const Column& column, std::optional<Decimal>& value) {
      if (field(column).empty()) return true;
      Decimal parsed;
      if (!core::ParseDecimal(field(column), parsed)) return false;
      value = parsed;
      return true;
    };
    const auto enumerated = [&](const Column& column, const auto& names, auto& value) {
      for (const auto& entry : names) {
        if (entry.name == field(column)) {
          value = entry.value;
          return true;
        }
      }
      return false;
    };
    complaint.supplier = supplier_ids.Find(field(c.supplier));
    complaint.plant = plant_ids.Find(field(c.plant));
    const auto date = Date::Parse(field(c.date));
    if (complaint.supplier == kNoIndex || complaint.plant == kNoIndex || !date) return false;
    complaint.date = *date;
    if (!enumerated(c.type, kComplaintTypes, complaint.type) || !enumerated(c.justified, kYesNo, complaint.justified) ||
        !enumerated(c.status, kOpenClosed, complaint.open)) {
      return false;
    }
    if (const std::string_view material = field(c.material); !material.empty()) {
      complaint.material = material_ids.Find(material);
      if (complaint.material == kNoIndex) return false;
    }
    if (const std::string_view defect = field(c.defect); !defect.empty()) {
      if (core::FindDefect(rules, defect) == nullptr) return false;
      complaint.defect = std::string(defect);
    }
    if (!optional_decimal(c.rejected_qty, complaint.rejected_qty) ||
        !optional_decimal(c.affected_qty, complaint.affected_qty) ||
        !optional_date(c.returned_on, complaint.returned_on) ||
        !optional_decimal(c.confirmed_qty, complaint.confirmed_qty) ||
        !optional_date(c.confirmed_on, complaint.confirmed_on)) {
      return false;
    }
    complaint.delivery_id = std::string(field(c.delivery));
    return true;
  }

  // How a complaints.csv row read apart from the others went; its complaint
  // is the element of the same position in ComplaintHalf::complaints.
  struct ComplaintRow {
    std::uint64_t line = 0;
    bool has_id = false;     // the complaint's id holds the row's id
    bool fields_ok = false;  // every field is valid (whether the id is new is not known yet)
  };

  // One half of complaints.csv: its rows read, its problems.
  struct ComplaintHalf {
    std::vector<core::Complaint> complaints;
    std::vector<ComplaintRow> rows;
    Diagnostics diagnostics;
  };

  // `lines`: the line ends in `text`, and so at least its rows.
  void ReadComplaintHalf(std::string_view text, std::uint64_t first_line, std::size_t lines, const std::string& display,
                         const ColumnMap& columns, ComplaintHalf& half) const {
    const ComplaintColumns c(columns);
    CsvBlockParser parser(text, first_line);
    half.complaints.reserve(std::max(half.complaints.capacity(), lines));
    half.rows.reserve(lines);
    const auto next_record = [&](CsvRecord& record) { return parser.Next(record, display); };
    const auto read_record = [&](const CsvRecord& record) {
      core::Complaint& complaint = half.complaints.emplace_back();
      ComplaintRow& row = half.rows.emplace_back();
      row.line = record.line;
      const std::string_view id = record.fields[*c.id.index];
      row.has_id = !id.empty();
      complaint.id = std::string(id);
      row.fields_ok = row.has_id && IsText(record) && ReadValidComplaintFields(record, c, complaint);
      if (row.fields_ok) return;
      // Read again, naming the problems in the order of the row's fields.
      complaint = core::Complaint();
      RowReader reader(display, record, columns, half.diagnostics);
      const auto checked_id = reader.Text(c.id, true);
      if (checked_id) complaint.id = std::string(*checked_id);
      row.has_id = checked_id.has_value();
      row.fields_ok = ReadComplaintFields(reader, complaint);
    };
    // No file refers to complaints: a refused record's id is of no use.
    ForEachRecord(next_record, display, columns, half.diagnostics, read_record, [](const CsvRecord&) {});
  }

  // complaints.csv's text after its header, read whole to be read in halves.
  struct ComplaintText {
    ColumnMap columns;
    std::uint64_t first_line = 0;   // the line the text starts on
    std::unique_ptr<char[]> bytes;  // raw: a std::string would first zero the megabytes read into it
    std::size_t size = 0;
    [[nodiscard]] std::string_view text() const { return {bytes.get(), size}; }
  };
  std::optional<ComplaintText> complaint_text;  // LoadComplaintText's, until ReadComplaintsInHalves

  // Reads complaints.csv into complaint_text when it is large enough to be
  // read in halves; leaves it empty otherwise, or on any problem (which the
  // reading in turn then names). It refers to no other file: it is read
  // beside the files that complaints refer to.
  void LoadComplaintText() {
    constexpr std::size_t kWorthHalving = std::size_t{1} << 20;
    std::error_code error;
    const auto size = std::filesystem::file_size(directory / kComplaints.name, error);
    if (error || size < kWorthHalving) return;
    Diagnostics named_when_read_in_turn;
    auto opened = OpenWithHeader(kComplaints, named_when_read_in_turn);
    if (!opened) return;
    CsvReader& reader = opened->reader;
    ComplaintText loaded{std::move(opened->columns), 0, nullptr, 0};
    const std::string buffered = reader.TakeBuffered(loaded.first_line);
    loaded.bytes = std::make_unique_for_overwrite<char[]>(buffered.size() + static_cast<std::size_t>(size));
    std::memcpy(loaded.bytes.get(), buffered.data(), buffered.size());
    loaded.size = buffered.size() +
                  std::fread(loaded.bytes.get() + buffered.size(), 1, static_cast<std::size_t>(size), reader.file());
    if (std::ferror(reader.file()) != 0) return;
    complaint_text = std::move(loaded);
  }

  // complaints.csv, the largest master file, in two halves read side by side;
  // then, in file order, each id is checked for a repeat and each valid row
  // added. Problems come out as one thread reading in turn lists them.
  // False when it was not loaded for that (LoadComplaintText; nothing was read).
  bool ReadComplaintsInHalves(MasterFile& file) {
    if (!complaint_text) return false;
    const std::string display = DisplayName(kComplaints);
    const ColumnMap& columns = complaint_text->columns;
    const std::uint64_t line = complaint_text->first_line;
    const std::string_view text = complaint_text->text();
    const std::size_t split = FindLastRecordEnd(text.substr(0, text.size() / 2));
    const std::string_view first = text.substr(0, split);
    const std::string_view second = text.substr(split);

    // Each half's line ends, counted once: the second half's first line, and
    // the rows to make room for (a last line without its end is one more).
    const std::size_t first_lines = CountNewlines(first);
    const std::size_t second_lines = CountNewlines(second) + 1;
    const std::size_t lines = first_lines + second_lines;
    ReserveComplaintIndexes(lines);
    ComplaintHalf halves[2];
    // The first half's complaints become the master data's, the second's
    // appended: room for both from the start.
    halves[0].complaints.reserve(lines);
    core::RunSideBySide(
        2, [&] { ReadComplaintHalf(first, line, first_lines, display, columns, halves[0]); },
        [&] { ReadComplaintHalf(second, line + first_lines, second_lines, display, columns, halves[1]); });

    std::vector<core::Error> repeats;  // one per row whose id repeats an earlier one
    {
      // The second half's complaints are appended to the first's vector
      // after this pass: its pages are faulted in meanwhile.
      const CapacityPrefault prefault(halves[0].complaints);
      AddComplaintIds(halves, display, repeats);
    }
    assert(master.complaints.empty());
    master.complaints = std::move(halves[0].complaints);
    master.complaints.insert(master.complaints.end(), std::make_move_iterator(halves[1].complaints.begin()),
                             std::make_move_iterator(halves[1].complaints.end()));
    std::erase_if(master.complaints, [](const core::Complaint& complaint) { return complaint.id.empty(); });

    // A row's repeated id is its first problem, as when reading in turn.
    std::vector<core::Error> problems;
    for (const ComplaintHalf& half : halves) {
      problems.insert(problems.end(), half.diagnostics.errors().begin(), half.diagnostics.errors().end());
    }
    std::vector<core::Error> in_order;
    std::merge(repeats.begin(), repeats.end(), problems.begin(), problems.end(), std::back_inserter(in_order),
               [](const core::Error& a, const core::Error& b) { return a.location.line < b.location.line; });
    for (core::Error& problem : in_order) file.diagnostics.Add(std::move(problem));
    for (const ComplaintHalf& half : halves) {
      file.diagnostics.CountMore(half.diagnostics.count() - half.diagnostics.errors().size());
    }
    complaint_text.reset();
    return true;
  }

  // The id pass over both halves' rows, in file order: each id is checked
  // for a repeat; a valid row with a new id is kept (its id and named delivery
  // indexed), the others are marked for removal by clearing their id. The
  // ids and the named deliveries are indexed side by side, the deliveries
  // as if no id repeated: a repeat is bad input, and rare. When there is one,
  // the deliveries are indexed again, after the ids, from the rows kept.
  void AddComplaintIds(std::span<ComplaintHalf> halves, const std::string& display, std::vector<core::Error>& repeats) {
    assert(complaint_slots.empty() && referenced_slots.size() == 0 && master.referenced_delivery_ids.empty());
    const auto valid = [](const ComplaintRow& row, const core::Complaint& /*complaint*/) { return row.fields_ok; };
    bool repeated = false;
    core::RunSideBySide(
        2, [&] { repeated = IndexComplaintIds(halves, display, repeats); },
        [&] { IndexNamedDeliveries(halves, valid); });
    if (!repeated) return;
    complaint_slots.clear();
    referenced_slots = IdIndex(IdIndex::RarelyLookedUp{});
    master.referenced_delivery_ids.clear();
    IndexNamedDeliveries(halves, [](const ComplaintRow& row, const core::Complaint& complaint) {
      return row.fields_ok && !complaint.id.empty();
    });
  }

  // AddComplaintIds' pass over the complaint ids; true when a valid row's id
  // repeats an earlier one.
  bool IndexComplaintIds(std::span<ComplaintHalf> halves, const std::string& display,
                         std::vector<core::Error>& repeats) {
    bool valid_row_repeats = false;
    for (ComplaintHalf& half : halves) {
      for (std::size_t row = 0; row < half.rows.size(); ++row) {
        const ComplaintRow& state = half.rows[row];
        core::Complaint& complaint = half.complaints[row];
        const Index earlier = state.has_id ? complaint_ids.Find(complaint.id) : kNoIndex;
        if (earlier != kNoIndex) {
          repeats.push_back(core::BadInput(DuplicateId(complaint.id, complaint_lines[earlier]),
                                           {display, state.line, "complaint_id"}));
          valid_row_repeats = valid_row_repeats || state.fields_ok;
        }
        if (earlier == kNoIndex && state.fields_ok) {
          AddId(complaint_ids, complaint_lines, complaint.id, state.line);
        } else {
          complaint.id.clear();
        }
      }
    }
    return valid_row_repeats;
  }

  // AddComplaintIds' pass over the deliveries that the rows `kept` names.
  template <class Kept>
  void IndexNamedDeliveries(std::span<ComplaintHalf> halves, const Kept& kept) {
    // The named deliveries' table is megabytes: its slots are fetched a few
    // rows ahead of their turn (a hint: the table may still be rebuilt).
    constexpr std::size_t kAhead = 8;
    for (ComplaintHalf& half : halves) {
      for (std::size_t row = 0; row < half.rows.size(); ++row) {
        if (row + kAhead < half.rows.size() && !half.complaints[row + kAhead].delivery_id.empty()) {
          static_cast<void>(referenced_slots.Prepare(half.complaints[row + kAhead].delivery_id));
        }
        core::Complaint& complaint = half.complaints[row];
        if (kept(half.rows[row], complaint)) IndexNamedDelivery(complaint);
      }
    }
  }

  void ReadCertification(RowReader& row, RowKeys& keys) {
    const Index supplier = row.ReadReference("supplier_id", supplier_ids, "supplier", true);
    const auto standard = row.Text("standard", true);
    const auto known = standard ? known_standards.find(std::string(*standard)) : known_standards.end();
    if (standard && known == known_standards.end()) {
      std::string names;
      for (const std::string& s : known_standards) names += (names.empty() ? "" : ", ") + s;
      row.Fail("standard", "unknown standard '" + std::string(*standard) + "' (expected one of " + names + ")");
    }
    const auto from = row.ReadDate("valid_from", true);
    const auto to = row.ReadDate("valid_to", true);
    if (from && to && *to < *from) row.Fail("valid_to", "is before valid_from");
    // Certificates are keyed by supplier, standard and valid_from.
    if (supplier != kNoIndex && known != known_standards.end() && from) {
      const auto ordinal = static_cast<std::uint32_t>(std::distance(known_standards.begin(), known));
      keys.Note(row, {supplier, ordinal, from->days()}, "valid_from", [&] {
        return "supplier " + std::string(*row.Text("supplier_id", false)) + " has " + *known + " valid from " +
               from->ToString();
      });
    }
    if (!row.ok()) return;
    master.certifications.push_back({supplier, std::string(*standard), *from, *to});
  }

  void ReadHold(RowReader& row, RowKeys& keys) {
    const Index supplier = row.ReadReference("supplier_id", supplier_ids, "supplier", true);
    row.ReadEnum("status", kHoldStatuses, true);
    const auto reason = row.ReadEnum("reason", kHoldReasons, true);
    const auto imposed = row.ReadDate("imposed_on", true);
    const auto withdrawn = row.ReadDate("withdrawn_on", false);
    if (imposed && withdrawn && *withdrawn < *imposed) row.Fail("withdrawn_on", "is before imposed_on");
    // Holds are keyed by supplier, reason and imposed_on.
    if (supplier != kNoIndex && reason && imposed) {
      keys.Note(row, {supplier, static_cast<std::uint32_t>(*reason), imposed->days()}, "imposed_on", [&] {
        return "supplier " + std::string(*row.Text("supplier_id", false)) + " has a " +
               std::string(*row.Text("reason", false)) + " hold imposed on " + imposed->ToString();
      });
    }
    if (!row.ok()) return;
    master.holds.push_back({supplier, *reason, *imposed, withdrawn, row.line()});
  }
};

DatasetReader::DatasetReader(std::filesystem::path directory, const core::RuleSet& rules)
    : impl_(std::make_unique<Impl>(std::move(directory), rules)) {}
DatasetReader::DatasetReader(DatasetReader&&) noexcept = default;
DatasetReader& DatasetReader::operator=(DatasetReader&&) noexcept = default;
DatasetReader::~DatasetReader() = default;

const Diagnostics& DatasetReader::diagnostics() const { return impl_->diagnostics; }

void DatasetReaderProbe::AllowRowsByShape(DatasetReader& reader, bool allowed) {
  reader.impl_->rows_by_shape_allowed = allowed;
}

std::uint64_t DatasetReaderProbe::RowsReadByShape(const DatasetReader& reader) { return reader.impl_->rows_by_shape; }

bool DatasetReaderProbe::CutAtLineEnds(const DatasetReader& reader) { return reader.impl_->cut_at_line_ends; }

bool DatasetReaderProbe::ReadAgain(const DatasetReader& reader) { return reader.impl_->read_again; }

Index DatasetReader::FindId(IdFile file, std::string_view id) const { return impl_->Listing(file).Find(id); }

bool DatasetReader::Listed(IdFile file) const { return impl_->Listing(file).listed(); }

Index DatasetReader::NameDelivery(std::string_view id) {
  Impl& impl = *impl_;
  impl.deliveries_named_elsewhere = true;
  const auto [slot, inserted] = impl.referenced_slots.FindOrInsert(id);
  if (inserted) impl.master.referenced_delivery_ids.emplace_back(id);
  return slot;
}

DatasetReader::NamedDelivery DatasetReader::FindNamedDelivery(Index slot) const {
  const Impl& impl = *impl_;
  NamedDelivery named;
  named.known = !impl.deliveries_listed || (slot < impl.named_found.size() && impl.named_found[slot] != 0);
  if (slot < impl.named_materials.size()) named.material = impl.named_materials[slot];
  return named;
}

const std::vector<std::string>& DatasetReader::FileNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const FileSpec* spec :
         {&kSuppliers, &kPlants, &kCalendar, &kMaterials, &kDeliveries, &kComplaints, &kCertifications, &kHolds}) {
      names.emplace_back(spec->name);
    }
    return names;
  }();
  return kNames;
}

core::Status DatasetReader::ReadMasterData(std::size_t threads) {
  using MasterFile = Impl::MasterFile;
  Impl& impl = *impl_;
  if (!impl.sheets && IsWorkbookPath(impl.source)) {
    auto sheets = SheetFolder::Open(impl.source, ContractsReader::FolderFileNames());
    if (!sheets.ok()) return sheets.error();
    impl.sheets = *std::move(sheets);
    impl.directory = impl.sheets->path();
  }
  std::error_code error;
  if (!impl.sheets && HasWorkbookName(impl.source) && !std::filesystem::exists(impl.source, error)) {
    return core::BadInput("workbook not found", {impl.source.string(), 0, ""});
  }
  if (!std::filesystem::is_directory(impl.directory, error)) {
    return core::BadInput(
        "data folder not found (expected a folder with suppliers.csv, plants.csv, "
        "materials.csv, deliveries.csv)",
        {impl.directory.string(), 0, ""});
  }
  // Every file's problems are listed at once (spec): the missing required
  // files first, then each file's header and row problems. A file that
  // cannot be read lists no ids: references to them name no problem.
  for (const FileSpec* spec : {&kSuppliers, &kPlants, &kMaterials, &kDeliveries}) {
    if (!std::filesystem::exists(impl.directory / spec->name, error)) {
      impl.diagnostics.Add(core::BadInput("required file is missing", {impl.DisplayName(*spec), 0, ""}));
    }
  }
  RowKeys calendar_days, certificate_keys, hold_keys;
  MasterFile suppliers{&kSuppliers, [&](RowReader& row) { impl.ReadSupplier(row); }};
  MasterFile plants{&kPlants, [&](RowReader& row) { impl.ReadPlant(row); }};
  MasterFile calendar{&kCalendar, [&](RowReader& row) { impl.ReadCalendarDay(row, calendar_days); }};
  MasterFile materials{&kMaterials, [&](RowReader& row) { impl.ReadMaterial(row); }};
  MasterFile complaints{&kComplaints, [&](RowReader& row) { impl.ReadComplaint(row); }};
  MasterFile certifications{&kCertifications, [&](RowReader& row) { impl.ReadCertification(row, certificate_keys); }};
  MasterFile holds{&kHolds, [&](RowReader& row) { impl.ReadHold(row, hold_keys); }};
  const auto read = [&impl](std::initializer_list<MasterFile*> in_turn, std::size_t file_threads = 1) {
    return [&impl, in_turn, file_threads] {
      for (MasterFile* file : in_turn) impl.ReadMasterFile(*file, file_threads);
    };
  };
  // Files refer to ids of files read in an earlier stage; within a stage each
  // writes only its own records and indexes, so two threads share the work.
  // Certificates and holds name only suppliers: they are read beside the
  // materials (the longest of the first stage) once the suppliers are in.
  const auto suppliers_then_theirs = [&] { read({&suppliers, &plants, &calendar, &certifications, &holds})(); };
  // complaints.csv is read into memory beside them too, to be read in halves.
  const auto materials_then_complaint_text = [&] {
    read({&materials})();
    if (threads > 1) impl.LoadComplaintText();
  };
  core::RunSideBySide(threads, suppliers_then_theirs, materials_then_complaint_text);
  read({&complaints}, threads)();  // in two halves
  // Problems are listed file by file, as one thread reading in turn would.
  for (const MasterFile* file : {&suppliers, &plants, &calendar, &materials, &complaints, &certifications, &holds}) {
    impl.diagnostics.Append(file->diagnostics);
  }
  NameSheets(impl.diagnostics);
  return core::Ok{};
}

core::MasterData DatasetReader::TakeMasterData() {
  core::MasterData& master = impl_->master;
  impl_->complaint_ids = IdIndex();  // only the master files need it
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
  assert(!sinks.empty());
  Impl& impl = *impl_;
  const std::size_t slots = impl.referenced_slots.size();
  const auto new_workers = [&] {
    std::vector<DeliveryWorker> workers(sinks.size());
    for (DeliveryWorker& worker : workers) {
      worker.slot_found.assign(slots, 0);
      if (impl.deliveries_named_elsewhere) worker.slot_material.assign(slots, kNoIndex);
    }
    return workers;
  };
  const bool sinks_empty =
      std::none_of(sinks.begin(), sinks.end(), [](const DeliverySink& sink) { return bool(sink); });
  std::vector<DeliveryWorker> workers = new_workers();
  std::uint64_t first_line = 0;
  impl.cut_at_line_ends = impl.read_again = false;
  impl.deliveries_listed = true;
  auto read = impl.StreamDeliveryFile(sinks, workers, forget || sinks_empty, first_line);
  if (read.ok() && *read == Impl::FileRead::kQuoteMet) {
    if (forget) forget();
    impl.read_again = true;
    workers = new_workers();
    read = impl.StreamDeliveryFile(sinks, workers, false, first_line);
  }
  if (!read.ok()) return read.error();
  if (impl.cut_at_line_ends) Impl::PlaceLines(workers, first_line);
  impl.MergeWorkers(workers);
  impl.rows_by_shape = 0;
  for (const DeliveryWorker& worker : workers) impl.rows_by_shape += worker.rows_by_shape;

  std::vector<std::uint8_t> slot_found(slots, 0);
  for (const DeliveryWorker& worker : workers) {
    for (std::size_t slot = 0; slot < slot_found.size(); ++slot) slot_found[slot] |= worker.slot_found[slot];
  }
  for (std::size_t complaint = 0; impl.deliveries_listed && complaint < impl.complaint_slots.size(); ++complaint) {
    const Index slot = impl.complaint_slots[complaint];
    if (slot == kNoIndex || slot_found[slot] != 0) continue;
    impl.diagnostics.Add(
        core::BadInput(UnknownDelivery(impl.referenced_slots.Key(slot)),
                       {impl.DisplayName(kComplaints), impl.complaint_lines[complaint], "delivery_id"}));
  }
  impl.KeepNamedDeliveries(std::move(slot_found), workers);
  std::vector<SeenIds> seen_ids;
  for (DeliveryWorker& worker : workers) seen_ids.push_back(std::move(worker.seen_ids));
  workers.clear();
  const auto repeated = SeenIds::FindRepeated(seen_ids, sinks.size());
  seen_ids.clear();
  impl.ReportDuplicateDeliveries(repeated);
  NameSheets(impl.diagnostics);
  return core::Ok{};
}

std::filesystem::path DatasetReader::FolderFor(const std::filesystem::path& path) const {
  return impl_->sheets && path == impl_->source ? impl_->sheets->path() : path;
}

void DatasetReader::NameSheets(Diagnostics& diagnostics) const {
  if (!impl_->sheets) return;
  diagnostics.Relocate([this](core::Location& location) { impl_->sheets->Relocate(location); });
}

}  // namespace supeval::io
