// Exact ratios for the engine's figures (exact.hpp).
#include "exact.hpp"

#include <cmath>
#include <cstdint>

namespace supeval::core::exact {
namespace {

// Rule numbers of this size or more are not read as decimals: their
// millionths would not fit 64 bits.
constexpr double kLargestDecimal = 1e12;

std::optional<Int128> Times(Int128 a, Int128 b) {
  Int128 product = 0;
  if (__builtin_mul_overflow(a, b, &product)) return std::nullopt;
  return product;
}

std::optional<Int128> Minus(Int128 a, Int128 b) {
  Int128 difference = 0;
  if (__builtin_sub_overflow(a, b, &difference)) return std::nullopt;
  return difference;
}

Int128 Magnitude(Int128 value) { return value < 0 ? -value : value; }

Int128 GreatestCommonDivisor(Int128 a, Int128 b) {
  a = Magnitude(a);
  b = Magnitude(b);
  while (b != 0) {
    const Int128 rest = a % b;
    a = b;
    b = rest;
  }
  return a;
}

std::optional<Ratio> Reduced(std::optional<Int128> numerator, std::optional<Int128> denominator) {
  if (!numerator || !denominator || *denominator == 0) return std::nullopt;
  if (*denominator < 0) {
    numerator = Minus(0, *numerator);
    denominator = Minus(0, *denominator);
    if (!numerator || !denominator) return std::nullopt;
  }
  if (!Minus(0, *numerator)) return std::nullopt;  // the one value without a magnitude
  const Int128 divisor = GreatestCommonDivisor(*numerator, *denominator);
  return Ratio{*numerator / divisor, *denominator / divisor};
}

// Both converted exactly or to the nearest double, then one division: within
// 1.5 ULPs of the ratio.
double ToDouble(Int128 numerator, Int128 denominator) {
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

}  // namespace

std::optional<Ratio> DecimalOf(double value) {
  if (!(std::abs(value) < kLargestDecimal)) return std::nullopt;
  const std::int64_t micros = std::llround(value * static_cast<double>(Decimal::kScale));
  if (static_cast<double>(micros) / static_cast<double>(Decimal::kScale) != value) return std::nullopt;
  return Reduced(micros, Decimal::kScale);
}

std::optional<Ratio> Product(const Ratio& a, const Ratio& b) {
  return Reduced(Times(a.numerator, b.numerator), Times(a.denominator, b.denominator));
}

std::optional<Ratio> Quotient(const Ratio& a, const Ratio& b) {
  return Reduced(Times(a.numerator, b.denominator), Times(a.denominator, b.numerator));
}

std::optional<double> Scaled(const Ratio& factor, Int128 count, Int128 per) {
  const std::optional<Int128> numerator = Times(factor.numerator, count);
  const std::optional<Int128> denominator = Times(factor.denominator, per);
  if (!numerator || !denominator) return std::nullopt;
  return ToDouble(*numerator, *denominator);
}

std::optional<double> BaseMinus(const Ratio& base, const Ratio& factor, Int128 count, Int128 per) {
  // base.n / base.d − factor.n × count / (factor.d × per), over one denominator.
  const std::optional<Int128> per_factor = Times(factor.denominator, per);
  if (!per_factor) return std::nullopt;
  const std::optional<Int128> base_part = Times(base.numerator, *per_factor);
  const std::optional<Int128> factor_count = Times(factor.numerator, count);
  if (!base_part || !factor_count) return std::nullopt;
  const std::optional<Int128> factor_part = Times(*factor_count, base.denominator);
  if (!factor_part) return std::nullopt;
  const std::optional<Int128> numerator = Minus(*base_part, *factor_part);
  const std::optional<Int128> denominator = Times(base.denominator, *per_factor);
  if (!numerator || !denominator) return std::nullopt;
  return ToDouble(*numerator, *denominator);
}

}  // namespace supeval::core::exact
