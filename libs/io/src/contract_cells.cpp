// Reading the cells of the contract files (CONTRACTS.md §3).
#include "contract_cells.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace supeval::io {

namespace {

constexpr std::size_t kMoneyDecimals = 2;
// Whole numbers of days beyond this are typing slips (and would not fit).
constexpr std::size_t kMaxWholeDigits = 9;

std::string_view ExpectedForm(NumberForm form) {
  switch (form) {
    case NumberForm::kPlain:
      break;
    case NumberForm::kSigned:
      return "is not a number (expected digits, optional '.' and fraction, optional leading '-')";
    case NumberForm::kMoney:
      return "is not an amount (expected digits, optional '.' and up to 2 decimals, optional leading '-')";
  }
  return "is not a number (expected digits, optional '.' and fraction, no sign)";
}

bool HasAtMostDecimals(std::string_view text, std::size_t decimals) {
  const std::size_t point = text.find('.');
  return point == std::string_view::npos || text.size() - point - 1 <= decimals;
}

}  // namespace

std::optional<core::Rational> ReadNumber(RowReader& row, const Column& column, bool required, NumberForm form) {
  const auto text = row.Text(column, required);
  if (!text) return std::nullopt;
  auto value = core::Rational::Parse(*text, form != NumberForm::kPlain);
  if (value && form == NumberForm::kMoney && !HasAtMostDecimals(*text, kMoneyDecimals)) value.reset();
  if (!value) row.Fail(column.name, InQuotes(*text) + " " + std::string(ExpectedForm(form)));
  return value;
}

std::optional<core::Rational> ReadShare(RowReader& row, const Column& column, bool required) {
  auto value = ReadNumber(row, column, required);
  if (value && *value > core::Rational(1)) {
    row.Fail(column.name, InQuotes(*row.Text(column, false)) + " is above 1 (a share is 0 to 1)");
    value.reset();
  }
  return value;
}

std::optional<core::Rational> ReadNonZero(RowReader& row, const Column& column, bool required) {
  auto value = ReadNumber(row, column, required);
  if (value && value->is_zero()) {
    row.Fail(column.name, InQuotes(*row.Text(column, false)) + " must be greater than 0");
    value.reset();
  }
  return value;
}

std::optional<core::Rational> ReadFloor(RowReader& row, const Column& column) {
  auto value = ReadNumber(row, column, false, NumberForm::kSigned);
  if (value && value->sign() > 0) {
    row.Fail(column.name, InQuotes(*row.Text(column, false)) + " is above 0 (a floor is 0 or below)");
    value.reset();
  }
  return value;
}

std::optional<std::int32_t> ReadWholeNumber(RowReader& row, const Column& column, bool required) {
  const auto text = row.Text(column, required);
  if (!text) return std::nullopt;
  const bool digits = std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    row.Fail(column.name, InQuotes(*text) + " is not a whole number (expected digits)");
    return std::nullopt;
  }
  if (text->size() > kMaxWholeDigits) {
    row.Fail(column.name, InQuotes(*text) + " is too large");
    return std::nullopt;
  }
  return static_cast<std::int32_t>(std::stol(std::string(*text)));
}

std::optional<core::Decimal> ReadPositiveQuantity(RowReader& row, const Column& column, bool required) {
  auto value = row.ReadDecimal(column, required);
  if (value && value->micros() == 0) {
    row.Fail(column.name, InQuotes(*row.Text(column, false)) + " must be greater than 0");
    value.reset();
  }
  return value;
}

std::optional<std::string_view> ReadCurrency(RowReader& row, const Column& column, bool required) {
  constexpr std::size_t kCurrencyLetters = 3;
  const auto text = row.Text(column, required);
  if (!text) return std::nullopt;
  const bool capitals = std::all_of(text->begin(), text->end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (text->size() != kCurrencyLetters || !capitals) {
    row.Fail(column.name, InQuotes(*text) + " is not a currency (expected 3 capital letters, e.g. EUR)");
    return std::nullopt;
  }
  return text;
}

std::optional<core::Period> ReadPeriod(RowReader& row, const Column& column, bool required) {
  const auto text = row.Text(column, required);
  if (!text) return std::nullopt;
  auto period = core::ParsePeriod(*text);
  if (!period.ok()) {
    row.Fail(column.name, period.error().message);
    return std::nullopt;
  }
  return std::move(period).value();
}

}  // namespace supeval::io
