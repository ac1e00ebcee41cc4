// Durations, sizes and listen addresses of `supeval serve`, at their edges.
#include "serve_options.hpp"

#include <gtest/gtest.h>

namespace supeval::cli {
namespace {

TEST(ParseDuration, ReadsSecondsMinutesHours) {
  EXPECT_EQ(*ParseDuration("90s", "--x"), std::chrono::seconds(90));
  EXPECT_EQ(*ParseDuration("30m", "--x"), std::chrono::minutes(30));
  EXPECT_EQ(*ParseDuration("12h", "--x"), std::chrono::hours(12));
  EXPECT_EQ(*ParseDuration("1s", "--x"), std::chrono::seconds(1));
  EXPECT_EQ(*ParseDuration("8784h", "--x"), std::chrono::hours(8784));
}

TEST(ParseDuration, RefusesOtherFormsNamingTheOption) {
  for (const char* text : {"", "90", "0s", "-5s", "1.5h", "10 s", "10d", "s", "8785h", "99999999999999999999s"}) {
    const auto parsed = ParseDuration(text, "--session-idle");
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code, core::ErrorCode::kBadInput);
    EXPECT_NE(parsed.error().message.find("--session-idle"), std::string::npos);
    EXPECT_NE(parsed.error().message.find("90s"), std::string::npos);
  }
}

TEST(ParseSize, ReadsBytesAndBinaryUnits) {
  EXPECT_EQ(*ParseSize("1", "--x"), 1U);
  EXPECT_EQ(*ParseSize("1048576", "--x"), 1048576U);
  EXPECT_EQ(*ParseSize("16KiB", "--x"), 16U * 1024);
  EXPECT_EQ(*ParseSize("1MiB", "--x"), 1024U * 1024);
  EXPECT_EQ(*ParseSize("2GiB", "--x"), 2ULL * 1024 * 1024 * 1024);
}

TEST(ParseSize, RefusesOtherForms) {
  for (const char* text : {"", "0", "0MiB", "1MB", "1mib", "1 MiB", "1.5MiB", "-1", "MiB", "17179869184GiB"}) {
    const auto parsed = ParseSize(text, "--max-body");
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_NE(parsed.error().message.find("--max-body"), std::string::npos);
  }
}

TEST(ParseListenAddress, ReadsHostAndPort) {
  const auto v4 = ParseListenAddress("127.0.0.1:8080");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 8080);
  const auto v6 = ParseListenAddress("[::1]:0");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  EXPECT_EQ(ParseListenAddress("localhost:65535")->port, 65535);
}

TEST(ParseListenAddress, RefusesMalformedAddresses) {
  for (const char* text : {"8080", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", "::1:80", "[::1:80",
                           "example.org:80", "1.2.3:80"}) {
    EXPECT_FALSE(ParseListenAddress(text).ok()) << text;
  }
}

TEST(IsLoopback, KnowsLoopbackAddresses) {
  EXPECT_TRUE(IsLoopback("127.0.0.1"));
  EXPECT_TRUE(IsLoopback("127.255.0.9"));
  EXPECT_TRUE(IsLoopback("::1"));
  EXPECT_TRUE(IsLoopback("localhost"));
  EXPECT_FALSE(IsLoopback("0.0.0.0"));
  EXPECT_FALSE(IsLoopback("::"));
  EXPECT_FALSE(IsLoopback("192.168.1.4"));
}

}  // namespace
}  // namespace supeval::cli
