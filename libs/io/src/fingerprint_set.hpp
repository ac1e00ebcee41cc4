// FingerprintSet: the 8-byte fingerprints of every delivery id, for the
// duplicate-id check. Fingerprints are spread over 256 buckets by their top
// byte as they arrive, so each is stored in 7 bytes (the bucket holds the
// eighth), in append-only chunks: memory is 7 bytes per delivery plus at most
// one partial chunk per bucket. Afterwards each bucket is small enough to
// check in a cache-resident hash table.
// One set per thread; FindRepeated combines the sets of all threads.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <thread>
#include <unordered_set>
#include <vector>

namespace supeval::io {

// Fingerprints are stored as their low bytes in memory order.
static_assert(std::endian::native == std::endian::little);

class FingerprintSet {
 public:
  static constexpr std::size_t kBuckets = 256;
  static constexpr std::size_t kChunk = 1024;      // fingerprints per chunk
  static constexpr std::size_t kStoredBytes = 7;  // the low 56 bits

  void Add(std::uint64_t fingerprint) {
    Bucket& bucket = buckets_[fingerprint >> 56];
    if (bucket.fill == kChunk || bucket.chunks.empty()) {
      bucket.chunks.push_back(std::make_unique_for_overwrite<unsigned char[]>(kChunk * kStoredBytes));
      bucket.fill = 0;
    }
    std::memcpy(bucket.chunks.back().get() + bucket.fill++ * kStoredBytes, &fingerprint, kStoredBytes);
  }

  // The fingerprints that occur more than once across `sets` (real repeats
  // or, rarely, two ids with the same fingerprint). Buckets are independent:
  // `threads` threads share them out.
  static std::unordered_set<std::uint64_t> FindRepeated(const std::vector<FingerprintSet>& sets,
                                                        std::size_t threads) {
    threads = std::max<std::size_t>(1, std::min(threads, kBuckets));
    std::vector<std::unordered_set<std::uint64_t>> found(threads);
    auto work = [&](std::size_t thread) {
      std::vector<std::uint64_t> table;
      for (std::size_t b = thread; b < kBuckets; b += threads) FindRepeatedInBucket(sets, b, table, found[thread]);
    };
    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work, t);
    work(0);
    for (std::thread& helper : helpers) helper.join();
    for (std::size_t t = 1; t < threads; ++t) found[0].insert(found[t].begin(), found[t].end());
    return std::move(found[0]);
  }

 private:
  static void FindRepeatedInBucket(const std::vector<FingerprintSet>& sets, std::size_t b,
                                   std::vector<std::uint64_t>& table, std::unordered_set<std::uint64_t>& repeated) {
    std::size_t count = 0;
    for (const FingerprintSet& set : sets) count += set.buckets_[b].Size();
    if (count == 0) return;
    std::size_t capacity = 16;
    while (capacity < 2 * count) capacity *= 2;
    // 0 marks an empty slot; the fingerprint 0 is counted apart.
    table.assign(capacity, 0);
    std::size_t zeros = 0;
    for (const FingerprintSet& set : sets) {
      set.buckets_[b].ForEach(b, [&](std::uint64_t fingerprint) {
        if (fingerprint == 0) {
          if (++zeros == 2) repeated.insert(0);
          return;
        }
        for (std::size_t slot = fingerprint & (capacity - 1);; slot = (slot + 1) & (capacity - 1)) {
          if (table[slot] == 0) {
            table[slot] = fingerprint;
            return;
          }
          if (table[slot] == fingerprint) {
            repeated.insert(fingerprint);
            return;
          }
        }
      });
    }
  }

  struct Bucket {
    std::vector<std::unique_ptr<unsigned char[]>> chunks;
    std::size_t fill = 0;  // used entries of the last chunk

    [[nodiscard]] std::size_t Size() const { return chunks.empty() ? 0 : (chunks.size() - 1) * kChunk + fill; }

    // Calls visit(fingerprint) for each, the top byte restored from `bucket`.
    template <class Visit>
    void ForEach(std::size_t bucket, Visit visit) const {
      const std::uint64_t top = static_cast<std::uint64_t>(bucket) << 56;
      for (std::size_t c = 0; c < chunks.size(); ++c) {
        const std::size_t used = c + 1 == chunks.size() ? fill : kChunk;
        for (std::size_t i = 0; i < used; ++i) {
          std::uint64_t low = 0;
          std::memcpy(&low, chunks[c].get() + i * kStoredBytes, kStoredBytes);
          visit(top | low);
        }
      }
    }
  };

  std::array<Bucket, kBuckets> buckets_;
};

}  // namespace supeval::io
