// IdMap: text id -> dense index, for resolving the ids of rows read back
// (every delivery names a supplier, a plant and a material, and may be one a
// complaint names). Open addressing over one array of 32-byte slots; ids of
// up to 16 bytes (all ids in practice) are held in the slot itself, so that a
// lookup is a hash of a few bytes and one cache line, compared as two
// integers; longer ids live in an arena. A bit filter in front answers most
// misses without touching the table (most deliveries are named by no
// complaint). Tables of tens of thousands of ids do not fit the caches, so a
// reader hashes a batch of keys first (Prepare, which prefetches) and looks
// them up afterwards, and large tables ask for huge pages (fewer TLB misses).
// Not thread-safe for writes; const lookups may be shared.
#pragma once

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/records.hpp"

namespace supeval::store::internal {

class IdMap {
 public:
  // Adds `key` (ignored when present). Keys are copied.
  void Insert(std::string_view key, core::Index value) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    if (Place(Make(key, Hash(key), value))) ++size_;
  }

  // A key hashed ahead of its lookup.
  struct Probe {
    std::uint64_t hash = 0;
  };

  // Hashes `key` and starts loading what Find will read.
  [[nodiscard]] Probe Prepare(std::string_view key) const {
    const Probe probe{Hash(key)};
    if (!slots_.empty()) {
      __builtin_prefetch(&filter_[FilterBit(probe.hash) / 64]);
      __builtin_prefetch(&slots_[probe.hash & mask_]);
    }
    return probe;
  }

  // The index of `key`, or core::kNoIndex.
  [[nodiscard]] core::Index Find(std::string_view key) const { return Find(key, Probe{Hash(key)}); }
  // The same with `probe` = Prepare(key).
  [[nodiscard]] core::Index Find(std::string_view key, Probe probe) const {
    if (slots_.empty()) return core::kNoIndex;
    const std::uint64_t hash = probe.hash;
    const std::uint64_t bit = FilterBit(hash);
    if ((filter_[bit / 64] & (std::uint64_t{1} << (bit % 64))) == 0) return core::kNoIndex;
    Inline inline_key;
    const bool short_key = key.size() <= kInline;
    if (short_key) inline_key = Pack(key);
    for (std::size_t at = hash & mask_;; at = (at + 1) & mask_) {
      const Slot& slot = slots_[at];
      if (slot.hash == 0) return core::kNoIndex;
      if (slot.hash != hash || slot.length != key.size()) continue;
      if (short_key ? slot.key.low == inline_key.low && slot.key.high == inline_key.high
                    : std::memcmp(arena_.data() + slot.key.low, key.data(), key.size()) == 0) {
        return slot.value;
      }
    }
  }

  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  static constexpr std::size_t kInline = 16;

  struct Inline {
    std::uint64_t low = 0;   // arena offset for a long key
    std::uint64_t high = 0;
  };
  struct Slot {
    std::uint64_t hash = 0;  // 0: empty
    std::uint32_t length = 0;
    core::Index value = core::kNoIndex;
    Inline key;
  };

  // The key's bytes, zero-padded to 16.
  static Inline Pack(std::string_view key) {
    unsigned char bytes[kInline] = {};
    std::memcpy(bytes, key.data(), key.size());
    Inline packed;
    std::memcpy(&packed.low, bytes, 8);
    std::memcpy(&packed.high, bytes + 8, 8);
    return packed;
  }

  // A fast mix of the key's bytes, 8 at a time; never 0.
  static std::uint64_t Hash(std::string_view key) {
    std::uint64_t hash = 0x9e3779b97f4a7c15ULL ^ key.size();
    const char* p = key.data();
    std::size_t n = key.size();
    for (; n >= 8; p += 8, n -= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      hash = (hash ^ word) * 0xff51afd7ed558ccdULL;
      hash ^= hash >> 32;
    }
    if (n > 0) {
      // The last 1..7 bytes in at most two loads (overlapping when n < 8).
      std::uint64_t word = 0;
      if (n >= 4) {
        std::uint32_t low, high;
        std::memcpy(&low, p, 4);
        std::memcpy(&high, p + n - 4, 4);
        word = low | (static_cast<std::uint64_t>(high) << 32);
      } else {
        word = static_cast<unsigned char>(p[0]) | (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
               (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16);
      }
      hash = (hash ^ word) * 0xc4ceb9fe1a85ec53ULL;
    }
    // MurmurHash3's finalizer: every input bit reaches the low bits the
    // table is indexed by.
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdULL;
    hash ^= hash >> 33;
    hash *= 0xc4ceb9fe1a85ec53ULL;
    hash ^= hash >> 33;
    return hash == 0 ? 1 : hash;
  }

  Slot Make(std::string_view key, std::uint64_t hash, core::Index value) {
    Slot slot;
    slot.hash = hash;
    slot.length = static_cast<std::uint32_t>(key.size());
    slot.value = value;
    if (key.size() <= kInline) {
      slot.key = Pack(key);
    } else {
      slot.key.low = arena_.size();
      arena_.append(key);
    }
    return slot;
  }

  [[nodiscard]] bool SameKey(const Slot& a, const Slot& b) const {
    if (a.hash != b.hash || a.length != b.length) return false;
    if (a.length <= kInline) return a.key.low == b.key.low && a.key.high == b.key.high;
    return std::memcmp(arena_.data() + a.key.low, arena_.data() + b.key.low, a.length) == 0;
  }

  // Returns false when the key was there already.
  bool Place(const Slot& entry) {
    for (std::size_t at = entry.hash & mask_;; at = (at + 1) & mask_) {
      Slot& slot = slots_[at];
      if (slot.hash == 0) {
        slot = entry;
        SetFilterBit(entry.hash);
        return true;
      }
      if (SameKey(slot, entry)) return false;
    }
  }

  void Grow() {
    SlotArray old = std::move(slots_);
    slots_ = SlotArray(old.empty() ? 64 : old.size() * 2);
    mask_ = slots_.size() - 1;
    filter_.assign(slots_.size() / 16, 0);  // 4 bits per slot: 8 or more per key
    for (std::size_t i = 0; i < old.size(); ++i) {
      if (old[i].hash != 0) Place(old[i]);
    }
  }

  // Bits from the top of the hash; the slot comes from the bottom.
  [[nodiscard]] std::uint64_t FilterBit(std::uint64_t hash) const { return (hash >> 40) & (filter_.size() * 64 - 1); }
  void SetFilterBit(std::uint64_t hash) {
    const std::uint64_t bit = FilterBit(hash);
    filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }

  // Zeroed slots; from 2 MiB on, 2 MiB-aligned with huge pages requested.
  class SlotArray {
   public:
    SlotArray() = default;
    explicit SlotArray(std::size_t count) : size_(count) {
      constexpr std::size_t kHugePage = std::size_t{2} << 20;
      const std::size_t bytes = count * sizeof(Slot);
      const std::size_t align = bytes >= kHugePage ? kHugePage : 64;
      const std::size_t rounded = (bytes + align - 1) / align * align;
      data_ = static_cast<Slot*>(std::aligned_alloc(align, rounded));
      if (data_ == nullptr) throw std::bad_alloc();
      if (align == kHugePage) madvise(data_, rounded, MADV_HUGEPAGE);
      for (std::size_t i = 0; i < count; ++i) new (&data_[i]) Slot{};
    }
    SlotArray(SlotArray&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
    SlotArray& operator=(SlotArray&& other) noexcept {
      std::swap(data_, other.data_);
      std::swap(size_, other.size_);
      return *this;
    }
    SlotArray(const SlotArray&) = delete;
    SlotArray& operator=(const SlotArray&) = delete;
    ~SlotArray() { std::free(data_); }

    [[nodiscard]] bool empty() const { return size_ == 0; }
    [[nodiscard]] std::size_t size() const { return size_; }
    Slot& operator[](std::size_t i) { return data_[i]; }
    const Slot& operator[](std::size_t i) const { return data_[i]; }

   private:
    Slot* data_ = nullptr;
    std::size_t size_ = 0;
  };

  SlotArray slots_;
  std::vector<std::uint64_t> filter_;
  std::string arena_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace supeval::store::internal
