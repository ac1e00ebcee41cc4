// Decimal: a non-negative decimal quantity with at most six fraction digits, held
// exactly as an integer count of millionths. Quantities are compared and summed
// exactly (spec: LZ2 band edges are decided on the quantities as written, never
// after a floating-point division), and integer sums make results independent
// of the order in which records are added. A value type: thread-compatible.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace supeval::core {

// 128-bit integers for exact products and sums of quantities (a GCC/Clang
// extension; `__extension__` keeps -Wpedantic quiet about it).
__extension__ using Int128 = __int128;

class Decimal {
 public:
  static constexpr std::int64_t kScale = 1'000'000;
  static constexpr int kMaxFractionDigits = 6;

  constexpr Decimal() = default;
  static constexpr Decimal FromMicros(std::int64_t micros) { return Decimal(micros); }
  static constexpr Decimal FromUnits(std::int64_t units) { return Decimal(units * kScale); }

  [[nodiscard]] constexpr std::int64_t micros() const { return micros_; }
  [[nodiscard]] double ToDouble() const { return static_cast<double>(micros_) / kScale; }
  // Shortest exact text: "0.77", "12", "0.000001".
  [[nodiscard]] std::string ToString() const;

  constexpr auto operator<=>(const Decimal&) const = default;

 private:
  constexpr explicit Decimal(std::int64_t micros) : micros_(micros) {}
  std::int64_t micros_ = 0;
};

enum class DecimalError { kNone, kEmpty, kNotANumber, kTooManyDecimals, kTooLarge };

struct ParsedDecimal {
  std::optional<Decimal> value;
  DecimalError error = DecimalError::kNone;
};

// Reads "123", "0.77", "12.500000": digits, an optional '.' and up to six
// fraction digits; no sign, no exponent, no thousands separator.
[[nodiscard]] ParsedDecimal ParseDecimal(std::string_view text);
// What is wrong, as the end of a sentence: "has more than 6 decimal places".
[[nodiscard]] std::string_view DescribeDecimalError(DecimalError error);

// Text of an exact fixed-point value with `scale_digits` fraction digits,
// trailing zeros dropped: FixedToString(12500000, 6) == "12.5".
[[nodiscard]] std::string FixedToString(Int128 value, int scale_digits);

}  // namespace supeval::core
