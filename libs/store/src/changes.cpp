// The net changes between two batches, table by table: the versions live at
// the later batch that a batch after the earlier one wrote, each paired with
// the version it replaced (live at the earlier batch), if any.
#include <set>
#include <unordered_map>

#include "codec.hpp"
#include "schema.hpp"
#include "sql_store.hpp"

namespace supeval::store::internal {
namespace {

constexpr std::string_view kMicrosSuffix = "_micros";

std::string ColumnLabel(const ColumnSpec& column) {
  std::string_view name = column.name;
  if (name.size() > kMicrosSuffix.size() && name.substr(name.size() - kMicrosSuffix.size()) == kMicrosSuffix) {
    name.remove_suffix(kMicrosSuffix.size());
  }
  return std::string(name);
}

std::string ColumnText(const Rows& rows, int index, const ColumnSpec& column) {
  if (rows.IsNull(index)) return "";
  if (column.type == ColumnType::kInt && ColumnLabel(column) != column.name) {
    return core::Decimal::FromMicros(rows.Int(index)).ToString();
  }
  if (column.type == ColumnType::kInt) return std::to_string(rows.Int(index));
  if (column.type == ColumnType::kDate) return rows.Date(index).ToString();
  return std::string(rows.Text(index));
}

using Columns = std::vector<std::pair<std::string, std::string>>;

Columns RowColumns(const Rows& rows, const TableSpec& table) {
  Columns columns;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    columns.emplace_back(ColumnLabel(table.columns[i]), ColumnText(rows, static_cast<int>(i), table.columns[i]));
  }
  return columns;
}

std::string KeyOf(const Columns& columns, const TableSpec& table) {
  std::string key;
  for (std::size_t i = 0; i < table.key_count; ++i) key += (i == 0 ? "" : "/") + columns[i].second;
  return key;
}

int SupplierColumn(const TableSpec& table) {
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (table.columns[i].name == table.supplier_column) return static_cast<int>(i);
  }
  return -1;
}

core::Status TableChanges(Connection& connection, const TableSpec& table, BatchId after, BatchId up_to,
                          const ChangeFilter& filter, const std::set<std::string, std::less<>>& suppliers,
                          const std::function<void(const RecordChange&)>& sink) {
  const std::string name(table.name);
  const std::string columns = ColumnList(table);
  const int supplier_column = SupplierColumn(table);
  auto wanted = [&](const Rows& rows) {
    return suppliers.empty() || supplier_column < 0 || suppliers.count(rows.Text(supplier_column)) > 0;
  };

  // The versions that later batches replaced, as they were at `after`.
  std::unordered_map<std::string, Columns> before;
  {
    const Value params[] = {Value::Int(after), Value::Int(after), Value::Int(up_to)};
    auto rows = connection.Stream(
        "SELECT " + columns + " FROM " + name + "_history WHERE from_batch <= ? AND to_batch > ? AND to_batch <= ?",
        params);
    if (!rows.ok()) return rows.error();
    for (;;) {
      auto next = (*rows)->Next();
      if (!next.ok()) return next.error();
      if (!*next) break;
      if (!wanted(**rows)) continue;
      Columns row = RowColumns(**rows, table);
      std::string key = KeyOf(row, table);
      before.emplace(std::move(key), std::move(row));
    }
  }

  // The versions live at `up_to` that a batch after `after` wrote.
  std::string where = "from_batch > ? AND from_batch <= ?";
  std::vector<Value> where_params = {Value::Int(after), Value::Int(up_to)};
  if (!table.date_column.empty()) {
    where += " AND " + std::string(table.date_column) + " BETWEEN ? AND ?";
    where_params.push_back(Value::Date(filter.first));
    where_params.push_back(Value::Date(filter.last));
  }
  std::vector<Value> params = where_params;
  params.push_back(Value::Int(up_to));
  params.insert(params.end(), where_params.begin(), where_params.end());
  auto rows =
      connection.Stream("SELECT " + columns + ", from_batch FROM " + name + " WHERE " + where + " UNION ALL SELECT " +
                            columns + ", from_batch FROM " + name + "_history WHERE to_batch > ? AND " + where,
                        params);
  if (!rows.ok()) return rows.error();
  for (;;) {
    auto next = (*rows)->Next();
    if (!next.ok()) return next.error();
    if (!*next) break;
    const Rows& r = **rows;
    if (!wanted(r)) continue;
    RecordChange change;
    change.table = name;
    change.after = RowColumns(r, table);
    change.key = KeyOf(change.after, table);
    change.batch = r.Int(static_cast<int>(table.columns.size()));
    if (supplier_column >= 0) change.supplier_id = std::string(r.Text(supplier_column));
    if (const auto found = before.find(change.key); found != before.end()) {
      if (found->second == change.after) continue;  // changed and changed back
      change.before = found->second;
    }
    sink(change);
  }
  return core::Ok{};
}

}  // namespace

core::Status ListChanges(Connection& connection, BatchId after, BatchId up_to, const ChangeFilter& filter,
                         const std::vector<std::string>& suppliers,
                         const std::function<void(const RecordChange&)>& sink) {
  if (core::Status begun = connection.Begin(TransactionKind::kRead); !begun.ok()) return begun;
  const std::set<std::string, std::less<>> wanted(suppliers.begin(), suppliers.end());
  auto version = QueryInt(connection, "SELECT max(version) FROM schema_version");
  if (!version.ok()) {
    connection.Rollback();
    return version.error();
  }
  for (const TableSpec* table : VersionedTables()) {
    // A database read as it is (read-only, not yet upgraded) may lack the later tables.
    auto present = connection.TableExists(table->name);
    if (!present.ok()) {
      connection.Rollback();
      return present.error();
    }
    if (!*present) continue;
    const TableSpec& stored = TableAsStored(*table, static_cast<int>(*version));
    if (core::Status status = TableChanges(connection, stored, after, up_to, filter, wanted, sink); !status.ok()) {
      connection.Rollback();
      return status;
    }
  }
  connection.Rollback();
  return core::Ok{};
}

}  // namespace supeval::store::internal
