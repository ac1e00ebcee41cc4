// Rational (rational.hpp): a sign and two magnitudes, each an unsigned
// integer of any size in little-endian base-2^32 limbs. Magnitudes of up to
// 128 bits (nearly every figure of a settlement) take the compiler's 128-bit
// arithmetic; longer ones the schoolbook algorithms of Knuth, TAOCP vol. 2,
// 4.3.1 (division as its algorithm D).
#include "supeval/core/rational.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>

namespace supeval::core {
namespace {

using Limbs = std::vector<std::uint32_t>;
__extension__ using Uint128 = unsigned __int128;

constexpr int kLimbBits = 32;
constexpr std::uint64_t kLimbMask = 0xFFFF'FFFF;
constexpr std::uint32_t kBillion = 1'000'000'000;  // the largest power of 10 in a limb
constexpr std::size_t kBillionDigits = 9;

void Trim(Limbs& x) {
  while (!x.empty() && x.back() == 0) x.pop_back();
}

bool FitsUint128(const Limbs& x) { return x.size() <= 4; }

Limbs FromUint128(Uint128 value) {
  Limbs limbs;
  limbs.reserve(4);
  for (; value != 0; value >>= kLimbBits) limbs.push_back(static_cast<std::uint32_t>(value));
  return limbs;
}

Uint128 ToUint128(const Limbs& x) {  // requires FitsUint128(x)
  Uint128 value = 0;
  for (auto limb = x.rbegin(); limb != x.rend(); ++limb) value = (value << kLimbBits) | *limb;
  return value;
}

Uint128 MagnitudeOf(Int128 value) {
  // Through the unsigned type, so that the most negative value has one too.
  return value < 0 ? Uint128{0} - static_cast<Uint128>(value) : static_cast<Uint128>(value);
}

int Compare(const Limbs& a, const Limbs& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (std::size_t i = a.size(); i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

Limbs Add(const Limbs& a, const Limbs& b) {
  const Limbs& longer = a.size() >= b.size() ? a : b;
  const Limbs& shorter = a.size() >= b.size() ? b : a;
  Limbs sum(longer.size() + 1);
  std::uint64_t carry = 0;
  for (std::size_t i = 0; i < longer.size(); ++i) {
    carry += std::uint64_t{longer[i]} + (i < shorter.size() ? shorter[i] : 0);
    sum[i] = static_cast<std::uint32_t>(carry);
    carry >>= kLimbBits;
  }
  sum.back() = static_cast<std::uint32_t>(carry);
  Trim(sum);
  return sum;
}

// a − b; requires a >= b.
Limbs Subtract(const Limbs& a, const Limbs& b) {
  Limbs difference(a.size());
  std::int64_t borrow = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::int64_t limb = std::int64_t{a[i]} - (i < b.size() ? b[i] : 0) - borrow;
    difference[i] = static_cast<std::uint32_t>(limb);  // modulo 2^32
    borrow = limb < 0 ? 1 : 0;
  }
  Trim(difference);
  return difference;
}

Limbs Multiply(const Limbs& a, const Limbs& b) {
  if (a.empty() || b.empty()) return {};
  if (a.size() <= 2 && b.size() <= 2) return FromUint128(ToUint128(a) * ToUint128(b));
  Limbs product(a.size() + b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::uint64_t carry = 0;  // a[i] × b[j] + product + carry stays below 2^64
    for (std::size_t j = 0; j < b.size(); ++j) {
      carry += std::uint64_t{a[i]} * b[j] + product[i + j];
      product[i + j] = static_cast<std::uint32_t>(carry);
      carry >>= kLimbBits;
    }
    product[i + b.size()] = static_cast<std::uint32_t>(carry);
  }
  Trim(product);
  return product;
}

// x = x × factor + addend, in place.
void MultiplyAdd(Limbs& x, std::uint32_t factor, std::uint32_t addend) {
  std::uint64_t carry = addend;
  for (std::uint32_t& limb : x) {
    carry += std::uint64_t{limb} * factor;
    limb = static_cast<std::uint32_t>(carry);
    carry >>= kLimbBits;
  }
  if (carry != 0) x.push_back(static_cast<std::uint32_t>(carry));
  Trim(x);
}

Limbs ShiftLeft(const Limbs& x, std::size_t bits) {
  if (x.empty()) return {};
  const std::size_t limbs = bits / kLimbBits;
  const std::size_t rest = bits % kLimbBits;
  Limbs shifted(limbs + x.size() + 1);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::uint64_t wide = std::uint64_t{x[i]} << rest;
    shifted[limbs + i] |= static_cast<std::uint32_t>(wide);
    shifted[limbs + i + 1] = static_cast<std::uint32_t>(wide >> kLimbBits);
  }
  Trim(shifted);
  return shifted;
}

Limbs ShiftRight(const Limbs& x, int bits) {  // requires 0 <= bits < 32
  Limbs shifted(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::uint64_t pair = (i + 1 < x.size() ? std::uint64_t{x[i + 1]} << kLimbBits : 0) | x[i];
    shifted[i] = static_cast<std::uint32_t>(pair >> bits);
  }
  Trim(shifted);
  return shifted;
}

struct QuotientRemainder {
  Limbs quotient;
  Limbs remainder;
};

QuotientRemainder DivideByLimb(const Limbs& a, std::uint32_t divisor) {
  Limbs quotient(a.size());
  std::uint64_t rest = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    const std::uint64_t current = (rest << kLimbBits) | a[i];
    quotient[i] = static_cast<std::uint32_t>(current / divisor);
    rest = current % divisor;
  }
  Trim(quotient);
  return {std::move(quotient), FromUint128(rest)};
}

// Knuth's algorithm D (as in Hacker's Delight, divmnu): requires a >= b and
// b of two limbs or more. Both are shifted so that b's top bit is set, which
// makes each estimated quotient limb at most 2 too large.
QuotientRemainder DivideLong(const Limbs& a, const Limbs& b) {
  const int shift = std::countl_zero(b.back());
  const Limbs v = ShiftLeft(b, static_cast<std::size_t>(shift));
  Limbs u = ShiftLeft(a, static_cast<std::size_t>(shift));
  u.resize(a.size() + 1);
  const std::size_t n = v.size();
  const std::size_t m = a.size() - n;
  const std::uint64_t top = v[n - 1];
  const std::uint64_t next = v[n - 2];
  Limbs quotient(m + 1);
  for (std::size_t j = m + 1; j-- > 0;) {
    const std::uint64_t leading = (std::uint64_t{u[j + n]} << kLimbBits) | u[j + n - 1];
    std::uint64_t estimate = leading / top;
    std::uint64_t rest = leading % top;
    while (estimate > kLimbMask || estimate * next > ((rest << kLimbBits) | u[j + n - 2])) {
      --estimate;
      rest += top;
      if (rest > kLimbMask) break;
    }
    // u[j .. j+n] −= estimate × v
    std::int64_t borrow = 0;
    std::uint64_t carry = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t product = estimate * v[i] + carry;
      carry = product >> kLimbBits;
      const std::int64_t limb = std::int64_t{u[i + j]} - static_cast<std::int64_t>(product & kLimbMask) - borrow;
      u[i + j] = static_cast<std::uint32_t>(limb);
      borrow = limb < 0 ? 1 : 0;
    }
    const std::int64_t last = std::int64_t{u[j + n]} - static_cast<std::int64_t>(carry) - borrow;
    u[j + n] = static_cast<std::uint32_t>(last);
    if (last < 0) {  // one too large after all: add v back
      --estimate;
      std::uint64_t sum = 0;
      for (std::size_t i = 0; i < n; ++i) {
        sum += std::uint64_t{u[i + j]} + v[i];
        u[i + j] = static_cast<std::uint32_t>(sum);
        sum >>= kLimbBits;
      }
      u[j + n] += static_cast<std::uint32_t>(sum);
    }
    quotient[j] = static_cast<std::uint32_t>(estimate);
  }
  u.resize(n);
  Trim(u);
  Trim(quotient);
  return {std::move(quotient), ShiftRight(u, shift)};
}

QuotientRemainder Divide(const Limbs& a, const Limbs& b) {  // requires b non-zero
  if (Compare(a, b) < 0) return {{}, a};
  if (FitsUint128(a)) {
    const Uint128 x = ToUint128(a);
    const Uint128 y = ToUint128(b);
    return {FromUint128(x / y), FromUint128(x % y)};
  }
  if (b.size() == 1) return DivideByLimb(a, b[0]);
  return DivideLong(a, b);
}

int TrailingZeros(std::uint64_t x) { return std::countr_zero(x); }
int TrailingZeros(Uint128 x) {  // requires x != 0
  const auto low = static_cast<std::uint64_t>(x);
  return low != 0 ? std::countr_zero(low) : 64 + std::countr_zero(static_cast<std::uint64_t>(x >> 64));
}

// Stein's binary algorithm: shifts and subtractions, no division (for 128
// bits a library call, several times slower). Requires a, b != 0.
template <class Unsigned>
Unsigned BinaryGcd(Unsigned a, Unsigned b) {
  const int common = TrailingZeros(a | b);
  a >>= TrailingZeros(a);
  while (b != 0) {
    b >>= TrailingZeros(b);
    if (a > b) std::swap(a, b);
    b -= a;
  }
  return a << common;
}

// Requires a, b != 0; for magnitudes beyond 128 bits (Euclid, until both fit).
Limbs GreatestCommonDivisor(Limbs a, Limbs b) {
  while (!FitsUint128(a) || !FitsUint128(b)) {
    Limbs rest = Divide(a, b).remainder;
    if (rest.empty()) return b;
    a = std::exchange(b, std::move(rest));
  }
  return FromUint128(BinaryGcd(ToUint128(a), ToUint128(b)));
}

// x = value, reusing x's storage.
void Assign(Limbs& x, Uint128 value) {
  x.clear();
  for (; value != 0; value >>= kLimbBits) x.push_back(static_cast<std::uint32_t>(value));
}

// numerator / denominator in lowest terms, in place (both non-zero), in the
// narrowest arithmetic that holds them: most figures fit 64 bits.
template <class Unsigned>
void ReduceNative(Limbs& numerator, Limbs& denominator) {
  const auto x = static_cast<Unsigned>(ToUint128(numerator));
  const auto y = static_cast<Unsigned>(ToUint128(denominator));
  const Unsigned divisor = BinaryGcd(x, y);
  if (divisor == 1) return;
  Assign(numerator, x / divisor);
  Assign(denominator, y / divisor);
}

void Reduce(Limbs& numerator, Limbs& denominator) {
  if (numerator.size() <= 2 && denominator.size() <= 2) return ReduceNative<std::uint64_t>(numerator, denominator);
  if (FitsUint128(numerator) && FitsUint128(denominator)) return ReduceNative<Uint128>(numerator, denominator);
  const Limbs divisor = GreatestCommonDivisor(numerator, denominator);
  if (divisor == Limbs{1}) return;
  numerator = Divide(numerator, divisor).quotient;
  denominator = Divide(denominator, divisor).quotient;
}

Limbs PowerOfTen(std::size_t exponent) {
  Limbs power{1};
  for (; exponent >= kBillionDigits; exponent -= kBillionDigits) MultiplyAdd(power, kBillion, 0);
  std::uint32_t rest = 1;
  for (; exponent > 0; --exponent) rest *= 10;
  MultiplyAdd(power, rest, 0);
  return power;
}

// x × 10^digits.size() + the value of `digits` (all of them '0'…'9').
void AppendDigits(Limbs& x, std::string_view digits) {
  while (!digits.empty()) {
    const std::size_t count = std::min(digits.size(), kBillionDigits);
    std::uint32_t chunk = 0;
    std::uint32_t scale = 1;
    for (const char digit : digits.substr(0, count)) {
      chunk = chunk * 10 + static_cast<std::uint32_t>(digit - '0');
      scale *= 10;
    }
    MultiplyAdd(x, scale, chunk);
    digits.remove_prefix(count);
  }
}

bool AllDigits(std::string_view text) {
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string DecimalDigits(Limbs x) {
  if (x.empty()) return "0";
  std::string reversed;
  while (!x.empty()) {
    QuotientRemainder step = DivideByLimb(x, kBillion);
    std::uint32_t chunk = step.remainder.empty() ? 0 : step.remainder[0];
    x = std::move(step.quotient);
    for (std::size_t i = 0; i < kBillionDigits && (chunk != 0 || !x.empty()); ++i, chunk /= 10) {
      reversed.push_back(static_cast<char>('0' + chunk % 10));
    }
  }
  return {reversed.rbegin(), reversed.rend()};
}

int BitLength(const Limbs& x) {
  if (x.empty()) return 0;
  return static_cast<int>(x.size()) * kLimbBits - std::countl_zero(x.back());
}

// A signed magnitude, for the sums of Rational's operators.
struct SignedMagnitude {
  bool negative = false;
  Limbs magnitude;
};

SignedMagnitude SignedSum(const SignedMagnitude& a, const SignedMagnitude& b) {
  if (a.negative == b.negative) return {a.negative, Add(a.magnitude, b.magnitude)};
  if (Compare(a.magnitude, b.magnitude) >= 0) return {a.negative, Subtract(a.magnitude, b.magnitude)};
  return {b.negative, Subtract(b.magnitude, a.magnitude)};
}

}  // namespace

Rational::Rational() = default;

Rational::Rational(std::int64_t integer) : negative_(integer < 0), numerator_(FromUint128(MagnitudeOf(integer))) {}

Rational::Rational(bool negative, Limbs numerator, Limbs denominator) {
  assert(!denominator.empty());
  if (numerator.empty()) return;  // zero: not negative, denominator 1
  Reduce(numerator, denominator);
  negative_ = negative;
  numerator_ = std::move(numerator);
  denominator_ = std::move(denominator);
}

Rational Rational::Of(Int128 numerator, Int128 denominator) {
  assert(denominator != 0);
  return Rational((numerator < 0) != (denominator < 0), FromUint128(MagnitudeOf(numerator)),
                  FromUint128(MagnitudeOf(denominator)));
}

Rational Rational::FromDouble(double value) {
  assert(std::isfinite(value));
  if (value == 0) return {};
  // |value| = fraction × 2^exponent with fraction in [0.5, 1): its 53 bits
  // make a whole number once shifted up by 53.
  constexpr int kMantissaBits = std::numeric_limits<double>::digits;
  int exponent = 0;
  const double fraction = std::frexp(std::abs(value), &exponent);
  const Limbs mantissa = FromUint128(static_cast<std::uint64_t>(std::ldexp(fraction, kMantissaBits)));
  exponent -= kMantissaBits;
  if (exponent >= 0) return Rational(value < 0, ShiftLeft(mantissa, static_cast<std::size_t>(exponent)), {1});
  return Rational(value < 0, mantissa, ShiftLeft({1}, static_cast<std::size_t>(-exponent)));
}

std::optional<Rational> Rational::Parse(std::string_view text, bool allow_sign) {
  const bool negative = allow_sign && text.starts_with('-');
  if (negative) text.remove_prefix(1);
  const std::size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction = point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
  const bool fraction_missing = point != std::string_view::npos && fraction.empty();
  if (whole.empty() || fraction_missing || !AllDigits(whole) || !AllDigits(fraction)) return std::nullopt;
  Limbs numerator;
  AppendDigits(numerator, whole);
  AppendDigits(numerator, fraction);
  return Rational(negative, std::move(numerator), PowerOfTen(fraction.size()));
}

Rational operator+(const Rational& a, const Rational& b) {
  if (a.denominator_ == b.denominator_) {
    SignedMagnitude sum = SignedSum({a.negative_, a.numerator_}, {b.negative_, b.numerator_});
    return Rational(sum.negative, std::move(sum.magnitude), a.denominator_);
  }
  SignedMagnitude sum = SignedSum({a.negative_, Multiply(a.numerator_, b.denominator_)},
                                  {b.negative_, Multiply(b.numerator_, a.denominator_)});
  return Rational(sum.negative, std::move(sum.magnitude), Multiply(a.denominator_, b.denominator_));
}

Rational operator-(const Rational& a, const Rational& b) { return a + -b; }

Rational operator*(const Rational& a, const Rational& b) {
  return Rational(a.negative_ != b.negative_, Multiply(a.numerator_, b.numerator_),
                  Multiply(a.denominator_, b.denominator_));
}

Rational operator/(const Rational& a, const Rational& b) {
  assert(!b.is_zero());
  return Rational(a.negative_ != b.negative_, Multiply(a.numerator_, b.denominator_),
                  Multiply(a.denominator_, b.numerator_));
}

Rational Rational::operator-() const {
  Rational negated = *this;
  negated.negative_ = !negative_ && !is_zero();
  return negated;
}

// Reduced fractions are equal exactly when their parts are.
bool operator==(const Rational& a, const Rational& b) {
  return a.negative_ == b.negative_ && a.numerator_ == b.numerator_ && a.denominator_ == b.denominator_;
}

std::strong_ordering operator<=>(const Rational& a, const Rational& b) {
  if (a.sign() != b.sign()) return a.sign() <=> b.sign();
  const int magnitudes = a.denominator_ == b.denominator_
                             ? Compare(a.numerator_, b.numerator_)
                             : Compare(Multiply(a.numerator_, b.denominator_), Multiply(b.numerator_, a.denominator_));
  return (a.negative_ ? -magnitudes : magnitudes) <=> 0;
}

int Rational::sign() const {
  if (numerator_.empty()) return 0;
  return negative_ ? -1 : 1;
}

Rational Rational::Abs() const { return negative_ ? -*this : *this; }

double Rational::ToDouble() const {
  if (is_zero()) return 0;
  // q = ⌊|value| × 2^shift⌋ has 65 or 66 bits; its last bit is set when the
  // division leaves a rest (a sticky bit, below the 53 that a double keeps),
  // so that the conversion's one rounding gives the nearest double.
  constexpr int kQuotientBits = 65;
  const int shift = kQuotientBits - BitLength(numerator_) + BitLength(denominator_);
  const QuotientRemainder division = Divide(ShiftLeft(numerator_, static_cast<std::size_t>(std::max(shift, 0))),
                                            ShiftLeft(denominator_, static_cast<std::size_t>(std::max(-shift, 0))));
  const Uint128 quotient = ToUint128(division.quotient) | (division.remainder.empty() ? 0U : 1U);
  const double magnitude = std::ldexp(static_cast<double>(quotient), -shift);
  return negative_ ? -magnitude : magnitude;
}

// |value| × 10^decimals rounded half away from zero: up when the remainder
// is at least half the denominator (§1: 0.125 -> 0.13).
Rational::Limbs Rational::ScaledMagnitude(int decimals) const {
  assert(decimals >= 0);
  const QuotientRemainder division =
      Divide(Multiply(numerator_, PowerOfTen(static_cast<std::size_t>(decimals))), denominator_);
  if (Compare(Add(division.remainder, division.remainder), denominator_) >= 0) return Add(division.quotient, {1});
  return division.quotient;
}

Rational Rational::Rounded(int decimals) const {
  return Rational(negative_, ScaledMagnitude(decimals), PowerOfTen(static_cast<std::size_t>(decimals)));
}

std::int64_t Rational::RoundedScaled(int decimals) const {
  const Limbs scaled = ScaledMagnitude(decimals);
  assert(FitsUint128(scaled) && ToUint128(scaled) <= std::numeric_limits<std::int64_t>::max());
  const auto magnitude = static_cast<std::int64_t>(ToUint128(scaled));
  return negative_ ? -magnitude : magnitude;
}

std::string Rational::ToFixed(int decimals) const {
  const Limbs scaled = ScaledMagnitude(decimals);
  std::string digits = DecimalDigits(scaled);
  const auto places = static_cast<std::size_t>(decimals);
  if (digits.size() <= places) digits.insert(0, places + 1 - digits.size(), '0');
  if (places > 0) digits.insert(digits.size() - places, 1, '.');
  // The sign of what is written: a value that rounds to 0 has none.
  if (negative_ && !scaled.empty()) digits.insert(0, 1, '-');
  return digits;
}

std::string Rational::ToFigure() const {
  constexpr int kFigureDecimals = 6;
  std::string text = ToFixed(kFigureDecimals);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text;
}

}  // namespace supeval::core
