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
#include <optional>
#include <ostream>
#include <string>

#include "supeval/core/result.hpp"
#include "supeval/server/authenticator.hpp"
#include "supeval/server/client_address.hpp"
#include "supeval/server/routes.hpp"

namespace supeval::server {

inline constexpr std::uint64_t kKiB = 1024;
inline constexpr std::uint64_t kMiB = 1024 * kKiB;
inline constexpr std::uint64_t kGiB = 1024 * kMiB;

// Where `/metrics` is served (never on the API listener).
struct MetricsListener {
  std::string host;
  std::uint16_t port = 0;  // 0: any free port
};

// TLS on the API listener (Asio's OpenSSL stream): PEM files.
struct TlsFiles {
  std::string certificate_chain;
  std::string private_key;
};

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IP address (v4 or v6) or "localhost"
  std::uint16_t port = 8080;       // 0: any free port (Listen says which)
  int threads = 2;                 // >= 1
  // Limits: a JSON body (413 beyond), a multipart body (imports), the
  // request line with the header fields (431 beyond), open connections
  // (further ones are closed at once).
  std::uint64_t max_body = kMiB;
  std::uint64_t max_upload = kGiB;
  std::uint64_t max_header = 16 * kKiB;
  std::size_t max_connections = 1024;
  // Deadlines: from a request's first byte to its header's end; for its
  // whole body; for a kept-alive connection waiting for its next request;
  // for the requests in flight when the server stops.
  std::chrono::milliseconds header_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds body_timeout{std::chrono::minutes(5)};
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds shutdown_grace{std::chrono::seconds(10)};
  std::optional<TlsFiles> tls;             // none: plain HTTP
  bool https = false;                      // cookie __Host-supeval, Origin https, HSTS (set by tls)
  bool stop_on_signals = true;             // SIGTERM and SIGINT call Stop()
  std::string version;                     // the supeval version (OpenAPI info.version, ETags)
  std::optional<MetricsListener> metrics;  // none: no /metrics anywhere
  TrustedProxies trusted_proxies;          // whose Forwarded headers count
  // The built front end served for GET and HEAD outside /api/, /healthz,
  // /readyz and /metrics (API.md, "Deployment and serving"); read into
  // memory by Listen, so a rebuilt one needs a restart. Empty: none.
  std::string web_root;
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
  // With options.tls, the certificate and key are loaded first (kBadInput
  // when they cannot be), and so is options.web_root (kBadInput when it is
  // no folder with an index.html, or too big); with options.metrics, its listener is bound too.
  // With options.stop_on_signals, SIGTERM and SIGINT are caught from the
  // moment it succeeds (Run then stops on one that came early).
  [[nodiscard]] core::Result<std::string> Listen();

  // The metrics listener's "HOST:PORT" once Listen has bound it.
  [[nodiscard]] std::optional<std::string> metrics_address() const;

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
