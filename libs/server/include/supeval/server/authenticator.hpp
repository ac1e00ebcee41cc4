// The seam between the HTTP server and whoever knows sessions and API tokens
// (API.md, "Authentication and sessions"). The server calls Authenticate for
// every request that carries credentials — the session cookie (`supeval`, or
// `__Host-supeval` over HTTPS) or `Authorization: Bearer` (which, when
// present, is the only credential read: cookies are then ignored) — and
// decides the answer itself: 401 and its problem type, the CSRF check, the
// restricted session's 403, the policy's 403.
//
// Thread-safety: Authenticate is called from all the server's threads at
// once; implementations must be safe for that.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "supeval/core/result.hpp"
#include "supeval/service/policy.hpp"

namespace supeval::server {

// What a request presented. At most one of the two is set.
struct Credentials {
  std::optional<std::string> session_id;  // the session cookie's value
  std::optional<std::string> token;       // the bearer token
  std::string address;                    // the client's address
  std::string user_agent;
};

enum class AuthenticationOutcome {
  kAuthenticated,  // `caller` is set
  kNone,           // no such session or token: 401 unauthenticated
  kExpired,        // a session that has ended: 401 session-expired
  kInvalidToken,   // a bearer token unknown, expired or revoked: 401 with error="invalid_token"
};

struct Authentication {
  AuthenticationOutcome outcome = AuthenticationOutcome::kNone;
  std::optional<service::Caller> caller;
  // The session's CSRF token (empty for a bearer token): a state-changing
  // request authenticated by the cookie must send it as X-CSRF-Token.
  std::string csrf_token;
  // A session that must first change its password or enrol TOTP: the problem
  // name ("password-change-required", "totp-enrolment-required") every route
  // outside /api/v1/session answers with 403. Empty: not restricted.
  std::string restriction;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Looks the credentials up. An Error (the database does not answer) is
  // answered as a problem of its code (503 for kUnavailable) on routes that
  // need a login; a public route then goes on without a caller.
  [[nodiscard]] virtual core::Result<Authentication> Authenticate(const Credentials& credentials) = 0;
};

// Knows no session and no token: everything presented is kNone (until the
// accounts of the service are wired in).
class NoAuthenticator final : public Authenticator {
 public:
  [[nodiscard]] core::Result<Authentication> Authenticate(const Credentials& credentials) override;
};

}  // namespace supeval::server
