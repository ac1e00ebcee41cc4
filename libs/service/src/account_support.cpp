// What the account use cases share.
#include "account_support.hpp"

#include <nlohmann/json.hpp>

namespace supeval::service::internal {

core::Status Permit(const Caller& caller, UseCase use_case) {
  if (Authorize(&caller, use_case) == Decision::kAllowed) return core::Ok{};
  return core::Failure(core::ErrorCode::kRefused,
                       "user '" + caller.user + "' may not " + std::string(PolicyOf(use_case).operation_id),
                       "forbidden");
}

UserView ViewOf(const store::UserRow& user) {
  UserView view;
  view.name = user.name;
  view.display_name = user.display_name;
  view.role = ParseRole(user.role).value_or(Role::kSupplier);  // the database's CHECK allows only the four
  view.supplier_id = user.supplier_id;
  view.disabled = user.disabled;
  view.totp = user.totp_enabled;
  view.created_at = user.created_at;
  view.last_login_at = user.last_login_at;
  view.version = user.version;
  return view;
}

std::string AuditJson(const UserView& user) {
  nlohmann::ordered_json json;
  json["name"] = user.name;
  json["display_name"] = user.display_name;
  json["role"] = RoleName(user.role);
  json["supplier_id"] = user.supplier_id ? nlohmann::ordered_json(*user.supplier_id) : nlohmann::ordered_json();
  json["disabled"] = user.disabled;
  json["totp"] = user.totp;
  return json.dump();
}

core::Status Audit(store::AccountStore& store, const Caller& by, Instant now, std::string_view action,
                   std::string_view target, std::optional<std::string> before, std::optional<std::string> after) {
  store::AuditEntry entry;
  entry.at = now;
  entry.user = by.user;
  entry.address = by.address;
  entry.action = std::string(action);
  entry.target = std::string(target);
  entry.before = std::move(before);
  entry.after = std::move(after);
  auto appended = store.AppendAudit(entry);
  if (!appended.ok()) return appended.error();
  return core::Ok{};
}

core::Result<store::UserRow> RequireUser(store::AccountStore& store, const std::string& name) {
  auto user = store.FindUser(name);
  if (!user.ok()) return user.error();
  if (!user->has_value()) return NotFound("there is no user '" + name + "'");
  return **std::move(user);
}

core::Error NotFound(std::string what) {
  return core::Failure(core::ErrorCode::kNotFound, std::move(what), "not-found");
}

core::Error RuleViolation(std::string message) {
  return core::Failure(core::ErrorCode::kRefused, std::move(message), "rule-violation");
}

Caller CallerOf(const store::UserRow& user, std::optional<std::string> address, bool via_token) {
  Caller caller;
  caller.user = user.name;
  caller.display_name = user.display_name;
  caller.role = ViewOf(user).role;
  caller.supplier_id = user.supplier_id;
  caller.address = std::move(address);
  caller.via_token = via_token;
  return caller;
}

}  // namespace supeval::service::internal
