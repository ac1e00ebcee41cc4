// Civil-date conversions (Howard Hinnant's days_from_civil / civil_from_days)
// and strict ISO date parsing.
#include "supeval/core/date.hpp"

#include <cassert>
#include <cstdio>

namespace supeval::core {
namespace {

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

std::int32_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Reads `count` ASCII digits; returns -1 when any is not a digit.
int ReadDigits(std::string_view text, std::size_t offset, std::size_t count) {
  int value = 0;
  for (std::size_t i = offset; i < offset + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  assert(month >= 1 && month <= 12);
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

bool IsValidCivil(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

Date Date::FromCivil(int year, int month, int day) {
  assert(IsValidCivil(year, month, day));
  return Date(DaysFromCivil(year, month, day));
}

std::optional<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const int year = ReadDigits(text, 0, 4);
  const int month = ReadDigits(text, 5, 2);
  const int day = ReadDigits(text, 8, 2);
  if (year < 1000 || month < 0 || day < 0 || !IsValidCivil(year, month, day)) return std::nullopt;
  return Date(DaysFromCivil(year, month, day));
}

CivilDate Date::ToCivil() const {
  const int z = days_ + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int day = doy - (153 * mp + 2) / 5 + 1;
  const int month = mp < 10 ? mp + 3 : mp - 9;
  const int year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{year, month, day};
}

std::string Date::ToString() const {
  const CivilDate civil = ToCivil();
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", civil.year, civil.month, civil.day);
  return buffer;
}

int Date::Weekday() const {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  const int shifted = (days_ + 3) % 7;
  return shifted < 0 ? shifted + 7 : shifted;
}

Date Date::AddMonths(int months) const {
  const CivilDate civil = ToCivil();
  const int month_index = civil.year * 12 + (civil.month - 1) + months;
  const int year = month_index / 12;
  const int month = month_index % 12 + 1;
  const int last_day = DaysInMonth(year, month);
  return FromCivil(year, month, civil.day < last_day ? civil.day : last_day);
}

}  // namespace supeval::core
