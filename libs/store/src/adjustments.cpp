// The ppm adjustments: submissions, reports and decisions in `adjustments`,
// an accepted one written into its complaint as a batch of its own.
#include <utility>

#include "accounts_store.hpp"
#include "adjustments_store.hpp"
#include "codec.hpp"
#include "sql_store.hpp"

namespace supeval::store::internal {
namespace {

// The complaint's columns, then the adjustment's (null without one).
constexpr std::string_view kSelectAdjustable =
    "SELECT c.complaint_id, c.supplier_id, c.defect, c.rejected_qty_micros, c.returned_on, c.confirmed_qty_micros, "
    "c.confirmed_on, c.from_batch, (SELECT m.kind FROM materials m WHERE m.material_id = coalesce((SELECT "
    "d.material_id FROM deliveries d WHERE d.delivery_id = c.delivery_id), c.material_id)), a.complaint_id, "
    "a.confirmed_qty_micros, a.note, a.report_media_type, a.report_file_name, a.report_bytes, a.submitted_by, "
    "a.submitted_at, a.submitted_on, a.decided_by, a.decided_at, a.decision, a.reason, a.version, a.supplier_id "
    "FROM complaints c LEFT JOIN adjustments a ON a.complaint_id = c.complaint_id WHERE 1 = 1";
constexpr int kAdjustmentColumn = 9;

std::optional<std::string> OptionalText(const Row& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return std::string(row.Text(column));
}

StoredAdjustment ReadAdjustment(const Row& r, int at) {
  StoredAdjustment a;
  a.complaint_id = std::string(r.Text(at));
  a.confirmed_qty = core::Decimal::FromMicros(r.Int(at + 1));
  a.note = std::string(r.Text(at + 2));
  if (!r.IsNull(at + 3)) {
    a.report = AdjustmentReportInfo{std::string(r.Text(at + 3)), std::string(r.Text(at + 4)), r.Int(at + 5)};
  }
  a.submitted_by = std::string(r.Text(at + 6));
  a.submitted_at = std::string(r.Text(at + 7));
  a.submitted_on = r.Date(at + 8);
  a.decided_by = OptionalText(r, at + 9);
  a.decided_at = OptionalText(r, at + 10);
  if (!r.IsNull(at + 11)) a.accepted = r.Text(at + 11) == "accept";
  a.reason = std::string(r.Text(at + 12));
  a.version = r.Int(at + 13);
  a.supplier_id = std::string(r.Text(at + 14));
  return a;
}

core::Result<AdjustableComplaint> ReadAdjustable(const Row& r) {
  AdjustableComplaint c;
  c.complaint_id = std::string(r.Text(0));
  c.supplier_id = std::string(r.Text(1));
  c.defect = std::string(r.Text(2));
  c.rejected_qty = ReadOptionalDecimal(r, 3);
  c.returned_on = ReadOptionalDate(r, 4);
  c.confirmed_qty = ReadOptionalDecimal(r, 5);
  c.confirmed_on = ReadOptionalDate(r, 6);
  c.batch = r.Int(7);
  if (!r.IsNull(8)) {
    c.material_kind = ParseMaterialKind(r.Text(8));
    if (!c.material_kind) return Corrupt("materials", "kind '" + std::string(r.Text(8)) + "'");
  }
  if (!r.IsNull(kAdjustmentColumn)) c.adjustment = ReadAdjustment(r, kAdjustmentColumn);
  return c;
}

core::Result<std::vector<AdjustableComplaint>> SelectAdjustable(Connection& connection,
                                                                const AdjustableFilter& filter) {
  std::string sql(kSelectAdjustable);
  std::vector<Value> params;
  if (filter.returned_only) sql += " AND c.returned_on IS NOT NULL";
  if (filter.supplier_id) {
    sql += " AND c.supplier_id = ?";
    params.push_back(Value::Text(*filter.supplier_id));
  }
  if (filter.complaint_id) {
    sql += " AND c.complaint_id = ?";
    params.push_back(Value::Text(*filter.complaint_id));
  }
  sql += " ORDER BY c.complaint_id";
  auto rows = connection.Query(sql, params);
  if (!rows.ok()) return rows.error();
  std::vector<AdjustableComplaint> found;
  for (;;) {
    auto next = (*rows)->Next();
    if (!next.ok()) return next.error();
    if (!*next) return found;
    auto complaint = ReadAdjustable(**rows);
    if (!complaint.ok()) return complaint.error();
    found.push_back(*std::move(complaint));
  }
}

// The complaint and its adjustment inside the open transaction; kNotFound
// when there is no such complaint.
core::Result<AdjustableComplaint> FindComplaint(Connection& connection, const std::string& complaint_id) {
  auto found = SelectAdjustable(connection, AdjustableFilter{std::nullopt, complaint_id, false});
  if (!found.ok()) return found.error();
  if (found->empty()) return core::Failure(core::ErrorCode::kNotFound, "no complaint '" + complaint_id + "'");
  return std::move(found->front());
}

// Rolls an open transaction back unless it was committed.
class WriteTransaction {
 public:
  explicit WriteTransaction(Connection& connection) : connection_(connection) {}
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  ~WriteTransaction() {
    if (!committed_) connection_.Rollback();
  }
  core::Status Commit() {
    if (core::Status done = connection_.Commit(); !done.ok()) return done;
    committed_ = true;
    return core::Ok{};
  }

 private:
  Connection& connection_;
  bool committed_ = false;
};

core::Status Append(Connection& connection, const AuditEntry& audit) {
  auto appended = AppendAuditEntry(connection, audit);
  if (!appended.ok()) return appended.error();
  return core::Ok{};
}

core::Error AlreadyDecided(const std::string& complaint_id) {
  return core::Failure(core::ErrorCode::kConflict,
                       "the adjustment of complaint '" + complaint_id + "' is decided already", "already-decided");
}

// Writes an accepted adjustment's values into its complaint as batch `batch`.
core::Status WriteIntoComplaint(Connection& connection, BatchId batch, const AdjustableComplaint& complaint,
                                const StoredAdjustment& adjustment, const BatchHeader& header) {
  const Value values[] = {Value::Int(adjustment.confirmed_qty.micros()), Value::Date(adjustment.submitted_on),
                          Value::Int(batch), Value::Text(complaint.complaint_id)};
  auto updated = connection.Execute(
      "UPDATE complaints SET confirmed_qty_micros = ?, confirmed_on = ?, from_batch = ? WHERE complaint_id = ?",
      values);
  if (!updated.ok()) return updated.error();
  const bool same = complaint.confirmed_qty == adjustment.confirmed_qty &&
                    complaint.confirmed_on == std::optional<core::Date>(adjustment.submitted_on);
  const std::vector<TableCounts> tables = {{"complaints", 0, same ? 0 : 1, same ? 1 : 0}};
  return RecordBatch(connection, batch, BatchKind::kAdjustment, header, tables, {});
}

}  // namespace

core::Result<std::vector<AdjustableComplaint>> ListAdjustable(Connection& connection, const AdjustableFilter& filter) {
  if (core::Status begun = connection.Begin(TransactionKind::kRead); !begun.ok()) return begun.error();
  auto found = SelectAdjustable(connection, filter);
  connection.Rollback();
  return found;
}

core::Status InsertAdjustment(Connection& connection, const StoredAdjustment& a, const AuditEntry& audit) {
  if (core::Status begun = connection.Begin(TransactionKind::kShortWrite); !begun.ok()) return begun;
  WriteTransaction transaction(connection);
  auto complaint = FindComplaint(connection, a.complaint_id);
  if (!complaint.ok()) return complaint.error();
  if (complaint->adjustment) {
    return core::Failure(core::ErrorCode::kConflict,
                         "complaint '" + a.complaint_id + "' has an adjustment submitted already", "conflict");
  }
  const Value row[] = {Value::Text(a.complaint_id),          Value::Text(complaint->supplier_id),
                       Value::Int(a.confirmed_qty.micros()), Value::Text(a.note),
                       Value::Text(a.submitted_by),          Value::Text(a.submitted_at),
                       Value::Date(a.submitted_on)};
  auto inserted = connection.Execute(
      "INSERT INTO adjustments (complaint_id, supplier_id, confirmed_qty_micros, note, submitted_by, submitted_at, "
      "submitted_on, reason, version) VALUES (?, ?, ?, ?, ?, ?, ?, '', 1)",
      row);
  if (!inserted.ok()) return inserted.error();
  if (core::Status audited = Append(connection, audit); !audited.ok()) return audited;
  return transaction.Commit();
}

core::Status AttachReport(Connection& connection, const std::string& complaint_id, const AdjustmentReport& report,
                          const AuditEntry& audit) {
  if (core::Status begun = connection.Begin(TransactionKind::kShortWrite); !begun.ok()) return begun;
  WriteTransaction transaction(connection);
  auto complaint = FindComplaint(connection, complaint_id);
  if (!complaint.ok()) return complaint.error();
  if (!complaint->adjustment) {
    return core::Failure(core::ErrorCode::kConflict,
                         "complaint '" + complaint_id + "' has no adjustment submitted to attach a report to",
                         "conflict");
  }
  if (complaint->adjustment->accepted) return AlreadyDecided(complaint_id);
  const Value row[] = {Value::Text(report.info.media_type), Value::Text(report.info.file_name),
                       Value::Int(report.info.bytes), Value::Text(report.base64), Value::Text(complaint_id)};
  auto updated = connection.Execute(
      "UPDATE adjustments SET report_media_type = ?, report_file_name = ?, report_bytes = ?, report_base64 = ?, "
      "version = version + 1 WHERE complaint_id = ?",
      row);
  if (!updated.ok()) return updated.error();
  if (core::Status audited = Append(connection, audit); !audited.ok()) return audited;
  return transaction.Commit();
}

core::Result<std::optional<AdjustmentReport>> ReadReport(Connection& connection, const std::string& complaint_id) {
  const Value key[] = {Value::Text(complaint_id)};
  if (core::Status begun = connection.Begin(TransactionKind::kRead); !begun.ok()) return begun.error();
  auto rows = connection.Query(
      "SELECT report_media_type, report_file_name, report_bytes, report_base64 FROM adjustments "
      "WHERE complaint_id = ? AND report_media_type IS NOT NULL",
      key);
  std::optional<AdjustmentReport> report;
  core::Status status = core::Ok{};
  if (!rows.ok()) {
    status = rows.error();
  } else if (auto next = (*rows)->Next(); !next.ok()) {
    status = next.error();
  } else if (*next) {
    const Row& r = **rows;
    report = AdjustmentReport{{std::string(r.Text(0)), std::string(r.Text(1)), r.Int(2)}, std::string(r.Text(3))};
  }
  rows = core::Error{};  // the statement ends before the transaction
  connection.Rollback();
  if (!status.ok()) return status.error();
  return report;
}

core::Result<StoredAdjustment> Decide(Connection& connection, const std::string& complaint_id,
                                      const AdjustmentDecision& decision, const BatchHeader& header) {
  auto batch = BeginBatch(connection, TransactionKind::kShortWrite);
  if (!batch.ok()) return batch.error();
  WriteTransaction transaction(connection);
  auto complaint = FindComplaint(connection, complaint_id);
  if (!complaint.ok()) return complaint.error();
  if (!complaint->adjustment) {
    return core::Failure(core::ErrorCode::kConflict, "complaint '" + complaint_id + "' has no adjustment submitted",
                         "conflict");
  }
  StoredAdjustment adjustment = *complaint->adjustment;
  if ((decision.expected_version && *decision.expected_version != adjustment.version) ||
      (decision.expected_batch && *decision.expected_batch != complaint->batch)) {
    return core::Failure(core::ErrorCode::kConflict, "complaint '" + complaint_id + "' has changed since it was read",
                         "precondition-failed");
  }
  if (adjustment.accepted) return AlreadyDecided(complaint_id);
  const Value values[] = {Value::Text(decision.by),
                          Value::Text(decision.at),
                          Value::Text(decision.accept ? "accept" : "reject"),
                          Value::Text(decision.reason),
                          complaint->confirmed_qty ? Value::Int(complaint->confirmed_qty->micros()) : Value::Null(),
                          Value::OptionalDate(complaint->confirmed_on),
                          Value::Text(complaint_id)};
  auto updated = connection.Execute(
      "UPDATE adjustments SET decided_by = ?, decided_at = ?, decision = ?, reason = ?, "
      "replaced_confirmed_qty_micros = ?, replaced_confirmed_on = ?, version = version + 1 WHERE complaint_id = ?",
      values);
  if (!updated.ok()) return updated.error();
  if (decision.accept) {
    if (core::Status written = WriteIntoComplaint(connection, *batch, *complaint, adjustment, header); !written.ok()) {
      return written.error();
    }
  } else if (header.audit) {
    if (core::Status audited = Append(connection, *header.audit); !audited.ok()) return audited.error();
  }
  if (decision.in_transaction) {
    if (core::Status done = decision.in_transaction(); !done.ok()) return done.error();
  }
  if (core::Status committed = transaction.Commit(); !committed.ok()) return committed.error();
  adjustment.decided_by = decision.by;
  adjustment.decided_at = decision.at;
  adjustment.accepted = decision.accept;
  adjustment.reason = decision.reason;
  ++adjustment.version;
  return adjustment;
}

core::Result<std::map<std::string, AcceptedAdjustment, std::less<>>> ReadAcceptedAdjustments(Connection& connection) {
  auto rows = connection.Query(
      "SELECT a.complaint_id, a.confirmed_qty_micros, a.submitted_on, a.replaced_confirmed_qty_micros, "
      "a.replaced_confirmed_on, a.decided_by, a.decided_at FROM adjustments a JOIN complaints c "
      "ON c.complaint_id = a.complaint_id WHERE a.decision = 'accept' "
      "AND c.confirmed_qty_micros = a.confirmed_qty_micros AND c.confirmed_on = a.submitted_on");
  if (!rows.ok()) return rows.error();
  std::map<std::string, AcceptedAdjustment, std::less<>> accepted;
  for (;;) {
    auto next = (*rows)->Next();
    if (!next.ok()) return next.error();
    if (!*next) return accepted;
    const Row& r = **rows;
    accepted.emplace(std::string(r.Text(0)),
                     AcceptedAdjustment{core::Decimal::FromMicros(r.Int(1)), r.Date(2), ReadOptionalDecimal(r, 3),
                                        ReadOptionalDate(r, 4), std::string(r.Text(5)), std::string(r.Text(6))});
  }
}

}  // namespace supeval::store::internal
