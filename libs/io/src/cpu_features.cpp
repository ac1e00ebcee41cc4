// The one run-time check of the processor's vector instructions (see
// cpu_features.hpp), and the SUPEVAL_SIMD cap.
#include "cpu_features.hpp"

#include <cstdlib>

namespace supeval::io::detail {

SimdSupport DetectedSimd() {
  SimdSupport simd;
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  const bool popcnt = __builtin_cpu_supports("popcnt");
  simd.avx2 =
      popcnt && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
  simd.avx512bw = popcnt && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
  simd.avx512vbmi2 = simd.avx512bw && __builtin_cpu_supports("avx512vbmi2");
#endif
  return simd;
}

SimdSupport CappedSimd(SimdSupport detected, std::optional<std::string_view> cap) {
  if (!cap || *cap == "avx512") return detected;
  if (*cap == "avx2") return {.avx2 = detected.avx2};
  return {};
}

const SimdSupport& Simd() {
  static const SimdSupport simd = [] {
    const char* cap = std::getenv("SUPEVAL_SIMD");
    return CappedSimd(DetectedSimd(), cap != nullptr ? std::optional<std::string_view>(cap) : std::nullopt);
  }();
  return simd;
}

std::string_view SimdName(const SimdSupport& simd) {
  if (simd.avx512vbmi2) return "avx512-vbmi2";
  if (simd.avx512bw) return "avx512";
  if (simd.avx2) return "avx2";
  return "baseline";
}

}  // namespace supeval::io::detail
