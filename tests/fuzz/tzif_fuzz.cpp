// Fuzz target: the TZif reader of `serve --timezone` (io::TimeZone::Parse,
// RFC 8536 with its POSIX TZ footer).
// Input: any bytes as a zone file.
// Proves, for every input: no crash, no UB, no escaping exception; a refused
// file is kBadInput; for an accepted zone, at instants from 1850 to 2500
// (inside and past any table), the offset stays within 26 hours, the local
// date is the UTC date of the instant plus its offset, and the end of that
// date is an instant on a later local day whose previous second is not.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "supeval/io/time_zone.hpp"

namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;
using std::chrono::sys_seconds;

constexpr std::chrono::seconds kMostOffset = 26h;
constexpr std::array<int, 9> kYears = {1850, 1900, 1970, 2000, 2026, 2037, 2038, 2100, 2500};
constexpr std::array<unsigned, 4> kMonths = {1, 3, 7, 10};
constexpr std::array<unsigned, 2> kDays = {1, 28};
constexpr std::array<std::chrono::hours, 2> kHours = {0h, 23h};

void CheckAt(const supeval::io::TimeZone& zone, sys_seconds instant) {
  const std::chrono::seconds offset = zone.OffsetAt(instant);
  SUPEVAL_FUZZ_CHECK(offset <= kMostOffset && offset >= -kMostOffset, "an offset beyond 26 hours");
  const auto date = zone.LocalDate(instant);
  SUPEVAL_FUZZ_CHECK(sys_days(date) == std::chrono::floor<std::chrono::days>(instant + offset),
                     "the local date is not the date of the instant plus its offset");
  const sys_seconds end = zone.EndOfLocalDay(date);
  SUPEVAL_FUZZ_CHECK(zone.LocalDate(end) > date, "a day ends on itself");
  SUPEVAL_FUZZ_CHECK(zone.LocalDate(end - 1s) <= date, "a day ends after the next one began");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto zone = supeval::io::TimeZone::Parse("fuzz", input);
  if (!zone.ok()) {
    SUPEVAL_FUZZ_CHECK(zone.error().code == supeval::core::ErrorCode::kBadInput, "a refusal that is not kBadInput");
    return 0;
  }
  for (const int year : kYears) {
    for (const unsigned month : kMonths) {
      for (const unsigned day : kDays) {
        for (const std::chrono::hours hour : kHours) {
          CheckAt(*zone, sys_days(std::chrono::year(year) / month / day) + hour);
        }
      }
    }
  }
  return 0;
}
