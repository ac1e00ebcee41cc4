// Fuzz target: the server's request parsing and routing — any bytes as what a
// client sends on a connection, read by Beast's parser under the server's
// limits, then every whole request taken through the Dispatcher (routes,
// authentication, origin and CSRF checks, the policy, media types, JSON,
// list parameters) over a sample route table, the client address resolved
// from Forwarded / X-Forwarded-* headers of a trusted peer first.
// Proves, for every input: no crash, no UB, no escaping exception; every
// answer has a status of 100..599 and the request id; every answer of 400 or
// more is a problem document of a listed type whose instance names the
// request; 401 and 403 are never stored; 401 carries the challenge and 405
// Allow; an answer to HEAD has no body; a handler runs only for a caller the
// policy allows.
#include <boost/beast/core/flat_buffer.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dispatcher.hpp"
#include "fuzz_check.hpp"
#include "supeval/server/problem.hpp"

namespace {

using supeval::core::Result;
using supeval::server::Authentication;
using supeval::server::AuthenticationOutcome;
using supeval::server::BodyKind;
using supeval::server::Credentials;
using supeval::server::Reply;
using supeval::server::Request;
using supeval::service::Caller;
using supeval::service::Role;
using supeval::service::UseCase;
namespace http = boost::beast::http;

constexpr std::string_view kRequestId = "00000000-0000-4000-8000-000000000000";

// Session "s" (CSRF token "c") is a quality user, token "t" a supplier user.
class SampleAuthenticator final : public supeval::server::Authenticator {
 public:
  Result<Authentication> Authenticate(const Credentials& credentials) override {
    if (credentials.session_id == "s") {
      return Authentication{AuthenticationOutcome::kAuthenticated,
                            Caller{"q", "Q", Role::kQuality, std::nullopt, std::nullopt, false}, "c", ""};
    }
    if (credentials.token == "t") {
      return Authentication{AuthenticationOutcome::kAuthenticated,
                            Caller{"p", "P", Role::kSupplier, "S1", std::nullopt, true}, "", ""};
    }
    if (credentials.token) return Authentication{AuthenticationOutcome::kInvalidToken, std::nullopt, "", ""};
    return Authentication{};
  }
};

Result<Reply> Checked(const Request& request) {
  SUPEVAL_FUZZ_CHECK(!request.request_id.empty(), "a handler saw no request id");
  return Reply::Json({{"path", request.path}, {"body", request.json}});
}

const supeval::service::SortSpec kSuppliersSort{{"supplier_id", "name"}, "supplier_id", "supplier_id"};

const supeval::server::RouteTable& Routes() {
  static const supeval::server::RouteTable routes = {
      {"GET", "/healthz", UseCase::kHealth, Checked, BodyKind::kNone, std::nullopt, ""},
      {"GET", "/api/v1/suppliers", UseCase::kListSuppliers, Checked, BodyKind::kNone,
       supeval::server::ListSpec{&kSuppliersSort}, ""},
      {"GET", "/api/v1/suppliers/{id}", UseCase::kShowSupplier, Checked, BodyKind::kNone, std::nullopt, ""},
      {"POST", "/api/v1/holds", UseCase::kImposeHold, Checked, BodyKind::kJson, std::nullopt, ""},
      {"PATCH", "/api/v1/users/{name}", UseCase::kUpdateUser, Checked, BodyKind::kMergePatch, std::nullopt, ""},
      {"POST", "/api/v1/session", UseCase::kLogin, Checked, BodyKind::kJson, std::nullopt, ""},
      {"DELETE", "/api/v1/session", UseCase::kLogout, Checked, BodyKind::kNone, std::nullopt, ""},
      {"POST", "/api/v1/imports", UseCase::kImport, Checked, BodyKind::kMultipart, std::nullopt, ""},
  };
  return routes;
}

// The peer 127.0.0.1 is a trusted proxy, as is 10.0.0.0/8 behind it.
const supeval::server::TrustedProxies& Proxies() {
  static const supeval::server::TrustedProxies proxies =
      *supeval::server::TrustedProxies::Parse("127.0.0.1,10.0.0.0/8");
  return proxies;
}

bool IsListedProblem(const std::string& type) {
  for (const supeval::server::ProblemType& problem : supeval::server::ProblemTypes()) {
    if (type == "/api/v1/problems/" + std::string(problem.name)) return true;
  }
  return false;
}

void CheckAnswer(const supeval::server::HttpRequest& request, const supeval::server::HttpResponse& response) {
  const unsigned status = response.result_int();
  SUPEVAL_FUZZ_CHECK(status >= 100 && status <= 599, "a status outside 100..599");
  SUPEVAL_FUZZ_CHECK(response["X-Request-Id"] == kRequestId, "an answer without the request id");
  SUPEVAL_FUZZ_CHECK(response["X-Content-Type-Options"] == "nosniff", "an answer without nosniff");
  if (request.method() == http::verb::head) SUPEVAL_FUZZ_CHECK(response.body().empty(), "a body answering HEAD");
  if (status == 401 || status == 403) SUPEVAL_FUZZ_CHECK(response["Cache-Control"] == "no-store", "a stored refusal");
  if (status == 401) SUPEVAL_FUZZ_CHECK(!response["WWW-Authenticate"].empty(), "401 without a challenge");
  if (status == 405) SUPEVAL_FUZZ_CHECK(!response["Allow"].empty(), "405 without Allow");
  if (status < 400 || request.method() == http::verb::head) return;
  SUPEVAL_FUZZ_CHECK(response["Content-Type"] == "application/problem+json", "a refusal that is no problem");
  const nlohmann::json problem = nlohmann::json::parse(response.body(), nullptr, false);
  SUPEVAL_FUZZ_CHECK(problem.is_object(), "a problem that is no JSON object");
  SUPEVAL_FUZZ_CHECK(problem.value("status", 0U) == status, "a problem whose status is not the answer's");
  SUPEVAL_FUZZ_CHECK(IsListedProblem(problem.value("type", "")), "a problem type not in the table");
  SUPEVAL_FUZZ_CHECK(problem.value("instance", "") == "urn:uuid:" + std::string(kRequestId),
                     "a problem whose instance is not the request");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static supeval::server::ServerOptions options = [] {
    supeval::server::ServerOptions o;
    o.max_body = 4096;
    o.max_upload = 8192;
    o.version = "fuzz";
    return o;
  }();
  static SampleAuthenticator authenticator;
  static const supeval::server::Dispatcher dispatcher(options, Routes(), authenticator);

  // An empty input is a connection that sent nothing (and `data` may then be null).
  if (size == 0) return 0;
  boost::beast::flat_buffer buffer;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto space = buffer.prepare(input.size());
  std::memcpy(space.data(), input.data(), input.size());
  buffer.commit(input.size());
  // Requests one after another, as on a kept-alive connection.
  while (buffer.size() > 0) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header));
    parser.body_limit(options.max_upload);
    parser.eager(true);
    boost::beast::error_code error;
    const std::size_t used = parser.put(buffer.data(), error);
    buffer.consume(used);
    if (error || !parser.is_done()) {
      parser.put_eof(error);
      if (!parser.is_done()) return 0;
    }
    const supeval::server::HttpRequest request = parser.release();
    if (request.body().size() > dispatcher.BodyLimit(request.target())) continue;  // the connection's 413
    const supeval::server::ClientOrigin client = supeval::server::ResolveClient(
        "127.0.0.1",
        {supeval::server::FieldOf(request, "Forwarded"), supeval::server::FieldOf(request, "X-Forwarded-For"),
         supeval::server::FieldOf(request, "X-Forwarded-Proto")},
        Proxies());
    SUPEVAL_FUZZ_CHECK(!client.address.empty(), "no client address");
    const supeval::server::Outcome outcome = dispatcher.Handle(request, client.address, kRequestId, client.https);
    CheckAnswer(request, outcome.response);
    if (used == 0) return 0;
  }
  return 0;
}
