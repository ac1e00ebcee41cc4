// FingerprintSet finds exactly the fingerprints that occur more than once,
// across the sets of several threads, whatever the number of threads that
// check them: compared with a plain count on random fingerprints with planted
// repeats (within one set, across sets, the fingerprint 0, and ones that
// differ only in the bytes the buckets and parts are chosen by).
#include "fingerprint_set.hpp"

#include <gtest/gtest.h>

#include <random>
#include <unordered_map>

namespace supeval::io {
namespace {

TEST(FingerprintSet, FindsExactlyTheRepeatedFingerprints) {
  std::mt19937_64 random(7);
  std::vector<FingerprintSet> sets(3);
  std::unordered_map<std::uint64_t, int> counts;
  auto add = [&](std::size_t set, std::uint64_t fingerprint) {
    sets[set].Add(fingerprint);
    ++counts[fingerprint];
  };
  for (int i = 0; i < 300000; ++i) add(static_cast<std::size_t>(i % 3), random());
  for (int i = 0; i < 500; ++i) {  // repeats of earlier ones, in the same or another set
    const std::uint64_t again = counts.begin()->first + static_cast<std::uint64_t>(i);
    add(static_cast<std::size_t>(i % 3), again);
    add(static_cast<std::size_t>((i + 1) % 3), again);
  }
  add(0, 0);
  add(2, 0);
  // Same bucket (top byte) and same part (next byte), different below.
  add(1, 0xAB'CD'00'00'00'00'00'01ULL);
  add(1, 0xAB'CD'00'00'00'00'00'02ULL);
  // Differ only in the top byte: different buckets, not repeats.
  add(0, 0x01'00'00'00'00'00'00'05ULL);
  add(1, 0x02'00'00'00'00'00'00'05ULL);

  std::unordered_set<std::uint64_t> expected;
  for (const auto& [fingerprint, count] : counts) {
    if (count > 1) expected.insert(fingerprint);
  }
  ASSERT_GE(expected.size(), 500U);
  for (const std::size_t threads : {1U, 2U, 3U, 8U}) {
    EXPECT_EQ(FingerprintSet::FindRepeated(sets, threads), expected) << threads << " threads";
  }
}

TEST(FingerprintSet, EmptyAndSingleSetsHaveNoRepeats) {
  std::vector<FingerprintSet> sets(2);
  EXPECT_TRUE(FingerprintSet::FindRepeated(sets, 2).empty());
  for (std::uint64_t i = 0; i < 5000; ++i) sets[0].Add(i * 0x9E3779B97F4A7C15ULL);
  EXPECT_TRUE(FingerprintSet::FindRepeated(sets, 2).empty());
}

}  // namespace
}  // namespace supeval::io
