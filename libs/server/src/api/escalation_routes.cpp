// The routes of escalation cases and sourcing (docs/escalations-api.md): the
// cases board, one contract's case with its timeline, recording a decision
// and recording the ladders' holds; sourcing concentration and its risks. Each reads the request, hands it to the
// service (service/escalations.hpp: the ladder replayed from the current records, scoped to a supplier user's own
// contracts) and sends its JSON.
#include <string>
#include <utility>

#include "api_context.hpp"
#include "supeval/service/escalations.hpp"
#include "supeval/service/sourcing.hpp"

namespace supeval::server {
namespace {

using Type = nlohmann::json::value_t;

core::Result<Reply> Answer(core::Result<service::Json> answer, unsigned status = 200) {
  if (!answer.ok()) return answer.error();
  return JsonReply(Json(*std::move(answer)), status);
}

core::Result<Reply> ListEscalations(Api::Impl& api, const Request& request) {
  const service::EscalationsQuery query{QueryString(request, "as_of"), QueryString(request, "supplier_id"),
                                        QueryString(request, "level"), QueryString(request, "status"),
                                        QueryString(request, "sort"),  QueryString(request, "limit"),
                                        QueryString(request, "offset")};
  return api.WithStore([&](store::Store& db) {
    return Answer(service::ListEscalations(db, CallerOf(request), query, api.contract_rules, DateOf(api.Today())));
  });
}

core::Result<Reply> ShowEscalation(Api::Impl& api, const Request& request) {
  return api.WithStore([&](store::Store& db) {
    return Answer(service::ShowEscalation(db, CallerOf(request), std::string(request.PathParameter("id")),
                                          QueryString(request, "as_of"), api.contract_rules, DateOf(api.Today())));
  });
}

core::Result<Reply> DecideEscalation(Api::Impl& api, const Request& request) {
  if (auto checked = CheckMembers(request.json, {{"decision", Type::string},
                                                 {"reason", Type::string},
                                                 {"date", Type::string, false},
                                                 {"to_level", Type::string, false},
                                                 {"cause", Type::string, false}});
      !checked.ok()) {
    return checked.error();
  }
  const service::DecisionBody body{OptionalString(request.json, "date"), request.json["decision"].get<std::string>(),
                                   request.json["reason"].get<std::string>(), OptionalString(request.json, "to_level"),
                                   OptionalString(request.json, "cause")};
  const std::string contract_id(request.PathParameter("id"));
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto answer = service::DecideEscalation(db, CallerOf(request), contract_id, body, api.contract_rules, api.Now(),
                                            DateOf(api.Today()));
    if (!answer.ok()) return answer.error();
    Reply reply = JsonReply(Json(*std::move(answer)), 201);
    reply.headers.emplace_back("Location", "/api/v1/escalations/" + contract_id);
    return reply;
  });
}

core::Result<Reply> RecordHolds(Api::Impl& api, const Request& request) {
  if (auto checked = CheckMembers(request.json, {{"as_of", Type::string, false}}); !checked.ok()) {
    return checked.error();
  }
  return api.WithStore([&](store::Store& db) {
    return Answer(service::RecordEscalationHolds(db, CallerOf(request), OptionalString(request.json, "as_of"),
                                                 api.contract_rules, api.Now(), DateOf(api.Today())));
  });
}

core::Result<Reply> ListSourcing(Api::Impl& api, const Request& request) {
  const service::SourcingQuery query{QueryString(request, "period"),  QueryString(request, "scope"),
                                     QueryString(request, "finding"), QueryString(request, "q"),
                                     QueryString(request, "limit"),   QueryString(request, "offset")};
  return api.WithStore([&](store::Store& db) {
    return Answer(service::ListSourcing(db, query, api.contract_rules, api.options.db_url));
  });
}

core::Result<Reply> ListSourcingRisks(Api::Impl& api, const Request& request) {
  return api.WithStore([&](store::Store& db) {
    return Answer(
        service::ListSourcingRisks(db, QueryString(request, "period"), api.contract_rules, api.options.db_url));
  });
}

}  // namespace

RouteTable EscalationRoutes(Api::Impl& api) {
  using service::UseCase;
  const auto bind = [&api](ApiHandler handler) { return Bind(api, handler); };
  RouteTable routes;
  routes.push_back({"GET",
                    "/api/v1/escalations",
                    UseCase::kListEscalations,
                    bind(ListEscalations),
                    BodyKind::kNone,
                    ListSpec{&service::EscalationsSort()},
                    "The escalation cases board: each contract's latest case replayed up to a date",
                    {"", "EscalationList"}});
  routes.push_back({"POST",
                    "/api/v1/escalations/holds",
                    UseCase::kRecordEscalationHolds,
                    bind(RecordHolds),
                    BodyKind::kJson,
                    std::nullopt,
                    "Record the New Business Holds the ladders reached (and withdraw those withdrawn)",
                    {"RecordEscalationHoldsRequest", "RecordedEscalationHolds"}});
  routes.push_back({"GET",
                    "/api/v1/escalations/{id}",
                    UseCase::kShowEscalation,
                    bind(ShowEscalation),
                    BodyKind::kNone,
                    std::nullopt,
                    "One contract's escalation case with its timeline, holds, decisions and triggers",
                    {"", "EscalationDetail"}});
  routes.push_back({"POST",
                    "/api/v1/escalations/{id}/decisions",
                    UseCase::kDecideEscalation,
                    bind(DecideEscalation),
                    BodyKind::kJson,
                    std::nullopt,
                    "Record an escalation decision (escalate, deescalate, close, withdraw_hold)",
                    {"EscalationDecisionRequest", "EscalationDetail", 201}});
  routes.push_back({"GET",
                    "/api/v1/sourcing",
                    UseCase::kListSourcing,
                    bind(ListSourcing),
                    BodyKind::kNone,
                    ListSpec{},
                    "Sourcing concentration per material and commodity (supeval sourcing)",
                    {"", "SourcingList"}});
  routes.push_back({"GET",
                    "/api/v1/sourcing/risks",
                    UseCase::kListSourcingRisks,
                    bind(ListSourcingRisks),
                    BodyKind::kNone,
                    std::nullopt,
                    "The single-sourced materials ranked by risk (supeval sourcing --risks)",
                    {"", "SourcingRisks"}});
  return routes;
}

}  // namespace supeval::server
