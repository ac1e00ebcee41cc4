// The store's driver layer: one database connection behind a small interface
// that the SQLite and PostgreSQL drivers implement, so that everything above
// it (schema, import, reading, runs) is written once. Library errors and
// exceptions end here and come back as core::Error.
//
// SQL is written with `?` placeholders; the PostgreSQL driver numbers them.
// Dates are stored natively by each driver (SQLite: an INTEGER day number
// since 1970-01-01, so that keys compare as integers; PostgreSQL: DATE);
// quantities are integer millionths.
//
// Thread-compatible: one thread at a time per connection.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/date.hpp"
#include "supeval/core/result.hpp"
#include "supeval/store/store.hpp"

namespace supeval::store::internal {

// A parameter or a column value: NULL, an integer, a real, text or a date
// (held as its day number). Text is borrowed and must outlive the call it is
// passed to.
struct Value {
  enum class Kind : std::uint8_t { kNull, kInt, kReal, kText, kDate };
  Kind kind = Kind::kNull;
  std::int64_t int_value = 0;
  double real_value = 0;
  std::string_view text;

  static Value Null() { return {}; }
  static Value Int(std::int64_t v) { return {Kind::kInt, v, 0, {}}; }
  static Value Real(double v) { return {Kind::kReal, 0, v, {}}; }
  static Value Text(std::string_view v) { return {Kind::kText, 0, 0, v}; }
  static Value Date(core::Date v) { return {Kind::kDate, v.days(), 0, {}}; }
  static Value OptionalDate(const std::optional<core::Date>& v) { return v ? Date(*v) : Null(); }
};

// The columns of one row; 0-based.
class Row {
 public:
  virtual ~Row() = default;
  [[nodiscard]] virtual bool IsNull(int column) const = 0;
  [[nodiscard]] virtual std::int64_t Int(int column) const = 0;
  [[nodiscard]] virtual double Real(int column) const = 0;
  [[nodiscard]] virtual std::string_view Text(int column) const = 0;
  // A column of a date type (the schema's @DATE@).
  [[nodiscard]] virtual core::Date Date(int column) const = 0;
};

// A forward-only cursor over a query's rows, itself the current row. Text
// stays valid until the next call of Next().
class Rows : public Row {
 public:
  // True when a row is available, false at the end.
  virtual core::Result<bool> Next() = 0;
};

// Called with each row of a query that ForEachStreamed runs; the row and its
// text are valid during the call only. An error stops the query.
using RowVisitor = std::function<core::Status(const Row&)>;

enum class ColumnType : std::uint8_t { kText, kInt, kDate, kReal };

struct ColumnSpec {
  std::string_view name;
  ColumnType type = ColumnType::kText;
  bool nullable = false;
};

// A versioned table: the key columns first, then the value columns; every
// table also has `from_batch`, and its `<name>_history` twin has `from_batch`
// and `to_batch` after the same columns.
struct TableSpec {
  std::string_view name;
  std::vector<ColumnSpec> columns;
  std::size_t key_count = 1;
  std::string_view supplier_column;  // empty: rows of no one supplier
  std::string_view date_column;      // empty: not filtered by period in change listings
};

// Writes rows of one versioned table within the open write transaction:
// inserts new keys, replaces changed rows (the old version goes to history by
// the table's trigger) and counts those left unchanged.
class TableLoader {
 public:
  virtual ~TableLoader() = default;
  // `row` holds every column of the spec, in order (not from_batch).
  virtual core::Status Add(std::span<const Value> row) = 0;
  // Ends the load; returns its counts. No other statement may run on the
  // connection between the loader's creation and Finish().
  virtual core::Result<TableCounts> Finish() = 0;
};

enum class TransactionKind {
  kRead,        // a consistent snapshot, read only
  kWrite,       // the store's single writer: waits for (then excludes) other writers
  kShortWrite,  // the same for a change of milliseconds (a hold): waits at most kShortWriteWait
  kAppend,      // inserts that need no write lock of their own (published runs)
};

// How long a short write (kShortWrite) waits for another writer: long
// enough to outlast another short write, far shorter than an import, which
// holds the lock for seconds to minutes. A hold change that meets an import
// so fails at once as busy (the server's 409 import-in-progress) instead of
// queueing behind it for the connection's whole lock timeout.
inline constexpr std::chrono::milliseconds kShortWriteWait{250};

// The wait of a transaction of `kind` on a connection whose lock timeout
// is `lock_timeout`. A short write waits at least 1 ms: PostgreSQL reads a
// lock_timeout of 0 as "wait forever".
[[nodiscard]] inline std::chrono::milliseconds WriterWait(TransactionKind kind,
                                                          std::chrono::milliseconds lock_timeout) {
  if (kind != TransactionKind::kShortWrite) return lock_timeout;
  return std::clamp(lock_timeout, std::chrono::milliseconds(1), kShortWriteWait);
}

class Connection {
 public:
  virtual ~Connection() = default;

  [[nodiscard]] virtual Backend backend() const = 0;

  // Runs one or more statements without parameters.
  virtual core::Status ExecuteScript(std::string_view sql) = 0;
  // Runs one statement; returns the number of rows it changed.
  virtual core::Result<std::int64_t> Execute(std::string_view sql, std::span<const Value> params = {}) = 0;
  // Runs a query of a few rows.
  virtual core::Result<std::unique_ptr<Rows>> Query(std::string_view sql, std::span<const Value> params = {}) = 0;
  // The same for a query of many rows: fetched in blocks so that memory stays
  // small. Requires an open transaction; no other statement may run on the
  // connection until the rows are destroyed.
  virtual core::Result<std::unique_ptr<Rows>> Stream(std::string_view sql, std::span<const Value> params = {}) = 0;
  // Calls `visit` with each row of a query of many rows, in the order the
  // query gives them, and returns the first error of the query or of `visit`.
  // The query's columns must have distinct names. Requires an open
  // transaction. By default a loop over Stream; a driver may do better.
  virtual core::Status ForEachStreamed(std::string_view sql, std::span<const Value> params, const RowVisitor& visit);

  virtual core::Status Begin(TransactionKind kind) = 0;
  virtual core::Status Commit() = 0;
  // Never fails in a way the caller could act on; safe without a transaction.
  virtual void Rollback() = 0;

  // Starts a bulk load of `table` (inside a kWrite transaction); every row
  // gets from_batch = `batch`.
  virtual core::Result<std::unique_ptr<TableLoader>> LoadTable(const TableSpec& table, BatchId batch) = 0;

  // Whether a table of that name exists (used by migrations).
  virtual core::Result<bool> TableExists(std::string_view name) = 0;

  // Another connection to the same database, inside a read transaction that
  // sees exactly what this connection's open read transaction sees (for
  // reading in parallel). `last_batch` is the last batch this snapshot saw.
  // An error when that cannot be guaranteed (e.g. a batch committed since);
  // the caller then reads on this connection alone.
  virtual core::Result<std::unique_ptr<Connection>> OpenSnapshotReader(BatchId last_batch) = 0;
};

// The drivers.
core::Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, const OpenOptions& options);
core::Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url, const OpenOptions& options);

// Runs a query expected to return one integer (NULL reads as `fallback`).
core::Result<std::int64_t> QueryInt(Connection& connection, std::string_view sql, std::span<const Value> params = {},
                                    std::int64_t fallback = 0);

}  // namespace supeval::store::internal
