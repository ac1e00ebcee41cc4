// Published settlements (settlements.hpp): inserted once with their lines
// and audit entry in one transaction, read back cell for cell.
#include "supeval/store/settlements.hpp"

#include "accounts_store.hpp"
#include "connection.hpp"
#include "row_reading.hpp"
#include "schema.hpp"
#include "sql_store.hpp"

namespace supeval::store::internal {
namespace {

constexpr std::string_view kLineColumns =
    "contract_id, supplier_id, period, currency, kind, ref, material_id, status, quantity, actual, target, shortfall, "
    "rate, spend, cap, amount, line_type, settled_before, note";
constexpr std::size_t kLineColumnCount = 19;

constexpr std::string_view kSummaryColumns =
    "s.settlement_id, s.period, s.created_at, s.user_name, s.rules_sha256, s.as_of_batch, "
    "(SELECT count(*) FROM settlement_lines l WHERE l.settlement_id = s.settlement_id)";

SettlementSummary ReadSummary(const Row& row) {
  return {row.Int(0),
          std::string(row.Text(1)),
          std::string(row.Text(2)),
          std::string(row.Text(3)),
          std::string(row.Text(4)),
          row.Int(5),
          row.Int(6)};
}

core::Result<SettlementId> InsertSettlement(Connection& connection, const SettlementRecord& settlement) {
  const SettlementSummary& s = settlement.summary;
  const Value row[] = {Value::Text(s.period),
                       Value::Date(settlement.period_first),
                       Value::Date(settlement.period_last),
                       Value::Text(settlement.rules_text),
                       Value::Text(s.rules_sha256),
                       Value::Int(s.as_of_batch),
                       Value::Text(s.created_at),
                       Value::Text(s.user)};
  auto id = QueryInt(connection,
                     "INSERT INTO settlements (period, period_first, period_last, rules_text, rules_sha256, "
                     "as_of_batch, created_at, user_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING settlement_id",
                     row);
  if (!id.ok()) return id.error();
  const std::string insert = "INSERT INTO settlement_lines (settlement_id, position, " + std::string(kLineColumns) +
                             ") VALUES (?, ?" +
                             [] {
                               std::string marks;
                               for (std::size_t i = 0; i < kLineColumnCount; ++i) marks += ", ?";
                               return marks;
                             }() +
                             ")";
  for (std::size_t position = 0; position < settlement.lines.size(); ++position) {
    const std::vector<std::string>& cells = settlement.lines[position];
    if (cells.size() != kLineColumnCount) return core::Internal("a settlement line without its 19 cells");
    std::vector<Value> values = {Value::Int(*id), Value::Int(static_cast<std::int64_t>(position))};
    for (const std::string& cell : cells) values.push_back(Value::Text(cell));
    if (auto inserted = connection.Execute(insert, values); !inserted.ok()) return inserted.error();
  }
  if (settlement.audit) {
    AuditEntry entry = *settlement.audit;
    if (entry.target.empty()) entry.target = std::to_string(*id);
    if (auto appended = AppendAuditEntry(connection, entry); !appended.ok()) return appended.error();
  }
  return *id;
}

core::Result<std::vector<SettlementSummary>> SelectSettlements(Connection& connection) {
  return QueryAll(connection, "SELECT " + std::string(kSummaryColumns) + " FROM settlements s ORDER BY s.settlement_id",
                  {}, ReadSummary);
}

core::Result<SettlementRecord> SelectSettlement(Connection& connection, SettlementId id) {
  const Value key[] = {Value::Int(id)};
  SettlementRecord record;
  auto found =
      QueryOne(connection,
               "SELECT " + std::string(kSummaryColumns) +
                   ", s.period_first, s.period_last, s.rules_text FROM settlements s WHERE s.settlement_id = ?",
               key, [&record](const Row& row) {
                 record.period_first = row.Date(7);
                 record.period_last = row.Date(8);
                 record.rules_text = std::string(row.Text(9));
                 return ReadSummary(row);
               });
  if (!found.ok()) return found.error();
  if (!*found) return core::BadInput("there is no published settlement " + std::to_string(id));
  record.summary = **found;
  auto lines = QueryAll(
      connection,
      "SELECT " + std::string(kLineColumns) + " FROM settlement_lines WHERE settlement_id = ? ORDER BY position", key,
      [](const Row& row) {
        std::vector<std::string> cells;
        for (std::size_t i = 0; i < kLineColumnCount; ++i) {
          cells.emplace_back(row.Text(static_cast<int>(i)));
        }
        return cells;
      });
  if (!lines.ok()) return lines.error();
  record.lines = *std::move(lines);
  return record;
}

class SqlSettlementStore final : public SettlementStore {
 public:
  SqlSettlementStore(std::unique_ptr<Connection> connection, int schema_version)
      : connection_(std::move(connection)), schema_version_(schema_version) {}

  core::Result<SettlementId> Publish(const SettlementRecord& settlement) override {
    if (core::Status begun = connection_->Begin(TransactionKind::kAppend); !begun.ok()) return begun.error();
    auto id = InsertSettlement(*connection_, settlement);
    if (!id.ok()) {
      connection_->Rollback();
      return id.error();
    }
    if (core::Status committed = connection_->Commit(); !committed.ok()) return committed.error();
    return *id;
  }

  core::Result<std::vector<SettlementSummary>> List() override {
    if (schema_version_ < kSettlementsVersion) return std::vector<SettlementSummary>();  // read-only, older
    return InRead([&] { return SelectSettlements(*connection_); });
  }

  core::Result<SettlementRecord> Read(SettlementId id) override {
    if (schema_version_ < kSettlementsVersion)
      return core::BadInput("there is no published settlement " + std::to_string(id));
    return InRead([&] { return SelectSettlement(*connection_, id); });
  }

 private:
  template <class Work>
  auto InRead(Work work) -> decltype(work()) {
    if (core::Status begun = connection_->Begin(TransactionKind::kRead); !begun.ok()) return begun.error();
    auto result = work();
    connection_->Rollback();
    return result;
  }

  std::unique_ptr<Connection> connection_;
  int schema_version_;
};

}  // namespace
}  // namespace supeval::store::internal

namespace supeval::store {

core::Result<std::unique_ptr<SettlementStore>> SettlementStore::Open(std::string_view url, const OpenOptions& options) {
  auto opened = internal::OpenMigrated(url, options);
  if (!opened.ok()) return opened.error();
  return std::unique_ptr<SettlementStore>(
      std::make_unique<internal::SqlSettlementStore>(std::move(opened->connection), opened->schema_version));
}

}  // namespace supeval::store
