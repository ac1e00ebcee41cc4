// The order of checks (API.md, "Roles and scope") and the headers of every
// answer (API.md, "Retries, caching, limits", "Deployment and serving").
#include "dispatcher.hpp"

#include <array>
#include <boost/url/parse.hpp>
#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <exception>
#include <variant>

#include "entity_tag.hpp"
#include "request_checks.hpp"
#include "supeval/server/problem.hpp"
#include "supeval/server/schemas.hpp"
#include "supeval/service/adjustments.hpp"

namespace supeval::server {
namespace http = boost::beast::http;

namespace {

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
constexpr std::string_view kApiPrefix = "/api/v1/";
// Answers under these paths hold secrets or identities: never stored by any cache.
constexpr std::array<std::string_view, 3> kNoStorePrefixes = {"/api/v1/session", "/api/v1/tokens", "/api/v1/users"};
constexpr std::string_view kSessionRoutes = "/api/v1/session";
// The route pattern the request log and /metrics show for the front end's files.
constexpr std::string_view kFrontEndRoute = "/{front-end}";

bool HasPathPrefix(std::string_view path, std::string_view prefix) {
  return path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

bool IsNoStorePath(std::string_view path) {
  for (std::string_view prefix : kNoStorePrefixes) {
    if (HasPathPrefix(path, prefix)) return true;
  }
  return false;
}

std::string ScopeName(const service::Caller* caller) {
  if (caller == nullptr) return "public";
  const service::SupplierScope scope = service::ScopeOf(*caller);
  return scope.only ? "supplier:" + *scope.only : "staff";
}

std::string_view UnauthenticatedProblem(AuthenticationOutcome outcome) {
  return outcome == AuthenticationOutcome::kExpired ? "session-expired" : "unauthenticated";
}

// A schema error as a problem's detail: "'username' is required".
std::string Described(const SchemaError& error) {
  const std::string where = error.pointer.empty() ? "the body" : "'" + error.pointer.substr(1) + "'";
  return where + " " + error.detail;
}

// 400 invalid-request when `body` does not match the route's request schema
// (API.md, "Order of checks" 5: types, required and unknown members,
// formats, ranges), every error listed with its JSON Pointer.
std::optional<Reply> SchemaProblem(std::string_view schema, const nlohmann::json& body, std::string_view request_id) {
  const std::vector<SchemaError> found = ValidateAgainst(schema, body);
  if (found.empty()) return std::nullopt;
  nlohmann::json errors = nlohmann::json::array();
  for (const SchemaError& error : found) errors.push_back({{"detail", Described(error)}, {"pointer", error.pointer}});
  std::string detail = Described(found.front());
  if (found.size() > 1) detail += " (and " + std::to_string(found.size() - 1) + " more)";
  return ProblemReply("invalid-request", std::move(detail), request_id, 0, std::move(errors));
}

}  // namespace

struct Dispatcher::Context {
  std::string_view request_id;
  std::string_view address;
  Request request;
  std::optional<service::Caller> caller;
  AuthenticationOutcome outcome = AuthenticationOutcome::kNone;
  bool by_cookie = false;
  std::string csrf_token;
  std::string restriction;
  std::string internal;
  std::string route;
  const Route* matched = nullptr;
  bool https = false;
};

std::optional<std::string_view> FieldOf(const HttpRequest& request, std::string_view name) {
  const auto found = request.find(name);
  if (found == request.end()) return std::nullopt;
  return std::string_view(found->value().data(), found->value().size());
}

std::string NewRequestId() {
  thread_local boost::uuids::random_generator generator;
  return boost::uuids::to_string(generator());
}

Dispatcher::Dispatcher(const ServerOptions& options, const RouteTable& routes, Authenticator& authenticator,
                       const StaticFiles* static_files)
    : options_(options), router_(routes), authenticator_(authenticator), static_files_(static_files) {}

std::uint64_t Dispatcher::BodyLimit(std::string_view target) const {
  const auto url = boost::urls::parse_origin_form(target);
  if (!url) return options_.max_body;
  std::vector<std::string> segments;
  for (auto segment : url->segments()) segments.push_back(segment);
  for (const RouteMatch& match : router_.Match(segments)) {
    if (match.route->body == BodyKind::kMultipart) return options_.max_upload;
    if (match.route->body == BodyKind::kFile) return service::kMaxAdjustmentReportBytes;
  }
  return options_.max_body;
}

// API.md, "Authentication and sessions": logins, their failures, logouts
// (the handler names them) and refusals go to the security log: 401, 403,
// and a 404 that a supplier user gets for another supplier's data (a route
// open to `own`, answered as missing).
std::string Dispatcher::SecurityEventOf(const Reply& reply, const Context& context) {
  if (!reply.security_event.empty()) return reply.security_event;
  if (reply.status == 401 || reply.status == 403) return "refused";
  const bool scoped = context.caller && service::ScopeOf(*context.caller).only.has_value();
  if (reply.status == 404 && scoped && context.matched != nullptr &&
      service::PolicyOf(context.matched->use_case).access.Has(service::Access::kOwn)) {
    return "out-of-scope";
  }
  return "";
}

Outcome Dispatcher::Handle(const HttpRequest& request, std::string_view address, std::string_view request_id,
                           bool https) const {
  Context context;
  context.https = options_.https || https;
  context.request_id = request_id;
  context.address = address;
  Reply reply = Decide(request, context);
  Outcome outcome;
  if (context.caller) outcome.user = context.caller->user;
  outcome.security_event = SecurityEventOf(reply, context);
  if (!outcome.security_event.empty()) {
    outcome.security_user = reply.security_user.empty() ? outcome.user : reply.security_user;
  }
  outcome.response = Finish(request, std::move(reply), context);
  outcome.internal = std::move(context.internal);
  outcome.route = std::move(context.route);
  return outcome;
}

Reply Dispatcher::Decide(const HttpRequest& request, Context& context) const {
  const auto url = boost::urls::parse_origin_form(std::string_view(request.target().data(), request.target().size()));
  if (!url) return ProblemReply("invalid-request", "the request target is not a valid path", context.request_id);
  Request& view = context.request;
  view.path = url->path();
  std::vector<std::string> segments;
  for (auto segment : url->segments()) segments.push_back(segment);
  for (auto parameter : url->params()) view.query.emplace_back(parameter.key, parameter.value);

  const std::vector<RouteMatch> matches = router_.Match(segments);
  const std::string_view method(request.method_string().data(), request.method_string().size());
  if (matches.empty() && static_files_ != nullptr && static_files_->Owns(segments)) {
    context.route = kFrontEndRoute;
    return static_files_->Answer(segments, method, FieldOf(request, "If-None-Match"), context.request_id);
  }
  if (matches.empty()) return ProblemReply("not-found", "no route has this path", context.request_id);
  context.route = matches.front().route->pattern;
  if (method == "OPTIONS") {
    Reply reply = Reply::NoContent();
    reply.headers.emplace_back("Allow", Router::Allow(matches));
    return reply;
  }
  const RouteMatch* match = Router::Select(matches, method);
  if (match == nullptr) {
    Reply reply =
        ProblemReply("method-not-allowed", "this path does not take " + std::string(method), context.request_id);
    reply.headers.emplace_back("Allow", Router::Allow(matches));
    return reply;
  }
  context.matched = match->route;
  view.method = match->route->method;
  view.path_parameters = match->parameters;
  view.request_id = std::string(context.request_id);
  view.https = context.https;
  for (const auto& field : request) view.headers.emplace_back(field.name_string(), field.value());
  if (auto refusal = Authenticate(request, *match->route, context)) return std::move(*refusal);
  if (auto refusal = CheckOrigin(request, *match->route, context)) return std::move(*refusal);
  if (!context.restriction.empty() && !HasPathPrefix(view.path, kSessionRoutes)) {
    return ProblemReply(context.restriction, "only /api/v1/session may be used until then", context.request_id);
  }
  if (service::Authorize(view.caller, match->route->use_case) != service::Decision::kAllowed) {
    return ProblemReply("forbidden", "this role may not do this", context.request_id);
  }
  if (auto refusal = CheckBody(request, *match->route, context)) return std::move(*refusal);
  return Run(*match, context);
}

std::optional<Reply> Dispatcher::Authenticate(const HttpRequest& request, const Route& route, Context& context) const {
  Credentials credentials;
  credentials.address = std::string(context.address);
  credentials.user_agent = std::string(FieldOf(request, "User-Agent").value_or(""));
  if (const auto authorization = FieldOf(request, "Authorization")) {
    credentials.token = BearerToken(*authorization);
  } else if (const auto cookies = FieldOf(request, "Cookie")) {
    credentials.session_id = CookieValue(*cookies, SessionCookieName(context.https));
    context.request.session_id = credentials.session_id.value_or("");
  }
  context.request.address = credentials.address;
  context.request.user_agent = credentials.user_agent;
  const bool is_public = service::PolicyOf(route.use_case).access.Has(service::Access::kPublic);
  if (credentials.token || credentials.session_id) {
    core::Result<Authentication> found = authenticator_.Authenticate(credentials);
    if (!found.ok()) {
      if (!is_public) return ProblemReplyFor(found.error(), context.request_id);
      context.internal = "authentication failed: " + found.error().ToString();
    } else if (found->outcome == AuthenticationOutcome::kAuthenticated && found->caller) {
      context.caller = std::move(found->caller);
      context.caller->address = std::string(context.address);
      context.by_cookie = credentials.session_id.has_value();
      context.csrf_token = std::move(found->csrf_token);
      context.restriction = std::move(found->restriction);
    } else {
      context.outcome = found->outcome;
    }
  }
  context.request.caller = context.caller ? &*context.caller : nullptr;
  if (is_public || context.caller) return std::nullopt;
  Reply reply = ProblemReply(UnauthenticatedProblem(context.outcome), "a valid session or API token is needed",
                             context.request_id);
  std::string challenge = "Bearer realm=\"supeval\"";
  if (context.outcome == AuthenticationOutcome::kInvalidToken) challenge += ", error=\"invalid_token\"";
  reply.headers.emplace_back("WWW-Authenticate", std::move(challenge));
  return reply;
}

std::optional<Reply> Dispatcher::CheckOrigin(const HttpRequest& request, const Route& route,
                                             const Context& context) const {
  if (!IsStateChanging(context.request.method)) return std::nullopt;
  const std::string_view scheme = context.https ? "https" : "http";
  if (IsCrossOrigin(FieldOf(request, "Origin"), FieldOf(request, "Sec-Fetch-Site"), scheme,
                    FieldOf(request, "Host").value_or(""))) {
    return ProblemReply("cross-origin", "a cross-site request may not change anything", context.request_id);
  }
  if (context.by_cookie && route.use_case != service::UseCase::kLogin &&
      !ConstantTimeEquals(FieldOf(request, "X-CSRF-Token").value_or(""), context.csrf_token)) {
    return ProblemReply("csrf", "X-CSRF-Token must be the session's csrf_token", context.request_id);
  }
  return std::nullopt;
}

std::optional<Reply> Dispatcher::CheckBody(const HttpRequest& request, const Route& route, Context& context) const {
  Request& view = context.request;
  if (!request.body().empty()) {
    view.content_type = std::string(FieldOf(request, "Content-Type").value_or(""));
    if (!AcceptsMediaType(route.body, view.content_type)) {
      return ProblemReply("unsupported-media-type", "this route does not take a body of this type", context.request_id);
    }
  }
  if (route.body != BodyKind::kNone) view.body = request.body();
  if (route.body == BodyKind::kJson || route.body == BodyKind::kMergePatch) {
    view.json = nlohmann::json::parse(request.body(), nullptr, false);
    if (view.json.is_discarded()) {
      view.json = nullptr;
      return ProblemReply("malformed-json", "the body is not a JSON document", context.request_id);
    }
    if (!route.bodies.request.empty()) {
      if (std::optional<Reply> refused = SchemaProblem(route.bodies.request, view.json, context.request_id)) {
        return refused;
      }
    }
  }
  if (!route.list) return std::nullopt;
  const std::vector<ParameterProblem> problems = CheckListParameters(view, *route.list);
  if (problems.empty()) return std::nullopt;
  nlohmann::json errors = nlohmann::json::array();
  for (const ParameterProblem& problem : problems) {
    errors.push_back({{"detail", problem.detail}, {"parameter", problem.parameter}});
  }
  return ProblemReply("invalid-request", "a list parameter is out of its range", context.request_id, 0,
                      std::move(errors));
}

Reply Dispatcher::Run(const RouteMatch& match, Context& context) const {
  try {
    core::Result<Reply> reply = match.route->handler(context.request);
    if (reply.ok()) return std::move(reply).value();
    if (reply.error().code == core::ErrorCode::kInternal) context.internal = reply.error().ToString();
    return ProblemReplyFor(reply.error(), context.request_id);
  } catch (const std::exception& failure) {
    context.internal = failure.what();
  }
  return ProblemReplyFor(core::Internal(context.internal), context.request_id);
}

HttpResponse Dispatcher::Finish(const HttpRequest& request, Reply reply, const Context& context) const {
  const std::string_view path = context.request.path;
  const bool no_store = reply.status == 401 || reply.status == 403 || IsNoStorePath(path);
  const bool head = request.method() == http::verb::head;
  HttpResponse response{static_cast<http::status>(reply.status), request.version()};
  if (!no_store && reply.status == 200 && path.starts_with(kApiPrefix) &&
      (request.method() == http::verb::get || head)) {
    // A strong ETag: of the version, the caller's scope and the body.
    const std::string tag = EntityTag({options_.version, ScopeName(context.request.caller), reply.body});
    response.set(http::field::etag, tag);
    response.set(http::field::cache_control, "private, no-cache");
    if (const auto none_match = FieldOf(request, "If-None-Match"); none_match && MatchesNoneMatch(*none_match, tag)) {
      response.result(http::status::not_modified);
      reply.body.clear();
      reply.content_type.clear();
    }
  }
  if (no_store) response.set(http::field::cache_control, "no-store");
  for (auto& [name, value] : reply.headers) response.set(name, value);
  if (!reply.content_type.empty()) response.set(http::field::content_type, reply.content_type);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("Content-Security-Policy", kContentSecurityPolicy);
  response.set("X-Request-Id", context.request_id);
  if (context.https) response.set(http::field::strict_transport_security, "max-age=31536000; includeSubDomains");
  const std::size_t length = reply.body.size();
  if (!head) response.body() = std::move(reply.body);
  if (response.result() != http::status::no_content && response.result() != http::status::not_modified) {
    response.content_length(length);
  }
  return response;
}

HttpResponse Dispatcher::Refusal(unsigned status, std::string_view problem, std::string detail,
                                 std::string_view request_id) const {
  HttpRequest request{http::verb::get, "/", 11};
  Context context;
  context.request_id = request_id;
  context.https = options_.https;
  return Finish(request, ProblemReply(problem, std::move(detail), request_id, status), context);
}

}  // namespace supeval::server
