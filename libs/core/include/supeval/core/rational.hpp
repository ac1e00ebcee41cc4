// Rational: an exact rational number of any size (numerator and denominator
// are arbitrary-precision integers), for the figures that CONTRACTS.md wants
// exact: money, index adjustments, KPI actuals (§1 "Exact money": decimal
// quantities as written, rationals in between, rounding only where a line's
// amount is formed). Always kept reduced with a positive denominator, so
// equal values have equal representations.
// A value type: thread-compatible. Standard library only.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/decimal.hpp"

namespace supeval::core {

class Rational {
 public:
  Rational();                      // 0
  Rational(std::int64_t integer);  // NOLINT: implicit, so that `x * 100` reads as written

  // numerator / denominator; requires denominator != 0.
  static Rational Of(Int128 numerator, Int128 denominator);
  static Rational FromDecimal(Decimal value) { return Of(value.micros(), Decimal::kScale); }
  // The exact value of a finite double (its binary fraction, not the decimal
  // it was read from: use Parse for rule numbers written as decimals).
  static Rational FromDouble(double value);
  // "12", "0.125", "-0.05" (sign only when allow_sign): digits, optionally a
  // '.' and at least one more digit, any number of them; nothing else.
  static std::optional<Rational> Parse(std::string_view text, bool allow_sign = false);

  friend Rational operator+(const Rational& a, const Rational& b);
  friend Rational operator-(const Rational& a, const Rational& b);
  friend Rational operator*(const Rational& a, const Rational& b);
  friend Rational operator/(const Rational& a, const Rational& b);  // requires b != 0
  Rational operator-() const;
  Rational& operator+=(const Rational& other) { return *this = *this + other; }
  Rational& operator-=(const Rational& other) { return *this = *this - other; }
  Rational& operator*=(const Rational& other) { return *this = *this * other; }

  friend bool operator==(const Rational& a, const Rational& b);
  friend std::strong_ordering operator<=>(const Rational& a, const Rational& b);

  [[nodiscard]] int sign() const;  // -1, 0, 1
  [[nodiscard]] bool is_zero() const { return sign() == 0; }
  [[nodiscard]] Rational Abs() const;
  // Nearest double (ties to even; for charts and display only, never for a
  // decision). Below the normal range it may be a unit in the last place off.
  [[nodiscard]] double ToDouble() const;

  // Rounded half away from zero to `decimals` places (0.125 -> 0.13,
  // -0.125 -> -0.13 at 2).
  [[nodiscard]] Rational Rounded(int decimals) const;
  // value × 10^decimals rounded half away from zero, as an integer: money in
  // cents with decimals = 2. Requires the result to fit 64 bits.
  [[nodiscard]] std::int64_t RoundedScaled(int decimals) const;
  // Rounded to exactly `decimals` places, all of them written, "-" for
  // negatives and never "-0.00" (CONTRACTS.md §2, money columns).
  [[nodiscard]] std::string ToFixed(int decimals) const;
  // Rounded half away from zero to 6 places, trailing zeros and a trailing
  // "." removed, never "-0" ("95", "0.002", "66.666667", "-12.5"): the
  // figures of CONTRACTS.md §2.
  [[nodiscard]] std::string ToFigure() const;

 private:
  // Magnitudes as little-endian base-2^32 limbs, no leading zero limb; zero
  // is the empty vector.
  using Limbs = std::vector<std::uint32_t>;
  // Reduces the fraction; requires denominator non-zero.
  Rational(bool negative, Limbs numerator, Limbs denominator);
  // |value| × 10^decimals rounded half away from zero (decimals >= 0).
  [[nodiscard]] Limbs ScaledMagnitude(int decimals) const;
  bool negative_ = false;
  Limbs numerator_;
  Limbs denominator_{1};
};

}  // namespace supeval::core
