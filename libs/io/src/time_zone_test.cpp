// Time zones at their edges: DST switches, the date line, half-hour offsets,
// the footer's rule far past the table, the southern hemisphere, negative
// rule times, malformed files and zone names. Reads Debian's tzdata.
#include "supeval/io/time_zone.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace supeval::io {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;
using std::chrono::sys_seconds;
using std::chrono::year_month_day;

constexpr auto kMarch = std::chrono::March;
constexpr auto kOctober = std::chrono::October;

// An instant given as UTC date and time of day.
sys_seconds At(year_month_day date, std::chrono::seconds time_of_day = 0s) { return sys_days(date) + time_of_day; }

TimeZone Zone(std::string_view name) {
  auto zone = TimeZone::Load(name);
  EXPECT_TRUE(zone.ok()) << name << ": " << zone.error().ToString();
  return zone.ok() ? *zone : TimeZone::Utc();
}

std::string ZoneFile(std::string_view name) {
  std::ifstream in(std::string(kZoneInfoFolder) + "/" + std::string(name), std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A version 2 TZif file without transitions: one local time type of
// `offset`, and `footer`.
std::string MinimalTzif(std::int32_t offset, std::string_view footer) {
  const auto big_endian = [](std::uint32_t value) {
    return std::string{static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
                       static_cast<char>(value)};
  };
  std::string header = "TZif2" + std::string(15, '\0');
  for (std::uint32_t count : {0U, 0U, 0U, 0U, 1U, 4U}) header += big_endian(count);
  const std::string data = big_endian(static_cast<std::uint32_t>(offset)) + std::string(2, '\0') + "XXX" + '\0';
  return header + data + header + data + "\n" + std::string(footer) + "\n";
}

TEST(TimeZone, BerlinSpringsForwardAtOneUtc) {
  const TimeZone berlin = Zone("Europe/Berlin");
  const sys_seconds change = At(2026y / kMarch / 29, 1h);
  EXPECT_EQ(berlin.OffsetAt(change - 1s), 1h);
  EXPECT_EQ(berlin.OffsetAt(change), 2h);
  EXPECT_EQ(berlin.LocalDate(At(2026y / kMarch / 28, 22h + 59min + 59s)), 2026y / kMarch / 28);
  EXPECT_EQ(berlin.LocalDate(At(2026y / kMarch / 28, 23h)), 2026y / kMarch / 29);
  EXPECT_EQ(berlin.EndOfLocalDay(2026y / kMarch / 28), At(2026y / kMarch / 28, 23h));
  EXPECT_EQ(berlin.EndOfLocalDay(2026y / kMarch / 29), At(2026y / kMarch / 29, 22h)) << "a day of 23 hours";
}

TEST(TimeZone, BerlinFallsBackAtOneUtc) {
  const TimeZone berlin = Zone("Europe/Berlin");
  const sys_seconds change = At(2026y / kOctober / 25, 1h);
  EXPECT_EQ(berlin.OffsetAt(change - 1s), 2h);
  EXPECT_EQ(berlin.OffsetAt(change), 1h);
  EXPECT_EQ(berlin.EndOfLocalDay(2026y / kOctober / 24), At(2026y / kOctober / 24, 22h));
  EXPECT_EQ(berlin.EndOfLocalDay(2026y / kOctober / 25), At(2026y / kOctober / 25, 23h)) << "a day of 25 hours";
  EXPECT_EQ(berlin.LocalDate(At(2026y / kOctober / 25, 22h + 59min + 59s)), 2026y / kOctober / 25);
  EXPECT_EQ(berlin.LocalDate(At(2026y / kOctober / 25, 23h)), 2026y / kOctober / 26);
}

TEST(TimeZone, KiritimatiIsFourteenHoursAheadAndSkippedADay) {
  const TimeZone kiritimati = Zone("Pacific/Kiritimati");
  EXPECT_EQ(kiritimati.OffsetAt(At(2026y / 7 / 1)), 14h);
  EXPECT_EQ(kiritimati.LocalDate(At(2026y / 7 / 1, 9h + 59min + 59s)), 2026y / 7 / 1);
  EXPECT_EQ(kiritimati.LocalDate(At(2026y / 7 / 1, 10h)), 2026y / 7 / 2);
  EXPECT_EQ(kiritimati.EndOfLocalDay(2026y / 7 / 1), At(2026y / 7 / 1, 10h));
  // 1994-12-31 never happened there: -10 until Dec 30 ended, then +14.
  const sys_seconds jump = At(1994y / 12 / 31, 10h);
  EXPECT_EQ(kiritimati.OffsetAt(jump - 1s), -10h);
  EXPECT_EQ(kiritimati.LocalDate(jump - 1s), 1994y / 12 / 30);
  EXPECT_EQ(kiritimati.LocalDate(jump), 1995y / 1 / 1);
  EXPECT_EQ(kiritimati.EndOfLocalDay(1994y / 12 / 30), jump);
  EXPECT_EQ(kiritimati.EndOfLocalDay(1994y / 12 / 31), jump) << "a skipped day ends as it begins";
}

TEST(TimeZone, StJohnsIsThreeAndAHalfHoursBehind) {
  const TimeZone st_johns = Zone("America/St_Johns");
  EXPECT_EQ(st_johns.OffsetAt(At(2026y / 1 / 15)), -(3h + 30min));
  EXPECT_EQ(st_johns.OffsetAt(At(2026y / 7 / 15)), -(2h + 30min));
  EXPECT_EQ(st_johns.LocalDate(At(2026y / 1 / 15, 3h + 29min + 59s)), 2026y / 1 / 14);
  EXPECT_EQ(st_johns.LocalDate(At(2026y / 1 / 15, 3h + 30min)), 2026y / 1 / 15);
  EXPECT_EQ(st_johns.EndOfLocalDay(2026y / 1 / 14), At(2026y / 1 / 15, 3h + 30min));
}

TEST(TimeZone, TheFooterRuleHoldsPastTheTable) {
  const TimeZone berlin = Zone("Europe/Berlin");
  EXPECT_EQ(berlin.OffsetAt(At(2200y / 7 / 1)), 2h);
  EXPECT_EQ(berlin.OffsetAt(At(2200y / 1 / 15)), 1h);
  // The last Sunday of March 2200 is the 30th: 01:00 UTC, as every year.
  EXPECT_EQ(berlin.OffsetAt(At(2200y / kMarch / 30, 1h) - 1s), 1h);
  EXPECT_EQ(berlin.OffsetAt(At(2200y / kMarch / 30, 1h)), 2h);
  EXPECT_EQ(berlin.EndOfLocalDay(2200y / kMarch / 30), At(2200y / kMarch / 30, 22h));
  EXPECT_EQ(berlin.OffsetAt(At(9999y / 7 / 1)), 2h);
  EXPECT_EQ(Zone("America/St_Johns").OffsetAt(At(2300y / 7 / 1)), -(2h + 30min));
  EXPECT_EQ(Zone("Pacific/Kiritimati").OffsetAt(At(3000y / 1 / 1)), 14h);
  // Southern hemisphere: DST from October into April, across the new year.
  const TimeZone sydney = Zone("Australia/Sydney");
  EXPECT_EQ(sydney.OffsetAt(At(2300y / 1 / 15)), 11h);
  EXPECT_EQ(sydney.OffsetAt(At(2300y / 7 / 1)), 10h);
  EXPECT_EQ(sydney.OffsetAt(At(2300y / 12 / 31)), 11h);
  // A rule with negative times (Nuuk: DST from Saturday 22:00 local).
  const TimeZone nuuk = Zone("America/Nuuk");
  EXPECT_EQ(nuuk.OffsetAt(At(2300y / 7 / 1)), -1h);
  EXPECT_EQ(nuuk.OffsetAt(At(2300y / 1 / 1)), -2h);
}

TEST(TimeZone, UtcNeedsNoFile) {
  const TimeZone utc = Zone("UTC");
  EXPECT_EQ(utc.name(), "UTC");
  EXPECT_EQ(utc.OffsetAt(At(2026y / 7 / 1)), 0s);
  EXPECT_EQ(utc.LocalDate(At(2026y / 2 / 28, 23h + 59min + 59s)), 2026y / 2 / 28);
  EXPECT_EQ(utc.EndOfLocalDay(2026y / 2 / 28), At(2026y / kMarch / 1));
  EXPECT_EQ(utc.EndOfLocalDay(2028y / 2 / 28), At(2028y / 2 / 29));
  EXPECT_TRUE(TimeZone::Load("UTC", "/nonexistent").ok());
  EXPECT_EQ(Zone("Etc/UTC").OffsetAt(At(2026y / 7 / 1)), 0s);
}

TEST(TimeZone, FootersOfEveryForm) {
  // DST all year: it ends (Dec 31, 25:00 DST) as the next year's begins.
  const auto all_year = TimeZone::Parse("x", MinimalTzif(-5 * 3600, "EST5EDT,0/0,J365/25"));
  ASSERT_TRUE(all_year.ok()) << all_year.error().ToString();
  for (int year : {2030, 2031, 2032}) {
    for (unsigned month : {1U, 6U, 12U}) {
      EXPECT_EQ(all_year->OffsetAt(At(std::chrono::year(year) / month / 1)), -4h) << year << "-" << month;
    }
    EXPECT_EQ(all_year->OffsetAt(At(std::chrono::year(year) / 12 / 31, 23h + 59min)), -4h) << year;
  }
  const auto julian = TimeZone::Parse("x", MinimalTzif(0, "AAA0BBB-2,J60/1:30,300"));
  ASSERT_TRUE(julian.ok());
  // J60 is March 1 in every year; 300 (zero-based) is Oct 27 in 2028 (leap), Oct 28 in 2027.
  EXPECT_EQ(julian->OffsetAt(At(2028y / kMarch / 1, 1h + 29min + 59s)), 0s);
  EXPECT_EQ(julian->OffsetAt(At(2028y / kMarch / 1, 1h + 30min)), 2h);
  EXPECT_EQ(julian->OffsetAt(At(2028y / kOctober / 26, 23h + 59min)), 2h) << "02:00 local is 00:00 UTC";
  EXPECT_EQ(julian->OffsetAt(At(2028y / kOctober / 27)), 0s);
  EXPECT_EQ(julian->OffsetAt(At(2027y / kOctober / 27, 23h)), 2h);
  const auto quoted = TimeZone::Parse("x", MinimalTzif(12600, "<+0330>-3:30"));
  ASSERT_TRUE(quoted.ok());
  EXPECT_EQ(quoted->OffsetAt(At(2300y / 1 / 1)), 3h + 30min);
  const auto none = TimeZone::Parse("x", MinimalTzif(3600, ""));
  ASSERT_TRUE(none.ok()) << "an empty footer: the last offset stays";
  EXPECT_EQ(none->OffsetAt(At(2300y / 1 / 1)), 1h);
  for (std::string_view footer :
       {"AB0", "CET", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,J0,J365",
        "CET-1CEST,M3.5.0/168,M10.5.0", "CET-25", "<+03-3", "CET-1 "}) {
    EXPECT_FALSE(TimeZone::Parse("x", MinimalTzif(0, footer)).ok()) << footer;
  }
}

TEST(TimeZone, AMalformedFileIsAnErrorNotACrash) {
  const std::string berlin = ZoneFile("Europe/Berlin");
  ASSERT_GT(berlin.size(), 1000U);
  for (std::size_t length = 0; length < berlin.size() - 1; ++length) {
    const auto truncated = TimeZone::Parse("Europe/Berlin", berlin.substr(0, length));
    ASSERT_FALSE(truncated.ok()) << length;
    EXPECT_EQ(truncated.error().code, core::ErrorCode::kBadInput);
  }
  std::string version_1 = berlin;
  version_1[4] = '\0';
  EXPECT_FALSE(TimeZone::Parse("x", version_1).ok());
  std::string no_magic = berlin;
  no_magic[0] = 'X';
  EXPECT_FALSE(TimeZone::Parse("x", no_magic).ok());
  std::string huge_count = MinimalTzif(0, "UTC0");
  huge_count[32] = '\x7f';  // timecnt of the first header
  EXPECT_FALSE(TimeZone::Parse("x", huge_count).ok());
  std::string no_types = MinimalTzif(0, "UTC0");
  no_types[39] = '\0';  // typecnt 0
  EXPECT_FALSE(TimeZone::Parse("x", no_types).ok());
  EXPECT_FALSE(TimeZone::Parse("x", MinimalTzif(100000, "UTC0")).ok()) << "an offset beyond 26 h";
  EXPECT_FALSE(TimeZone::Load("right/Europe/Berlin").ok()) << "leap seconds";
}

TEST(TimeZone, RefusesNamesThatAreNoZoneNames) {
  for (std::string_view name : {"", "../../etc/passwd", "/etc/passwd", "Europe/../UTC", "Europe//Berlin",
                                "Europe/Berlin/", "./UTC", "Europe/Ber lin", "Europe\\Berlin", "-x", "Europe"}) {
    const auto refused = TimeZone::Load(name);
    ASSERT_FALSE(refused.ok()) << name;
    EXPECT_EQ(refused.error().code, core::ErrorCode::kBadInput) << name;
  }
  const auto nowhere = TimeZone::Load("Nowhere/Zone");
  ASSERT_FALSE(nowhere.ok());
  EXPECT_NE(nowhere.error().message.find("Nowhere/Zone"), std::string::npos);
  EXPECT_NE(nowhere.error().message.find("tzdata"), std::string::npos);
}

}  // namespace
}  // namespace supeval::io
