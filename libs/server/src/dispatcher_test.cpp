// The order of checks of API.md ("Roles and scope") and the headers of every
// answer, on the dispatcher alone (no sockets), with a fake authenticator.
#include "dispatcher.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace supeval::server {
namespace {

namespace http = boost::beast::http;
using service::Caller;
using service::Role;
using service::UseCase;

constexpr std::string_view kRequestId = "0b7e3c9a-51d2-4c77-9d1e-6a2f0c1d4e5f";

Caller Staff(Role role) { return Caller{"anna", "Anna", role, std::nullopt, std::nullopt, false}; }
Caller SupplierUser(std::string supplier) {
  return Caller{"sam", "Sam", Role::kSupplier, supplier, std::nullopt, false};
}

// Sessions and tokens by their secret; everything else is unknown.
class FakeAuthenticator final : public Authenticator {
 public:
  core::Result<Authentication> Authenticate(const Credentials& credentials) override {
    ++calls;
    if (credentials.token) {
      if (*credentials.token == "down") return core::Failure(core::ErrorCode::kUnavailable, "database down");
      const auto found = tokens.find(*credentials.token);
      if (found == tokens.end()) return Authentication{AuthenticationOutcome::kInvalidToken, std::nullopt, "", ""};
      Caller caller = found->second;
      caller.via_token = true;
      return Authentication{AuthenticationOutcome::kAuthenticated, caller, "", ""};
    }
    if (*credentials.session_id == "ended")
      return Authentication{AuthenticationOutcome::kExpired, std::nullopt, "", ""};
    const auto found = sessions.find(*credentials.session_id);
    if (found == sessions.end()) return Authentication{};
    return found->second;
  }
  std::map<std::string, Authentication> sessions;
  std::map<std::string, Caller> tokens;
  int calls = 0;
};

core::Result<Reply> Echo(const Request& request) {
  nlohmann::json echo = {{"path", request.path}, {"method", request.method}};
  for (const auto& [name, value] : request.path_parameters) echo["parameters"][name] = value;
  if (!request.json.is_null()) echo["json"] = request.json;
  if (request.caller != nullptr) echo["user"] = request.caller->user;
  echo["https"] = request.https;
  echo["has_session_id"] = !request.session_id.empty();
  echo["idempotency_key"] = request.Header("idempotency-key").value_or("");
  return Reply::Json(echo);
}

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest() {
    static const service::SortSpec kSuppliersSort{{"supplier_id", "name"}, "supplier_id", "supplier_id"};
    const ListSpec suppliers_list{&kSuppliersSort};
    routes_ = {
        {"GET", "/api/v1/suppliers", UseCase::kListSuppliers, Echo, BodyKind::kNone, suppliers_list, ""},
        {"GET", "/api/v1/suppliers/{id}", UseCase::kShowSupplier, Echo, BodyKind::kNone, std::nullopt, ""},
        {"POST", "/api/v1/holds", UseCase::kImposeHold, Echo, BodyKind::kJson, std::nullopt, ""},
        {"POST",
         "/api/v1/holds/{id}/withdraw",
         UseCase::kWithdrawHold,
         Echo,
         BodyKind::kJson,
         std::nullopt,
         "",
         {"WithdrawHoldRequest", "Hold"}},
        {"PATCH", "/api/v1/users/{name}", UseCase::kUpdateUser, Echo, BodyKind::kMergePatch, std::nullopt, ""},
        {"POST", "/api/v1/session", UseCase::kLogin, Echo, BodyKind::kJson, std::nullopt, ""},
        {"GET", "/api/v1/session", UseCase::kShowSession, Echo, BodyKind::kNone, std::nullopt, ""},
        {"DELETE", "/api/v1/session", UseCase::kLogout, Echo, BodyKind::kNone, std::nullopt, ""},
        {"GET", "/api/v1/tokens", UseCase::kListTokens, Echo, BodyKind::kNone, std::nullopt, ""},
        {"POST", "/api/v1/imports", UseCase::kImport, Echo, BodyKind::kMultipart, std::nullopt, ""},
        {"GET", "/api/v1/runs", UseCase::kListRuns,
         [](const Request&) -> core::Result<Reply> { return core::Internal("password=hunter2 in /etc/secret"); },
         BodyKind::kNone, std::nullopt, ""},
        {"GET", "/api/v1/batches", UseCase::kListBatches,
         [](const Request&) -> core::Result<Reply> { throw std::runtime_error("boom"); }, BodyKind::kNone, std::nullopt,
         ""},
        {"POST", "/api/v1/runs", UseCase::kPublishRun,
         [](const Request&) -> core::Result<Reply> {
           return core::Failure(core::ErrorCode::kConflict, "withdrawn on 2026-01-02", "already-withdrawn");
         },
         BodyKind::kNone, std::nullopt, ""},
        {"GET", "/healthz", UseCase::kHealth, Echo, BodyKind::kNone, std::nullopt, ""},
    };
    options_.version = "9.9.9";
    auth_.sessions["quality"] = {AuthenticationOutcome::kAuthenticated, Staff(Role::kQuality), "csrf-quality", ""};
    auth_.sessions["purchasing"] = {AuthenticationOutcome::kAuthenticated, Staff(Role::kPurchasing), "csrf-p", ""};
    auth_.sessions["supplier"] = {AuthenticationOutcome::kAuthenticated, SupplierUser("S00001"), "csrf-s", ""};
    auth_.sessions["restricted"] = {AuthenticationOutcome::kAuthenticated, Staff(Role::kQuality), "csrf-r",
                                    "password-change-required"};
    auth_.tokens["token-quality"] = Staff(Role::kQuality);
    dispatcher_.emplace(options_, routes_, auth_);
  }

  HttpResponse Send(http::verb method, std::string_view target, std::map<std::string, std::string> headers = {},
                    std::string body = {}) {
    HttpRequest request{method, target, 11};
    request.set(http::field::host, "127.0.0.1:8080");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = std::move(body);
    if (!request.body().empty()) request.prepare_payload();
    return dispatcher_->Handle(request, "127.0.0.1", kRequestId).response;
  }
  static nlohmann::json Json(const HttpResponse& response) { return nlohmann::json::parse(response.body()); }
  static std::string ProblemType(const HttpResponse& response) { return Json(response).at("type").get<std::string>(); }
  static std::string Header(const HttpResponse& response, std::string_view name) {
    const auto found = response.find(name);
    return found == response.end() ? "" : std::string(found->value());
  }

  ServerOptions options_;
  RouteTable routes_;
  FakeAuthenticator auth_;
  std::optional<Dispatcher> dispatcher_;
};

const std::map<std::string, std::string> kQuality = {{"Cookie", "other=1; supeval=quality"}};
const std::map<std::string, std::string> kQualityWithCsrf = {{"Cookie", "supeval=quality"},
                                                             {"X-CSRF-Token", "csrf-quality"}};
const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

std::map<std::string, std::string> With(std::map<std::string, std::string> a,
                                        const std::map<std::string, std::string>& b) {
  a.insert(b.begin(), b.end());
  return a;
}

TEST_F(DispatcherTest, UnknownApiPathIsANotFoundProblem) {
  const HttpResponse response = Send(http::verb::get, "/api/v1/nothing/here");
  EXPECT_EQ(response.result_int(), 404);
  EXPECT_EQ(Header(response, "Content-Type"), "application/problem+json");
  const nlohmann::json problem = Json(response);
  EXPECT_EQ(problem["type"], "/api/v1/problems/not-found");
  EXPECT_EQ(problem["status"], 404);
  EXPECT_EQ(problem["instance"], "urn:uuid:" + std::string(kRequestId));
  EXPECT_TRUE(problem.contains("title") && problem.contains("detail"));
  EXPECT_EQ(Send(http::verb::get, "/metrics").result_int(), 404);
  EXPECT_EQ(Send(http::verb::get, "/api/v1/suppliers/S1/extra").result_int(), 404);
  EXPECT_EQ(Send(http::verb::get, "/api/v1/suppliers//").result_int(), 404);
}

TEST_F(DispatcherTest, EveryAnswerCarriesTheSecurityHeadersAndTheRequestId) {
  for (const HttpResponse& response :
       {Send(http::verb::get, "/healthz"), Send(http::verb::get, "/nothing"), Send(http::verb::options, "/healthz")}) {
    EXPECT_EQ(Header(response, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(Header(response, "Referrer-Policy"), "no-referrer");
    EXPECT_EQ(Header(response, "Content-Security-Policy"),
              "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
    EXPECT_EQ(Header(response, "X-Request-Id"), kRequestId);
    EXPECT_EQ(Header(response, "Strict-Transport-Security"), "");
    EXPECT_EQ(Header(response, "Access-Control-Allow-Origin"), "");
  }
}

// The front end answers the paths no route has, outside the server's own,
// without asking the authenticator (no database read for a page or asset).
TEST_F(DispatcherTest, PathsNoRouteHasGoToTheFrontEnd) {
  const std::filesystem::path web =
      std::filesystem::temp_directory_path() / ("supeval_dispatcher_web_" + std::to_string(::getpid()));
  std::filesystem::create_directories(web);
  std::ofstream(web / "index.html") << "<!doctype html>";
  auto files = StaticFiles::Load(web);
  std::filesystem::remove_all(web);
  ASSERT_TRUE(files.ok()) << files.error().ToString();
  const Dispatcher with_web(options_, routes_, auth_, &*files);
  HttpRequest request{http::verb::get, "/suppliers/S00002", 11};
  request.set(http::field::cookie, "supeval=quality");
  const Outcome page = with_web.Handle(request, "127.0.0.1", kRequestId);
  EXPECT_EQ(page.response.result_int(), 200);
  EXPECT_EQ(page.response.body(), "<!doctype html>");
  EXPECT_EQ(page.route, "/{front-end}") << "one label in the metrics for every page";
  EXPECT_EQ(page.user, "");
  EXPECT_EQ(auth_.calls, 0);
  EXPECT_EQ(Header(page.response, "Content-Security-Policy"),
            "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  HttpRequest api{http::verb::get, "/api/v1/nothing", 11};
  EXPECT_EQ(with_web.Handle(api, "127.0.0.1", kRequestId).response.result_int(), 404);
  HttpRequest health{http::verb::get, "/healthz", 11};
  EXPECT_EQ(with_web.Handle(health, "127.0.0.1", kRequestId).route, "/healthz") << "a route before the front end";
  const StaticFiles none;
  const Dispatcher without_web(options_, routes_, auth_, &none);
  EXPECT_EQ(without_web.Handle(request, "127.0.0.1", kRequestId).response.result_int(), 404);
}

TEST_F(DispatcherTest, AnotherMethodIs405WithAllowAndOptionsIs204) {
  const HttpResponse refused = Send(http::verb::put, "/api/v1/session");
  EXPECT_EQ(refused.result_int(), 405);
  EXPECT_EQ(ProblemType(refused), "/api/v1/problems/method-not-allowed");
  EXPECT_EQ(Header(refused, "Allow"), "DELETE, GET, HEAD, OPTIONS, POST");
  const HttpResponse options = Send(http::verb::options, "/api/v1/suppliers/S1");
  EXPECT_EQ(options.result_int(), 204);
  EXPECT_EQ(Header(options, "Allow"), "GET, HEAD, OPTIONS");
  EXPECT_TRUE(options.body().empty());
  // 405 comes before 401: no login is asked of a method the path lacks.
  EXPECT_EQ(Send(http::verb::delete_, "/api/v1/suppliers/S1").result_int(), 405);
  EXPECT_EQ(Send(http::verb::options, "/api/v1/nothing").result_int(), 404);
}

TEST_F(DispatcherTest, HeadAnswersAsGetWithoutTheBody) {
  const HttpResponse get = Send(http::verb::get, "/api/v1/suppliers/S1", kQuality);
  const HttpResponse head = Send(http::verb::head, "/api/v1/suppliers/S1", kQuality);
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(Header(head, "Content-Length"), std::to_string(get.body().size()));
  EXPECT_EQ(Header(head, "ETag"), Header(get, "ETag"));
}

TEST_F(DispatcherTest, HandlersSeeHeadersTheSchemeAndTheSessionCookie) {
  const nlohmann::json echoed =
      Json(Send(http::verb::delete_, "/api/v1/session", {{"Cookie", "supeval=ended"}, {"Idempotency-Key", "k-1"}}));
  EXPECT_EQ(echoed["idempotency_key"], "k-1");
  EXPECT_EQ(echoed["https"], false);
  EXPECT_EQ(echoed["has_session_id"], true) << "logout revokes even an ended session's cookie";
  EXPECT_EQ(Json(Send(http::verb::delete_, "/api/v1/session"))["has_session_id"], false);
}

TEST_F(DispatcherTest, PathParametersAreDecoded) {
  const HttpResponse response = Send(http::verb::get, "/api/v1/suppliers/S%2000%2F1", kQuality);
  ASSERT_EQ(response.result_int(), 200);
  EXPECT_EQ(Json(response)["parameters"]["id"], "S 00/1");
}

TEST_F(DispatcherTest, NoCredentialsIs401WithAChallengeAndNoStore) {
  const HttpResponse response = Send(http::verb::get, "/api/v1/suppliers/S1");
  EXPECT_EQ(response.result_int(), 401);
  EXPECT_EQ(ProblemType(response), "/api/v1/problems/unauthenticated");
  EXPECT_EQ(Header(response, "WWW-Authenticate"), "Bearer realm=\"supeval\"");
  EXPECT_EQ(Header(response, "Cache-Control"), "no-store");
  EXPECT_EQ(Send(http::verb::get, "/api/v1/suppliers/S1", {{"Cookie", "supeval=unknown"}}).result_int(), 401);
  EXPECT_EQ(Send(http::verb::get, "/api/v1/suppliers/S1", {{"Authorization", "Basic YTpi"}}).result_int(), 401);
}

TEST_F(DispatcherTest, AnEndedSessionIsSessionExpired) {
  const HttpResponse response = Send(http::verb::get, "/api/v1/suppliers/S1", {{"Cookie", "supeval=ended"}});
  EXPECT_EQ(response.result_int(), 401);
  EXPECT_EQ(ProblemType(response), "/api/v1/problems/session-expired");
}

TEST_F(DispatcherTest, ABadTokenIsInvalidTokenAndCookiesAreThenIgnored) {
  const HttpResponse response =
      Send(http::verb::get, "/api/v1/suppliers/S1", {{"Authorization", "Bearer nope"}, {"Cookie", "supeval=quality"}});
  EXPECT_EQ(response.result_int(), 401);
  EXPECT_EQ(ProblemType(response), "/api/v1/problems/unauthenticated");
  EXPECT_EQ(Header(response, "WWW-Authenticate"), "Bearer realm=\"supeval\", error=\"invalid_token\"");
  EXPECT_EQ(Send(http::verb::get, "/api/v1/suppliers/S1", {{"Authorization", "bearer token-quality"}}).result_int(),
            200);
}

TEST_F(DispatcherTest, PublicRoutesIgnoreBadCredentials) {
  EXPECT_EQ(Send(http::verb::get, "/healthz", {{"Authorization", "Bearer nope"}}).result_int(), 200);
  EXPECT_EQ(Send(http::verb::get, "/healthz", {{"Authorization", "Bearer down"}}).result_int(), 200);
  EXPECT_EQ(Send(http::verb::delete_, "/api/v1/session", {{"Cookie", "supeval=ended"}}).result_int(), 200);
  const int calls = auth_.calls;
  EXPECT_EQ(Send(http::verb::get, "/healthz").result_int(), 200);
  EXPECT_EQ(auth_.calls, calls) << "nothing presented, nothing looked up";
}

TEST_F(DispatcherTest, AnAuthenticatorFailureIsItsProblem) {
  const HttpResponse response = Send(http::verb::get, "/api/v1/suppliers/S1", {{"Authorization", "Bearer down"}});
  EXPECT_EQ(response.result_int(), 503);
  EXPECT_EQ(ProblemType(response), "/api/v1/problems/unavailable");
  EXPECT_EQ(Header(response, "Retry-After"), "5");
}

TEST_F(DispatcherTest, CrossSiteStateChangesAreRefused) {
  const auto post = [&](std::map<std::string, std::string> headers) {
    return Send(http::verb::post, "/api/v1/holds", With(With(headers, kQualityWithCsrf), kJson), "{}");
  };
  EXPECT_EQ(ProblemType(post({{"Origin", "http://evil.example"}})), "/api/v1/problems/cross-origin");
  EXPECT_EQ(post({{"Origin", "https://127.0.0.1:8080"}}).result_int(), 403) << "another scheme";
  EXPECT_EQ(post({{"Origin", "null"}}).result_int(), 403);
  EXPECT_EQ(post({{"Sec-Fetch-Site", "cross-site"}}).result_int(), 403);
  EXPECT_EQ(Header(post({{"Sec-Fetch-Site", "cross-site"}}), "Cache-Control"), "no-store");
  EXPECT_EQ(post({{"Origin", "http://127.0.0.1:8080"}}).result_int(), 200);
  EXPECT_EQ(post({{"Sec-Fetch-Site", "same-origin"}}).result_int(), 200);
  EXPECT_EQ(post({}).result_int(), 200) << "curl sends neither header";
  // The login too; a GET from elsewhere is no change.
  EXPECT_EQ(
      Send(http::verb::post, "/api/v1/session", With({{"Origin", "http://evil.example"}}, kJson), "{}").result_int(),
      403);
  EXPECT_EQ(
      Send(http::verb::get, "/api/v1/suppliers/S1", With({{"Origin", "http://evil.example"}}, kQuality)).result_int(),
      200);
  // 401 comes first.
  EXPECT_EQ(
      Send(http::verb::post, "/api/v1/holds", With({{"Origin", "http://evil.example"}}, kJson), "{}").result_int(),
      401);
}

TEST_F(DispatcherTest, ACookieSessionMustSendItsCsrfToken) {
  const auto post = [&](std::map<std::string, std::string> headers) {
    return Send(http::verb::post, "/api/v1/holds", With(headers, kJson), "{}");
  };
  EXPECT_EQ(ProblemType(post(kQuality)), "/api/v1/problems/csrf");
  EXPECT_EQ(post(With({{"X-CSRF-Token", "csrf-qualitx"}}, kQuality)).result_int(), 403);
  EXPECT_EQ(post(With({{"X-CSRF-Token", "csrf-quality2"}}, kQuality)).result_int(), 403);
  EXPECT_EQ(post(With({{"X-CSRF-Token", ""}}, kQuality)).result_int(), 403);
  EXPECT_EQ(post(kQualityWithCsrf).result_int(), 200);
  EXPECT_EQ(post({{"Authorization", "Bearer token-quality"}}).result_int(), 200) << "a token needs none";
  EXPECT_EQ(Send(http::verb::post, "/api/v1/session", With(kQuality, kJson), "{}").result_int(), 200)
      << "the login needs none";
  EXPECT_EQ(Send(http::verb::get, "/api/v1/suppliers/S1", kQuality).result_int(), 200) << "a read needs none";
  // cross-origin comes before csrf
  EXPECT_EQ(ProblemType(post(With({{"Origin", "http://evil.example"}}, kQuality))), "/api/v1/problems/cross-origin");
}

TEST_F(DispatcherTest, ThePolicyRefusesRolesWhateverTheRequestHolds) {
  const std::map<std::string, std::string> supplier = {{"Cookie", "supeval=supplier"}, {"X-CSRF-Token", "csrf-s"}};
  const HttpResponse refused = Send(http::verb::get, "/api/v1/suppliers?limit=0", supplier);
  EXPECT_EQ(refused.result_int(), 403) << "403 before 400";
  EXPECT_EQ(ProblemType(refused), "/api/v1/problems/forbidden");
  EXPECT_EQ(Header(refused, "Cache-Control"), "no-store");
  EXPECT_EQ(Send(http::verb::get, "/api/v1/suppliers/S00001", supplier).result_int(), 200);
  const std::map<std::string, std::string> purchasing = {{"Cookie", "supeval=purchasing"}, {"X-CSRF-Token", "csrf-p"}};
  EXPECT_EQ(
      Send(http::verb::post, "/api/v1/holds", With({{"Content-Type", "text/plain"}}, purchasing), "{").result_int(),
      403)
      << "403 before 415";
  EXPECT_EQ(Send(http::verb::get, "/api/v1/tokens", {{"Authorization", "Bearer token-quality"}}).result_int(), 403)
      << "a token cannot manage tokens";
  EXPECT_EQ(Send(http::verb::get, "/api/v1/tokens", kQuality).result_int(), 200);
}

TEST_F(DispatcherTest, ARestrictedSessionMayOnlyUseTheSessionRoutes) {
  const std::map<std::string, std::string> restricted = {{"Cookie", "supeval=restricted"}};
  const HttpResponse refused = Send(http::verb::get, "/api/v1/suppliers/S1", restricted);
  EXPECT_EQ(refused.result_int(), 403);
  EXPECT_EQ(ProblemType(refused), "/api/v1/problems/password-change-required");
  EXPECT_EQ(Send(http::verb::get, "/api/v1/session", restricted).result_int(), 200);
}

TEST_F(DispatcherTest, BodiesMustBeJsonOfTheRouteType) {
  const auto post = [&](std::string type, std::string body) {
    return Send(http::verb::post, "/api/v1/holds", With({{"Content-Type", type}}, kQualityWithCsrf), body);
  };
  EXPECT_EQ(post("application/json", R"({"a":1})").result_int(), 200);
  EXPECT_EQ(post("Application/JSON; Charset=\"UTF-8\"", "{}").result_int(), 200);
  EXPECT_EQ(ProblemType(post("text/plain", "{}")), "/api/v1/problems/unsupported-media-type");
  EXPECT_EQ(post("text/plain", "{not json").result_int(), 415) << "415 before 400";
  EXPECT_EQ(post("application/x-www-form-urlencoded", "a=1").result_int(), 415);
  EXPECT_EQ(post("multipart/form-data; boundary=x", "{}").result_int(), 415);
  EXPECT_EQ(post("application/json; charset=latin1", "{}").result_int(), 415);
  EXPECT_EQ(post("application/json; boundary=x", "{}").result_int(), 415);
  EXPECT_EQ(post("application/merge-patch+json", "{}").result_int(), 415);
  EXPECT_EQ(post("", "{}").result_int(), 415);
  EXPECT_EQ(
      Send(http::verb::patch, "/api/v1/users/bob",
           With({{"Content-Type", "application/merge-patch+json"}}, {{"Authorization", "Bearer token-quality"}}), "{}")
          .result_int(),
      403)
      << "quality may not update users";
  EXPECT_EQ(Send(http::verb::delete_, "/api/v1/session", {{"Content-Type", "text/plain"}}, "x").result_int(), 415);
  EXPECT_EQ(Send(http::verb::delete_, "/api/v1/session").result_int(), 200) << "no body, no type needed";
  EXPECT_EQ(Send(http::verb::post, "/api/v1/imports",
                 With({{"Content-Type", "multipart/form-data; boundary=b"}}, kQualityWithCsrf), "--b--")
                .result_int(),
            200);
}

TEST_F(DispatcherTest, MalformedJsonIs400) {
  const auto post = [&](std::string body) {
    return Send(http::verb::post, "/api/v1/holds", With(kJson, kQualityWithCsrf), body);
  };
  EXPECT_EQ(ProblemType(post("{\"a\":")), "/api/v1/problems/malformed-json");
  EXPECT_EQ(post("{} {}").result_int(), 400);
  EXPECT_EQ(Send(http::verb::post, "/api/v1/holds", kQualityWithCsrf).result_int(), 400) << "no body is no JSON";
  const HttpResponse echoed = post(R"({"supplier_id":"S1"})");
  EXPECT_EQ(Json(echoed)["json"]["supplier_id"], "S1");
}

TEST_F(DispatcherTest, ABodyIsCheckedAgainstItsRouteSchemaEveryErrorListed) {
  const auto withdraw = [&](const nlohmann::json& body, const std::map<std::string, std::string>& as) {
    return Send(http::verb::post, "/api/v1/holds/7/withdraw", With(kJson, as), body.dump());
  };
  const nlohmann::json valid = {{"withdrawn_on", "2026-07-01"}, {"why", "sorted out"}};
  EXPECT_EQ(Json(withdraw(valid, kQualityWithCsrf))["json"], valid) << "a valid body reaches the handler";

  const HttpResponse refused = withdraw({{"withdrawn_on", 5}, {"extra", "x"}}, kQualityWithCsrf);
  EXPECT_EQ(refused.result_int(), 400);
  const nlohmann::json problem = Json(refused);
  EXPECT_EQ(problem["type"], "/api/v1/problems/invalid-request");
  EXPECT_EQ(problem["error_count"], 3);
  std::set<std::string> pointers;
  for (const nlohmann::json& error : problem["errors"]) pointers.insert(error["pointer"].get<std::string>());
  EXPECT_EQ(pointers, (std::set<std::string>{"/why", "/extra", "/withdrawn_on"}));
  EXPECT_EQ(problem["detail"], "'why' is required (and 2 more)");

  const HttpResponse bad_date = withdraw({{"withdrawn_on", "secret-2026-7-1"}, {"why", "x"}}, kQualityWithCsrf);
  EXPECT_EQ(Json(bad_date)["errors"][0]["pointer"], "/withdrawn_on");
  EXPECT_EQ(bad_date.body().find("secret"), std::string::npos) << "a problem never repeats the value";
  EXPECT_EQ(withdraw(nlohmann::json::array(), kQualityWithCsrf).result_int(), 400) << "not an object";
  EXPECT_EQ(Json(withdraw(nlohmann::json::array(), kQualityWithCsrf))["errors"][0]["pointer"], "");

  const std::map<std::string, std::string> supplier = {{"Cookie", "supeval=supplier"}, {"X-CSRF-Token", "csrf-s"}};
  EXPECT_EQ(withdraw({{"extra", 1}}, supplier).result_int(), 403) << "the role is checked before the body";
}

TEST_F(DispatcherTest, ListParametersAreCheckedAtTheirEdges) {
  const auto list = [&](std::string query) { return Send(http::verb::get, "/api/v1/suppliers" + query, kQuality); };
  for (const char* query : {"", "?limit=1", "?limit=1000&offset=999999", "?sort=-name,supplier_id", "?offset=0"}) {
    EXPECT_EQ(list(query).result_int(), 200) << query;
  }
  for (const char* query : {"?limit=0", "?limit=1001", "?limit=-1", "?limit=abc", "?limit=", "?offset=-1",
                            "?offset=1.5", "?sort=total", "?sort=name,name", "?sort=", "?sort=name,"}) {
    const HttpResponse refused = list(query);
    ASSERT_EQ(refused.result_int(), 400) << query;
    const nlohmann::json problem = Json(refused);
    EXPECT_EQ(problem["type"], "/api/v1/problems/invalid-request");
    EXPECT_EQ(problem["error_count"], 1);
    EXPECT_TRUE(problem["errors"][0].contains("parameter")) << query;
  }
  EXPECT_EQ(Json(list("?limit=0&offset=-1&sort=x"))["error_count"], 3);
}

TEST_F(DispatcherTest, HandlerErrorsBecomeProblemsThatHideInternals) {
  const HttpResponse internal = Send(http::verb::get, "/api/v1/runs", kQuality);
  EXPECT_EQ(internal.result_int(), 500);
  EXPECT_EQ(ProblemType(internal), "/api/v1/problems/internal");
  EXPECT_EQ(internal.body().find("hunter2"), std::string::npos);
  EXPECT_EQ(internal.body().find("/etc"), std::string::npos);
  const HttpResponse thrown = Send(http::verb::get, "/api/v1/batches", kQuality);
  EXPECT_EQ(thrown.result_int(), 500);
  EXPECT_EQ(thrown.body().find("boom"), std::string::npos);
  const HttpResponse conflict = Send(http::verb::post, "/api/v1/runs", kQualityWithCsrf);
  EXPECT_EQ(conflict.result_int(), 409);
  EXPECT_EQ(ProblemType(conflict), "/api/v1/problems/already-withdrawn");
  EXPECT_EQ(Json(conflict)["detail"], "withdrawn on 2026-01-02");
}

TEST_F(DispatcherTest, InternalErrorsReachTheLogOnly) {
  HttpRequest request{http::verb::get, "/api/v1/runs", 11};
  request.set(http::field::cookie, "supeval=quality");
  const Outcome outcome = dispatcher_->Handle(request, "127.0.0.1", kRequestId);
  EXPECT_NE(outcome.internal.find("hunter2"), std::string::npos);
  EXPECT_EQ(outcome.user, "anna");
}

TEST_F(DispatcherTest, GetAnswersUnderTheApiCarryAnETagAndAnswer304) {
  const HttpResponse first = Send(http::verb::get, "/api/v1/suppliers/S00001", kQuality);
  const std::string tag = Header(first, "ETag");
  ASSERT_EQ(tag.size(), 34U);
  EXPECT_EQ(tag.front(), '"');
  EXPECT_EQ(Header(first, "Cache-Control"), "private, no-cache");
  for (const std::string& condition : {tag, "W/" + tag, "\"x\", " + tag, std::string("*")}) {
    const HttpResponse again =
        Send(http::verb::get, "/api/v1/suppliers/S00001", With({{"If-None-Match", condition}}, kQuality));
    EXPECT_EQ(again.result_int(), 304) << condition;
    EXPECT_TRUE(again.body().empty());
    EXPECT_EQ(Header(again, "ETag"), tag);
  }
  EXPECT_EQ(
      Send(http::verb::get, "/api/v1/suppliers/S00001", With({{"If-None-Match", "\"other\""}}, kQuality)).result_int(),
      200);
}

TEST_F(DispatcherTest, TheETagCoversTheCallersScopeAndAuthorizationComesFirst) {
  auth_.sessions["supplier-anna"] = {AuthenticationOutcome::kAuthenticated, SupplierUser("S00001"), "c", ""};
  auth_.sessions["supplier-anna"].caller->user = "anna";  // the same body as the staff user's
  const HttpResponse staff = Send(http::verb::get, "/api/v1/suppliers/S00001", kQuality);
  const HttpResponse own = Send(http::verb::get, "/api/v1/suppliers/S00001", {{"Cookie", "supeval=supplier-anna"}});
  ASSERT_EQ(staff.body(), own.body());
  EXPECT_NE(Header(staff, "ETag"), Header(own, "ETag"));
  const HttpResponse refused =
      Send(http::verb::get, "/api/v1/suppliers/S00001", {{"If-None-Match", Header(staff, "ETag")}});
  EXPECT_EQ(refused.result_int(), 401);
}

TEST_F(DispatcherTest, SessionTokenAndUserAnswersAreNeverStored) {
  const HttpResponse session = Send(http::verb::get, "/api/v1/session", kQuality);
  EXPECT_EQ(session.result_int(), 200);
  EXPECT_EQ(Header(session, "Cache-Control"), "no-store");
  EXPECT_EQ(Header(session, "ETag"), "");
  EXPECT_EQ(Header(Send(http::verb::get, "/api/v1/tokens", kQuality), "Cache-Control"), "no-store");
  EXPECT_EQ(Header(Send(http::verb::get, "/healthz"), "ETag"), "") << "outside /api/v1";
}

TEST_F(DispatcherTest, OverHttpsTheCookieIsHostPrefixedAndHstsIsSent) {
  options_.https = true;
  const HttpResponse plain_name = Send(http::verb::get, "/api/v1/suppliers/S1", kQuality);
  EXPECT_EQ(plain_name.result_int(), 401);
  const HttpResponse host_name = Send(http::verb::get, "/api/v1/suppliers/S1", {{"Cookie", "__Host-supeval=quality"}});
  EXPECT_EQ(host_name.result_int(), 200);
  EXPECT_EQ(Header(host_name, "Strict-Transport-Security"), "max-age=31536000; includeSubDomains");
}

TEST_F(DispatcherTest, ATrustedProxysHttpsCountsAsHttps) {
  HttpRequest request{http::verb::get, "/api/v1/suppliers/S1", 11};
  request.set(http::field::cookie, "__Host-supeval=quality");
  const HttpResponse response = dispatcher_->Handle(request, "198.51.100.7", kRequestId, true).response;
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(Header(response, "Strict-Transport-Security"), "max-age=31536000; includeSubDomains");
  EXPECT_EQ(dispatcher_->Handle(request, "198.51.100.7", kRequestId, false).response.result_int(), 401);
}

TEST_F(DispatcherTest, AMalformedTargetIs400) {
  EXPECT_EQ(Send(http::verb::get, "http://example.org/healthz").result_int(), 400);
  EXPECT_EQ(Send(http::verb::get, "/api/v1/suppliers/%zz").result_int(), 400);
}

TEST(RequestIds, AreDistinctVersion4Uuids) {
  const std::string a = NewRequestId();
  const std::string b = NewRequestId();
  EXPECT_NE(a, b);
  ASSERT_EQ(a.size(), 36U);
  EXPECT_EQ(a[14], '4');
}

}  // namespace
}  // namespace supeval::server
