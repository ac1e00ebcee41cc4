// The SUPEVAL_SIMD cap: it only ever takes instructions away, and an unknown
// value falls back to the portable code.
#include "cpu_features.hpp"

#include <gtest/gtest.h>

namespace supeval::io::detail {
namespace {

constexpr SimdSupport kEverything{.avx2 = true, .avx512bw = true, .avx512vbmi2 = true};
constexpr SimdSupport kAvx2Only{.avx2 = true};

bool Same(const SimdSupport& a, const SimdSupport& b) {
  return a.avx2 == b.avx2 && a.avx512bw == b.avx512bw && a.avx512vbmi2 == b.avx512vbmi2;
}

TEST(CpuFeatures, NoCapKeepsWhatTheProcessorHas) {
  EXPECT_TRUE(Same(CappedSimd(kEverything, std::nullopt), kEverything));
  EXPECT_TRUE(Same(CappedSimd(kEverything, "avx512"), kEverything));
  EXPECT_TRUE(Same(CappedSimd(kAvx2Only, "avx512"), kAvx2Only));
}

TEST(CpuFeatures, ACapTakesAwayWhatIsAboveIt) {
  EXPECT_TRUE(Same(CappedSimd(kEverything, "avx2"), kAvx2Only));
  EXPECT_TRUE(Same(CappedSimd(kEverything, "baseline"), SimdSupport{}));
}

TEST(CpuFeatures, ACapNeverAddsWhatTheProcessorLacks) {
  EXPECT_TRUE(Same(CappedSimd(SimdSupport{}, "avx2"), SimdSupport{}));
  EXPECT_TRUE(Same(CappedSimd(SimdSupport{}, "avx512"), SimdSupport{}));
}

TEST(CpuFeatures, AnUnknownCapMeansTheBaseline) {
  EXPECT_TRUE(Same(CappedSimd(kEverything, "AVX-512"), SimdSupport{}));
  EXPECT_TRUE(Same(CappedSimd(kEverything, ""), SimdSupport{}));
}

TEST(CpuFeatures, TheLevelsNestAndHaveNames) {
  const SimdSupport detected = DetectedSimd();
  EXPECT_TRUE(!detected.avx512vbmi2 || detected.avx512bw);
  EXPECT_EQ(SimdName(kEverything), "avx512-vbmi2");
  EXPECT_EQ(SimdName(kAvx2Only), "avx2");
  EXPECT_EQ(SimdName(SimdSupport{}), "baseline");
}

}  // namespace
}  // namespace supeval::io::detail
