// FingerprintSet: the 8-byte fingerprints of every delivery id, for the
// duplicate-id check. Fingerprints are spread over 256 buckets by their top
// byte as they arrive, so each is stored in 7 bytes (the bucket holds the
// eighth), in append-only chunks: memory is 7 bytes per delivery plus at most
// one partial chunk per bucket. Afterwards each bucket is split by its next
// byte into parts small enough to check in a hash table in the first-level
// cache.
// One set per thread; FindRepeated combines the sets of all threads.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <unordered_set>
#include <vector>

#include "supeval/core/threads.hpp"

namespace supeval::io {

// Fingerprints are stored as their low bytes in memory order.
static_assert(std::endian::native == std::endian::little);

class FingerprintSet {
 public:
  static constexpr std::size_t kBuckets = 256;
  static constexpr std::size_t kChunk = 1024;     // fingerprints per chunk
  static constexpr std::size_t kStoredBytes = 7;  // the low 56 bits

  void Add(std::uint64_t fingerprint) {
    const std::size_t b = fingerprint >> 56;
    // The write position of each bucket sits in one small array, so that an
    // Add touches only it and the line it writes to.
    if (tails_[b] == chunk_ends_[b]) NewChunk(b);
    std::memcpy(tails_[b], &fingerprint, kStoredBytes);
    tails_[b] += kStoredBytes;
  }

  // The fingerprints that occur more than once across `sets` (real repeats
  // or, rarely, two ids with the same fingerprint), and those for which
  // `also_repeated(fingerprint)` is true. Buckets are independent: `threads`
  // threads share them out (also_repeated is called from all of them).
  template <class AlsoRepeated>
  static std::unordered_set<std::uint64_t> FindRepeated(const std::vector<FingerprintSet>& sets, std::size_t threads,
                                                        const AlsoRepeated& also_repeated) {
    threads = std::max<std::size_t>(1, std::min(threads, kBuckets));
    std::vector<std::unordered_set<std::uint64_t>> found(threads);
    auto work = [&](std::size_t thread) {
      std::vector<std::uint64_t> table;
      for (std::size_t b = thread; b < kBuckets; b += threads) {
        FindRepeatedInBucket(sets, b, table, found[thread], also_repeated);
      }
    };
    core::RunInParallel(threads, work);
    for (std::size_t t = 1; t < threads; ++t) found[0].insert(found[t].begin(), found[t].end());
    return std::move(found[0]);
  }
  static std::unordered_set<std::uint64_t> FindRepeated(const std::vector<FingerprintSet>& sets, std::size_t threads) {
    return FindRepeated(sets, threads, [](std::uint64_t /*fingerprint*/) { return false; });
  }

 private:
  void NewChunk(std::size_t b) {
    Bucket& bucket = buckets_[b];
    bucket.chunks.push_back(std::make_unique_for_overwrite<unsigned char[]>(kChunk * kStoredBytes));
    tails_[b] = bucket.chunks.back().get();
    chunk_ends_[b] = tails_[b] + kChunk * kStoredBytes;
  }

  // The number of fingerprints in bucket `b`, and calls visit(fingerprint)
  // for each, the top byte restored.
  [[nodiscard]] std::size_t Size(std::size_t b) const {
    const Bucket& bucket = buckets_[b];
    return bucket.chunks.empty() ? 0 : (bucket.chunks.size() - 1) * kChunk + LastChunkUsed(b);
  }
  template <class Visit>
  void ForEach(std::size_t b, Visit visit) const {
    const Bucket& bucket = buckets_[b];
    const std::uint64_t top = static_cast<std::uint64_t>(b) << 56;
    for (std::size_t c = 0; c < bucket.chunks.size(); ++c) {
      const std::size_t used = c + 1 == bucket.chunks.size() ? LastChunkUsed(b) : kChunk;
      for (std::size_t i = 0; i < used; ++i) {
        std::uint64_t low = 0;
        std::memcpy(&low, bucket.chunks[c].get() + i * kStoredBytes, kStoredBytes);
        visit(top | low);
      }
    }
  }
  [[nodiscard]] std::size_t LastChunkUsed(std::size_t b) const {
    return static_cast<std::size_t>(tails_[b] - buckets_[b].chunks.back().get()) / kStoredBytes;
  }

  // A bucket's fingerprints are first spread over kParts parts by their next
  // byte (sequential writes), and each part is then checked in a hash table
  // small enough for the first-level cache: one table of a whole bucket at
  // 10 million deliveries is a megabyte, and its probes missed the caches.
  static constexpr std::size_t kParts = 256;

  template <class AlsoRepeated>
  static void FindRepeatedInBucket(const std::vector<FingerprintSet>& sets, std::size_t b,
                                   std::vector<std::uint64_t>& parts, std::unordered_set<std::uint64_t>& repeated,
                                   const AlsoRepeated& also_repeated) {
    std::size_t count = 0;
    for (const FingerprintSet& set : sets) count += set.Size(b);
    if (count == 0) return;
    std::array<std::size_t, kParts + 1> starts{};
    for (const FingerprintSet& set : sets) {
      set.ForEach(b, [&](std::uint64_t fingerprint) { ++starts[PartOf(fingerprint) + 1]; });
    }
    for (std::size_t p = 1; p <= kParts; ++p) starts[p] += starts[p - 1];
    parts.resize(count);
    std::array<std::size_t, kParts> next{};
    std::copy(starts.begin(), starts.end() - 1, next.begin());
    for (const FingerprintSet& set : sets) {
      set.ForEach(b, [&](std::uint64_t fingerprint) {
        parts[next[PartOf(fingerprint)]++] = fingerprint;
        if (also_repeated(fingerprint)) repeated.insert(fingerprint);
      });
    }
    std::vector<std::uint64_t> table;
    for (std::size_t p = 0; p < kParts; ++p) {
      FindRepeatedInPart(std::span(parts).subspan(starts[p], starts[p + 1] - starts[p]), table, repeated);
    }
  }

  static std::size_t PartOf(std::uint64_t fingerprint) { return (fingerprint >> 48) & (kParts - 1); }

  static void FindRepeatedInPart(std::span<const std::uint64_t> part, std::vector<std::uint64_t>& table,
                                 std::unordered_set<std::uint64_t>& repeated) {
    if (part.size() < 2) return;
    std::size_t capacity = 16;
    while (capacity < 2 * part.size()) capacity *= 2;
    // 0 marks an empty slot; the fingerprint 0 is counted apart.
    table.assign(capacity, 0);
    std::size_t zeros = 0;
    for (const std::uint64_t fingerprint : part) {
      if (fingerprint == 0) {
        if (++zeros == 2) repeated.insert(0);
        continue;
      }
      for (std::size_t slot = fingerprint & (capacity - 1);; slot = (slot + 1) & (capacity - 1)) {
        if (table[slot] == 0) {
          table[slot] = fingerprint;
          break;
        }
        if (table[slot] == fingerprint) {
          repeated.insert(fingerprint);
          break;
        }
      }
    }
  }

  struct Bucket {
    std::vector<std::unique_ptr<unsigned char[]>> chunks;  // all full but the last
  };

  std::array<Bucket, kBuckets> buckets_;
  std::array<unsigned char*, kBuckets> tails_{};       // where the next fingerprint of a bucket goes
  std::array<unsigned char*, kBuckets> chunk_ends_{};  // the end of the bucket's last chunk
};

}  // namespace supeval::io
