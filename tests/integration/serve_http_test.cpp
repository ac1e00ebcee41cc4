// `supeval serve` as a whole program on loopback, against a small database of
// each back end: the built-in routes (healthz, readyz, openapi.json), the
// problems and headers of refusals, the limits (413, 431, a slow header), the
// server still up after each, graceful shutdown on SIGTERM, and the command
// line's checks of its options.
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "database_cli_test.hpp"
#include "serve_api_client.hpp"
#include "serve_process.hpp"
#include "supeval/server/test_client.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;
using server::testing::RequestText;
using server::testing::TestClient;

// A random UUID (version 4) in its lower-case text form. (No std::regex: g++
// 12's <regex> does not build warning-free under ASan.)
bool IsUuidV4(const std::string& text) {
  if (text.size() != 36 || text[14] != '4') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = text[i];
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// A path pattern with each {name} replaced by "x".
std::string WithParametersAsX(const std::string& pattern) {
  std::string target;
  bool in_parameter = false;
  for (const char c : pattern) {
    if (c == '{') {
      in_parameter = true;
      target += 'x';
    } else if (c == '}') {
      in_parameter = false;
    } else if (!in_parameter) {
      target += c;
    }
  }
  return target;
}

class ServeHttp : public DatabaseCliTest {
 protected:
  void SetUp() override {
    DatabaseCliTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    const fs::path data = GenerateData(fs::path(scratch_) / "data", 200);
    const ProcessResult imported = Run({"import", "--data", data.string()});
    ASSERT_EQ(imported.exit_status, 0) << imported.err;
  }
};

TEST_P(ServeHttp, AnswersHealthReadinessAndItsOpenApiDocument) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const auto health = serve.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->result_int(), 200);
  EXPECT_EQ(health->body(), "ok");
  EXPECT_EQ(HeaderOf(*health, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(HeaderOf(*health, "Referrer-Policy"), "no-referrer");
  EXPECT_NE(HeaderOf(*health, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  const std::string request_id = HeaderOf(*health, "X-Request-Id");
  EXPECT_TRUE(IsUuidV4(request_id));

  EXPECT_EQ(serve.Get("/readyz")->result_int(), 200);

  const auto openapi = serve.Get("/api/v1/openapi.json");
  ASSERT_TRUE(openapi);
  ASSERT_EQ(openapi->result_int(), 200);
  const nlohmann::json document = nlohmann::json::parse(openapi->body());
  EXPECT_EQ(document["openapi"], "3.1.0");
  EXPECT_EQ(document["info"]["version"], "0.1.0");
  for (const char* path : {"/healthz", "/readyz", "/api/v1/openapi.json"}) {
    const nlohmann::json& operation = document["paths"][path]["get"];
    EXPECT_EQ(operation["x-roles"], nlohmann::json::array({"public"})) << path;
    EXPECT_EQ(operation["security"], nlohmann::json::array()) << path;
  }
  const std::string tag = HeaderOf(*openapi, "ETag");
  EXPECT_EQ(HeaderOf(*openapi, "Cache-Control"), "private, no-cache");
  const auto unchanged = serve.Get("/api/v1/openapi.json", "If-None-Match: " + tag + "\r\n");
  EXPECT_EQ(unchanged->result_int(), 304);
  EXPECT_TRUE(unchanged->body().empty());

  EXPECT_EQ(serve.Terminate(), 0);
  const std::string log = serve.RestOfLog();
  EXPECT_NE(log.find(" GET /healthz 200 "), std::string::npos) << log;
  EXPECT_NE(log.find(" - 127.0.0.1 " + request_id + "\n"), std::string::npos) << log;
}

// The document and the real routes, both ways: every operation it lists
// answers its method (a public one neither 404 nor 405, another 401 without
// a login), and every path it does not list is a 404 (tested on the
// neighbours of its paths, three segments deeper than any route).
TEST_P(ServeHttp, TheOpenApiDocumentMatchesTheRealRoutes) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const nlohmann::json document = nlohmann::json::parse(serve.Get("/api/v1/openapi.json")->body());
  ASSERT_FALSE(document["paths"].empty());
  for (const auto& [path, operations] : document["paths"].items()) {
    const std::string target = WithParametersAsX(path);
    for (const auto& [method, operation] : operations.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      TestClient client(serve.port());
      const auto answer = client.Request(upper, target);
      ASSERT_TRUE(answer) << upper << " " << target;
      const bool is_public = operation["x-roles"] == nlohmann::json::array({"public"});
      if (is_public) {
        EXPECT_NE(answer->result_int(), 404U) << upper << " " << target;
        EXPECT_NE(answer->result_int(), 405U) << upper << " " << target;
        EXPECT_LT(answer->result_int(), 500U) << upper << " " << target;
      } else {
        EXPECT_EQ(answer->result_int(), 401U) << upper << " " << target;
      }
    }
    EXPECT_EQ(serve.Get(target + "/unlisted/unlisted/unlisted")->result_int(), 404) << target;
  }
  EXPECT_EQ(serve.Terminate(), 0);
}

TEST_P(ServeHttp, RefusesWithProblemsAndStaysUp) {
  Serve serve(db(), {"--max-body", "1KiB"});
  ASSERT_TRUE(serve.started());
  const auto still_up = [&] { return serve.Get("/healthz")->result_int() == 200; };

  const auto missing = serve.Get("/api/v1/nothing");
  EXPECT_EQ(missing->result_int(), 404);
  EXPECT_EQ(HeaderOf(*missing, "Content-Type"), "application/problem+json");
  const nlohmann::json problem = nlohmann::json::parse(missing->body());
  EXPECT_EQ(problem["type"], "/api/v1/problems/not-found");
  EXPECT_EQ(problem["instance"], "urn:uuid:" + HeaderOf(*missing, "X-Request-Id"));
  EXPECT_EQ(serve.Get("/metrics")->result_int(), 404) << "never on the API listener";

  TestClient methods(serve.port());
  const auto not_allowed = methods.Request("POST", "/healthz");
  EXPECT_EQ(not_allowed->result_int(), 405);
  EXPECT_EQ(HeaderOf(*not_allowed, "Allow"), "GET, HEAD, OPTIONS");
  const auto options = methods.Request("OPTIONS", "/readyz");
  EXPECT_EQ(options->result_int(), 204);
  EXPECT_EQ(HeaderOf(*options, "Allow"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(HeaderOf(*options, "Access-Control-Allow-Origin"), "");
  const auto head = methods.Request("HEAD", "/api/v1/openapi.json");
  EXPECT_EQ(head->result_int(), 200);
  EXPECT_TRUE(head->body().empty());
  EXPECT_NE(HeaderOf(*head, "Content-Length"), "0");
  EXPECT_EQ(methods.Request("GET", "/healthz")->result_int(), 200) << "the same connection goes on";

  TestClient at_limit(serve.port());
  EXPECT_EQ(at_limit.Request("POST", "/api/v1/nothing", "Content-Type: application/json\r\n", std::string(1024, ' '))
                ->result_int(),
            404);
  TestClient over(serve.port());
  ASSERT_TRUE(over.Send(RequestText("POST", "/api/v1/nothing", serve.port(), "Content-Length: 1025\r\n")));
  const auto too_large = over.Read();
  ASSERT_TRUE(too_large) << "413 must come without the body";
  EXPECT_EQ(too_large->result_int(), 413);
  EXPECT_TRUE(still_up());

  TestClient big_header(serve.port());
  const auto too_many = big_header.Request("GET", "/healthz", "X-Fill: " + std::string(17 * 1024, 'x') + "\r\n");
  ASSERT_TRUE(too_many);
  EXPECT_EQ(too_many->result_int(), 431);
  EXPECT_TRUE(still_up());

  TestClient garbage(serve.port());
  ASSERT_TRUE(garbage.Send(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15)));
  EXPECT_EQ(garbage.Read()->result_int(), 400);
  EXPECT_TRUE(still_up());
  EXPECT_EQ(serve.Terminate(), 0);
}

TEST_P(ServeHttp, ASlowHeaderIsCutWhileOthersAreServed) {
  Serve serve(db(), {"--threads", "1", "--header-timeout", "1s"});
  ASSERT_TRUE(serve.started());
  TestClient slow(serve.port());
  const std::string header = RequestText("GET", "/healthz", serve.port(), "X-Pad: " + std::string(100, 'p') + "\r\n");
  std::size_t sent = 0;
  // A byte every 50 ms: the header would take over 6 s, its deadline is 1 s.
  for (; sent < header.size() && slow.Send(header.substr(sent, 1)); ++sent) {
    if (sent == 2) {
      EXPECT_EQ(serve.Get("/healthz")->result_int(), 200);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_LT(sent, header.size());
  EXPECT_TRUE(slow.WaitClosed());
  EXPECT_EQ(serve.Get("/healthz")->result_int(), 200);
  EXPECT_EQ(serve.Terminate(), 0);
}

TEST_P(ServeHttp, StopsGracefullyOnSigterm) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  TestClient idle(serve.port());
  ASSERT_EQ(idle.Request("GET", "/healthz")->result_int(), 200);
  TestClient in_flight(serve.port());
  // Half a request: in flight when the signal comes.
  ASSERT_TRUE(in_flight.Send("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  ASSERT_EQ(serve.Get("/healthz")->result_int(), 200);  // the half request has reached the server
  std::jthread terminate([&] { EXPECT_EQ(serve.Terminate(), 0); });
  EXPECT_TRUE(idle.WaitClosed());
  EXPECT_THROW(TestClient late(serve.port()), std::exception) << "no new connections";
  ASSERT_TRUE(in_flight.Send("\r\n"));
  const auto stopping = in_flight.Read();
  ASSERT_TRUE(stopping);
  EXPECT_EQ(stopping->result_int(), 503);
  EXPECT_FALSE(stopping->keep_alive());
  EXPECT_EQ(HeaderOf(*stopping, "Retry-After"), "5");
  EXPECT_NE(stopping->body().find("/api/v1/problems/unavailable"), std::string::npos);
  terminate.join();
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeHttp, ::testing::ValuesIn(store::testing::AllBackends()),
                         [](const ::testing::TestParamInfo<store::Backend>& param_info) {
                           return store::testing::BackendName(param_info.param);
                         });

class ServeSqlite : public ServeHttp {};

TEST_P(ServeSqlite, ReadinessFollowsTheDatabase) {
  const fs::path file = db().substr(std::string_view("sqlite:").size());
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  EXPECT_EQ(serve.Get("/readyz")->result_int(), 200);
  fs::rename(file, file.string() + ".away");
  const auto unready = serve.Get("/readyz");
  EXPECT_EQ(unready->result_int(), 503);
  EXPECT_EQ(HeaderOf(*unready, "Retry-After"), "5");
  EXPECT_EQ(serve.Get("/healthz")->result_int(), 200) << "the process still runs";
  fs::rename(file.string() + ".away", file);
  EXPECT_EQ(serve.Get("/readyz")->result_int(), 200);
  EXPECT_EQ(serve.Terminate(), 0);
}

TEST_P(ServeSqlite, RefusesBadOptionsWithExitStatus2) {
  struct Case {
    std::vector<std::string> options;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--listen", "0.0.0.0:0"}, "--insecure-http"},
      {{"--listen", "8080"}, "--listen"},
      {{"--listen", "127.0.0.1:70000"}, "--listen"},
      {{"--max-body", "1MB"}, "--max-body"},
      {{"--max-upload", "0"}, "--max-upload"},
      {{"--header-timeout", "10"}, "--header-timeout"},
      {{"--body-timeout", "1d"}, "--body-timeout"},
      {{"--threads", "0"}, "--threads"},
      {{"--session-idle", "30"}, "--session-idle"},
      {{"--metrics-listen", "10.0.0.1:9100"}, "--insecure-http"},
      {{"--metrics-listen", "9100"}, "--metrics-listen"},
      {{"--trusted-proxy", "10.0.0.0/33"}, "--trusted-proxy"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> arguments = {"serve", "--db", db()};
    arguments.insert(arguments.end(), c.options.begin(), c.options.end());
    const ProcessResult result = RunSupeval(arguments);
    EXPECT_EQ(result.exit_status, 2) << c.options[0] << ": " << result.err;
    EXPECT_NE(result.err.find(c.message), std::string::npos) << result.err;
    EXPECT_EQ(result.out, "");
  }
  const ProcessResult missing =
      RunSupeval({"serve", "--db", "sqlite:" + scratch_ + "/none.db", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(missing.exit_status, 2) << missing.err;
}

TEST_P(ServeSqlite, ServesANonLoopbackAddressOnlyWithInsecureHttp) {
  Serve serve(db(), {"--insecure-http"}, "0.0.0.0:0");
  ASSERT_TRUE(serve.started());
  EXPECT_EQ(serve.Get("/healthz")->result_int(), 200);
  EXPECT_EQ(serve.Terminate(), 0);
}

TEST_P(ServeSqlite, ServesMetricsOnItsOwnListener) {
  Serve serve(db(), {"--metrics-listen", "127.0.0.1:0"});
  ASSERT_TRUE(serve.started());
  EXPECT_EQ(serve.Get("/healthz")->result_int(), 200);
  EXPECT_EQ(serve.Get("/metrics")->result_int(), 404) << "never on the API listener";
  const std::uint16_t metrics_port = serve.metrics_port();
  ASSERT_NE(metrics_port, 0);
  // A request is counted once its answer is written, which may be just
  // after the client has read it: scrape until it shows (or give up).
  const std::string counted = "supeval_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1";
  std::optional<server::testing::Response> metrics;
  for (int attempt = 0; attempt < 100; ++attempt) {
    TestClient scraper(metrics_port);
    metrics = scraper.Request("GET", "/metrics");
    if (!metrics || metrics->body().find(counted) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->result_int(), 200);
  EXPECT_NE(metrics->body().find("supeval_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"),
            std::string::npos)
      << metrics->body();
  EXPECT_NE(metrics->body().find("supeval_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 1"),
            std::string::npos);
  EXPECT_EQ(serve.Terminate(), 0);
}

TEST_P(ServeSqlite, ServesHttpsWithTheCertificateGiven) {
  const std::string cert = scratch_ + "/cert.pem";
  const std::string key = scratch_ + "/key.pem";
  Shell("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout " + key + " -out " + cert +
        " 2>/dev/null");
  ASSERT_TRUE(fs::exists(cert) && fs::exists(key));
  Serve serve(db(), {"--tls-cert", cert, "--tls-key", key}, "127.0.0.1:0");
  ASSERT_TRUE(serve.started());
  const std::string url = "https://127.0.0.1:" + std::to_string(serve.port());
  const std::string answer = Shell("curl -sk -D - " + url + "/healthz");
  EXPECT_NE(answer.find("HTTP/1.1 200"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Strict-Transport-Security: max-age=31536000; includeSubDomains"), std::string::npos);
  EXPECT_NE(answer.find("\r\n\r\nok"), std::string::npos);
  const std::string problem = Shell("curl -sk " + url + "/api/v1/nothing");
  EXPECT_NE(problem.find("/api/v1/problems/not-found"), std::string::npos) << problem;
  // Plain HTTP on the TLS port is no handshake: closed, and the server goes on.
  TestClient plain(serve.port());
  EXPECT_FALSE(plain.Request("GET", "/healthz"));
  EXPECT_NE(Shell("curl -sk -o /dev/null -w '%{http_code}' " + url + "/readyz"), "000");
  EXPECT_EQ(serve.Terminate(), 0);
}

TEST_P(ServeSqlite, RefusesUnusableTlsFiles) {
  const ProcessResult half = RunSupeval({"serve", "--db", db(), "--tls-cert", "/nonexistent.pem"});
  EXPECT_EQ(half.exit_status, 2);
  EXPECT_NE(half.err.find("--tls-key"), std::string::npos) << half.err;
  const ProcessResult missing = RunSupeval({"serve", "--db", db(), "--listen", "127.0.0.1:0", "--tls-cert",
                                            "/nonexistent.pem", "--tls-key", "/nonexistent.pem"});
  EXPECT_EQ(missing.exit_status, 2);
  EXPECT_NE(missing.err.find("--tls-cert: cannot use"), std::string::npos) << missing.err;
}

TEST_P(ServeSqlite, ReadsProxyHeadersOnlyFromTrustedProxies) {
  const std::string headers = "X-Forwarded-For: 203.0.113.1, 198.51.100.7\r\nX-Forwarded-Proto: https\r\n";
  std::string trusted_log;
  {
    Serve serve(db(), {"--trusted-proxy", "127.0.0.0/8"});
    ASSERT_TRUE(serve.started());
    const auto answer = serve.Get("/healthz", headers);
    EXPECT_EQ(HeaderOf(*answer, "Strict-Transport-Security"), "max-age=31536000; includeSubDomains");
    EXPECT_EQ(serve.Terminate(), 0);
    trusted_log = serve.RestOfLog();
  }
  EXPECT_NE(trusted_log.find(" GET /healthz 200 "), std::string::npos);
  EXPECT_NE(trusted_log.find(" - 198.51.100.7 "), std::string::npos) << trusted_log;
  Serve untrusted(db(), {"--trusted-proxy", "10.0.0.0/8"});
  ASSERT_TRUE(untrusted.started());
  EXPECT_EQ(HeaderOf(*untrusted.Get("/healthz", headers), "Strict-Transport-Security"), "");
  EXPECT_EQ(untrusted.Terminate(), 0);
  const std::string log = untrusted.RestOfLog();
  EXPECT_NE(log.find(" - 127.0.0.1 "), std::string::npos) << log;
  EXPECT_EQ(log.find("198.51.100.7"), std::string::npos);
}

TEST_P(ServeSqlite, RefusesAPortInUse) {
  Serve first(db());
  ASSERT_TRUE(first.started());
  const ProcessResult second =
      RunSupeval({"serve", "--db", db(), "--listen", "127.0.0.1:" + std::to_string(first.port())});
  EXPECT_EQ(second.exit_status, 2);
  EXPECT_NE(second.err.find("cannot listen"), std::string::npos) << second.err;
  EXPECT_EQ(first.Terminate(), 0);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ServeSqlite, ::testing::Values(store::Backend::kSqlite),
                         [](const ::testing::TestParamInfo<store::Backend>& param_info) {
                           return store::testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::testing
