// Fuzz target: the text parsing of libs/core — periods (ParsePeriod), dates
// (Date::Parse and the date arithmetic a parsed date feeds) and decimal
// quantities (ParseDecimal and its word-at-a-time forms) — on any bytes.
// Proves, for every input: no crash, no undefined behaviour (integer overflow
// included), no read past the text (the padded decimal form is given exactly
// the padding it requires); a parsed date prints back as the text and lies in
// the range Parse promises; a parsed period is a non-empty range that its
// label names; AddMonths lands in the right month, clamped; the three decimal
// parsers agree, and a parsed decimal prints as text that parses to it again.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "supeval/core/date.hpp"
#include "supeval/core/decimal.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/reading/padded_decimal.hpp"

namespace {

using supeval::core::CivilDate;
using supeval::core::Date;
using supeval::core::Decimal;

// Months added to a parsed date: both signs, a year's boundary, a century.
constexpr int kMonthSteps[] = {1, -1, 2, 11, 12, -13, 25, 1200, -1200};

void CheckDate(std::string_view text) {
  const auto date = Date::Parse(text);
  if (!date) return;
  SUPEVAL_FUZZ_CHECK(date->ToString() == text, "a parsed date does not print as its text");
  const CivilDate civil = date->ToCivil();
  SUPEVAL_FUZZ_CHECK(civil.year >= 1000 && civil.year <= 9999, "a parsed date outside years 1000..9999");
  SUPEVAL_FUZZ_CHECK(Date::FromCivil(civil) == *date, "FromCivil(ToCivil) is not the date");
  SUPEVAL_FUZZ_CHECK(date->Weekday() >= 0 && date->Weekday() <= 6, "weekday out of 0..6");
  SUPEVAL_FUZZ_CHECK((*date + 1).Weekday() == (date->Weekday() + 1) % 7, "weekdays do not follow each other");
  for (const int months : kMonthSteps) {
    const CivilDate moved = date->AddMonths(months).ToCivil();
    const int month_index = civil.year * 12 + civil.month - 1 + months;
    SUPEVAL_FUZZ_CHECK(moved.year * 12 + moved.month - 1 == month_index, "AddMonths lands in the wrong month");
    const int expected_day = std::min(civil.day, supeval::core::DaysInMonth(moved.year, moved.month));
    SUPEVAL_FUZZ_CHECK(moved.day == expected_day, "AddMonths does not keep (or clamp) the day");
  }
}

void CheckPeriod(std::string_view text) {
  const auto period = supeval::core::ParsePeriod(text);
  if (!period.ok()) {
    SUPEVAL_FUZZ_CHECK(!period.error().message.empty(), "a refused period without a message");
    return;
  }
  SUPEVAL_FUZZ_CHECK(period->first <= period->last, "a period that ends before it starts");
  SUPEVAL_FUZZ_CHECK(period->label == text, "a period's label is not its text");
  SUPEVAL_FUZZ_CHECK(period->Contains(period->first) && period->Contains(period->last), "a period misses its ends");
  SUPEVAL_FUZZ_CHECK(period->ReferenceDate() == period->last, "the reference date is not the last day");
  const auto separator = text.find("..");
  if (separator != std::string_view::npos) {
    SUPEVAL_FUZZ_CHECK(period->first.ToString() + ".." + period->last.ToString() == text,
                       "a date range does not print as its text");
    return;
  }
  const CivilDate first = period->first.ToCivil();
  const CivilDate last = period->last.ToCivil();
  SUPEVAL_FUZZ_CHECK(first.day == 1 && first.year == last.year, "a named period not of whole months of one year");
  SUPEVAL_FUZZ_CHECK((period->last + 1).ToCivil().day == 1, "a named period does not end on a month's last day");
}

void CheckDecimal(std::string_view text) {
  const supeval::core::ParsedDecimal parsed = supeval::core::ParseDecimal(text);
  SUPEVAL_FUZZ_CHECK(parsed.value.has_value() == (parsed.error == supeval::core::DecimalError::kNone),
                     "a decimal with both a value and an error, or neither");

  Decimal inline_value = Decimal::FromMicros(-1);
  const bool inline_ok = supeval::core::ParseDecimal(text, inline_value);
  SUPEVAL_FUZZ_CHECK(inline_ok == parsed.value.has_value(), "the two ParseDecimal forms disagree on validity");

  // The padded form may read 7 bytes past the text (decimal.hpp): exactly
  // that much padding, so that any further read is reported; digits, so that
  // one taken for the number's would show.
  constexpr std::size_t kPadding = 7;
  std::vector<char> padded(text.size() + kPadding, '7');
  std::memcpy(padded.data(), text.data(), text.size());
  Decimal padded_value = Decimal::FromMicros(-1);
  const bool padded_ok = supeval::core::ParseDecimalPadded(std::string_view(padded.data(), text.size()), padded_value);
  SUPEVAL_FUZZ_CHECK(padded_ok == parsed.value.has_value(), "ParseDecimalPadded disagrees on validity");
  if (!parsed.value) return;

  SUPEVAL_FUZZ_CHECK(inline_value == *parsed.value, "the two ParseDecimal forms read different values");
  SUPEVAL_FUZZ_CHECK(padded_value == *parsed.value, "ParseDecimalPadded reads a different value");
  SUPEVAL_FUZZ_CHECK(parsed.value->micros() >= 0, "a negative quantity");
  const supeval::core::ParsedDecimal again = supeval::core::ParseDecimal(parsed.value->ToString());
  SUPEVAL_FUZZ_CHECK(again.value == parsed.value, "a decimal's text does not parse back to it");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckDate(text);
  CheckPeriod(text);
  CheckDecimal(text);
  return 0;
}
