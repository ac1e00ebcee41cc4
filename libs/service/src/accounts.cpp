// The administration of user accounts, each change audited in its own
// transaction.
#include "supeval/service/accounts.hpp"

#include <sodium.h>

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>

#include "account_support.hpp"
#include "credentials.hpp"
#include "supeval/core/utf8.hpp"
#include "supeval/io/terminal_text.hpp"

namespace supeval::service {

using internal::Audit;
using internal::AuditJson;
using internal::Permit;
using internal::RequireUser;
using internal::RuleViolation;
using internal::ViewOf;

namespace {

constexpr std::size_t kMaxNameLength = 64;
constexpr std::size_t kMaxDisplayNameBytes = 200;
constexpr std::size_t kInitialPasswordBytes = 18;  // 144 random bits, 24 base64url characters

core::Error Invalid(std::string message, std::string field) {
  core::Error error = core::BadInput(std::move(message), {"", 0, std::move(field)});
  error.problem = "invalid-request";
  return error;
}

bool NameCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-' || c == '@';
}

core::Status CheckName(const std::string& name) {
  const bool valid = !name.empty() && name.size() <= kMaxNameLength &&
                     std::isalnum(static_cast<unsigned char>(name.front())) != 0 &&
                     std::all_of(name.begin(), name.end(), NameCharacter);
  if (valid) return core::Ok{};
  return Invalid("a user name is 1 to 64 of the characters A-Z a-z 0-9 . _ - @, starting with a letter or digit",
                 "name");
}

core::Status CheckDisplayName(const std::string& display_name) {
  const bool printable = std::none_of(display_name.begin(), display_name.end(),
                                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
  if (!display_name.empty() && display_name.size() <= kMaxDisplayNameBytes && core::IsUtf8Text(display_name) &&
      printable) {
    return core::Ok{};
  }
  return Invalid("a display name is 1 to 200 bytes of UTF-8 text without control characters", "display_name");
}

// The supplier a user of `role` has: required for a supplier user, which
// must name an imported supplier, and refused for staff (API.md, POST /users).
core::Status CheckSupplier(store::AccountStore& store, Role role, const std::optional<std::string>& supplier_id) {
  if (role != Role::kSupplier) {
    if (supplier_id) return RuleViolation("only a supplier user has a supplier_id");
    return core::Ok{};
  }
  if (!supplier_id) return RuleViolation("a supplier user needs a supplier_id");
  auto known = store.SupplierExists(*supplier_id);
  if (!known.ok()) return known.error();
  if (!*known) return RuleViolation("there is no supplier '" + *supplier_id + "'");
  return core::Ok{};
}

struct Password {
  std::string hash;
  std::optional<Instant> initial_until;
  std::optional<std::string> initial;  // the clear text, shown once
};

// A final password (the rule applies), or a random initial one.
core::Result<Password> MakePassword(const std::optional<std::string>& chosen, const PasswordCost& cost, Instant now) {
  Password password;
  if (chosen) {
    if (core::Status rule = CheckPasswordRule(*chosen); !rule.ok()) return rule.error();
  } else {
    password.initial = internal::RandomBase64Url(kInitialPasswordBytes);
    password.initial_until = now + kInitialPasswordValidity;
  }
  auto hash = internal::HashPassword(chosen ? *chosen : *password.initial, cost);
  if (!hash) return core::Internal("hashing a password failed: not enough memory");
  password.hash = *std::move(hash);
  return password;
}

// The audit JSON after a change, marking that the password changed (never
// what it is).
std::string AuditJsonAfter(const UserView& user, bool password_changed) {
  if (!password_changed) return AuditJson(user);
  nlohmann::ordered_json json = nlohmann::ordered_json::parse(AuditJson(user));
  json["password_changed"] = true;
  return json.dump();
}

// Applies `patch` to `user`; whether its sessions must end.
core::Result<bool> ApplyPatch(store::AccountStore& store, const UserPatch& patch, store::UserRow& user) {
  const store::UserRow before = user;
  if (patch.display_name) {
    if (core::Status valid = CheckDisplayName(*patch.display_name); !valid.ok()) return valid.error();
    user.display_name = *patch.display_name;
  }
  const Role role = patch.role.value_or(ViewOf(user).role);
  std::optional<std::string> supplier_id = user.supplier_id;
  if (patch.supplier_id) supplier_id = *patch.supplier_id;
  else if (role != Role::kSupplier) supplier_id.reset();
  if (core::Status supplier = CheckSupplier(store, role, supplier_id); !supplier.ok()) return supplier.error();
  user.role = std::string(RoleName(role));
  user.supplier_id = supplier_id;
  if (patch.disabled) user.disabled = *patch.disabled;
  if (patch.reset_totp) {
    user.totp_secret.reset();
    user.totp_enabled = false;
    user.totp_last_step.reset();
  }
  return user.role != before.role || user.supplier_id != before.supplier_id || (user.disabled && !before.disabled) ||
         patch.reset_totp || patch.reset_password;
}

// Disabling or demoting the last enabled admin would leave nobody to
// administer the accounts (API.md, PATCH /users).
core::Status KeepAnAdmin(store::AccountStore& store, const store::UserRow& before, const store::UserRow& after) {
  const bool was_admin = before.role == "admin" && !before.disabled;
  const bool is_admin = after.role == "admin" && !after.disabled;
  if (!was_admin || is_admin) return core::Ok{};
  auto admins = store.CountEnabledAdmins();
  if (!admins.ok()) return admins.error();
  if (*admins > 1) return core::Ok{};
  return core::Failure(core::ErrorCode::kConflict,
                       "'" + before.name + "' is the last enabled admin; make another user admin first", "conflict");
}

}  // namespace

PasswordCost PasswordCost::Interactive() {
  // OWASP's Argon2id setting (m = 19 MiB, t = 2, p = 1) rather than
  // libsodium's INTERACTIVE (64 MiB): a server answering logins on every
  // thread at once stays within its memory target (API.md, issue 20).
  return {2, 19 * 1024 * 1024};
}
PasswordCost PasswordCost::Cheapest() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

std::string Rfc3339(Instant at) {
  const std::time_t seconds = at.time_since_epoch().count();
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::optional<Instant> ParseRfc3339(std::string_view text) {
  std::tm utc{};
  const std::string terminated(text);
  const char* end = strptime(terminated.c_str(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  if (end == nullptr || *end != '\0' || terminated.size() != 20) return std::nullopt;
  return Instant(std::chrono::seconds(timegm(&utc)));
}

Accounts::Accounts(store::AccountStore& store, PasswordCost cost) : store_(store), cost_(cost) {}

core::Result<UserWithPassword> Accounts::CreateUser(const Caller& by, const NewUser& user, Instant now) {
  if (core::Status permitted = Permit(by, UseCase::kCreateUser); !permitted.ok()) return permitted.error();
  if (core::Status valid = CheckName(user.name); !valid.ok()) return valid.error();
  const std::string display_name = user.display_name.empty() ? user.name : user.display_name;
  if (core::Status valid = CheckDisplayName(display_name); !valid.ok()) return valid.error();
  auto password = MakePassword(user.password, cost_, now);
  if (!password.ok()) return password.error();

  store::UserRow row;
  row.name = user.name;
  row.display_name = display_name;
  row.role = std::string(RoleName(user.role));
  row.supplier_id = user.supplier_id;
  row.password_hash = password->hash;
  row.initial_password_until = password->initial_until;
  row.created_at = now;
  UserWithPassword created{ViewOf(row), password->initial};
  core::Status done = store_.InTransaction([&]() -> core::Status {
    if (core::Status supplier = CheckSupplier(store_, user.role, user.supplier_id); !supplier.ok()) return supplier;
    if (core::Status inserted = store_.InsertUser(row); !inserted.ok()) return inserted;
    return Audit(store_, by, now, "user.create", row.name, std::nullopt, AuditJson(created.user));
  });
  if (!done.ok()) return done.error();
  return created;
}

core::Result<UserWithPassword> Accounts::UpdateUser(const Caller& by, const std::string& name, const UserPatch& patch,
                                                    std::optional<std::int64_t> if_match, Instant now) {
  if (core::Status permitted = Permit(by, UseCase::kUpdateUser); !permitted.ok()) return permitted.error();
  std::optional<Password> password;
  if (patch.reset_password) {
    auto made = MakePassword(std::nullopt, cost_, now);  // hashed before the transaction: it takes a while
    if (!made.ok()) return made.error();
    password = *std::move(made);
  }
  UserWithPassword updated;
  core::Status done = store_.InTransaction([&]() -> core::Status {
    auto user = RequireUser(store_, name);
    if (!user.ok()) return user.error();
    if (if_match && *if_match != user->version) {
      return core::Failure(core::ErrorCode::kConflict, "user '" + name + "' has changed since it was read",
                           "precondition-failed");
    }
    const store::UserRow before = *user;
    auto end_sessions = ApplyPatch(store_, patch, *user);
    if (!end_sessions.ok()) return end_sessions.error();
    if (password) {
      user->password_hash = password->hash;
      user->initial_password_until = password->initial_until;
    }
    if (core::Status admin = KeepAnAdmin(store_, before, *user); !admin.ok()) return admin;
    auto version = store_.UpdateUser(*user);
    if (!version.ok()) return version.error();
    user->version = *version;
    if (*end_sessions) {
      if (auto ended = store_.EndSessions(name, now, std::nullopt); !ended.ok()) return ended.error();
    }
    if (user->disabled && !before.disabled) {
      if (auto revoked = store_.RevokeUserTokens(name, now); !revoked.ok()) return revoked.error();
    }
    updated.user = ViewOf(*user);
    return Audit(store_, by, now, "user.update", name, AuditJson(ViewOf(before)),
                 AuditJsonAfter(updated.user, password.has_value()));
  });
  if (!done.ok()) return done.error();
  if (password) updated.initial_password = password->initial;
  return updated;
}

core::Result<UserView> Accounts::SetPassword(const Caller& by, const std::string& name, std::string_view password,
                                             Instant now) {
  if (core::Status permitted = Permit(by, UseCase::kUpdateUser); !permitted.ok()) return permitted.error();
  auto made = MakePassword(std::string(password), cost_, now);
  if (!made.ok()) return made.error();
  UserView view;
  core::Status done = store_.InTransaction([&]() -> core::Status {
    auto user = RequireUser(store_, name);
    if (!user.ok()) return user.error();
    const UserView before = ViewOf(*user);
    user->password_hash = made->hash;
    user->initial_password_until.reset();
    auto version = store_.UpdateUser(*user);
    if (!version.ok()) return version.error();
    user->version = *version;
    if (auto ended = store_.EndSessions(name, now, std::nullopt); !ended.ok()) return ended.error();
    view = ViewOf(*user);
    return Audit(store_, by, now, "user.update", name, AuditJson(before), AuditJsonAfter(view, true));
  });
  if (!done.ok()) return done.error();
  return view;
}

core::Result<std::int64_t> Accounts::EndSessions(const Caller& by, const std::string& name, Instant now) {
  if (core::Status permitted = Permit(by, UseCase::kEndUserSessions); !permitted.ok()) return permitted.error();
  std::int64_t ended = 0;
  core::Status done = store_.InTransaction([&]() -> core::Status {
    auto user = RequireUser(store_, name);
    if (!user.ok()) return user.error();
    auto count = store_.EndSessions(name, now, std::nullopt);
    if (!count.ok()) return count.error();
    ended = *count;
    return Audit(store_, by, now, "user.logout", name, std::nullopt,
                 nlohmann::ordered_json{{"sessions_ended", ended}}.dump());
  });
  if (!done.ok()) return done.error();
  return ended;
}

core::Result<std::vector<UserView>> Accounts::ListUsers(const Caller& by, const UserQuery& query) {
  if (core::Status permitted = Permit(by, UseCase::kListUsers); !permitted.ok()) return permitted.error();
  store::UserFilter filter;
  filter.text = query.text;
  if (query.role) filter.role = std::string(RoleName(*query.role));
  filter.supplier_id = query.supplier_id;
  auto rows = store_.ListUsers(filter);
  if (!rows.ok()) return rows.error();
  std::vector<UserView> users;
  users.reserve(rows->size());
  for (const store::UserRow& row : *rows) users.push_back(ViewOf(row));
  return users;
}

core::Result<UserView> Accounts::ShowUser(const Caller& by, const std::string& name) {
  if (core::Status permitted = Permit(by, UseCase::kShowUser); !permitted.ok()) return permitted.error();
  auto user = RequireUser(store_, name);
  if (!user.ok()) return user.error();
  return ViewOf(*user);
}

core::Result<AuditPage> Accounts::ListAudit(const Caller& by, const store::AuditFilter& filter) {
  if (core::Status permitted = Permit(by, UseCase::kListAudit); !permitted.ok()) return permitted.error();
  // Two reads, no transaction (it would wait for an import in SQLite): an
  // entry appended between them may be counted and not listed, as if it
  // came just after the page.
  auto rows = store_.ListAudit(filter);
  if (!rows.ok()) return rows.error();
  auto total = store_.CountAudit(filter);
  if (!total.ok()) return total.error();
  AuditPage page{*std::move(rows), *total};
  return page;
}

// ---------------------------------------------------------------------------
// Output of `users list`

std::string WriteUsersTable(const std::vector<UserView>& users) {
  if (users.empty()) return "no users\n";
  io::TextTable table =
      io::TextTable::AlignedLeft({"name", "display_name", "role", "supplier_id", "state", "totp", "last_login"});
  for (const UserView& u : users) {
    table.AddRow({u.name, u.display_name, std::string(RoleName(u.role)), u.supplier_id.value_or("-"),
                  u.disabled ? "disabled" : "enabled", u.totp ? "yes" : "no",
                  u.last_login_at ? Rfc3339(*u.last_login_at) : "never"});
  }
  return table.Render();
}

nlohmann::ordered_json UserJson(const UserView& user) {
  // The audit log's fields of a user, and when it was made and last logged in.
  nlohmann::ordered_json row = nlohmann::ordered_json::parse(AuditJson(user));
  row["created_at"] = Rfc3339(user.created_at);
  row["last_login_at"] =
      user.last_login_at ? nlohmann::ordered_json(Rfc3339(*user.last_login_at)) : nlohmann::ordered_json();
  return row;
}

std::string WriteUsersJson(const std::vector<UserView>& users) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const UserView& user : users) rows.push_back(UserJson(user));
  return rows.dump(2) + "\n";
}

}  // namespace supeval::service
