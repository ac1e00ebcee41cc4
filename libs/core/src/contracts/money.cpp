// Exact quantities and money as the settlement writes them (CONTRACTS.md §1,
// §2): quantities in millionths, amounts rounded half away from zero to cents
// only where a line's amount is formed.
#include <cstdlib>

#include "contracts/settlement_parts.hpp"

namespace supeval::core::contracts {

Rational QuantityOf(Int128 micros) { return Rational::Of(micros, Decimal::kScale); }

std::string QuantityText(Int128 micros) { return FixedToString(micros, Decimal::kMaxFractionDigits); }

std::int64_t Cents(const Rational& money) {
  if (money.Abs() > Rational(kLargestAmount)) throw AmountTooLarge{};
  return money.RoundedScaled(2);
}

Rational MoneyOf(std::int64_t cents) { return Rational::Of(cents, 100); }

std::string FormatCents(std::int64_t cents) {
  const std::int64_t magnitude = std::llabs(cents);
  std::string text = cents < 0 ? "-" : "";
  text += std::to_string(magnitude / 100);
  text += '.';
  text += static_cast<char>('0' + magnitude % 100 / 10);
  text += static_cast<char>('0' + magnitude % 10);
  return text;
}

}  // namespace supeval::core::contracts
