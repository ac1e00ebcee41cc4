// RowShape: which first rows give a shape, and which rows have it: every
// kernel the processor runs (AVX2, AVX-512, the one chosen) held to the
// portable one.
#include "row_shape.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "cpu_features.hpp"
#include "guarded_bytes_test_support.hpp"

namespace supeval::io {
namespace {

const core::NumberedIdForm kDelivery{"D", 6};
const core::NumberedIdForm kSupplier{"S", 5};
const core::NumberedIdForm kPlant{"P", 2};
const core::NumberedIdForm kMaterial{"MAT-", 4};
const std::array<const core::NumberedIdForm*, RowShape::kIds> kForms{&kDelivery, &kSupplier, &kPlant, &kMaterial};

const std::string kFirst = "D000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\n";

// `rows` with room after them, as the delivery blocks have.
struct Text {
  explicit Text(std::string rows) : text(rows + std::string(64, '\0')), end(text.data() + rows.size()) {}
  std::string text;
  const char* end;
  [[nodiscard]] const char* readable() const { return text.data() + text.size(); }
};

// A row matcher: MatchRow (the kernel chosen), one of its kernels, or
// MatchRowPortable.
using Matcher = bool (RowShape::*)(const char*, const char*, const char*, ShapedRow&) const;

struct Kernel {
  const char* name;
  Matcher match;
  bool runs_here;
};

// For test names: the kernel's name, not its bytes.
void PrintTo(const Kernel& kernel, std::ostream* out) { *out << kernel.name; }

// Every implementation, and whether this processor (under SUPEVAL_SIMD's cap)
// runs it: the tests below hold each to the same behaviour where it can run.
std::vector<Kernel> Kernels() {
  return {
    {"portable", &RowShape::MatchRowPortable, true}, {"dispatched", &RowShape::MatchRow, true},
#if defined(SUPEVAL_HAVE_ROW_SHAPE)
        {"avx2", &RowShape::MatchRowAvx2, detail::Simd().avx2},
        {"avx512", &RowShape::MatchRowAvx512, detail::Simd().avx512bw},
#endif
  };
}

std::optional<ShapedRow> Match(const RowShape& shape, Matcher match, const std::string& rows) {
  const Text text(rows);
  ShapedRow fields;
  if (!(shape.*match)(text.text.data(), text.end, text.readable(), fields)) return std::nullopt;
  return fields;
}

class RowShapeKernel : public ::testing::TestWithParam<Kernel> {
 protected:
  void SetUp() override {
    if (!GetParam().runs_here) GTEST_SKIP() << "this processor (or SUPEVAL_SIMD) does not run " << GetParam().name;
  }
  [[nodiscard]] std::optional<ShapedRow> Match(const RowShape& shape, const std::string& rows) const {
    return supeval::io::Match(shape, GetParam().match, rows);
  }
  [[nodiscard]] bool MatchText(const RowShape& shape, const char* row, const char* end, const char* readable,
                               ShapedRow& fields) const {
    return (shape.*GetParam().match)(row, end, readable, fields);
  }
};

TEST(RowShape, IsLearnedFromAFirstRowOfTheForms) { EXPECT_TRUE(RowShape::Learn(kFirst, kForms).has_value()); }

TEST(RowShape, IsNotLearnedFromAFirstRowOfOtherForms) {
  const auto refused = [](const std::string& row) { return !RowShape::Learn(row, kForms).has_value(); };
  EXPECT_TRUE(refused("D00001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\n"));   // 5 digits
  EXPECT_TRUE(refused("X000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\n"));  // prefix
  EXPECT_TRUE(refused("D00000A,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\n"));  // not a digit
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225,2026-1-2,680,2026-01-05,680,series\n"));    // short date
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225\n,2026-01-02,680\n"));                      // ends early
  std::array<const core::NumberedIdForm*, RowShape::kIds> unnumbered = kForms;
  unnumbered[2] = nullptr;
  EXPECT_FALSE(RowShape::Learn(kFirst, unnumbered).has_value());
  // The fixed part must fit one 64-byte compare.
  const core::NumberedIdForm long_prefix{std::string(50, 'D'), 6};
  const std::array<const core::NumberedIdForm*, RowShape::kIds> long_forms{&long_prefix, &kSupplier, &kPlant,
                                                                           &kMaterial};
  EXPECT_FALSE(RowShape::Learn(std::string(50, 'D') + kFirst.substr(1), long_forms).has_value());
}

TEST_P(RowShapeKernel, ReadsTheFieldsOfARowOfTheShape) {
  const RowShape shape = *RowShape::Learn(kFirst, kForms);
  const std::string row = "D123456,S20000,P04,MAT-9999,2026-06-30,15600.475,2026-07-01,0.5,\n";
  const auto fields = Match(shape, row);
  ASSERT_TRUE(fields.has_value());
  EXPECT_EQ(shape.DeliveryId(row.data()), "D123456");
  EXPECT_EQ(shape.IdNumber(row.data(), 0), 123456U);
  EXPECT_EQ(shape.IdNumber(row.data(), 1), 20000U);
  EXPECT_EQ(shape.IdNumber(row.data(), 2), 4U);
  EXPECT_EQ(shape.IdNumber(row.data(), 3), 9999U);
  EXPECT_EQ(shape.DueDate(row.data()), "2026-06-30");
  const std::string_view tail = shape.Tail(row.data());
  EXPECT_EQ(tail.substr(0, fields->due_qty_end), "15600.475");
  EXPECT_EQ(tail.substr(fields->due_qty_end + 1, fields->receipt_date_end - fields->due_qty_end - 1), "2026-07-01");
  EXPECT_EQ(tail.substr(fields->receipt_date_end + 1, fields->received_qty_end - fields->receipt_date_end - 1), "0.5");
  EXPECT_EQ(fields->line_end, fields->received_qty_end + 1);  // an empty type
}

TEST_P(RowShapeKernel, LeavesEveryOtherRowToTheGeneralPath) {
  const RowShape shape = *RowShape::Learn(kFirst, kForms);
  EXPECT_TRUE(Match(shape, kFirst).has_value());
  const auto refused = [&](const std::string& row) { return !Match(shape, row).has_value(); };
  EXPECT_TRUE(refused("D12345,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\n"));   // id width
  EXPECT_TRUE(refused("D000001,S0006X,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\n"));  // not a digit
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225,2026/01/02,680,2026-01-05,680,series\n"));  // not the date's dashes
  EXPECT_TRUE(refused("\"D00001\",S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\n"));   // quoted
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225,2026-01-02,\"680\",2026-01-05,680,series\n"));  // quote in the tail
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\r\n"));    // CRLF
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series,x\n"));    // a field more
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680\n"));             // a field less
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680," + std::string(60, 'x') + "\n"));
  EXPECT_TRUE(refused("\nD000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\n"));  // a blank line
  // The line end must be in the text of whole records: the last record of a
  // file without one is for the general path.
  const std::string last = "D000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series";
  Text text(last + "\n");
  ShapedRow fields;
  EXPECT_FALSE(MatchText(shape, text.text.data(), text.end - 1, text.readable(), fields));
  EXPECT_TRUE(MatchText(shape, text.text.data(), text.end, text.readable(), fields));
  // Nothing is read past `readable` (a masked load): a row cut off there is
  // not of the shape.
  EXPECT_FALSE(MatchText(shape, text.text.data(), text.end, text.text.data() + 40, fields));
}

// Rows ending at the last readable byte, at every length around the vector
// widths: a kernel reads nothing from `readable` on (the page after it may
// not be read), and a row cut off there is not of the shape.
TEST_P(RowShapeKernel, ReadsNothingFromTheUnreadableBytesOn) {
  const RowShape shape = *RowShape::Learn(kFirst, kForms);
  const std::string row = "D000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,";
  const auto fixed = static_cast<std::size_t>(shape.Tail(row.data()) - row.data());
  for (std::size_t type = 0; type <= 70; ++type) {
    const std::string whole = row + std::string(type, 'x') + "\n";
    // The line end must lie within the 64 bytes from the tail on.
    const std::size_t line_end = whole.size() - 1 - fixed;
    for (std::size_t cut = 0; cut <= whole.size(); ++cut) {
      const test_support::GuardedBytes guarded(whole.substr(0, cut));
      ShapedRow fields;
      const bool matched = MatchText(shape, guarded.data(), guarded.end(), guarded.end(), fields);
      ASSERT_EQ(matched, cut == whole.size() && line_end < 64) << "type " << type << " cut " << cut;
      if (matched) {
        ASSERT_EQ(fields.line_end, line_end);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Kernels, RowShapeKernel, ::testing::ValuesIn(Kernels()),
                         [](const ::testing::TestParamInfo<Kernel>& kernel) { return std::string(kernel.param.name); });

// Random rows near the shape (a byte changed, a field longer or shorter, text
// cut short, the readable bytes ending early): each kernel agrees with the
// portable one on every row.
TEST_P(RowShapeKernel, AgreesWithThePortableKernel) {
  const RowShape shape = *RowShape::Learn(kFirst, kForms);
  const std::string alphabet = "0123456789,\n\r\"-.DSPMAT x";
  std::mt19937 random(19);
  for (int round = 0; round < 200000; ++round) {
    std::string row = kFirst;
    for (int edits = static_cast<int>(random() % 4); edits > 0; --edits) {
      const std::size_t at = random() % row.size();
      switch (random() % 3) {
        case 0:
          row[at] = alphabet[random() % alphabet.size()];
          break;
        case 1:
          row.insert(at, 1, alphabet[random() % alphabet.size()]);
          break;
        default:
          row.erase(at, 1);
          break;
      }
    }
    const Text text(row);
    const std::size_t cut = random() % (row.size() + 2);
    const char* end = text.text.data() + std::min(cut, row.size());
    // As in the reader, `readable` is never before `end`.
    const auto slack = static_cast<std::size_t>(text.readable() - end);
    const char* readable = random() % 4 == 0 ? end + random() % (slack + 1) : text.readable();
    ShapedRow fast;
    ShapedRow portable;
    const bool fast_matched = MatchText(shape, text.text.data(), end, readable, fast);
    const bool portable_matched = shape.MatchRowPortable(text.text.data(), end, readable, portable);
    ASSERT_EQ(fast_matched, portable_matched) << row;
    if (!fast_matched) continue;
    EXPECT_EQ(fast.due_qty_end, portable.due_qty_end) << row;
    EXPECT_EQ(fast.receipt_date_end, portable.receipt_date_end) << row;
    EXPECT_EQ(fast.received_qty_end, portable.received_qty_end) << row;
    EXPECT_EQ(fast.line_end, portable.line_end) << row;
  }
}

}  // namespace
}  // namespace supeval::io
