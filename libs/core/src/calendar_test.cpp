// Tests of FactoryCalendar (spec LZ1: the plant's working week minus its
// holidays plus its extra working days; late n = working days d with
// due < d <= receipt, early n = working days d with receipt <= d < due).
#include "supeval/core/calendar.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace supeval::core {
namespace {

Date D(int year, int month, int day) { return Date::FromCivil(year, month, day); }

// 2026-03-02 is a Monday.
const Date kMon = D(2026, 3, 2);
const Date kTue = D(2026, 3, 3);
const Date kWed = D(2026, 3, 4);
const Date kThu = D(2026, 3, 5);
const Date kFri = D(2026, 3, 6);
const Date kSat = D(2026, 3, 7);
const Date kSun = D(2026, 3, 8);
const Date kNextMon = D(2026, 3, 9);
const Date kNextTue = D(2026, 3, 10);

FactoryCalendar Make(WorkWeek week, std::vector<CalendarDay> exceptions = {}) {
  return FactoryCalendar(week, exceptions, D(2025, 1, 1), D(2027, 12, 31));
}

TEST(Calendar, WeekdaysOfAMondayToFridayWeek) {
  const FactoryCalendar calendar = Make(kMondayToFriday);
  EXPECT_TRUE(calendar.IsWorkingDay(kMon));
  EXPECT_TRUE(calendar.IsWorkingDay(kWed));
  EXPECT_TRUE(calendar.IsWorkingDay(kFri));
  EXPECT_FALSE(calendar.IsWorkingDay(kSat));
  EXPECT_FALSE(calendar.IsWorkingDay(kSun));
}

TEST(Calendar, LateCountsWorkingDaysAfterDueThroughReceipt) {
  const FactoryCalendar calendar = Make(kMondayToFriday);
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kMon, kMon), 0);
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kMon, kTue), 1);
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kMon, kFri), 4);
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kFri, kSat), 0);  // a weekend day is no day late
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kFri, kSun), 0);
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kFri, kNextMon), 1);  // across the weekend
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kFri, kNextTue), 2);
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kSat, kNextMon), 1);  // due on a Saturday
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kMon, kNextMon), 5);
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kMon, kMon + 28), 20);
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kTue, kMon), 0);  // reversed: 0
}

TEST(Calendar, EarlyCountsWorkingDaysFromReceiptBeforeDue) {
  const FactoryCalendar calendar = Make(kMondayToFriday);
  EXPECT_EQ(calendar.WorkingDaysFromBefore(kMon, kMon), 0);
  EXPECT_EQ(calendar.WorkingDaysFromBefore(kMon, kTue), 1);
  EXPECT_EQ(calendar.WorkingDaysFromBefore(kMon, kFri), 4);
  EXPECT_EQ(calendar.WorkingDaysFromBefore(kFri, kNextMon), 1);  // the Friday itself
  EXPECT_EQ(calendar.WorkingDaysFromBefore(kSat, kNextMon), 0);  // received on a Saturday
  EXPECT_EQ(calendar.WorkingDaysFromBefore(kSun, kNextTue), 1);
  EXPECT_EQ(calendar.WorkingDaysFromBefore(kMon, kNextMon), 5);
  EXPECT_EQ(calendar.WorkingDaysFromBefore(kFri, kMon), 0);  // reversed: 0
}

TEST(Calendar, HolidayIsNotAWorkingDay) {
  const FactoryCalendar calendar = Make(kMondayToFriday, {{kWed, false}});
  EXPECT_FALSE(calendar.IsWorkingDay(kWed));
  EXPECT_TRUE(calendar.IsWorkingDay(kTue));
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kMon, kFri), 3);  // Tue, Thu, Fri
  EXPECT_EQ(calendar.WorkingDaysFromBefore(kMon, kFri), 3);    // Mon, Tue, Thu
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kTue, kWed), 0);  // received on the holiday
  EXPECT_EQ(calendar.WorkingDaysFromBefore(kWed, kThu), 0);
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kTue, kThu), 1);
}

TEST(Calendar, ExtraWorkingSaturday) {
  const FactoryCalendar calendar = Make(kMondayToFriday, {{kSat, true}});
  EXPECT_TRUE(calendar.IsWorkingDay(kSat));
  EXPECT_FALSE(calendar.IsWorkingDay(kSat + 7));  // only that Saturday
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kFri, kSat), 1);
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kFri, kNextMon), 2);
  EXPECT_EQ(calendar.WorkingDaysFromBefore(kSat, kNextMon), 1);
  EXPECT_EQ(calendar.WorkingDaysFromBefore(kFri, kNextMon), 2);
}

TEST(Calendar, MondayToSaturdayWeek) {
  const FactoryCalendar calendar = Make(kMondayToSaturday);
  EXPECT_TRUE(calendar.IsWorkingDay(kSat));
  EXPECT_FALSE(calendar.IsWorkingDay(kSun));
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kFri, kNextMon), 2);  // Sat, Mon
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kMon, kNextMon), 6);
  EXPECT_EQ(calendar.WorkingDaysFromBefore(kFri, kNextMon), 2);  // Fri, Sat
}

// A calendar without a precomputed window: every count takes the slow path.
FactoryCalendar MakeWithoutWindow(WorkWeek week, std::vector<CalendarDay> exceptions = {}) {
  return FactoryCalendar(week, exceptions, D(2026, 1, 2), D(2026, 1, 1));
}

TEST(Calendar, HolidayOnASundayHasNoEffect) {
  const FactoryCalendar plain = Make(kMondayToFriday);
  const FactoryCalendar with_sunday = Make(kMondayToFriday, {{kSun, false}});
  const FactoryCalendar slow = MakeWithoutWindow(kMondayToFriday, {{kSun, false}});
  EXPECT_EQ(slow.WorkingDaysAfterThrough(kFri, kNextTue), 2);
  EXPECT_EQ(slow.WorkingDaysFromBefore(kFri, kNextTue), 2);
  EXPECT_EQ(slow.WorkingDaysAfterThrough(kMon, kNextMon + 7), 10);
  EXPECT_FALSE(with_sunday.IsWorkingDay(kSun));
  for (int i = -10; i < 10; ++i) {
    for (int j = -10; j < 10; ++j) {
      EXPECT_EQ(with_sunday.WorkingDaysAfterThrough(kSun + i, kSun + j),
                plain.WorkingDaysAfterThrough(kSun + i, kSun + j));
      EXPECT_EQ(with_sunday.WorkingDaysFromBefore(kSun + i, kSun + j), plain.WorkingDaysFromBefore(kSun + i, kSun + j));
    }
  }
  EXPECT_EQ(with_sunday.WorkingDaysAfterThrough(kFri, kNextTue), 2);
}

TEST(Calendar, ExtraWorkingDayOnAWorkdayHasNoEffect) {
  const FactoryCalendar calendar = Make(kMondayToFriday, {{kWed, true}});
  EXPECT_TRUE(calendar.IsWorkingDay(kWed));
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kMon, kFri), 4);
  const FactoryCalendar slow = MakeWithoutWindow(kMondayToFriday, {{kWed, true}});
  EXPECT_EQ(slow.WorkingDaysAfterThrough(kMon, kFri), 4);
  EXPECT_EQ(slow.WorkingDaysFromBefore(kMon, kFri), 4);
  EXPECT_EQ(slow.WorkingDaysAfterThrough(kMon, kNextMon + 7), 10);
}

TEST(Calendar, HolidayOnASaturdayCountsOnlyInASixDayWeek) {
  const FactoryCalendar five = Make(kMondayToFriday, {{kSat, false}});
  const FactoryCalendar six = Make(kMondayToSaturday, {{kSat, false}});
  EXPECT_EQ(five.WorkingDaysAfterThrough(kFri, kNextMon), 1);
  EXPECT_EQ(six.WorkingDaysAfterThrough(kFri, kNextMon), 1);
  EXPECT_FALSE(six.IsWorkingDay(kSat));
  EXPECT_TRUE(six.IsWorkingDay(kSat + 7));
}

TEST(Calendar, ExceptionsInAnyOrder) {
  const FactoryCalendar calendar =
      Make(kMondayToFriday, {{kThu, false}, {kSat, true}, {kTue, false}, {kSun + 7 - 1, true}});
  // Mon 2 .. Mon 9: Tue off, Thu off, Sat on; Sat 14 on.
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kMon, kNextMon), 4);          // Wed, Fri, Sat, Mon
  EXPECT_EQ(calendar.WorkingDaysFromBefore(kMon, kNextMon), 4);            // Mon, Wed, Fri, Sat
  EXPECT_EQ(calendar.WorkingDaysAfterThrough(kNextMon, kNextMon + 6), 5);  // Tue..Fri, Sat 14
}

// Independent reference: the spec's definitions, day by day.
struct Reference {
  WorkWeek week;
  std::set<std::int32_t> holidays;
  std::set<std::int32_t> extra;

  bool Works(Date date) const {
    if (holidays.count(date.days()) > 0) return false;
    if (extra.count(date.days()) > 0) return true;
    return ((week >> date.Weekday()) & 1U) != 0;
  }
  std::int32_t Late(Date due, Date receipt) const {
    std::int32_t n = 0;
    for (Date d = due + 1; d <= receipt; d = d + 1) n += Works(d) ? 1 : 0;
    return n;
  }
  std::int32_t Early(Date receipt, Date due) const {
    std::int32_t n = 0;
    for (Date d = receipt; d < due; d = d + 1) n += Works(d) ? 1 : 0;
    return n;
  }
};

TEST(Calendar, SameCountsInsideAndOutsideThePrecomputedWindow) {
  // Holidays only on weekdays and extra days only on weekends, so that the
  // reference's precedence does not matter.
  std::vector<CalendarDay> exceptions = {
      {D(2026, 1, 1), false},   {D(2026, 4, 3), false},   {D(2026, 4, 6), false},   {D(2026, 5, 1), false},
      {D(2026, 12, 24), false}, {D(2026, 12, 25), false}, {D(2026, 3, 7), true},    {D(2026, 6, 27), true},
      {D(2025, 12, 31), false}, {D(2024, 12, 24), false}, {D(2027, 1, 1), false},   {D(2027, 1, 2), true},
      {D(1969, 12, 31), false}, {D(1969, 12, 27), true},  {D(2099, 12, 31), false}, {D(2030, 6, 1), true},
  };
  Reference reference{kMondayToFriday, {}, {}};
  for (const CalendarDay& day : exceptions)
    (day.working ? reference.extra : reference.holidays).insert(day.date.days());

  const FactoryCalendar narrow(kMondayToFriday, exceptions, D(2026, 1, 1), D(2026, 6, 30));
  const FactoryCalendar wide(kMondayToFriday, exceptions, D(1960, 1, 1), D(2100, 12, 31));
  const FactoryCalendar none(kMondayToFriday, exceptions, D(2026, 1, 2), D(2026, 1, 1));  // empty window

  int compared = 0;
  const auto check = [&](Date a, Date b) {
    const std::int32_t late = reference.Late(a, b);
    const std::int32_t early = reference.Early(a, b);
    ASSERT_EQ(narrow.WorkingDaysAfterThrough(a, b), late) << a.ToString() << " " << b.ToString();
    ASSERT_EQ(wide.WorkingDaysAfterThrough(a, b), late) << a.ToString() << " " << b.ToString();
    ASSERT_EQ(none.WorkingDaysAfterThrough(a, b), late) << a.ToString() << " " << b.ToString();
    ASSERT_EQ(narrow.WorkingDaysFromBefore(a, b), early) << a.ToString() << " " << b.ToString();
    ASSERT_EQ(wide.WorkingDaysFromBefore(a, b), early) << a.ToString() << " " << b.ToString();
    ASSERT_EQ(none.WorkingDaysFromBefore(a, b), early) << a.ToString() << " " << b.ToString();
    ++compared;
  };
  // Pairs that start before, inside and after the narrow window, and cross its edges.
  for (Date a = D(2025, 11, 1); a <= D(2026, 8, 31); a = a + 3) {
    for (std::int32_t span : {-5, 0, 1, 2, 3, 6, 7, 8, 13, 30, 45, 90, 200}) check(a, a + span);
  }
  // Far from the narrow window, before the epoch and near 2100.
  for (const Date a : {D(1969, 12, 20), D(1965, 3, 3), D(2030, 5, 25), D(2099, 12, 25), D(2027, 1, 1)}) {
    for (std::int32_t span = 0; span < 20; ++span) check(a, a + span);
  }
  check(D(1969, 12, 1), D(1970, 1, 31));
  check(D(2025, 6, 1), D(2026, 12, 31));
  EXPECT_GT(compared, 1000);
}

TEST(Calendar, WindowOfAMondayToSaturdayWeekWithExceptions) {
  const std::vector<CalendarDay> exceptions = {{D(2026, 3, 7), false}, {D(2026, 3, 8), true}, {D(2020, 1, 1), false}};
  const FactoryCalendar narrow(kMondayToSaturday, exceptions, D(2026, 3, 1), D(2026, 3, 31));
  const FactoryCalendar wide(kMondayToSaturday, exceptions, D(2000, 1, 1), D(2040, 1, 1));
  for (Date a = D(2019, 12, 1); a <= D(2026, 5, 1); a = a + 11) {
    for (std::int32_t span = 0; span < 60; span += 3) {
      ASSERT_EQ(narrow.WorkingDaysAfterThrough(a, a + span), wide.WorkingDaysAfterThrough(a, a + span));
      ASSERT_EQ(narrow.WorkingDaysFromBefore(a, a + span), wide.WorkingDaysFromBefore(a, a + span));
    }
  }
  EXPECT_EQ(narrow.WorkingDaysAfterThrough(D(2026, 3, 6), D(2026, 3, 9)), 2);  // Sun on, Mon
  EXPECT_EQ(narrow.WorkingDaysAfterThrough(D(2019, 12, 31), D(2020, 1, 2)), 1);
}

}  // namespace
}  // namespace supeval::core
