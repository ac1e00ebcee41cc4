// The Store implemented once over a Connection (SQLite or PostgreSQL): the
// import session, the snapshot record source, batches, holds, runs and the
// change listing. Internal to supeval::store.
// Thread-compatible: see store.hpp.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "connection.hpp"
#include "supeval/store/store.hpp"

namespace supeval::store::internal {

// Opens the write transaction of a new batch (its id: the last one + 1, taken
// under the write lock, so that ids follow commit order); `kind` is kWrite
// or kShortWrite.
core::Result<BatchId> BeginBatch(Connection& connection, TransactionKind kind = TransactionKind::kWrite);

// Records batch `id` (kind, header and its audit entry, counts, warnings) inside the open write
// transaction; the caller commits.
core::Status RecordBatch(Connection& connection, BatchId id, BatchKind kind, const BatchHeader& header,
                         const std::vector<TableCounts>& tables, const std::vector<std::string>& warnings);

core::Result<std::unique_ptr<ImportSession>> StartImportSession(Connection& connection);

// A connection to the database at `url` with its schema brought up to date
// (or read as it is, read-only): how OpenStore and SettlementStore::Open
// connect; errors as OpenStore's.
struct MigratedConnection {
  std::unique_ptr<Connection> connection;
  int schema_version = 0;
};
core::Result<MigratedConnection> OpenMigrated(std::string_view url, const OpenOptions& options);

// `threads`: how many threads may read the snapshot at once; `supplier`:
// only what evaluating that supplier needs (Store::OpenSupplierSnapshot).
core::Result<std::unique_ptr<Snapshot>> OpenSqlSnapshot(Connection& connection, std::optional<BatchId> as_of,
                                                        std::size_t threads,
                                                        std::optional<std::string> supplier = std::nullopt);

core::Status ListChanges(Connection& connection, BatchId after, BatchId up_to, const ChangeFilter& filter,
                         const std::vector<std::string>& suppliers,
                         const std::function<void(const RecordChange&)>& sink);

}  // namespace supeval::store::internal
