// DateCache: a column's dates remembered by their text, so that the few
// hundred days a delivery file repeats are parsed once. Internal to io.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "supeval/core/date.hpp"

namespace supeval::io::dataset {

// Remembers the dates read from a column: a delivery file repeats the few
// hundred days of its period in every row, so most parses become one
// comparison.
class DateCache {
 public:
  // Parses `text` as Date::Parse does; false when it is not a date. The
  // texts of recently parsed dates are direct-mapped by a hash of their
  // bytes. (The date comes back through `date` rather than as an optional:
  // an optional is written as two stores and read back as one load, which
  // the processor cannot forward from the stores and waits for, and this
  // runs twice a row.)
  bool Parse(std::string_view text, core::Date& date) {
    if (text.size() != kDateLength) return Store(core::Date::Parse(text), date);
    std::uint64_t tail = 0;  // "YY-MM-DD" of "YYYY-MM-DD"
    std::uint16_t head = 0;  // "YY"
    std::memcpy(&tail, text.data() + 2, sizeof tail);
    std::memcpy(&head, text.data(), sizeof head);
    Entry& entry = entries_[(tail * 0x9E3779B97F4A7C15ULL) >> (64 - kIndexBits)];
    if (entry.valid && entry.tail == tail && entry.head == head) {
      date = entry.date;
      return true;
    }
    const auto parsed = core::Date::Parse(text);
    if (parsed) entry = Entry{tail, head, true, *parsed};
    return Store(parsed, date);
  }

 private:
  static constexpr std::size_t kDateLength = 10;
  static constexpr int kIndexBits = 8;
  struct Entry {
    std::uint64_t tail = 0;
    std::uint16_t head = 0;
    bool valid = false;
    core::Date date;
  };

  static bool Store(std::optional<core::Date> parsed, core::Date& date) {
    if (parsed) date = *parsed;
    return parsed.has_value();
  }

  std::array<Entry, std::size_t{1} << kIndexBits> entries_{};
};

}  // namespace supeval::io::dataset
