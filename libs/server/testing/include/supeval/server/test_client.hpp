// A plain HTTP/1.1 client for the server's tests: a TCP connection on which
// a test writes exactly the bytes it wants (a header one byte at a time, a
// body larger than announced) and reads whole answers with Beast's parser.
// Thread-compatible: one connection per test thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace supeval::server::testing {

using Response = boost::beast::http::response<boost::beast::http::string_body>;

class TestClient {
 public:
  // Connects to 127.0.0.1:port (throws on failure). Every read gives up
  // after a minute (Read: nothing; WaitClosed: false).
  explicit TestClient(std::uint16_t port);

  // Writes `bytes` as they are; false when the server has closed.
  bool Send(std::string_view bytes);
  // Reads one answer; nothing when the connection ends first. `head`: the
  // answer to a HEAD request (no body follows its Content-Length).
  std::optional<Response> Read(bool head = false);
  // Sends a request with `Host` and `Content-Length` and reads its answer.
  std::optional<Response> Request(std::string_view method, std::string_view target, std::string_view headers = {},
                                  std::string_view body = {});
  // Whether the server has closed the connection (reads until it does).
  bool WaitClosed();

 private:
  bool RunBounded();

  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  std::uint16_t port_;
};

// "HTTP/1.1 request" text of a request with `Host` and, when `body` is not
// empty, Content-Length; `headers` are extra lines, each ending in \r\n.
[[nodiscard]] std::string RequestText(std::string_view method, std::string_view target, std::uint16_t port,
                                      std::string_view headers = {}, std::string_view body = {});

}  // namespace supeval::server::testing
