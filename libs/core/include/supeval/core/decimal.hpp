// Decimal: a non-negative decimal quantity with at most six fraction digits, held
// exactly as an integer count of millionths. Quantities are compared and summed
// exactly (spec: LZ2 band edges are decided on the quantities as written, never
// after a floating-point division), and integer sums make results independent
// of the order in which records are added. A value type: thread-compatible.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "supeval/core/digits.hpp"

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

namespace detail {
// Whole numbers of up to this many digits cannot pass the largest value (13
// whole digits), so they are read without checks.
inline constexpr std::size_t kUncheckedDigits = 12;
// The value of `text` when it is 1 to kUncheckedDigits digits (written to
// `value`, not returned: see the second ParseDecimal).
[[nodiscard]] inline bool ReadShortWholeNumber(std::string_view text, Decimal& value) {
  if (text.empty() || text.size() > kUncheckedDigits) return false;
  std::int64_t whole = 0;
  bool digits_only = true;
  for (const char c : text) {
    const auto digit = static_cast<unsigned>(static_cast<unsigned char>(c)) - '0';
    digits_only = digits_only && digit <= 9;
    whole = whole * 10 + static_cast<std::int64_t>(digit & 15U);
  }
  if (digits_only) value = Decimal::FromUnits(whole);
  return digits_only;
}
}  // namespace detail

// Reads "123", "0.77", "12.500000": digits, an optional '.' and up to six
// fraction digits; no sign, no exponent, no thousands separator.
[[nodiscard]] ParsedDecimal ParseDecimal(std::string_view text);
// The same for a loop over many quantities: false when ParseDecimal finds a
// problem, else `value` set. Short whole numbers (most quantities) are read
// inline and the value is written, not returned: a ParsedDecimal comes back
// through memory, written in parts and read back at once in one piece, which
// the processor cannot forward from the stores and waits for.
[[nodiscard]] inline bool ParseDecimal(std::string_view text, Decimal& value) {
  if (detail::ReadShortWholeNumber(text, value)) return true;
  const ParsedDecimal parsed = ParseDecimal(text);
  if (parsed.value) value = *parsed.value;
  return parsed.value.has_value();
}

// What is wrong, as the end of a sentence: "has more than 6 decimal places".
[[nodiscard]] std::string_view DescribeDecimalError(DecimalError error);

// Text of an exact fixed-point value with `scale_digits` fraction digits,
// trailing zeros dropped: FixedToString(12500000, 6) == "12.5".
[[nodiscard]] std::string FixedToString(Int128 value, int scale_digits);

}  // namespace supeval::core
