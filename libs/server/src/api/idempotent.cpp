// Idempotency-Key on every POST but the login (API.md, "Retries, caching,
// limits"): a wrapper around a route's handler that claims the key before
// the handler runs and keeps its answer after, through service::
// IdempotencyKeys. An answer that asks for a retry (an internal error, a
// busy database) releases the key, so that the retry runs the request again.
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "api_context.hpp"
#include "supeval/server/problem.hpp"
#include "supeval/service/idempotency.hpp"

namespace supeval::server {
namespace {

// Secrets an answer shows once (a token, an initial password, a TOTP secret)
// are never kept: a replay shows them as null.
constexpr std::array<std::string_view, 4> kSecretMembers = {"token", "initial_password", "secret", "otpauth_uri"};

service::KeptAnswer KeptOf(const Reply& reply) {
  service::KeptAnswer kept{reply.status, reply.content_type, {}, reply.body};
  for (const auto& [name, value] : reply.headers) {
    if (name != "Set-Cookie") kept.headers.emplace_back(name, value);
  }
  if (reply.content_type != "application/json") return kept;
  nlohmann::ordered_json body = nlohmann::ordered_json::parse(reply.body, nullptr, false);
  if (!body.is_object()) return kept;
  for (std::string_view secret : kSecretMembers) {
    if (body.contains(secret)) body[std::string(secret)] = nullptr;
  }
  kept.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return kept;
}

Reply ReplayOf(service::KeptAnswer kept) {
  Reply reply;
  reply.status = kept.status;
  reply.content_type = std::move(kept.content_type);
  reply.body = std::move(kept.body);
  reply.headers = std::move(kept.headers);
  reply.headers.emplace_back("Idempotent-Replayed", "true");
  return reply;
}

// An answer that asks the client to try again is not kept: a fault of the
// server, or the database busy with another writer (409 import-in-progress,
// with Retry-After). Kept, the retry would only see the same answer again.
bool AsksForRetry(const core::Error& error) { return IsServerFault(error) || error.problem == "import-in-progress"; }

// Runs `work` with the accounts of a pooled connection, released after.
template <class Work>
auto WithAccounts(Api::Impl& api, Work work) {
  return WithPooledStore(api.pool, [&work](store::Store& db) { return work(db.accounts()); });
}

core::Result<Reply> RunOnce(Api::Impl& api, const Handler& handler, const Request& request, std::string_view key) {
  const std::string identity = request.json.is_null() ? request.body : request.json.dump();
  const service::IdempotentRequest claim{request.caller->user, std::string(key), request.method, request.path,
                                         identity};
  std::optional<service::KeptAnswer> kept;
  auto claimed = WithAccounts(api, [&](store::AccountStore& accounts) {
    return service::IdempotencyKeys(accounts).Claim(claim, api.Now(), kept);
  });
  if (!claimed.ok()) return claimed.error();
  switch (*claimed) {
    case service::KeyClaim::kReplay:
      return ReplayOf(*std::move(kept));
    case service::KeyClaim::kInFlight:
      return core::Failure(core::ErrorCode::kConflict, "a request with this Idempotency-Key is still running",
                           "idempotency-in-flight");
    case service::KeyClaim::kReused:
      return core::Failure(core::ErrorCode::kRefused,
                           "this Idempotency-Key was used for another request (method, path or body)",
                           "idempotency-key-reused");
    case service::KeyClaim::kClaimed:
      break;
  }
  core::Result<Reply> answer = handler(request);
  if (!answer.ok() && AsksForRetry(answer.error())) {
    (void)WithAccounts(
        api, [&](store::AccountStore& accounts) { return service::IdempotencyKeys(accounts).Release(claim); });
    return answer;
  }
  Reply reply = answer.ok() ? *std::move(answer) : ProblemReplyFor(answer.error(), request.request_id);
  auto kept_now = WithAccounts(api, [&](store::AccountStore& accounts) {
    return service::IdempotencyKeys(accounts).Keep(claim, KeptOf(reply));
  });
  if (!kept_now.ok()) return kept_now.error();
  return reply;
}

}  // namespace

Handler Idempotent(Api::Impl& api, Handler handler) {
  return [&api, handler = std::move(handler)](const Request& request) -> core::Result<Reply> {
    const auto key = request.Header("Idempotency-Key");
    if (!key || request.caller == nullptr) return handler(request);
    return RunOnce(api, handler, request, *key);
  };
}

}  // namespace supeval::server
