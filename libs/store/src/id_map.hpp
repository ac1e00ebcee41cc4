// IdMap: text id -> dense index, for resolving the ids of rows read back
// (every delivery names a supplier, a plant and a material, and may be one a
// complaint names). Open addressing over one array, keys copied into one
// arena, so that a lookup is a hash of a few bytes and, mostly, one cache
// line; a small bit filter in front answers most misses without touching
// the table (most deliveries are named by no complaint). Not thread-safe for
// writes; const lookups may be shared.
#pragma once

#include <cstdint>
#include <cstring>
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
    if (Place(key, Hash(key), value)) ++size_;
  }

  // The index of `key`, or core::kNoIndex.
  [[nodiscard]] core::Index Find(std::string_view key) const {
    if (slots_.empty()) return core::kNoIndex;
    const std::uint64_t hash = Hash(key);
    const std::uint64_t bit = FilterBit(hash);
    if ((filter_[bit / 64] & (std::uint64_t{1} << (bit % 64))) == 0) return core::kNoIndex;
    for (std::size_t at = hash & mask_;; at = (at + 1) & mask_) {
      const Slot& slot = slots_[at];
      if (slot.hash == 0) return core::kNoIndex;
      if (slot.hash == hash && slot.length == key.size() &&
          std::memcmp(arena_.data() + slot.offset, key.data(), key.size()) == 0) {
        return slot.value;
      }
    }
  }

  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t hash = 0;  // 0: empty
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
    core::Index value = core::kNoIndex;
  };

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

  // Returns false when the key was there already.
  bool Place(std::string_view key, std::uint64_t hash, core::Index value) {
    for (std::size_t at = hash & mask_;; at = (at + 1) & mask_) {
      Slot& slot = slots_[at];
      if (slot.hash == 0) {
        slot = {hash, static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(key.size()), value};
        arena_.append(key);
        SetFilterBit(hash);
        return true;
      }
      if (slot.hash == hash && slot.length == key.size() &&
          std::memcmp(arena_.data() + slot.offset, key.data(), key.size()) == 0) {
        return false;
      }
    }
  }

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    filter_.assign(slots_.size() / 8, 0);  // 8 bits per slot: 16 or more per key
    for (const Slot& slot : old) {
      if (slot.hash == 0) continue;
      SetFilterBit(slot.hash);
      for (std::size_t at = slot.hash & mask_;; at = (at + 1) & mask_) {
        if (slots_[at].hash == 0) {
          slots_[at] = slot;
          break;
        }
      }
    }
  }

  // Bits from the top of the hash; the slot comes from the bottom.
  [[nodiscard]] std::uint64_t FilterBit(std::uint64_t hash) const { return (hash >> 40) & (filter_.size() * 64 - 1); }
  void SetFilterBit(std::uint64_t hash) {
    const std::uint64_t bit = FilterBit(hash);
    filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }

  std::vector<Slot> slots_;
  std::vector<std::uint64_t> filter_;
  std::string arena_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace supeval::store::internal
