// IdIndex: string ids of a data set (suppliers, plants, materials, …) mapped to
// dense indices, for lookups on every delivery row: open addressing with
// linear probing over one array, keys in one arena, no allocation per lookup.
// Once sealed, ids that are all numbered in one form (core::NumberedIdForm) with
// numbers close together are found through a table indexed by number instead.
// HashId is also the fingerprint of the duplicate-delivery check.
// Lookups are const and may run from several threads at once; inserts may not.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

#include <sys/mman.h>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "supeval/core/reading/numbered_id.hpp"
#include "supeval/core/records.hpp"

namespace supeval::io {

inline std::uint64_t LoadWord(const char* bytes) {
  std::uint64_t word;
  std::memcpy(&word, bytes, 8);
  return word;
}

inline std::uint64_t MixWord(std::uint64_t hash, std::uint64_t word) {
  hash = (hash ^ word) * 0xFF51AFD7ED558CCDULL;
  return hash ^ (hash >> 32);
}

// A fast 64-bit hash for short ids: whole words, the last one overlapping,
// and no byte-wise loop.
inline std::uint64_t HashId(std::string_view text) {
  const char* bytes = text.data();
  const std::size_t size = text.size();
  std::uint64_t hash = 0xCBF29CE484222325ULL ^ (size * 0x9E3779B97F4A7C15ULL);
  if (size >= 8) {
    for (std::size_t i = 0; i + 8 < size; i += 8) hash = MixWord(hash, LoadWord(bytes + i));
    hash = MixWord(hash, LoadWord(bytes + size - 8));
  } else if (size >= 4) {
    std::uint32_t head;
    std::uint32_t tail;
    std::memcpy(&head, bytes, 4);
    std::memcpy(&tail, bytes + size - 4, 4);
    hash = MixWord(hash, (static_cast<std::uint64_t>(head) << 32) | tail);
  } else if (size > 0) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i])); };
    hash = MixWord(hash, byte(0) | (byte(size / 2) << 8) | (byte(size - 1) << 16));
  }
  hash *= 0xC4CEB9FE1A85EC53ULL;
  return hash ^ (hash >> 29);
}

// Allocates large arrays on 2 MiB pages where the kernel allows it: the id
// tables of a large data set span megabytes, and with 4 KiB pages nearly every
// lookup would also miss the TLB. A table looked up rarely is better off
// without (`huge` false): a fresh 2 MiB page can wait for the kernel to
// compact memory (measured here: usually 0.5 ms for 4 MiB, at times 20 ms,
// against 2 ms on 4 KiB pages).
template <class T>
struct HugePageAllocator {
  using value_type = T;
  using propagate_on_container_move_assignment = std::true_type;
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;

  bool huge = true;

  HugePageAllocator() = default;
  explicit HugePageAllocator(bool on_huge_pages) : huge(on_huge_pages) {}
  template <class U>
  explicit HugePageAllocator(const HugePageAllocator<U>& other) : huge(other.huge) {}

  T* allocate(std::size_t count) {
    const std::size_t bytes = count * sizeof(T);
    if (!OnHugePages(bytes)) return std::allocator<T>{}.allocate(count);
    const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* memory = std::aligned_alloc(kHugePage, rounded);
    if (memory == nullptr) throw std::bad_alloc();
    ::madvise(memory, rounded, MADV_HUGEPAGE);
    return static_cast<T*>(memory);
  }
  void deallocate(T* pointer, std::size_t count) {
    if (!OnHugePages(count * sizeof(T))) {
      std::allocator<T>{}.deallocate(pointer, count);
      return;
    }
    std::free(pointer);
  }
  [[nodiscard]] bool OnHugePages(std::size_t bytes) const { return huge && bytes >= kHugePage; }
  friend bool operator==(const HugePageAllocator& a, const HugePageAllocator& b) { return a.huge == b.huge; }
};

class IdIndex {
 public:
  IdIndex() = default;
  // An index that is rarely looked up once built: its hash table is kept on
  // ordinary pages (see HugePageAllocator).
  struct RarelyLookedUp {};
  explicit IdIndex(RarelyLookedUp /*tag*/) : slots_(HugePageAllocator<Slot>(false)) {}

  // The index of `id`, or core::kNoIndex.
  [[nodiscard]] core::Index Find(std::string_view id) const {
    if (numbered_) return FindNumber(reader_.NumberOf(id));
    return FindByHash(id);
  }

  // The same for an id that is usually absent (a delivery that no complaint
  // names): a small Bloom filter answers most misses without touching the
  // hash table, which may not fit in the cache. `hash` is HashId(id).
  [[nodiscard]] core::Index FindRare(std::string_view id) const { return FindRare(id, HashId(id)); }
  [[nodiscard]] core::Index FindRare(std::string_view id, std::uint64_t hash) const {
    if (numbered_) return FindNumber(reader_.NumberOf(id));
    if (filter_.empty() || !Filtered(hash)) return core::kNoIndex;
    return FindHashed(id, hash);
  }

  // A lookup in two steps, for rows read ahead of their use: Prepare computes
  // what the lookup of `id` needs (its number, or its hash) and starts loading
  // the memory it will read first; FindPrepared(id, Prepare(id)) == Find(id).
  [[nodiscard]] std::uint64_t Prepare(std::string_view id) const {
    if (numbered_) {
      const std::uint64_t number = reader_.NumberOf(id);
      if (in_order_ids_ == 0 && number - first_number_ < by_number_.size()) {
        __builtin_prefetch(&by_number_[number - first_number_]);
      }
      return number;
    }
    const std::uint64_t hash = HashId(id);
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
    return hash;
  }
  [[nodiscard]] core::Index FindPrepared(std::string_view id, std::uint64_t prepared) const {
    return numbered_ ? FindNumber(prepared) : FindHashed(id, prepared);
  }

  // For callers that read ids' numbers themselves (io's RowShape): the form
  // of the ids, and the index of the id with a number (in that form; only
  // when numbered()).
  [[nodiscard]] const core::NumberReader& number_reader() const { return reader_; }
  [[nodiscard]] core::Index FindByNumber(std::uint64_t number) const { return FindNumber(number); }

  // The same for FindRare: the filter's line (the hash table is rarely reached).
  void PrefetchRare(std::uint64_t hash) const {
    if (!numbered_ && !filter_.empty()) __builtin_prefetch(&filter_[((hash >> 7) & (filter_.size() * 64 - 1)) / 64]);
  }

  // Adds `id` (requires it absent: check with Find first) with the next index,
  // 0, 1, 2, … in the order of insertion; returns that index.
  core::Index Insert(std::string_view id) {
    const auto index = static_cast<core::Index>(size());
    in_order_ids_ = 0;  // until the next Seal
    if (numbered_ && !PlaceNumber(id, index)) BecomeHashed();
    if (!numbered_ && (size() + 2) * 2 > slots_.size()) Grow();
    arena_.append(id);
    offsets_.push_back(static_cast<std::uint32_t>(arena_.size()));
    if (numbered_) return index;
    const std::uint64_t hash = HashId(id);
    Place(hash, id, index);
    if (filter_.size() * 64 < 8 * size()) RebuildFilter(std::max<std::size_t>(16, filter_.size() * 2));
    else SetFiltered(hash);
    return index;
  }

  // The index of `id`, inserting it first when absent (then `inserted`).
  struct Found {
    core::Index index;
    bool inserted;
  };
  Found FindOrInsert(std::string_view id) {
    const core::Index found = Find(id);
    if (found != core::kNoIndex) return {found, false};
    return {Insert(id), true};
  }

  // Makes room for `ids` ids in all, so that inserting them allocates and
  // rehashes nothing more (each doubling touched fresh pages).
  void Reserve(std::size_t ids) {
    reserved_ = std::max(reserved_, ids);
    offsets_.reserve(ids + 1);
    if (!numbered_) SizeHashTable(ids);
  }

  // Called once every id is in. When all ids are written in one numbered form
  // and their numbers are close together but arrived out of order, the table
  // indexed by number is built now (see numbered()). When they are the
  // numbers from the lowest up, each with its place in that order as index
  // (a master file listed by id, as ERP systems export it), a lookup becomes
  // a subtraction (see in_order()).
  void Seal() {
    if (!numbered_) NumberIfDense();
    in_order_ids_ = numbered() && core::NumberTable::InOrder(by_number_, size()) ? size() : 0;
  }

  // Whether lookups go through the table indexed by number: all ids are
  // written in one numbered form (core::NumberedIdForm) and their numbers are
  // close together (core::NumberTable::Dense). No hashing, no comparing of
  // text, and a table small enough for the cache; ids inserted in order are
  // placed at the table's end. Otherwise the hash table.
  [[nodiscard]] bool numbered() const { return numbered_ && size() > 0; }

  // Whether the ids are the numbers from the lowest up, each with its place
  // in that order as index (see Seal): lookups read no table.
  [[nodiscard]] bool in_order() const { return in_order_ids_ != 0; }

  [[nodiscard]] std::size_t size() const { return offsets_.size() - 1; }

  // Whether the file that lists these ids could be read. When it could not
  // (missing, or a header that is not usable), its own problem says so, and
  // a reference to an id not found here is not a problem of its own.
  void MarkUnlisted() { listed_ = false; }
  [[nodiscard]] bool listed() const { return listed_; }

  // The id with index `index` (< size()).
  [[nodiscard]] std::string_view Key(core::Index index) const {
    return {arena_.data() + offsets_[index], offsets_[index + 1] - offsets_[index]};
  }

 private:
  static constexpr std::size_t kPrefixBytes = 8;
  static bool Dense(std::uint64_t lowest, std::uint64_t highest, std::size_t ids) {
    return core::NumberTable::Dense(lowest, highest, ids);
  }

  [[nodiscard]] core::Index FindNumber(std::uint64_t number) const {
    // kOtherForm, or a number below the first, wraps to far beyond the table.
    const std::uint64_t at = number - first_number_;
    if (in_order_ids_ != 0) return at < in_order_ids_ ? static_cast<core::Index>(at) : core::kNoIndex;
    return at < by_number_.size() ? by_number_[at] : core::kNoIndex;
  }

  // Seal's move to the table by number, for ids that arrived out of order.
  void NumberIfDense() {
    auto dense = core::NumberTable::FindDense(size(), [&](std::size_t i) { return Key(static_cast<core::Index>(i)); });
    if (!dense) return;
    reader_ = core::NumberReader(std::move(dense->form));
    first_number_ = lowest_ = dense->lowest;
    highest_ = dense->highest;
    by_number_.assign(highest_ - lowest_ + 1, core::kNoIndex);
    for (core::Index index = 0; index < size(); ++index) by_number_[reader_.NumberOf(Key(index)) - lowest_] = index;
    numbered_ = true;
    slots_ = {};  // rebuilt from the arena if an id of another form comes
    mask_ = 0;
    filter_ = {};
  }

  // Puts the id with index `index` into the table by number; false when it
  // is not of the form, or the numbers would no longer be dense.
  bool PlaceNumber(std::string_view id, core::Index index) {
    if (index == 0) {
      const auto form = core::NumberedIdForm::Of(id);
      if (!form) return false;
      reader_ = core::NumberReader(*form);
      lowest_ = highest_ = first_number_ = reader_.NumberOf(id);
      by_number_.assign(std::max<std::size_t>(reserved_, 1), core::kNoIndex);
    }
    const std::uint64_t number = reader_.NumberOf(id);
    if (number == core::NumberedIdForm::kOtherForm) return false;
    const std::uint64_t lowest = std::min(lowest_, number);
    const std::uint64_t highest = std::max(highest_, number);
    if (!Dense(lowest, highest, size() + 1)) return false;
    lowest_ = lowest;
    highest_ = highest;
    if (number < first_number_) {
      // Room below as large as the table, so ids in falling order are moved
      // a logarithmic number of times.
      const std::uint64_t first = number - std::min<std::uint64_t>(number, by_number_.size());
      std::vector<core::Index> table(first_number_ - first + by_number_.size(), core::kNoIndex);
      std::copy(by_number_.begin(), by_number_.end(),
                table.begin() + static_cast<std::ptrdiff_t>(first_number_ - first));
      by_number_ = std::move(table);
      first_number_ = first;
    }
    if (number - first_number_ >= by_number_.size()) {
      by_number_.resize(std::max<std::size_t>(number - first_number_ + 1, 2 * by_number_.size()), core::kNoIndex);
    }
    assert(by_number_[number - first_number_] == core::kNoIndex);
    by_number_[number - first_number_] = index;
    return true;
  }

  // From the table by number to the hash table, for the ids inserted so far.
  void BecomeHashed() {
    numbered_ = false;
    by_number_ = {};
    SizeHashTable(std::max(reserved_, size() + 1));
  }

  void SizeHashTable(std::size_t ids) {
    std::size_t capacity = 16;
    while (capacity < 2 * (ids + 2)) capacity *= 2;
    if (capacity > slots_.size()) Rehash(capacity);
    std::size_t words = 16;
    while (words * 64 < 8 * ids) words *= 2;
    if (words > filter_.size()) RebuildFilter(words);
  }

  // Find with the id's HashId computed already (the hash table).
  // Find's lookup of an id that is not numbered, kept out of Find: inlined,
  // its registers made every numbered lookup (a delivery row's plant) save
  // and restore six (1 % of a stream on the general path).
  [[nodiscard, gnu::noinline]] core::Index FindByHash(std::string_view id) const { return FindHashed(id, HashId(id)); }

  [[nodiscard]] core::Index FindHashed(std::string_view id, std::uint64_t hash) const {
    if (slots_.empty()) return core::kNoIndex;
    const std::uint32_t check = Check(hash, id.size());
    const std::uint64_t prefix = Prefix(id);
    for (std::size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
      const Slot& entry = slots_[slot];
      if (entry.index_plus_one == 0) return core::kNoIndex;
      if (entry.check != check || entry.prefix != prefix) continue;
      const core::Index index = entry.index_plus_one - 1;
      if (id.size() <= kPrefixBytes) return index;  // prefix and length: the whole id
      if (Key(index) == id) return index;
    }
  }

  // 16 bytes: the id's first eight bytes (zero-padded), a check word (hash
  // bits and the length), and index + 1 (0: empty). Ids of up to eight bytes
  // are compared without leaving the slot: one cache line per lookup.
  struct Slot {
    std::uint64_t prefix = 0;
    std::uint32_t check = 0;
    core::Index index_plus_one = 0;
  };

  static std::uint32_t Check(std::uint64_t hash, std::size_t length) {
    const auto length_byte = static_cast<std::uint32_t>(length < 255 ? length : 255);
    return (static_cast<std::uint32_t>(hash >> 40) << 8) | length_byte;
  }

  static std::uint64_t Prefix(std::string_view id) {
    std::uint64_t prefix = 0;
    std::memcpy(&prefix, id.data(), id.size() < kPrefixBytes ? id.size() : kPrefixBytes);
    return prefix;
  }

  void Place(std::uint64_t hash, std::string_view id, core::Index index) {
    for (std::size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
      if (slots_[slot].index_plus_one == 0) {
        slots_[slot] = Slot{Prefix(id), Check(hash, id.size()), index + 1};
        return;
      }
    }
  }

  void Grow() { Rehash(slots_.empty() ? 16 : slots_.size() * 2); }
  void Rehash(std::size_t capacity) {
    slots_.assign(capacity, Slot{});
    mask_ = slots_.size() - 1;
    for (core::Index index = 0; index + 1 < offsets_.size(); ++index) Place(HashId(Key(index)), Key(index), index);
  }

  // Two bits per id out of about eight bits per id: about 5 % false positives.
  [[nodiscard]] bool Filtered(std::uint64_t hash) const {
    const std::size_t bits = filter_.size() * 64 - 1;
    const std::size_t a = (hash >> 7) & bits;
    const std::size_t b = (hash >> 35) & bits;
    return ((filter_[a / 64] >> (a % 64)) & 1U) != 0 && ((filter_[b / 64] >> (b % 64)) & 1U) != 0;
  }
  void SetFiltered(std::uint64_t hash) {
    const std::size_t bits = filter_.size() * 64 - 1;
    const std::size_t a = (hash >> 7) & bits;
    const std::size_t b = (hash >> 35) & bits;
    filter_[a / 64] |= std::uint64_t{1} << (a % 64);
    filter_[b / 64] |= std::uint64_t{1} << (b % 64);
  }
  void RebuildFilter(std::size_t words) {  // a power of two
    filter_.assign(words, 0);
    for (core::Index index = 0; index + 1 < offsets_.size(); ++index) SetFiltered(HashId(Key(index)));
  }

  std::vector<Slot, HugePageAllocator<Slot>> slots_;
  std::size_t mask_ = 0;
  std::string arena_;
  std::vector<std::uint32_t> offsets_{0};  // id i is arena_[offsets_[i], offsets_[i + 1])
  std::vector<std::uint64_t> filter_;
  bool numbered_ = true;                // until an id does not fit (see numbered())
  std::uint64_t in_order_ids_ = 0;      // not 0: index = number - first_number_ for all ids (see Seal)
  std::vector<core::Index> by_number_;  // numbered: index by number - first_number_, or kNoIndex
  core::NumberReader reader_;           // of the ids' numbered form
  std::uint64_t first_number_ = 0;
  std::uint64_t lowest_ = 0;  // numbered: the lowest and highest number held
  std::uint64_t highest_ = 0;
  std::size_t reserved_ = 0;  // ids announced by Reserve
  bool listed_ = true;
};

}  // namespace supeval::io
