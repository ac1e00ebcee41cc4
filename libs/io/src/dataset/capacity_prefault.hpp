// Faulting in a vector's unused capacity on another thread (madvise
// MADV_POPULATE_WRITE) while the caller fills it. Internal to io.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <sys/mman.h>

#include "supeval/core/threads.hpp"

namespace supeval::io::dataset {

// Faults in the pages of the unused capacity of `records` on another thread
// while the caller fills it (Linux 5.14 and later; elsewhere the pages fault
// in one by one as they are first written). The 88,000 complaints of a large
// data set are 17 MB of fresh memory, and faulting it in page by page was a
// third of adding them, on one thread while the other core waited.
template <class Record>
class CapacityPrefault {
 public:
  explicit CapacityPrefault(const std::vector<Record>& records) {
#if defined(MADV_POPULATE_WRITE)
    constexpr std::uintptr_t kPage = 4096;
    constexpr std::size_t kWorthAThread = std::size_t{1} << 20;
    const auto begin = (reinterpret_cast<std::uintptr_t>(records.data() + records.size()) + kPage - 1) & ~(kPage - 1);
    const auto end = reinterpret_cast<std::uintptr_t>(records.data() + records.capacity()) & ~(kPage - 1);
    if (end <= begin || end - begin < kWorthAThread) return;
    helper_.emplace([begin, end] {
      // A hint: when refused (EINVAL before 5.14), the pages fault in as written.
      static_cast<void>(::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE));
    });
#endif
  }
  CapacityPrefault(const CapacityPrefault&) = delete;
  CapacityPrefault& operator=(const CapacityPrefault&) = delete;

 private:
  std::optional<core::Beside> helper_;  // waited for as it goes
};

}  // namespace supeval::io::dataset
