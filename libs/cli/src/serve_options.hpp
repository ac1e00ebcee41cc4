// The values of `supeval serve`'s options (API.md, "Command line"):
// durations (`90s`, `30m`, `12h`), sizes (bytes, or with `KiB`, `MiB`,
// `GiB`) and the --listen address (`HOST:PORT`, `[V6]:PORT`), each refused
// with a message naming the option and the accepted forms.
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "supeval/core/result.hpp"

namespace supeval::cli {

// A positive whole number of seconds, minutes or hours: "90s", "30m", "12h".
[[nodiscard]] core::Result<std::chrono::seconds> ParseDuration(std::string_view text, std::string_view option);

// A positive whole number of bytes, optionally with KiB, MiB or GiB: "1048576", "16KiB", "1GiB".
[[nodiscard]] core::Result<std::uint64_t> ParseSize(std::string_view text, std::string_view option);

struct ListenAddress {
  std::string host;  // without brackets
  std::uint16_t port = 0;
};

// "HOST:PORT" or "[IPV6]:PORT", port 0..65535 (0: any free port); a
// refusal names `option`.
[[nodiscard]] core::Result<ListenAddress> ParseListenAddress(std::string_view text,
                                                             std::string_view option = "--listen");

// Whether `host` (an IP address or "localhost") is a loopback address.
[[nodiscard]] bool IsLoopback(std::string_view host);

}  // namespace supeval::cli
