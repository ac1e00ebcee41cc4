// Tests of Rational: exact arithmetic of any size, the rounding of
// CONTRACTS.md §1 (half away from zero) and the number formats of §2.
#include "supeval/core/rational.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

namespace supeval::core {
namespace {

Rational R(std::string_view text) {
  const std::optional<Rational> value = Rational::Parse(text, /*allow_sign=*/true);
  EXPECT_TRUE(value.has_value()) << text;
  return value.value_or(Rational{});
}

// 10^exponent, built by multiplication only.
Rational PowerOfTen(int exponent) {
  Rational power = 1;
  for (int i = 0; i < exponent; ++i) power *= 10;
  return power;
}

TEST(Rational, RoundsMoneyHalfAwayFromZero) {
  EXPECT_EQ(R("0.125").ToFixed(2), "0.13");
  EXPECT_EQ(R("-0.125").ToFixed(2), "-0.13");
  EXPECT_EQ(R("0.124999999999999999999").ToFixed(2), "0.12");
  EXPECT_EQ(R("-0.124999999999999999999").ToFixed(2), "-0.12");
  EXPECT_EQ(R("0.135").ToFixed(2), "0.14");  // not to even
  EXPECT_EQ(R("2.5").ToFixed(0), "3");
  EXPECT_EQ(R("-2.5").ToFixed(0), "-3");
  EXPECT_EQ(Rational::Of(1, 3).ToFixed(2), "0.33");
  EXPECT_EQ(Rational::Of(2, 3).ToFixed(2), "0.67");
  EXPECT_EQ(Rational::Of(-2, 3).ToFixed(2), "-0.67");
  EXPECT_EQ(R("0.125").Rounded(2), R("0.13"));
  EXPECT_EQ(R("-0.125").Rounded(2), R("-0.13"));
  EXPECT_EQ(R("-0.125").RoundedScaled(2), -13);
  EXPECT_EQ(R("0.124").RoundedScaled(2), 12);
  EXPECT_EQ(R("1234567.005").RoundedScaled(2), 123456701);
}

TEST(Rational, ToFixedWritesEveryPlaceAndNeverMinusZero) {
  EXPECT_EQ(Rational{}.ToFixed(2), "0.00");
  EXPECT_EQ(R("-0.004").ToFixed(2), "0.00");
  EXPECT_EQ(R("-0.005").ToFixed(2), "-0.01");
  EXPECT_EQ(R("-1").ToFixed(2), "-1.00");
  EXPECT_EQ(R("1560").ToFixed(2), "1560.00");
  EXPECT_EQ(R("0.5").ToFixed(2), "0.50");
  EXPECT_EQ(R("7").ToFixed(0), "7");
  EXPECT_EQ(R("1000000000").ToFixed(2), "1000000000.00");  // a whole 10^9 chunk of zeros
}

TEST(Rational, ToFigureDropsTrailingZerosAndNeverMinusZero) {
  EXPECT_EQ(R("95").ToFigure(), "95");
  EXPECT_EQ(R("95.000").ToFigure(), "95");
  EXPECT_EQ(R("0.002").ToFigure(), "0.002");
  EXPECT_EQ(Rational::Of(200, 3).ToFigure(), "66.666667");
  EXPECT_EQ(R("-12.5").ToFigure(), "-12.5");
  EXPECT_EQ(Rational{}.ToFigure(), "0");
  EXPECT_EQ(R("-0.0000004").ToFigure(), "0");
  EXPECT_EQ(R("-0.0000005").ToFigure(), "-0.000001");
  EXPECT_EQ(R("0.0000005").ToFigure(), "0.000001");
  EXPECT_EQ(R("0.9999995").ToFigure(), "1");
  EXPECT_EQ(R("100").ToFigure(), "100");
  EXPECT_EQ(R("10000").ToFigure(), "10000");
}

TEST(Rational, ParsesDecimalsAsWritten) {
  EXPECT_EQ(Rational::Parse("12"), Rational(12));
  EXPECT_EQ(Rational::Parse("0.125"), Rational::Of(1, 8));
  EXPECT_EQ(Rational::Parse("007.50"), Rational::Of(15, 2));
  EXPECT_EQ(Rational::Parse("-0.05", true), Rational::Of(-1, 20));
  EXPECT_EQ(Rational::Parse("-0", true), Rational{});
  EXPECT_EQ(Rational::Parse("0.000000000000000000000000000001"), Rational::Of(1, 1) / PowerOfTen(30));
  const std::string many_digits = "123456789012345678901234567890123456789012345678901234567890.5";
  ASSERT_TRUE(Rational::Parse(many_digits).has_value());
  EXPECT_EQ(Rational::Parse(many_digits)->ToFixed(1), many_digits);
}

TEST(Rational, RefusesAnythingButDigitsAndOnePoint) {
  for (const std::string_view text :
       {"", "1.", ".5", "+1", "1e3", "-", "--1", "1.2.3", " 1", "1 ", "1,5", "0x10", "-.5", "−1", "1-", "."}) {
    EXPECT_FALSE(Rational::Parse(text, true).has_value()) << text;
  }
  EXPECT_FALSE(Rational::Parse("-1").has_value());
  EXPECT_FALSE(Rational::Parse("-0").has_value());
  EXPECT_TRUE(Rational::Parse("-1", true).has_value());
}

TEST(Rational, OfReducesAndTakesTheSignOfTheQuotient) {
  EXPECT_EQ(Rational::Of(2, 4), Rational::Of(1, 2));
  EXPECT_EQ(Rational::Of(1, -2), Rational::Of(-1, 2));
  EXPECT_EQ(Rational::Of(-1, -2), Rational::Of(1, 2));
  EXPECT_EQ(Rational::Of(0, -5), Rational{});
  EXPECT_EQ(Rational::Of(0, -5).sign(), 0);
  EXPECT_EQ(Rational::Of(3, -6).sign(), -1);
  EXPECT_EQ(Rational::Of(3, -6).ToFigure(), "-0.5");
  const Int128 most_negative = std::numeric_limits<std::int64_t>::min() * Int128{1} << 64;
  EXPECT_EQ(Rational::Of(most_negative, most_negative), Rational(1));
  EXPECT_EQ(Rational::Of(most_negative, 2) * 2, Rational::Of(most_negative, 1));
  EXPECT_EQ(Rational::FromDecimal(Decimal::FromMicros(1'250'000)), Rational::Of(5, 4));
  EXPECT_EQ(Rational(std::numeric_limits<std::int64_t>::min()) - 1,
            Rational::Of(Int128{std::numeric_limits<std::int64_t>::min()} - 1, 1));
}

TEST(Rational, FromDoubleIsTheBinaryValue) {
  EXPECT_NE(Rational::FromDouble(0.1), Rational::Of(1, 10));
  // 0.1 is 3602879701896397 / 2^55.
  EXPECT_EQ(Rational::FromDouble(0.1), Rational::Of(3602879701896397, Int128{1} << 55));
  EXPECT_EQ(Rational::FromDouble(0.5), Rational::Of(1, 2));
  EXPECT_EQ(Rational::FromDouble(-0.75), Rational::Of(-3, 4));
  EXPECT_EQ(Rational::FromDouble(0.0), Rational{});
  EXPECT_EQ(Rational::FromDouble(-0.0).sign(), 0);
  EXPECT_EQ(Rational::FromDouble(1e22), PowerOfTen(22));  // 2^22 × 5^22: exact in a double
  EXPECT_EQ(Rational::FromDouble(0x1p100), Rational::Of(Int128{1} << 100, 1));
  EXPECT_EQ(Rational::FromDouble(0x1p200) / Rational::FromDouble(0x1p199), Rational(2));
  const double smallest = std::numeric_limits<double>::denorm_min();
  EXPECT_EQ(Rational::FromDouble(smallest) * Rational::FromDouble(0x1p1000) * Rational::FromDouble(0x1p74),
            Rational(1));
  EXPECT_EQ(Rational::FromDouble(0.1).ToDouble(), 0.1);
  EXPECT_EQ(Rational::FromDouble(-1e300).ToDouble(), -1e300);
}

// ToDouble rounds once, to nearest, ties to even: as IEEE division does, so
// the quotient of two doubles taken exactly comes back as their quotient.
TEST(Rational, ToDoubleIsTheNearestDouble) {
  const Int128 two_53 = Int128{1} << 53;
  EXPECT_EQ(Rational::Of(two_53 + 1, 1).ToDouble(), 0x1p53);      // tie: to even
  EXPECT_EQ(Rational::Of(two_53 + 3, 1).ToDouble(), 0x1p53 + 4);  // tie: to even
  EXPECT_EQ((Rational::Of(two_53 + 1, 1) + Rational::Of(1, 1) / PowerOfTen(40)).ToDouble(), 0x1p53 + 2);
  EXPECT_EQ(Rational::Of(1, 3).ToDouble(), 1.0 / 3.0);
  EXPECT_EQ(Rational::Of(-2, 3).ToDouble(), -2.0 / 3.0);
  EXPECT_EQ(R("0.1").ToDouble(), 0.1);
  EXPECT_EQ(PowerOfTen(400).ToDouble(), std::numeric_limits<double>::infinity());
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> mantissa(1, 2);
  std::uniform_int_distribution<int> exponent(-300, 300);
  for (int i = 0; i < 2000; ++i) {
    const double a = std::ldexp(mantissa(random), exponent(random));
    const double b = -std::ldexp(mantissa(random), exponent(random));
    EXPECT_EQ(Rational::FromDouble(a).ToDouble(), a);
    EXPECT_EQ((Rational::FromDouble(a) / Rational::FromDouble(b)).ToDouble(), a / b) << a << " / " << b;
  }
}

TEST(Rational, OrdersBySignAndMagnitude) {
  EXPECT_LT(R("-2"), R("-1"));
  EXPECT_LT(R("-1"), Rational{});
  EXPECT_LT(Rational{}, R("0.000001"));
  EXPECT_LT(Rational::Of(1, 3), R("0.333334"));
  EXPECT_GT(Rational::Of(1, 3), R("0.333333"));
  EXPECT_LT(Rational::Of(-1, 3), R("-0.333333"));
  EXPECT_EQ(R("1.50") <=> Rational::Of(3, 2), std::strong_ordering::equal);
  EXPECT_EQ(R("-0.125").Abs(), R("0.125"));
  EXPECT_EQ(-Rational{}, Rational{});
  EXPECT_EQ((-Rational{}).ToFigure(), "0");
  EXPECT_TRUE((R("3") - R("3")).is_zero());
  EXPECT_EQ(R("0.1") + R("0.2"), R("0.3"));
  EXPECT_EQ(R("1") / R("-4"), R("-0.25"));
}

// Products and sums of many large terms leave 128 bits far behind; they stay
// exact, compare exactly and round exactly.
TEST(Rational, StaysExactFarBeyond128Bits) {
  Rational product = 1;
  for (int i = 0; i < 40; ++i) product *= R("123456789.987654321");
  for (int i = 0; i < 40; ++i) product = product / R("123456789.987654321");
  EXPECT_EQ(product, Rational(1));

  const Rational huge = PowerOfTen(60);
  EXPECT_EQ((huge + Rational::Of(1, 3)) - huge, Rational::Of(1, 3));
  EXPECT_LT(huge, huge + Rational::Of(1, 1) / huge);
  EXPECT_GT(-huge, -huge - Rational::Of(1, 1) / huge);
  EXPECT_EQ((huge + R("0.125")).ToFixed(2), "1" + std::string(60, '0') + ".13");
  EXPECT_EQ((-huge - R("0.125")).ToFixed(2), "-1" + std::string(60, '0') + ".13");
  EXPECT_EQ((huge + R("0.124999")).ToFixed(2), "1" + std::string(60, '0') + ".12");
  EXPECT_EQ((huge + Rational::Of(2, 3)).ToFigure(), "1" + std::string(60, '0') + ".666667");

  // Σ 1/(k(k+1)) for k = 1…200 = 200/201; H(200), whose denominator has
  // 293 bits, to 30 places as Python's fractions give it.
  Rational telescoping;
  Rational harmonic;
  for (int k = 1; k <= 200; ++k) {
    telescoping += Rational::Of(1, k) - Rational::Of(1, k + 1);
    harmonic += Rational::Of(1, k);
  }
  EXPECT_EQ(telescoping, Rational::Of(200, 201));
  EXPECT_EQ(harmonic.ToFixed(30), "5.878030948121444476057386397131");
  EXPECT_EQ(harmonic.ToFigure(), "5.878031");
  EXPECT_EQ((-harmonic).ToFixed(2), "-5.88");
}

// Division of long magnitudes (Knuth's algorithm D), checked through the
// rounding of (a·b ± r) / b with random numbers of many limbs, r < b/2:
// a·b + r rounds down to a, a·b + b − r up to a + 1; and reduction, which
// divides by the greatest common divisor, gives a back from a·b / b.
TEST(Rational, LongDivisionRecoversTheFactors) {
  std::mt19937_64 random(22);
  const Rational limb_base = Rational::Of(Int128{1} << 64, 1);
  auto random_integer = [&](int limbs) {
    Rational value = 1;
    for (int i = 0; i < limbs; ++i) value = value * limb_base + Rational::Of(random() >> 1, 1);
    return value;
  };
  for (int round = 0; round < 300; ++round) {
    const Rational a = random_integer(1 + round % 7);
    const Rational b = random_integer(2 + (round / 7) % 5);
    const Rational r = random_integer(0) + Rational::Of(random() >> 1, 1);
    EXPECT_EQ(((a * b + r) / b).Rounded(0), a);
    EXPECT_EQ(((a * b + b - r) / b).Rounded(0), a + 1);
    EXPECT_EQ((a * b) / b, a);
    EXPECT_EQ((a * b + r) / b * b, a * b + r);
  }
}

}  // namespace
}  // namespace supeval::core
