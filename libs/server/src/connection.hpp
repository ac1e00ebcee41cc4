// One client connection: reads requests one after another (HTTP/1.1
// keep-alive) under the server's deadlines and limits, hands each to the
// dispatcher and writes its answer, and logs one line per request.
// Thread-safety: a connection runs on its own strand; Stop... may be posted
// from any thread through CloseIfIdle.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <functional>
#include <memory>

#include "dispatcher.hpp"
#include "metrics.hpp"
#include "request_log.hpp"

namespace supeval::server {

// What the connections of one server share.
struct ConnectionShared {
  const ServerOptions& options;
  const Dispatcher& dispatcher;
  RequestLog& log;
  std::atomic<bool>& stopping;
  Metrics* metrics;  // nullptr: not counted (the metrics listener itself)
  // Called when a connection ends (from its strand).
  std::function<void()> on_closed;
};

// A running connection, as the server sees it.
class Connection {
 public:
  virtual ~Connection() = default;
  // Closes the connection unless a request is under way on it (on its strand).
  virtual void CloseIfIdle() = 0;
};

// Starts serving `socket`, over TLS when `tls` is given (which must outlive
// the connection); returns a handle by which the server may close the
// connection when it waits for a request (a stop).
[[nodiscard]] std::weak_ptr<Connection> StartConnection(boost::asio::ip::tcp::socket socket,
                                                        const ConnectionShared& shared, boost::asio::ssl::context* tls);

// Closes the connection unless a request is under way on it (posted to its strand).
void CloseIfIdle(const std::weak_ptr<Connection>& connection);

}  // namespace supeval::server
