// The listener, the threads, the built-in routes and the graceful stop.
#include "supeval/server/server.hpp"

#include <algorithm>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <csignal>
#include <list>
#include <mutex>

#include "connection.hpp"
#include "dispatcher.hpp"
#include "request_log.hpp"
#include "static_files.hpp"
#include "supeval/core/threads.hpp"
#include "supeval/server/openapi.hpp"

namespace supeval::server {
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

Reply PlainText(std::string text) {
  Reply reply;
  reply.content_type = "text/plain; charset=utf-8";
  reply.body = std::move(text);
  return reply;
}

// Opens, binds and listens; "HOST:PORT" as bound.
core::Result<std::string> Bind(tcp::acceptor& acceptor, const std::string& host, std::uint16_t port,
                               std::string_view option) {
  boost::system::error_code error;
  const net::ip::address address = net::ip::make_address(host == "localhost" ? "127.0.0.1" : host, error);
  if (error) return core::BadInput(std::string(option) + ": '" + host + "' is not an IP address");
  const tcp::endpoint endpoint(address, port);
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(net::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(net::socket_base::max_listen_connections, error);
  if (error) {
    return core::BadInput(std::string(option) + ": cannot listen on " + host + ":" + std::to_string(port) + ": " +
                          error.message());
  }
  const tcp::endpoint bound = acceptor.local_endpoint();
  const std::string shown =
      bound.address().is_v6() ? "[" + bound.address().to_string() + "]" : bound.address().to_string();
  return shown + ":" + std::to_string(bound.port());
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions server_options, RouteTable api_routes, Authenticator& authenticator, DatabaseProbe database_probe,
       std::ostream& log_stream)
      : options(WithHttps(std::move(server_options))),
        routes(WithBuiltinRoutes(std::move(api_routes))),
        probe(std::move(database_probe)),
        log(log_stream),
        openapi(OpenApiDocument(routes, options.version).dump()),
        dispatcher(options, routes, authenticator, &static_files),
        metrics_routes(MetricsRoutes()),
        metrics_dispatcher(options, metrics_routes, authenticator),
        io(options.threads),
        strand(net::make_strand(io)),
        acceptor(strand),
        metrics_acceptor(strand),
        signals(strand),
        grace(strand) {}

  static ServerOptions WithHttps(ServerOptions given) {
    if (given.tls) given.https = true;
    return given;
  }

  // The certificate and key of options.tls.
  core::Status LoadTls() {
    if (!options.tls) return core::Ok{};
    tls_context.emplace(net::ssl::context::tls_server);
    tls_context->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                             net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
    boost::system::error_code error;
    tls_context->use_certificate_chain_file(options.tls->certificate_chain, error);
    if (error)
      return core::BadInput("--tls-cert: cannot use '" + options.tls->certificate_chain + "': " + error.message());
    tls_context->use_private_key_file(options.tls->private_key, net::ssl::context::pem, error);
    if (error) return core::BadInput("--tls-key: cannot use '" + options.tls->private_key + "': " + error.message());
    return core::Ok{};
  }

  // The API's routes and the built-in ones, which answer from this server's state.
  RouteTable WithBuiltinRoutes(RouteTable table) {
    table.push_back({"GET",
                     "/healthz",
                     service::UseCase::kHealth,
                     [](const Request&) -> core::Result<Reply> { return PlainText("ok"); },
                     BodyKind::kNone,
                     std::nullopt,
                     "The process runs",
                     {"", "HealthText"}});
    table.push_back({"GET",
                     "/readyz",
                     service::UseCase::kReadiness,
                     [this](const Request&) -> core::Result<Reply> { return Readiness(); },
                     BodyKind::kNone,
                     std::nullopt,
                     "The database answers and the server is not stopping",
                     {"", "HealthText"}});
    table.push_back({"GET",
                     "/api/v1/openapi.json",
                     service::UseCase::kOpenApi,
                     [this](const Request&) -> core::Result<Reply> {
                       Reply reply;
                       reply.body = openapi;
                       return reply;
                     },
                     BodyKind::kNone,
                     std::nullopt,
                     "This document",
                     {"", "OpenApiDocument"}});
    return table;
  }

  RouteTable MetricsRoutes() {
    return {{"GET", "/metrics", service::UseCase::kMetrics,
             [this](const Request&) -> core::Result<Reply> {
               Reply reply = PlainText(metrics.Render());
               reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
               return reply;
             },
             BodyKind::kNone, std::nullopt, "Prometheus metrics"}};
  }

  core::Result<Reply> Readiness() const {
    if (stopping) return core::Failure(core::ErrorCode::kUnavailable, "the server is stopping");
    if (probe) {
      if (const core::Status status = probe(); !status.ok()) {
        return core::Failure(core::ErrorCode::kUnavailable, "the database does not answer");
      }
    }
    return PlainText("ok");
  }

  void Accept(tcp::acceptor& listener, const ConnectionShared& connection_shared) {
    listener.async_accept(net::make_strand(io), [this, &listener, &connection_shared](boost::system::error_code error,
                                                                                      tcp::socket socket) {
      if (error || stopping) return;
      if (open_connections >= options.max_connections) {
        boost::system::error_code ignored;
        socket.close(ignored);
      } else {
        ++open_connections;
        const std::lock_guard lock(connections_mutex);
        connections.remove_if([](const std::weak_ptr<Connection>& c) { return c.expired(); });
        connections.push_back(StartConnection(std::move(socket), connection_shared,
                                              &connection_shared == &shared && tls_context ? &*tls_context : nullptr));
      }
      Accept(listener, connection_shared);
    });
  }

  void OnConnectionClosed() {
    if (--open_connections == 0 && stopping) net::post(strand, [this] { grace.cancel(); });
  }

  // On the strand: stop accepting, close idle connections, give the others
  // the grace period.
  void BeginStop() {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    metrics_acceptor.close(ignored);
    signals.cancel(ignored);
    {
      const std::lock_guard lock(connections_mutex);
      for (const auto& connection : connections) CloseIfIdle(connection);
    }
    grace.expires_after(options.shutdown_grace);
    grace.async_wait([this](boost::system::error_code error) {
      if (!error) {
        log.Note("requests still running after the grace period are abandoned");
        io.stop();
      }
    });
    if (open_connections == 0) grace.cancel();
  }

  ServerOptions options;
  RouteTable routes;
  DatabaseProbe probe;
  RequestLog log;
  std::string openapi;
  StaticFiles static_files;  // loaded by Listen (options.web_root)
  Dispatcher dispatcher;
  Metrics metrics;
  RouteTable metrics_routes;
  Dispatcher metrics_dispatcher;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> open_connections{0};
  net::io_context io;
  net::strand<net::io_context::executor_type> strand;
  tcp::acceptor acceptor;
  tcp::acceptor metrics_acceptor;
  std::optional<net::ssl::context> tls_context;
  std::optional<std::string> metrics_address;
  net::signal_set signals;
  net::steady_timer grace;
  std::mutex connections_mutex;
  std::list<std::weak_ptr<Connection>> connections;
  ConnectionShared shared{options, dispatcher, log, stopping, &metrics, [this] { OnConnectionClosed(); }};
  ConnectionShared metrics_shared{
      options, metrics_dispatcher, log, stopping, nullptr, [this] { OnConnectionClosed(); }};
};

Server::Server(ServerOptions options, RouteTable routes, Authenticator& authenticator, DatabaseProbe probe,
               std::ostream& log)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(routes), authenticator, std::move(probe), log)) {}

Server::~Server() = default;

core::Result<std::string> Server::Listen() {
  if (const core::Status loaded = impl_->LoadTls(); !loaded.ok()) return loaded.error();
  if (!impl_->options.web_root.empty()) {
    auto files = StaticFiles::Load(impl_->options.web_root);
    if (!files.ok()) return files.error();
    impl_->static_files = std::move(files).value();
  }
  auto address = Bind(impl_->acceptor, impl_->options.host, impl_->options.port, "--listen");
  if (!address.ok()) return address;
  if (impl_->options.stop_on_signals) {
    // Taken over now, before the caller announces the address: a SIGTERM
    // sent as soon as that line is read is kept for Run, never fatal.
    impl_->signals.add(SIGTERM);
    impl_->signals.add(SIGINT);
  }
  if (!impl_->options.metrics) return address;
  auto metrics =
      Bind(impl_->metrics_acceptor, impl_->options.metrics->host, impl_->options.metrics->port, "--metrics-listen");
  if (!metrics.ok()) return metrics.error();
  impl_->metrics_address = *metrics;
  return address;
}

std::optional<std::string> Server::metrics_address() const { return impl_->metrics_address; }

void Server::Run() {
  Impl& impl = *impl_;
  if (impl.options.stop_on_signals) {
    impl.signals.async_wait([this](boost::system::error_code error, int) {
      if (!error) Stop();
    });
  }
  net::post(impl.strand, [&impl] {
    impl.Accept(impl.acceptor, impl.shared);
    if (impl.metrics_acceptor.is_open()) impl.Accept(impl.metrics_acceptor, impl.metrics_shared);
  });
  std::vector<core::Beside> helpers;
  helpers.reserve(static_cast<std::size_t>(std::max(impl.options.threads, 1)));
  try {
    for (int i = 1; i < impl.options.threads; ++i) helpers.emplace_back([&impl] { impl.io.run(); });
  } catch (const core::ThreadRefused&) {
    impl.io.stop();  // so that the helpers started return and are joined
    throw;
  }
  impl.io.run();
  for (core::Beside& helper : helpers) helper.Wait();
}

void Server::Stop() {
  if (impl_->stopping.exchange(true)) return;
  net::post(impl_->strand, [impl = impl_.get()] { impl->BeginStop(); });
}

}  // namespace supeval::server
