// The request-alone checks and the request log's line format.
#include "request_checks.hpp"

#include <gtest/gtest.h>

#include "request_log.hpp"

namespace supeval::server {
namespace {

TEST(CookieValue, FindsTheNamedCookieOnly) {
  EXPECT_EQ(CookieValue("a=1; supeval=abc; b=2", "supeval"), "abc");
  EXPECT_EQ(CookieValue("supeval=abc", "supeval"), "abc");
  EXPECT_EQ(CookieValue("xsupeval=abc", "supeval"), std::nullopt);
  EXPECT_EQ(CookieValue("__Host-supeval=h; supeval=p", "__Host-supeval"), "h");
  EXPECT_EQ(CookieValue("", "supeval"), std::nullopt);
}

TEST(BearerToken, ReadsTheBearerSchemeOnly) {
  EXPECT_EQ(BearerToken("Bearer supeval_abc"), "supeval_abc");
  EXPECT_EQ(BearerToken("bearer  x "), "x");
  EXPECT_EQ(BearerToken("Basic eDp5"), std::nullopt);
  EXPECT_EQ(BearerToken("Bearer "), std::nullopt);
  EXPECT_EQ(BearerToken("Bearer"), std::nullopt);
}

TEST(ConstantTimeEquals, ComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
}

TEST(IsCrossOrigin, ComparesSchemeAndHost) {
  EXPECT_FALSE(IsCrossOrigin(std::nullopt, std::nullopt, "http", "h:1"));
  EXPECT_FALSE(IsCrossOrigin("http://h:1", std::nullopt, "http", "h:1"));
  EXPECT_FALSE(IsCrossOrigin("HTTP://H:1", "same-origin", "http", "h:1"));
  EXPECT_TRUE(IsCrossOrigin("https://h:1", std::nullopt, "http", "h:1"));
  EXPECT_TRUE(IsCrossOrigin("http://h:2", std::nullopt, "http", "h:1"));
  EXPECT_TRUE(IsCrossOrigin(std::nullopt, "cross-site", "http", "h:1"));
  EXPECT_TRUE(IsCrossOrigin("http://h:1", "cross-site", "http", "h:1"));
  EXPECT_FALSE(IsCrossOrigin(std::nullopt, "same-site", "http", "h:1"));
}

TEST(IsStateChanging, NamesTheWritingMethods) {
  for (const char* method : {"POST", "PUT", "PATCH", "DELETE"}) EXPECT_TRUE(IsStateChanging(method));
  for (const char* method : {"GET", "HEAD", "OPTIONS", "post"}) EXPECT_FALSE(IsStateChanging(method));
}

TEST(RequestLog, WritesOneEscapedLineWithDashesForEmptyFields) {
  const RequestLogEntry entry{"GET",
                              "/x?q=a b\n\x1b[2J",
                              200,
                              std::chrono::microseconds(1500),
                              "",
                              "::1",
                              "3f0c7d6e-0000-4000-8000-000000000000"};
  const std::string line = FormatRequestLogLine(entry, std::chrono::system_clock::time_point{});
  EXPECT_EQ(line,
            "1970-01-01T00:00:00Z GET /x?q=a\\x20b\\n\\x1b[2J 200 1.500 - ::1 3f0c7d6e-0000-4000-8000-000000000000");
}

}  // namespace
}  // namespace supeval::server
