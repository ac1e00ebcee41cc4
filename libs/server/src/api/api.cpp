// The Api: its shared context, the helpers every handler uses, the
// authenticator that reads sessions and tokens from the database, and the
// table of all routes.
#include "supeval/server/api.hpp"

#include <utility>

#include "api_context.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/adjustments.hpp"
#include "supeval/service/results_json.hpp"
#include "supeval/service/tokens.hpp"

namespace supeval::server {
namespace {

// Sessions and tokens, looked up in the database on every request (never
// cached: a revocation holds at once in every process).
class StoreAuthenticator final : public Authenticator {
 public:
  explicit StoreAuthenticator(Api::Impl& api) : api_(api) {}

  core::Result<Authentication> Authenticate(const Credentials& credentials) override {
    return WithPooledStore(api_.pool, [&](store::Store& db) {
      return credentials.token ? ByToken(db, *credentials.token, credentials.address)
                               : BySession(db, credentials.session_id.value_or(""), credentials.address);
    });
  }

 private:
  core::Result<Authentication> ByToken(store::Store& db, std::string_view token, const std::string& address) {
    service::Tokens tokens(db.accounts());
    auto caller = tokens.Authenticate(token, api_.Now(), address);
    Authentication answer;
    if (!caller.ok()) {
      if (caller.error().code != core::ErrorCode::kBadInput && caller.error().problem != "unauthenticated") {
        return caller.error();
      }
      answer.outcome = AuthenticationOutcome::kInvalidToken;
      return answer;
    }
    answer.outcome = AuthenticationOutcome::kAuthenticated;
    answer.caller = std::move(caller).value();
    return answer;
  }

  core::Result<Authentication> BySession(store::Store& db, std::string_view session_id, const std::string& address) {
    service::Sessions sessions(db.accounts(), api_.options.sessions);
    auto me = sessions.Authenticate(session_id, api_.Now(), address);
    Authentication answer;
    if (!me.ok()) {
      const std::string& problem = me.error().problem;
      if (problem == "session-expired") {
        answer.outcome = AuthenticationOutcome::kExpired;
      } else if (problem == "unauthenticated") {
        answer.outcome = AuthenticationOutcome::kNone;
      } else {
        return me.error();
      }
      return answer;
    }
    answer.outcome = AuthenticationOutcome::kAuthenticated;
    answer.caller = me->caller;
    answer.csrf_token = me->session.csrf_token;
    if (me->session.required_action == "change-password") answer.restriction = "password-change-required";
    if (me->session.required_action == "enrol-totp") answer.restriction = "totp-enrolment-required";
    return answer;
  }

  Api::Impl& api_;
};

}  // namespace

Api::Impl::Impl(ApiOptions api_options)
    : options(std::move(api_options)),
      contract_rules(service::ContractRuleSetOf(
          options.rules, options.contract_rules.value_or(core::contracts::DefaultContractRules()))),
      pool(options.db_url) {}

service::Instant Api::Impl::Now() const {
  if (options.clock) return options.clock();
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

core::Result<Reply> Api::Impl::WithStore(const std::function<core::Result<Reply>(store::Store&)>& work) {
  return WithPooledStore(pool, work);
}

std::string Api::Impl::SessionCookie(std::string_view value, bool https) {
  std::string cookie =
      std::string(SessionCookieName(https)) + "=" + std::string(value) + "; HttpOnly; SameSite=Strict; Path=/";
  if (https) cookie += "; Secure";
  return cookie;
}

std::string Api::Impl::ClearedCookie(bool https) { return SessionCookie("", https) + "; Max-Age=0"; }

core::Date DateOf(std::chrono::year_month_day day) {
  return core::Date::FromCivil(static_cast<int>(day.year()), static_cast<int>(static_cast<unsigned>(day.month())),
                               static_cast<int>(static_cast<unsigned>(day.day())));
}

const service::Caller& CallerOf(const Request& request) {
  // The policy let the request through only with a caller.
  return *request.caller;
}

core::Status CheckMembers(const nlohmann::json& body, std::initializer_list<Member> members) {
  if (!body.is_object()) return core::BadInput("the body must be a JSON object", {"", 0, "/"});
  for (const auto& [name, value] : body.items()) {
    const Member* member = nullptr;
    for (const Member& candidate : members) {
      if (candidate.name == name) member = &candidate;
    }
    const std::string pointer = "/" + name;
    if (member == nullptr) return core::BadInput("'" + name + "' is not a member of this body", {"", 0, pointer});
    const bool numbers = member->type == nlohmann::json::value_t::number_integer;
    // number_float: any JSON number (a quantity, whole or not).
    const bool any_number = member->type == nlohmann::json::value_t::number_float && value.is_number();
    const bool type_ok = value.type() == member->type || (numbers && value.is_number_unsigned()) || any_number ||
                         (!member->required && value.is_null());
    if (!type_ok) return core::BadInput("'" + name + "' has the wrong type", {"", 0, pointer});
  }
  for (const Member& member : members) {
    if (member.required && !body.contains(member.name)) {
      return core::BadInput("'" + std::string(member.name) + "' is required", {"", 0, "/" + std::string(member.name)});
    }
  }
  return core::Ok{};
}

core::Result<std::int64_t> UpToOf(const nlohmann::json& body) {
  if (auto checked = CheckMembers(body, {{"up_to", nlohmann::json::value_t::number_integer}}); !checked.ok()) {
    return checked.error();
  }
  return body["up_to"].get<std::int64_t>();
}

std::optional<std::string> OptionalString(const nlohmann::json& body, std::string_view name) {
  const auto found = body.find(name);
  if (found == body.end() || found->is_null()) return std::nullopt;
  return found->get<std::string>();
}

bool OptionalBoolean(const nlohmann::json& body, std::string_view name, bool fallback) {
  const auto found = body.find(name);
  if (found == body.end() || found->is_null()) return fallback;
  return found->get<bool>();
}

std::optional<std::string> QueryString(const Request& request, std::string_view name) {
  const auto value = request.QueryParameter(name);
  if (!value) return std::nullopt;
  return std::string(*value);
}

Reply JsonReply(const Json& value, unsigned status) {
  Reply reply;
  reply.status = status;
  reply.body = service::JsonText(value);
  return reply;
}

Json Nullable(const std::optional<std::string>& value) { return value ? Json(*value) : Json(); }

Json NullableInstant(const std::optional<service::Instant>& at) { return at ? Json(service::Rfc3339(*at)) : Json(); }

Handler Bind(Api::Impl& api, ApiHandler handler) {
  return [&api, handler](const Request& request) { return handler(api, request); };
}

Api::Api(ApiOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))), authenticator_(std::make_unique<StoreAuthenticator>(*impl_)) {}
Api::~Api() = default;

RouteTable Api::Routes() {
  RouteTable routes = SessionRoutes(*impl_);
  for (RouteTable more : {AccountRoutes(*impl_), ResultRoutes(*impl_), RunRoutes(*impl_), HoldRoutes(*impl_),
                          AdjustmentRoutes(*impl_), ThreadRoutes(*impl_), NotificationRoutes(*impl_),
                          ContractRoutes(*impl_), EscalationRoutes(*impl_), LetterRoutes(*impl_)}) {
    for (Route& route : more) routes.push_back(std::move(route));
  }
  for (Route& route : routes) {
    if (route.method == "POST" && route.use_case != service::UseCase::kLogin) {
      route.handler = Idempotent(*impl_, std::move(route.handler));
    }
  }
  return routes;
}

Authenticator& Api::authenticator() { return *authenticator_; }

core::Result<std::int64_t> Api::SweepDeadlines() {
  std::int64_t notified = 0;
  auto swept = impl_->WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto count = service::NotifyAdjustmentDeadlines(db, AdjustmentContextOf(*impl_));
    if (!count.ok()) return count.error();
    notified = *count;
    return Reply{};
  });
  if (!swept.ok()) return swept.error();
  return notified;
}

}  // namespace supeval::server
