// The store's schema: the versioned tables as data (for the SQL the import,
// the reader and the change listing generate) and the migrations that create
// them, applied in order when a store is opened and recorded in
// `schema_version`. A migration's SQL never changes once released; a new
// schema is a new migration.
//
// Thread-compatible: plain data and functions of one connection.
#pragma once

#include <string>
#include <vector>

#include "connection.hpp"

namespace supeval::store::internal {

// The versioned tables, in the order an import writes them: the
// evaluation's, then the contract files' (contract_tables.hpp).
const TableSpec& SuppliersTable();
const TableSpec& PlantsTable();
const TableSpec& CalendarTable();
const TableSpec& MaterialsTable();
const TableSpec& ComplaintsTable();
const TableSpec& CertificationsTable();
const TableSpec& HoldsTable();
const TableSpec& DeliveriesTable();
const std::vector<const TableSpec*>& VersionedTables();

struct Migration {
  int version = 0;
  std::string description;
  std::string sql;  // for the connection's back end
};

// Every migration for `backend`, oldest first.
std::vector<Migration> Migrations(Backend backend);

// The first schema version with `batch_warnings`.
inline constexpr int kBatchWarningsVersion = 2;
// The first schema version with `hold_ids`.
inline constexpr int kHoldIdsVersion = 4;
// The first schema version with `adjustments`.
inline constexpr int kAdjustmentsVersion = 7;
// The first schema version with the contract tables (ContractTables()).
inline constexpr int kContractsVersion = 10;
// The first schema version with published settlements.
inline constexpr int kSettlementsVersion = 11;
// Batches of kind 'escalation' (recorded escalation decisions).
inline constexpr int kEscalationBatchesVersion = 13;
// The first schema version whose plants have a company.
inline constexpr int kPlantCompanyVersion = 14;
// The first schema version with `run_scope_results`.
inline constexpr int kRunScopesVersion = 15;
// `table` as a schema of `version` stores it: a read-only store may be older
// than the binary (its plants without company).
const TableSpec& TableAsStored(const TableSpec& table, int version);
// The number of the evaluation's versioned tables, which come first in
// VersionedTables() (deliveries last of them); the contract tables follow.
inline constexpr std::size_t kEvaluationTableCount = 8;

// Brings the schema up to date. Fails with kInternal when the database holds
// a newer schema than the binary knows. `read_only`: migrates nothing, and
// fails with kBadInput when there is no schema at all. Returns the schema
// version.
core::Result<int> ApplyMigrations(Connection& connection, bool read_only = false);

}  // namespace supeval::store::internal
