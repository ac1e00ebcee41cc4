// Random: the generator's own xoshiro256** stream, so that a data set is
// byte-identical on every platform (the standard library's distributions
// differ between implementations). Internal to the generator.
// Thread-compatible: one stream per file being written.
#pragma once

#include <array>
#include <cstdint>
#include <iterator>

namespace supeval::service {

__extension__ using Uint128 = unsigned __int128;

// xoshiro256** seeded through splitmix64: the same sequence on every platform
// (the standard library's distributions differ between implementations).
class Random {
 public:
  // `stream` separates the sequences of the files, so that, say, the number of
  // deliveries does not change the suppliers.
  Random(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t x = seed ^ (stream * 0x9E3779B97F4A7C15ULL);
    for (std::uint64_t& word : state_) word = SplitMix64(x);
  }

  std::uint64_t Next() {
    const std::uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }
  // Uniform in [0, n), n > 0 (multiply-shift; the bias is negligible here).
  std::uint64_t Below(std::uint64_t n) { return static_cast<std::uint64_t>((Uint128{Next()} * n) >> 64); }
  // Uniform in [low, high].
  std::int64_t Between(std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(high - low) + 1));
  }
  std::int32_t Days(std::int32_t low, std::int32_t high) { return static_cast<std::int32_t>(Between(low, high)); }
  // True with the given probability (53-bit uniform, exact on IEEE doubles).
  bool Chance(double probability) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < probability; }
  template <class Container>
  const auto& Pick(const Container& items) {
    return items[Below(std::size(items))];
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t SplitMix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  std::array<std::uint64_t, 4> state_{};
};

}  // namespace supeval::service
