// API tokens for integrations (API.md, "Authentication and sessions",
// "Accounts and audit"): `Authorization: Bearer supeval_...` authenticates a
// request on its own. A token is `supeval_` + 43 base64url characters (32
// random bytes from libsodium), shown once when made and stored only as its
// SHA-256. It acts as its user with the user's current role, until it
// expires (default 90 days, at most 365), is revoked, or its user is
// disabled (which revokes it). Tokens are made, listed and revoked only from
// an interactive session, never with a token.
//
// Errors carry API.md's problem names: "unauthenticated" (401), "forbidden"
// (403), "not-found" (404: no such token, or another user's unless the caller
// is an admin), "invalid-request" (400). There is no clock here: the caller
// passes `now`.
//
// Thread-safety: a Tokens object borrows one AccountStore: one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/result.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/policy.hpp"
#include "supeval/store/accounts.hpp"

namespace supeval::service {

inline constexpr std::int64_t kDefaultTokenDays = 90;
inline constexpr std::int64_t kMaxTokenDays = 365;
inline constexpr std::string_view kTokenPrefix = "supeval_";

// A token as answers show it: never the token or its hash.
struct TokenView {
  std::int64_t id = 0;
  std::string name;
  std::string user;
  Instant created_at;
  Instant expires_at;
  std::optional<Instant> last_used_at;
};

struct NewToken {
  TokenView token;
  std::string secret;  // the token itself; shown once
};

class Tokens {
 public:
  explicit Tokens(store::AccountStore& store);

  // kCreateToken: always the caller's own. `name` 1–100 bytes of UTF-8
  // text; `expires_in_days` 1–365 (default 90).
  [[nodiscard]] core::Result<NewToken> Create(const Caller& by, const std::string& name,
                                              std::optional<std::int64_t> expires_in_days, Instant now);
  // kListTokens: the caller's own live tokens; an admin may name any `user`.
  [[nodiscard]] core::Result<std::vector<TokenView>> List(const Caller& by, const std::optional<std::string>& user,
                                                          Instant now);
  // kRevokeToken: one of the caller's own (any, for an admin).
  [[nodiscard]] core::Status Revoke(const Caller& by, std::int64_t id, Instant now);

  // The caller a bearer token is (via_token = true), from `address`.
  // "unauthenticated" for anything but a live token of an enabled user.
  // Records its use at most once a minute.
  [[nodiscard]] core::Result<Caller> Authenticate(std::string_view token, Instant now,
                                                  std::optional<std::string> address = std::nullopt);

 private:
  store::AccountStore& store_;
};

}  // namespace supeval::service
