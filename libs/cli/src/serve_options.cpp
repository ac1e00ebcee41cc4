// Durations, sizes and listen addresses of `supeval serve`.
#include "serve_options.hpp"

#include <array>
#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <limits>

namespace supeval::cli {
namespace {

struct Unit {
  std::string_view suffix;
  std::uint64_t factor;
};

constexpr std::array<Unit, 3> kDurationUnits = {{{"s", 1}, {"m", 60}, {"h", 3600}}};
constexpr std::array<Unit, 4> kSizeUnits = {
    {{"KiB", 1024}, {"MiB", 1024 * 1024}, {"GiB", 1024 * 1024 * 1024}, {"", 1}}};

// A positive whole number followed by one of `units` (the first that fits).
template <std::size_t N>
core::Result<std::uint64_t> ParseWithUnit(std::string_view text, std::string_view option,
                                          const std::array<Unit, N>& units, std::string_view forms) {
  const auto refuse = [&] {
    return core::BadInput(std::string(option) + ": '" + std::string(text) + "' is not " + std::string(forms));
  };
  for (const Unit& unit : units) {
    if (!text.ends_with(unit.suffix)) continue;
    const std::string_view digits = text.substr(0, text.size() - unit.suffix.size());
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || value == 0) return refuse();
    if (value > std::numeric_limits<std::uint64_t>::max() / unit.factor) return refuse();
    return value * unit.factor;
  }
  return refuse();
}

}  // namespace

core::Result<std::chrono::seconds> ParseDuration(std::string_view text, std::string_view option) {
  constexpr std::uint64_t kMaxSeconds = std::uint64_t{366} * 24 * 3600;  // a year: more is a typo
  constexpr std::string_view kForms = "a duration such as 90s, 30m or 12h, at most a year (8784h)";
  auto seconds = ParseWithUnit(text, option, kDurationUnits, kForms);
  if (!seconds.ok()) return seconds.error();
  if (*seconds > kMaxSeconds) {
    return core::BadInput(std::string(option) + ": '" + std::string(text) + "' is not " + std::string(kForms));
  }
  return std::chrono::seconds(static_cast<std::int64_t>(*seconds));
}

core::Result<std::uint64_t> ParseSize(std::string_view text, std::string_view option) {
  return ParseWithUnit(text, option, kSizeUnits, "a size in bytes or with KiB, MiB or GiB (1048576, 16KiB, 1GiB)");
}

core::Result<ListenAddress> ParseListenAddress(std::string_view text, std::string_view option) {
  const auto refuse = [&](std::string why) {
    return core::BadInput(std::string(option) + ": '" + std::string(text) + "' " + why + " (HOST:PORT, [IPV6]:PORT)");
  };
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return refuse("has no port");
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.starts_with('[')) {
    if (!host.ends_with(']')) return refuse("has an unclosed [");
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return refuse("needs brackets around an IPv6 address");
  }
  std::uint16_t port = 0;
  const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || error != std::errc() || end != port_text.data() + port_text.size()) {
    return refuse("has no port number 0..65535");
  }
  boost::system::error_code invalid;
  if (host != "localhost") {
    (void)boost::asio::ip::make_address(std::string(host), invalid);
    if (invalid) return refuse("names no IP address");
  }
  return ListenAddress{std::string(host), port};
}

bool IsLoopback(std::string_view host) {
  if (host == "localhost") return true;
  boost::system::error_code invalid;
  const auto address = boost::asio::ip::make_address(std::string(host), invalid);
  return !invalid && address.is_loopback();
}

}  // namespace supeval::cli
