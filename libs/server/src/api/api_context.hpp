// What every route handler of the API shares: the options, the clock, the
// pool of database connections, the ranking cache, and the helpers that read
// a request's body and parameters the same way everywhere.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "store_pool.hpp"
#include "supeval/core/result.hpp"
#include "supeval/server/api.hpp"
#include "supeval/service/adjustments.hpp"
#include "supeval/service/contracts.hpp"
#include "supeval/service/discussions.hpp"
#include "supeval/service/results.hpp"

namespace supeval::server {

struct Api::Impl {
  explicit Impl(ApiOptions api_options);

  [[nodiscard]] service::Instant Now() const;
  // "Today": the date of Now() in serve --timezone (API.md, "Conventions:
  // Time"), and the instant a day ends there (an adjustment's deadline_at).
  [[nodiscard]] std::chrono::year_month_day Today() const { return options.timezone.LocalDate(Now()); }
  [[nodiscard]] service::Instant EndOfDay(std::chrono::year_month_day day) const {
    return options.timezone.EndOfLocalDay(day);
  }
  // Runs `work` with a connection of the pool; a connection whose call
  // failed as internal or unavailable is closed rather than kept.
  [[nodiscard]] core::Result<Reply> WithStore(const std::function<core::Result<Reply>(store::Store&)>& work);
  // The session cookie (API.md: HttpOnly, SameSite=Strict, Path=/, no
  // Domain, no Max-Age; named __Host-supeval and Secure over HTTPS), and
  // the same cleared (Max-Age=0).
  [[nodiscard]] static std::string SessionCookie(std::string_view value, bool https);
  [[nodiscard]] static std::string ClearedCookie(bool https);

  ApiOptions options;
  // The rule set contracts are settled and checked with: serve --rules's
  // [contracts] table and evaluation tables (the defaults without one).
  service::ContractRuleSet contract_rules;
  StorePool pool;
  service::ResultsCache cache;
};

// A calendar day as the engine's date.
[[nodiscard]] core::Date DateOf(std::chrono::year_month_day day);

// The caller of a route that needs a login (the dispatcher guarantees one).
[[nodiscard]] const service::Caller& CallerOf(const Request& request);

// A body must hold exactly the members listed (API.md, "Conventions"): a
// missing required member, an unknown one or one of another type is
// kBadInput, its field the member's JSON Pointer.
struct Member {
  std::string_view name;
  nlohmann::json::value_t type;
  bool required = true;
};
[[nodiscard]] core::Status CheckMembers(const nlohmann::json& body, std::initializer_list<Member> members);

// Optional members, read after CheckMembers.
[[nodiscard]] std::optional<std::string> OptionalString(const nlohmann::json& body, std::string_view name);
// `fallback` when the member is absent or null (CheckMembers lets an
// optional member be null: in a merge patch, "no change").
[[nodiscard]] bool OptionalBoolean(const nlohmann::json& body, std::string_view name, bool fallback);
[[nodiscard]] std::optional<std::string> QueryString(const Request& request, std::string_view name);

// JSON answers: API.md's member order is kept (ordered_json).
using Json = nlohmann::ordered_json;
[[nodiscard]] Reply JsonReply(const Json& value, unsigned status = 200);
// A member that may be null.
[[nodiscard]] Json Nullable(const std::optional<std::string>& value);
[[nodiscard]] Json NullableInstant(const std::optional<service::Instant>& at);

// A list answer (API.md, "Lists") of a service page (rows, total_count,
// paging), each row as `row_json` writes it.
template <class Page, class RowJson>
[[nodiscard]] Json ListJson(const Page& page, RowJson row_json) {
  Json rows = Json::array();
  for (const auto& row : page.rows) rows.push_back(row_json(row));
  return Json{{"total_count", page.total_count},
              {"limit", page.paging.limit},
              {"offset", page.paging.offset},
              {"rows", std::move(rows)}};
}

// The body `{"up_to"}` of a read marker (a thread's, the notifications'):
// the id, or kBadInput as CheckMembers.
[[nodiscard]] core::Result<std::int64_t> UpToOf(const nlohmann::json& body);

// A route's handler from a function of the Api and the request.
using ApiHandler = core::Result<Reply> (*)(Api::Impl&, const Request&);
[[nodiscard]] Handler Bind(Api::Impl& api, ApiHandler handler);

// `handler` honouring Idempotency-Key (API.md): every POST but the login.
[[nodiscard]] Handler Idempotent(Api::Impl& api, Handler handler);

// Route tables of each area; Api::Routes joins them.
[[nodiscard]] RouteTable SessionRoutes(Api::Impl& api);
[[nodiscard]] RouteTable AccountRoutes(Api::Impl& api);
[[nodiscard]] RouteTable ResultRoutes(Api::Impl& api);
[[nodiscard]] RouteTable RunRoutes(Api::Impl& api);
[[nodiscard]] RouteTable HoldRoutes(Api::Impl& api);
[[nodiscard]] RouteTable ThreadRoutes(Api::Impl& api);

// A thread as the API answers it (GET /api/v1/threads rows, a complaint's `threads`).
[[nodiscard]] Json ThreadJson(const service::ThreadView& view);
[[nodiscard]] RouteTable NotificationRoutes(Api::Impl& api);
[[nodiscard]] RouteTable AdjustmentRoutes(Api::Impl& api);
[[nodiscard]] RouteTable ContractRoutes(Api::Impl& api);
[[nodiscard]] RouteTable EscalationRoutes(Api::Impl& api);
[[nodiscard]] RouteTable LetterRoutes(Api::Impl& api);

// What the adjustment rules need of the server: the rule set in force,
// "today" and the end of a day in serve --timezone, and the clock.
[[nodiscard]] service::AdjustmentContext AdjustmentContextOf(const Api::Impl& api);

}  // namespace supeval::server
