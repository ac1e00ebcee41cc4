// Finding bytes sixteen at a time, for the CSV scanner and line counting:
// SSE2 where the target has it (every x86-64), plain 64-bit words elsewhere.
// AVX2 (x86-64-v3) and AVX-512 versions where the processor has them
// (cpu_features.hpp's Simd() decides, the one check): CountByteAndSee and
// IndexSeparators pick the fastest. All give the same answers; the tests
// compare each level with a byte-by-byte count.
// IndexSeparators lists where the commas and line ends of a text are, 64
// bytes at a time, for the block parser's fast path.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "cpu_features.hpp"
#include "supeval/core/digits.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
// The AVX2 and AVX-512 kernels, chosen at run time.
#define SUPEVAL_HAVE_X86_KERNELS 1
#endif

namespace supeval::io::detail {

// SWAR: a word whose bytes are all `c`, and the high bits of a word's zero
// bytes (shared with core's digit reading).
using core::detail::Broadcast;
using core::detail::ZeroBytes;

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
  const __m128i hits =
      _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8(',')), _mm_cmpeq_epi8(block, _mm_set1_epi8('\n'))),
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
inline ByteCount CountByteAndSeeBaseline(std::string_view text, char c, char seen) {
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

#if defined(SUPEVAL_HAVE_X86_KERNELS)
// The bytes of a 64-byte window that come before the end of the text, `left`
// bytes on, as a load mask: the last window of an AVX-512 loop loads nothing
// past the end (no fault).
constexpr std::uint64_t PresentBytes(std::size_t left) {
  return left >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << left) - 1;
}

// The same with AVX-512: 64 bytes a compare, a bit mask counted at once. The
// reader counts the line ends of each block of deliveries.csv while the other
// workers wait for the next block.
__attribute__((target("avx512f,avx512bw,popcnt"))) inline ByteCount CountByteAndSeeAvx512(std::string_view text, char c,
                                                                                          char seen) {
  const __m512i pattern = _mm512_set1_epi8(c);
  const __m512i other = _mm512_set1_epi8(seen);
  std::uint64_t count = 0;
  __mmask64 seen_any = 0;
  for (std::size_t at = 0; at < text.size(); at += 64) {
    // Bytes past the end are neither loaded nor compared.
    const __mmask64 present = PresentBytes(text.size() - at);
    const __m512i block = _mm512_maskz_loadu_epi8(present, text.data() + at);
    count += static_cast<std::uint64_t>(_mm_popcnt_u64(_mm512_mask_cmpeq_epi8_mask(present, block, pattern)));
    seen_any |= _mm512_mask_cmpeq_epi8_mask(present, block, other);
  }
  return {count, seen_any != 0};
}

// Whether this processor runs CountByteAndSeeAvx512.
inline bool HasAvx512Count() { return Simd().avx512bw; }

// AVX2 (x86-64-v3: Intel since Haswell, AMD since Excavator) has no masked
// byte loads or compares into bit masks: 64 bytes are two 32-byte registers,
// and a compare's lanes become a mask by movemask.
#define SUPEVAL_AVX2 __attribute__((target("avx2,bmi,bmi2,popcnt")))

// 64 bytes as two AVX2 registers.
struct Bytes64 {
  __m256i low;
  __m256i high;
};

// The 64 bytes at `at`, of which `left` are before the end: those past it are
// not read (copied through a buffer, for the last window only) and read as
// zero.
SUPEVAL_AVX2 inline Bytes64 LoadBytes64(const char* at, std::size_t left) {
  if (left >= 64) {
    return {_mm256_loadu_si256(reinterpret_cast<const __m256i*>(at)),
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at + 32))};
  }
  alignas(32) char window[64] = {};
  std::memcpy(window, at, left);
  return {_mm256_load_si256(reinterpret_cast<const __m256i*>(window)),
          _mm256_load_si256(reinterpret_cast<const __m256i*>(window + 32))};
}

// Bit i set where byte i of `lanes` (compare results, all ones or zero) is set.
SUPEVAL_AVX2 inline std::uint64_t LaneMask(__m256i low, __m256i high) {
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(low)) |
         std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(high))} << 32;
}

// Bit i set where byte i of `bytes` is `c`.
SUPEVAL_AVX2 inline std::uint64_t Where(const Bytes64& bytes, char c) {
  const __m256i pattern = _mm256_set1_epi8(c);
  return LaneMask(_mm256_cmpeq_epi8(bytes.low, pattern), _mm256_cmpeq_epi8(bytes.high, pattern));
}

// The same count with AVX2: as the baseline's, 64 bytes a round in 32-byte
// lanes (no movemask or POPCNT per round); the last bytes, under 64, by
// their masks.
SUPEVAL_AVX2 inline ByteCount CountByteAndSeeAvx2(std::string_view text, char c, char seen) {
  const __m256i pattern = _mm256_set1_epi8(c);
  const __m256i other = _mm256_set1_epi8(seen);
  const char* at = text.data();
  const char* end = at + text.size();
  std::uint64_t count = 0;
  __m256i seen_lanes = _mm256_setzero_si256();
  // Two compares a round add to each lane: summed before any passes 255.
  while (end - at >= 64) {
    __m256i lanes = _mm256_setzero_si256();
    for (int round = 0; round < 127 && end - at >= 64; ++round, at += 64) {
      const __m256i low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at));
      const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at + 32));
      lanes =
          _mm256_sub_epi8(_mm256_sub_epi8(lanes, _mm256_cmpeq_epi8(low, pattern)), _mm256_cmpeq_epi8(high, pattern));
      seen_lanes =
          _mm256_or_si256(seen_lanes, _mm256_or_si256(_mm256_cmpeq_epi8(low, other), _mm256_cmpeq_epi8(high, other)));
    }
    const __m256i sums = _mm256_sad_epu8(lanes, _mm256_setzero_si256());
    count += static_cast<std::uint64_t>(_mm256_extract_epi64(sums, 0) + _mm256_extract_epi64(sums, 1) +
                                        _mm256_extract_epi64(sums, 2) + _mm256_extract_epi64(sums, 3));
  }
  bool seen_any = _mm256_movemask_epi8(seen_lanes) != 0;
  const auto left = static_cast<std::size_t>(end - at);
  if (left > 0) {
    // A zero `c` or `seen` matches the window's zero fill: not counted.
    const std::uint64_t present = PresentBytes(left);
    const Bytes64 block = LoadBytes64(at, left);
    count += static_cast<std::uint64_t>(_mm_popcnt_u64(Where(block, c) & present));
    seen_any = seen_any || (Where(block, seen) & present) != 0;
  }
  // Callers go on in SSE code: no wait on the registers' dirty upper halves.
  _mm256_zeroupper();
  return {count, seen_any};
}

// Whether this processor runs the AVX2 kernels.
inline bool HasAvx2() { return Simd().avx2; }
#endif

inline ByteCount CountByteAndSee(std::string_view text, char c, char seen) {
#if defined(SUPEVAL_HAVE_X86_KERNELS)
  if (HasAvx512Count()) return CountByteAndSeeAvx512(text, c, seen);
  if (HasAvx2()) return CountByteAndSeeAvx2(text, c, seen);
#endif
  return CountByteAndSeeBaseline(text, c, seen);
}

inline std::uint64_t CountByte(std::string_view text, char c) { return CountByteAndSee(text, c, c).count; }

// The commas, line ends and quotes among 64 bytes: bit i for byte i.
struct SeparatorMasks {
  std::uint64_t separators = 0;  // commas and line ends
  std::uint64_t line_ends = 0;
  std::uint64_t quotes = 0;
};

// With 64-bit words.
inline SeparatorMasks ClassifyPortable64(const char* bytes) {
  SeparatorMasks masks;
  for (int word_at = 0; word_at < 64; word_at += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes + word_at, 8);
    const std::uint64_t comma = GatherHighBits(ZeroBytes(word ^ Broadcast(',')));
    const std::uint64_t line_end = GatherHighBits(ZeroBytes(word ^ Broadcast('\n')));
    masks.separators |= (comma | line_end) << word_at;
    masks.line_ends |= line_end << word_at;
    masks.quotes |= std::uint64_t{GatherHighBits(ZeroBytes(word ^ Broadcast('"')))} << word_at;
  }
  return masks;
}

// The same, with SSE2 where the target has it.
inline SeparatorMasks Classify64(const char* bytes) {
#if defined(__SSE2__)
  SeparatorMasks masks;
#pragma GCC unroll 4
  for (int part = 0; part < 4; ++part) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 16 * part));
    const __m128i line_end = _mm_cmpeq_epi8(block, _mm_set1_epi8('\n'));
    const __m128i separator = _mm_or_si128(line_end, _mm_cmpeq_epi8(block, _mm_set1_epi8(',')));
    const __m128i quote = _mm_cmpeq_epi8(block, _mm_set1_epi8('"'));
    const auto shift = 16 * part;
    masks.separators |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(separator))) << shift;
    masks.line_ends |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(line_end))) << shift;
    masks.quotes |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(quote))) << shift;
  }
  return masks;
#else
  return ClassifyPortable64(bytes);
#endif
}

// The number of bits set (x86-64's baseline has no POPCNT instruction, and
// std::popcount calls a library function there).
constexpr std::size_t PopCount(std::uint64_t bits) {
  bits -= (bits >> 1) & 0x5555555555555555ULL;
  bits = (bits & 0x3333333333333333ULL) + ((bits >> 2) & 0x3333333333333333ULL);
  bits = (bits + (bits >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<std::size_t>((bits * 0x0101010101010101ULL) >> 56);
}

// Marks the offsets of line ends in IndexSeparators' output.
constexpr std::uint32_t kLineEndBit = std::uint32_t{1} << 31;

// Writes to `to` the offsets (chunk_base + position) of the separators of
// `masks`, in order, a line end's with kLineEndBit; returns how many. Eight
// entries are written whatever the number of separators (a CSV row of 64
// bytes rarely has more), so that the loop's end is not a branch to
// mispredict; entries past the count are overwritten later. Inlined into
// each level's loop (TZCNT and BLSR there with AVX2).
[[gnu::always_inline]] inline std::size_t AppendSeparators(const SeparatorMasks& masks, std::uint32_t chunk_base,
                                                           std::uint32_t* to) {
  std::uint64_t rest = masks.separators;
  const std::size_t found = PopCount(rest);
  const auto entry = [&](std::uint64_t bits) {
    const int bit = std::countr_zero(bits | (std::uint64_t{1} << 63));
    return (chunk_base + static_cast<std::uint32_t>(bit)) | (static_cast<std::uint32_t>(masks.line_ends >> bit) & 1U)
                                                                << 31;
  };
#pragma GCC unroll 8
  for (int i = 0; i < 8; ++i, rest &= rest - 1) to[i] = entry(rest);
  for (std::size_t i = 8; i < found; ++i, rest &= rest - 1) to[i] = entry(rest);
  return found;
}

// Appends to `out` the offsets (base + position) of the commas and line ends
// of text[0, size), in order, a line end's with kLineEndBit set; `out` needs
// room for size + 64 entries. Stops before the first 64 bytes that hold a
// quote (whose commas and line ends may be data): `clean` becomes the number
// of bytes indexed, `size` when there is no quote. Requires base + size <
// kLineEndBit. Returns how many offsets were appended.
// This one with SSE2 (or 64-bit words); IndexSeparators picks the fastest the
// processor has.
inline std::size_t IndexSeparatorsBaseline(const char* text, std::size_t size, std::uint32_t base, std::uint32_t* out,
                                           std::size_t& clean) {
  std::size_t count = 0;
  std::size_t at = 0;
  for (; at < size; at += 64) {
    SeparatorMasks masks;
    if (size - at >= 64) {
      masks = Classify64(text + at);
    } else {
      char tail[64] = {};  // zero bytes are no separators
      std::memcpy(tail, text + at, size - at);
      masks = Classify64(tail);
    }
    if (masks.quotes != 0) break;
    count += AppendSeparators(masks, static_cast<std::uint32_t>(base + at), out + count);
  }
  clean = at < size ? at : size;
  return count;
}

#if defined(SUPEVAL_HAVE_X86_KERNELS)
// The same with AVX-512 (x86-64-v4 and VBMI2: Intel since Ice Lake, AMD since
// Zen 4): 64 bytes are classified by three compares into bit masks, and the
// positions of their separators are packed by one compress instruction
// instead of being taken bit by bit.
__attribute__((target("avx512f,avx512bw,avx512vbmi2,popcnt"))) inline std::size_t IndexSeparatorsAvx512(
    const char* text, std::size_t size, std::uint32_t base, std::uint32_t* out, std::size_t& clean) {
  alignas(64) static constexpr std::array<unsigned char, 64> kPositions = [] {
    std::array<unsigned char, 64> positions{};
    for (unsigned i = 0; i < 64; ++i) positions[i] = static_cast<unsigned char>(i);
    return positions;
  }();
  // A byte's position in the low six bits, 0x80 for a line end.
  const __m512i positions = _mm512_load_si512(kPositions.data());
  const __m512i line_end_positions = _mm512_or_si512(positions, _mm512_set1_epi8(static_cast<char>(0x80)));
  const __m512i low_six = _mm512_set1_epi32(63);
  const __m512i line_end_flag = _mm512_set1_epi32(0x80);
  std::size_t count = 0;
  std::size_t at = 0;
  for (; at < size; at += 64) {
    // Bytes past the end are not loaded and read as zero.
    const __mmask64 present = PresentBytes(size - at);
    const __m512i block = _mm512_maskz_loadu_epi8(present, text + at);
    if (_mm512_cmpeq_epi8_mask(block, _mm512_set1_epi8('"')) != 0) break;
    const __mmask64 line_ends = _mm512_cmpeq_epi8_mask(block, _mm512_set1_epi8('\n'));
    const __mmask64 separators = _mm512_cmpeq_epi8_mask(block, _mm512_set1_epi8(',')) | line_ends;
    const __m512i tagged = _mm512_mask_blend_epi8(line_ends, positions, line_end_positions);
    alignas(64) unsigned char packed[64];
    _mm512_store_si512(packed, _mm512_maskz_compress_epi8(separators, tagged));
    const auto found = static_cast<std::size_t>(_mm_popcnt_u64(separators));
    const __m512i chunk_base = _mm512_set1_epi32(static_cast<int>(base + at));
    // Sixteen entries are written whatever the number of separators, so that
    // a row's usual nine take no loop; entries past the count are overwritten.
    // (The zero-masking forms: GCC 12 warns of the others' undefined inputs.)
    constexpr __mmask16 kAll = 0xFFFF;
    for (std::size_t done = 0; done == 0 || done < found; done += 16) {
      const __m512i bytes =
          _mm512_maskz_cvtepu8_epi32(kAll, _mm_load_si128(reinterpret_cast<const __m128i*>(packed + done)));
      const __m512i entries =
          _mm512_or_si512(_mm512_add_epi32(chunk_base, _mm512_and_si512(bytes, low_six)),
                          _mm512_maskz_slli_epi32(kAll, _mm512_and_si512(bytes, line_end_flag), 24));
      _mm512_storeu_si512(out + count + done, entries);
    }
    count += found;
  }
  clean = at < size ? at : size;
  return count;
}

// Whether this processor runs IndexSeparatorsAvx512.
inline bool HasAvx512Index() { return Simd().avx512vbmi2; }

// The same with AVX2: 64 bytes classified by six 32-byte compares into bit
// masks, the positions taken bit by bit as the baseline takes them (TZCNT,
// BLSR; no compress instruction before AVX-512 VBMI2).
SUPEVAL_AVX2 inline std::size_t IndexSeparatorsAvx2(const char* text, std::size_t size, std::uint32_t base,
                                                    std::uint32_t* out, std::size_t& clean) {
  std::size_t count = 0;
  std::size_t at = 0;
  for (; at < size; at += 64) {
    // Bytes past the end read as zero: no separators.
    const Bytes64 block = LoadBytes64(text + at, size - at);
    if (Where(block, '"') != 0) break;
    SeparatorMasks masks;
    masks.line_ends = Where(block, '\n');
    masks.separators = Where(block, ',') | masks.line_ends;
    count += AppendSeparators(masks, static_cast<std::uint32_t>(base + at), out + count);
  }
  _mm256_zeroupper();
  clean = at < size ? at : size;
  return count;
}
#endif

inline std::size_t IndexSeparators(const char* text, std::size_t size, std::uint32_t base, std::uint32_t* out,
                                   std::size_t& clean) {
#if defined(SUPEVAL_HAVE_X86_KERNELS)
  if (HasAvx512Index()) return IndexSeparatorsAvx512(text, size, base, out, clean);
  if (HasAvx2()) return IndexSeparatorsAvx2(text, size, base, out, clean);
#endif
  return IndexSeparatorsBaseline(text, size, base, out, clean);
}

}  // namespace supeval::io::detail
