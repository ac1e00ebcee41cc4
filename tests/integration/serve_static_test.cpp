// `supeval serve --web DIR` as a whole program (API.md, "Deployment and
// serving"): the front end's own URLs reload as index.html, its assets come
// with their type and caching, a missing asset and every way out of DIR are
// 404 problems, HEAD and 304 work, every answer has the security headers, and
// the API's own paths answer as before. Also `--timezone` on the command line.
// The front end is the same on every back end: SQLite only.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "database_cli_test.hpp"
#include "serve_process.hpp"
#include "supeval/server/test_client.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;
using server::testing::Response;
using server::testing::TestClient;

constexpr std::string_view kIndexHtml =
    "<!doctype html><title>supeval</title><script type=\"module\" src=\"/assets/index-Bq3x_Z9k.js\"></script>";
constexpr std::string_view kScript = "console.log('supeval');";
constexpr std::string_view kSecret = "SECRET-OUTSIDE-THE-FRONT-END";
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

std::string HeaderOf(const Response& response, std::string_view name) {
  const auto found = response.find(name);
  return found == response.end() ? "" : std::string(found->value());
}

void Write(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

bool IsNotFoundProblem(const Response& response) {
  if (response.result_int() != 404 || HeaderOf(response, "Content-Type") != "application/problem+json") return false;
  const nlohmann::json problem = nlohmann::json::parse(response.body(), nullptr, false);
  return !problem.is_discarded() && problem["type"] == "/api/v1/problems/not-found";
}

class ServeStatic : public DatabaseCliTest {
 protected:
  void SetUp() override {
    DatabaseCliTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    const ProcessResult imported = Run({"import", "--data", Generate("data", 20).string()});
    ASSERT_EQ(imported.exit_status, 0) << imported.err;
    web_ = fs::path(scratch_) / "web" / "dist";
    Write(web_ / "index.html", kIndexHtml);
    Write(web_ / "assets/index-Bq3x_Z9k.js", kScript);
    Write(web_ / "favicon.ico", "icon");
    Write(web_ / ".env", kSecret);
    Write(fs::path(scratch_) / "web" / "secret.txt", kSecret);
    fs::create_symlink(fs::path(scratch_) / "web" / "secret.txt", web_ / "escape.txt");
    fs::create_symlink(fs::path(scratch_) / "web", web_ / "parent");
  }
  std::vector<std::string> WebOptions() const { return {"--web", web_.string()}; }

  fs::path web_;
};

TEST_P(ServeStatic, TheFrontEndsUrlsReloadAsIndexHtml) {
  Serve serve(db(), WebOptions());
  ASSERT_TRUE(serve.started());
  for (std::string_view target :
       {"/", "/suppliers/S00002", "/suppliers/S00002?tab=deliveries", "/runs/", "/index.html"}) {
    const auto page = serve.Get(target);
    ASSERT_TRUE(page) << target;
    EXPECT_EQ(page->result_int(), 200) << target;
    EXPECT_EQ(page->body(), kIndexHtml) << target;
    EXPECT_EQ(HeaderOf(*page, "Content-Type"), "text/html; charset=utf-8") << target;
    EXPECT_EQ(HeaderOf(*page, "Cache-Control"), "no-cache") << target;
    EXPECT_EQ(HeaderOf(*page, "Content-Security-Policy"), kContentSecurityPolicy) << target;
    EXPECT_EQ(HeaderOf(*page, "X-Content-Type-Options"), "nosniff") << target;
    EXPECT_EQ(HeaderOf(*page, "Referrer-Policy"), "no-referrer") << target;
    EXPECT_FALSE(HeaderOf(*page, "X-Request-Id").empty()) << target;
  }
  const auto first = serve.Get("/suppliers/S00002");
  const std::string tag = HeaderOf(*first, "ETag");
  ASSERT_FALSE(tag.empty());
  const auto unchanged = serve.Get("/suppliers/S00003", "If-None-Match: " + tag + "\r\n");
  EXPECT_EQ(unchanged->result_int(), 304);
  EXPECT_TRUE(unchanged->body().empty());

  TestClient client(serve.port());
  ASSERT_TRUE(client.Send(server::testing::RequestText("HEAD", "/suppliers/S00002", serve.port())));
  const auto head = client.Read(true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->result_int(), 200);
  EXPECT_TRUE(head->body().empty());
  EXPECT_EQ(HeaderOf(*head, "Content-Length"), std::to_string(kIndexHtml.size()));
  EXPECT_EQ(client.Request("GET", "/healthz")->result_int(), 200) << "the connection goes on after HEAD";

  EXPECT_EQ(serve.Terminate(), 0);
  const std::string log = serve.RestOfLog();
  EXPECT_NE(log.find("supeval: front end " + web_.string() + "\n"), std::string::npos) << log;
  EXPECT_NE(log.find(" GET /suppliers/S00002?tab=deliveries 200 "), std::string::npos) << log;
}

TEST_P(ServeStatic, AssetsComeWithTheirTypeAndCaching) {
  Serve serve(db(), WebOptions());
  ASSERT_TRUE(serve.started());
  const auto script = serve.Get("/assets/index-Bq3x_Z9k.js");
  EXPECT_EQ(script->result_int(), 200);
  EXPECT_EQ(script->body(), kScript);
  EXPECT_EQ(HeaderOf(*script, "Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(*script, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(HeaderOf(*script, "Content-Security-Policy"), kContentSecurityPolicy);
  const auto icon = serve.Get("/favicon.ico");
  EXPECT_EQ(HeaderOf(*icon, "Content-Type"), "image/x-icon");
  EXPECT_EQ(HeaderOf(*icon, "Cache-Control"), "no-cache") << "not content-hashed";
  // Read at start: a file changed afterwards is not seen until a restart.
  Write(web_ / "index.html", "rebuilt");
  EXPECT_EQ(serve.Get("/")->body(), kIndexHtml);
  EXPECT_EQ(serve.Terminate(), 0);
}

TEST_P(ServeStatic, NoFileNoWayOutNoListing) {
  Serve serve(db(), WebOptions());
  ASSERT_TRUE(serve.started());
  // A stale tab asking for an old build's script gets a 404, not HTML.
  for (std::string_view target : {"/assets/index-OLDHASH0.js", "/assets/", "/assets/gone", "/app.css", "/x/y.js"}) {
    const auto missing = serve.Get(target);
    ASSERT_TRUE(missing) << target;
    EXPECT_TRUE(IsNotFoundProblem(*missing)) << target << " " << missing->result_int();
    EXPECT_EQ(HeaderOf(*missing, "Content-Security-Policy"), kContentSecurityPolicy) << target;
  }
  for (std::string_view target :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/assets/../../secret.txt",
        "/assets/..%2f..%2fsecret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/..%5csecret.txt",
        "/assets%5c..%5c..%5csecret.txt", "/.env", "/%2eenv", "/escape.txt", "/parent/secret.txt",
        "/parent/dist/index.html", "/secret.txt%00.js", "/%00", "//secret.txt", "/./secret.txt"}) {
    TestClient client(serve.port());
    const auto refused = client.Request("GET", target);
    ASSERT_TRUE(refused) << target;
    EXPECT_EQ(refused->body().find(kSecret), std::string::npos) << target;
    EXPECT_NE(refused->result_int(), 200U) << target;
  }
  EXPECT_EQ(serve.Get("/healthz")->result_int(), 200) << "still up";
  EXPECT_EQ(serve.Terminate(), 0);
}

TEST_P(ServeStatic, OnlyGetAndHeadOnTheFrontEndsPaths) {
  Serve serve(db(), WebOptions());
  ASSERT_TRUE(serve.started());
  TestClient client(serve.port());
  const auto posted = client.Request("POST", "/suppliers/S00002", "Content-Type: application/json\r\n", "{}");
  EXPECT_EQ(posted->result_int(), 405);
  EXPECT_EQ(HeaderOf(*posted, "Allow"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(HeaderOf(*posted, "Content-Type"), "application/problem+json");
  const auto options = client.Request("OPTIONS", "/suppliers/S00002");
  EXPECT_EQ(options->result_int(), 204);
  EXPECT_EQ(HeaderOf(*options, "Allow"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(HeaderOf(*options, "Access-Control-Allow-Origin"), "");
  EXPECT_TRUE(IsNotFoundProblem(*client.Request("DELETE", "/assets/gone.js")));
  EXPECT_EQ(serve.Terminate(), 0);
}

TEST_P(ServeStatic, TheServersOwnPathsAnswerAsBefore) {
  Serve serve(db(), WebOptions());
  ASSERT_TRUE(serve.started());
  for (std::string_view target :
       {"/api/nope", "/api", "/api/v1/nothing", "/api/v1/index.html", "/metrics", "/healthz/index.html", "/readyz/x"}) {
    const auto refused = serve.Get(target);
    ASSERT_TRUE(refused) << target;
    EXPECT_TRUE(IsNotFoundProblem(*refused)) << target << " " << refused->result_int();
  }
  EXPECT_EQ(serve.Get("/healthz")->body(), "ok");
  EXPECT_EQ(HeaderOf(*serve.Get("/api/v1/openapi.json"), "Content-Type"), "application/json");
  EXPECT_EQ(serve.Get("/api/v1/suppliers")->result_int(), 401);
  EXPECT_EQ(serve.Terminate(), 0);
}

TEST_P(ServeStatic, WithoutAFrontEndEveryOtherPathIsA404) {
  Serve serve(db(), {"--no-web"});
  ASSERT_TRUE(serve.started());
  EXPECT_TRUE(IsNotFoundProblem(*serve.Get("/")));
  EXPECT_TRUE(IsNotFoundProblem(*serve.Get("/suppliers/S00002")));
  EXPECT_EQ(serve.Terminate(), 0);
  EXPECT_NE(serve.RestOfLog().find("supeval: front end none\n"), std::string::npos);
}

TEST_P(ServeStatic, RefusesABadWebFolderOrTimeZone) {
  Write(fs::path(scratch_) / "empty" / "readme.txt", "no index");
  struct Case {
    std::vector<std::string> options;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--web", scratch_ + "/absent"}, "--web"},
      {{"--web", scratch_ + "/empty"}, "index.html"},
      {{"--web", web_.string(), "--no-web"}, "--no-web"},
      {{"--timezone", "Nowhere/Zone"}, "Nowhere/Zone"},
      {{"--timezone", "../../etc/passwd"}, "no time zone name"},
      {{"--timezone", ""}, "--timezone"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> arguments = {"serve", "--db", db(), "--listen", "127.0.0.1:0"};
    arguments.insert(arguments.end(), c.options.begin(), c.options.end());
    const ProcessResult result = RunSupeval(arguments);
    EXPECT_EQ(result.exit_status, 2) << c.options[1] << ": " << result.err;
    EXPECT_NE(result.err.find(c.message), std::string::npos) << result.err;
    EXPECT_EQ(result.out, "");
  }
}

TEST_P(ServeStatic, LogsItsTimeZone) {
  Serve serve(db(), {"--timezone", "Europe/Berlin", "--no-web"});
  ASSERT_TRUE(serve.started());
  EXPECT_EQ(serve.Terminate(), 0);
  EXPECT_NE(serve.RestOfLog().find("supeval: time zone Europe/Berlin\n"), std::string::npos);
  Serve utc(db(), {"--no-web"});
  ASSERT_TRUE(utc.started());
  EXPECT_EQ(utc.Terminate(), 0);
  EXPECT_NE(utc.RestOfLog().find("supeval: time zone UTC\n"), std::string::npos) << "the default";
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ServeStatic, ::testing::Values(store::Backend::kSqlite),
                         [](const ::testing::TestParamInfo<store::Backend>& param_info) {
                           return store::testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::testing
