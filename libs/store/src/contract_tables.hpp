// The contract files of CONTRACTS.md §3 as versioned tables: their specs
// (keyed as §3 keys each file; the two files without a key, the logs
// escalation_decisions.csv and settled.csv, by their line), and how a
// validated core::contracts::ContractData is written into them and read
// back with its ids resolved to a MasterData's indices.
//
// Exact numbers (core::Rational) are stored as their exact decimal text, so
// that what is read back compares equal to what was read from the file;
// quantities (core::Decimal) as integer millionths like the evaluation's.
// The records' `line` members read back as 0 except the logs' (their key):
// a stored row has no line of its own.
//
// Thread-compatible: functions of one connection.
#pragma once

#include <functional>
#include <vector>

#include "connection.hpp"
#include "supeval/core/contracts/records.hpp"
#include "supeval/core/records.hpp"

namespace supeval::store::internal {

// The contract tables in the order an import writes them (after the
// evaluation's, deliveries last of those).
const std::vector<const TableSpec*>& ContractTables();

// Writes every record of `data` (validated against `master`) into the
// contract tables within the open write transaction; one TableCounts per
// table of ContractTables(), in order.
core::Result<std::vector<TableCounts>> WriteContractTables(Connection& connection, BatchId batch,
                                                           const core::MasterData& master,
                                                           const core::contracts::ContractData& data);

// The table of escalation_decisions.csv (keyed by its line: a log).
const TableSpec& EscalationDecisionsTable();

// Calls the visitor with each row of one table as of the caller's snapshot
// (the spec's columns, in order).
using ContractRowSource = std::function<core::Status(const TableSpec& table, const RowVisitor& visit)>;

// Reads the contract tables back: each vector sorted by the table's key
// (the logs by line), ids resolved against `master`. A row naming what the
// snapshot lacks is an internal error (the store's own data).
core::Result<core::contracts::ContractData> ReadContractTables(const ContractRowSource& rows,
                                                               const core::MasterData& master);

// The events table (events.csv) alone, as ReadContractTables reads it:
// sorted by event_id, ids resolved against `master`.
core::Result<std::vector<core::contracts::Event>> ReadEventTable(const ContractRowSource& rows,
                                                                 const core::MasterData& master);
// Its spec, for a reader that selects its rows.
const TableSpec& EventTable();

}  // namespace supeval::store::internal
