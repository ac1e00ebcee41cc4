// FactoryCalendar: the working days of one receiving plant (spec: LZ1) — its
// working week minus its holidays plus its extra working days — and the
// deviation of a delivery in working days. Counting is O(1) per query inside a
// precomputed window (a running count of working days, one int per day) and
// O(log exceptions) outside it, so any date works and the hot path is a lookup
// (inline: it runs twice a delivery row).
// Immutable after construction: safe to share between threads.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "supeval/core/date.hpp"

namespace supeval::core {

// Working weekdays as a bit set: bit 0 = Monday … bit 6 = Sunday.
using WorkWeek = std::uint8_t;
inline constexpr WorkWeek kMondayToFriday = 0b0011111;
inline constexpr WorkWeek kMondayToSaturday = 0b0111111;

struct CalendarDay {
  Date date;
  bool working = false;  // false: holiday (no work), true: extra working day
};

class FactoryCalendar {
 public:
  // `exceptions` may come in any order; one entry per date (validated upstream).
  // The window [window_first, window_last] is where counting is a table lookup.
  FactoryCalendar(WorkWeek work_week, std::span<const CalendarDay> exceptions, Date window_first, Date window_last);

  [[nodiscard]] bool IsWorkingDay(Date date) const;
  // Working days d with from < d <= to (0 when to <= from): how late a delivery
  // due on `from` and received on `to` is.
  [[nodiscard]] std::int32_t WorkingDaysAfterThrough(Date from, Date to) const {
    if (to <= from) return 0;
    return static_cast<std::int32_t>(WorkingDaysBefore(to + 1) - WorkingDaysBefore(from + 1));
  }
  // Working days d with from <= d < to (0 when to <= from): how early a delivery
  // received on `from` and due on `to` is.
  [[nodiscard]] std::int32_t WorkingDaysFromBefore(Date from, Date to) const {
    if (to <= from) return 0;
    return static_cast<std::int32_t>(WorkingDaysBefore(to) - WorkingDaysBefore(from));
  }

 private:
  // Number of working days strictly before `date`, counted from a fixed origin
  // (may be negative); differences of it count working days in a range.
  [[nodiscard]] std::int64_t WorkingDaysBefore(Date date) const {
    const std::int64_t index = static_cast<std::int64_t>(date.days()) - window_first_;
    if (index >= 0 && index < static_cast<std::int64_t>(before_.size())) {
      return before_[static_cast<std::size_t>(index)];
    }
    return WorkingDaysBeforeSlow(date);
  }
  [[nodiscard]] std::int64_t WorkingDaysBeforeSlow(Date date) const;

  WorkWeek work_week_;
  std::vector<std::int32_t> extra_days_;  // sorted day numbers that work outside the week
  std::vector<std::int32_t> holidays_;    // sorted day numbers off inside the week
  std::int32_t window_first_ = 0;
  std::vector<std::int64_t> before_;  // before_[i] = WorkingDaysBefore(window_first_ + i)
};

}  // namespace supeval::core
