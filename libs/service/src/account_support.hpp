// What the account use cases (accounts, sessions, tokens) share: the policy
// check, the view of a stored user, its audit JSON, the audit entry of a
// change, and the errors they answer with. Internal to supeval::service.
// Thread-safety: stateless functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "supeval/service/accounts.hpp"

namespace supeval::service::internal {

// Ok when `caller` may run `use_case`; else kRefused "forbidden".
[[nodiscard]] core::Status Permit(const Caller& caller, UseCase use_case);

[[nodiscard]] UserView ViewOf(const store::UserRow& user);
// The user as the audit log records it: its view, never a hash or secret.
[[nodiscard]] std::string AuditJson(const UserView& user);

// Appends the audit entry of a change made by `by` at `now`.
[[nodiscard]] core::Status Audit(store::AccountStore& store, const Caller& by, Instant now, std::string_view action,
                                 std::string_view target, std::optional<std::string> before,
                                 std::optional<std::string> after);

// The stored user of that name, or kNotFound "not-found".
[[nodiscard]] core::Result<store::UserRow> RequireUser(store::AccountStore& store, const std::string& name);

[[nodiscard]] core::Error NotFound(std::string what);
[[nodiscard]] core::Error RuleViolation(std::string message);

// The Caller a stored user is, from `address`.
[[nodiscard]] Caller CallerOf(const store::UserRow& user, std::optional<std::string> address, bool via_token);

}  // namespace supeval::service::internal
