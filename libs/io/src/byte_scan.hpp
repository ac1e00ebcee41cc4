// Finding bytes sixteen at a time, for the CSV scanner and line counting:
// SSE2 where the target has it (every x86-64), plain 64-bit words elsewhere.
// Both give the same answers; the tests compare each with a byte-by-byte count.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace supeval::io::detail {

// SWAR: a word whose bytes are all `c`.
constexpr std::uint64_t Broadcast(char c) { return 0x0101010101010101ULL * static_cast<unsigned char>(c); }

// The high bit set in exactly the zero bytes of `word` (no false positives
// above a zero byte, so every set bit can be used).
constexpr std::uint64_t ZeroBytes(std::uint64_t word) {
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  return ~(((word & kLow7) + kLow7) | word | kLow7);
}

// One bit per byte of a word's high-bit mask, bit i for byte i.
constexpr std::uint32_t GatherHighBits(std::uint64_t high_bits) {
  return static_cast<std::uint32_t>(((high_bits >> 7) * 0x0102040810204080ULL) >> 56);
}

static_assert(std::endian::native == std::endian::little);

// Bit i set when bytes[i] (of 16) is a comma, a newline or a quote: with
// 64-bit words.
inline std::uint32_t SpecialMask16Portable(const char* bytes) {
  std::uint32_t mask = 0;
  for (int half = 0; half < 2; ++half) {
    std::uint64_t word;
    std::memcpy(&word, bytes + 8 * half, 8);
    const std::uint64_t special =
        ZeroBytes(word ^ Broadcast(',')) | ZeroBytes(word ^ Broadcast('\n')) | ZeroBytes(word ^ Broadcast('"'));
    mask |= GatherHighBits(special) << (8 * half);
  }
  return mask;
}

// How many bytes of `text` are `c`: with 64-bit words.
inline std::uint64_t CountBytePortable(std::string_view text, char c) {
  const char* at = text.data();
  const char* end = text.data() + text.size();
  std::uint64_t count = 0;
  for (; end - at >= 8; at += 8) {
    std::uint64_t word;
    std::memcpy(&word, at, 8);
    // One per matching byte, summed by a multiply (no POPCNT before x86-64-v2).
    count += ((ZeroBytes(word ^ Broadcast(c)) >> 7) * 0x0101010101010101ULL) >> 56;
  }
  for (; at != end; ++at) count += *at == c ? 1 : 0;
  return count;
}

// The same two, with SSE2 where the target has it.
inline std::uint32_t SpecialMask16(const char* bytes) {
#if defined(__SSE2__)
  const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes));
  const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8(',')),
                                                 _mm_cmpeq_epi8(block, _mm_set1_epi8('\n'))),
                                    _mm_cmpeq_epi8(block, _mm_set1_epi8('"')));
  return static_cast<std::uint32_t>(_mm_movemask_epi8(hits));
#else
  return SpecialMask16Portable(bytes);
#endif
}

// How many bytes of `text` are `c`, and whether any is `seen` (one pass).
struct ByteCount {
  std::uint64_t count = 0;
  bool seen = false;
};
inline ByteCount CountByteAndSee(std::string_view text, char c, char seen) {
  const auto portable = [&](std::string_view rest) {
    return ByteCount{CountBytePortable(rest, c), rest.find(seen) != std::string_view::npos};
  };
#if defined(__SSE2__)
  const char* at = text.data();
  const char* end = text.data() + text.size();
  ByteCount result;
  const __m128i pattern = _mm_set1_epi8(c);
  const __m128i other = _mm_set1_epi8(seen);
  __m128i seen_lanes = _mm_setzero_si128();
  // Matches are counted per byte lane (a match compares as -1, subtracted),
  // and the lanes are summed before any can pass 255.
  while (end - at >= 16) {
    __m128i lanes = _mm_setzero_si128();
    for (int round = 0; round < 255 && end - at >= 16; ++round, at += 16) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(block, pattern));
      seen_lanes = _mm_or_si128(seen_lanes, _mm_cmpeq_epi8(block, other));
    }
    const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    result.count += static_cast<std::uint64_t>(_mm_cvtsi128_si64(sums)) +
                    static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
  const ByteCount tail = portable(std::string_view(at, static_cast<std::size_t>(end - at)));
  return {result.count + tail.count, _mm_movemask_epi8(seen_lanes) != 0 || tail.seen};
#else
  return portable(text);
#endif
}

inline std::uint64_t CountByte(std::string_view text, char c) { return CountByteAndSee(text, c, c).count; }

}  // namespace supeval::io::detail
