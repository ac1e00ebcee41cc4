// The pool of database connections the API's handlers borrow.
#include "store_pool.hpp"

#include <chrono>
#include <utility>

namespace supeval::server {

StoreLease::StoreLease(StorePool& pool, std::unique_ptr<store::Store> store) : pool_(&pool), store_(std::move(store)) {}

StoreLease::StoreLease(StoreLease&& other) noexcept
    : pool_(other.pool_), store_(std::move(other.store_)), broken_(other.broken_) {}

StoreLease::~StoreLease() {
  if (store_ && !broken_) pool_->GiveBack(std::move(store_));
}

StorePool::StorePool(std::string db_url, std::size_t max_idle) : db_url_(std::move(db_url)), max_idle_(max_idle) {}

core::Result<StoreLease> StorePool::Acquire() {
  {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<store::Store> store = std::move(idle_.back());
      idle_.pop_back();
      return StoreLease(*this, std::move(store));
    }
  }
  // A request waits a few seconds for another writer, never minutes.
  store::OpenOptions options;
  options.lock_timeout = std::chrono::seconds(5);
  auto opened = store::OpenStore(db_url_, options);
  if (!opened.ok()) return opened.error();
  return StoreLease(*this, std::move(opened).value());
}

void StorePool::GiveBack(std::unique_ptr<store::Store> store) {
  const std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(store));
}

}  // namespace supeval::server
