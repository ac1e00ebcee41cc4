// Request log lines.
#include "request_log.hpp"

#include <cstdio>
#include <ctime>

#include "supeval/core/printable.hpp"

namespace supeval::server {
namespace {

// A field: escaped, spaces too (they separate fields), "-" when empty.
std::string LogField(std::string_view text) {
  if (text.empty()) return "-";
  std::string field = core::Printable(text);
  std::string escaped;
  for (char c : field) {
    if (c == ' ') {
      escaped += "\\x20";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string Timestamp(std::chrono::system_clock::time_point now) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace

std::string FormatRequestLogLine(const RequestLogEntry& entry, std::chrono::system_clock::time_point now) {
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.3f", std::chrono::duration<double, std::milli>(entry.duration).count());
  return Timestamp(now) + ' ' + LogField(entry.method) + ' ' + LogField(entry.target) + ' ' +
         std::to_string(entry.status) + ' ' + duration + ' ' + LogField(entry.user) + ' ' + LogField(entry.address) +
         ' ' + LogField(entry.request_id);
}

std::string FormatSecurityLogLine(std::string_view event, const RequestLogEntry& entry,
                                  std::chrono::system_clock::time_point now) {
  return Timestamp(now) + " security " + LogField(event) + ' ' + LogField(entry.method) + ' ' + LogField(entry.target) +
         ' ' + std::to_string(entry.status) + ' ' + LogField(entry.user) + ' ' + LogField(entry.address) + ' ' +
         LogField(entry.request_id);
}

void RequestLog::Write(const RequestLogEntry& entry) {
  Put(FormatRequestLogLine(entry, std::chrono::system_clock::now()));
}

void RequestLog::WriteSecurity(std::string_view event, const RequestLogEntry& entry) {
  Put(FormatSecurityLogLine(event, entry, std::chrono::system_clock::now()));
}

void RequestLog::Put(const std::string& line) {
  const std::lock_guard lock(mutex_);
  out_ << line << '\n' << std::flush;
}

void RequestLog::Note(std::string_view text) { Put("supeval: " + core::Printable(text)); }

}  // namespace supeval::server
