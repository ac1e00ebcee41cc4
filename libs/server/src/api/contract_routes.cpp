// The routes of contracts and settlements (docs/contracts-api.md): the
// register, one contract, the health check, a contract's settlement computed
// now and its KPI lines over the periods, published settlements and their
// lines, and publishing one. Each reads the request, hands it to the
// service's contract use cases (service/contract_views.hpp: the same
// settlement as `contracts settle`, scoped to a supplier user's own) and
// sends their JSON.
#include <string>
#include <utility>

#include "api_context.hpp"
#include "supeval/service/contract_views.hpp"
#include "supeval/store/settlements.hpp"
#include "workbook_reply.hpp"

namespace supeval::server {
namespace {

using Type = nlohmann::json::value_t;

// Runs `work` with the store and the published settlements of the server's
// database.
core::Result<Reply> WithSettlements(
    Api::Impl& api, const std::function<core::Result<service::Json>(store::Store&, store::SettlementStore&)>& work,
    unsigned status = 200) {
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto settlements = store::SettlementStore::Open(api.options.db_url, {.read_only = true});
    if (!settlements.ok()) return settlements.error();
    auto answer = work(db, **settlements);
    if (!answer.ok()) return answer.error();
    return JsonReply(Json(*std::move(answer)), status);
  });
}

// Runs `work` with the store alone.
core::Result<Reply> WithRegister(Api::Impl& api,
                                 const std::function<core::Result<service::Json>(store::Store&)>& work) {
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto answer = work(db);
    if (!answer.ok()) return answer.error();
    return JsonReply(Json(*std::move(answer)));
  });
}

core::Result<Reply> ListContracts(Api::Impl& api, const Request& request) {
  const service::ContractsQuery query{QueryString(request, "supplier_id"), QueryString(request, "type"),
                                      QueryString(request, "q"),           QueryString(request, "sort"),
                                      QueryString(request, "limit"),       QueryString(request, "offset")};
  return WithRegister(api, [&](store::Store& db) { return service::ListContracts(db, CallerOf(request), query); });
}

core::Result<Reply> ShowContract(Api::Impl& api, const Request& request) {
  return WithRegister(api, [&](store::Store& db) {
    return service::ShowContract(db, CallerOf(request), std::string(request.PathParameter("id")),
                                 api.contract_rules.contracts);
  });
}

core::Result<Reply> ListFindings(Api::Impl& api, const Request& request) {
  const service::FindingsQuery query{QueryString(request, "contract_id"), QueryString(request, "supplier_id"),
                                     QueryString(request, "severity"), QueryString(request, "limit"),
                                     QueryString(request, "offset")};
  return WithRegister(api, [&](store::Store& db) {
    return service::ListContractFindings(db, CallerOf(request), query, api.contract_rules.contracts);
  });
}

core::Result<Reply> ContractSettlement(Api::Impl& api, const Request& request) {
  return WithRegister(api, [&](store::Store& db) {
    return service::PreviewContractSettlement(db, CallerOf(request), std::string(request.PathParameter("id")),
                                              QueryString(request, "period"), api.contract_rules, api.options.db_url);
  });
}

core::Result<Reply> ContractKpis(Api::Impl& api, const Request& request) {
  return WithSettlements(api, [&](store::Store& db, store::SettlementStore& settlements) {
    return service::ContractKpiHistory(db, settlements, CallerOf(request), std::string(request.PathParameter("id")),
                                       QueryString(request, "limit"), QueryString(request, "offset"));
  });
}

core::Result<Reply> ListSettlements(Api::Impl& api, const Request& request) {
  const service::SettlementsQuery query{QueryString(request, "period"),      QueryString(request, "contract_id"),
                                        QueryString(request, "supplier_id"), QueryString(request, "before"),
                                        QueryString(request, "limit"),       QueryString(request, "offset")};
  return WithSettlements(api, [&](store::Store& db, store::SettlementStore& settlements) {
    return service::ListSettlements(db, settlements, CallerOf(request), query);
  });
}

core::Result<Reply> ShowSettlement(Api::Impl& api, const Request& request) {
  const auto workbook = WantsWorkbook(request);
  if (!workbook.ok()) return workbook.error();
  if (*workbook) {
    auto settlements = store::SettlementStore::Open(api.options.db_url, {.read_only = true});
    if (!settlements.ok()) return settlements.error();
    auto record = service::SettlementInScope(**settlements, CallerOf(request), std::string(request.PathParameter("n")));
    if (!record.ok()) return record.error();
    return WorkbookReply(service::SettlementWorkbookFile(*record, WorkbookVersion()));
  }
  return WithSettlements(api, [&](store::Store& db, store::SettlementStore& settlements) {
    return service::ShowSettlement(db, settlements, CallerOf(request), std::string(request.PathParameter("n")));
  });
}

core::Result<Reply> ListSettlementLines(Api::Impl& api, const Request& request) {
  const service::SettlementLinesQuery query{QueryString(request, "contract_id"), QueryString(request, "supplier_id"),
                                            QueryString(request, "kind"), QueryString(request, "limit"),
                                            QueryString(request, "offset")};
  return WithSettlements(api, [&](store::Store& db, store::SettlementStore& settlements) {
    return service::ListSettlementLines(db, settlements, CallerOf(request), std::string(request.PathParameter("n")),
                                        query);
  });
}

core::Result<Reply> PublishSettlement(Api::Impl& api, const Request& request) {
  if (auto checked = CheckMembers(request.json, {{"period", Type::string}}); !checked.ok()) return checked.error();
  const std::string period = request.json["period"].get<std::string>();
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto settlements = store::SettlementStore::Open(api.options.db_url, {.read_only = true});
    if (!settlements.ok()) return settlements.error();
    auto published = service::PublishSettlement(db, **settlements, CallerOf(request), period, api.contract_rules,
                                                api.options.db_url, api.Now());
    if (!published.ok()) return published.error();
    Reply reply = JsonReply(Json(std::move(published->settlement)), 201);
    reply.headers.emplace_back("Location", "/api/v1/settlements/" + std::to_string(published->number));
    return reply;
  });
}

}  // namespace

RouteTable ContractRoutes(Api::Impl& api) {
  using service::UseCase;
  const auto bind = [&api](ApiHandler handler) { return Bind(api, handler); };
  RouteTable routes;
  routes.push_back({"GET",
                    "/api/v1/contracts",
                    UseCase::kListContracts,
                    bind(ListContracts),
                    BodyKind::kNone,
                    ListSpec{&service::ContractsSort()},
                    "The contract register, filtered by supplier, type and text",
                    {"", "ContractList"}});
  routes.push_back({"GET",
                    "/api/v1/contracts/{id}",
                    UseCase::kShowContract,
                    bind(ShowContract),
                    BodyKind::kNone,
                    std::nullopt,
                    "One contract with its KPI clauses, milestones and health findings",
                    {"", "ContractDetail"}});
  routes.push_back({"GET",
                    "/api/v1/contract-findings",
                    UseCase::kListContractFindings,
                    bind(ListFindings),
                    BodyKind::kNone,
                    ListSpec{},
                    "The contract health check (contracts check)",
                    {"", "ContractFindingList"}});
  routes.push_back({"GET",
                    "/api/v1/contracts/{id}/settlement",
                    UseCase::kPreviewContractSettlement,
                    bind(ContractSettlement),
                    BodyKind::kNone,
                    std::nullopt,
                    "A contract's settlement of a period computed now, every step traced",
                    {"", "ContractSettlement"}});
  routes.push_back({"GET",
                    "/api/v1/contracts/{id}/kpis",
                    UseCase::kListContractKpis,
                    bind(ContractKpis),
                    BodyKind::kNone,
                    ListSpec{},
                    "A contract's KPI actual against target over the published periods",
                    {"", "ContractKpiPage"}});
  routes.push_back({"GET",
                    "/api/v1/settlements",
                    UseCase::kListSettlements,
                    bind(ListSettlements),
                    BodyKind::kNone,
                    ListSpec{},
                    "Published settlements, newest first",
                    {"", "SettlementList"}});
  routes.push_back({"GET",
                    "/api/v1/settlements/{n}",
                    UseCase::kShowSettlement,
                    bind(ShowSettlement),
                    BodyKind::kNone,
                    std::nullopt,
                    "One published settlement",
                    {"", "Settlement"}});
  routes.back().workbook = true;
  routes.push_back({"GET",
                    "/api/v1/settlements/{n}/lines",
                    UseCase::kListSettlementLines,
                    bind(ListSettlementLines),
                    BodyKind::kNone,
                    ListSpec{},
                    "A published settlement's lines",
                    {"", "SettlementLinePage"}});
  routes.push_back({"POST",
                    "/api/v1/settlements",
                    UseCase::kPublishSettlement,
                    bind(PublishSettlement),
                    BodyKind::kJson,
                    std::nullopt,
                    "Publish the settlement of a period from the current records",
                    {"PublishSettlementRequest", "Settlement", 201}});
  return routes;
}

}  // namespace supeval::server
