// API tokens: made, listed, revoked, and authenticating a request.
#include "supeval/service/tokens.hpp"

#include <nlohmann/json.hpp>

#include "account_support.hpp"
#include "credentials.hpp"
#include "supeval/core/utf8.hpp"

namespace supeval::service {

using internal::Permit;

namespace {

constexpr std::size_t kTokenBytes = 32;  // 43 base64url characters
constexpr std::size_t kMaxTokenNameBytes = 100;
constexpr std::chrono::minutes kUseResolution{1};  // last_used_at moves at most once a minute

TokenView ViewOf(const store::TokenRow& row) {
  return {row.id, row.name, row.user, row.created_at, row.expires_at, row.last_used_at};
}

core::Error Invalid(std::string message, std::string field) {
  core::Error error = core::BadInput(std::move(message), {"", 0, std::move(field)});
  error.problem = "invalid-request";
  return error;
}

core::Error Unauthenticated() {
  return core::Failure(core::ErrorCode::kRefused, "the API token is not valid", "unauthenticated");
}

std::string TokenAuditJson(const TokenView& token) {
  return nlohmann::ordered_json{
      {"id", token.id}, {"name", token.name}, {"user", token.user}, {"expires_at", Rfc3339(token.expires_at)}}
      .dump();
}

}  // namespace

Tokens::Tokens(store::AccountStore& store) : store_(store) {}

core::Result<NewToken> Tokens::Create(const Caller& by, const std::string& name,
                                      std::optional<std::int64_t> expires_in_days, Instant now) {
  if (core::Status permitted = Permit(by, UseCase::kCreateToken); !permitted.ok()) return permitted.error();
  if (name.empty() || name.size() > kMaxTokenNameBytes || !core::IsUtf8Text(name)) {
    return Invalid("a token's name is 1 to 100 bytes of UTF-8 text", "name");
  }
  const std::int64_t days = expires_in_days.value_or(kDefaultTokenDays);
  if (days < 1 || days > kMaxTokenDays) return Invalid("expires_in_days is 1 to 365", "expires_in_days");

  NewToken created;
  created.secret = std::string(kTokenPrefix) + internal::RandomBase64Url(kTokenBytes);
  store::TokenRow row{0,   internal::Fingerprint(created.secret), name,         by.user,
                      now, now + std::chrono::days(days),         std::nullopt, std::nullopt};
  core::Status done = store_.InTransaction([&]() -> core::Status {
    auto id = store_.InsertToken(row);
    if (!id.ok()) return id.error();
    row.id = *id;
    created.token = ViewOf(row);
    return internal::Audit(store_, by, now, "token.create", std::to_string(row.id), std::nullopt,
                           TokenAuditJson(created.token));
  });
  if (!done.ok()) return done.error();
  return created;
}

core::Result<std::vector<TokenView>> Tokens::List(const Caller& by, const std::optional<std::string>& user,
                                                  Instant now) {
  if (core::Status permitted = Permit(by, UseCase::kListTokens); !permitted.ok()) return permitted.error();
  if (user && *user != by.user && by.role != Role::kAdmin) {
    return core::Failure(core::ErrorCode::kRefused, "only an admin lists another user's tokens", "forbidden");
  }
  auto rows = store_.ListTokens(user.value_or(by.user));
  if (!rows.ok()) return rows.error();
  std::vector<TokenView> tokens;
  for (const store::TokenRow& row : *rows) {
    if (row.expires_at > now) tokens.push_back(ViewOf(row));
  }
  return tokens;
}

core::Status Tokens::Revoke(const Caller& by, std::int64_t id, Instant now) {
  if (core::Status permitted = Permit(by, UseCase::kRevokeToken); !permitted.ok()) return permitted;
  return store_.InTransaction([&]() -> core::Status {
    auto token = store_.FindToken(id);
    if (!token.ok()) return token.error();
    // Another user's token is "not found" to all but an admin: the same answer as none.
    if (!*token || (*token)->revoked_at || ((*token)->user != by.user && by.role != Role::kAdmin)) {
      return internal::NotFound("there is no token " + std::to_string(id));
    }
    auto revoked = store_.RevokeToken(id, now);
    if (!revoked.ok()) return revoked.error();
    return internal::Audit(store_, by, now, "token.revoke", std::to_string(id), TokenAuditJson(ViewOf(**token)),
                           std::nullopt);
  });
}

core::Result<Caller> Tokens::Authenticate(std::string_view token, Instant now, std::optional<std::string> address) {
  if (token.substr(0, kTokenPrefix.size()) != kTokenPrefix) return Unauthenticated();
  auto found = store_.FindTokenByHash(internal::Fingerprint(token));
  if (!found.ok()) return found.error();
  if (!*found || (*found)->revoked_at || now >= (*found)->expires_at) return Unauthenticated();
  auto user = store_.FindUser((*found)->user);
  if (!user.ok()) return user.error();
  if (!*user || (*user)->disabled) return Unauthenticated();
  if (!(*found)->last_used_at || now - *(*found)->last_used_at >= kUseResolution) {
    if (core::Status touched = store_.TouchToken((*found)->id, now); !touched.ok()) return touched.error();
  }
  return internal::CallerOf(**user, std::move(address), true);
}

}  // namespace supeval::service
