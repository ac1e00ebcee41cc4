// The request log (API.md, "Deployment and serving"): one line per request,
// `time method path status duration_ms user address request_id`, `-` for an
// empty field, control characters escaped so that a path cannot forge a line.
// Never a cookie, token, password or CSRF token: none of them is a field.
// Thread-safety: Write may be called from several threads at once.
#pragma once

#include <chrono>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

namespace supeval::server {

struct RequestLogEntry {
  std::string_view method;
  std::string_view target;  // the path with its query
  unsigned status = 0;
  std::chrono::steady_clock::duration duration{};
  std::string_view user;
  std::string_view address;
  std::string_view request_id;
};

// The line for `entry` at `now`, without its line end.
[[nodiscard]] std::string FormatRequestLogLine(const RequestLogEntry& entry, std::chrono::system_clock::time_point now);
// The security log's line (API.md): `time security event` and then the
// request's fields, `user` being whom the event concerns.
[[nodiscard]] std::string FormatSecurityLogLine(std::string_view event, const RequestLogEntry& entry,
                                                std::chrono::system_clock::time_point now);

class RequestLog {
 public:
  explicit RequestLog(std::ostream& out) : out_(out) {}
  void Write(const RequestLogEntry& entry);
  void WriteSecurity(std::string_view event, const RequestLogEntry& entry);
  // Another line (an internal error, the server starting or stopping).
  void Note(std::string_view text);

 private:
  void Put(const std::string& line);

  std::mutex mutex_;
  std::ostream& out_;
};

}  // namespace supeval::server
