// The test client.
#include "supeval/server/test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <functional>

namespace supeval::server::testing {
namespace http = boost::beast::http;
namespace net = boost::asio;

constexpr std::chrono::seconds kReadBound{60};

TestClient::TestClient(std::uint16_t port) : socket_(io_), port_(port) {
  socket_.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
}

// Runs the asynchronous read started on io_ for at most kReadBound, so that
// a server that never answers or never closes fails the test instead of
// hanging it; false when the bound passed.
bool TestClient::RunBounded() {
  io_.restart();
  io_.run_for(kReadBound);
  if (io_.stopped()) return true;
  boost::system::error_code ignored;
  socket_.close(ignored);
  io_.run();
  return false;
}

bool TestClient::Send(std::string_view bytes) {
  boost::system::error_code error;
  net::write(socket_, net::buffer(bytes.data(), bytes.size()), error);
  return !error;
}

std::optional<Response> TestClient::Read(bool head) {
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::uint64_t{1} << 30);
  parser.skip(head);
  boost::system::error_code error;
  http::async_read(socket_, buffer_, parser, [&](boost::system::error_code result, std::size_t) { error = result; });
  if (!RunBounded() || error) return std::nullopt;
  return parser.release();
}

std::optional<Response> TestClient::Request(std::string_view method, std::string_view target, std::string_view headers,
                                            std::string_view body) {
  if (!Send(RequestText(method, target, port_, headers, body))) return std::nullopt;
  return Read(method == "HEAD");
}

bool TestClient::WaitClosed() {
  char byte = 0;
  boost::system::error_code error;
  std::function<void(boost::system::error_code, std::size_t)> next = [&](boost::system::error_code result,
                                                                         std::size_t) {
    error = result;
    if (!error) socket_.async_read_some(net::buffer(&byte, 1), next);
  };
  socket_.async_read_some(net::buffer(&byte, 1), next);
  if (!RunBounded()) return false;
  return error == net::error::eof || error == net::error::connection_reset;
}

std::string RequestText(std::string_view method, std::string_view target, std::uint16_t port, std::string_view headers,
                        std::string_view body) {
  std::string text = std::string(method) + " " + std::string(target) +
                     " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n" + std::string(headers);
  if (!body.empty()) text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return text + "\r\n" + std::string(body);
}

}  // namespace supeval::server::testing
