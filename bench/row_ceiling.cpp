// How fast could a row of deliveries.csv be read at all? Three stripped-down
// readers of the file `supeval generate` writes, timed on one thread, to
// weigh a rewrite of the row path against what it could gain (issue 3,
// bench/RESULTS.md, What was tried). Not product code and not a test: none
// of them validates what supeval validates (date ranges, decimal places,
// lookups, the duplicate check, the calendar, the points of a row). naive
// and shape decode the same values and print the same checksum.
//   split  finds each row's eight commas and its line end (two 64-byte loads,
//          AVX-512 compares), and nothing more;
//   naive  also reads every field byte by byte and adds the quantities to a
//          per-supplier sum;
//   shape  checks the fixed part of a row (delivery, supplier, plant and
//          material ids, due date: their widths taken from the first row)
//          with one 64-byte compare, reads its numbers eight digits at a
//          time, and finds only the variable tail's separators.
// Usage: supeval_row_ceiling DELIVERIES_CSV [RUNS]; needs AVX-512 (BW).
#include <fcntl.h>
#include <immintrin.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "supeval/core/digits.hpp"

namespace {

// What every reader adds up: equal sums show they decoded the same values.
struct Sums {
  std::uint64_t checksum = 0;
  std::uint64_t rows = 0;
};

// Supplier numbers have five digits in the generated files.
constexpr std::size_t kSupplierSlots = 100000;

struct SupplierSums {
  std::uint64_t due = 0;
  std::uint64_t received = 0;
  std::uint64_t late = 0;
};

std::uint64_t LoadWord(const char* bytes) {
  std::uint64_t word;
  std::memcpy(&word, bytes, sizeof word);
  return word;
}

// The value of `count` (1 to 8) digits at `text`, read as one word (core's
// digit reading, which the product uses for quantities).
[[gnu::always_inline]] inline std::uint64_t DigitsValue(const char* text, unsigned count) {
  return supeval::core::detail::EightDigitsValue(supeval::core::detail::AsLastDigits(LoadWord(text), count));
}

std::uint64_t ByteDigits(const char* text, unsigned count) {
  std::uint64_t value = 0;
  for (unsigned i = 0; i < count; ++i) value = value * 10 + static_cast<unsigned>(text[i] - '0');
  return value;
}

// A quantity's digits without its decimal point.
std::uint64_t QuantityDigits(const char* text, unsigned size) {
  std::uint64_t value = 0;
  for (unsigned i = 0; i < size; ++i) {
    if (text[i] != '.') value = value * 10 + static_cast<unsigned>(text[i] - '0');
  }
  return value;
}

// A date as one comparable number (year, month, day).
std::uint32_t DateKey(std::uint64_t year, std::uint64_t month, std::uint64_t day) {
  return static_cast<std::uint32_t>(year * 512 + month * 32 + day);
}

void Add(std::vector<SupplierSums>& suppliers, Sums& sums, std::uint64_t id, std::uint64_t supplier,
         std::uint64_t plant, std::uint64_t material, std::uint32_t due_date, std::uint32_t receipt_date,
         std::uint64_t due_qty, std::uint64_t received_qty) {
  SupplierSums& entry = suppliers[supplier % kSupplierSlots];
  entry.due += due_qty;
  entry.received += received_qty;
  entry.late += receipt_date > due_date ? 1 : 0;
  sums.checksum += id + plant + material + due_qty + received_qty + (receipt_date > due_date ? 1 : 0);
  ++sums.rows;
}

// One bit per byte of 128 bytes.
__extension__ using Bits128 = unsigned __int128;

// The commas and the line ends in the 128 bytes at `row`.
struct RowMasks {
  Bits128 commas;
  Bits128 line_ends;
};

__attribute__((target("avx512f,avx512bw"))) RowMasks MasksOf(const char* row) {
  const __m512i comma = _mm512_set1_epi8(',');
  const __m512i line_end = _mm512_set1_epi8('\n');
  const __m512i low = _mm512_loadu_si512(row);
  const __m512i high = _mm512_loadu_si512(row + 64);
  const auto join = [](std::uint64_t first, std::uint64_t second) {
    return static_cast<Bits128>(second) << 64 | first;
  };
  const RowMasks masks{join(_mm512_cmpeq_epi8_mask(low, comma), _mm512_cmpeq_epi8_mask(high, comma)),
                       join(_mm512_cmpeq_epi8_mask(low, line_end), _mm512_cmpeq_epi8_mask(high, line_end))};
  _mm256_zeroupper();  // as in ByShape
  return masks;
}

unsigned LowestBit(Bits128 bits) {
  const auto low = static_cast<std::uint64_t>(bits);
  return low != 0 ? static_cast<unsigned>(__builtin_ctzll(low))
                  : 64 + static_cast<unsigned>(__builtin_ctzll(static_cast<std::uint64_t>(bits >> 64)));
}

// The offsets of a row's eight commas and its line end.
std::array<unsigned, 9> SeparatorsOf(const char* row) {
  RowMasks masks = MasksOf(row);
  std::array<unsigned, 9> at{};
  for (int i = 0; i < 8; ++i) {
    at[static_cast<std::size_t>(i)] = LowestBit(masks.commas);
    masks.commas &= masks.commas - 1;
  }
  at[8] = LowestBit(masks.line_ends);
  return at;
}

__attribute__((target("avx512f,avx512bw"))) Sums Split(const char* row, const char* end, std::vector<SupplierSums>&) {
  Sums sums;
  while (row < end) {
    const std::array<unsigned, 9> at = SeparatorsOf(row);
    sums.checksum += at[7];
    ++sums.rows;
    row += at[8] + 1;
  }
  return sums;
}

std::uint32_t ByteDate(const char* text) {
  return DateKey(ByteDigits(text, 4), ByteDigits(text + 5, 2), ByteDigits(text + 8, 2));
}

__attribute__((target("avx512f,avx512bw"))) Sums Naive(const char* row, const char* end,
                                                       std::vector<SupplierSums>& suppliers) {
  Sums sums;
  while (row < end) {
    const std::array<unsigned, 9> at = SeparatorsOf(row);
    const auto field = [&](std::size_t i) { return row + (i == 0 ? 0 : at[i - 1] + 1); };
    const auto width = [&](std::size_t i) { return static_cast<unsigned>(at[i] - (i == 0 ? 0 : at[i - 1] + 1)); };
    Add(suppliers, sums, ByteDigits(field(0) + 1, width(0) - 1), ByteDigits(field(1) + 1, width(1) - 1),
        ByteDigits(field(2) + 1, width(2) - 1), ByteDigits(field(3) + 1, width(3) - 1), ByteDate(field(4)),
        ByteDate(field(6)), QuantityDigits(field(5), width(5)), QuantityDigits(field(7), width(7)));
    row += at[8] + 1;
  }
  return sums;
}

// The fixed part of the rows: up to the comma after the due date, every
// byte either a digit or one exact byte, as in the first row.
struct Shape {
  unsigned size = 0;                    // bytes of the fixed part
  std::array<unsigned, 4> id_starts{};  // first digit of each id
  std::array<unsigned, 4> id_digits{};  // and how many
  unsigned due_date = 0;                // offset of the due date
  std::array<char, 64> exact{};         // the exact bytes (0 where a digit goes)
  std::uint64_t exact_mask = 0;
  std::uint64_t digit_mask = 0;
};

Shape ShapeOf(const char* row) {
  Shape shape;
  unsigned field = 0;
  unsigned field_start = 0;
  for (unsigned i = 0; field < 5 && i < 64; ++i) {
    const char c = row[i];
    if (c >= '0' && c <= '9') {
      shape.digit_mask |= std::uint64_t{1} << i;
    } else {
      shape.exact_mask |= std::uint64_t{1} << i;
      shape.exact[i] = c;
    }
    if (c != ',') continue;
    if (field < 4) {
      shape.id_starts[field] = field_start + 1;  // after the id's one-letter prefix
      shape.id_digits[field] = i - field_start - 1;
    } else {
      shape.due_date = field_start;
    }
    ++field;
    field_start = i + 1;
    shape.size = i + 1;
  }
  return shape;
}

__attribute__((target("avx512f,avx512bw"))) Sums ByShape(const char* row, const char* end,
                                                         std::vector<SupplierSums>& suppliers) {
  const Shape shape = ShapeOf(row);
  const __m512i exact = _mm512_loadu_si512(shape.exact.data());
  const __m512i zero = _mm512_set1_epi8('0');
  const __m512i nine = _mm512_set1_epi8(9);
  const __m512i comma = _mm512_set1_epi8(',');
  const __m512i line_end = _mm512_set1_epi8('\n');
  const auto date = [](const char* text) {
    return DateKey(DigitsValue(text, 4), DigitsValue(text + 5, 2), DigitsValue(text + 8, 2));
  };
  const auto id = [&](const char* text, std::size_t i) {
    const unsigned digits = shape.id_digits[i];
    const char* at = text + shape.id_starts[i];
    return digits <= 8 ? DigitsValue(at, digits)
                       : DigitsValue(at, digits - 8) * 100000000 + DigitsValue(at + digits - 8, 8);
  };
  Sums sums;
  std::uint64_t misshapen = 0;
  while (row < end) {
    const __m512i fixed = _mm512_loadu_si512(row);
    const std::uint64_t same = _mm512_cmpeq_epi8_mask(fixed, exact);
    const std::uint64_t digits = _mm512_cmple_epu8_mask(_mm512_sub_epi8(fixed, zero), nine);
    const char* tail = row + shape.size;
    const __m512i rest = _mm512_loadu_si512(tail);
    std::uint64_t commas = _mm512_cmpeq_epi8_mask(rest, comma);
    const std::uint64_t line_ends = _mm512_cmpeq_epi8_mask(rest, line_end);
    const unsigned due_qty_end = static_cast<unsigned>(__builtin_ctzll(commas | (std::uint64_t{1} << 63)));
    commas &= commas - 1;
    const unsigned receipt_end = static_cast<unsigned>(__builtin_ctzll(commas | (std::uint64_t{1} << 63)));
    commas &= commas - 1;
    const unsigned received_end = static_cast<unsigned>(__builtin_ctzll(commas | (std::uint64_t{1} << 63)));
    const unsigned row_end = static_cast<unsigned>(__builtin_ctzll(line_ends | (std::uint64_t{1} << 63)));
    // Scalar code follows: with the vector registers' upper halves dirty,
    // code built for SSE waits on them (on Intel processors).
    _mm256_zeroupper();
    misshapen += ((same & shape.exact_mask) != shape.exact_mask || (digits & shape.digit_mask) != shape.digit_mask ||
                  line_ends == 0 || received_end > row_end)
                     ? 1
                     : 0;
    Add(suppliers, sums, id(row, 0), id(row, 1), id(row, 2), id(row, 3), date(row + shape.due_date),
        date(tail + due_qty_end + 1), QuantityDigits(tail, due_qty_end),
        QuantityDigits(tail + receipt_end + 1, received_end - receipt_end - 1));
    row = tail + row_end + 1;
  }
  if (misshapen != 0)
    std::fprintf(stderr, "shape: %llu rows not of the first row's shape\n", static_cast<unsigned long long>(misshapen));
  return sums;
}

using Reader = Sums (*)(const char*, const char*, std::vector<SupplierSums>&);

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DELIVERIES_CSV [RUNS]\n", argv[0]);
    return 2;
  }
  if (!__builtin_cpu_supports("avx512bw")) {
    std::fprintf(stderr, "row_ceiling: this processor has no AVX-512 (BW)\n");
    return 2;
  }
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  const int descriptor = open(argv[1], O_RDONLY);
  struct stat status {};
  if (descriptor < 0 || fstat(descriptor, &status) != 0) {
    std::perror(argv[1]);
    return 2;
  }
  const auto size = static_cast<std::size_t>(status.st_size);
  // The last rows are left out: every reader loads up to 128 bytes past a
  // row's start, and the file must not be read past its end.
  constexpr std::size_t kTail = 256;
  // Mapped in full before the timing (MAP_POPULATE): the readers are timed
  // on the decoding alone, none on faulting the file in.
  void* mapped = mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0);
  if (mapped == MAP_FAILED || size < 2 * kTail) {
    std::fprintf(stderr, "row_ceiling: cannot map %s, or it is too short\n", argv[1]);
    return 2;
  }
  const char* text = static_cast<const char*>(mapped);
  const char* first_row = static_cast<const char*>(std::memchr(text, '\n', size)) + 1;
  const char* end = text + size - kTail;

  const std::array<std::pair<const char*, Reader>, 3> readers{
      {{"split", &Split}, {"naive", &Naive}, {"shape", &ByShape}}};
  for (int run = 1; run <= runs; ++run) {
    for (const auto& [name, reader] : readers) {
      std::vector<SupplierSums> suppliers(kSupplierSlots);  // by supplier number
      const auto start = std::chrono::steady_clock::now();
      const Sums sums = reader(first_row, end, suppliers);
      const std::chrono::duration<double, std::nano> took = std::chrono::steady_clock::now() - start;
      std::printf("run %d %-5s %8.1f ms %6.1f ns a row (%llu rows, checksum %llu)\n", run, name, took.count() / 1e6,
                  took.count() / static_cast<double>(sums.rows), static_cast<unsigned long long>(sums.rows),
                  static_cast<unsigned long long>(sums.checksum));
    }
  }
  munmap(mapped, size);
  close(descriptor);
  return 0;
}
