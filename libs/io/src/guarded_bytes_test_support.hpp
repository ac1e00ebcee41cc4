// For the kernels' tests: text placed right before a page that may not be
// read, so that a kernel reading one byte past what it was allowed faults
// (the test crashes) instead of passing by luck.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <string_view>

namespace supeval::io::test_support {

class GuardedBytes {
 public:
  // A copy of `text` whose last byte is the last readable one.
  explicit GuardedBytes(std::string_view text) : page_(static_cast<std::size_t>(sysconf(_SC_PAGESIZE))) {
    pages_ = (text.size() + page_ - 1) / page_ + 1;
    void* mapped = mmap(nullptr, pages_ * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) throw std::runtime_error("GuardedBytes: mmap failed");
    base_ = static_cast<char*>(mapped);
    char* guard = base_ + (pages_ - 1) * page_;
    if (mprotect(guard, page_, PROT_NONE) != 0) throw std::runtime_error("GuardedBytes: mprotect failed");
    data_ = guard - text.size();
    if (!text.empty()) std::memcpy(data_, text.data(), text.size());
  }
  GuardedBytes(const GuardedBytes&) = delete;
  GuardedBytes& operator=(const GuardedBytes&) = delete;
  ~GuardedBytes() { munmap(base_, pages_ * page_); }

  [[nodiscard]] const char* data() const { return data_; }
  // The first byte that may not be read.
  [[nodiscard]] const char* end() const { return base_ + (pages_ - 1) * page_; }
  [[nodiscard]] std::string_view text() const { return {data_, static_cast<std::size_t>(end() - data_)}; }

 private:
  std::size_t page_;
  std::size_t pages_ = 0;
  char* base_ = nullptr;
  char* data_ = nullptr;
};

}  // namespace supeval::io::test_support
