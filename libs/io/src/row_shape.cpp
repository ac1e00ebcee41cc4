// RowShape: learning the fixed part of deliveries.csv's rows from the first
// row, and checking rows against it: with AVX-512, AVX2, and byte by byte.
#include "row_shape.hpp"

#include <cstring>

#include "byte_scan.hpp"
#include "cpu_features.hpp"

namespace supeval::io {

std::optional<RowShape> RowShape::Learn(std::string_view first_row,
                                        const std::array<const core::NumberedIdForm*, kIds>& forms) {
  RowShape shape;
  const auto exact = [&](std::size_t at) {
    shape.exact_mask_ |= std::uint64_t{1} << at;
    shape.exact_[at] = first_row[at];
  };
  const auto digit = [&](std::size_t at) {
    if (first_row[at] < '0' || first_row[at] > '9') return false;
    shape.digit_mask_ |= std::uint64_t{1} << at;
    return true;
  };
  std::size_t start = 0;
  for (std::size_t field = 0; field <= kIds; ++field) {
    const std::size_t comma = first_row.find(',', start);
    // The line must not end inside the fixed part, which must fit a compare.
    if (comma == std::string_view::npos || comma >= 63 ||
        first_row.substr(0, comma).find('\n') != std::string_view::npos) {
      return std::nullopt;
    }
    if (field < kIds) {
      if (forms[field] == nullptr) return std::nullopt;
      const core::NumberedIdForm& form = *forms[field];
      const std::size_t digits_at = start + form.prefix.size();
      if (comma - start != form.prefix.size() + form.digits ||
          first_row.substr(start, form.prefix.size()) != form.prefix) {
        return std::nullopt;
      }
      for (std::size_t at = start; at < digits_at; ++at) exact(at);
      for (std::size_t at = digits_at; at < comma; ++at) {
        if (!digit(at)) return std::nullopt;
      }
      shape.id_starts_[field] = static_cast<unsigned>(digits_at);
      shape.id_digits_[field] = static_cast<unsigned>(form.digits);
    } else {
      if (comma - start != kDateLength) return std::nullopt;
      for (std::size_t at = start; at < comma; ++at) {
        if (at == start + 4 || at == start + 7) exact(at);  // the dashes of YYYY-MM-DD
        else if (!digit(at)) return std::nullopt;
      }
      shape.due_date_ = static_cast<unsigned>(start);
    }
    exact(comma);
    start = comma + 1;
  }
  shape.fixed_ = static_cast<unsigned>(start);
  shape.match_ = FastestMatcher();
  return shape;
}

bool RowShape::MatchRowPortable(const char* row, const char* end, const char* readable, ShapedRow& fields) const {
  // The same 64-byte windows as MatchRow's masked loads: bytes from
  // `readable` on read as zeros.
  const auto byte = [readable](const char* at) { return at < readable ? *at : '\0'; };
  const char* tail = Tail(row);
  if (tail >= end) return false;
  for (unsigned at = 0; at < exact_.size(); ++at) {
    const std::uint64_t bit = std::uint64_t{1} << at;
    const char c = byte(row + at);
    if ((exact_mask_ & bit) != 0 && c != exact_[at]) return false;
    if ((digit_mask_ & bit) != 0 && (c < '0' || c > '9')) return false;
  }
  std::array<unsigned, 3> commas{};
  unsigned found = 0;
  for (unsigned at = 0; at < 64; ++at) {
    const char c = byte(tail + at);
    if (c == '\n') {
      if (tail + at >= end || found != 3) return false;
      fields = {commas[0], commas[1], commas[2], at};
      return true;
    }
    if (c == '"' || c == '\r') return false;
    if (c == ',') {
      if (found == commas.size()) return false;
      commas[found++] = at;
    }
  }
  return false;
}

#if defined(SUPEVAL_HAVE_ROW_SHAPE)

bool RowShape::Supported() { return detail::Simd().avx512bw || detail::Simd().avx2; }

RowShape::Matcher RowShape::FastestMatcher() {
  if (detail::Simd().avx512bw) return &RowShape::MatchRowAvx512;
  if (detail::Simd().avx2) return &RowShape::MatchRowAvx2;
  return &RowShape::MatchRowPortable;
}

namespace {

// What a kernel found in a row's two 64-byte windows, bit i for byte i: in
// the fixed part (from the row's start) which bytes are as in the first row
// and which are digits; in the tail (from its start) the commas, line ends
// and the bytes refused there (quotes, carriage returns).
struct RowMasks {
  std::uint64_t same = 0;
  std::uint64_t digits = 0;
  std::uint64_t commas = 0;
  std::uint64_t line_ends = 0;
  std::uint64_t refused = 0;
};

// Whether the masks are those of a row of the shape whose line end lies
// before `end`, and if so its fields: the scalar part of every kernel.
[[gnu::always_inline]] inline bool MatchMasks(RowMasks masks, std::uint64_t exact_mask, std::uint64_t digit_mask,
                                              const char* tail, const char* end, ShapedRow& fields) {
  if ((masks.same & exact_mask) != exact_mask || (masks.digits & digit_mask) != digit_mask || masks.line_ends == 0) {
    return false;
  }
  const auto line_end = static_cast<unsigned>(std::countr_zero(masks.line_ends));
  const std::uint64_t before = (std::uint64_t{1} << line_end) - 1;
  std::uint64_t commas = masks.commas;
  if (tail + line_end >= end || (masks.refused & before) != 0 || std::popcount(commas & before) != 3) return false;
  fields.due_qty_end = static_cast<unsigned>(std::countr_zero(commas));
  commas &= commas - 1;
  fields.receipt_date_end = static_cast<unsigned>(std::countr_zero(commas));
  commas &= commas - 1;
  fields.received_qty_end = static_cast<unsigned>(std::countr_zero(commas));
  fields.line_end = line_end;
  return true;
}

// The 64 bytes at `at`; those from `readable` on are zeros and not read (a
// masked load does not fault).
__attribute__((target("avx512f,avx512bw"))) inline __m512i LoadUpTo(const char* at, const char* readable) {
  const auto left = static_cast<std::size_t>(readable - at);
  const __mmask64 mask = left >= 64 ? ~__mmask64{0} : (__mmask64{1} << left) - 1;
  return _mm512_maskz_loadu_epi8(mask, at);
}

// Bit i set where the 64 bytes `bytes` hold `c`.
__attribute__((target("avx512f,avx512bw"))) inline std::uint64_t Where(__m512i bytes, char c) {
  return _mm512_cmpeq_epi8_mask(bytes, _mm512_set1_epi8(c));
}

// Bit i set where byte i of `bytes` is a digit: as a byte less '0', at most 9
// unsigned (AVX2 compares only signed bytes: x is at most 9 where min(x, 9)
// is x).
SUPEVAL_AVX2 inline std::uint64_t DigitBytes(const detail::Bytes64& bytes) {
  const __m256i zero = _mm256_set1_epi8('0');
  const __m256i nine = _mm256_set1_epi8(9);
  const __m256i low = _mm256_sub_epi8(bytes.low, zero);
  const __m256i high = _mm256_sub_epi8(bytes.high, zero);
  return detail::LaneMask(_mm256_cmpeq_epi8(_mm256_min_epu8(low, nine), low),
                          _mm256_cmpeq_epi8(_mm256_min_epu8(high, nine), high));
}

// Bit i set where byte i of `a` and `b` are the same.
SUPEVAL_AVX2 inline std::uint64_t SameBytes(const detail::Bytes64& a, const detail::Bytes64& b) {
  return detail::LaneMask(_mm256_cmpeq_epi8(a.low, b.low), _mm256_cmpeq_epi8(a.high, b.high));
}

// The masks of a row whose 64 bytes at `row` and at `tail` may be read;
// `exact` the 64 bytes a row's fixed part must have.
SUPEVAL_AVX2 inline RowMasks MasksAvx2(const char* row, const char* tail, const char* exact) {
  const detail::Bytes64 head = detail::LoadBytes64(row, 64);
  const detail::Bytes64 rest = detail::LoadBytes64(tail, 64);
  return {
      .same = SameBytes(head, detail::LoadBytes64(exact, 64)),
      .digits = DigitBytes(head),
      .commas = detail::Where(rest, ','),
      .line_ends = detail::Where(rest, '\n'),
      .refused = detail::Where(rest, '"') | detail::Where(rest, '\r'),
  };
}

}  // namespace

__attribute__((target("avx512f,avx512bw"))) bool RowShape::MatchRowAvx512(const char* row, const char* end,
                                                                          const char* readable,
                                                                          ShapedRow& fields) const {
  const char* tail = Tail(row);
  if (tail >= end) return false;
  const __m512i head = LoadUpTo(row, readable);
  const __m512i rest = LoadUpTo(tail, readable);
  const RowMasks masks{
      .same = _mm512_cmpeq_epi8_mask(head, _mm512_loadu_si512(exact_.data())),
      .digits = _mm512_cmple_epu8_mask(_mm512_sub_epi8(head, _mm512_set1_epi8('0')), _mm512_set1_epi8(9)),
      .commas = Where(rest, ','),
      .line_ends = Where(rest, '\n'),
      .refused = Where(rest, '"') | Where(rest, '\r'),
  };
  // Callers go on to scalar code built for SSE, whose instructions would wait
  // on the vector registers' dirty upper halves (on Intel processors that
  // doubled the time of a row).
  _mm256_zeroupper();
  return MatchMasks(masks, exact_mask_, digit_mask_, tail, end, fields);
}

SUPEVAL_AVX2 bool RowShape::MatchRowAvx2(const char* row, const char* end, const char* readable,
                                         ShapedRow& fields) const {
  const char* tail = Tail(row);
  if (tail >= end) return false;
  RowMasks found;
  if (readable - tail >= 64) {
    found = MasksAvx2(row, tail, exact_.data());
  } else {
    // Only the last rows of a block come so near `readable`: their bytes are
    // copied (those from `readable` on not read, zeros), so that the usual
    // rows' windows stay in registers.
    alignas(32) char near_end[128] = {};
    std::memcpy(near_end, row, static_cast<std::size_t>(readable - row));
    found = MasksAvx2(near_end, near_end + fixed_, exact_.data());
  }
  _mm256_zeroupper();  // as in MatchRowAvx512
  return MatchMasks(found, exact_mask_, digit_mask_, tail, end, fields);
}

#else

bool RowShape::Supported() { return false; }

RowShape::Matcher RowShape::FastestMatcher() { return &RowShape::MatchRowPortable; }

#endif

}  // namespace supeval::io
