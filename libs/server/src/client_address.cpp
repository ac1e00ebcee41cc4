// Trusted proxies and the client address behind them.
#include "supeval/server/client_address.hpp"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <charconv>

#include "header_text.hpp"

namespace supeval::server {
namespace {

std::optional<boost::asio::ip::address> ParseAddress(std::string_view text) {
  boost::system::error_code error;
  auto address = boost::asio::ip::make_address(std::string(text), error);
  if (error) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  }
  return address;
}

// A node of Forwarded's `for=` or of X-Forwarded-For: quotes, brackets and
// a port taken off ("[2001:db8::1]:4711" -> "2001:db8::1").
std::string_view NodeAddress(std::string_view node) {
  node = TrimSpace(node);
  if (node.size() >= 2 && node.front() == '"' && node.back() == '"') node = node.substr(1, node.size() - 2);
  if (node.starts_with('[')) {
    const auto close = node.find(']');
    return close == std::string_view::npos ? node : node.substr(1, close - 1);
  }
  if (std::count(node.begin(), node.end(), ':') == 1) node = node.substr(0, node.find(':'));
  return node;
}

// The chain of addresses a request passed, client first, and the protocol
// the last proxy was reached by.
struct Chain {
  std::vector<std::string> addresses;
  std::optional<std::string> proto;
};

Chain ReadForwarded(std::string_view header) {
  Chain chain;
  for (std::string_view element : SplitList(header, ',')) {
    for (std::string_view pair : SplitList(element, ';')) {
      const auto equals = pair.find('=');
      if (equals == std::string_view::npos) continue;
      const std::string name = AsciiLower(TrimSpace(pair.substr(0, equals)));
      const std::string_view value = pair.substr(equals + 1);
      if (name == "for") chain.addresses.emplace_back(NodeAddress(value));
      if (name == "proto") chain.proto = AsciiLower(NodeAddress(value));
    }
  }
  return chain;
}

Chain ReadXForwarded(const ForwardingHeaders& headers) {
  Chain chain;
  if (headers.x_forwarded_for) {
    for (std::string_view node : SplitList(*headers.x_forwarded_for, ','))
      chain.addresses.emplace_back(NodeAddress(node));
  }
  if (headers.x_forwarded_proto) chain.proto = AsciiLower(TrimSpace(SplitList(*headers.x_forwarded_proto, ',').back()));
  return chain;
}

}  // namespace

core::Result<TrustedProxies> TrustedProxies::Parse(std::string_view list) {
  TrustedProxies proxies;
  for (std::string_view piece : SplitList(list, ',')) {
    const auto refuse = [&] {
      return core::BadInput("--trusted-proxy: '" + std::string(piece) + "' is not an IP network (10.0.0.0/8, ::1/128)");
    };
    const auto slash = piece.find('/');
    const auto address = ParseAddress(piece.substr(0, slash));
    if (!address) return refuse();
    Network network;
    if (address->is_v4()) {
      const auto bytes = address->to_v4().to_bytes();
      std::copy(bytes.begin(), bytes.end(), network.bytes.begin());
      network.size = 4;
    } else {
      const auto bytes = address->to_v6().to_bytes();
      std::copy(bytes.begin(), bytes.end(), network.bytes.begin());
      network.size = 16;
    }
    network.prefix = static_cast<unsigned>(network.size * 8);
    if (slash != std::string_view::npos) {
      const std::string_view digits = piece.substr(slash + 1);
      unsigned prefix = 0;
      const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
      if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || prefix > network.prefix) {
        return refuse();
      }
      network.prefix = prefix;
    }
    proxies.networks_.push_back(network);
  }
  return proxies;
}

bool TrustedProxies::Trusts(std::string_view text) const {
  const auto address = ParseAddress(text);
  if (!address) return false;
  std::array<std::uint8_t, 16> bytes{};
  std::size_t size = 4;
  if (address->is_v4()) {
    const auto v4 = address->to_v4().to_bytes();
    std::copy(v4.begin(), v4.end(), bytes.begin());
  } else {
    const auto v6 = address->to_v6().to_bytes();
    std::copy(v6.begin(), v6.end(), bytes.begin());
    size = 16;
  }
  return std::any_of(networks_.begin(), networks_.end(), [&](const Network& network) {
    if (network.size != size) return false;
    for (unsigned bit = 0; bit < network.prefix; ++bit) {
      const unsigned mask = 0x80U >> (bit % 8);
      if ((bytes[bit / 8] & mask) != (network.bytes[bit / 8] & mask)) return false;
    }
    return true;
  });
}

ClientOrigin ResolveClient(std::string_view peer, const ForwardingHeaders& headers, const TrustedProxies& proxies) {
  ClientOrigin origin{std::string(peer), false};
  if (!proxies.Trusts(peer)) return origin;
  const Chain chain = headers.forwarded ? ReadForwarded(*headers.forwarded) : ReadXForwarded(headers);
  origin.https = chain.proto == "https";
  // From the nearest hop outwards: the first address not a trusted proxy is
  // the client; one that is no address ends the walk (it cannot be trusted).
  for (auto hop = chain.addresses.rbegin(); hop != chain.addresses.rend(); ++hop) {
    if (!ParseAddress(*hop)) break;
    origin.address = *hop;
    if (!proxies.Trusts(*hop)) break;
  }
  return origin;
}

}  // namespace supeval::server
