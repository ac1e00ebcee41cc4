// Sessions: logging in and out, and what a logged-in user does to its own
// account (API.md, "Authentication and sessions", "Accounts and audit") —
// the login with its throttle and TOTP, authenticating a session cookie
// with idle and absolute timeouts, the user's sessions, its password and its
// TOTP enrolment.
//
// A session id is 256 random bits (libsodium), given to the caller once for
// the cookie and stored only as its SHA-256. A login's answer is the same
// for an unknown name, a wrong password and a disabled user, after the same
// work (an unknown name is checked against a dummy Argon2id hash). Failures
// are counted per name and per client address in the database (so every
// server process sees them); past the limit a login is refused without
// checking the password until the window has passed.
//
// Errors carry API.md's problem names: "unauthenticated" (401: a failed
// login, an unknown session), "session-expired" (401: an ended or timed-out
// session), "totp-required" (401), "too-many-attempts" (429, with
// LoginOutcome::retry_after or Sessions::RetryAfter), "wrong-password"
// (403), "forbidden" (403: an API token where a session is needed),
// "conflict" (409), "rule-violation" (422: the password rule). There is no
// clock here: the caller passes `now`.
//
// Thread-safety: a Sessions object borrows one AccountStore (one
// connection): one thread at a time; one per thread or process, sharing
// everything through the database. Making one is cheap (the dummy hash is
// made once per process).
#pragma once

#include <chrono>
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

// Which users must use TOTP (serve --require-totp).
enum class TotpRequirement : std::uint8_t { kNone, kStaff, kAll };

struct SessionOptions {
  std::chrono::seconds idle = std::chrono::minutes(30);    // serve --session-idle
  std::chrono::seconds absolute = std::chrono::hours(12);  // serve --session-max
  std::int64_t login_limit = 10;                           // failures per name; per address 10 x this
  std::chrono::seconds throttle_window = std::chrono::minutes(15);
  TotpRequirement require_totp = TotpRequirement::kNone;
  PasswordCost cost = PasswordCost::Interactive();
};

// A session as answers show it (GET /api/v1/session).
struct SessionView {
  std::int64_t id = 0;  // the public number of the session, never its id
  std::string user;
  std::string display_name;
  Role role = Role::kQuality;
  std::optional<std::string> supplier_id;
  std::string csrf_token;
  Instant created_at;
  Instant expires_at;       // the absolute timeout
  Instant idle_expires_at;  // the idle timeout, as of the last recorded activity
  // Null, "change-password" (an initial password) or "enrol-totp": until
  // done, the session may use only the routes under /api/v1/session.
  std::optional<std::string> required_action;
};

struct LoginRequest {
  std::string name;
  std::string password;
  std::optional<std::string> totp;
  std::optional<std::string> address;  // the client's address; none: not counted per address
  std::string user_agent;
  // The session cookie sent with the login, if any: it is ended (the
  // session is rotated).
  std::optional<std::string> previous_session_id;
};

struct NewSession {
  std::string session_id;  // for the cookie; shown once, stored only as a hash
  SessionView session;
};

struct LoginOutcome {
  std::optional<NewSession> session;    // set on success
  core::Error error;                    // otherwise
  std::chrono::seconds retry_after{0};  // with "too-many-attempts"
  [[nodiscard]] bool ok() const { return session.has_value(); }
};

// The identity of a request that came with a valid session cookie.
struct Authenticated {
  Caller caller;
  SessionView session;
  std::string session_id_sha256;  // which session, to tell "current" in listings
};

// A row of GET /api/v1/session/all.
struct SessionListing {
  std::int64_t id = 0;
  Instant created_at;
  Instant last_seen_at;
  std::optional<std::string> address;
  std::string user_agent;
  bool current = false;
};

struct TotpEnrolment {
  std::string secret;       // base32, for typing into an app
  std::string otpauth_uri;  // for a QR code
};

class Sessions {
 public:
  explicit Sessions(store::AccountStore& store, SessionOptions options = {});

  [[nodiscard]] LoginOutcome Login(const LoginRequest& request, Instant now);

  // The caller of a session cookie at `now` from `address`. Errors:
  // "unauthenticated" for an id that names no session, "session-expired"
  // for an ended one, or one past its idle or absolute timeout (which it
  // then ends). Records activity at most once a minute.
  [[nodiscard]] core::Result<Authenticated> Authenticate(std::string_view session_id, Instant now,
                                                         std::optional<std::string> address = std::nullopt);

  // Ends the session (DELETE /api/v1/session); Ok also when it had ended or
  // never existed.
  [[nodiscard]] core::Status Logout(std::string_view session_id, Instant now);

  // Seconds until a login for `name` from `address` is no longer throttled;
  // zero when it is not.
  [[nodiscard]] core::Result<std::chrono::seconds> RetryAfter(const std::string& name,
                                                              const std::optional<std::string>& address, Instant now);

  // What the caller's session may do on its own account (kUser, session only).
  [[nodiscard]] core::Result<std::vector<SessionListing>> ListOwnSessions(const Authenticated& me);
  // The password re-entered; ends every other session of the user.
  [[nodiscard]] core::Result<std::int64_t> EndOtherSessions(const Authenticated& me, std::string_view password,
                                                            Instant now);
  // "wrong-password" for a wrong current password (counted by the
  // throttle, "too-many-attempts" past it), the password rule, then the
  // change; the other sessions end unless `end_other_sessions` is false.
  [[nodiscard]] core::Status ChangePassword(const Authenticated& me, std::string_view current_password,
                                            std::string_view new_password, bool end_other_sessions, Instant now);

  // TOTP (RFC 6238): enrolment makes a new secret (a conflict when TOTP is
  // enrolled already); a code confirms it; removal needs the password and a
  // code, and is refused ("forbidden") where --require-totp asks it of the user.
  [[nodiscard]] core::Result<TotpEnrolment> StartTotpEnrolment(const Authenticated& me, std::string_view password,
                                                               Instant now);
  [[nodiscard]] core::Status ConfirmTotp(const Authenticated& me, std::string_view code, Instant now);
  [[nodiscard]] core::Status RemoveTotp(const Authenticated& me, std::string_view password, std::string_view code,
                                        Instant now);

  // Whether `sent` is the session's CSRF token, compared in constant time.
  [[nodiscard]] static bool CsrfTokenMatches(const SessionView& session, std::string_view sent);

 private:
  core::Result<store::UserRow> CheckPassword(const Authenticated& me, std::string_view password, Instant now);
  core::Status CountFailure(const std::string& name, const std::optional<std::string>& address, Instant now);
  [[nodiscard]] SessionView ViewOf(const store::SessionRow& session, const store::UserRow& user) const;
  [[nodiscard]] bool TotpRequired(const store::UserRow& user) const;

  store::AccountStore& store_;
  SessionOptions options_;
  std::string dummy_hash_;  // checked for unknown names: the same work as for a known one
};

}  // namespace supeval::service
