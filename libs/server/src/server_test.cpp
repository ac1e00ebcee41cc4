// The server on a real loopback socket: keep-alive, the limits checked before
// a body is read (413, 431, also with Expect: 100-continue and chunked
// bodies), the header deadline against a slow client, the bound on
// connections, and the graceful stop. The order of checks is dispatcher_test's.
#include "supeval/server/server.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "supeval/server/test_client.hpp"

namespace supeval::server {
namespace {

using testing::RequestText;
using testing::TestClient;
using namespace std::chrono_literals;

class Gate {
 public:
  void Open() {
    const std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  void Wait() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
};

// A server on a free port, run on a thread of its own.
class RunningServer {
 public:
  RunningServer(ServerOptions options, RouteTable routes)
      : server_(Prepare(std::move(options)), std::move(routes), authenticator_, nullptr, log_) {
    const auto address = server_.Listen();
    EXPECT_TRUE(address.ok());
    port_ = static_cast<std::uint16_t>(std::stoi(address->substr(address->rfind(':') + 1)));
    thread_ = std::jthread([this] { server_.Run(); });
  }
  ~RunningServer() { Stop(); }
  void Stop() {
    server_.Stop();
    if (thread_.joinable()) thread_.join();
  }
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string log() const { return log_.str(); }

 private:
  static ServerOptions Prepare(ServerOptions options) {
    options.port = 0;
    options.stop_on_signals = false;
    return options;
  }
  NoAuthenticator authenticator_;
  std::ostringstream log_;
  Server server_;
  std::uint16_t port_ = 0;
  std::jthread thread_;
};

ServerOptions SmallLimits() {
  ServerOptions options;
  options.threads = 1;
  options.max_body = 100;
  options.max_header = 1024;
  return options;
}

core::Result<Reply> Echo(const Request& request) { return Reply::Json({{"json", request.json}}); }

RouteTable EchoRoutes() {
  return {{"POST", "/api/v1/session", service::UseCase::kLogin, Echo, BodyKind::kJson, std::nullopt, ""}};
}

TEST(Server, KeepsTheConnectionAliveAcrossRequests) {
  RunningServer server(SmallLimits(), EchoRoutes());
  TestClient client(server.port());
  for (int i = 0; i < 3; ++i) {
    const auto response = client.Request("GET", "/healthz");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 200);
    EXPECT_EQ(response->body(), "ok");
    EXPECT_TRUE(response->keep_alive());
  }
  const auto posted = client.Request("POST", "/api/v1/session", "Content-Type: application/json\r\n", R"({"a":1})");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->body(), R"({"json":{"a":1}})");
}

TEST(Server, ABodyAtTheLimitIsReadAndOneByteMoreIs413BeforeItIsSent) {
  RunningServer server(SmallLimits(), EchoRoutes());
  TestClient fits(server.port());
  const std::string at_limit =
      "[" + std::string(98, '1').replace(1, 96, std::string(48, '1') + std::string(48, ' ')) + "]";
  ASSERT_EQ(at_limit.size(), 100U);
  const auto accepted = fits.Request("POST", "/api/v1/session", "Content-Type: application/json\r\n", at_limit);
  ASSERT_TRUE(accepted);
  EXPECT_NE(accepted->result_int(), 413);

  TestClient over(server.port());
  // Only the header: the answer must come without the body being sent.
  ASSERT_TRUE(over.Send(RequestText("POST", "/api/v1/session", server.port(),
                                    "Content-Type: application/json\r\nContent-Length: 101\r\n")));
  const auto refused = over.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result_int(), 413);
  EXPECT_NE(refused->body().find("/api/v1/problems/too-large"), std::string::npos);
  EXPECT_FALSE(refused->keep_alive());
  EXPECT_TRUE(over.WaitClosed());
}

TEST(Server, ExpectContinueGets413InsteadOf100WhenTooLarge) {
  RunningServer server(SmallLimits(), EchoRoutes());
  TestClient client(server.port());
  ASSERT_TRUE(client.Send(
      RequestText("POST", "/api/v1/session", server.port(), "Expect: 100-continue\r\nContent-Length: 5000000\r\n")));
  const auto refused = client.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result_int(), 413);

  TestClient small(server.port());
  ASSERT_TRUE(
      small.Send(RequestText("POST", "/api/v1/session", server.port(),
                             "Expect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 2\r\n")));
  const auto go_on = small.Read(true);
  ASSERT_TRUE(go_on);
  EXPECT_EQ(go_on->result_int(), 100);
  ASSERT_TRUE(small.Send("{}"));
  const auto answer = small.Read();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->result_int(), 200);
}

TEST(Server, AChunkedBodyIsRefusedAsSoonAsItPassesTheLimit) {
  RunningServer server(SmallLimits(), EchoRoutes());
  TestClient client(server.port());
  ASSERT_TRUE(client.Send(RequestText("POST", "/api/v1/session", server.port(),
                                      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n")));
  ASSERT_TRUE(client.Send("64\r\n" + std::string(100, ' ') + "\r\n"));  // 100 bytes: at the limit
  ASSERT_TRUE(client.Send("1\r\n \r\n"));                               // one more; no last chunk follows
  const auto refused = client.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result_int(), 413);
}

TEST(Server, HeadersOverTheLimitAre431AndTheServerGoesOn) {
  RunningServer server(SmallLimits(), EchoRoutes());
  TestClient client(server.port());
  ASSERT_TRUE(client.Send(RequestText("GET", "/healthz", server.port(), "X-Big: " + std::string(2000, 'a') + "\r\n")));
  const auto refused = client.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result_int(), 431);
  EXPECT_NE(refused->body().find("too-large"), std::string::npos);
  TestClient next(server.port());
  EXPECT_EQ(next.Request("GET", "/healthz")->result_int(), 200);
}

TEST(Server, GarbageIs400AndClosed) {
  RunningServer server(SmallLimits(), EchoRoutes());
  TestClient client(server.port());
  ASSERT_TRUE(client.Send("HELLO\r\n\r\n"));
  const auto refused = client.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result_int(), 400);
  EXPECT_TRUE(client.WaitClosed());
}

TEST(Server, ASlowHeaderHoldsNoWorkerAndIsCutAtTheHeaderDeadline) {
  ServerOptions options = SmallLimits();
  options.header_timeout = 500ms;
  RunningServer server(options, EchoRoutes());
  TestClient slow(server.port());
  const std::string header =
      RequestText("GET", "/healthz", server.port(), "X-Padding: " + std::string(200, 'p') + "\r\n");
  std::size_t sent = 0;
  // One byte every 20 ms: the whole header would take over 5 s; the one
  // thread must still answer others meanwhile.
  for (; sent < header.size(); ++sent) {
    if (!slow.Send(header.substr(sent, 1))) break;
    if (sent == 3) {
      TestClient other(server.port());
      EXPECT_EQ(other.Request("GET", "/healthz")->result_int(), 200);
    }
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_LT(sent, header.size()) << "the server let a slow header run to its end";
  EXPECT_TRUE(slow.WaitClosed());
}

TEST(Server, ASlowBodyIsCutAtTheBodyDeadline) {
  ServerOptions options = SmallLimits();
  options.body_timeout = 300ms;
  RunningServer server(options, EchoRoutes());
  TestClient slow(server.port());
  ASSERT_TRUE(slow.Send(RequestText("POST", "/api/v1/session", server.port(),
                                    "Content-Type: application/json\r\nContent-Length: 10\r\n") +
                        "[1,"));
  EXPECT_TRUE(slow.WaitClosed());
  EXPECT_EQ(TestClient(server.port()).Request("GET", "/healthz")->result_int(), 200);
}

TEST(Server, AnIdleKeptAliveConnectionIsClosedAtTheIdleDeadline) {
  ServerOptions options = SmallLimits();
  options.idle_timeout = 200ms;
  RunningServer server(options, EchoRoutes());
  TestClient client(server.port());
  ASSERT_EQ(client.Request("GET", "/healthz")->result_int(), 200);
  EXPECT_TRUE(client.WaitClosed());
}

TEST(Server, ConnectionsBeyondTheBoundAreClosed) {
  ServerOptions options = SmallLimits();
  options.max_connections = 2;
  RunningServer server(options, EchoRoutes());
  TestClient first(server.port());
  TestClient second(server.port());
  ASSERT_EQ(first.Request("GET", "/healthz")->result_int(), 200);
  ASSERT_EQ(second.Request("GET", "/healthz")->result_int(), 200);
  TestClient third(server.port());
  EXPECT_FALSE(third.Request("GET", "/healthz"));
  EXPECT_EQ(first.Request("GET", "/healthz")->result_int(), 200);
}

TEST(Server, StopFinishesARequestInFlightWithConnectionCloseAndClosesIdleOnes) {
  ServerOptions options = SmallLimits();
  options.threads = 2;
  Gate entered;
  Gate release;
  RouteTable routes = EchoRoutes();
  routes.push_back({"GET", "/api/v1/runs", service::UseCase::kListRuns,
                    [&](const Request&) -> core::Result<Reply> {
                      entered.Open();
                      release.Wait();
                      return Reply::Json({{"done", true}});
                    },
                    BodyKind::kNone, std::nullopt, ""});
  // A public stand-in: the route needs no login in this test.
  routes.back().use_case = service::UseCase::kHealth;
  RunningServer server(options, std::move(routes));
  TestClient idle(server.port());
  ASSERT_EQ(idle.Request("GET", "/healthz")->result_int(), 200);
  TestClient busy(server.port());
  ASSERT_TRUE(busy.Send(RequestText("GET", "/api/v1/runs", server.port())));
  entered.Wait();
  std::jthread stopper([&] { server.Stop(); });
  EXPECT_TRUE(idle.WaitClosed());
  release.Open();
  const auto answer = busy.Read();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->result_int(), 200);
  EXPECT_FALSE(answer->keep_alive());
  stopper.join();
  EXPECT_THROW(TestClient late(server.port()), std::exception);
}

TEST(Server, LogsOneLinePerRequest) {
  std::string log;
  {
    RunningServer server(SmallLimits(), EchoRoutes());
    TestClient client(server.port());
    ASSERT_EQ(client.Request("GET", "/healthz?x=%1b")->result_int(), 200);
    ASSERT_EQ(client.Request("GET", "/api/v1/nothing", "Cookie: supeval=secret-cookie\r\n")->result_int(), 404);
    server.Stop();
    log = server.log();
  }
  EXPECT_NE(log.find(" GET /healthz?x=%1b 200 "), std::string::npos) << log;
  EXPECT_NE(log.find(" GET /api/v1/nothing 404 "), std::string::npos) << log;
  EXPECT_EQ(log.find("secret-cookie"), std::string::npos);
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 2);
}

TEST(Server, ServesMetricsOnlyOnTheMetricsListener) {
  ServerOptions options = SmallLimits();
  options.metrics = MetricsListener{"127.0.0.1", 0};
  NoAuthenticator authenticator;
  std::ostringstream log;
  Server server(options, EchoRoutes(), authenticator, nullptr, log);
  const auto address = server.Listen();
  ASSERT_TRUE(address.ok());
  ASSERT_TRUE(server.metrics_address());
  const auto port_of = [](const std::string& text) {
    return static_cast<std::uint16_t>(std::stoi(text.substr(text.rfind(':') + 1)));
  };
  std::jthread running([&] { server.Run(); });
  TestClient api(port_of(*address));
  EXPECT_EQ(api.Request("GET", "/healthz")->result_int(), 200);
  EXPECT_EQ(api.Request("GET", "/metrics")->result_int(), 404);
  EXPECT_EQ(api.Request("GET", "/api/v1/session")->result_int(), 405);
  TestClient scraper(port_of(*server.metrics_address()));
  const auto metrics = scraper.Request("GET", "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->result_int(), 200);
  EXPECT_EQ(metrics->at("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = metrics->body();
  EXPECT_NE(text.find("supeval_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("{route=\"none\",method=\"GET\",status=\"404\"} 1\n"), std::string::npos) << "by pattern";
  EXPECT_NE(text.find("{route=\"/api/v1/session\",method=\"GET\",status=\"405\"} 1\n"), std::string::npos);
  EXPECT_EQ(scraper.Request("GET", "/healthz")->result_int(), 404) << "the metrics listener serves /metrics only";
  server.Stop();
}

TEST(Server, ListenRefusesAnAddressInUse) {
  RunningServer first(SmallLimits(), {});
  ServerOptions options = SmallLimits();
  options.port = first.port();
  NoAuthenticator authenticator;
  std::ostringstream log;
  Server second(options, {}, authenticator, nullptr, log);
  const auto address = second.Listen();
  ASSERT_FALSE(address.ok());
  EXPECT_EQ(address.error().code, core::ErrorCode::kBadInput);
}

}  // namespace
}  // namespace supeval::server
