// Opening a store, and the Store operations shared by both back ends:
// batches, holds, published runs.
#include "supeval/store/store.hpp"

#include <algorithm>
#include <exception>
#include <map>

#include "accounts_store.hpp"
#include "adjustments_store.hpp"
#include "codec.hpp"
#include "contract_tables.hpp"
#include "discussions_store.hpp"
#include "schema.hpp"
#include "sql_store.hpp"

namespace supeval::store {

using internal::Connection;
using internal::Value;

int LatestSchemaVersion() { return internal::Migrations(Backend::kSqlite).back().version; }

std::string_view BatchKindName(BatchKind kind) {
  switch (kind) {
    case BatchKind::kImport:
      return "import";
    case BatchKind::kHolds:
      return "holds";
    case BatchKind::kAdjustment:
      return "adjustment";
    case BatchKind::kEscalation:
      return "escalation";
  }
  return "import";
}

const std::vector<std::string>& TableNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const internal::TableSpec* table : internal::VersionedTables()) names.emplace_back(table->name);
    return names;
  }();
  return kNames;
}

TableCounts BatchInfo::Totals() const {
  TableCounts total{"total", 0, 0, 0};
  for (const TableCounts& table : tables) {
    total.added += table.added;
    total.changed += table.changed;
    total.unchanged += table.unchanged;
  }
  return total;
}

core::Result<DatabaseUrl> ParseDatabaseUrl(std::string_view url) {
  auto starts_with = [&](std::string_view prefix) { return url.substr(0, prefix.size()) == prefix; };
  if (starts_with("postgresql://") || starts_with("postgres://"))
    return DatabaseUrl{Backend::kPostgres, std::string(url)};
  for (const std::string_view prefix : {"sqlite://", "sqlite:"}) {
    if (!starts_with(prefix)) continue;
    const std::string_view path = url.substr(prefix.size());
    if (path.empty()) break;
    return DatabaseUrl{Backend::kSqlite, std::string(path)};
  }
  return core::BadInput("'" + std::string(url) +
                            "' is not a database URL (expected sqlite:PATH, e.g. sqlite:./supeval.db, or "
                            "postgresql://USER@HOST:PORT/DATABASE)",
                        {"", 0, "--db"});
}

namespace internal {

core::Status Connection::ForEachStreamed(std::string_view sql, std::span<const Value> params, const RowVisitor& visit) {
  auto rows = Stream(sql, params);
  if (!rows.ok()) return rows.error();
  for (;;) {
    auto next = (*rows)->Next();
    if (!next.ok()) return next.error();
    if (!*next) return core::Ok{};
    try {
      if (core::Status visited = visit(**rows); !visited.ok()) return visited;
    } catch (const std::exception& e) {
      return core::Internal(std::string("reading rows: ") + e.what());
    }
  }
}

core::Result<std::int64_t> QueryInt(Connection& connection, std::string_view sql, std::span<const Value> params,
                                    std::int64_t fallback) {
  auto rows = connection.Query(sql, params);
  if (!rows.ok()) return rows.error();
  auto next = (*rows)->Next();
  if (!next.ok()) return next.error();
  if (!*next || (*rows)->IsNull(0)) return fallback;
  return (*rows)->Int(0);
}

core::Result<BatchId> BeginBatch(Connection& connection, TransactionKind kind) {
  if (core::Status begun = connection.Begin(kind); !begun.ok()) return begun.error();
  auto last = QueryInt(connection, "SELECT max(batch_id) FROM batches");
  if (!last.ok()) {
    connection.Rollback();
    return last.error();
  }
  return *last + 1;
}

core::Status RecordBatch(Connection& connection, BatchId id, BatchKind kind, const BatchHeader& header,
                         const std::vector<TableCounts>& tables, const std::vector<std::string>& warnings) {
  const Value batch[] = {Value::Int(id),           Value::Text(BatchKindName(kind)), Value::Text(header.created_at),
                         Value::Text(header.user), Value::Text(header.source),       Value::Text(header.comment)};
  auto inserted = connection.Execute(
      "INSERT INTO batches (batch_id, kind, created_at, user_name, source, comment) VALUES (?, ?, ?, ?, ?, ?)", batch);
  if (!inserted.ok()) return inserted.error();
  for (const BatchFile& file : header.files) {
    const Value row[] = {Value::Int(id), Value::Text(file.name), Value::Text(file.sha256), Value::Int(file.bytes)};
    auto done =
        connection.Execute("INSERT INTO batch_files (batch_id, file_name, sha256, bytes) VALUES (?, ?, ?, ?)", row);
    if (!done.ok()) return done.error();
  }
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const TableCounts& t = tables[i];
    const Value row[] = {Value::Int(id),        Value::Int(static_cast<std::int64_t>(i)),
                         Value::Text(t.table),  Value::Int(t.added),
                         Value::Int(t.changed), Value::Int(t.unchanged)};
    auto done = connection.Execute(
        "INSERT INTO batch_tables (batch_id, position, table_name, added, changed, unchanged) VALUES (?, ?, ?, ?, ?, "
        "?)",
        row);
    if (!done.ok()) return done.error();
  }
  for (std::size_t i = 0; i < warnings.size(); ++i) {
    const Value row[] = {Value::Int(id), Value::Int(static_cast<std::int64_t>(i)), Value::Text(warnings[i])};
    auto done = connection.Execute("INSERT INTO batch_warnings (batch_id, position, warning) VALUES (?, ?, ?)", row);
    if (!done.ok()) return done.error();
  }
  if (header.audit) {
    AuditEntry entry = *header.audit;
    if (entry.target.empty()) entry.target = std::to_string(id);
    if (auto appended = AppendAuditEntry(connection, entry); !appended.ok()) return appended.error();
  }
  return core::Ok{};
}

namespace {

std::string_view StatusName(core::EvaluationStatus status) {
  return status == core::EvaluationStatus::kEvaluated ? "evaluated" : "not_evaluated";
}

// Runs `work` inside a read transaction that it may stream in.
template <class Work>
auto InRead(Connection& connection, Work work) -> decltype(work()) {
  if (core::Status begun = connection.Begin(TransactionKind::kRead); !begun.ok()) return begun.error();
  auto result = work();
  connection.Rollback();
  return result;
}

template <class Row>
core::Status ForEachRow(Connection& connection, std::string_view sql, std::span<const Value> params, Row row) {
  auto rows = connection.Query(sql, params);
  if (!rows.ok()) return rows.error();
  for (;;) {
    auto next = (*rows)->Next();
    if (!next.ok()) return next.error();
    if (!*next) return core::Ok{};
    if (core::Status status = row(**rows); !status.ok()) return status;
  }
}

BatchKind ParseBatchKind(std::string_view name) {
  for (const BatchKind kind : {BatchKind::kHolds, BatchKind::kAdjustment, BatchKind::kEscalation}) {
    if (name == BatchKindName(kind)) return kind;
  }
  return BatchKind::kImport;
}

class SqlStore final : public Store {
 public:
  SqlStore(std::unique_ptr<Connection> connection, int schema_version)
      : connection_(std::move(connection)),
        accounts_(MakeAccountStore(*connection_)),
        discussions_(MakeDiscussionStore(*connection_)),
        schema_version_(schema_version) {}

  AccountStore& accounts() override { return *accounts_; }
  DiscussionStore& discussions() override { return *discussions_; }

  [[nodiscard]] Backend backend() const override { return connection_->backend(); }
  [[nodiscard]] int schema_version() const override { return schema_version_; }

  core::Result<std::unique_ptr<ImportSession>> BeginImport() override { return StartImportSession(*connection_); }

  core::Result<std::unique_ptr<Snapshot>> OpenSnapshot(std::optional<BatchId> as_of, std::size_t threads) override {
    return OpenSqlSnapshot(*connection_, as_of, threads);
  }

  core::Result<std::unique_ptr<Snapshot>> OpenSupplierSnapshot(std::optional<BatchId> as_of,
                                                               const std::string& supplier_id) override {
    return OpenSqlSnapshot(*connection_, as_of, 1, supplier_id);
  }

  core::Result<BatchId> LastBatch() override { return QueryInt(*connection_, "SELECT max(batch_id) FROM batches"); }

  core::Result<std::vector<BatchInfo>> ListBatches(std::optional<BatchId> up_to) override {
    return InRead(*connection_, [&]() -> core::Result<std::vector<BatchInfo>> {
      const Value limit[] = {Value::Int(up_to.value_or(std::numeric_limits<BatchId>::max()))};
      std::vector<BatchInfo> batches;
      std::map<BatchId, std::size_t> position;
      core::Status status =
          ForEachRow(*connection_,
                     "SELECT batch_id, kind, created_at, user_name, source, comment FROM batches WHERE batch_id <= ? "
                     "ORDER BY batch_id",
                     limit, [&](const internal::Rows& r) {
                       BatchInfo info;
                       info.id = r.Int(0);
                       info.kind = ParseBatchKind(r.Text(1));
                       info.created_at = std::string(r.Text(2));
                       info.user = std::string(r.Text(3));
                       info.source = std::string(r.Text(4));
                       info.comment = std::string(r.Text(5));
                       position[info.id] = batches.size();
                       batches.push_back(std::move(info));
                       return core::Status(core::Ok{});
                     });
      if (!status.ok()) return status.error();
      status = ForEachRow(
          *connection_,
          "SELECT batch_id, file_name, sha256, bytes FROM batch_files WHERE batch_id <= ? "
          "ORDER BY batch_id, file_name",
          limit, [&](const internal::Rows& r) {
            batches[position.at(r.Int(0))].files.push_back({std::string(r.Text(1)), std::string(r.Text(2)), r.Int(3)});
            return core::Status(core::Ok{});
          });
      if (!status.ok()) return status.error();
      status = ForEachRow(
          *connection_,
          "SELECT batch_id, table_name, added, changed, unchanged FROM batch_tables "
          "WHERE batch_id <= ? ORDER BY batch_id, position",
          limit, [&](const internal::Rows& r) {
            batches[position.at(r.Int(0))].tables.push_back({std::string(r.Text(1)), r.Int(2), r.Int(3), r.Int(4)});
            return core::Status(core::Ok{});
          });
      if (!status.ok()) return status.error();
      if (schema_version_ < internal::kBatchWarningsVersion) return batches;  // read-only, not yet upgraded
      status = ForEachRow(
          *connection_, "SELECT batch_id, warning FROM batch_warnings WHERE batch_id <= ? ORDER BY batch_id, position",
          limit, [&](const internal::Rows& r) {
            batches[position.at(r.Int(0))].warnings.emplace_back(r.Text(1));
            return core::Status(core::Ok{});
          });
      if (!status.ok()) return status.error();
      return batches;
    });
  }

  core::Result<BatchInfo> ReadBatch(BatchId id) override {
    auto batches = ListBatches(id);
    if (!batches.ok()) return batches.error();
    if (batches->empty() || batches->back().id != id) {
      return core::BadInput("there is no batch " + std::to_string(id));
    }
    return std::move(batches->back());
  }

  core::Result<BatchInfo> ImposeHold(const HoldKey& hold, const BatchHeader& header) override {
    auto batch = BeginBatch(*connection_, TransactionKind::kShortWrite);
    if (!batch.ok()) return batch.error();
    Rollback rollback(*connection_);
    const Value supplier[] = {Value::Text(hold.supplier_id)};
    auto known = QueryInt(*connection_, "SELECT count(*) FROM suppliers WHERE supplier_id = ?", supplier);
    if (!known.ok()) return known.error();
    if (*known == 0) {
      core::Error unknown =
          core::Failure(core::ErrorCode::kRefused, "unknown supplier '" + hold.supplier_id + "'", "rule-violation");
      unknown.location.field = "--supplier";
      return unknown;
    }
    auto existing = FindHold(hold);
    if (!existing.ok()) return existing.error();
    if (existing->has_value()) {
      return core::Failure(core::ErrorCode::kConflict,
                           "supplier " + hold.supplier_id + " already has a " +
                               std::string(internal::HoldReasonName(hold.reason)) + " hold imposed on " +
                               hold.imposed_on.ToString() +
                               (**existing ? " (withdrawn on " + (**existing)->ToString() + ")" : std::string()),
                           "conflict");
    }
    return WriteHold(*batch, hold, std::nullopt, header, rollback);
  }

  core::Result<BatchInfo> WithdrawHold(const HoldKey& hold, core::Date withdrawn_on,
                                       const BatchHeader& header) override {
    auto batch = BeginBatch(*connection_, TransactionKind::kShortWrite);
    if (!batch.ok()) return batch.error();
    Rollback rollback(*connection_);
    auto existing = FindHold(hold);
    if (!existing.ok()) return existing.error();
    const std::string what = "the " + std::string(internal::HoldReasonName(hold.reason)) + " hold of supplier " +
                             hold.supplier_id + " imposed on " + hold.imposed_on.ToString();
    if (!existing->has_value()) return core::Failure(core::ErrorCode::kNotFound, "there is no " + what, "not-found");
    if (**existing) {
      return core::Failure(core::ErrorCode::kConflict, what + " was already withdrawn on " + (**existing)->ToString(),
                           "already-withdrawn");
    }
    if (withdrawn_on < hold.imposed_on) {
      return core::Failure(core::ErrorCode::kRefused,
                           "cannot withdraw " + what + " on " + withdrawn_on.ToString() + ", before it was imposed",
                           "rule-violation");
    }
    return WriteHold(*batch, hold, withdrawn_on, header, rollback);
  }

  core::Result<BatchInfo> RecordEscalationDecision(const EscalationDecisionRecord& decision,
                                                   const BatchHeader& header) override {
    if (schema_version_ < internal::kEscalationBatchesVersion) {
      return core::Internal("the database predates recorded escalation decisions: open it writable to upgrade it");
    }
    auto batch = BeginBatch(*connection_, TransactionKind::kShortWrite);
    if (!batch.ok()) return batch.error();
    Rollback rollback(*connection_);
    const Value contract[] = {Value::Text(decision.contract_id)};
    auto known = QueryInt(*connection_, "SELECT count(*) FROM contracts WHERE contract_id = ?", contract);
    if (!known.ok()) return known.error();
    if (*known == 0) {
      core::Error unknown =
          core::Failure(core::ErrorCode::kRefused, "unknown contract '" + decision.contract_id + "'", "rule-violation");
      unknown.location.field = "/contract_id";
      return unknown;
    }
    // Lines of the log as the file numbers them: the header is line 1.
    auto last = QueryInt(*connection_, "SELECT coalesce(max(line_number), 1) FROM escalation_decisions", {});
    if (!last.ok()) return last.error();
    auto loader = connection_->LoadTable(internal::EscalationDecisionsTable(), *batch);
    if (!loader.ok()) return loader.error();
    const Value row[] = {Value::Int(*last + 1),          Value::Text(decision.contract_id),
                         Value::Date(decision.date),     Value::Text(decision.decision),
                         Value::Text(decision.user),     Value::Text(decision.reason),
                         Value::Text(decision.to_level), Value::Text(decision.cause)};
    if (core::Status added = (*loader)->Add(row); !added.ok()) return added.error();
    auto counts = (*loader)->Finish();
    loader->reset();
    if (!counts.ok()) return counts.error();
    return FinishBatch(*batch, BatchKind::kEscalation, header, {*counts}, rollback);
  }

  core::Result<std::vector<StoredHold>> ListHolds(const std::optional<std::string>& supplier_id) override {
    return InRead(*connection_, [&]() -> core::Result<std::vector<StoredHold>> {
      std::vector<Value> params;
      std::string where;
      if (supplier_id) {
        where = " WHERE h.supplier_id = ?";
        params.push_back(Value::Text(*supplier_id));
      }
      auto holds = SelectHolds(where, params);
      if (!holds.ok()) return holds.error();
      std::sort(holds->begin(), holds->end(), [](const StoredHold& a, const StoredHold& b) {
        return std::tie(a.key.supplier_id, a.key.reason, a.key.imposed_on) <
               std::tie(b.key.supplier_id, b.key.reason, b.key.imposed_on);
      });
      return holds;
    });
  }

  core::Result<std::optional<StoredHold>> ReadHold(HoldId id) override {
    if (schema_version_ < internal::kHoldIdsVersion) return std::optional<StoredHold>();  // no ids yet
    return InRead(*connection_, [&]() -> core::Result<std::optional<StoredHold>> {
      const Value params[] = {Value::Int(id)};
      auto holds = SelectHolds(" WHERE i.hold_id = ?", params);
      if (!holds.ok()) return holds.error();
      if (holds->empty()) return std::optional<StoredHold>();
      return std::optional<StoredHold>(std::move(holds->front()));
    });
  }

  core::Result<RunId> PublishRun(const RunRecord& run) override {
    if (core::Status begun = connection_->Begin(TransactionKind::kAppend); !begun.ok()) return begun.error();
    Rollback rollback(*connection_);
    const RunSummary& s = run.summary;
    const Value row[] = {Value::Text(s.period),     Value::Date(run.period_first), Value::Date(run.period_last),
                         Value::Text(s.rules_name), Value::Text(run.rules_toml),   Value::Text(s.rules_sha256),
                         Value::Int(s.as_of_batch), Value::Text(s.created_at),     Value::Text(s.user)};
    auto id = QueryInt(*connection_,
                       "INSERT INTO runs (period, period_first, period_last, rules_name, rules_toml, rules_sha256, "
                       "as_of_batch, created_at, user_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING run_id",
                       row);
    if (!id.ok()) return id.error();
    const Value batch_params[] = {Value::Int(*id), Value::Int(s.as_of_batch)};
    auto batches = connection_->Execute(
        "INSERT INTO run_batches (run_id, batch_id) SELECT ?, batch_id FROM batches WHERE batch_id <= ?", batch_params);
    if (!batches.ok()) return batches.error();
    for (const core::SupplierResult& r : run.results) {
      std::vector<Value> result = {Value::Int(*id)};
      AppendResultValues(r, result);
      auto inserted = connection_->Execute(
          "INSERT INTO run_results (run_id, supplier_id, name, status, reason, deliveries, series_deliveries, "
          "sample_deliveries, complaints, sample_complaints, ppm, qz1, qz2, qz3, qz4, qz, lz1, lz2, lz, total, "
          "grade_class) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          result);
      if (!inserted.ok()) return inserted.error();
      for (std::size_t i = 0; i < r.warnings.size(); ++i) {
        const Value warning[] = {Value::Int(*id), Value::Text(r.supplier_id), Value::Int(static_cast<std::int64_t>(i)),
                                 Value::Text(r.warnings[i])};
        auto done = connection_->Execute(
            "INSERT INTO run_warnings (run_id, supplier_id, position, warning) VALUES (?, ?, ?, ?)", warning);
        if (!done.ok()) return done.error();
      }
    }
    if (core::Status scoped = InsertScopedRows(*id, run.scoped); !scoped.ok()) return scoped.error();
    if (run.audit) {
      AuditEntry entry = *run.audit;
      if (entry.target.empty()) entry.target = std::to_string(*id);
      if (auto appended = AppendAuditEntry(*connection_, entry); !appended.ok()) return appended.error();
    }
    if (run.in_transaction) {
      if (core::Status done = run.in_transaction(*id); !done.ok()) return done.error();
    }
    if (core::Status committed = connection_->Commit(); !committed.ok()) return committed.error();
    rollback.Release();
    return *id;
  }

  // A result row's columns as run_results and run_scope_results store them,
  // from supplier_id to grade_class, appended to `values`.
  static void AppendResultValues(const core::SupplierResult& r, std::vector<Value>& values) {
    auto score = [](const std::optional<double>& value) { return value ? Value::Real(*value) : Value::Null(); };
    values.insert(values.end(),
                  {Value::Text(r.supplier_id), Value::Text(r.name), Value::Text(StatusName(r.status)),
                   Value::Text(r.reason), Value::Int(r.deliveries), Value::Int(r.series_deliveries),
                   Value::Int(r.sample_deliveries), Value::Int(r.complaints), Value::Int(r.sample_complaints)});
    for (const auto* figure : {&r.ppm, &r.qz1, &r.qz2, &r.qz3, &r.qz4, &r.qz, &r.lz1, &r.lz2, &r.lz, &r.total}) {
      values.push_back(score(*figure));
    }
    values.push_back(Value::Text(r.grade_class));
  }

  // A run's rows per plant or company (docs/EVALUATION.md, "Scopes").
  core::Status InsertScopedRows(RunId id, const std::vector<ScopedRunRows>& scoped) {
    if (scoped.empty()) return core::Ok{};
    if (schema_version_ < internal::kRunScopesVersion) return core::Internal("the store has no scoped run rows");
    for (const ScopedRunRows& scope : scoped) {
      for (const core::ScopedResult& row : scope.rows) {
        std::vector<Value> values = {Value::Int(id), Value::Text(core::ScopeKindName(scope.kind)),
                                     Value::Text(row.scope_id)};
        AppendResultValues(row.result, values);
        std::string warnings;
        for (const std::string& warning : row.result.warnings) warnings += (warnings.empty() ? "" : "\n") + warning;
        values.push_back(Value::Text(warnings));
        auto inserted = connection_->Execute(
            "INSERT INTO run_scope_results (run_id, scope_kind, scope_id, supplier_id, name, status, reason, "
            "deliveries, series_deliveries, sample_deliveries, complaints, sample_complaints, ppm, qz1, qz2, qz3, "
            "qz4, qz, lz1, lz2, lz, total, grade_class, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values);
        if (!inserted.ok()) return inserted.error();
      }
    }
    return core::Ok{};
  }

  // Adds to each run of `runs` the scopes it holds rows of beyond the
  // supplier's, in ScopeKind order.
  core::Status AddScopes(std::vector<RunSummary>& runs) {
    if (schema_version_ < internal::kRunScopesVersion || runs.empty()) return core::Ok{};
    std::map<RunId, std::vector<std::string>> held;
    core::Status status = ForEachRow(*connection_, "SELECT DISTINCT run_id, scope_kind FROM run_scope_results", {},
                                     [&](const internal::Rows& r) {
                                       held[r.Int(0)].emplace_back(r.Text(1));
                                       return core::Status(core::Ok{});
                                     });
    if (!status.ok()) return status;
    for (RunSummary& run : runs) {
      const auto found = held.find(run.id);
      if (found == held.end()) continue;
      for (const core::ScopeKind kind : {core::ScopeKind::kPlant, core::ScopeKind::kCompany}) {
        const std::string name(core::ScopeKindName(kind));
        if (std::find(found->second.begin(), found->second.end(), name) != found->second.end()) {
          run.scopes.push_back(name);
        }
      }
    }
    return core::Ok{};
  }

  core::Result<std::vector<AdjustableComplaint>> ListAdjustableComplaints(const AdjustableFilter& filter) override {
    if (schema_version_ < internal::kAdjustmentsVersion) return std::vector<AdjustableComplaint>();  // read-only, older
    return internal::ListAdjustable(*connection_, filter);
  }
  core::Status SubmitAdjustment(const StoredAdjustment& adjustment, const AuditEntry& audit) override {
    return internal::InsertAdjustment(*connection_, adjustment, audit);
  }
  core::Status AttachAdjustmentReport(const std::string& complaint_id, const AdjustmentReport& report,
                                      const AuditEntry& audit) override {
    return internal::AttachReport(*connection_, complaint_id, report, audit);
  }
  core::Result<std::optional<AdjustmentReport>> ReadAdjustmentReport(const std::string& complaint_id) override {
    if (schema_version_ < internal::kAdjustmentsVersion) return std::optional<AdjustmentReport>();
    return internal::ReadReport(*connection_, complaint_id);
  }
  core::Result<StoredAdjustment> DecideAdjustment(const std::string& complaint_id, const AdjustmentDecision& decision,
                                                  const BatchHeader& header) override {
    return internal::Decide(*connection_, complaint_id, decision, header);
  }

  core::Result<std::vector<RunSummary>> ListRuns() override { return SelectRuns(true); }
  core::Result<std::vector<RunSummary>> ListRunsUncounted() override { return SelectRuns(false); }

  // Every run, oldest first; `counted`: with the number of its results and
  // of those evaluated (a pass over every run's results), else 0 and 0.
  core::Result<std::vector<RunSummary>> SelectRuns(bool counted) {
    const std::string counts = counted ? "(SELECT count(*) FROM run_results x WHERE x.run_id = r.run_id), "
                                         "(SELECT count(*) FROM run_results x WHERE x.run_id = r.run_id "
                                         "AND x.status = 'evaluated') "
                                       : "0, 0 ";
    return InRead(*connection_, [&]() -> core::Result<std::vector<RunSummary>> {
      std::vector<RunSummary> runs;
      core::Status status = ForEachRow(
          *connection_,
          "SELECT r.run_id, r.period, r.created_at, r.user_name, r.rules_name, r.rules_sha256, r.as_of_batch, " +
              counts + "FROM runs r ORDER BY r.run_id",
          {}, [&](const internal::Rows& r) {
            runs.push_back(SummaryOf(r));
            return core::Status(core::Ok{});
          });
      if (!status.ok()) return status.error();
      if (core::Status scopes = AddScopes(runs); !scopes.ok()) return scopes.error();
      return runs;
    });
  }

  core::Result<RunRecord> ReadRun(RunId id) override {
    return InRead(*connection_, [&]() -> core::Result<RunRecord> { return ReadRunInside(id); });
  }

  core::Status ChangesBetween(BatchId after, BatchId up_to, const ChangeFilter& filter,
                              const std::vector<std::string>& suppliers,
                              const std::function<void(const RecordChange&)>& sink) override {
    return internal::ListChanges(*connection_, after, up_to, filter, suppliers, sink);
  }

 private:
  // Rolls back an open transaction unless released.
  class Rollback {
   public:
    explicit Rollback(Connection& connection) : connection_(&connection) {}
    Rollback(const Rollback&) = delete;
    Rollback& operator=(const Rollback&) = delete;
    ~Rollback() {
      if (connection_ != nullptr) connection_->Rollback();
    }
    void Release() { connection_ = nullptr; }

   private:
    Connection* connection_;
  };

  // The holds that `where` (over h, b and i) selects, in no order.
  core::Result<std::vector<StoredHold>> SelectHolds(std::string_view where, std::span<const Value> params) {
    const bool with_ids = schema_version_ >= internal::kHoldIdsVersion;
    std::vector<StoredHold> holds;
    core::Status status = ForEachRow(*connection_, internal::SelectStoredHolds(with_ids) + std::string(where), params,
                                     [&](const internal::Rows& r) -> core::Status {
                                       auto hold = internal::ReadStoredHold(r);
                                       if (!hold.ok()) return hold.error();
                                       holds.push_back(*std::move(hold));
                                       return core::Ok{};
                                     });
    if (!status.ok()) return status.error();
    return holds;
  }

  // The current withdrawn_on of a hold: empty when there is no such hold,
  // an empty date when it is active.
  core::Result<std::optional<std::optional<core::Date>>> FindHold(const HoldKey& hold) {
    const Value key[] = {Value::Text(hold.supplier_id), Value::Text(internal::HoldReasonName(hold.reason)),
                         Value::Date(hold.imposed_on)};
    std::optional<std::optional<core::Date>> found;
    core::Status status = ForEachRow(
        *connection_, "SELECT withdrawn_on FROM holds WHERE supplier_id = ? AND reason = ? AND imposed_on = ?", key,
        [&](const internal::Rows& r) -> core::Status {
          found = internal::ReadOptionalDate(r, 0);
          return core::Ok{};
        });
    if (!status.ok()) return status.error();
    return found;
  }

  core::Result<BatchInfo> WriteHold(BatchId batch, const HoldKey& hold, std::optional<core::Date> withdrawn_on,
                                    const BatchHeader& header, Rollback& rollback) {
    auto loader = connection_->LoadTable(internal::HoldsTable(), batch);
    if (!loader.ok()) return loader.error();
    const Value row[] = {Value::Text(hold.supplier_id), Value::Text(internal::HoldReasonName(hold.reason)),
                         Value::Date(hold.imposed_on), Value::OptionalDate(withdrawn_on)};
    if (core::Status added = (*loader)->Add(row); !added.ok()) return added.error();
    auto counts = (*loader)->Finish();
    loader->reset();
    if (!counts.ok()) return counts.error();
    return FinishBatch(batch, BatchKind::kHolds, header, {*counts}, rollback);
  }

  // Records a batch of one change (a hold, a decision) and commits it.
  core::Result<BatchInfo> FinishBatch(BatchId batch, BatchKind kind, const BatchHeader& header,
                                      const std::vector<TableCounts>& tables, Rollback& rollback) {
    if (core::Status recorded = RecordBatch(*connection_, batch, kind, header, tables, {}); !recorded.ok()) {
      return recorded.error();
    }
    if (core::Status committed = connection_->Commit(); !committed.ok()) return committed.error();
    rollback.Release();
    BatchInfo info;
    info.id = batch;
    info.kind = kind;
    info.created_at = header.created_at;
    info.user = header.user;
    info.source = header.source;
    info.comment = header.comment;
    info.tables = tables;
    return info;
  }

  static RunSummary SummaryOf(const internal::Rows& r) {
    RunSummary s;
    s.id = r.Int(0);
    s.period = std::string(r.Text(1));
    s.created_at = std::string(r.Text(2));
    s.user = std::string(r.Text(3));
    s.rules_name = std::string(r.Text(4));
    s.rules_sha256 = std::string(r.Text(5));
    s.as_of_batch = r.Int(6);
    s.suppliers = r.Int(7);
    s.evaluated = r.Int(8);
    return s;
  }

  core::Result<RunRecord> ReadRunInside(RunId id) {
    const Value key[] = {Value::Int(id)};
    RunRecord run;
    bool found = false;
    core::Status status =
        ForEachRow(*connection_,
                   "SELECT r.run_id, r.period, r.created_at, r.user_name, r.rules_name, r.rules_sha256, r.as_of_batch, "
                   "(SELECT count(*) FROM run_results x WHERE x.run_id = r.run_id), "
                   "(SELECT count(*) FROM run_results x WHERE x.run_id = r.run_id AND x.status = 'evaluated'), "
                   "r.period_first, r.period_last, r.rules_toml FROM runs r WHERE r.run_id = ?",
                   key, [&](const internal::Rows& r) -> core::Status {
                     found = true;
                     run.summary = SummaryOf(r);
                     run.period_first = r.Date(9);
                     run.period_last = r.Date(10);
                     run.rules_toml = std::string(r.Text(11));
                     return core::Ok{};
                   });
    if (!status.ok()) return status.error();
    if (!found) return core::BadInput("there is no published run " + std::to_string(id));
    std::vector<RunSummary> summaries = {run.summary};
    if (core::Status scopes = AddScopes(summaries); !scopes.ok()) return scopes.error();
    run.summary = std::move(summaries.front());
    status = ForEachRow(*connection_, "SELECT batch_id FROM run_batches WHERE run_id = ? ORDER BY batch_id", key,
                        [&](const internal::Rows& r) {
                          run.batches.push_back(r.Int(0));
                          return core::Status(core::Ok{});
                        });
    if (!status.ok()) return status.error();
    std::map<std::string, std::size_t, std::less<>> by_supplier;
    status = ForEachRow(
        *connection_,
        "SELECT supplier_id, name, status, reason, deliveries, series_deliveries, sample_deliveries, complaints, "
        "sample_complaints, ppm, qz1, qz2, qz3, qz4, qz, lz1, lz2, lz, total, grade_class FROM run_results "
        "WHERE run_id = ?",
        key, [&](const internal::Rows& r) {
          core::SupplierResult result;
          result.supplier_id = std::string(r.Text(0));
          result.name = std::string(r.Text(1));
          result.status =
              r.Text(2) == "evaluated" ? core::EvaluationStatus::kEvaluated : core::EvaluationStatus::kNotEvaluated;
          result.reason = std::string(r.Text(3));
          result.deliveries = r.Int(4);
          result.series_deliveries = r.Int(5);
          result.sample_deliveries = r.Int(6);
          result.complaints = r.Int(7);
          result.sample_complaints = r.Int(8);
          std::optional<double>* scores[] = {&result.ppm, &result.qz1, &result.qz2, &result.qz3, &result.qz4,
                                             &result.qz,  &result.lz1, &result.lz2, &result.lz,  &result.total};
          for (int i = 0; i < 10; ++i) {
            if (!r.IsNull(9 + i)) *scores[i] = r.Real(9 + i);
          }
          result.grade_class = std::string(r.Text(19));
          run.results.push_back(std::move(result));
          return core::Status(core::Ok{});
        });
    if (!status.ok()) return status.error();
    std::sort(run.results.begin(), run.results.end(), [](const core::SupplierResult& a, const core::SupplierResult& b) {
      return a.supplier_id < b.supplier_id;
    });
    for (std::size_t i = 0; i < run.results.size(); ++i) by_supplier.emplace(run.results[i].supplier_id, i);
    status = ForEachRow(*connection_,
                        "SELECT supplier_id, warning FROM run_warnings WHERE run_id = ? ORDER BY supplier_id, position",
                        key, [&](const internal::Rows& r) -> core::Status {
                          const auto found_supplier = by_supplier.find(r.Text(0));
                          if (found_supplier == by_supplier.end()) {
                            return internal::Corrupt("run_warnings", "no result for " + std::string(r.Text(0)));
                          }
                          run.results[found_supplier->second].warnings.emplace_back(r.Text(1));
                          return core::Ok{};
                        });
    if (!status.ok()) return status.error();
    return run;
  }

  std::unique_ptr<Connection> connection_;
  std::unique_ptr<AccountStore> accounts_;
  std::unique_ptr<DiscussionStore> discussions_;
  int schema_version_;
};

}  // namespace
}  // namespace internal

namespace internal {

core::Result<MigratedConnection> OpenMigrated(std::string_view url, const OpenOptions& options) {
  auto parsed = ParseDatabaseUrl(url);
  if (!parsed.ok()) return parsed.error();
  auto connection =
      parsed->backend == Backend::kSqlite ? OpenSqlite(parsed->target, options) : OpenPostgres(parsed->target, options);
  if (!connection.ok()) return connection.error();
  auto version = ApplyMigrations(**connection, options.read_only);
  if (!version.ok()) return version.error();
  return MigratedConnection{*std::move(connection), *version};
}

}  // namespace internal

core::Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const OpenOptions& options) {
  auto opened = internal::OpenMigrated(url, options);
  if (!opened.ok()) return opened.error();
  return std::unique_ptr<Store>(
      std::make_unique<internal::SqlStore>(std::move(opened->connection), opened->schema_version));
}

}  // namespace supeval::store
