// Who a request comes from behind a reverse proxy (API.md, "Deployment and
// serving"): `Forwarded` (RFC 7239), `X-Forwarded-For` and
// `X-Forwarded-Proto` are read only from peers in `serve --trusted-proxy`;
// the client address is then the last untrusted address of the chain, else
// the TCP peer; a trusted proxy's `https` makes the request "over HTTPS".
// Thread-safety: immutable values and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/result.hpp"

namespace supeval::server {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // "CIDR[,CIDR]": IPv4 or IPv6 networks ("10.0.0.0/8", "::1/128"); an
  // address alone is one host. kBadInput naming the piece that is not one.
  [[nodiscard]] static core::Result<TrustedProxies> Parse(std::string_view list);
  // Whether `address` (an IP address as text) lies in one of the networks.
  [[nodiscard]] bool Trusts(std::string_view address) const;
  [[nodiscard]] bool empty() const { return networks_.empty(); }

 private:
  struct Network {
    std::array<std::uint8_t, 16> bytes{};
    std::size_t size = 4;  // 4 (IPv4) or 16 (IPv6)
    unsigned prefix = 32;
  };
  std::vector<Network> networks_;
};

// What the proxy headers of a request say, when its peer is trusted.
struct ForwardingHeaders {
  std::optional<std::string_view> forwarded;
  std::optional<std::string_view> x_forwarded_for;
  std::optional<std::string_view> x_forwarded_proto;
};

struct ClientOrigin {
  std::string address;
  bool https = false;  // told so by a trusted proxy
};

// The client of a request whose TCP peer is `peer`.
[[nodiscard]] ClientOrigin ResolveClient(std::string_view peer, const ForwardingHeaders& headers,
                                         const TrustedProxies& proxies);

}  // namespace supeval::server
