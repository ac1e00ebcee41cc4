// The AccountStore over a store's connection (both back ends). Internal to
// supeval::store. Thread-compatible: see accounts.hpp.
#pragma once

#include <memory>

#include "connection.hpp"
#include "supeval/store/accounts.hpp"

namespace supeval::store::internal {

// An AccountStore that borrows `connection`, which must outlive it.
std::unique_ptr<AccountStore> MakeAccountStore(Connection& connection);

}  // namespace supeval::store::internal
