// The AccountStore over a store's connection (both back ends). Internal to
// supeval::store. Thread-compatible: see accounts.hpp.
#pragma once

#include <memory>

#include "connection.hpp"
#include "supeval/store/accounts.hpp"

namespace supeval::store::internal {

// Appends `entry` to the audit log inside the connection's open
// transaction (or on its own); returns the entry's id.
core::Result<std::int64_t> AppendAuditEntry(Connection& connection, const AuditEntry& entry);

// An AccountStore that borrows `connection`, which must outlive it.
std::unique_ptr<AccountStore> MakeAccountStore(Connection& connection);

}  // namespace supeval::store::internal
