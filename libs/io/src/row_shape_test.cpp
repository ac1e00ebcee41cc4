// RowShape: which first rows give a shape, and which rows have it.
#include "row_shape.hpp"

#include <gtest/gtest.h>

#include <string>

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

std::optional<ShapedRow> Match(const RowShape& shape, const std::string& rows) {
  const Text text(rows);
  ShapedRow fields;
  if (!shape.MatchRow(text.text.data(), text.end, text.readable(), fields)) return std::nullopt;
  return fields;
}

TEST(RowShape, IsLearnedFromAFirstRowOfTheForms) {
  EXPECT_TRUE(RowShape::Learn(kFirst, kForms).has_value());
}

TEST(RowShape, IsNotLearnedFromAFirstRowOfOtherForms) {
  const auto refused = [](const std::string& row) { return !RowShape::Learn(row, kForms).has_value(); };
  EXPECT_TRUE(refused("D00001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\n"));  // 5 digits
  EXPECT_TRUE(refused("X000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\n"));  // prefix
  EXPECT_TRUE(refused("D00000A,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\n"));  // not a digit
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225,2026-1-2,680,2026-01-05,680,series\n"));    // short date
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225\n,2026-01-02,680\n"));                     // ends early
  std::array<const core::NumberedIdForm*, RowShape::kIds> unnumbered = kForms;
  unnumbered[2] = nullptr;
  EXPECT_FALSE(RowShape::Learn(kFirst, unnumbered).has_value());
  // The fixed part must fit one 64-byte compare.
  const core::NumberedIdForm long_prefix{std::string(50, 'D'), 6};
  const std::array<const core::NumberedIdForm*, RowShape::kIds> long_forms{&long_prefix, &kSupplier, &kPlant,
                                                                           &kMaterial};
  EXPECT_FALSE(RowShape::Learn(std::string(50, 'D') + kFirst.substr(1), long_forms).has_value());
}

TEST(RowShape, ReadsTheFieldsOfARowOfTheShape) {
  const RowShape shape = *RowShape::Learn(kFirst, kForms);
  const std::string row = "D123456,S20000,P04,MAT-9999,2026-06-30,15600.475,2026-07-01,0.5,\n";
  const auto fields = Match(shape, row);
  if (!RowShape::Supported()) {
    EXPECT_FALSE(fields.has_value()) << "without AVX-512 no row is read by shape";
    return;
  }
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

TEST(RowShape, LeavesEveryOtherRowToTheGeneralPath) {
  const RowShape shape = *RowShape::Learn(kFirst, kForms);
  if (!RowShape::Supported()) {
    EXPECT_FALSE(Match(shape, kFirst).has_value());
    return;
  }
  EXPECT_TRUE(Match(shape, kFirst).has_value());
  const auto refused = [&](const std::string& row) { return !Match(shape, row).has_value(); };
  EXPECT_TRUE(refused("D12345,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\n"));     // id width
  EXPECT_TRUE(refused("D000001,S0006X,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\n"));    // not a digit
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225,2026/01/02,680,2026-01-05,680,series\n"));    // not the date's dashes
  EXPECT_TRUE(refused("\"D00001\",S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\n"));  // quoted
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225,2026-01-02,\"680\",2026-01-05,680,series\n"));  // quote in the tail
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\r\n"));  // CRLF
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series,x\n"));  // a field more
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680\n"));           // a field less
  EXPECT_TRUE(refused("D000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680," + std::string(60, 'x') + "\n"));
  EXPECT_TRUE(refused("\nD000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series\n"));  // a blank line
  // The line end must be in the text of whole records: the last record of a
  // file without one is for the general path.
  const std::string last = "D000001,S00061,P01,MAT-0225,2026-01-02,680,2026-01-05,680,series";
  Text text(last + "\n");
  ShapedRow fields;
  EXPECT_FALSE(shape.MatchRow(text.text.data(), text.end - 1, text.readable(), fields));
  EXPECT_TRUE(shape.MatchRow(text.text.data(), text.end, text.readable(), fields));
  // Nothing is read past `readable` (a masked load): a row cut off there is
  // not of the shape.
  EXPECT_FALSE(shape.MatchRow(text.text.data(), text.end, text.text.data() + 40, fields));
}

}  // namespace
}  // namespace supeval::io
