// Eight bytes at a time in a 64-bit word (SWAR): which bytes equal a given
// one, whether eight ASCII digits are all digits, and their value. For the
// hot loops that read ids, quantities and CSV text (always inlined: a call
// costs as much as what they do).
#pragma once

#include <bit>
#include <cstdint>

namespace supeval::core::detail {

static_assert(std::endian::native == std::endian::little);

// True when the eight bytes of `word` are all ASCII digits.
[[gnu::always_inline]] constexpr bool EightDigits(std::uint64_t word) {
  return (((word & 0xF0F0F0F0F0F0F0F0ULL) | (((word + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) >> 4)) ==
          0x3333333333333333ULL);
}

// The value of eight ASCII digits, the first in the lowest byte.
[[gnu::always_inline]] constexpr std::uint64_t EightDigitsValue(std::uint64_t word) {
  word -= 0x3030303030303030ULL;
  word = (word * 10) + (word >> 8);
  return (((word & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
          (((word >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
         32;
}

// The first `count` (1 to 8) bytes of `word` as the last digits of eight,
// led by '0's: "680" read into a word becomes "00000680".
[[gnu::always_inline]] constexpr std::uint64_t AsLastDigits(std::uint64_t word, unsigned count) {
  const unsigned shift = 8 * (8 - count);
  const std::uint64_t kept = ~std::uint64_t{0} << shift;
  return (word << shift) | (0x3030303030303030ULL & ~kept);
}

// A word whose bytes are all `c`.
[[gnu::always_inline]] constexpr std::uint64_t Broadcast(char c) {
  return 0x0101010101010101ULL * static_cast<unsigned char>(c);
}

// The high bit set in exactly the zero bytes of `word` (no false positives
// above a zero byte, so every set bit can be used).
[[gnu::always_inline]] constexpr std::uint64_t ZeroBytes(std::uint64_t word) {
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  return ~(((word & kLow7) + kLow7) | word | kLow7);
}

// The position (0 to 7) of the first byte of `word` equal to `c`, or 8.
[[gnu::always_inline]] constexpr unsigned FirstByte(std::uint64_t word, char c) {
  return static_cast<unsigned>(std::countr_zero(ZeroBytes(word ^ Broadcast(c)))) / 8;
}

}  // namespace supeval::core::detail
