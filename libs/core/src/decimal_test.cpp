// Tests of Decimal: exact parsing of quantities (spec "Interchange format":
// decimal numbers >= 0 with '.', at most 6 decimals) and fixed-point printing.
#include "supeval/core/decimal.hpp"
#include "supeval/core/reading/padded_decimal.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>

namespace supeval::core {
namespace {

std::int64_t Micros(std::string_view text) {
  const ParsedDecimal parsed = ParseDecimal(text);
  EXPECT_EQ(parsed.error, DecimalError::kNone) << text;
  EXPECT_TRUE(parsed.value.has_value()) << text;
  return parsed.value ? parsed.value->micros() : -1;
}

DecimalError ErrorOf(std::string_view text) {
  const ParsedDecimal parsed = ParseDecimal(text);
  EXPECT_FALSE(parsed.value.has_value()) << text;
  return parsed.error;
}

TEST(Decimal, ParsesFractions) {
  EXPECT_EQ(Micros("0.77"), 770'000);
  EXPECT_EQ(Micros("0.7"), 700'000);
  EXPECT_EQ(Micros("110.000001"), 110'000'001);
  EXPECT_EQ(Micros("0.000001"), 1);
  EXPECT_EQ(Micros("12.500000"), 12'500'000);
  EXPECT_EQ(Micros("89.5"), 89'500'000);
}

TEST(Decimal, ParsesWholeNumbers) {
  EXPECT_EQ(Micros("12"), 12'000'000);
  EXPECT_EQ(Micros("0"), 0);
  EXPECT_EQ(Micros("1000"), 1'000'000'000);
  EXPECT_EQ(Micros("0.0"), 0);
}

// Whole numbers of up to 12 digits take a shorter path: its edge (12 and 13
// digits, leading zeros) and every byte value in every place of short texts
// read as a digit-by-digit reading of the format would.
TEST(Decimal, ShortWholeNumbersReadAsTheFormatSays) {
  EXPECT_EQ(Micros("999999999999"), 999'999'999'999'000'000);
  EXPECT_EQ(Micros("1000000000000"), 1'000'000'000'000'000'000);
  EXPECT_EQ(Micros("000000000007"), 7'000'000);
  for (int byte = 0; byte < 256; ++byte) {
    for (std::size_t at = 0; at < 4; ++at) {
      std::string text = "1234";
      text[at] = static_cast<char>(byte);
      const bool digit = byte >= '0' && byte <= '9';
      const bool dot = byte == '.' && at > 0 && at < 3;
      const ParsedDecimal parsed = ParseDecimal(text);
      if (digit) {
        EXPECT_EQ(parsed.value, Decimal::FromMicros(std::stoll(text) * 1'000'000)) << text;
      } else if (dot) {
        EXPECT_EQ(parsed.error, DecimalError::kNone) << text;
      } else {
        EXPECT_EQ(parsed.error, DecimalError::kNotANumber) << byte << " at " << at;
      }
    }
  }
}

TEST(Decimal, RejectsMoreThanSixDecimals) {
  EXPECT_EQ(ErrorOf("0.0000001"), DecimalError::kTooManyDecimals);
  EXPECT_EQ(ErrorOf("1.1234567"), DecimalError::kTooManyDecimals);
  EXPECT_EQ(ErrorOf("1.0000000"), DecimalError::kTooManyDecimals);
  EXPECT_EQ(Micros("1.123456"), 1'123'456);
}

TEST(Decimal, RejectsEmpty) { EXPECT_EQ(ErrorOf(""), DecimalError::kEmpty); }

TEST(Decimal, RejectsSignsExponentsAndBadShapes) {
  for (const char* text : {"-1",  "+1",    "-0.5", "1e3", "1E3", "1.5e2", "1.",   ".5",   ".",   "1.2.3",
                           "1,5", "1 000", " 1",   "1 ",  "abc", "0x10",  "1.-5", "1..5", "nan", "inf"}) {
    EXPECT_EQ(ErrorOf(text), DecimalError::kNotANumber) << text;
  }
}

TEST(Decimal, RejectsTooLarge) {
  // The largest value is INT64_MAX millionths: 9223372036854.775807.
  EXPECT_EQ(Micros("9223372036854"), 9'223'372'036'854'000'000);
  EXPECT_EQ(Micros("9223372036854.775807"), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(ErrorOf("9223372036854.775808"), DecimalError::kTooLarge);
  EXPECT_EQ(ErrorOf("9223372036854.999999"), DecimalError::kTooLarge);
  EXPECT_EQ(ErrorOf("9223372036855"), DecimalError::kTooLarge);
  EXPECT_EQ(ErrorOf("10000000000000"), DecimalError::kTooLarge);
  EXPECT_EQ(ErrorOf("99999999999999999999999999"), DecimalError::kTooLarge);
}

TEST(Decimal, DescribesErrors) {
  EXPECT_EQ(DescribeDecimalError(DecimalError::kTooManyDecimals), "has more than 6 decimal places");
  EXPECT_EQ(DescribeDecimalError(DecimalError::kEmpty), "is empty");
  EXPECT_EQ(DescribeDecimalError(DecimalError::kTooLarge), "is too large");
  EXPECT_NE(DescribeDecimalError(DecimalError::kNotANumber).find("no sign"), std::string_view::npos);
}

// The form for loops over many quantities answers as ParseDecimal does, on
// both of its paths (short whole numbers, everything else), and leaves the
// value alone when the text is not a quantity.
TEST(Decimal, ParsingIntoAValueAgreesWithParsedDecimal) {
  const char* texts[] = {"0",
                         "7",
                         "12",
                         "999999999999",
                         "1000000000000",
                         "000000000007",
                         "0.77",
                         "12.500000",
                         "9223372036854.775807",
                         "9223372036854.775808",
                         "",
                         ".",
                         "1.",
                         "-1",
                         "1e3",
                         "12a",
                         "1.0000001",
                         "99999999999999999999",
                         " 1",
                         "1 "};
  for (const char* text : texts) {
    const ParsedDecimal parsed = ParseDecimal(text);
    Decimal value = Decimal::FromMicros(-42);
    EXPECT_EQ(ParseDecimal(text, value), parsed.value.has_value()) << text;
    EXPECT_EQ(value, parsed.value.value_or(Decimal::FromMicros(-42))) << text;
  }
}

// Read from a padded buffer whatever follows the text (digits, which a
// careless mask would take as part of the number, or anything else), the
// word-at-a-time reading gives what ParseDecimal gives.
TEST(Decimal, ParsingPaddedTextAgreesWithParseDecimal) {
  std::mt19937 random(7);
  const std::string alphabet = "0123456789..-a ,\xB0";
  for (int round = 0; round < 200000; ++round) {
    std::string text;
    const std::size_t size = random() % 17;
    for (std::size_t i = 0; i < size; ++i) {
      text.push_back(round % 3 == 0 ? alphabet[random() % alphabet.size()] : static_cast<char>('0' + random() % 10));
    }
    std::string padded = text;
    for (int i = 0; i < 8; ++i) padded.push_back(random() % 2 != 0 ? '9' : static_cast<char>(random() % 256));
    const std::string_view view(padded.data(), text.size());
    Decimal expected = Decimal::FromMicros(-42);
    Decimal value = Decimal::FromMicros(-42);
    ASSERT_EQ(ParseDecimalPadded(view, value), ParseDecimal(text, expected)) << text;
    ASSERT_EQ(value, expected) << text;
  }
}

TEST(Decimal, ToStringIsShortestExactText) {
  EXPECT_EQ(Decimal::FromMicros(770'000).ToString(), "0.77");
  EXPECT_EQ(Decimal::FromUnits(12).ToString(), "12");
  EXPECT_EQ(Decimal::FromMicros(1).ToString(), "0.000001");
  EXPECT_EQ(Decimal::FromMicros(12'500'000).ToString(), "12.5");
  EXPECT_EQ(Decimal().ToString(), "0");
  for (const char* text : {"0.77", "12", "0.000001", "110.000001", "9223372036854.775807"}) {
    const ParsedDecimal parsed = ParseDecimal(text);
    ASSERT_TRUE(parsed.value.has_value()) << text;
    EXPECT_EQ(parsed.value->ToString(), text);
  }
}

TEST(Decimal, CompareAndConvert) {
  EXPECT_LT(Decimal::FromMicros(770'000), Decimal::FromMicros(770'001));
  EXPECT_EQ(Decimal::FromUnits(3), Decimal::FromMicros(3'000'000));
  EXPECT_DOUBLE_EQ(Decimal::FromMicros(770'000).ToDouble(), 0.77);
  EXPECT_DOUBLE_EQ(Decimal::FromUnits(12).ToDouble(), 12.0);
}

TEST(Decimal, FixedToString) {
  EXPECT_EQ(FixedToString(12'500'000, 6), "12.5");
  EXPECT_EQ(FixedToString(0, 6), "0");
  EXPECT_EQ(FixedToString(7, 0), "7");
  EXPECT_EQ(FixedToString(1, 14), "0.00000000000001");
  EXPECT_EQ(FixedToString(100'000'000'000'000, 14), "1");
  EXPECT_EQ(FixedToString(750'000'000'000'000, 14), "7.5");
  EXPECT_EQ(FixedToString(-1500, 3), "-1.5");
  EXPECT_EQ(FixedToString(-5, 1), "-0.5");
  EXPECT_EQ(FixedToString(-20, 1), "-2");
  EXPECT_EQ(FixedToString(1'000'001, 6), "1.000001");
  // Beyond 64 bits: 10^30 in units of 1e-14 is 10^16.
  Int128 big = 1;
  for (int i = 0; i < 30; ++i) big *= 10;
  EXPECT_EQ(FixedToString(big, 14), "10000000000000000");
  EXPECT_EQ(FixedToString(big + 3, 14), "10000000000000000.00000000000003");
}

}  // namespace
}  // namespace supeval::core
