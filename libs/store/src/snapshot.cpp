// Reading the store as a core::RecordSource inside one read transaction: the
// master data with ids resolved to indices exactly as io::DatasetReader
// resolves them, then the deliveries of the period (and those outside it
// that a complaint names) streamed to the engine.
#include <algorithm>
#include <array>
#include <atomic>
#include <functional>
#include <optional>

#include "codec.hpp"
#include "contract_tables.hpp"
#include "id_map.hpp"
#include "schema.hpp"
#include "sql_store.hpp"
#include "supeval/core/reading/sparse_numbers.hpp"
#include "supeval/core/threads.hpp"

namespace supeval::store::internal {
namespace {

template <class T>
IdMap IndexById(const std::vector<T>& records) {
  std::vector<std::string_view> ids;
  ids.reserve(records.size());
  for (const T& record : records) ids.push_back(record.id);
  return IdMap::Of(ids);
}

// Sorted by id, so that indices do not depend on the order rows come back in.
// Rows usually come back in the order they were imported, and ERP extracts
// are usually sorted by id: checking first saves most of the master data's
// reading time (sorting 70,000 materials moves their strings about 2 million
// times).
template <class T>
void SortById(std::vector<T>& records) {
  const auto by_id = [](const T& a, const T& b) { return a.id < b.id; };
  if (!std::is_sorted(records.begin(), records.end(), by_id)) std::sort(records.begin(), records.end(), by_id);
}

using DeliverySink = std::function<void(const core::Delivery&)>;

class SqlSnapshot final : public Snapshot {
 public:
  // `last_batch`: the batch the records are read as of; `committed`: the
  // last batch committed when the snapshot was taken (later for --as-of).
  // `threads`: how many threads may read at once (the master data is read on
  // two when it may).
  // `supplier`: the one supplier whose records are read (all when none).
  // `schema_version`: the store's (a read-only store may be older).
  SqlSnapshot(Connection& connection, std::optional<BatchId> as_of, BatchId last_batch, BatchId committed,
              std::size_t threads, std::optional<std::string> supplier, int schema_version)
      : connection_(connection),
        as_of_(as_of),
        last_batch_(last_batch),
        committed_(committed),
        threads_(threads),
        supplier_(std::move(supplier)),
        plant_companies_(schema_version >= kPlantCompanyVersion),
        schema_version_(schema_version) {}
  SqlSnapshot(const SqlSnapshot&) = delete;
  SqlSnapshot& operator=(const SqlSnapshot&) = delete;
  ~SqlSnapshot() override { connection_.Rollback(); }  // ends the read transaction

  [[nodiscard]] BatchId last_batch() const override { return last_batch_; }

  // With a second thread, materials are read beside suppliers, plants and
  // the calendar, and the complaints in two halves side by side; the records
  // and their order are the same either way.
  core::Result<core::MasterData> ReadMasterData() override {
    core::MasterData master;
    Connection* helper = Helper();
    if (core::Status s = Beside(
            helper, [&](Connection& connection) { return ReadMaterials(connection, master.materials); },
            [&]() -> core::Status {
              if (core::Status read = ReadSuppliers(master); !read.ok()) return read;
              return ReadPlants(master);
            });
        !s.ok()) {
      return s.error();
    }
    if (core::Status s = ReadComplaints(master, helper); !s.ok()) return s.error();
    if (core::Status s = ReadCertifications(master); !s.ok()) return s.error();
    if (core::Status s = ReadHolds(master); !s.ok()) return s.error();
    const std::vector<std::string_view> named(master.referenced_delivery_ids.begin(),
                                              master.referenced_delivery_ids.end());
    NumberNamed(named);
    referenced_slots_ = named_form_ ? IdMap() : IdMap::Of(named);
    named_ids_ = master.referenced_delivery_ids;
    named_seen_ = std::vector<std::atomic<bool>>(named_ids_.size());
    return master;
  }

  core::Result<std::vector<DeliveryReach>> DeliveryReaches(core::Date first, core::Date last) override {
    const Value days[] = {Value::Date(first), Value::Date(last)};
    constexpr std::string_view kColumns = "supplier_id, plant_id, material_id, delivery_type";
    const VersionedQuery rows =
        SelectVersioned(DeliveriesTable(), kColumns, "receipt_date BETWEEN ? AND ?", days, as_of_);
    const std::string sql = "SELECT DISTINCT " + std::string(kColumns) + " FROM (" + rows.sql + ") AS delivered";
    std::vector<DeliveryReach> reaches;
    const core::Status read = connection_.ForEachStreamed(sql, rows.params, [&](const Row& r) -> core::Status {
      const auto type = ParseDeliveryType(r.Text(3));
      if (!type) return Corrupt("deliveries", "delivery_type '" + std::string(r.Text(3)) + "'");
      reaches.push_back({std::string(r.Text(0)), std::string(r.Text(1)), std::string(r.Text(2)), *type});
      return core::Ok{};
    });
    if (!read.ok()) return read.error();
    return reaches;
  }

  core::Result<core::contracts::ContractData> ReadContractData(const core::MasterData& master) override {
    auto present = connection_.TableExists(ContractTables().front()->name);
    if (!present.ok()) return present.error();
    if (!*present) return core::contracts::ContractData();  // read-only, older schema
    return ReadContractTables(
        [this](const TableSpec& table, const RowVisitor& visit) { return ForEachRow(table, visit); }, master);
  }

  core::Result<core::MasterData> ReadIdentities() override {
    core::MasterData master;
    if (core::Status read = ReadMaterials(connection_, master.materials); !read.ok()) return read.error();
    if (core::Status read = ReadSuppliers(master); !read.ok()) return read.error();
    if (core::Status read = ReadPlants(master); !read.ok()) return read.error();
    return master;
  }

  // A supplier's snapshot reads only that supplier's events.
  core::Result<std::vector<core::contracts::Event>> ReadEvents(const core::MasterData& master) override {
    auto present = connection_.TableExists(EventTable().name);
    if (!present.ok()) return present.error();
    if (!*present) return std::vector<core::contracts::Event>();  // read-only, older schema
    return ReadEventTable(
        [this](const TableSpec& table, const RowVisitor& visit) { return ForEachOwnRow(table, visit); }, master);
  }

  core::Result<std::vector<core::Supplier>> ReadSupplierList() override {
    core::MasterData master;
    if (core::Status read = ReadSuppliers(master); !read.ok()) return read.error();
    return std::move(master.suppliers);
  }

  core::Status StreamDeliveries(const core::Period& period,
                                std::span<core::DeliveryAccumulator> accumulators) override {
    if (accumulators.empty()) return core::Internal("no accumulator to stream deliveries into");
    for (std::atomic<bool>& seen : named_seen_) seen.store(false, std::memory_order_relaxed);  // of an earlier period
    if (core::Status s = accumulators.size() > 1
                             ? StreamParallel(period, accumulators)
                             : StreamDays(connection_, period.first, period.last, &accumulators.front());
        !s.ok()) {
      return s;
    }
    return StreamNamedOutside(period, &accumulators.front());
  }

  core::Status StreamDeliveriesTo(const core::Period& period, const DeliverySink& sink) override {
    for (std::atomic<bool>& seen : named_seen_) seen.store(false, std::memory_order_relaxed);
    if (core::Status s = StreamDays(connection_, period.first, period.last, nullptr, &sink); !s.ok()) return s;
    return StreamNamedOutside(period, nullptr, &sink);
  }

  core::Status StreamDeliveriesWithin(core::Date first, core::Date last, core::DeliveryAccumulator& accumulator,
                                      const std::function<void(const core::Delivery&)>& also) override {
    for (std::atomic<bool>& seen : named_seen_) seen.store(false, std::memory_order_relaxed);
    if (core::Status s = StreamDays(connection_, first, last, &accumulator, &also); !s.ok()) return s;
    return StreamNamedOutside(core::Period{first, last, ""}, &accumulator);
  }

 private:
  // When every named delivery id is of one numbered form (as goods receipts
  // are numbered), a delivery of the stream is checked by its number against
  // the sorted numbers, walked in step with the stream (the rows come by
  // receipt date and then id), instead of hashing every id.
  void NumberNamed(const std::vector<std::string_view>& named) {
    named_form_.reset();
    if (named.empty()) return;
    const auto form = core::NumberedIdForm::Of(named.front());
    if (!form) return;
    const core::NumberReader reader(*form);
    core::SparseNumbers numbers(reader, named);
    if (numbers.size() != named.size()) return;  // not every id is of the form
    named_form_ = reader;
    named_numbers_ = std::move(numbers);
  }

  // Calls `read_row` for each row of `table` as of the snapshot (those that
  // meet `where`, when given) on `connection`; stops at the first error, of
  // the query or of `read_row`.
  core::Status ForEachRow(Connection& connection, const TableSpec& table, std::string_view where,
                          std::span<const Value> where_params, const RowVisitor& read_row) const {
    const VersionedQuery query = SelectVersioned(table, ColumnList(table), where, where_params, as_of_);
    return connection.ForEachStreamed(query.sql, query.params, read_row);
  }
  core::Status ForEachRow(const TableSpec& table, const RowVisitor& read_row) const {
    return ForEachRow(connection_, table, "", {}, read_row);
  }

  // The rows of the snapshot's supplier that meet `where` (every supplier's
  // when the snapshot has none) on `connection`.
  struct Scoped {
    std::string where;
    std::vector<Value> params;
  };
  [[nodiscard]] Scoped OwnRows(std::string_view where, std::span<const Value> params) const {
    if (!supplier_) return {std::string(where), {params.begin(), params.end()}};
    Scoped scoped{"supplier_id = ?" + (where.empty() ? "" : " AND (" + std::string(where) + ")"),
                  {Value::Text(*supplier_)}};
    scoped.params.insert(scoped.params.end(), params.begin(), params.end());
    return scoped;
  }
  core::Status ForEachOwnRow(const TableSpec& table, const RowVisitor& read_row) const {
    const Scoped own = OwnRows("", {});
    return ForEachRow(connection_, table, own.where, own.params, read_row);
  }

  // A second reader of this snapshot for the master data (kept for the
  // delivery stream), or null when reading on one thread.
  Connection* Helper() {
    if (threads_ < 2) return nullptr;
    if (helper_ == nullptr) {
      auto reader = connection_.OpenSnapshotReader(committed_);
      if (!reader.ok()) return nullptr;  // the master data is then read on this connection alone
      helper_ = *std::move(reader);
    }
    return helper_.get();
  }

  // Runs `aside` on `helper` in a second thread while `here` runs in this
  // one (both in this thread, in turn, on this connection without a helper);
  // the first error of the two.
  template <class Aside, class Here>
  core::Status Beside(Connection* helper, Aside aside, Here here) {
    if (helper == nullptr) {
      if (core::Status status = here(); !status.ok()) return status;
      return aside(connection_);
    }
    core::Status aside_status = core::Ok{};
    core::Status here_status = core::Ok{};
    core::RunSideBySide(
        2, [&] { here_status = here(); },
        [&] {
          try {
            aside_status = aside(*helper);
          } catch (const std::exception& e) {
            aside_status = core::Internal(std::string("reading the master data: ") + e.what());
          }
        });
    if (!here_status.ok()) return here_status;
    return aside_status;
  }

  core::Status ReadSuppliers(core::MasterData& master) {
    if (core::Status read = ForEachRow(SuppliersTable(),
                                       [&](const Row& r) -> core::Status {
                                         master.suppliers.push_back({std::string(r.Text(0)), std::string(r.Text(1)),
                                                                     std::string(r.Text(2)), r.Int(3) != 0});
                                         return core::Ok{};
                                       });
        !read.ok()) {
      return read;
    }
    SortById(master.suppliers);
    suppliers_ = IndexById(master.suppliers);
    return core::Ok{};
  }

  core::Status ReadPlants(core::MasterData& master) {
    if (core::Status read =
            ForEachRow(TableAsStored(PlantsTable(), schema_version_),
                       [&](const Row& r) -> core::Status {
                         master.plants.push_back({std::string(r.Text(0)),
                                                  std::string(r.Text(1)),
                                                  static_cast<core::WorkWeek>(r.Int(2)),
                                                  {},
                                                  plant_companies_ ? std::string(r.Text(3)) : std::string()});
                         return core::Ok{};
                       });
        !read.ok()) {
      return read;
    }
    SortById(master.plants);
    plants_ = IndexById(master.plants);
    if (core::Status read = ForEachRow(CalendarTable(),
                                       [&](const Row& r) -> core::Status {
                                         const auto plant = Resolve(plants_, r.Text(0), "calendar_days", "plant");
                                         if (!plant.ok()) return plant.error();
                                         master.plants[*plant].exceptions.push_back({r.Date(1), r.Int(2) != 0});
                                         return core::Ok{};
                                       });
        !read.ok()) {
      return read;
    }
    for (core::Plant& plant : master.plants) {
      std::sort(plant.exceptions.begin(), plant.exceptions.end(),
                [](const core::CalendarDay& a, const core::CalendarDay& b) { return a.date < b.date; });
    }
    return core::Ok{};
  }

  core::Status ReadMaterials(Connection& connection, std::vector<core::Material>& materials) {
    if (core::Status read = ForEachRow(
            connection, MaterialsTable(), "", {},
            [&](const Row& r) -> core::Status {
              const auto kind = ParseMaterialKind(r.Text(3));
              if (!kind) return Corrupt("materials", "kind '" + std::string(r.Text(3)) + "'");
              materials.push_back({std::string(r.Text(0)), std::string(r.Text(1)), std::string(r.Text(2)), *kind});
              return core::Ok{};
            });
        !read.ok()) {
      return read;
    }
    SortById(materials);
    materials_ = IndexById(materials);
    return core::Ok{};
  }

  // The complaint id in the middle of the table (of `count` rows), to read
  // it in two halves; nothing when it is too small to be worth it.
  core::Result<std::optional<std::string>> MiddleComplaintId(std::int64_t count) {
    constexpr std::int64_t kSmallest = 4096;
    if (count < kSmallest) return std::optional<std::string>();
    const Value half[] = {Value::Int(count / 2)};
    auto rows = connection_.Query("SELECT complaint_id FROM complaints ORDER BY complaint_id LIMIT 1 OFFSET ?", half);
    if (!rows.ok()) return rows.error();
    auto next = (*rows)->Next();
    if (!next.ok()) return next.error();
    if (!*next) return std::optional<std::string>();
    return std::optional<std::string>(std::string((*rows)->Text(0)));
  }

  core::Status ReadComplaints(core::MasterData& master, Connection* helper) {
    // Sized at once: 88,000 complaints moved at every doubling of the vector
    // (and fresh pages cleared) were a fifth of the master data's time.
    if (supplier_) {
      const Scoped own = OwnRows("", {});
      if (core::Status read = ReadComplaintRows(connection_, own.where, own.params, master.complaints); !read.ok()) {
        return read;
      }
      return NumberComplaintDeliveries(master);
    }
    auto count = QueryInt(connection_, "SELECT count(*) FROM complaints");
    if (!count.ok()) return count.error();
    master.complaints.reserve(static_cast<std::size_t>(*count));
    std::optional<std::string> middle;
    if (helper != nullptr) {
      auto found = MiddleComplaintId(*count);
      if (!found.ok()) return found.error();
      middle = *std::move(found);
    }
    if (!middle) {
      if (core::Status read = ReadComplaintRows(connection_, "", {}, master.complaints); !read.ok()) return read;
    } else {
      const Value split[] = {Value::Text(*middle)};
      std::vector<core::Complaint> second_half;
      second_half.reserve(static_cast<std::size_t>(*count - *count / 2));
      if (core::Status read = Beside(
              helper,
              [&](Connection& connection) {
                return ReadComplaintRows(connection, "complaint_id >= ?", split, second_half);
              },
              [&] { return ReadComplaintRows(connection_, "complaint_id < ?", split, master.complaints); });
          !read.ok()) {
        return read;
      }
      master.complaints.insert(master.complaints.end(), std::make_move_iterator(second_half.begin()),
                               std::make_move_iterator(second_half.end()));
    }
    return NumberComplaintDeliveries(master);
  }

  // Sorts the complaints and gives one slot to each distinct delivery id
  // that complaints name, as io::DatasetReader gives them.
  static core::Status NumberComplaintDeliveries(core::MasterData& master) {
    SortById(master.complaints);
    IdMap slots;
    slots.Reserve(master.complaints.size());
    for (core::Complaint& c : master.complaints) {
      if (c.delivery_id.empty()) continue;
      core::Index slot = slots.Find(c.delivery_id);
      if (slot == core::kNoIndex) {
        slot = static_cast<core::Index>(master.referenced_delivery_ids.size());
        slots.Insert(c.delivery_id, slot);
        master.referenced_delivery_ids.push_back(c.delivery_id);
      }
      c.delivery_ref = slot;
    }
    return core::Ok{};
  }

  // The complaints that meet `where` (all when empty), their ids resolved;
  // const, so that two halves may be read at once.
  core::Status ReadComplaintRows(Connection& connection, std::string_view where, std::span<const Value> where_params,
                                 std::vector<core::Complaint>& complaints) const {
    return ForEachRow(connection, ComplaintsTable(), where, where_params, [&](const Row& r) -> core::Status {
      core::Complaint c;
      c.id = std::string(r.Text(0));
      auto supplier = Resolve(suppliers_, r.Text(1), "complaints", "supplier");
      auto plant = Resolve(plants_, r.Text(2), "complaints", "plant");
      const auto type = ParseComplaintType(r.Text(4));
      if (!supplier.ok()) return supplier.error();
      if (!plant.ok()) return plant.error();
      if (!type) return Corrupt("complaints", "type '" + std::string(r.Text(4)) + "'");
      c.supplier = *supplier;
      c.plant = *plant;
      c.date = r.Date(3);
      c.type = *type;
      c.justified = r.Int(5) != 0;
      c.open = r.Int(6) != 0;
      if (!r.IsNull(7)) c.delivery_id = std::string(r.Text(7));
      if (!r.IsNull(8)) {
        auto material = Resolve(materials_, r.Text(8), "complaints", "material");
        if (!material.ok()) return material.error();
        c.material = *material;
      }
      c.defect = std::string(r.Text(9));
      c.rejected_qty = ReadOptionalDecimal(r, 10);
      c.affected_qty = ReadOptionalDecimal(r, 11);
      c.returned_on = ReadOptionalDate(r, 12);
      c.confirmed_qty = ReadOptionalDecimal(r, 13);
      c.confirmed_on = ReadOptionalDate(r, 14);
      complaints.push_back(std::move(c));
      return core::Ok{};
    });
  }

  core::Status ReadCertifications(core::MasterData& master) {
    if (core::Status read =
            ForEachOwnRow(CertificationsTable(),
                          [&](const Row& r) -> core::Status {
                            auto supplier = Resolve(suppliers_, r.Text(0), "certifications", "supplier");
                            if (!supplier.ok()) return supplier.error();
                            master.certifications.push_back({*supplier, std::string(r.Text(1)), r.Date(2), r.Date(3)});
                            return core::Ok{};
                          });
        !read.ok()) {
      return read;
    }
    std::sort(master.certifications.begin(), master.certifications.end(),
              [](const core::Certification& a, const core::Certification& b) {
                return std::tie(a.supplier, a.standard, a.valid_from) < std::tie(b.supplier, b.standard, b.valid_from);
              });
    return core::Ok{};
  }

  core::Status ReadHolds(core::MasterData& master) {
    if (core::Status read =
            ForEachOwnRow(HoldsTable(),
                          [&](const Row& r) -> core::Status {
                            auto supplier = Resolve(suppliers_, r.Text(0), "holds", "supplier");
                            if (!supplier.ok()) return supplier.error();
                            const auto reason = ParseHoldReason(r.Text(1));
                            if (!reason) return Corrupt("holds", "reason '" + std::string(r.Text(1)) + "'");
                            master.holds.push_back({*supplier, *reason, r.Date(2), ReadOptionalDate(r, 3)});
                            return core::Ok{};
                          });
        !read.ok()) {
      return read;
    }
    std::sort(master.holds.begin(), master.holds.end(), [](const core::Hold& a, const core::Hold& b) {
      return std::tie(a.supplier, a.reason, a.imposed_on) < std::tie(b.supplier, b.reason, b.imposed_on);
    });
    return core::Ok{};
  }

  static core::Result<core::Index> Resolve(const IdMap& ids, std::string_view id, std::string_view table,
                                           std::string_view what) {
    const core::Index found = ids.Find(id);
    if (found == core::kNoIndex) return Corrupt(table, "unknown " + std::string(what) + " '" + std::string(id) + "'");
    return found;
  }

  // Rows whose ids are all looked up by number are decoded as they come: the
  // number tables are small enough for the cache. Otherwise rows are decoded
  // in small batches: each row's lookups are prepared (hashed, and
  // prefetched) as it comes and the batch is decoded afterwards, so that the
  // hash tables' cache misses overlap instead of queueing one after the
  // other. A row's texts are valid only while it is staged: the batch keeps
  // a copy of those it still needs (the delivery id, and an id looked up by
  // hash).
  class Batch {
   public:
    Batch(const SqlSnapshot& snapshot, core::DeliveryAccumulator* accumulator, const DeliverySink* also)
        : snapshot_(snapshot),
          accumulator_(accumulator),
          also_(also),
          at_once_(snapshot.suppliers_.numbered() && snapshot.plants_.numbered() && snapshot.materials_.numbered()) {}

    core::Status Stage(const Row& r) {
      Staged& row = rows_[staged_];
      const std::string_view id = r.Text(0);
      const auto type = ParseDeliveryType(r.Text(8));
      if (!type) return Unknown(id);
      row.supplier = Prepare(snapshot_.suppliers_, r.Text(1));
      row.plant = Prepare(snapshot_.plants_, r.Text(2));
      row.material = Prepare(snapshot_.materials_, r.Text(3));
      if (snapshot_.named_form_) row.named_number = snapshot_.named_form_->NumberOf(id);
      else row.named = snapshot_.referenced_slots_.Prepare(id);
      row.due_date = r.Date(4);
      row.receipt_date = r.Date(6);
      row.due_qty = r.Int(5);
      row.received_qty = r.Int(7);
      row.type = *type;
      if (at_once_) return Add(row, id);
      row.id = Keep(id);
      return ++staged_ == kRows ? Flush() : core::Status(core::Ok{});
    }

    core::Status Flush() {
      for (std::size_t i = 0; i < staged_; ++i) {
        if (core::Status added = Add(rows_[i], Text(rows_[i].id)); !added.ok()) return added;
      }
      staged_ = 0;
      texts_.clear();
      return core::Ok{};
    }

   private:
    static constexpr std::size_t kRows = 16;

    struct Kept {
      std::uint32_t offset = 0, length = 0;
    };
    struct Key {
      IdMap::Probe probe;
      Kept text;  // empty when the map finds the key by its number alone
    };
    struct Staged {
      Kept id;
      Key supplier, plant, material;
      IdMap::Probe named;              // without named_form_
      std::uint64_t named_number = 0;  // with named_form_
      core::Date due_date, receipt_date;
      std::int64_t due_qty, received_qty;
      core::DeliveryType type;
    };

    core::Status Add(const Staged& row, std::string_view id) {
      core::Delivery d;
      d.id = id;
      d.supplier = Find(snapshot_.suppliers_, row.supplier);
      d.plant = Find(snapshot_.plants_, row.plant);
      d.material = Find(snapshot_.materials_, row.material);
      if (d.supplier == core::kNoIndex || d.plant == core::kNoIndex || d.material == core::kNoIndex) return Unknown(id);
      d.due_date = row.due_date;
      d.due_qty = core::Decimal::FromMicros(row.due_qty);
      d.receipt_date = row.receipt_date;
      d.received_qty = core::Decimal::FromMicros(row.received_qty);
      d.type = row.type;
      d.referenced_slot = NamedSlot(row, id);
      if (d.referenced_slot != core::kNoIndex) {
        snapshot_.named_seen_[d.referenced_slot].store(true, std::memory_order_relaxed);
      }
      if (accumulator_ != nullptr) accumulator_->Add(d);
      if (also_ != nullptr) (*also_)(d);
      return core::Ok{};
    }

    [[nodiscard]] core::Index NamedSlot(const Staged& row, std::string_view id) {
      if (!snapshot_.named_form_) return snapshot_.referenced_slots_.Find(id, row.named);
      if (row.named_number == core::NumberedIdForm::kOtherForm) return core::kNoIndex;
      return named_cursor_.Find(snapshot_.named_numbers_, row.named_number);
    }

    Kept Keep(std::string_view text) {
      const Kept kept{static_cast<std::uint32_t>(texts_.size()), static_cast<std::uint32_t>(text.size())};
      texts_.append(text);
      return kept;
    }
    [[nodiscard]] std::string_view Text(Kept kept) const {
      return std::string_view(texts_).substr(kept.offset, kept.length);
    }
    Key Prepare(const IdMap& ids, std::string_view key) {
      return {ids.Prepare(key), ids.numbered() ? Kept{} : Keep(key)};
    }
    [[nodiscard]] core::Index Find(const IdMap& ids, const Key& key) const {
      return ids.Find(Text(key.text), key.probe);
    }

    // An error when the store holds what supeval cannot have written.
    static core::Error Unknown(std::string_view id) {
      return Corrupt("deliveries",
                     "delivery '" + std::string(id) + "' names an unknown supplier, plant, material or type");
    }

    const SqlSnapshot& snapshot_;
    core::DeliveryAccumulator* accumulator_;  // none: `also_` alone
    const DeliverySink* also_;                // a second consumer of each delivery, if any
    const bool at_once_;                      // every id of a delivery is found by number
    std::array<Staged, kRows> rows_;
    std::size_t staged_ = 0;
    core::SparseNumbers::Cursor named_cursor_;
    std::string texts_;
  };

  core::Status Stream(Connection& connection, const VersionedQuery& query, core::DeliveryAccumulator* accumulator,
                      const DeliverySink* also = nullptr) const {
    Batch batch(*this, accumulator, also);
    if (core::Status read =
            connection.ForEachStreamed(query.sql, query.params, [&](const Row& row) { return batch.Stage(row); });
        !read.ok()) {
      return read;
    }
    return batch.Flush();
  }

  // Deliveries outside the period that a complaint names (the engine needs
  // their lot quantity): those named ids that the period's stream did not
  // meet, looked up by id a few hundred at a time. Asking for every named id
  // instead would cost a lookup in the id index for each, most of them in the
  // period (a quarter of a second at 10M deliveries).
  // A snapshot of one supplier streamed only its own deliveries: those of
  // other suppliers that its complaints name are looked up whatever their
  // date.
  core::Status StreamNamedOutside(const core::Period& period, core::DeliveryAccumulator* accumulator,
                                  const DeliverySink* also = nullptr) const {
    constexpr std::size_t kIdsPerQuery = 500;
    const std::string outside = supplier_ ? "" : "(receipt_date < ? OR receipt_date > ?) AND ";
    const std::vector<Value> dates =
        supplier_ ? std::vector<Value>{} : std::vector<Value>{Value::Date(period.first), Value::Date(period.last)};
    std::vector<Value> params;
    std::string placeholders;
    auto flush = [&]() -> core::Status {
      if (placeholders.empty()) return core::Ok{};
      const VersionedQuery query = SelectVersioned(DeliveriesTable(), ColumnList(DeliveriesTable()),
                                                   outside + "delivery_id IN (" + placeholders + ")", params, as_of_);
      params.clear();
      placeholders.clear();
      return Stream(connection_, query, accumulator, also);
    };
    for (std::size_t slot = 0; slot < named_ids_.size(); ++slot) {
      if (named_seen_[slot].load(std::memory_order_relaxed)) continue;
      if (params.empty()) params = dates;
      params.push_back(Value::Text(named_ids_[slot]));
      placeholders += placeholders.empty() ? "?" : ", ?";
      if (params.size() - dates.size() == kIdsPerQuery) {
        if (core::Status s = flush(); !s.ok()) return s;
      }
    }
    return flush();
  }

  // The deliveries received in [first, last] (each to `also` too, when given).
  core::Status StreamDays(Connection& connection, core::Date first, core::Date last,
                          core::DeliveryAccumulator* accumulator, const DeliverySink* also = nullptr) const {
    const Value days[] = {Value::Date(first), Value::Date(last)};
    const Scoped own = OwnRows("receipt_date BETWEEN ? AND ?", days);
    return Stream(connection,
                  SelectVersioned(DeliveriesTable(), ColumnList(DeliveriesTable()), own.where, own.params, as_of_),
                  accumulator, also);
  }

  // One reader per accumulator, each on its own connection that sees this
  // snapshot, taking day ranges of the period from a shared counter (so that
  // uneven days even out). Falls back to this connection alone when no second
  // reader can join the snapshot.
  core::Status StreamParallel(const core::Period& period, std::span<core::DeliveryAccumulator> accumulators) {
    std::vector<std::unique_ptr<Connection>> readers;
    if (helper_ != nullptr) readers.push_back(std::move(helper_));
    while (readers.size() + 1 < accumulators.size()) {
      auto reader = connection_.OpenSnapshotReader(committed_);
      if (!reader.ok()) break;
      readers.push_back(*std::move(reader));
    }
    const std::int32_t days = period.last - period.first + 1;
    const std::int32_t workers = static_cast<std::int32_t>(readers.size()) + 1;
    if (workers == 1 || days < workers)
      return StreamDays(connection_, period.first, period.last, &accumulators.front());
    const std::int32_t ranges = std::min(days, workers * kChunksPerReader);
    std::atomic<std::int32_t> next_range{0};
    std::vector<std::optional<core::Error>> errors(static_cast<std::size_t>(workers));
    auto work = [&](Connection& connection, core::DeliveryAccumulator& accumulator, std::optional<core::Error>& error) {
      for (;;) {
        const std::int32_t range = next_range++;
        if (range >= ranges) return;
        const core::Date from = period.first + static_cast<std::int32_t>(std::int64_t{days} * range / ranges);
        const core::Date to = period.first + static_cast<std::int32_t>(std::int64_t{days} * (range + 1) / ranges) - 1;
        if (core::Status status = StreamDays(connection, from, to, &accumulator); !status.ok()) {
          error = status.error();
          next_range = ranges;  // the others stop too
          return;
        }
      }
    };
    core::RunInParallel(static_cast<std::size_t>(workers), [&](std::size_t w) {
      work(w == 0 ? connection_ : *readers[w - 1], accumulators[w], errors[w]);
    });
    for (const auto& error : errors) {
      if (error) return *error;
    }
    return core::Ok{};
  }

  static constexpr std::int32_t kChunksPerReader = 8;

  Connection& connection_;
  std::optional<BatchId> as_of_;
  BatchId last_batch_;
  BatchId committed_;
  std::size_t threads_;
  std::optional<std::string> supplier_;
  std::unique_ptr<Connection> helper_;  // a second reader, opened for the master data
  IdMap suppliers_, plants_, materials_, referenced_slots_;
  std::optional<core::NumberReader> named_form_;  // of every named id, if they have one (see NumberNamed)
  core::SparseNumbers named_numbers_;
  std::vector<std::string> named_ids_;  // the delivery ids complaints name, by slot
  // Which of them the period's stream met (set by the readers' threads).
  mutable std::vector<std::atomic<bool>> named_seen_;
  bool plant_companies_ = true;
  int schema_version_ = 0;
};

}  // namespace

core::Result<std::unique_ptr<Snapshot>> OpenSqlSnapshot(Connection& connection, std::optional<BatchId> as_of,
                                                        std::size_t threads, std::optional<std::string> supplier) {
  if (core::Status begun = connection.Begin(TransactionKind::kRead); !begun.ok()) return begun.error();
  // The first read fixes the snapshot; the last batch is read inside it.
  auto last = QueryInt(connection, "SELECT max(batch_id) FROM batches");
  if (!last.ok()) {
    connection.Rollback();
    return last.error();
  }
  if (as_of && *as_of > *last) {
    connection.Rollback();
    return core::BadInput("batch " + std::to_string(*as_of) + " does not exist (the last batch is " +
                          std::to_string(*last) + ")");
  }
  auto schema = QueryInt(connection, "SELECT max(version) FROM schema_version");
  if (!schema.ok()) {
    connection.Rollback();
    return schema.error();
  }
  // As of the last batch is the current state: read it without the history.
  const BatchId seen = as_of.value_or(*last);
  const std::optional<BatchId> read_as_of = seen < *last ? std::optional<BatchId>(seen) : std::nullopt;
  return std::unique_ptr<Snapshot>(std::make_unique<SqlSnapshot>(connection, read_as_of, seen, *last, threads,
                                                                 std::move(supplier), static_cast<int>(*schema)));
}

}  // namespace supeval::store::internal
