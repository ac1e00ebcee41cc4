// supeval::server — the HTTP/1.1 server of `supeval serve` (API.md), on
// Boost.Beast and Asio: a fixed set of threads runs every connection
// asynchronously (no thread per connection), with a bound on connections,
// deadlines on reading a request's header and its body, and size limits
// checked before a body is read. Every request goes through one sequence of
// checks (API.md, "Order of checks") before its route's handler runs;
// /healthz, /readyz and /api/v1/openapi.json are built in.
//
// Thread-safety: Listen, then Run on one thread; Stop may be called from any
// thread (and a SIGTERM or SIGINT calls it when stop_on_signals is set).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "supeval/core/result.hpp"
#include "supeval/server/authenticator.hpp"
#include "supeval/server/routes.hpp"

namespace supeval::server {

inline constexpr std::uint64_t kKiB = 1024;
inline constexpr std::uint64_t kMiB = 1024 * kKiB;
inline constexpr std::uint64_t kGiB = 1024 * kMiB;

struct ServerOptions {
  std::string host = "127.0.0.1";        // an IP address (v4 or v6) or "localhost"
  std::uint16_t port = 8080;             // 0: any free port (Listen says which)
  int threads = 2;                       // >= 1
  std::uint64_t max_body = kMiB;         // a JSON body (413 beyond)
  std::uint64_t max_upload = kGiB;       // a multipart body (imports)
  std::uint64_t max_header = 16 * kKiB;  // the request line and header fields (431 beyond)
  std::size_t max_connections = 1024;    // further connections are closed at once
  std::chrono::milliseconds header_timeout{
      std::chrono::seconds(10)};                                     // from a request's first byte to its header's end
  std::chrono::milliseconds body_timeout{std::chrono::minutes(5)};   // for the whole body
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};  // a kept-alive connection waiting for a request
  std::chrono::milliseconds shutdown_grace{std::chrono::seconds(10)};  // for requests in flight at a stop
  bool https = false;           // cookie name __Host-supeval, Origin scheme https
  bool stop_on_signals = true;  // SIGTERM and SIGINT call Stop()
  std::string version;          // the supeval version (OpenAPI info.version, ETags)
};

// Whether the database answers (readyz): OK, or the reason it does not.
using DatabaseProbe = std::function<core::Status()>;

class Server {
 public:
  // `routes` are the API's routes; the built-in ones are added. `log` gets
  // one line per request (API.md, "Request log") and must outlive the server.
  Server(ServerOptions options, RouteTable routes, Authenticator& authenticator, DatabaseProbe probe,
         std::ostream& log);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();

  // Binds and listens. Returns "HOST:PORT" as bound (the port chosen when 0
  // was asked; an IPv6 host in brackets), or kBadInput when the address
  // cannot be bound (in use, not an address of this machine).
  [[nodiscard]] core::Result<std::string> Listen();

  // Serves until Stop: then /readyz answers 503, no connection is accepted,
  // idle ones are closed, answers carry `Connection: close`, and requests in
  // flight get up to shutdown_grace to finish. Returns when they have.
  // Throws core::ThreadRefused when a thread cannot be started.
  void Run();

  // Starts the stop described at Run. Idempotent.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace supeval::server
