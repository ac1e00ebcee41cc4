// The vector instructions this processor offers supeval's kernels: the one
// run-time check every processor-specific kernel asks (row_shape, byte_scan,
// text_check), so that each is chosen the same way and a machine without
// AVX-512 never runs an AVX-512 instruction.
//
// The environment variable SUPEVAL_SIMD caps what is used, whatever the
// processor has: `baseline` (x86-64's SSE2 and portable code only), `avx2`,
// `avx512` (no cap). Tests and scripts/test.sh use it to run the portable
// paths on every machine; any other value means `baseline` (the safe side).
// Read once, on first use; thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace supeval::io::detail {

struct SimdSupport {
  bool avx2 = false;         // AVX2 with POPCNT, BMI1 and BMI2 (of x86-64-v3)
  bool avx512bw = false;     // AVX-512 F and BW with POPCNT
  bool avx512vbmi2 = false;  // the above and VBMI2 (compress of bytes)
};

// What the processor has (CPUID), with no cap applied.
SimdSupport DetectedSimd();

// `detected` limited to what the cap names (SUPEVAL_SIMD's value; none: no cap).
SimdSupport CappedSimd(SimdSupport detected, std::optional<std::string_view> cap);

// What the kernels may use: DetectedSimd() under SUPEVAL_SIMD's cap, read once.
const SimdSupport& Simd();

// The level in use, for messages and benchmarks: "avx512-vbmi2", "avx512",
// "avx2" or "baseline".
std::string_view SimdName(const SimdSupport& simd);

}  // namespace supeval::io::detail
