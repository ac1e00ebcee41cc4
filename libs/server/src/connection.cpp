// A connection's life: wait for a request's first byte (idle deadline), read
// its header (one deadline for the whole header, so that a client sending a
// byte a second cannot hold it), check the size limits before any body is
// read, read the body (its own deadline), answer, and go on or close.
#include "connection.hpp"
#include "supeval/service/adjustments.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>
#include <type_traits>

namespace supeval::server {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {

constexpr std::size_t kFirstReadBytes = 4096;

// A method as a metrics label: one of HTTP's, or "other", so that a client
// cannot add series.
std::string_view KnownMethod(std::string_view method) {
  constexpr std::array<std::string_view, 7> kMethods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  for (std::string_view known : kMethods) {
    if (known == method) return known;
  }
  return "other";
}

}  // namespace

// A connection over `Stream`: beast::tcp_stream, or an ssl_stream over one
// (TLS, after its handshake).
template <class Stream>
class StreamConnection final : public Connection, public std::enable_shared_from_this<StreamConnection<Stream>> {
 public:
  template <class... TlsContext>
  StreamConnection(net::ip::tcp::socket socket, const ConnectionShared& shared, TlsContext&... tls)
      : stream_(std::move(socket), tls...), shared_(shared) {
    beast::error_code error;
    const auto peer = Socket().remote_endpoint(error);
    if (!error) peer_ = peer.address().to_string();
    client_.address = peer_;
  }
  StreamConnection(const StreamConnection&) = delete;
  StreamConnection& operator=(const StreamConnection&) = delete;
  ~StreamConnection() override { shared_.on_closed(); }

  void Start() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->Handshake(); });
  }

  void CloseIfIdle() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->idle_) self->Close();
    });
  }

 private:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }
  net::ip::tcp::socket& Socket() { return Lowest().socket(); }

  // TLS: the handshake, within the header deadline; plain: nothing to do.
  void Handshake() {
    if constexpr (kTls) {
      idle_ = true;
      Lowest().expires_after(shared_.options.header_timeout);
      stream_.async_handshake(net::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code error) {
                                self->idle_ = false;
                                if (error) return self->Close();
                                self->AwaitRequest();
                              });
    } else {
      AwaitRequest();
    }
  }

  // Waits for the next request's first byte, unless one has arrived already.
  void AwaitRequest() {
    if (shared_.stopping) return Close();
    if (buffer_.size() > 0) return ReadHeader();
    idle_ = true;
    Lowest().expires_after(shared_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                            [self = this->shared_from_this()](beast::error_code error, std::size_t bytes) {
                              self->idle_ = false;
                              if (error) return self->Close();
                              self->buffer_.commit(bytes);
                              self->ReadHeader();
                            });
  }

  void ReadHeader() {
    started_ = std::chrono::steady_clock::now();
    request_id_ = NewRequestId();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.options.max_header));
    // The route's own limit is set once the target is known (OnHeader); the
    // parser, which checks Content-Length as it reads the header, allows the
    // largest meanwhile.
    parser_->body_limit(std::max({shared_.options.max_body, shared_.options.max_upload,
                                  static_cast<std::uint64_t>(service::kMaxAdjustmentReportBytes)}));
    Lowest().expires_after(shared_.options.header_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code error, std::size_t) { self->OnHeader(error); });
  }

  void OnHeader(beast::error_code error) {
    if (error == http::error::header_limit) {
      return Refuse(431, "too-large",
                    "the request header exceeds " + std::to_string(shared_.options.max_header) + " bytes");
    }
    if (error == http::error::body_limit) return Refuse(413, "too-large", "the body exceeds the upload limit");
    if (error == beast::error::timeout || error == http::error::end_of_stream || error == net::error::eof) {
      return Close();
    }
    if (error) return Refuse(400, "invalid-request", "the request is not valid HTTP/1.1");
    const auto& header = parser_->get();
    target_ = std::string(header.target());
    method_ = std::string(header.method_string());
    const std::uint64_t limit = shared_.dispatcher.BodyLimit(target_);
    parser_->body_limit(limit);
    if (const auto length = parser_->content_length(); length && *length > limit) {
      return Refuse(413, "too-large", "the body exceeds " + std::to_string(limit) + " bytes");
    }
    if (beast::iequals(header[http::field::expect], "100-continue")) return SendContinue();
    ReadBody();
  }

  void SendContinue() {
    continue_.emplace(http::status::continue_, 11);
    http::async_write(stream_, *continue_, [self = this->shared_from_this()](beast::error_code error, std::size_t) {
      if (error) return self->Close();
      self->ReadBody();
    });
  }

  void ReadBody() {
    Lowest().expires_after(shared_.options.body_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code error, std::size_t) { self->OnBody(error); });
  }

  void OnBody(beast::error_code error) {
    if (error == http::error::body_limit) {
      return Refuse(413, "too-large", "the body exceeds " + std::to_string(parser_->get().body().size()) + " bytes");
    }
    if (error) return Close();
    const HttpRequest& request = parser_->get();
    client_ = ResolveClient(peer_,
                            ForwardingHeaders{FieldOf(request, "Forwarded"), FieldOf(request, "X-Forwarded-For"),
                                              FieldOf(request, "X-Forwarded-Proto")},
                            shared_.options.trusted_proxies);
    Outcome outcome = shared_.dispatcher.Handle(request, client_.address, request_id_, client_.https);
    if (!outcome.internal.empty()) shared_.log.Note("request " + request_id_ + ": " + outcome.internal);
    user_ = std::move(outcome.user);
    route_ = std::move(outcome.route);
    security_event_ = std::move(outcome.security_event);
    security_user_ = std::move(outcome.security_user);
    const bool keep_alive = request.keep_alive() && !shared_.stopping;
    Write(std::move(outcome.response), keep_alive);
  }

  // Answers a request that is not read to its end; the connection closes.
  void Refuse(unsigned status, std::string_view problem, std::string detail) {
    Write(shared_.dispatcher.Refusal(status, problem, std::move(detail), request_id_), false);
  }

  void Write(HttpResponse response, bool keep_alive) {
    response_ = std::move(response);
    response_.keep_alive(keep_alive);
    Lowest().expires_after(shared_.options.body_timeout);
    http::async_write(stream_, response_,
                      [self = this->shared_from_this(), keep_alive](beast::error_code error, std::size_t) {
                        self->Log();
                        if (error || !keep_alive) return self->Close();
                        self->AwaitRequest();
                      });
  }

  void Log() {
    const auto duration = std::chrono::steady_clock::now() - started_;
    RequestLogEntry entry{method_, target_, response_.result_int(), duration, user_, client_.address, request_id_};
    shared_.log.Write(entry);
    if (!security_event_.empty()) {
      entry.user = security_user_;
      shared_.log.WriteSecurity(security_event_, entry);
    }
    client_ = ClientOrigin{peer_, false};
    if (shared_.metrics != nullptr) {
      shared_.metrics->Record(route_.empty() ? "none" : route_, KnownMethod(method_), response_.result_int(), duration);
    }
    route_.clear();
    method_.clear();
    target_.clear();
    user_.clear();
    security_event_.clear();
    security_user_.clear();
  }

  void Close() {
    beast::error_code ignored;
    Socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    Socket().close(ignored);
  }

  Stream stream_;
  const ConnectionShared& shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::empty_body>> continue_;
  HttpResponse response_;
  std::string peer_;     // the TCP peer
  ClientOrigin client_;  // the client of the current request (behind a trusted proxy)
  std::string request_id_;
  std::string method_;
  std::string target_;
  std::string user_;
  std::string security_event_;  // the security log's, for this request
  std::string security_user_;
  std::string route_;
  std::chrono::steady_clock::time_point started_;
  bool idle_ = false;
};

std::weak_ptr<Connection> StartConnection(net::ip::tcp::socket socket, const ConnectionShared& shared,
                                          net::ssl::context* tls) {
  if (tls != nullptr) {
    auto connection =
        std::make_shared<StreamConnection<beast::ssl_stream<beast::tcp_stream>>>(std::move(socket), shared, *tls);
    connection->Start();
    return connection;
  }
  auto connection = std::make_shared<StreamConnection<beast::tcp_stream>>(std::move(socket), shared);
  connection->Start();
  return connection;
}

void CloseIfIdle(const std::weak_ptr<Connection>& connection) {
  if (auto alive = connection.lock()) alive->CloseIfIdle();
}

}  // namespace supeval::server
