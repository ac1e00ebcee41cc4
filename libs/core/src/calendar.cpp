// Working-day counting for factory calendars.
#include "supeval/core/calendar.hpp"

#include <algorithm>
#include <bit>

namespace supeval::core {
namespace {

bool WeekdayWorks(WorkWeek week, int weekday) { return ((week >> weekday) & 1U) != 0; }

// Day 4 after the epoch (1970-01-05) is a Monday: the origin of whole weeks.
constexpr std::int32_t kMondayOrigin = 4;

std::int64_t CountBefore(const std::vector<std::int32_t>& sorted_days, std::int32_t day) {
  return std::lower_bound(sorted_days.begin(), sorted_days.end(), day) - sorted_days.begin();
}

}  // namespace

FactoryCalendar::FactoryCalendar(WorkWeek work_week, std::span<const CalendarDay> exceptions, Date window_first,
                                 Date window_last)
    : work_week_(work_week), window_first_(window_first.days()) {
  for (const CalendarDay& day : exceptions) {
    const bool in_week = WeekdayWorks(work_week_, day.date.Weekday());
    // An extra working day on a normal working day, or a holiday on a day off,
    // changes nothing.
    if (day.working && !in_week) extra_days_.push_back(day.date.days());
    if (!day.working && in_week) holidays_.push_back(day.date.days());
  }
  std::sort(extra_days_.begin(), extra_days_.end());
  std::sort(holidays_.begin(), holidays_.end());
  if (window_last < window_first) return;
  const auto size = static_cast<std::size_t>(window_last - window_first) + 2;
  before_.resize(size);
  std::int64_t count = WorkingDaysBeforeSlow(window_first);
  for (std::size_t i = 0; i < size; ++i) {
    before_[i] = count;
    if (IsWorkingDay(window_first + static_cast<std::int32_t>(i))) ++count;
  }
}

bool FactoryCalendar::IsWorkingDay(Date date) const {
  const std::int32_t day = date.days();
  if (WeekdayWorks(work_week_, date.Weekday())) {
    return !std::binary_search(holidays_.begin(), holidays_.end(), day);
  }
  return std::binary_search(extra_days_.begin(), extra_days_.end(), day);
}

std::int64_t FactoryCalendar::WorkingDaysBeforeSlow(Date date) const {
  const std::int64_t offset = date.days() - kMondayOrigin;
  std::int64_t weeks = offset / 7;
  std::int64_t rest = offset % 7;
  if (rest < 0) {
    rest += 7;
    weeks -= 1;
  }
  const auto days_per_week = static_cast<std::int64_t>(std::popcount(work_week_));
  const auto rest_mask = static_cast<unsigned>(work_week_) & ((1U << rest) - 1U);
  const std::int64_t weekly = weeks * days_per_week + std::popcount(rest_mask);
  return weekly + CountBefore(extra_days_, date.days()) - CountBefore(holidays_, date.days());
}

}  // namespace supeval::core
