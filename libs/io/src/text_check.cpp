// UTF-8 and NUL checks of interchange text: an ASCII scan a word (or
// sixteen bytes) at a time, and a strict decoder for the rest.
#include "text_check.hpp"

#include <cstdint>
#include <cstring>

#include "cpu_features.hpp"
#include "supeval/core/digits.hpp"
#include "supeval/core/utf8.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define SUPEVAL_HAVE_AVX2_TEXT_CHECK 1
#endif

namespace supeval::io {
namespace {

using core::detail::Broadcast;
using core::detail::ZeroBytes;

// Whether the eight bytes of `word` are all plain (below 0x80, not 0).
bool PlainWord(std::uint64_t word) { return ((word | ZeroBytes(word)) & Broadcast(static_cast<char>(0x80))) == 0; }

#if defined(SUPEVAL_HAVE_AVX2_TEXT_CHECK)
// Texts this long (the block parser's 4 KB windows) are worth the call to
// the AVX2 scan, where the processor has it.
constexpr std::size_t kWorthAvx2 = 512;

// The same scan as IsPlainAscii's, 128 bytes a round; `at` is moved past
// what was scanned, the rest (under 128 bytes) is left to the caller.
__attribute__((target("avx2"))) bool PlainAvx2(const char*& at, const char* end) {
  const __m256i one = _mm256_set1_epi8(1);
  __m256i seen = _mm256_setzero_si256();
  const auto* words = reinterpret_cast<const __m256i*>(at);
  for (; end - at >= 128; at += 128, words += 4) {
    const __m256i low = _mm256_or_si256(_mm256_cmpgt_epi8(one, _mm256_loadu_si256(words)),
                                        _mm256_cmpgt_epi8(one, _mm256_loadu_si256(words + 1)));
    const __m256i high = _mm256_or_si256(_mm256_cmpgt_epi8(one, _mm256_loadu_si256(words + 2)),
                                         _mm256_cmpgt_epi8(one, _mm256_loadu_si256(words + 3)));
    seen = _mm256_or_si256(seen, _mm256_or_si256(low, high));
  }
  return _mm256_movemask_epi8(seen) == 0;
}

bool HasAvx2() { return detail::Simd().avx2; }
#endif

}  // namespace

bool IsPlainAscii(std::string_view text) {
  const char* at = text.data();
  const char* end = at + text.size();
#if defined(SUPEVAL_HAVE_AVX2_TEXT_CHECK)
  if (text.size() >= kWorthAvx2 && HasAvx2() && !PlainAvx2(at, end)) return false;
#endif
#if defined(__SSE2__)
  // As signed bytes, NUL and every byte of 0x80 or more are below 1: one
  // compare for sixteen bytes, gathered by OR, 64 bytes a round.
  const __m128i one = _mm_set1_epi8(1);
  const auto below_one = [&](const char* bytes) {
    return _mm_cmplt_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes)), one);
  };
  __m128i seen = _mm_setzero_si128();
  for (; end - at >= 64; at += 64) {
    const __m128i low = _mm_or_si128(below_one(at), below_one(at + 16));
    const __m128i high = _mm_or_si128(below_one(at + 32), below_one(at + 48));
    seen = _mm_or_si128(seen, _mm_or_si128(low, high));
  }
  if (_mm_movemask_epi8(seen) != 0) return false;
#endif
  for (; end - at >= 8; at += 8) {
    std::uint64_t word;
    std::memcpy(&word, at, sizeof word);
    if (!PlainWord(word)) return false;
  }
  for (; at != end; ++at) {
    const auto byte = static_cast<unsigned char>(*at);
    if (byte == 0 || byte >= 0x80) return false;
  }
  return true;
}

TextProblem CheckText(std::string_view text) {
  if (IsPlainAscii(text)) return TextProblem::kNone;
  for (std::size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte == 0) return TextProblem::kNul;
    if (byte < 0x80) {
      ++at;
      continue;
    }
    const std::size_t length = core::Utf8SequenceLength(text, at);
    if (length == 0) return TextProblem::kNotUtf8;
    at += length;
  }
  return TextProblem::kNone;
}

std::string_view Describe(TextProblem problem) {
  switch (problem) {
    case TextProblem::kNone:
      return "";
    case TextProblem::kNotUtf8:
      return "not valid UTF-8";
    case TextProblem::kNul:
      return "contains a NUL byte";
  }
  return "";
}

}  // namespace supeval::io
