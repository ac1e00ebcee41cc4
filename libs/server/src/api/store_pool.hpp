// StorePool: open database connections kept for the server's threads, so a
// request does not pay for opening one (a PostgreSQL connection costs
// milliseconds). A connection is used by one request at a time: Acquire
// lends one (opening a new one when none is idle) and the Lease gives it
// back, unless it was marked broken. At most `max_idle` are kept.
// WithPooledStore is the one way the API borrows a connection for a call.
//
// Thread-safety: Acquire may be called from any thread; a Lease belongs to
// the thread that holds it.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "supeval/core/result.hpp"
#include "supeval/store/store.hpp"

namespace supeval::server {

class StorePool;

class StoreLease {
 public:
  StoreLease(StorePool& pool, std::unique_ptr<store::Store> store);
  StoreLease(StoreLease&& other) noexcept;
  StoreLease& operator=(StoreLease&&) = delete;
  StoreLease(const StoreLease&) = delete;
  StoreLease& operator=(const StoreLease&) = delete;
  ~StoreLease();

  [[nodiscard]] store::Store& store() { return *store_; }
  // The connection failed in a way that may leave it unusable: close it.
  void MarkBroken() { broken_ = true; }

 private:
  StorePool* pool_;
  std::unique_ptr<store::Store> store_;
  bool broken_ = false;
};

class StorePool {
 public:
  explicit StorePool(std::string db_url, std::size_t max_idle = 16);

  [[nodiscard]] core::Result<StoreLease> Acquire();

 private:
  friend class StoreLease;
  void GiveBack(std::unique_ptr<store::Store> store);

  std::string db_url_;
  std::size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<store::Store>> idle_;
};

// A fault of the server rather than of the request (internal or
// unavailable): it may leave the connection it came from unusable (a lost
// link, a failed statement), so that connection is closed rather than kept.
[[nodiscard]] inline bool IsServerFault(const core::Error& error) {
  return error.code == core::ErrorCode::kInternal || error.code == core::ErrorCode::kUnavailable;
}

// Runs `work(store)` with a connection of `pool` and returns its result
// (a core::Result of any type); a server fault (IsServerFault) closes the
// connection, any other outcome gives it back to the pool. Requires: `work` takes a
// store::Store&. Returns the pool's error when no connection can be opened.
template <class Work>
auto WithPooledStore(StorePool& pool, Work&& work) -> std::invoke_result_t<Work&, store::Store&> {
  auto lease = pool.Acquire();
  if (!lease.ok()) return lease.error();
  auto done = work(lease->store());
  if (!done.ok() && IsServerFault(done.error())) lease->MarkBroken();
  return done;
}

}  // namespace supeval::server
