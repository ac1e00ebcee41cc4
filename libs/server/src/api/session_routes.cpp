// The routes under /api/v1/session (API.md, "Authentication and sessions",
// "Accounts and audit"): logging in and out, the session, and what a user
// does to its own account — password, TOTP, its other sessions.
#include <array>
#include <nlohmann/json.hpp>
#include <utility>

#include "api_context.hpp"
#include "supeval/server/problem.hpp"

namespace supeval::server {
namespace {

using Type = nlohmann::json::value_t;

Json SessionJson(const service::SessionView& session) {
  return Json{{"user", session.user},
              {"display_name", session.display_name},
              {"role", service::RoleName(session.role)},
              {"supplier_id", Nullable(session.supplier_id)},
              {"csrf_token", session.csrf_token},
              {"expires_at", service::Rfc3339(session.expires_at)},
              {"idle_expires_at", service::Rfc3339(session.idle_expires_at)},
              {"required_action", Nullable(session.required_action)}};
}

// A 401 of a login carries the challenge, as every 401 does.
Reply Unauthenticated(const core::Error& error, const Request& request) {
  Reply reply = ProblemReplyFor(error, request.request_id);
  reply.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"supeval\"");
  return reply;
}

// The security log's event for a refused login, by its problem.
std::string LoginFailureEvent(std::string_view problem) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kEvents = {{
      {"too-many-attempts", "login-throttled"},
      {"totp-required", "login-totp-required"},
  }};
  for (const auto& [name, event] : kEvents) {
    if (name == problem) return std::string(event);
  }
  return "login-failed";
}

// The request's own session (routes that need one are session-only).
core::Result<service::Authenticated> CurrentSession(service::Sessions& sessions, const Request& request,
                                                    service::Instant now) {
  if (request.session_id.empty()) return core::Failure(core::ErrorCode::kRefused, "no session cookie", "forbidden");
  return sessions.Authenticate(request.session_id, now, request.address);
}

// A handler that needs the caller's own session, run inside a connection of
// the pool.
using SessionWork = core::Result<Reply> (*)(Api::Impl&, service::Sessions&, const service::Authenticated&,
                                            const Request&);
Handler WithSession(Api::Impl& api, SessionWork work) {
  return [&api, work](const Request& request) {
    return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
      service::Sessions sessions(db.accounts(), api.options.sessions);
      auto me = CurrentSession(sessions, request, api.Now());
      if (!me.ok()) return me.error();
      return work(api, sessions, *me, request);
    });
  };
}

core::Result<Reply> NoContentOr(const core::Status& status) {
  if (!status.ok()) return status.error();
  return Reply::NoContent();
}

core::Result<Reply> Login(Api::Impl& api, const Request& request) {
  if (auto checked = CheckMembers(
          request.json, {{"username", Type::string}, {"password", Type::string}, {"totp", Type::string, false}});
      !checked.ok()) {
    return checked.error();
  }
  service::LoginRequest login;
  login.name = request.json["username"].get<std::string>();
  login.password = request.json["password"].get<std::string>();
  login.totp = OptionalString(request.json, "totp");
  login.address = request.address;
  login.user_agent = request.user_agent;
  if (!request.session_id.empty()) login.previous_session_id = request.session_id;
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    service::Sessions sessions(db.accounts(), api.options.sessions);
    service::LoginOutcome outcome = sessions.Login(login, api.Now());
    if (!outcome.ok()) {
      if (outcome.error.code == core::ErrorCode::kInternal || outcome.error.code == core::ErrorCode::kUnavailable) {
        return outcome.error;
      }
      Reply reply = Unauthenticated(outcome.error, request);
      if (outcome.error.problem == "too-many-attempts") {
        reply.headers.emplace_back("Retry-After", std::to_string(outcome.retry_after.count()));
      }
      // The name tried is not logged: it may be a password typed one field early.
      reply.security_event = LoginFailureEvent(outcome.error.problem);
      return reply;
    }
    Reply reply = JsonReply(SessionJson(outcome.session->session));
    reply.headers.emplace_back("Set-Cookie", api.SessionCookie(outcome.session->session_id, request.https));
    reply.security_event = "login";
    reply.security_user = outcome.session->session.user;
    return reply;
  });
}

core::Result<Reply> Logout(Api::Impl& api, const Request& request) {
  Reply cleared = Reply::NoContent();
  cleared.headers.emplace_back("Set-Cookie", api.ClearedCookie(request.https));
  cleared.security_event = "logout";
  if (request.session_id.empty()) return cleared;
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    service::Sessions sessions(db.accounts(), api.options.sessions);
    if (auto ended = sessions.Logout(request.session_id, api.Now()); !ended.ok()) return ended.error();
    return cleared;
  });
}

// A body of one required string member.
core::Result<std::string> OneString(const Request& request, std::string_view name) {
  if (auto checked = CheckMembers(request.json, {{name, Type::string}}); !checked.ok()) return checked.error();
  return request.json[std::string(name)].get<std::string>();
}

core::Result<Reply> ShowSession(Api::Impl&, service::Sessions&, const service::Authenticated& me, const Request&) {
  return JsonReply(SessionJson(me.session));
}

core::Result<Reply> ChangePassword(Api::Impl& api, service::Sessions& sessions, const service::Authenticated& me,
                                   const Request& request) {
  if (auto checked = CheckMembers(request.json, {{"current_password", Type::string},
                                                 {"new_password", Type::string},
                                                 {"end_other_sessions", Type::boolean, false}});
      !checked.ok()) {
    return checked.error();
  }
  const bool end_others = OptionalBoolean(request.json, "end_other_sessions", true);
  return NoContentOr(sessions.ChangePassword(me, request.json["current_password"].get<std::string>(),
                                             request.json["new_password"].get<std::string>(), end_others, api.Now()));
}

core::Result<Reply> ListOwnSessions(Api::Impl&, service::Sessions& sessions, const service::Authenticated& me,
                                    const Request&) {
  auto listed = sessions.ListOwnSessions(me);
  if (!listed.ok()) return listed.error();
  Json rows = Json::array();
  for (const service::SessionListing& session : *listed) {
    rows.push_back(Json{{"id", session.id},
                        {"created_at", service::Rfc3339(session.created_at)},
                        {"last_seen_at", service::Rfc3339(session.last_seen_at)},
                        {"address", Nullable(session.address)},
                        {"user_agent", session.user_agent},
                        {"current", session.current}});
  }
  const auto count = static_cast<std::int64_t>(rows.size());
  return JsonReply(Json{{"total_count", count}, {"limit", count}, {"offset", 0}, {"rows", std::move(rows)}});
}

core::Result<Reply> EndOtherSessions(Api::Impl& api, service::Sessions& sessions, const service::Authenticated& me,
                                     const Request& request) {
  auto password = OneString(request, "password");
  if (!password.ok()) return password.error();
  auto ended = sessions.EndOtherSessions(me, *password, api.Now());
  if (!ended.ok()) return ended.error();
  return Reply::NoContent();
}

core::Result<Reply> StartTotp(Api::Impl& api, service::Sessions& sessions, const service::Authenticated& me,
                              const Request& request) {
  auto password = OneString(request, "password");
  if (!password.ok()) return password.error();
  auto enrolment = sessions.StartTotpEnrolment(me, *password, api.Now());
  if (!enrolment.ok()) return enrolment.error();
  return JsonReply(Json{{"secret", enrolment->secret}, {"otpauth_uri", enrolment->otpauth_uri}});
}

core::Result<Reply> ConfirmTotp(Api::Impl& api, service::Sessions& sessions, const service::Authenticated& me,
                                const Request& request) {
  auto code = OneString(request, "code");
  if (!code.ok()) return code.error();
  return NoContentOr(sessions.ConfirmTotp(me, *code, api.Now()));
}

core::Result<Reply> RemoveTotp(Api::Impl& api, service::Sessions& sessions, const service::Authenticated& me,
                               const Request& request) {
  if (auto checked = CheckMembers(request.json, {{"password", Type::string}, {"code", Type::string}}); !checked.ok()) {
    return checked.error();
  }
  return NoContentOr(sessions.RemoveTotp(me, request.json["password"].get<std::string>(),
                                         request.json["code"].get<std::string>(), api.Now()));
}

RouteTable Routes(Api::Impl& api) {
  using service::UseCase;
  const auto session = [&api](SessionWork work) { return WithSession(api, work); };
  RouteTable routes;
  routes.push_back({"POST",
                    "/api/v1/session",
                    UseCase::kLogin,
                    [&api](const Request& request) { return Login(api, request); },
                    BodyKind::kJson,
                    std::nullopt,
                    "Log in: a new session and its cookie",
                    {"LoginRequest", "Session"}});
  routes.push_back({"GET",
                    "/api/v1/session",
                    UseCase::kShowSession,
                    session(ShowSession),
                    BodyKind::kNone,
                    std::nullopt,
                    "The caller's session (with its csrf_token)",
                    {"", "Session"}});
  routes.push_back({"DELETE",
                    "/api/v1/session",
                    UseCase::kLogout,
                    [&api](const Request& request) { return Logout(api, request); },
                    BodyKind::kNone,
                    std::nullopt,
                    "Log out: the session ended, the cookie cleared",
                    {"", "", 204}});
  routes.push_back({"PUT",
                    "/api/v1/session/password",
                    UseCase::kChangePassword,
                    session(ChangePassword),
                    BodyKind::kJson,
                    std::nullopt,
                    "Change the caller's password",
                    {"PasswordChange", "", 204}});
  routes.push_back({"GET",
                    "/api/v1/session/all",
                    UseCase::kListOwnSessions,
                    session(ListOwnSessions),
                    BodyKind::kNone,
                    std::nullopt,
                    "The caller's sessions",
                    {"", "OwnSessionList"}});
  routes.push_back({"POST",
                    "/api/v1/session/end-others",
                    UseCase::kEndOtherSessions,
                    session(EndOtherSessions),
                    BodyKind::kJson,
                    std::nullopt,
                    "End the caller's other sessions (the password re-entered)",
                    {"PasswordConfirmation", "", 204}});
  routes.push_back({"POST",
                    "/api/v1/session/totp",
                    UseCase::kStartTotpEnrolment,
                    session(StartTotp),
                    BodyKind::kJson,
                    std::nullopt,
                    "Start TOTP enrolment (the password re-entered)",
                    {"PasswordConfirmation", "TotpEnrolment"}});
  routes.push_back({"PUT",
                    "/api/v1/session/totp",
                    UseCase::kConfirmTotp,
                    session(ConfirmTotp),
                    BodyKind::kJson,
                    std::nullopt,
                    "Confirm TOTP enrolment with a code",
                    {"TotpConfirmation", "", 204}});
  routes.push_back({"POST",
                    "/api/v1/session/totp/remove",
                    UseCase::kRemoveTotp,
                    session(RemoveTotp),
                    BodyKind::kJson,
                    std::nullopt,
                    "Remove TOTP (the password and a code)",
                    {"TotpRemoval", "", 204}});
  return routes;
}

}  // namespace

RouteTable SessionRoutes(Api::Impl& api) { return Routes(api); }

}  // namespace supeval::server
