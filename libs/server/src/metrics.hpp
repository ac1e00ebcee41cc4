// Request metrics for `serve --metrics-listen` (API.md, "Deployment and
// serving"): requests counted by route pattern (`/api/v1/suppliers/{id}`,
// never the path, so that the number of series stays bounded; `none` for a
// request no route matched), method and status, and a latency histogram by
// route pattern, written in the Prometheus text format (version 0.0.4).
// Thread-safety: Record and Render may be called from several threads at once.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace supeval::server {

class Metrics {
 public:
  void Record(std::string_view route, std::string_view method, unsigned status,
              std::chrono::steady_clock::duration duration);
  [[nodiscard]] std::string Render() const;

 private:
  // Upper bounds of the latency buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5,   10.0};
  struct Latency {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // per bucket, not cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, unsigned>, std::uint64_t> requests_;
  std::map<std::string, Latency> latency_;
};

}  // namespace supeval::server
