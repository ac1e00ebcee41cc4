// Trusted proxies and the client address behind them, at the edges of the
// networks and of the chain.
#include "supeval/server/client_address.hpp"

#include <gtest/gtest.h>

namespace supeval::server {
namespace {

TrustedProxies Proxies(std::string_view list) {
  auto parsed = TrustedProxies::Parse(list);
  EXPECT_TRUE(parsed.ok()) << list;
  return parsed.ok() ? *parsed : TrustedProxies{};
}

TEST(TrustedProxies, MatchNetworksAtTheirEdges) {
  const TrustedProxies proxies = Proxies("10.1.0.0/16, 192.168.1.7, fd00::/8");
  EXPECT_TRUE(proxies.Trusts("10.1.0.0"));
  EXPECT_TRUE(proxies.Trusts("10.1.255.255"));
  EXPECT_FALSE(proxies.Trusts("10.2.0.0"));
  EXPECT_FALSE(proxies.Trusts("10.0.255.255"));
  EXPECT_TRUE(proxies.Trusts("192.168.1.7"));
  EXPECT_FALSE(proxies.Trusts("192.168.1.8"));
  EXPECT_TRUE(proxies.Trusts("fdff::1"));
  EXPECT_FALSE(proxies.Trusts("fe00::1"));
  EXPECT_TRUE(proxies.Trusts("::ffff:10.1.2.3")) << "an IPv4-mapped peer";
  EXPECT_FALSE(proxies.Trusts("not an address"));
  EXPECT_TRUE(Proxies("0.0.0.0/0").Trusts("203.0.113.9"));
  EXPECT_FALSE(TrustedProxies{}.Trusts("127.0.0.1"));
}

TEST(TrustedProxies, RefuseWhatIsNoNetwork) {
  for (const char* list :
       {"", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0/8", "example.org", "10.0.0.0/8,,", "1.2.3.4/-1"}) {
    const auto parsed = TrustedProxies::Parse(list);
    ASSERT_FALSE(parsed.ok()) << list;
    EXPECT_NE(parsed.error().message.find("--trusted-proxy"), std::string::npos);
  }
}

TEST(ResolveClient, IgnoresHeadersFromUntrustedPeers) {
  const TrustedProxies proxies = Proxies("127.0.0.1");
  const ClientOrigin origin =
      ResolveClient("203.0.113.5", {"for=198.51.100.1;proto=https", "198.51.100.2", "https"}, proxies);
  EXPECT_EQ(origin.address, "203.0.113.5");
  EXPECT_FALSE(origin.https);
}

TEST(ResolveClient, TakesTheLastUntrustedAddressOfTheChain) {
  const TrustedProxies proxies = Proxies("127.0.0.1,10.0.0.0/8");
  // A client's own spoofed entry (1.1.1.1) lies left of the real client.
  EXPECT_EQ(ResolveClient("127.0.0.1", {std::nullopt, "1.1.1.1, 198.51.100.7, 10.0.0.2", "https"}, proxies).address,
            "198.51.100.7");
  EXPECT_TRUE(ResolveClient("127.0.0.1", {std::nullopt, "198.51.100.7", "https"}, proxies).https);
  EXPECT_FALSE(ResolveClient("127.0.0.1", {std::nullopt, "198.51.100.7", "http"}, proxies).https);
  EXPECT_EQ(ResolveClient("127.0.0.1", {std::nullopt, "10.0.0.3, 10.0.0.2", std::nullopt}, proxies).address, "10.0.0.3")
      << "all trusted: the farthest";
  EXPECT_EQ(ResolveClient("127.0.0.1", {std::nullopt, std::nullopt, std::nullopt}, proxies).address, "127.0.0.1");
  EXPECT_EQ(ResolveClient("127.0.0.1", {std::nullopt, "unknown, 10.0.0.2", std::nullopt}, proxies).address, "10.0.0.2");
}

TEST(ResolveClient, ReadsForwardedBeforeXForwardedFor) {
  const TrustedProxies proxies = Proxies("127.0.0.1");
  const ClientOrigin origin = ResolveClient(
      "127.0.0.1", {R"(for="[2001:db8::1]:4711";proto=HTTPS;by=x, for=192.0.2.60:80)", "198.51.100.9", "http"},
      proxies);
  EXPECT_EQ(origin.address, "192.0.2.60");
  EXPECT_TRUE(origin.https);
  EXPECT_EQ(ResolveClient("127.0.0.1", {R"(for="[2001:db8::1]:4711")", std::nullopt, std::nullopt}, proxies).address,
            "2001:db8::1");
}

}  // namespace
}  // namespace supeval::server
