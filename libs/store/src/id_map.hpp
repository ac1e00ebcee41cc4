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
// Keys numbered densely in one form (as ERP systems number suppliers and
// materials) are found by number instead (core::NumberTable, see Of).
// Not thread-safe for writes; const lookups may be shared.
#pragma once

#include <sys/mman.h>

#include <cassert>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "supeval/core/reading/numbered_id.hpp"
#include "supeval/core/records.hpp"

namespace supeval::store::internal {

class IdMap {
 public:
  // The map of `keys`, the one at position i with value i (a repeat keeps
  // the first). Keys numbered densely in one form are found by number and
  // no hash table is built; any others are hashed.
  static IdMap Of(const std::vector<std::string_view>& keys) {
    IdMap map;
    map.numbers_ = core::NumberTable::Of(keys);
    if (map.numbers_) {
      map.size_ = keys.size();
      return map;
    }
    map.Reserve(keys.size());
    for (core::Index i = 0; i < keys.size(); ++i) map.Insert(keys[i], i);
    return map;
  }

  // Adds `key` (ignored when present). Keys are copied.
  void Insert(std::string_view key, core::Index value) {
    assert(!numbers_ && "a map found by number takes no more keys");
    if ((size_ + 1) * 2 > slots_.size()) Grow(slots_.empty() ? kFirstSlots : slots_.size() * 2);
    if (Place(Make(key, Hash(key), value))) ++size_;
  }

  // Makes room for `keys` keys in all, so that inserting them grows the table
  // no more (each growth would clear fresh pages again).
  void Reserve(std::size_t keys) {
    std::size_t slots = slots_.empty() ? kFirstSlots : slots_.size();
    while (keys * 2 > slots) slots *= 2;
    if (slots > slots_.size()) Grow(slots);
  }

  // A key hashed (or its number read) ahead of its lookup.
  struct Probe {
    std::uint64_t hash = 0;  // or the number
  };

  // Hashes `key` and starts loading what Find will read.
  [[nodiscard]] Probe Prepare(std::string_view key) const {
    if (numbers_) {
      const Probe probe{numbers_->NumberOf(key)};
      numbers_->Prefetch(probe.hash);
      return probe;
    }
    const Probe probe{Hash(key)};
    if (!slots_.empty()) {
      __builtin_prefetch(&filter_[FilterBit(probe.hash) / 64]);
      __builtin_prefetch(&slots_[probe.hash & mask_]);
    }
    return probe;
  }

  // The index of `key`, or core::kNoIndex.
  [[nodiscard]] core::Index Find(std::string_view key) const {
    return Find(key, numbers_ ? Probe{numbers_->NumberOf(key)} : Probe{Hash(key)});
  }
  // The same with `probe` = Prepare(key).
  [[nodiscard]] core::Index Find(std::string_view key, Probe probe) const {
    if (numbers_) return numbers_->Find(probe.hash);
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
  // Whether lookups go by number (see Of): Find then needs the probe only.
  [[nodiscard]] bool numbered() const { return numbers_.has_value(); }

 private:
  static constexpr std::size_t kInline = 16;

  struct Inline {
    std::uint64_t low = 0;  // arena offset for a long key
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
        word = static_cast<unsigned char>(p[0]) |
               (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
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

  static constexpr std::size_t kFirstSlots = 64;

  void Grow(std::size_t slots) {
    SlotArray old = std::move(slots_);
    slots_ = SlotArray(slots);
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
  std::optional<core::NumberTable> numbers_;  // when built of densely numbered keys
};

}  // namespace supeval::store::internal
