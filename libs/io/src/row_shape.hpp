// RowShape: the fixed part of the rows of a deliveries.csv written by an ERP
// export — delivery, supplier, plant and material ids of fixed width (their
// numbered forms) and the ISO due date, always at the same offsets — learned
// from the file's first row. A row of that shape is checked by one 64-byte
// compare and its ids are read at known offsets, eight digits at a time; only
// the separators of its variable tail (quantities, receipt date, type) are
// looked for. This skips the general record parser for almost every row
// (issue 3, eleventh round: a fifth of a 10M run on two threads, a quarter
// on one). Rows of any other
// shape, and every row that is not valid, go to the general path, which names
// their problems; MatchRow only says whether a row has the shape.
// MatchRow runs the fastest kernel the processor has, chosen once by Learn
// (cpu_features.hpp's Simd()): AVX-512 (BW), else AVX2 (x86-64-v3).
// Supported() says whether one of them runs here (not under
// SUPEVAL_SIMD=baseline): without them every row takes the general path, as
// the portable matcher is slower than that path (2026-12-06).
// MatchRowPortable is the kernels' scalar reference, the same contract on any
// processor: the tests hold each kernel to it.
// Plain value: const use from several threads is safe.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "supeval/core/digits.hpp"
#include "supeval/core/reading/numbered_id.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define SUPEVAL_HAVE_ROW_SHAPE 1
#endif

namespace supeval::io {

// Where the tail's fields of a row of the shape end: offsets from its tail
// (RowShape::Tail), each that of the comma or line end after the field.
struct ShapedRow {
  unsigned due_qty_end = 0;
  unsigned receipt_date_end = 0;
  unsigned received_qty_end = 0;
  unsigned line_end = 0;
};

class RowShape {
 public:
  // The ids of the first four columns: delivery, supplier, plant, material.
  static constexpr std::size_t kIds = 4;

  // The shape of `first_row` (the text of the first record on), whose first
  // five fields are the ids, each written in the form given, and the due
  // date (YYYY-MM-DD); nothing when they are not, or the fixed part is longer
  // than 63 bytes.
  static std::optional<RowShape> Learn(std::string_view first_row,
                                       const std::array<const core::NumberedIdForm*, kIds>& forms);

  // Whether this processor has a vector kernel for MatchRow (AVX2 or AVX-512).
  static bool Supported();

  // Whether the row at `row` has the shape, with a tail of exactly four
  // fields (three commas, then a line end) and no quote or carriage return
  // in it; `end` is where the text of whole records ends, and the bytes up to
  // `readable` may be read. Fills `fields` when it has. Runs the kernel
  // Learn chose for this processor, once for all rows: AVX-512, else AVX2,
  // else the portable one (which the reader does not use: Supported()).
  bool MatchRow(const char* row, const char* end, const char* readable, ShapedRow& fields) const {
    return (this->*match_)(row, end, readable, fields);
  }
#if defined(SUPEVAL_HAVE_ROW_SHAPE)
  // The kernels MatchRow chooses from (for the tests): each needs its
  // instructions (Simd().avx512bw, Simd().avx2).
  bool MatchRowAvx512(const char* row, const char* end, const char* readable, ShapedRow& fields) const;
  bool MatchRowAvx2(const char* row, const char* end, const char* readable, ShapedRow& fields) const;
#endif
  // The same, byte by byte, on any processor.
  bool MatchRowPortable(const char* row, const char* end, const char* readable, ShapedRow& fields) const;

  // The number of id `id` (0 to 3) in a row of the shape.
  [[nodiscard]] std::uint64_t IdNumber(const char* row, std::size_t id) const {
    return Digits(row + id_starts_[id], id_digits_[id]);
  }
  // The delivery id's text.
  [[nodiscard]] std::string_view DeliveryId(const char* row) const { return {row, id_starts_[0] + id_digits_[0]}; }
  [[nodiscard]] std::string_view DueDate(const char* row) const { return {row + due_date_, kDateLength}; }
  // The first byte after the fixed part: where the tail starts.
  [[nodiscard]] const char* Tail(const char* row) const { return row + fixed_; }

 private:
  static constexpr unsigned kDateLength = 10;

  // The value of `count` (1 to 18) digits at `text`, read as words ending
  // with them.
  [[gnu::always_inline]] static std::uint64_t Digits(const char* text, unsigned count) {
    std::uint64_t value = 0;
    if (count > 8) {
      const unsigned high = count - 8;
      value = core::detail::EightDigitsValue(core::detail::AsLastDigits(Word(text), high)) * 100000000;
      text += high;
      count = 8;
    }
    return value + core::detail::EightDigitsValue(core::detail::AsLastDigits(Word(text), count));
  }
  [[gnu::always_inline]] static std::uint64_t Word(const char* bytes) {
    std::uint64_t word;
    __builtin_memcpy(&word, bytes, sizeof word);
    return word;
  }

  using Matcher = bool (RowShape::*)(const char*, const char*, const char*, ShapedRow&) const;
  // The fastest kernel this processor runs (cpu_features.hpp's Simd()).
  static Matcher FastestMatcher();

  Matcher match_ = &RowShape::MatchRowPortable;  // MatchRow's kernel
  unsigned fixed_ = 0;                           // bytes up to and with the comma after the due date
  std::array<char, 64> exact_{};                 // the bytes that must be as in the first row
  std::uint64_t exact_mask_ = 0;                 // which those are
  std::uint64_t digit_mask_ = 0;                 // and which must be digits
  std::array<unsigned, kIds> id_starts_{};       // each id's first digit
  std::array<unsigned, kIds> id_digits_{};
  unsigned due_date_ = 0;
};

}  // namespace supeval::io
