// Parsing of period names into date ranges.
#include "supeval/core/period.hpp"

#include <charconv>

namespace supeval::core {
namespace {

constexpr std::string_view kForms =
    "expected 2026-H1, 2026-H2, 2026-Q1..2026-Q4, 2026, 2026-03 or 2026-01-01..2026-03-31";

std::optional<int> ParseYear(std::string_view text) {
  int year = 0;
  if (text.size() != 4) return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (error != std::errc{} || end != text.data() + text.size() || year < 1000) return std::nullopt;
  return year;
}

Period MonthRange(int year, int first_month, int last_month, std::string_view label) {
  return Period{Date::FromCivil(year, first_month, 1), Date::FromCivil(year, last_month, DaysInMonth(year, last_month)),
                std::string(label)};
}

std::optional<Period> ParseNamed(std::string_view text) {
  if (text.size() == 4) {
    if (const auto year = ParseYear(text)) return MonthRange(*year, 1, 12, text);
    return std::nullopt;
  }
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  const auto year = ParseYear(text.substr(0, 4));
  if (!year) return std::nullopt;
  const char kind = text[5];
  const char digit = text[6];
  if (kind == 'H' && (digit == '1' || digit == '2')) {
    const int half = digit - '0';
    return MonthRange(*year, half * 6 - 5, half * 6, text);
  }
  if (kind == 'Q' && digit >= '1' && digit <= '4') {
    const int quarter = digit - '0';
    return MonthRange(*year, quarter * 3 - 2, quarter * 3, text);
  }
  if (kind >= '0' && kind <= '1' && digit >= '0' && digit <= '9') {
    const int month = (kind - '0') * 10 + (digit - '0');
    if (month >= 1 && month <= 12) return MonthRange(*year, month, month, text);
  }
  return std::nullopt;
}

}  // namespace

Result<Period> ParsePeriod(std::string_view text) {
  const auto separator = text.find("..");
  if (separator == std::string_view::npos) {
    if (auto period = ParseNamed(text)) return *std::move(period);
    return BadInput("unknown period '" + std::string(text) + "': " + std::string(kForms), {"", 0, "period"});
  }
  const auto first = Date::Parse(text.substr(0, separator));
  const auto last = Date::Parse(text.substr(separator + 2));
  if (!first || !last) {
    return BadInput("unknown period '" + std::string(text) + "': " + std::string(kForms), {"", 0, "period"});
  }
  if (*last < *first) {
    return BadInput("period '" + std::string(text) + "' ends before it starts", {"", 0, "period"});
  }
  return Period{*first, *last, std::string(text)};
}

}  // namespace supeval::core
