// Accounts: the administration of user accounts (API.md, "Accounts and
// audit"; the `users` command): create a user, change its display name,
// role or supplier, set or reset its password, disable and enable it, end
// its sessions, reset its TOTP; list users; read the audit log. The CLI and
// the server call the same functions with the caller's identity (the CLI:
// the OS user as an administrator), and each applies the policy
// (policy.hpp) itself.
//
// Every change appends one audit entry — who, when, from where, what, the
// user before and after as JSON — in the same transaction as the change.
// Neither answers nor audit entries ever hold a password, hash or secret.
// There is no clock here: the caller passes `now`.
//
// Errors carry API.md's problem names (core::Error::problem), which decide
// the HTTP status: "forbidden" (kRefused, 403: the caller's role lacks the
// right), "not-found" (kNotFound, 404), "conflict" (kConflict, 409: the name
// exists, the last enabled admin), "precondition-failed" (kConflict, 412:
// If-Match), "rule-violation" (kRefused, 422: the password rule, a supplier
// where none belongs, an unknown supplier), "invalid-request" (kBadInput, 400).
//
// Thread-safety: an Accounts object borrows one AccountStore (one
// connection): one thread at a time. Objects on separate stores may run
// concurrently, in one process or many.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/result.hpp"
#include "supeval/service/policy.hpp"
#include "supeval/store/accounts.hpp"

namespace supeval::service {

using Instant = store::Instant;

// What one Argon2id password hash costs (libsodium's opslimit and memlimit).
struct PasswordCost {
  unsigned long long opslimit = 0;
  std::size_t memlimit = 0;
  // OWASP's Argon2id minimum: 2 passes over 19 MiB (libsodium's INTERACTIVE
  // takes 64 MiB, too much for a server hashing on every thread at once).
  [[nodiscard]] static PasswordCost Interactive();
  // The least libsodium allows; for tests only.
  [[nodiscard]] static PasswordCost Cheapest();
};

inline constexpr std::chrono::hours kInitialPasswordValidity{72};

// A user as answers show it: never a hash or secret.
struct UserView {
  std::string name;
  std::string display_name;
  Role role = Role::kQuality;
  std::optional<std::string> supplier_id;
  bool disabled = false;
  bool totp = false;  // TOTP enrolled and confirmed
  Instant created_at;
  std::optional<Instant> last_login_at;
  std::int64_t version = 1;  // the ETag
};

struct NewUser {
  std::string name;          // 1–64 of A–Z a–z 0–9 . _ - @, starting with a letter or digit
  std::string display_name;  // empty: the name
  Role role = Role::kQuality;
  std::optional<std::string> supplier_id;  // required for kSupplier, refused otherwise
  // A final password (the password rule applies); none: a random initial
  // password is made, returned once and valid for kInitialPasswordValidity.
  std::optional<std::string> password;
};

// A change of a user (PATCH /api/v1/users/{name}, JSON Merge Patch): each
// member given changes that field.
struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<Role> role;
  // Given: the new supplier (or none). Not given while the role leaves
  // kSupplier: cleared.
  std::optional<std::optional<std::string>> supplier_id;
  std::optional<bool> disabled;
  bool reset_password = false;  // a new random initial password
  bool reset_totp = false;
};

// A user with, once, its new initial password (after creation without a
// password, or reset_password).
struct UserWithPassword {
  UserView user;
  std::optional<std::string> initial_password;
};

struct UserQuery {
  std::optional<std::string> text;  // part of the name or display name, any case
  std::optional<Role> role;
  std::optional<std::string> supplier_id;
};

struct AuditPage {
  std::vector<store::AuditEntry> rows;
  std::int64_t total_count = 0;
};

// RFC 3339 UTC with whole seconds: "2026-07-01T08:15:30Z".
[[nodiscard]] std::string Rfc3339(Instant at);
// The reverse, for that form only; nullopt for anything else.
[[nodiscard]] std::optional<Instant> ParseRfc3339(std::string_view text);

// Stamps a change's request with its actor as the audit records it: who
// (the caller's user), from where (the caller's address) and when (`at`, as
// RFC 3339). Requires: ChangeRequest has the members user, address and
// created_at (ImportRequest, HoldRequest, StoreEvaluateRequest).
template <class ChangeRequest>
void SetActor(ChangeRequest& request, const Caller& caller, Instant at) {
  request.user = caller.user;
  request.address = caller.address;
  request.created_at = Rfc3339(at);
}

// The password rule (API.md, PUT /api/v1/session/password): at least 8
// characters (Unicode code points), at most 1,024 bytes, UTF-8, and not one
// of the 3,000 most common passwords (any case). kRefused "rule-violation".
[[nodiscard]] core::Status CheckPasswordRule(std::string_view password);

class Accounts {
 public:
  explicit Accounts(store::AccountStore& store, PasswordCost cost = PasswordCost::Interactive());

  // kCreateUser. Errors: an invalid name or display name (invalid-request),
  // a name taken (conflict), a supplier missing, given where none belongs,
  // or unknown, the password rule (rule-violation).
  [[nodiscard]] core::Result<UserWithPassword> CreateUser(const Caller& by, const NewUser& user, Instant now);

  // kUpdateUser. `if_match`: the version the caller read (412 otherwise).
  // A role or supplier change, a disable and a reset end the user's
  // sessions; a disable also revokes its API tokens. Disabling or demoting
  // the last enabled admin is a conflict.
  [[nodiscard]] core::Result<UserWithPassword> UpdateUser(const Caller& by, const std::string& name,
                                                          const UserPatch& patch, std::optional<std::int64_t> if_match,
                                                          Instant now);

  // kUpdateUser: a final password chosen by an administrator (`users
  // passwd`); the password rule applies; the user's sessions end.
  [[nodiscard]] core::Result<UserView> SetPassword(const Caller& by, const std::string& name, std::string_view password,
                                                   Instant now);

  // kEndUserSessions: ends every session of the user (audit user.logout);
  // returns how many were open.
  [[nodiscard]] core::Result<std::int64_t> EndSessions(const Caller& by, const std::string& name, Instant now);

  // kListUsers / kShowUser.
  [[nodiscard]] core::Result<std::vector<UserView>> ListUsers(const Caller& by, const UserQuery& query);
  [[nodiscard]] core::Result<UserView> ShowUser(const Caller& by, const std::string& name);

  // kListAudit: a page of entries, newest first, and how many the filters
  // (since, user, action) select.
  [[nodiscard]] core::Result<AuditPage> ListAudit(const Caller& by, const store::AuditFilter& filter);

 private:
  store::AccountStore& store_;
  PasswordCost cost_;
};

// API.md's user object (the API's answers and `users list --format json`).
[[nodiscard]] nlohmann::ordered_json UserJson(const UserView& user);

// `users list` output: an aligned table, or a JSON array of API.md's user
// objects.
[[nodiscard]] std::string WriteUsersTable(const std::vector<UserView>& users);
[[nodiscard]] std::string WriteUsersJson(const std::vector<UserView>& users);

}  // namespace supeval::service
