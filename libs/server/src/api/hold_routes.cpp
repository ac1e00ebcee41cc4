// The routes of New Business Holds (API.md, "Runs, imports, holds, rules" and
// "Health and results"): list, show, impose, withdraw, and one supplier's
// holds. Each reads the request, hands it to the service's hold use cases
// (the same store calls as the `holds` command, so a change is one batch and
// one audit entry naming the API user) and writes the hold as JSON.
#include <string>
#include <utility>

#include "api_context.hpp"
#include "supeval/core/date.hpp"
#include "supeval/service/holds.hpp"

namespace supeval::server {
namespace {

using Type = nlohmann::json::value_t;

Json NullableDate(const std::optional<core::Date>& date) { return date ? Json(date->ToString()) : Json(); }

Json HoldJson(const service::HoldView& view) {
  const store::StoredHold& hold = view.hold;
  return Json{{"id", hold.id},
              {"supplier_id", hold.key.supplier_id},
              {"reason", service::HoldReasonText(hold.key.reason)},
              {"imposed_on", hold.key.imposed_on.ToString()},
              {"withdrawn_on", NullableDate(hold.withdrawn_on)},
              {"changed_by", view.changed_by},
              {"changed_at", hold.changed_at},
              {"why", Nullable(view.why)}};
}

Json HoldsJson(const service::HoldsPage& page) {
  Json rows = Json::array();
  for (const service::HoldView& view : page.rows) rows.push_back(HoldJson(view));
  return Json{{"total_count", page.total_count},
              {"limit", page.paging.limit},
              {"offset", page.paging.offset},
              {"rows", std::move(rows)}};
}

// A member holding a date (YYYY-MM-DD), else kBadInput pointing at it.
core::Result<core::Date> DateMember(const nlohmann::json& body, std::string_view name) {
  const std::string text = body[std::string(name)].get<std::string>();
  const auto date = core::Date::Parse(text);
  if (!date) {
    return core::BadInput("'" + text + "' is not a date like 2026-07-01", {"", 0, "/" + std::string(name)});
  }
  return *date;
}

service::HoldsQuery QueryOf(const Request& request) {
  return service::HoldsQuery{QueryString(request, "supplier_id"), QueryString(request, "reason"),
                             QueryString(request, "active_on"), QueryString(request, "limit"),
                             QueryString(request, "offset")};
}

core::Result<Reply> ListHolds(Api::Impl& api, const Request& request) {
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto page = service::ListHoldsPage(db, CallerOf(request), QueryOf(request));
    if (!page.ok()) return page.error();
    return JsonReply(HoldsJson(*page));
  });
}

core::Result<Reply> SupplierHolds(Api::Impl& api, const Request& request) {
  service::HoldsQuery query = QueryOf(request);
  query.supplier_id = std::string(request.PathParameter("id"));
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto page = service::ListHoldsPage(db, CallerOf(request), query);
    if (!page.ok()) return page.error();
    return JsonReply(HoldsJson(*page));
  });
}

core::Result<Reply> ShowHold(Api::Impl& api, const Request& request) {
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto hold = service::ShowHold(db, CallerOf(request), request.PathParameter("id"));
    if (!hold.ok()) return hold.error();
    return JsonReply(HoldJson(*hold));
  });
}

// The body of POST /api/v1/holds; `reason` may be left out (quality, as
// with `holds impose`).
core::Result<service::HoldImposition> ImpositionOf(const nlohmann::json& body) {
  if (auto checked = CheckMembers(body, {{"supplier_id", Type::string},
                                         {"reason", Type::string, false},
                                         {"imposed_on", Type::string},
                                         {"why", Type::string}});
      !checked.ok()) {
    return checked.error();
  }
  service::HoldImposition hold;
  hold.supplier_id = body["supplier_id"].get<std::string>();
  if (const auto reason = OptionalString(body, "reason")) {
    auto parsed = service::ParseHoldReasonName(*reason);
    if (!parsed.ok()) return core::BadInput(parsed.error().message, {"", 0, "/reason"});
    hold.reason = *parsed;
  }
  auto imposed_on = DateMember(body, "imposed_on");
  if (!imposed_on.ok()) return imposed_on.error();
  hold.imposed_on = *imposed_on;
  hold.why = body["why"].get<std::string>();
  return hold;
}

core::Result<Reply> ImposeHold(Api::Impl& api, const Request& request) {
  auto hold = ImpositionOf(request.json);
  if (!hold.ok()) return hold.error();
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto imposed = service::ImposeHold(db, CallerOf(request), *hold, api.Now());
    if (!imposed.ok()) return imposed.error();
    Reply reply = JsonReply(HoldJson(*imposed), 201);
    reply.headers.emplace_back("Location", "/api/v1/holds/" + std::to_string(imposed->hold.id));
    return reply;
  });
}

core::Result<Reply> WithdrawHold(Api::Impl& api, const Request& request) {
  if (auto checked = CheckMembers(request.json, {{"withdrawn_on", Type::string}, {"why", Type::string}});
      !checked.ok()) {
    return checked.error();
  }
  auto withdrawn_on = DateMember(request.json, "withdrawn_on");
  if (!withdrawn_on.ok()) return withdrawn_on.error();
  const std::string why = request.json["why"].get<std::string>();
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto withdrawn =
        service::WithdrawHold(db, CallerOf(request), request.PathParameter("id"), *withdrawn_on, why, api.Now());
    if (!withdrawn.ok()) return withdrawn.error();
    return JsonReply(HoldJson(*withdrawn));
  });
}

}  // namespace

RouteTable HoldRoutes(Api::Impl& api) {
  using service::UseCase;
  const auto bind = [&api](ApiHandler handler) { return Bind(api, handler); };
  RouteTable routes;
  routes.push_back({"GET",
                    "/api/v1/holds",
                    UseCase::kListHolds,
                    bind(ListHolds),
                    BodyKind::kNone,
                    ListSpec{},
                    "New Business Holds, by id, filtered by supplier, reason and the day they are active",
                    {"", "HoldList"}});
  routes.push_back({"GET",
                    "/api/v1/holds/{id}",
                    UseCase::kShowHold,
                    bind(ShowHold),
                    BodyKind::kNone,
                    std::nullopt,
                    "One hold",
                    {"", "Hold"}});
  routes.push_back({"POST",
                    "/api/v1/holds",
                    UseCase::kImposeHold,
                    bind(ImposeHold),
                    BodyKind::kJson,
                    std::nullopt,
                    "Impose a hold on a supplier",
                    {"ImposeHoldRequest", "Hold", 201}});
  routes.push_back({"POST",
                    "/api/v1/holds/{id}/withdraw",
                    UseCase::kWithdrawHold,
                    bind(WithdrawHold),
                    BodyKind::kJson,
                    std::nullopt,
                    "Withdraw an active hold",
                    {"WithdrawHoldRequest", "Hold"}});
  routes.push_back({"GET",
                    "/api/v1/suppliers/{id}/holds",
                    UseCase::kSupplierHolds,
                    bind(SupplierHolds),
                    BodyKind::kNone,
                    ListSpec{},
                    "One supplier's holds",
                    {"", "HoldList"}});
  return routes;
}

}  // namespace supeval::server
