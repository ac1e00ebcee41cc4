// Logging in, sessions, and a user's own password and TOTP.
#include "supeval/service/sessions.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "account_support.hpp"
#include "credentials.hpp"
#include "totp.hpp"

namespace supeval::service {

using internal::Audit;
using internal::AuditJson;
using internal::Permit;
using internal::RequireUser;
using std::chrono::seconds;

namespace {

constexpr std::size_t kSessionIdBytes = 32;  // 256 bits (API.md)
constexpr std::size_t kCsrfTokenBytes = 32;
constexpr std::size_t kTotpSecretBytes = 20;                      // 160 bits, as RFC 4226 recommends for HMAC-SHA1
constexpr seconds kActivityResolution = std::chrono::minutes(1);  // the idle clock moves at most once a minute
constexpr std::int64_t kAddressLimitFactor = 10;                  // per address: 10 x the per-name limit
constexpr std::string_view kIssuer = "supeval";

core::Error Unauthenticated() {
  return core::Failure(core::ErrorCode::kRefused, "the user name or password is wrong", "unauthenticated");
}
core::Error TooManyAttempts() {
  return core::Failure(core::ErrorCode::kRefused, "too many failed attempts; try again later", "too-many-attempts");
}
core::Error Expired() {
  return core::Failure(core::ErrorCode::kRefused, "the session has ended; log in again", "session-expired");
}
core::Error WrongCode() { return internal::RuleViolation("the TOTP code is wrong or was used before"); }
core::Error Conflict(std::string message) {
  return core::Failure(core::ErrorCode::kConflict, std::move(message), "conflict");
}

// Whether `code` is the user's TOTP code near `now` and not used before;
// a matching code's step is recorded as used.
core::Result<bool> AcceptTotp(store::AccountStore& store, const store::UserRow& user, std::string_view code,
                              Instant now) {
  if (!user.totp_secret) return false;
  const std::optional<std::string> key = internal::FromBase32(*user.totp_secret);
  if (!key) return core::Internal("the stored TOTP secret of '" + user.name + "' is not base32");
  const std::optional<std::int64_t> step = internal::MatchingTotpStep(*key, code, now);
  if (!step) return false;
  return store.UseTotpStep(user.name, *step);
}

// How long until fewer than `limit` failures lie in the window; zero when
// they already do.
seconds WaitFor(const store::FailureCount& failures, std::int64_t limit, seconds window, Instant now) {
  if (failures.count < limit || !failures.oldest) return seconds(0);
  return std::max(seconds(1), *failures.oldest + window - now);
}

// A hash of a random password at `cost`, checked for an unknown name so that
// it takes as long as a known one. Made once per cost and process (it takes
// as long as a login), so that a Sessions object is cheap to make.
std::string DummyHash(const PasswordCost& cost) {
  static std::mutex mutex;
  static std::map<std::pair<unsigned long long, std::size_t>, std::string> hashes;
  const std::lock_guard lock(mutex);
  std::string& hash = hashes[{cost.opslimit, cost.memlimit}];
  if (hash.empty()) hash = internal::HashPassword(internal::RandomBase64Url(kSessionIdBytes), cost).value_or("");
  return hash;
}

}  // namespace

Sessions::Sessions(store::AccountStore& store, SessionOptions options)
    : store_(store), options_(options), dummy_hash_(DummyHash(options.cost)) {}

bool Sessions::TotpRequired(const store::UserRow& user) const {
  switch (options_.require_totp) {
    case TotpRequirement::kNone:
      return false;
    case TotpRequirement::kStaff:
      return user.role != "supplier";
    case TotpRequirement::kAll:
      return true;
  }
  return true;
}

SessionView Sessions::ViewOf(const store::SessionRow& session, const store::UserRow& user) const {
  SessionView view;
  view.id = session.id;
  view.user = user.name;
  view.display_name = user.display_name;
  view.role = internal::ViewOf(user).role;
  view.supplier_id = user.supplier_id;
  view.csrf_token = session.csrf_token;
  view.created_at = session.created_at;
  view.expires_at = session.created_at + options_.absolute;
  view.idle_expires_at = std::min(view.expires_at, session.last_seen_at + options_.idle);
  if (user.initial_password_until) view.required_action = "change-password";
  else if (TotpRequired(user) && !user.totp_enabled) view.required_action = "enrol-totp";
  return view;
}

core::Result<seconds> Sessions::RetryAfter(const std::string& name, const std::optional<std::string>& address,
                                           Instant now) {
  // A failure counts while less than the window has passed since it.
  const Instant since = now - options_.throttle_window + seconds(1);
  auto by_name = store_.CountFailures(store::ThrottleScope::kName, name, since);
  if (!by_name.ok()) return by_name.error();
  seconds wait = WaitFor(*by_name, options_.login_limit, options_.throttle_window, now);
  if (address) {
    auto by_address = store_.CountFailures(store::ThrottleScope::kAddress, *address, since);
    if (!by_address.ok()) return by_address.error();
    wait =
        std::max(wait, WaitFor(*by_address, options_.login_limit * kAddressLimitFactor, options_.throttle_window, now));
  }
  return wait;
}

core::Status Sessions::CountFailure(const std::string& name, const std::optional<std::string>& address, Instant now) {
  const Instant forget_before = now - options_.throttle_window;
  return store_.InTransaction([&]() -> core::Status {
    if (core::Status counted = store_.RecordFailure(store::ThrottleScope::kName, name, now, forget_before);
        !counted.ok()) {
      return counted;
    }
    if (!address) return core::Ok{};
    return store_.RecordFailure(store::ThrottleScope::kAddress, *address, now, forget_before);
  });
}

LoginOutcome Sessions::Login(const LoginRequest& request, Instant now) {
  LoginOutcome outcome;
  auto fail = [&](core::Error error) {
    outcome.error = std::move(error);
    return outcome;
  };
  auto fail_counted = [&](core::Error error) {
    if (core::Status counted = CountFailure(request.name, request.address, now); !counted.ok()) {
      return fail(counted.error());
    }
    return fail(std::move(error));
  };

  auto wait = RetryAfter(request.name, request.address, now);
  if (!wait.ok()) return fail(wait.error());
  if (*wait > seconds(0)) {
    outcome.retry_after = *wait;
    return fail(TooManyAttempts());
  }
  auto found = store_.FindUser(request.name);
  if (!found.ok()) return fail(found.error());
  // The same work whether the name is known or not, enabled or not.
  const bool password_right =
      internal::VerifyPassword(*found ? (*found)->password_hash : dummy_hash_, request.password);
  const bool usable =
      *found && !(*found)->disabled && (!(*found)->initial_password_until || now < *(*found)->initial_password_until);
  if (!password_right || !usable) return fail_counted(Unauthenticated());
  store::UserRow user = **std::move(found);

  if (user.totp_enabled) {
    if (!request.totp) {
      return fail(
          core::Failure(core::ErrorCode::kRefused, "enter the code of your authenticator app", "totp-required"));
    }
    auto accepted = AcceptTotp(store_, user, *request.totp, now);
    if (!accepted.ok()) return fail(accepted.error());
    if (!*accepted) return fail_counted(Unauthenticated());
  }

  std::optional<std::string> rehashed;
  if (internal::NeedsRehash(user.password_hash, options_.cost)) {
    rehashed = internal::HashPassword(request.password, options_.cost);
  }
  NewSession created;
  created.session_id = internal::RandomBase64Url(kSessionIdBytes);
  store::SessionRow session{0,
                            internal::Fingerprint(created.session_id),
                            user.name,
                            internal::RandomBase64Url(kCsrfTokenBytes),
                            now,
                            now,
                            request.address,
                            request.user_agent,
                            std::nullopt};
  core::Status done = store_.InTransaction([&]() -> core::Status {
    if (core::Status cleared = store_.ClearFailures(store::ThrottleScope::kName, user.name); !cleared.ok()) {
      return cleared;
    }
    if (core::Status recorded = store_.RecordLogin(user.name, now, rehashed); !recorded.ok()) return recorded;
    if (request.previous_session_id) {
      if (auto ended = store_.EndSession(internal::Fingerprint(*request.previous_session_id), now); !ended.ok()) {
        return ended.error();
      }
    }
    auto id = store_.InsertSession(session);
    if (!id.ok()) return id.error();
    session.id = *id;
    return core::Ok{};
  });
  if (!done.ok()) return fail(done.error());
  user.last_login_at = now;
  created.session = ViewOf(session, user);
  outcome.session = std::move(created);
  return outcome;
}

core::Result<Authenticated> Sessions::Authenticate(std::string_view session_id, Instant now,
                                                   std::optional<std::string> address) {
  const std::string hash = internal::Fingerprint(session_id);
  auto found = store_.FindSessionWithUser(hash);
  if (!found.ok()) return found.error();
  if (!*found) return core::Failure(core::ErrorCode::kRefused, "there is no such session", "unauthenticated");
  store::SessionRow session = std::move((*found)->session);
  const std::optional<store::UserRow>& user = (*found)->user;
  if (session.ended_at) return Expired();
  const bool timed_out = now >= session.created_at + options_.absolute || now >= session.last_seen_at + options_.idle;
  if (!user || user->disabled || timed_out) {
    if (auto ended = store_.EndSession(hash, now); !ended.ok()) return ended.error();
    return Expired();
  }
  if (now - session.last_seen_at >= kActivityResolution) {
    if (core::Status touched = store_.TouchSession(hash, now); !touched.ok()) return touched.error();
    session.last_seen_at = now;
  }
  Authenticated me;
  me.caller = internal::CallerOf(*user, address ? std::move(address) : session.address, false);
  me.session = ViewOf(session, *user);
  me.session_id_sha256 = hash;
  return me;
}

core::Status Sessions::Logout(std::string_view session_id, Instant now) {
  auto ended = store_.EndSession(internal::Fingerprint(session_id), now);
  if (!ended.ok()) return ended.error();
  return core::Ok{};
}

bool Sessions::CsrfTokenMatches(const SessionView& session, std::string_view sent) {
  return internal::SameSecret(session.csrf_token, sent);
}

core::Result<std::vector<SessionListing>> Sessions::ListOwnSessions(const Authenticated& me) {
  if (core::Status permitted = Permit(me.caller, UseCase::kListOwnSessions); !permitted.ok()) return permitted.error();
  auto rows = store_.ListOpenSessions(me.caller.user);
  if (!rows.ok()) return rows.error();
  std::vector<SessionListing> listings;
  for (const store::SessionRow& row : *rows) {
    listings.push_back(
        {row.id, row.created_at, row.last_seen_at, row.address, row.user_agent, row.id_sha256 == me.session_id_sha256});
  }
  return listings;
}

core::Result<store::UserRow> Sessions::CheckPassword(const Authenticated& me, std::string_view password, Instant now) {
  auto wait = RetryAfter(me.caller.user, me.caller.address, now);
  if (!wait.ok()) return wait.error();
  if (*wait > seconds(0)) return TooManyAttempts();
  auto user = RequireUser(store_, me.caller.user);
  if (!user.ok()) return user.error();
  if (internal::VerifyPassword(user->password_hash, password)) return user;
  if (core::Status counted = CountFailure(me.caller.user, me.caller.address, now); !counted.ok()) {
    return counted.error();
  }
  return core::Failure(core::ErrorCode::kRefused, "the current password is wrong", "wrong-password");
}

core::Result<std::int64_t> Sessions::EndOtherSessions(const Authenticated& me, std::string_view password, Instant now) {
  if (core::Status permitted = Permit(me.caller, UseCase::kEndOtherSessions); !permitted.ok()) {
    return permitted.error();
  }
  auto user = CheckPassword(me, password, now);
  if (!user.ok()) return user.error();
  std::int64_t ended = 0;
  core::Status done = store_.InTransaction([&]() -> core::Status {
    auto count = store_.EndSessions(me.caller.user, now, me.session_id_sha256);
    if (!count.ok()) return count.error();
    ended = *count;
    return Audit(store_, me.caller, now, "user.logout", me.caller.user, std::nullopt,
                 nlohmann::ordered_json{{"sessions_ended", ended}}.dump());
  });
  if (!done.ok()) return done.error();
  return ended;
}

core::Status Sessions::ChangePassword(const Authenticated& me, std::string_view current_password,
                                      std::string_view new_password, bool end_other_sessions, Instant now) {
  if (core::Status permitted = Permit(me.caller, UseCase::kChangePassword); !permitted.ok()) return permitted;
  auto user = CheckPassword(me, current_password, now);
  if (!user.ok()) return user.error();
  if (core::Status rule = CheckPasswordRule(new_password); !rule.ok()) return rule;
  auto hash = internal::HashPassword(new_password, options_.cost);
  if (!hash) return core::Internal("hashing a password failed: not enough memory");
  return store_.InTransaction([&]() -> core::Status {
    const UserView before = internal::ViewOf(*user);
    user->password_hash = *hash;
    user->initial_password_until.reset();
    auto version = store_.UpdateUser(*user);
    if (!version.ok()) return version.error();
    if (end_other_sessions) {
      if (auto ended = store_.EndSessions(me.caller.user, now, me.session_id_sha256); !ended.ok()) {
        return ended.error();
      }
    }
    nlohmann::ordered_json after = nlohmann::ordered_json::parse(AuditJson(before));
    after["password_changed"] = true;
    return Audit(store_, me.caller, now, "user.update", me.caller.user, AuditJson(before), after.dump());
  });
}

core::Result<TotpEnrolment> Sessions::StartTotpEnrolment(const Authenticated& me, std::string_view password,
                                                         Instant now) {
  if (core::Status permitted = Permit(me.caller, UseCase::kStartTotpEnrolment); !permitted.ok()) {
    return permitted.error();
  }
  auto user = CheckPassword(me, password, now);
  if (!user.ok()) return user.error();
  if (user->totp_enabled) return Conflict("TOTP is enrolled already; remove it first to enrol a new one");
  TotpEnrolment enrolment;
  enrolment.secret = internal::Base32(internal::RandomBytes(kTotpSecretBytes));
  enrolment.otpauth_uri = internal::OtpauthUri(kIssuer, user->name, enrolment.secret);
  user->totp_secret = enrolment.secret;  // pending until a code confirms it
  user->totp_last_step.reset();
  auto version = store_.UpdateUser(*user);
  if (!version.ok()) return version.error();
  return enrolment;
}

core::Status Sessions::ConfirmTotp(const Authenticated& me, std::string_view code, Instant now) {
  if (core::Status permitted = Permit(me.caller, UseCase::kConfirmTotp); !permitted.ok()) return permitted;
  auto user = RequireUser(store_, me.caller.user);
  if (!user.ok()) return user.error();
  if (user->totp_enabled || !user->totp_secret) return Conflict("there is no TOTP enrolment to confirm");
  auto accepted = AcceptTotp(store_, *user, code, now);
  if (!accepted.ok()) return accepted.error();
  if (!*accepted) return WrongCode();
  auto confirmed = RequireUser(store_, me.caller.user);  // with the step just used
  if (!confirmed.ok()) return confirmed.error();
  const UserView before = internal::ViewOf(*confirmed);
  confirmed->totp_enabled = true;
  return store_.InTransaction([&]() -> core::Status {
    auto version = store_.UpdateUser(*confirmed);
    if (!version.ok()) return version.error();
    return Audit(store_, me.caller, now, "user.update", me.caller.user, AuditJson(before),
                 AuditJson(internal::ViewOf(*confirmed)));
  });
}

core::Status Sessions::RemoveTotp(const Authenticated& me, std::string_view password, std::string_view code,
                                  Instant now) {
  if (core::Status permitted = Permit(me.caller, UseCase::kRemoveTotp); !permitted.ok()) return permitted;
  auto user = CheckPassword(me, password, now);
  if (!user.ok()) return user.error();
  if (TotpRequired(*user)) {
    return core::Failure(core::ErrorCode::kRefused, "this server requires TOTP of your account", "forbidden");
  }
  if (!user->totp_enabled) return Conflict("TOTP is not enrolled");
  auto accepted = AcceptTotp(store_, *user, code, now);
  if (!accepted.ok()) return accepted.error();
  if (!*accepted) {
    if (core::Status counted = CountFailure(me.caller.user, me.caller.address, now); !counted.ok()) return counted;
    return WrongCode();
  }
  auto current = RequireUser(store_, me.caller.user);
  if (!current.ok()) return current.error();
  const UserView before = internal::ViewOf(*current);
  current->totp_secret.reset();
  current->totp_enabled = false;
  current->totp_last_step.reset();
  return store_.InTransaction([&]() -> core::Status {
    auto version = store_.UpdateUser(*current);
    if (!version.ok()) return version.error();
    return Audit(store_, me.caller, now, "user.update", me.caller.user, AuditJson(before),
                 AuditJson(internal::ViewOf(*current)));
  });
}

}  // namespace supeval::service
