// The DiscussionStore over a store's connection (both back ends). Internal to
// supeval::store. Thread-compatible: see discussions.hpp.
#pragma once

#include <memory>

#include "connection.hpp"
#include "supeval/store/discussions.hpp"

namespace supeval::store::internal {

// A DiscussionStore that borrows `connection`, which must outlive it.
std::unique_ptr<DiscussionStore> MakeDiscussionStore(Connection& connection);

}  // namespace supeval::store::internal
