// Rounding figures for display: half-way points decided within the engine's
// floating-point error (figures.hpp).
#include "supeval/core/figures.hpp"

#include <array>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstdint>

namespace supeval::core {
namespace {

// Exact powers of ten for the places figures are shown at.
constexpr std::array<double, 10> kPowersOfTen = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

// From here on, a scaled value has no fraction left: every double this large
// is a whole number, and `units + 0.5` below would not be exact.
constexpr double kNoFractionDigits = 4503599627370496.0;  // 2^52

}  // namespace

bool SameFigure(double a, double b) {
  if (a == b) return true;  // also 0 and -0
  if (std::isnan(a) || std::isnan(b) || std::signbit(a) != std::signbit(b)) return false;
  // Doubles of one sign are ordered as their bit patterns: the difference
  // of the patterns counts the ULPs between them.
  const auto x = std::bit_cast<std::int64_t>(a);
  const auto y = std::bit_cast<std::int64_t>(b);
  return (x > y ? x - y : y - x) <= kFigureUlps;
}

bool Reaches(double value, double edge) { return value >= edge || SameFigure(value, edge); }

double RoundHalfAwayFromZero(double value, int decimals) {
  assert(decimals >= 0 && decimals < static_cast<int>(kPowersOfTen.size()));
  const double scale = kPowersOfTen[static_cast<std::size_t>(decimals)];
  const double magnitude = std::abs(value);
  const double scaled = magnitude * scale;
  if (!(scaled < kNoFractionDigits)) return value;  // also infinities and NaN
  // `units` is the whole number of places below the value, or one less when
  // the product rounded up onto a whole number; either way the value is
  // nearer to `units` + 1 than to `units` exactly when it reaches the half
  // between them, which is compared as the double nearest to that decimal
  // (one correctly rounded division) within the figures' error. Where that
  // error is as large as a quarter of a place (16 significant digits, as
  // 1e9 to 6 places), a value nearer to `units` than to the half is not
  // taken for the half.
  double units = std::floor(scaled);
  const double half = (units + 0.5) / scale;
  if (magnitude > half || (SameFigure(magnitude, half) && scaled - units > 0.25)) units += 1;
  return std::copysign(units / scale, value);
}

}  // namespace supeval::core
