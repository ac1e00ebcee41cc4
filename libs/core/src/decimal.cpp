// Exact parsing and printing of fixed-point quantities.
#include "supeval/core/decimal.hpp"
#include "supeval/core/reading/padded_decimal.hpp"

#include <algorithm>
#include <limits>

namespace supeval::core {

ParsedDecimal ParseDecimal(std::string_view text) {
  constexpr std::int64_t kScale = Decimal::kScale;
  if (text.empty()) return {std::nullopt, DecimalError::kEmpty};
  constexpr std::int64_t kMaxUnits = std::numeric_limits<std::int64_t>::max() / kScale;
  static_assert(kMaxUnits >= 999'999'999'999 && detail::kUncheckedDigits == 12);
  if (Decimal whole; detail::ReadShortWholeNumber(text, whole)) return {whole, DecimalError::kNone};
  std::int64_t units = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] != '.'; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return {std::nullopt, DecimalError::kNotANumber};
    if (units > kMaxUnits / 10) return {std::nullopt, DecimalError::kTooLarge};
    units = units * 10 + (c - '0');
  }
  if (i == 0) return {std::nullopt, DecimalError::kNotANumber};
  if (units > kMaxUnits) return {std::nullopt, DecimalError::kTooLarge};
  std::int64_t fraction = 0;
  std::int64_t weight = kScale;
  if (i < text.size()) {
    ++i;  // the '.'
    if (i == text.size()) return {std::nullopt, DecimalError::kNotANumber};
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (c < '0' || c > '9') return {std::nullopt, DecimalError::kNotANumber};
      weight /= 10;
      if (weight == 0) return {std::nullopt, DecimalError::kTooManyDecimals};
      fraction += (c - '0') * weight;
    }
  }
  // units <= kMaxUnits keeps units × kScale in range, but the fraction can
  // still carry it past INT64_MAX (9223372036854.775808).
  if (fraction > std::numeric_limits<std::int64_t>::max() - units * kScale) {
    return {std::nullopt, DecimalError::kTooLarge};
  }
  return {Decimal::FromMicros(units * kScale + fraction), DecimalError::kNone};
}

std::string_view DescribeDecimalError(DecimalError error) {
  switch (error) {
    case DecimalError::kNone:
      return "is valid";
    case DecimalError::kEmpty:
      return "is empty";
    case DecimalError::kNotANumber:
      return "is not a decimal number (digits, optional '.' and fraction, no sign)";
    case DecimalError::kTooManyDecimals:
      return "has more than 6 decimal places";
    case DecimalError::kTooLarge:
      return "is too large";
  }
  return "is invalid";
}

std::string FixedToString(Int128 value, int scale_digits) {
  const bool negative = value < 0;
  if (negative) value = -value;
  Int128 scale = 1;
  for (int i = 0; i < scale_digits; ++i) scale *= 10;
  Int128 units = value / scale;
  Int128 fraction = value % scale;
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(units % 10)));
    units /= 10;
  } while (units > 0);
  if (negative) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  if (fraction == 0) return digits;
  std::string tail(static_cast<std::size_t>(scale_digits), '0');
  for (int i = scale_digits - 1; i >= 0; --i) {
    tail[static_cast<std::size_t>(i)] = static_cast<char>('0' + static_cast<int>(fraction % 10));
    fraction /= 10;
  }
  tail.erase(tail.find_last_not_of('0') + 1);
  return digits + "." + tail;
}

std::string Decimal::ToString() const { return FixedToString(micros_, kMaxFractionDigits); }

namespace detail {

bool ReadPaddedFraction(std::string_view text, Decimal& value) {
  const std::size_t size = text.size();
  if (size < 3 || size > 14) return false;
  std::uint64_t first;
  std::memcpy(&first, text.data(), 8);
  const unsigned point = FirstByte(first, '.');  // 8: none among the first eight bytes
  const std::size_t fraction_digits = size - point - 1;
  if (point == 0 || point == 8 || point >= size || fraction_digits < 1 || fraction_digits > 6) return false;
  std::uint64_t fraction;
  std::memcpy(&fraction, text.data() + point + 1, 8);
  const std::uint64_t whole = AsLastDigits(first, point);
  fraction = AsLastDigits(fraction, static_cast<unsigned>(fraction_digits));
  if (!EightDigits(whole) || !EightDigits(fraction)) return false;
  static constexpr std::int64_t kMicrosPerDigit[] = {0, 100000, 10000, 1000, 100, 10, 1};
  value = Decimal::FromMicros(static_cast<std::int64_t>(EightDigitsValue(whole)) * Decimal::kScale +
                              static_cast<std::int64_t>(EightDigitsValue(fraction)) * kMicrosPerDigit[fraction_digits]);
  return true;
}

}  // namespace detail

}  // namespace supeval::core
