// A time zone of the tz database, read from its TZif file (RFC 8536), so that
// `serve --timezone ZONE` can say which day "today" is and when a day ends
// (API.md, "Conventions: Time") — g++ 12's libstdc++ has no std::chrono
// time-zone database. Version 2+ files only (their 64-bit section); instants
// past the last transition follow the file's footer, a POSIX TZ string (with
// RFC 8536's extensions: hours up to 167, negative times). Zones with leap
// seconds ("right/") are refused: supeval counts time as UNIX time does.
//
// Thread-safety: a TimeZone is an immutable value; its functions may be
// called from any number of threads at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/result.hpp"

namespace supeval::io {

// Where Debian's tzdata puts the zones.
inline constexpr std::string_view kZoneInfoFolder = "/usr/share/zoneinfo";

class TimeZone {
 public:
  // UTC, without any file.
  [[nodiscard]] static TimeZone Utc();

  // The zone `name` ("Europe/Berlin") from `folder`. "UTC" needs no file.
  // kBadInput when the name is no zone name (empty, absolute, with `.` or
  // `..` segments, characters beyond A-Z a-z 0-9 _ + - /), when no such
  // file exists, or when it is no valid TZif file of version 2 or later.
  [[nodiscard]] static core::Result<TimeZone> Load(std::string_view name,
                                                   const std::filesystem::path& folder = kZoneInfoFolder);

  // The zone `name` from the bytes of its TZif file; kBadInput when they are
  // malformed (truncated, counts out of range, transitions out of order, a
  // footer that is no POSIX TZ string).
  [[nodiscard]] static core::Result<TimeZone> Parse(std::string_view name, std::string_view tzif);

  [[nodiscard]] const std::string& name() const { return name_; }

  // Local time minus UTC at `instant`.
  [[nodiscard]] std::chrono::seconds OffsetAt(std::chrono::sys_seconds instant) const;

  // The calendar day `instant` falls on in this zone.
  [[nodiscard]] std::chrono::year_month_day LocalDate(std::chrono::sys_seconds instant) const;

  // The instant `date` ends in this zone: the first instant whose local time
  // is on a later day (the next local midnight, or the moment a clock change
  // skips it). A deadline on `date` holds for instants before it.
  [[nodiscard]] std::chrono::sys_seconds EndOfLocalDay(std::chrono::year_month_day date) const;

  // A change of the offset: from `at` (UNIX seconds) on, local time is UTC +
  // `offset` seconds.
  struct Change {
    std::int64_t at;
    std::int32_t offset;
  };
  // A day of a POSIX TZ rule: Jn (1..365, February 29 never counted), n
  // (0..365, counted) or Mm.w.d (weekday d of week w, 5: the last, of month
  // m), and the local time of day it happens at (seconds, -167h..167h).
  struct RuleDay {
    enum class Kind : std::uint8_t { kJulian, kZeroBased, kMonthWeekDay } kind = Kind::kMonthWeekDay;
    int value = 0;  // n
    int month = 0, week = 0, weekday = 0;
    std::int32_t time = 2 * 3600;
  };
  // The footer: the standard offset and, when there is DST, its offset and
  // the days it starts and ends.
  struct PosixRule {
    std::int32_t standard = 0;
    std::optional<std::int32_t> daylight;
    RuleDay start, end;
  };

 private:
  TimeZone() = default;
  // The changes from the last one at or before `from` (the first one's `at`
  // may be the lowest int64) through `to`.
  [[nodiscard]] std::vector<Change> ChangesBetween(std::int64_t from, std::int64_t to) const;
  // The footer rule's changes in the years around [from, to].
  [[nodiscard]] std::vector<Change> RuleChanges(std::int64_t from, std::int64_t to) const;

  std::string name_;
  std::int32_t initial_offset_ = 0;  // before the first transition
  std::vector<Change> transitions_;  // ascending
  std::optional<PosixRule> rule_;    // none: no footer (the last offset stays)
};

}  // namespace supeval::io
