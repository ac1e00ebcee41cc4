// Counting requests and writing them as Prometheus text.
#include "metrics.hpp"

#include <cstdio>

namespace supeval::server {
namespace {

// A label value: backslash, double quote and line feed escaped.
std::string LabelValue(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (c == '\\' || c == '"') escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return escaped;
}

std::string Number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

}  // namespace

void Metrics::Record(std::string_view route, std::string_view method, unsigned status,
                     std::chrono::steady_clock::duration duration) {
  const double seconds = std::chrono::duration<double>(duration).count();
  const std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), std::string(method), status}];
  Latency& latency = latency_[std::string(route)];
  ++latency.count;
  latency.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++latency.buckets[i];
      break;
    }
  }
}

std::string Metrics::Render() const {
  const std::lock_guard lock(mutex_);
  std::string text =
      "# HELP supeval_http_requests_total Requests answered, by route pattern, method and status.\n"
      "# TYPE supeval_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    text += "supeval_http_requests_total{route=\"" + LabelValue(route) + "\",method=\"" + LabelValue(method) +
            "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(count) + "\n";
  }
  text +=
      "# HELP supeval_http_request_duration_seconds Time from a request's first byte to its answer written.\n"
      "# TYPE supeval_http_request_duration_seconds histogram\n";
  for (const auto& [route, latency] : latency_) {
    const std::string label = "route=\"" + LabelValue(route) + "\"";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += latency.buckets[i];
      text += "supeval_http_request_duration_seconds_bucket{" + label + ",le=\"" + Number(kBuckets[i]) + "\"} " +
              std::to_string(cumulative) + "\n";
    }
    text += "supeval_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " + std::to_string(latency.count) +
            "\n";
    text += "supeval_http_request_duration_seconds_sum{" + label + "} " + Number(latency.sum) + "\n";
    text += "supeval_http_request_duration_seconds_count{" + label + "} " + std::to_string(latency.count) + "\n";
  }
  return text;
}

}  // namespace supeval::server
