// Tests of Date: strict ISO parsing, civil conversions, weekdays and month
// arithmetic (the adjustment window of spec "Adjustment" relies on AddMonths).
#include "supeval/core/date.hpp"

#include <gtest/gtest.h>

#include <string>

namespace supeval::core {
namespace {

Date D(int year, int month, int day) { return Date::FromCivil(year, month, day); }

TEST(Date, ParsesValidDates) {
  const auto date = Date::Parse("2026-03-31");
  ASSERT_TRUE(date.has_value());
  const CivilDate civil = date->ToCivil();
  EXPECT_EQ(civil.year, 2026);
  EXPECT_EQ(civil.month, 3);
  EXPECT_EQ(civil.day, 31);
  EXPECT_EQ(*date, D(2026, 3, 31));
}

TEST(Date, EpochIsDayZero) {
  ASSERT_TRUE(Date::Parse("1970-01-01").has_value());
  EXPECT_EQ(Date::Parse("1970-01-01")->days(), 0);
  EXPECT_EQ(D(1970, 1, 2).days(), 1);
  EXPECT_EQ(D(1969, 12, 31).days(), -1);
  EXPECT_EQ(D(2026, 1, 1).days(), 20454);
  EXPECT_EQ(D(2000, 1, 1).days(), 10957);
}

TEST(Date, LeapDays) {
  EXPECT_FALSE(Date::Parse("2026-02-29").has_value());
  EXPECT_TRUE(Date::Parse("2024-02-29").has_value());
  EXPECT_TRUE(Date::Parse("2000-02-29").has_value());   // divisible by 400
  EXPECT_FALSE(Date::Parse("1900-02-29").has_value());  // divisible by 100 only
  EXPECT_TRUE(Date::Parse("2026-02-28").has_value());
  EXPECT_FALSE(Date::Parse("2024-02-30").has_value());
}

TEST(Date, RejectsImpossibleDays) {
  EXPECT_FALSE(Date::Parse("2026-04-31").has_value());
  EXPECT_FALSE(Date::Parse("2026-01-32").has_value());
  EXPECT_FALSE(Date::Parse("2026-01-00").has_value());
  EXPECT_FALSE(Date::Parse("2026-00-10").has_value());
  EXPECT_FALSE(Date::Parse("2026-13-01").has_value());
  EXPECT_TRUE(Date::Parse("2026-12-31").has_value());
  EXPECT_TRUE(Date::Parse("2026-01-01").has_value());
}

TEST(Date, RejectsWrongLengths) {
  EXPECT_FALSE(Date::Parse("").has_value());
  EXPECT_FALSE(Date::Parse("2026-3-31").has_value());
  EXPECT_FALSE(Date::Parse("2026-03-1").has_value());
  EXPECT_FALSE(Date::Parse("26-03-31").has_value());
  EXPECT_FALSE(Date::Parse("02026-03-31").has_value());
  EXPECT_FALSE(Date::Parse("2026-03-311").has_value());
  EXPECT_FALSE(Date::Parse(" 2026-03-31").has_value());
  EXPECT_FALSE(Date::Parse("2026-03-31 ").has_value());
  EXPECT_FALSE(Date::Parse("20260331").has_value());
}

TEST(Date, RejectsLettersAndOtherSeparators) {
  EXPECT_FALSE(Date::Parse("2026-O3-31").has_value());
  EXPECT_FALSE(Date::Parse("2O26-03-31").has_value());
  EXPECT_FALSE(Date::Parse("2026-03-3a").has_value());
  EXPECT_FALSE(Date::Parse("abcd-ef-gh").has_value());
  EXPECT_FALSE(Date::Parse("2026/03/31").has_value());
  EXPECT_FALSE(Date::Parse("2026.03.31").has_value());
  EXPECT_FALSE(Date::Parse("2026-03+31").has_value());
  EXPECT_FALSE(Date::Parse("+026-03-31").has_value());
  EXPECT_FALSE(Date::Parse("2026--3-31").has_value());
  EXPECT_FALSE(Date::Parse("2026-+3-31").has_value());
}

TEST(Date, YearsBelow1000AreRejected) {
  EXPECT_FALSE(Date::Parse("0999-12-31").has_value());
  EXPECT_FALSE(Date::Parse("0000-01-01").has_value());
  EXPECT_TRUE(Date::Parse("1000-01-01").has_value());
  EXPECT_TRUE(Date::Parse("9999-12-31").has_value());
}

TEST(Date, ToStringPadsAndRoundTrips) {
  EXPECT_EQ(D(2026, 3, 5).ToString(), "2026-03-05");
  EXPECT_EQ(D(1970, 1, 1).ToString(), "1970-01-01");
  EXPECT_EQ(D(1969, 12, 31).ToString(), "1969-12-31");
  for (const char* text : {"2026-01-01", "2024-02-29", "1999-12-31", "2100-03-01", "1000-01-01", "9999-12-31"}) {
    const auto date = Date::Parse(text);
    ASSERT_TRUE(date.has_value()) << text;
    EXPECT_EQ(date->ToString(), text);
  }
}

TEST(Date, EveryDayOfTwoCenturiesRoundTrips) {
  Date date = D(1900, 1, 1);
  const Date end = D(2101, 1, 1);
  int count = 0;
  while (date < end) {
    const auto parsed = Date::Parse(date.ToString());
    ASSERT_TRUE(parsed.has_value()) << date.ToString();
    ASSERT_EQ(*parsed, date);
    const CivilDate civil = date.ToCivil();
    ASSERT_TRUE(IsValidCivil(civil.year, civil.month, civil.day));
    ASSERT_EQ(Date::FromCivil(civil), date);
    const CivilDate next = (date + 1).ToCivil();
    if (next.day != 1) {
      ASSERT_EQ(next.day, civil.day + 1);
    } else {
      ASSERT_EQ(civil.day, DaysInMonth(civil.year, civil.month)) << date.ToString();
    }
    date = date + 1;
    ++count;
  }
  // 201 years, 49 leap years (1900 and 2100 are not leap years, 2000 is).
  EXPECT_EQ(count, 201 * 365 + 49);
}

TEST(Date, WeekdayOfKnownDates) {
  // 0 = Monday … 6 = Sunday.
  EXPECT_EQ(D(1970, 1, 1).Weekday(), 3);    // Thursday
  EXPECT_EQ(D(1969, 12, 31).Weekday(), 2);  // Wednesday: before the epoch
  EXPECT_EQ(D(2000, 1, 1).Weekday(), 5);    // Saturday
  EXPECT_EQ(D(2024, 2, 29).Weekday(), 3);   // Thursday
  EXPECT_EQ(D(2026, 1, 1).Weekday(), 3);    // Thursday
  EXPECT_EQ(D(2026, 3, 1).Weekday(), 6);    // Sunday
  EXPECT_EQ(D(2026, 3, 2).Weekday(), 0);    // Monday
  EXPECT_EQ(D(2026, 6, 30).Weekday(), 1);   // Tuesday
  EXPECT_EQ(D(1900, 1, 1).Weekday(), 0);    // Monday
}

TEST(Date, WeekdayCyclesThroughTheWeek) {
  const Date monday = D(2026, 3, 2);
  for (int i = -30; i < 30; ++i) {
    EXPECT_EQ((monday + i).Weekday(), ((i % 7) + 7) % 7) << i;
  }
}

TEST(Date, AddMonthsKeepsTheDay) {
  EXPECT_EQ(D(2026, 1, 15).AddMonths(1), D(2026, 2, 15));
  EXPECT_EQ(D(2026, 11, 15).AddMonths(2), D(2027, 1, 15));
  EXPECT_EQ(D(2026, 3, 15).AddMonths(0), D(2026, 3, 15));
  EXPECT_EQ(D(2026, 3, 15).AddMonths(12), D(2027, 3, 15));
  EXPECT_EQ(D(2026, 3, 15).AddMonths(-3), D(2025, 12, 15));
}

TEST(Date, AddMonthsAtMonthEnds) {
  EXPECT_EQ(D(2026, 3, 31).AddMonths(2), D(2026, 5, 31));
  EXPECT_EQ(D(2025, 12, 31).AddMonths(2), D(2026, 2, 28));
  EXPECT_EQ(D(2023, 12, 31).AddMonths(2), D(2024, 2, 29));
  EXPECT_EQ(D(2026, 1, 30).AddMonths(1), D(2026, 2, 28));
  EXPECT_EQ(D(2026, 1, 31).AddMonths(1), D(2026, 2, 28));
  EXPECT_EQ(D(2024, 1, 31).AddMonths(1), D(2024, 2, 29));
  EXPECT_EQ(D(2026, 1, 31).AddMonths(3), D(2026, 4, 30));
  EXPECT_EQ(D(2026, 2, 28).AddMonths(2), D(2026, 4, 28));
  EXPECT_EQ(D(2026, 8, 31).AddMonths(1), D(2026, 9, 30));
  EXPECT_EQ(D(2026, 12, 31).AddMonths(2), D(2027, 2, 28));
}

TEST(Date, ArithmeticAndComparison) {
  EXPECT_EQ(D(2026, 3, 1) - D(2026, 2, 1), 28);
  EXPECT_EQ(D(2024, 3, 1) - D(2024, 2, 1), 29);
  EXPECT_EQ(D(2026, 2, 28) + 1, D(2026, 3, 1));
  EXPECT_EQ(D(2026, 1, 1) - 1, D(2025, 12, 31));
  EXPECT_LT(D(2025, 12, 31), D(2026, 1, 1));
  EXPECT_GT(D(2026, 1, 2), D(2026, 1, 1));
}

TEST(Date, DaysInMonthAndIsValidCivil) {
  EXPECT_EQ(DaysInMonth(2026, 2), 28);
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2026, 4), 30);
  EXPECT_EQ(DaysInMonth(2026, 12), 31);
  EXPECT_TRUE(IsValidCivil(2024, 2, 29));
  EXPECT_FALSE(IsValidCivil(2026, 2, 29));
  EXPECT_FALSE(IsValidCivil(2026, 0, 1));
  EXPECT_FALSE(IsValidCivil(2026, 13, 1));
  EXPECT_FALSE(IsValidCivil(2026, 1, 0));
}

}  // namespace
}  // namespace supeval::core
