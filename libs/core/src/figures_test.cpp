// Tests of how figures are rounded for display: the exact value rounded half
// away from zero, with half-way points decided on the decimal the double
// stands for (within the engine's floating-point error), never nudged by an
// amount that grows with the value.
#include "supeval/core/figures.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace supeval::core {
namespace {

// `value` moved by `ulps` units in the last place (negative: towards zero
// for positive values).
double Ulps(double value, int ulps) {
  for (int i = 0; i < std::abs(ulps); ++i) value = std::nextafter(value, ulps > 0 ? HUGE_VAL : -HUGE_VAL);
  return value;
}

TEST(Figures, ExactHalvesRoundAwayFromZero) {
  // The spec's decimal values, not their binary approximations.
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(0.05, 1), 0.1);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(89.95, 1), 90.0);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(92.25, 1), 92.3);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(1.005, 2), 1.01);  // 1.00499999… in binary
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(2.5, 0), 3.0);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(8703.35, 1), 8703.4);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(8703.3499995, 6), 8703.35);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(1e9 + 0.05, 1), 1e9 + 0.1);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(-0.05, 1), -0.1);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(-2.5, 0), -3.0);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(-89.95, 1), -90.0);
}

TEST(Figures, JustBelowAHalfRoundsDown) {
  // The supplier: exact ppm 8703.349997…, shown 8703.4 before.
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(8703.3499967, 1), 8703.3);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(8703.34999975, 1), 8703.3);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(0.05 - 1e-12, 1), 0.0);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(89.95 - 1e-10, 1), 89.9);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(1e9 + 0.0499, 1), 1e9);  // 840 ULPs below the half
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(89.94999, 1), 89.9);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(1.0049, 2), 1.0);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(-8703.3499967, 1), -8703.3);
}

TEST(Figures, JustAboveAHalfRoundsUp) {
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(89.95 + 1e-10, 1), 90.0);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(8703.3500001, 1), 8703.4);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(0.0500001, 1), 0.1);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(89.96, 1), 90.0);
}

TEST(Figures, AHalfComputedAFewUlpsOffIsTheHalf) {
  // 89.95 computed as 89.94999999999999 (or a little above) is still the
  // spec's 89.95: within the engine's floating-point error of the half.
  for (const int ulps : {-kFigureUlps, -3, -1, 1, 3, kFigureUlps}) {
    EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(Ulps(89.95, ulps), 1), 90.0) << ulps;
    EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(Ulps(1.05, ulps), 1), 1.1) << ulps;
    EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(Ulps(8703.3499995, ulps), 6), 8703.35) << ulps;
  }
  // Further off, it is a value below the half.
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(Ulps(89.95, -4 * kFigureUlps), 1), 89.9);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(Ulps(1.05, -4 * kFigureUlps), 1), 1.0);
}

TEST(Figures, HugeValuesAreNotNudged) {
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(1e9, 1), 1e9);  // was 1000000001.0
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(1e12, 1), 1e12);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(123456789.04, 1), 123456789.0);
  // Six decimals, as explain --format json shows ppm: off in the 5th before.
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(8703.3499974, 6), 8703.349997);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(999999.9999994, 6), 999999.999999);
  // 16 significant digits: a ULP is a tenth of the place, and a value on a
  // place stays there.
  EXPECT_EQ(RoundHalfAwayFromZero(1e9, 6), 1e9);
  EXPECT_EQ(RoundHalfAwayFromZero(1e9 + 1e-6, 6), 1e9 + 1e-6);
  EXPECT_EQ(RoundHalfAwayFromZero(1e9 + 5e-7, 6), 1e9 + 1e-6);
  // Beyond 2^52 at the scale a double has no fraction digits left to round.
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(1e17 + 16, 1), 1e17 + 16);
}

TEST(Figures, OtherValues) {
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(89.94, 1), 89.9);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(0.04, 1), 0.0);
  EXPECT_TRUE(std::signbit(RoundHalfAwayFromZero(-0.04, 1)));  // printf shows "-0.0"
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(100.0, 1), 100.0);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(62.2222222, 1), 62.2);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(0.0, 1), 0.0);
  EXPECT_TRUE(std::isnan(RoundHalfAwayFromZero(std::nan(""), 1)));
  EXPECT_EQ(RoundHalfAwayFromZero(HUGE_VAL, 1), HUGE_VAL);
}

TEST(Figures, SameFigureIsWithinTheFloatingPointError) {
  EXPECT_TRUE(SameFigure(90.0, 90.0));
  EXPECT_TRUE(SameFigure(90.0, Ulps(90.0, -kFigureUlps)));
  EXPECT_TRUE(SameFigure(0.0, -0.0));
  EXPECT_FALSE(SameFigure(90.0, Ulps(90.0, -kFigureUlps - 1)));
  EXPECT_FALSE(SameFigure(90.0, 89.9999999999));
  EXPECT_FALSE(SameFigure(1.0, -1.0));
  EXPECT_FALSE(SameFigure(std::nan(""), std::nan("")));
}

TEST(Figures, ReachesAnEdgeWithinTheFloatingPointError) {
  EXPECT_TRUE(Reaches(90.0, 90.0));
  EXPECT_TRUE(Reaches(90.1, 90.0));
  EXPECT_TRUE(Reaches(Ulps(90.0, -1), 90.0));  // 90 computed a ULP low
  EXPECT_FALSE(Reaches(89.9999999999, 90.0));
  EXPECT_FALSE(Reaches(80.0, 80.0000000001));
}

}  // namespace
}  // namespace supeval::core
