// Date: a calendar day of the proleptic Gregorian calendar, held as the number of
// days since 1970-01-01 so that differences and comparisons are integer arithmetic.
// Parsing accepts exactly ISO `YYYY-MM-DD` (the interchange format's dates).
// A value type: thread-compatible.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace supeval::core {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date FromDays(std::int32_t days_since_epoch) { return Date(days_since_epoch); }
  // Requires a valid civil date (see IsValidCivil).
  static Date FromCivil(int year, int month, int day);
  static Date FromCivil(CivilDate civil) { return FromCivil(civil.year, civil.month, civil.day); }
  // Returns the date for "YYYY-MM-DD" (years 1000..9999), or nothing when the
  // text is not exactly that form or names no real day (2026-02-30).
  static std::optional<Date> Parse(std::string_view text);

  [[nodiscard]] constexpr std::int32_t days() const { return days_; }
  [[nodiscard]] CivilDate ToCivil() const;
  [[nodiscard]] std::string ToString() const;
  // 0 = Monday … 6 = Sunday.
  [[nodiscard]] int Weekday() const;
  // The same day `months` calendar months later, clamped to the end of a shorter
  // month: 2026-03-31 + 2 = 2026-05-31, 2025-12-31 + 2 = 2026-02-28.
  [[nodiscard]] Date AddMonths(int months) const;

  constexpr Date operator+(std::int32_t days) const { return Date(days_ + days); }
  constexpr Date operator-(std::int32_t days) const { return Date(days_ - days); }
  constexpr std::int32_t operator-(Date other) const { return days_ - other.days_; }
  constexpr auto operator<=>(const Date&) const = default;

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

[[nodiscard]] bool IsValidCivil(int year, int month, int day);
[[nodiscard]] int DaysInMonth(int year, int month);

}  // namespace supeval::core
