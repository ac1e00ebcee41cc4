// Writing one import batch: master data table by table, then the deliveries
// as they stream in, all inside one write transaction.
#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "adjustments_store.hpp"
#include "codec.hpp"
#include "contract_tables.hpp"
#include "schema.hpp"
#include "sql_store.hpp"

namespace supeval::store::internal {
namespace {

Value OptionalDecimal(const std::optional<core::Decimal>& value) {
  return value ? Value::Int(value->micros()) : Value::Null();
}

// Writes `count` rows of `table`, each filled by `fill(i, row)`, and returns
// the counts. `fill` returns false to skip a row.
template <class Fill>
core::Result<TableCounts> WriteRows(Connection& connection, const TableSpec& table, BatchId batch, std::size_t count,
                                    Fill fill) {
  auto loader = connection.LoadTable(table, batch);
  if (!loader.ok()) return loader.error();
  std::vector<Value> row(table.columns.size());
  for (std::size_t i = 0; i < count; ++i) {
    if (!fill(i, row)) continue;
    if (core::Status added = (*loader)->Add(row); !added.ok()) return added.error();
  }
  return (*loader)->Finish();
}

// Certificates and holds have no id of their own: they are keyed by what
// identifies them. Exact repeats are written once; two rows of one key with
// different values cannot both be kept and are refused.
template <class Record, class KeyOf, class ValueOf, class Describe>
core::Result<std::vector<std::size_t>> UniqueByKey(const std::vector<Record>& records, KeyOf key_of, ValueOf value_of,
                                                   Describe describe) {
  std::map<decltype(key_of(records.front())), std::size_t> first;
  std::vector<std::size_t> keep;
  std::string conflicts;
  int conflict_count = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto [where, inserted] = first.try_emplace(key_of(records[i]), i);
    if (inserted) {
      keep.push_back(i);
    } else if (value_of(records[where->second]) != value_of(records[i])) {
      if (++conflict_count <= 20) conflicts += describe(records[where->second], records[i]) + "\n";
    }
  }
  if (conflict_count > 0) {
    if (conflict_count > 20) conflicts += "... and " + std::to_string(conflict_count - 20) + " more\n";
    conflicts.pop_back();
    return core::BadInput(conflicts);
  }
  return keep;
}

// Holds whose current version a `holds` command wrote (impose or withdraw),
// by key, each with the withdrawn_on of the version that command replaced
// (none: the command imposed the hold).
struct HoldDecision {
  StoredHold current;
  std::optional<std::optional<core::Date>> replaced;
};
using HoldKeyTuple = std::tuple<std::string, core::HoldReason, core::Date>;
using HoldDecisions = std::map<HoldKeyTuple, HoldDecision>;

core::Result<HoldDecisions> ReadHoldDecisions(Connection& connection) {
  auto rows = connection.Query(SelectStoredHolds(true, "p.from_batch, p.withdrawn_on") +
                               " LEFT JOIN holds_history p ON p.supplier_id = h.supplier_id AND p.reason = h.reason "
                               "AND p.imposed_on = h.imposed_on AND p.to_batch = h.from_batch WHERE b.kind = 'holds'");
  if (!rows.ok()) return rows.error();
  HoldDecisions decisions;
  for (;;) {
    auto next = (*rows)->Next();
    if (!next.ok()) return next.error();
    if (!*next) return decisions;
    auto hold = ReadStoredHold(**rows);
    if (!hold.ok()) return hold.error();
    HoldDecision decision{*std::move(hold), std::nullopt};
    if (!(*rows)->IsNull(kStoredHoldColumnCount)) {
      decision.replaced = ReadOptionalDate(**rows, kStoredHoldColumnCount + 1);
    }
    const HoldKey& key = decision.current.key;
    decisions.emplace(HoldKeyTuple(key.supplier_id, key.reason, key.imposed_on), std::move(decision));
  }
}

std::string HoldState(const std::optional<core::Date>& withdrawn_on) {
  return withdrawn_on ? "withdrawn on " + withdrawn_on->ToString() : "active";
}

// "holds.csv:7: the quality hold of supplier S1 imposed on 2026-06-01 was
// withdrawn on 2026-06-20 with `holds withdraw` (batch 3, alice, <when>:
// <why>); this row shows it active, ..."
std::string HoldWarning(const core::Hold& row, const HoldDecision& decision, bool kept) {
  const StoredHold& d = decision.current;
  std::string text = "holds.csv" + (row.line > 0 ? ":" + std::to_string(row.line) : std::string()) + ": the " +
                     std::string(HoldReasonName(d.key.reason)) + " hold of supplier " + d.key.supplier_id +
                     " imposed on " + d.key.imposed_on.ToString() + " was " +
                     (d.withdrawn_on ? HoldState(d.withdrawn_on) + " with `holds withdraw`"
                                     : std::string("imposed with `holds impose`")) +
                     " (batch " + std::to_string(d.batch) + ", " + d.changed_by + ", " + d.changed_at + ": " + d.why +
                     "); this row shows it " + HoldState(row.withdrawn_on);
  return text + (kept ? ", as it was before that decision: the decision is kept"
                      : ", which is new: the row replaces the decision");
}

// An extract row of a complaint whose live confirmed_qty and confirmed_on an
// accepted adjustment wrote is stale when it repeats the values that
// acceptance replaced: the adjustment is kept (as a hold decision is). A row
// with values of its own replaces it. Either way a warning names the row.
std::string AdjustmentWarning(const core::Complaint& row, const AcceptedAdjustment& a, bool kept) {
  auto values = [](const std::optional<core::Decimal>& qty, const std::optional<core::Date>& on) {
    return "confirmed_qty " + (qty ? qty->ToString() : std::string("(empty)")) + ", confirmed_on " +
           (on ? on->ToString() : std::string("(empty)"));
  };
  return "complaints.csv: complaint " + row.id + " has " + values(a.confirmed_qty, a.confirmed_on) +
         " from an accepted ppm adjustment (" + a.decided_by + ", " + a.decided_at + "); this row shows " +
         values(row.confirmed_qty, row.confirmed_on) +
         (kept ? ", as it was before that adjustment: the adjustment is kept"
               : ", which is new: the row replaces the adjustment");
}

// The ids of one kind of master record, packed one after the other: the
// deliveries' lookups stay in a few hundred KB instead of striding through
// the records (tens of thousands of materials do not fit the caches).
class IdTable {
 public:
  template <class T>
  explicit IdTable(const std::vector<T>& records) {
    offsets_.reserve(records.size() + 1);
    for (const T& record : records) {
      offsets_.push_back(static_cast<std::uint32_t>(text_.size()));
      text_ += record.id;
    }
    offsets_.push_back(static_cast<std::uint32_t>(text_.size()));
  }
  [[nodiscard]] std::string_view operator[](core::Index i) const {
    return std::string_view(text_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }

 private:
  std::string text_;
  std::vector<std::uint32_t> offsets_;
};

class SqlImportSession final : public ImportSession {
 public:
  SqlImportSession(Connection& connection, BatchId batch) : connection_(connection), batch_(batch) {
    for (const TableSpec* table : VersionedTables()) counts_.push_back(TableCounts{std::string(table->name), 0, 0, 0});
  }
  SqlImportSession(const SqlImportSession&) = delete;
  SqlImportSession& operator=(const SqlImportSession&) = delete;
  ~SqlImportSession() override {
    deliveries_.reset();  // ends a bulk load before the rollback
    if (!committed_) connection_.Rollback();
  }

  [[nodiscard]] BatchId batch() const override { return batch_; }

  core::Status WriteMasterData(core::MasterData master) override {
    master_ = std::move(master);
    const core::MasterData& m = master_;
    auto certificates = UniqueByKey(
        m.certifications,
        [&](const core::Certification& c) { return std::tuple(m.suppliers[c.supplier].id, c.standard, c.valid_from); },
        [](const core::Certification& c) { return c.valid_to; },
        [&](const core::Certification& a, const core::Certification& b) {
          return "certifications.csv: supplier " + m.suppliers[a.supplier].id + " has " + a.standard + " valid from " +
                 a.valid_from.ToString() + " twice, valid to " + a.valid_to.ToString() + " and " +
                 b.valid_to.ToString() + ": the store keeps one certificate per supplier_id, standard and valid_from";
        });
    if (!certificates.ok()) return certificates.error();
    auto holds = UniqueByKey(
        m.holds, [&](const core::Hold& h) { return std::tuple(m.suppliers[h.supplier].id, h.reason, h.imposed_on); },
        [](const core::Hold& h) { return h.withdrawn_on; },
        [&](const core::Hold& a, const core::Hold& b) {
          auto withdrawn = [](const core::Hold& h) { return h.withdrawn_on ? h.withdrawn_on->ToString() : "(empty)"; };
          return "holds.csv: supplier " + m.suppliers[a.supplier].id + " has the " +
                 std::string(HoldReasonName(a.reason)) + " hold imposed on " + a.imposed_on.ToString() +
                 " twice, withdrawn_on " + withdrawn(a) + " and " + withdrawn(b) +
                 ": the store keeps one hold per supplier_id, reason and imposed_on";
        });
    if (!holds.ok()) return holds.error();
    auto decisions = ReadHoldDecisions(connection_);
    if (!decisions.ok()) return decisions.error();

    auto write = [&](std::size_t position, const TableSpec& table, std::size_t count, auto fill) -> core::Status {
      auto counts = WriteRows(connection_, table, batch_, count, fill);
      if (!counts.ok()) return counts.error();
      counts_[position] = *std::move(counts);
      return core::Ok{};
    };
    std::size_t position = 0;
    core::Status status =
        write(position++, SuppliersTable(), m.suppliers.size(), [&](std::size_t i, std::vector<Value>& row) {
          const core::Supplier& s = m.suppliers[i];
          row = {Value::Text(s.id), Value::Text(s.name), Value::Text(s.country), Value::Int(s.qz3_exempt ? 1 : 0)};
          return true;
        });
    if (!status.ok()) return status;
    status = write(position++, PlantsTable(), m.plants.size(), [&](std::size_t i, std::vector<Value>& row) {
      const core::Plant& p = m.plants[i];
      row = {Value::Text(p.id), Value::Text(p.name), Value::Int(p.work_week), Value::Text(p.company)};
      return true;
    });
    if (!status.ok()) return status;
    std::vector<std::pair<core::Index, const core::CalendarDay*>> days;
    for (core::Index p = 0; p < m.plants.size(); ++p) {
      for (const core::CalendarDay& day : m.plants[p].exceptions) days.emplace_back(p, &day);
    }
    status = write(position++, CalendarTable(), days.size(), [&](std::size_t i, std::vector<Value>& row) {
      row = {Value::Text(m.plants[days[i].first].id), Value::Date(days[i].second->date),
             Value::Int(days[i].second->working ? 1 : 0)};
      return true;
    });
    if (!status.ok()) return status;
    status = write(position++, MaterialsTable(), m.materials.size(), [&](std::size_t i, std::vector<Value>& row) {
      const core::Material& x = m.materials[i];
      row = {Value::Text(x.id), Value::Text(x.commodity), Value::Text(x.unit), Value::Text(MaterialKindName(x.kind))};
      return true;
    });
    if (!status.ok()) return status;
    auto accepted = ReadAcceptedAdjustments(connection_);
    if (!accepted.ok()) return accepted.error();
    status = write(position++, ComplaintsTable(), m.complaints.size(), [&](std::size_t i, std::vector<Value>& row) {
      const core::Complaint& c = KeepAdjustment(m.complaints[i], *accepted);
      row = {Value::Text(c.id),
             Value::Text(m.suppliers[c.supplier].id),
             Value::Text(m.plants[c.plant].id),
             Value::Date(c.date),
             Value::Text(ComplaintTypeName(c.type)),
             Value::Int(c.justified ? 1 : 0),
             Value::Int(c.open ? 1 : 0),
             c.delivery_id.empty() ? Value::Null() : Value::Text(c.delivery_id),
             c.material == core::kNoIndex ? Value::Null() : Value::Text(m.materials[c.material].id),
             Value::Text(c.defect),
             OptionalDecimal(c.rejected_qty),
             OptionalDecimal(c.affected_qty),
             Value::OptionalDate(c.returned_on),
             OptionalDecimal(c.confirmed_qty),
             Value::OptionalDate(c.confirmed_on)};
      return true;
    });
    if (!status.ok()) return status;
    status =
        write(position++, CertificationsTable(), certificates->size(), [&](std::size_t i, std::vector<Value>& row) {
          const core::Certification& c = m.certifications[(*certificates)[i]];
          row = {Value::Text(m.suppliers[c.supplier].id), Value::Text(c.standard), Value::Date(c.valid_from),
                 Value::Date(c.valid_to)};
          return true;
        });
    if (!status.ok()) return status;
    std::int64_t decisions_kept = 0;
    const std::size_t holds_position = position++;
    status = write(holds_position, HoldsTable(), holds->size(), [&](std::size_t i, std::vector<Value>& row) {
      const core::Hold& h = m.holds[(*holds)[i]];
      if (KeepsADecision(h, *decisions)) {
        ++decisions_kept;
        return false;
      }
      row = {Value::Text(m.suppliers[h.supplier].id), Value::Text(HoldReasonName(h.reason)), Value::Date(h.imposed_on),
             Value::OptionalDate(h.withdrawn_on)};
      return true;
    });
    if (!status.ok()) return status;
    counts_[holds_position].unchanged += decisions_kept;  // the stored hold stays as it is
    supplier_ids_.emplace(m.suppliers);
    plant_ids_.emplace(m.plants);
    material_ids_.emplace(m.materials);
    master_written_ = true;
    return core::Ok{};
  }

  core::Status WriteDelivery(const core::Delivery& d) override {
    if (!master_written_) return core::Internal("deliveries written before the master data");
    if (!deliveries_) {
      auto loader = connection_.LoadTable(DeliveriesTable(), batch_);
      if (!loader.ok()) return loader.error();
      deliveries_ = *std::move(loader);
    }
    const Value row[] = {Value::Text(d.id),
                         Value::Text((*supplier_ids_)[d.supplier]),
                         Value::Text((*plant_ids_)[d.plant]),
                         Value::Text((*material_ids_)[d.material]),
                         Value::Date(d.due_date),
                         Value::Int(d.due_qty.micros()),
                         Value::Date(d.receipt_date),
                         Value::Int(d.received_qty.micros()),
                         Value::Text(DeliveryTypeName(d.type))};
    return deliveries_->Add(row);
  }

  core::Status WriteContractData(const core::contracts::ContractData& data) override {
    if (!master_written_) return core::Internal("contract records written before the master data");
    if (core::Status finished = FinishDeliveries(); !finished.ok()) return finished;
    auto counts = WriteContractTables(connection_, batch_, master_, data);
    if (!counts.ok()) return counts.error();
    std::move(counts->begin(), counts->end(), counts_.begin() + kEvaluationTableCount);
    return core::Ok{};
  }

  core::Result<std::vector<TableCounts>> Finish() override {
    if (core::Status finished = FinishDeliveries(); !finished.ok()) return finished.error();
    finished_ = true;
    return counts_;
  }

  [[nodiscard]] const std::vector<std::string>& warnings() const override { return warnings_; }

 private:
  // Ends the deliveries' bulk load (the last of the evaluation's tables).
  core::Status FinishDeliveries() {
    if (!deliveries_) return core::Ok{};
    auto counts = deliveries_->Finish();
    deliveries_.reset();
    if (!counts.ok()) return counts.error();
    counts_[kEvaluationTableCount - 1] = *std::move(counts);
    return core::Ok{};
  }

  // `row`, or a copy holding the accepted adjustment's values when the row
  // only repeats what the adjustment replaced (AdjustmentWarning).
  const core::Complaint& KeepAdjustment(const core::Complaint& row,
                                        const std::map<std::string, AcceptedAdjustment, std::less<>>& accepted) {
    const auto found = accepted.find(row.id);
    if (found == accepted.end()) return row;
    const AcceptedAdjustment& a = found->second;
    if (row.confirmed_qty == a.confirmed_qty && row.confirmed_on == a.confirmed_on) return row;
    const bool stale = row.confirmed_qty == a.replaced_qty && row.confirmed_on == a.replaced_on;
    warnings_.push_back(AdjustmentWarning(row, a, stale));
    if (!stale) return row;
    kept_complaint_ = row;
    kept_complaint_.confirmed_qty = a.confirmed_qty;
    kept_complaint_.confirmed_on = a.confirmed_on;
    return kept_complaint_;
  }
  core::Complaint kept_complaint_;

 public:
  core::Result<BatchInfo> Commit(const BatchHeader& header) override {
    if (!finished_) return core::Internal("import committed before Finish()");
    if (core::Status recorded = RecordBatch(connection_, batch_, BatchKind::kImport, header, counts_, warnings_);
        !recorded.ok()) {
      return recorded.error();
    }
    if (core::Status committed = connection_.Commit(); !committed.ok()) return committed.error();
    committed_ = true;
    BatchInfo info;
    info.id = batch_;
    info.kind = BatchKind::kImport;
    info.created_at = header.created_at;
    info.user = header.user;
    info.source = header.source;
    info.comment = header.comment;
    info.files = header.files;
    info.tables = counts_;
    info.warnings = warnings_;
    return info;
  }

 private:
  // Whether extract row `h` meets a decision made with `holds` and only
  // repeats the state before it (see ImportSession::WriteMasterData): then
  // the decision is kept. A row that differs from a decision is warned of
  // either way.
  bool KeepsADecision(const core::Hold& h, const HoldDecisions& decisions) {
    const auto found = decisions.find(HoldKeyTuple(master_.suppliers[h.supplier].id, h.reason, h.imposed_on));
    if (found == decisions.end() || found->second.current.withdrawn_on == h.withdrawn_on) return false;
    const std::optional<std::optional<core::Date>>& replaced = found->second.replaced;
    const bool stale = replaced.has_value() && *replaced == h.withdrawn_on;
    warnings_.push_back(HoldWarning(h, found->second, stale));
    return stale;
  }

  Connection& connection_;
  BatchId batch_;
  core::MasterData master_;
  std::optional<IdTable> supplier_ids_, plant_ids_, material_ids_;
  bool master_written_ = false;
  bool finished_ = false;
  bool committed_ = false;
  std::unique_ptr<TableLoader> deliveries_;
  std::vector<TableCounts> counts_;
  std::vector<std::string> warnings_;
};

}  // namespace

core::Result<std::unique_ptr<ImportSession>> StartImportSession(Connection& connection) {
  auto batch = BeginBatch(connection);
  if (!batch.ok()) return batch.error();
  return std::unique_ptr<ImportSession>(std::make_unique<SqlImportSession>(connection, *batch));
}

}  // namespace supeval::store::internal
