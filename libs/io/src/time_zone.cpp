// TZif files (RFC 8536) and their POSIX TZ footer: the offsets of a zone at
// any instant, the local day of an instant, and the instant a day ends.
#include "supeval/io/time_zone.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <limits>
#include <system_error>

namespace supeval::io {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr std::int64_t kSecondsPerDay = 86400;
constexpr std::int64_t kSecondsPerHour = 3600;
constexpr std::int64_t kEarliest = std::numeric_limits<std::int64_t>::min();
// The instants calendar arithmetic is done for: years 1..9999 (beyond them
// the footer's rule of the nearest such year holds).
constexpr std::int64_t kFirstCalendarSecond = -62135596800;  // 0001-01-01T00:00:00Z
constexpr std::int64_t kLastCalendarSecond = 253402300799;   // 9999-12-31T23:59:59Z
constexpr std::size_t kMaxFileBytes = 1024 * 1024;
constexpr std::size_t kMaxNameLength = 255;
// RFC 8536, 3.2: a local time type's offset lies within -89999..93599.
constexpr std::int32_t kMinOffset = -89999;
constexpr std::int32_t kMaxOffset = 93599;
// RFC 8536, 3.3.1: a footer's rule times may reach 167 hours either way.
constexpr int kMaxRuleHours = 167;
constexpr int kMaxOffsetHours = 24;
// A zone's days end within this much of UTC midnight (offsets under 26 h).
constexpr std::int64_t kDayEndWindow = 3 * kSecondsPerDay;

core::Error Malformed(std::string_view name, std::string_view why) {
  return core::BadInput("time zone " + std::string(name) + ": not a valid TZif file (" + std::string(why) + ")");
}

// Big-endian reads over the file's bytes, refusing to pass its end.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
  bool Skip(std::uint64_t count) {
    if (count > bytes_.size() - at_) return false;
    at_ += count;
    return true;
  }
  bool Bytes(std::size_t count, std::string_view& out) {
    if (count > bytes_.size() - at_) return false;
    out = bytes_.substr(at_, count);
    at_ += count;
    return true;
  }
  template <typename Integer>
  bool BigEndian(Integer& out) {
    std::string_view raw;
    if (!Bytes(sizeof(Integer), raw)) return false;
    std::uint64_t value = 0;
    for (char c : raw) value = (value << 8) | static_cast<unsigned char>(c);
    out = static_cast<Integer>(value);
    return true;
  }
  [[nodiscard]] std::string_view Rest() const { return bytes_.substr(at_); }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
};

// A TZif header (RFC 8536, 3.1).
struct Header {
  char version = 0;
  std::uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

bool ReadHeader(ByteReader& reader, Header& header) {
  std::string_view magic;
  std::string_view version;
  constexpr std::size_t kReserved = 15;
  if (!reader.Bytes(4, magic) || magic != "TZif" || !reader.Bytes(1, version) || !reader.Skip(kReserved)) return false;
  header.version = version[0];
  return reader.BigEndian(header.isutcnt) && reader.BigEndian(header.isstdcnt) && reader.BigEndian(header.leapcnt) &&
         reader.BigEndian(header.timecnt) && reader.BigEndian(header.typecnt) && reader.BigEndian(header.charcnt);
}

// The size of a data block whose transition times take `time_size` bytes.
std::uint64_t DataSize(const Header& header, std::uint64_t time_size) {
  constexpr std::uint64_t kTypeSize = 6;
  return std::uint64_t{header.timecnt} * (time_size + 1) + std::uint64_t{header.typecnt} * kTypeSize + header.charcnt +
         std::uint64_t{header.leapcnt} * (time_size + 4) + header.isstdcnt + header.isutcnt;
}

// ---- The POSIX TZ string of the footer (RFC 8536, 3.3) ----

class PosixReader {
 public:
  explicit PosixReader(std::string_view text) : text_(text) {}
  [[nodiscard]] bool AtEnd() const { return at_ == text_.size(); }
  [[nodiscard]] bool Peek(char c) const { return at_ < text_.size() && text_[at_] == c; }
  bool Take(char c) {
    if (!Peek(c)) return false;
    ++at_;
    return true;
  }
  // A zone abbreviation: three or more letters, or <...> of letters, digits, + and -.
  bool Name() {
    const std::size_t start = at_;
    if (Take('<')) {
      while (at_ < text_.size() && (std::isalnum(Byte()) != 0 || Peek('+') || Peek('-'))) ++at_;
      return at_ - start - 1 >= 3 && Take('>');
    }
    while (at_ < text_.size() && std::isalpha(Byte()) != 0) ++at_;
    return at_ - start >= 3;
  }
  [[nodiscard]] bool StartsName() const { return at_ < text_.size() && (std::isalpha(Byte()) != 0 || Peek('<')); }
  // [+-]hh[:mm[:ss]], hours at most `max_hours`: seconds.
  bool Time(int max_hours, std::int32_t& seconds) {
    const int sign = Take('-') ? -1 : (Take('+'), 1);
    int hours = 0;
    int minutes = 0;
    int rest = 0;
    if (!Number(0, max_hours, hours)) return false;
    if (Take(':') && (!Number(0, 59, minutes) || (Take(':') && !Number(0, 59, rest)))) return false;
    seconds = sign * static_cast<std::int32_t>(hours * kSecondsPerHour + minutes * 60 + rest);
    return true;
  }
  bool Number(int low, int high, int& value) {
    const std::size_t start = at_;
    value = 0;
    while (at_ < text_.size() && std::isdigit(Byte()) != 0 && at_ - start < 3)
      value = value * 10 + (text_[at_++] - '0');
    return at_ > start && value >= low && value <= high;
  }

 private:
  [[nodiscard]] unsigned char Byte() const { return static_cast<unsigned char>(text_[at_]); }
  std::string_view text_;
  std::size_t at_ = 0;
};

bool ReadRuleDay(PosixReader& reader, TimeZone::RuleDay& day) {
  using Kind = TimeZone::RuleDay::Kind;
  bool read = false;
  if (reader.Take('J')) {
    day.kind = Kind::kJulian;
    read = reader.Number(1, 365, day.value);
  } else if (reader.Take('M')) {
    day.kind = Kind::kMonthWeekDay;
    read = reader.Number(1, 12, day.month) && reader.Take('.') && reader.Number(1, 5, day.week) && reader.Take('.') &&
           reader.Number(0, 6, day.weekday);
  } else {
    day.kind = Kind::kZeroBased;
    read = reader.Number(0, 365, day.value);
  }
  if (!read) return false;
  day.time = 2 * kSecondsPerHour;
  return !reader.Take('/') || reader.Time(kMaxRuleHours, day.time);
}

// POSIX offsets count west of Greenwich as positive: local - UTC is its negation.
bool ReadOffset(PosixReader& reader, std::int32_t& offset) {
  std::int32_t west = 0;
  if (!reader.Time(kMaxOffsetHours, west)) return false;
  offset = -west;
  return true;
}

std::optional<TimeZone::PosixRule> ParsePosixRule(std::string_view text) {
  PosixReader reader(text);
  TimeZone::PosixRule rule;
  if (!reader.Name() || !ReadOffset(reader, rule.standard)) return std::nullopt;
  if (reader.AtEnd()) return rule;
  if (!reader.StartsName() || !reader.Name()) return std::nullopt;
  rule.daylight = rule.standard + static_cast<std::int32_t>(kSecondsPerHour);
  if (!reader.Peek(',') && !reader.AtEnd() && !ReadOffset(reader, *rule.daylight)) return std::nullopt;
  if (reader.AtEnd()) {
    // POSIX leaves the days to the implementation: glibc's (the US rule).
    rule.start = {TimeZone::RuleDay::Kind::kMonthWeekDay, 0, 3, 2, 0, 2 * kSecondsPerHour};
    rule.end = {TimeZone::RuleDay::Kind::kMonthWeekDay, 0, 11, 1, 0, 2 * kSecondsPerHour};
    return rule;
  }
  if (!reader.Take(',') || !ReadRuleDay(reader, rule.start) || !reader.Take(',') || !ReadRuleDay(reader, rule.end) ||
      !reader.AtEnd()) {
    return std::nullopt;
  }
  return rule;
}

// The first second of the day `day` of a rule falls on in `year` (UTC-based count).
std::int64_t RuleDaySeconds(std::chrono::year year, const TimeZone::RuleDay& day) {
  using Kind = TimeZone::RuleDay::Kind;
  const sys_days january_first{year / std::chrono::January / 1};
  sys_days date = january_first;
  switch (day.kind) {
    case Kind::kJulian:
      date += days(day.value - 1 + (year.is_leap() && day.value >= 60 ? 1 : 0));
      break;
    case Kind::kZeroBased:
      date += days(day.value);
      break;
    case Kind::kMonthWeekDay: {
      const std::chrono::month month(static_cast<unsigned>(day.month));
      const sys_days first{year / month / 1};
      const unsigned first_weekday = std::chrono::weekday(first).c_encoding();
      unsigned day_of_month =
          1 + (static_cast<unsigned>(day.weekday) + 7 - first_weekday) % 7 + static_cast<unsigned>(day.week - 1) * 7;
      const unsigned last = static_cast<unsigned>(year_month_day(year / month / std::chrono::last).day());
      while (day_of_month > last) day_of_month -= 7;
      date = sys_days{year / month / std::chrono::day(day_of_month)};
      break;
    }
  }
  return static_cast<std::int64_t>(date.time_since_epoch().count()) * kSecondsPerDay + day.time;
}

std::chrono::year YearOf(std::int64_t seconds) {
  const std::int64_t clamped = std::clamp(seconds, kFirstCalendarSecond, kLastCalendarSecond);
  const std::int64_t day = clamped >= 0 ? clamped / kSecondsPerDay : (clamped - kSecondsPerDay + 1) / kSecondsPerDay;
  return year_month_day(sys_days(days(day))).year();
}

// Whether `name` may name a zone file under the zone folder.
bool IsZoneName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength || name.front() == '/' || name.back() == '/') return false;
  const auto allowed = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '+' || c == '-' || c == '/';
  };
  if (!std::all_of(name.begin(), name.end(), allowed)) return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    const std::string_view segment = name.substr(start, end - start);
    if (segment.empty() || segment.front() == '-') return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

TimeZone TimeZone::Utc() {
  TimeZone zone;
  zone.name_ = "UTC";
  return zone;
}

core::Result<TimeZone> TimeZone::Load(std::string_view name, const std::filesystem::path& folder) {
  if (name == "UTC") return Utc();
  if (!IsZoneName(name)) {
    return core::BadInput("'" + std::string(name) +
                          "' is no time zone name (such as UTC or Europe/Berlin: letters, digits, _ + - and /)");
  }
  const std::filesystem::path path = folder / std::string(name);
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return core::BadInput("'" + std::string(name) + "' is no time zone of " + folder.string() +
                          " (such as UTC or Europe/Berlin; Debian's package tzdata has them)");
  }
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxFileBytes) return Malformed(name, "larger than 1 MiB");
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(error ? 0 : size), '\0');
  if (error || !in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    return core::BadInput("time zone " + std::string(name) + ": cannot read " + path.string());
  }
  return Parse(name, bytes);
}

core::Result<TimeZone> TimeZone::Parse(std::string_view name, std::string_view tzif) {
  ByteReader reader(tzif);
  Header first;
  if (!ReadHeader(reader, first)) return Malformed(name, "no TZif header");
  if (first.version < '2') return Malformed(name, "version 1, without 64-bit times");
  if (!reader.Skip(DataSize(first, 4))) return Malformed(name, "truncated");
  Header header;
  if (!ReadHeader(reader, header)) return Malformed(name, "no second TZif header");
  if (header.typecnt == 0 || header.charcnt == 0 || (header.isutcnt != 0 && header.isutcnt != header.typecnt) ||
      (header.isstdcnt != 0 && header.isstdcnt != header.typecnt)) {
    return Malformed(name, "counts out of range");
  }
  if (header.leapcnt != 0) return Malformed(name, "leap seconds (a right/ zone) are not supported");
  if (DataSize(header, 8) > reader.Rest().size()) return Malformed(name, "truncated");

  std::vector<std::int64_t> times(header.timecnt);
  for (std::int64_t& time : times) (void)reader.BigEndian(time);
  std::vector<std::uint8_t> indices(header.timecnt);
  for (std::uint8_t& index : indices) (void)reader.BigEndian(index);
  std::vector<std::int32_t> offsets(header.typecnt);
  for (std::int32_t& offset : offsets) {
    std::uint8_t is_dst = 0;
    std::uint8_t designation = 0;
    (void)reader.BigEndian(offset);
    (void)reader.BigEndian(is_dst);
    (void)reader.BigEndian(designation);
    if (offset < kMinOffset || offset > kMaxOffset || is_dst > 1 || designation >= header.charcnt) {
      return Malformed(name, "a local time type out of range");
    }
  }
  (void)reader.Skip(std::uint64_t{header.charcnt} + header.isstdcnt + header.isutcnt);

  TimeZone zone;
  zone.name_ = std::string(name);
  zone.initial_offset_ = offsets.front();
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (indices[i] >= offsets.size()) return Malformed(name, "a transition names no local time type");
    if (i > 0 && times[i] <= times[i - 1]) return Malformed(name, "transitions out of order");
    zone.transitions_.push_back({times[i], offsets[indices[i]]});
  }
  const std::string_view rest = reader.Rest();
  const std::size_t footer_end = rest.find('\n', 1);
  if (rest.empty() || rest.front() != '\n' || footer_end == std::string_view::npos) {
    return Malformed(name, "no footer");
  }
  const std::string_view footer = rest.substr(1, footer_end - 1);
  if (!footer.empty()) {
    zone.rule_ = ParsePosixRule(footer);
    if (!zone.rule_) return Malformed(name, "a footer that is no POSIX TZ string");
  }
  return zone;
}

std::vector<TimeZone::Change> TimeZone::RuleChanges(std::int64_t from, std::int64_t to) const {
  std::vector<Change> changes;
  if (!rule_->daylight) return {{kEarliest, rule_->standard}};
  const int first = static_cast<int>(YearOf(from)) - 1;
  const int last = static_cast<int>(YearOf(to)) + 1;
  for (int year = first; year <= last; ++year) {
    const std::chrono::year calendar_year(year);
    changes.push_back({RuleDaySeconds(calendar_year, rule_->start) - rule_->standard, *rule_->daylight});
    changes.push_back({RuleDaySeconds(calendar_year, rule_->end) - *rule_->daylight, rule_->standard});
  }
  // A DST that ends as the next year's begins (all year DST) stays DST.
  std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) { return a.at < b.at; });
  return changes;
}

std::vector<TimeZone::Change> TimeZone::ChangesBetween(std::int64_t from, std::int64_t to) const {
  std::vector<Change> changes;
  const auto later = std::upper_bound(transitions_.begin(), transitions_.end(), from,
                                      [](std::int64_t instant, const Change& change) { return instant < change.at; });
  changes.push_back(later == transitions_.begin() ? Change{kEarliest, initial_offset_} : *std::prev(later));
  for (auto next = later; next != transitions_.end() && next->at <= to; ++next) changes.push_back(*next);
  const std::int64_t table_end = transitions_.empty() ? kEarliest : transitions_.back().at;
  if (!rule_ || to <= table_end) return changes;
  for (const Change& change : RuleChanges(std::max(from, table_end), to)) {
    if (change.at <= table_end || change.at > to) continue;
    if (change.at <= from) {
      changes.front() = change;
    } else {
      changes.push_back(change);
    }
  }
  return changes;
}

std::chrono::seconds TimeZone::OffsetAt(std::chrono::sys_seconds instant) const {
  const std::int64_t at = instant.time_since_epoch().count();
  return std::chrono::seconds(ChangesBetween(at, at).front().offset);
}

year_month_day TimeZone::LocalDate(std::chrono::sys_seconds instant) const {
  const auto local = instant + OffsetAt(instant);
  return year_month_day(std::chrono::floor<days>(local));
}

std::chrono::sys_seconds TimeZone::EndOfLocalDay(year_month_day date) const {
  // The first instant whose local time reaches the next day's midnight:
  // in each stretch of one offset, the later of its start and that
  // midnight less the offset, if the stretch lasts that long.
  const std::int64_t midnight =
      std::chrono::duration_cast<std::chrono::seconds>((sys_days(date) + days(1)).time_since_epoch()).count();
  const std::vector<Change> changes = ChangesBetween(midnight - kDayEndWindow, midnight + kDayEndWindow);
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const std::int64_t start = std::max(changes[i].at, midnight - changes[i].offset);
    if (i + 1 == changes.size() || start < changes[i + 1].at)
      return std::chrono::sys_seconds(std::chrono::seconds(start));
  }
  return std::chrono::sys_seconds(std::chrono::seconds(midnight));  // not reached: the last stretch has no end
}

}  // namespace supeval::io
