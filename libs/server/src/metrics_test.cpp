// The Prometheus text of the request metrics.
#include "metrics.hpp"

#include <gtest/gtest.h>

namespace supeval::server {
namespace {

using std::chrono::milliseconds;

TEST(Metrics, CountsByRouteMethodAndStatus) {
  Metrics metrics;
  metrics.Record("/api/v1/suppliers/{id}", "GET", 200, milliseconds(3));
  metrics.Record("/api/v1/suppliers/{id}", "GET", 200, milliseconds(30));
  metrics.Record("/api/v1/suppliers/{id}", "GET", 404, milliseconds(1));
  metrics.Record("none", "POST", 404, milliseconds(1));
  const std::string text = metrics.Render();
  EXPECT_NE(text.find("# TYPE supeval_http_requests_total counter\n"), std::string::npos);
  EXPECT_NE(
      text.find("supeval_http_requests_total{route=\"/api/v1/suppliers/{id}\",method=\"GET\",status=\"200\"} 2\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("supeval_http_requests_total{route=\"/api/v1/suppliers/{id}\",method=\"GET\",status=\"404\"} 1\n"),
      std::string::npos);
  EXPECT_NE(text.find("supeval_http_requests_total{route=\"none\",method=\"POST\",status=\"404\"} 1\n"),
            std::string::npos);
}

TEST(Metrics, TheHistogramIsCumulativeAtTheBucketEdges) {
  Metrics metrics;
  metrics.Record("/healthz", "GET", 200, milliseconds(1));           // exactly the first bound: in it
  metrics.Record("/healthz", "GET", 200, milliseconds(2));           // in 0.0025
  metrics.Record("/healthz", "GET", 200, std::chrono::seconds(11));  // beyond the last bound
  const std::string text = metrics.Render();
  const std::string prefix = "supeval_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"";
  EXPECT_NE(text.find(prefix + "0.001\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find(prefix + "0.0025\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find(prefix + "10\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find(prefix + "+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("supeval_http_request_duration_seconds_count{route=\"/healthz\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("supeval_http_request_duration_seconds_sum{route=\"/healthz\"} 11.003"), std::string::npos);
}

TEST(Metrics, EscapesLabelValues) {
  Metrics metrics;
  metrics.Record("a\"b\\c\nd", "GET", 200, milliseconds(1));
  EXPECT_NE(metrics.Render().find("route=\"a\\\"b\\\\c\\nd\""), std::string::npos);
}

}  // namespace
}  // namespace supeval::server
