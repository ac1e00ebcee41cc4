// AccountStore: the tables behind logging in — user accounts, their sessions
// and API tokens, the login throttle's failure counts — and the audit log,
// in the same database (SQLite or PostgreSQL) as the imported data, so that
// any number of server processes share them (API.md, "Authentication and
// sessions"). Rows only: which rule applies (timeouts, throttle limits, who
// may do what) is decided by supeval::service.
//
// Secrets are never stored in the clear: a session id and an API token only
// as the SHA-256 of their text (hex), a password only as libsodium's Argon2id
// string. The audit log is append-only; the database itself refuses to
// update or delete an entry. Instants are whole seconds, UTC.
//
// Each call is atomic on its own; InTransaction makes several calls one
// change. Writes never take the store-wide import lock in PostgreSQL (a login
// does not wait for an import); SQLite has one writer at a time, as always.
// Concurrent changes of one user are caught by its `version` (UpdateUser).
//
// Thread-safety: an AccountStore borrows its Store's connection (Store::
// accounts()): one thread at a time, and not while a session or snapshot of
// the Store is alive.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "supeval/core/result.hpp"

namespace supeval::store {

using Instant = std::chrono::sys_seconds;

struct UserRow {
  std::string name;  // the login name, the key
  std::string display_name;
  std::string role;                        // admin, quality, purchasing, supplier
  std::optional<std::string> supplier_id;  // set exactly for role supplier
  std::string password_hash;               // Argon2id string (crypto_pwhash_str)
  // Set while the password is an initial one: it is valid until then.
  std::optional<Instant> initial_password_until;
  bool disabled = false;
  std::optional<std::string> totp_secret;      // base32; set from enrolment on
  bool totp_enabled = false;                   // the enrolment was confirmed
  std::optional<std::int64_t> totp_last_step;  // the last time step a code was accepted for
  Instant created_at;
  std::optional<Instant> last_login_at;
  std::int64_t version = 1;  // raised by every UpdateUser (the user's ETag)
};

struct UserFilter {
  std::optional<std::string> text;  // a substring of name or display_name
  std::optional<std::string> role;
  std::optional<std::string> supplier_id;
};

struct SessionRow {
  std::int64_t id = 0;    // a public number for listings; never the cookie
  std::string id_sha256;  // SHA-256 (hex) of the session id the cookie carries
  std::string user;
  std::string csrf_token;
  Instant created_at;
  Instant last_seen_at;
  std::optional<std::string> address;
  std::string user_agent;
  std::optional<Instant> ended_at;
};

// A session and its user (none when the user is gone), read together: the
// check every request makes, in one round trip.
struct SessionWithUser {
  SessionRow session;
  std::optional<UserRow> user;
};

struct TokenRow {
  std::int64_t id = 0;
  std::string token_sha256;  // SHA-256 (hex) of the token text
  std::string name;
  std::string user;
  Instant created_at;
  Instant expires_at;
  std::optional<Instant> last_used_at;
  std::optional<Instant> revoked_at;
};

// What the login throttle counts failures by.
enum class ThrottleScope : std::uint8_t { kName, kAddress };

struct FailureCount {
  std::int64_t count = 0;
  std::optional<Instant> oldest;  // the oldest failure counted
};

// A POST's Idempotency-Key and, once it has run, its answer.
struct IdempotencyRow {
  std::string user;
  std::string key;
  std::string method;
  std::string path;
  std::string body_sha256;  // hex
  Instant created_at;
  std::optional<std::int64_t> status;  // null: the first request still runs
  std::string content_type;
  std::string headers_json;  // [[name, value], ...]
  std::string body;
};

struct AuditEntry {
  std::int64_t id = 0;  // assigned by AppendAudit
  Instant at;
  std::string user;  // login name; the OS user for the command line
  std::optional<std::string> address;
  std::string action;                 // user.create, user.update, token.create, ...
  std::string target;                 // what was changed: a user name, a token id
  std::optional<std::string> before;  // JSON text; never a hash or secret
  std::optional<std::string> after;
};

struct AuditFilter {
  std::optional<Instant> since;
  std::optional<std::string> user;
  std::optional<std::string> action;
  std::optional<std::int64_t> before;  // only entries with a smaller id (the page cursor)
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // Runs `work` (calls of this store) as one transaction: committed when it
  // returns Ok, rolled back otherwise. Not nested.
  virtual core::Status InTransaction(const std::function<core::Status()>& work) = 0;

  // Users. InsertUser: kConflict when the name exists. UpdateUser writes
  // every field but name and created_at when the stored version is still
  // `user.version` (kConflict "precondition-failed" otherwise, or kNotFound)
  // and returns the new version.
  [[nodiscard]] virtual core::Result<std::optional<UserRow>> FindUser(const std::string& name) = 0;
  [[nodiscard]] virtual core::Result<std::vector<UserRow>> ListUsers(const UserFilter& filter) = 0;
  virtual core::Status InsertUser(const UserRow& user) = 0;
  [[nodiscard]] virtual core::Result<std::int64_t> UpdateUser(const UserRow& user) = 0;
  // A login's bookkeeping, which leaves the version alone (an admin's ETag
  // does not go stale when the user logs in): the time, and a rehashed
  // password when `new_hash` is given.
  virtual core::Status RecordLogin(const std::string& name, Instant at, const std::optional<std::string>& new_hash) = 0;
  // Records that a TOTP code of `step` was accepted, unless a code of that
  // step or a later one was accepted before: false then (a replay).
  [[nodiscard]] virtual core::Result<bool> UseTotpStep(const std::string& name, std::int64_t step) = 0;
  // The enabled admins, counted; inside InTransaction their rows stay
  // locked until it ends (PostgreSQL: FOR UPDATE; SQLite has one writer
  // anyway), so that two concurrent changes cannot both remove "the other"
  // last admin.
  [[nodiscard]] virtual core::Result<std::int64_t> CountEnabledAdmins() = 0;
  [[nodiscard]] virtual core::Result<bool> SupplierExists(const std::string& supplier_id) = 0;

  // Sessions. EndSessions ends every open session of `user` but `except`
  // (an id_sha256) and returns how many it ended.
  [[nodiscard]] virtual core::Result<std::int64_t> InsertSession(const SessionRow& session) = 0;
  [[nodiscard]] virtual core::Result<std::optional<SessionRow>> FindSession(const std::string& id_sha256) = 0;
  [[nodiscard]] virtual core::Result<std::optional<SessionWithUser>> FindSessionWithUser(
      const std::string& id_sha256) = 0;
  virtual core::Status TouchSession(const std::string& id_sha256, Instant at) = 0;
  // True when it was open.
  [[nodiscard]] virtual core::Result<bool> EndSession(const std::string& id_sha256, Instant at) = 0;
  [[nodiscard]] virtual core::Result<std::int64_t> EndSessions(const std::string& user, Instant at,
                                                               const std::optional<std::string>& except) = 0;
  // The open sessions of `user`, newest first.
  [[nodiscard]] virtual core::Result<std::vector<SessionRow>> ListOpenSessions(const std::string& user) = 0;

  // API tokens. ListTokens: those not revoked (of one user when given), by id.
  [[nodiscard]] virtual core::Result<std::int64_t> InsertToken(const TokenRow& token) = 0;
  [[nodiscard]] virtual core::Result<std::optional<TokenRow>> FindTokenByHash(const std::string& token_sha256) = 0;
  [[nodiscard]] virtual core::Result<std::optional<TokenRow>> FindToken(std::int64_t id) = 0;
  [[nodiscard]] virtual core::Result<std::vector<TokenRow>> ListTokens(const std::optional<std::string>& user) = 0;
  virtual core::Status TouchToken(std::int64_t id, Instant at) = 0;
  // True when it was not revoked yet.
  [[nodiscard]] virtual core::Result<bool> RevokeToken(std::int64_t id, Instant at) = 0;
  [[nodiscard]] virtual core::Result<std::int64_t> RevokeUserTokens(const std::string& user, Instant at) = 0;

  // The login throttle: one row per failure; failures before `forget_before`
  // are deleted when a new one is recorded.
  virtual core::Status RecordFailure(ThrottleScope scope, const std::string& key, Instant at,
                                     Instant forget_before) = 0;
  [[nodiscard]] virtual core::Result<FailureCount> CountFailures(ThrottleScope scope, const std::string& key,
                                                                 Instant since) = 0;
  virtual core::Status ClearFailures(ThrottleScope scope, const std::string& key) = 0;

  // The audit log: returns the new entry's id. ListAudit: newest first.
  // Idempotency keys. Claim forgets every key made before `forget_before`,
  // then inserts `claim` (status null) unless its user already has its key:
  // nullopt when inserted, else the row there. Atomic against a concurrent
  // claim of the same key (exactly one inserts).
  [[nodiscard]] virtual core::Result<std::optional<IdempotencyRow>> ClaimIdempotencyKey(const IdempotencyRow& claim,
                                                                                        Instant forget_before) = 0;
  // Stores the answer of a claimed key (status, content_type, headers, body).
  virtual core::Status FinishIdempotencyKey(const IdempotencyRow& answered) = 0;
  // Forgets a claimed key whose request could not be answered (a retry runs it).
  virtual core::Status ReleaseIdempotencyKey(const std::string& user, const std::string& key) = 0;

  [[nodiscard]] virtual core::Result<std::int64_t> AppendAudit(const AuditEntry& entry) = 0;
  [[nodiscard]] virtual core::Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& filter) = 0;
  // How many entries since, user and action select (the list's total_count;
  // the page cursor, limit and offset aside).
  [[nodiscard]] virtual core::Result<std::int64_t> CountAudit(const AuditFilter& filter) = 0;
};

}  // namespace supeval::store
