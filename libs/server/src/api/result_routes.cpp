// The routes of the results (API.md, "Health and results", "Runs"): periods,
// the ranking, suppliers, a scorecard, a supplier's deliveries,
// complaints and events, runs. Each reads the request's
// parameters as text and hands them to the service, which checks them,
// applies the caller's scope and answers; the JSON is the service's.
#include <map>
#include <string>
#include <utility>

#include "api_context.hpp"
#include "supeval/service/results_json.hpp"
#include "supeval/service/supplier_events.hpp"
#include "supeval/service/supplier_records.hpp"
#include "workbook_reply.hpp"

namespace supeval::server {
namespace {

// The answer of a use case that returns a value, as its JSON.
template <class T, class ToJson>
core::Result<Reply> Answer(core::Result<T> value, ToJson to_json) {
  if (!value.ok()) return value.error();
  return JsonReply(to_json(*value));
}

// The answer of a use case that returns its JSON text, kept.
core::Result<Reply> TextAnswer(const core::Result<std::shared_ptr<const std::string>>& text) {
  if (!text.ok()) return text.error();
  Reply reply;
  reply.body = **text;
  return reply;
}

service::RunSelector SelectorOf(const Request& request) {
  return service::RunSelector{QueryString(request, "period"), QueryString(request, "run")};
}

// The chosen run's results as a workbook: every supplier, as the result CSV
// (filters, sort and paging shape the JSON page only).
core::Result<Reply> RankingWorkbook(Api::Impl& api, const Request& request) {
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto run = service::ChooseRun(db, SelectorOf(request));
    if (!run.ok()) return run.error();
    return WorkbookReply(service::RunWorkbookFile(db, *run, WorkbookVersion()));
  });
}

core::Result<Reply> Ranking(Api::Impl& api, const Request& request) {
  const auto workbook = WantsWorkbook(request);
  if (!workbook.ok()) return workbook.error();
  if (*workbook) return RankingWorkbook(api, request);
  service::RankingQuery query;
  query.run = SelectorOf(request);
  query.plant = QueryString(request, "plant");
  query.commodity = QueryString(request, "commodity");
  query.grade_class = QueryString(request, "class");
  query.status = QueryString(request, "status");
  query.q = QueryString(request, "q");
  query.event_kind = QueryString(request, "event_kind");
  query.sort = QueryString(request, "sort");
  query.limit = QueryString(request, "limit");
  query.offset = QueryString(request, "offset");
  return api.WithStore(
      [&](store::Store& db) { return TextAnswer(service::RankingAnswer(db, api.cache, CallerOf(request), query)); });
}

core::Result<Reply> Periods(Api::Impl& api, const Request& request) {
  return api.WithStore([&](store::Store& db) {
    return Answer(service::ListPeriods(db, api.cache, CallerOf(request), QueryString(request, "limit"),
                                       QueryString(request, "offset")),
                  service::PeriodsJson);
  });
}

core::Result<Reply> Suppliers(Api::Impl& api, const Request& request) {
  const service::SuppliersQuery query{QueryString(request, "q"), QueryString(request, "limit"),
                                      QueryString(request, "offset")};
  return api.WithStore([&](store::Store& db) {
    return Answer(service::ListSuppliers(db, CallerOf(request), query), service::SuppliersJson);
  });
}

core::Result<Reply> Supplier(Api::Impl& api, const Request& request) {
  const std::string id(request.PathParameter("id"));
  return api.WithStore([&](store::Store& db) {
    return Answer(service::ShowSupplier(db, CallerOf(request), id), service::SupplierJson);
  });
}

core::Result<Reply> Scorecard(Api::Impl& api, const Request& request) {
  const std::string id(request.PathParameter("id"));
  return api.WithStore([&](store::Store& db) {
    return TextAnswer(service::ScorecardAnswer(db, api.cache, CallerOf(request), id, SelectorOf(request)));
  });
}

service::RecordsQuery RecordsQueryOf(const Request& request) {
  return service::RecordsQuery{SelectorOf(request), QueryString(request, "sort"), QueryString(request, "limit"),
                               QueryString(request, "offset")};
}

core::Result<Reply> SupplierDeliveries(Api::Impl& api, const Request& request) {
  const std::string id(request.PathParameter("id"));
  return api.WithStore([&](store::Store& db) {
    return Answer(service::ListSupplierDeliveries(db, api.cache, CallerOf(request), id, RecordsQueryOf(request)),
                  service::DeliveriesJson);
  });
}

core::Result<Reply> SupplierComplaints(Api::Impl& api, const Request& request) {
  const std::string id(request.PathParameter("id"));
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto page = service::ListSupplierComplaints(db, api.cache, CallerOf(request), id, RecordsQueryOf(request));
    if (!page.ok()) return page.error();
    // The one live member (API.md): each complaint's adjustment as it stands now.
    auto adjustments = service::SupplierAdjustments(db, CallerOf(request), id, AdjustmentContextOf(api));
    if (!adjustments.ok()) return adjustments.error();
    std::map<std::string, Json> by_complaint;
    for (const auto& [complaint_id, view] : *adjustments)
      by_complaint.emplace(complaint_id, service::AdjustmentJson(view));
    return JsonReply(service::ComplaintsJson(*page, by_complaint));
  });
}

core::Result<Reply> SupplierEvents(Api::Impl& api, const Request& request) {
  const std::string id(request.PathParameter("id"));
  const service::EventsQuery query{SelectorOf(request), QueryString(request, "limit"), QueryString(request, "offset")};
  return api.WithStore([&](store::Store& db) {
    return Answer(service::ListSupplierEvents(db, api.cache, CallerOf(request), id, query), service::EventsPageJson);
  });
}

core::Result<Reply> Runs(Api::Impl& api, const Request& request) {
  const service::RunsQuery query{QueryString(request, "before"), QueryString(request, "limit"),
                                 QueryString(request, "offset")};
  return api.WithStore(
      [&](store::Store& db) { return Answer(service::ListRunsPage(db, CallerOf(request), query), service::RunsJson); });
}

core::Result<Reply> Run(Api::Impl& api, const Request& request) {
  const std::string run(request.PathParameter("n"));
  const auto workbook = WantsWorkbook(request);
  if (!workbook.ok()) return workbook.error();
  if (*workbook) {
    return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
      auto chosen = service::ShowRunSummary(db, CallerOf(request), run);
      if (!chosen.ok()) return chosen.error();
      return WorkbookReply(service::RunWorkbookFile(db, *chosen, WorkbookVersion()));
    });
  }
  return api.WithStore(
      [&](store::Store& db) { return Answer(service::ShowRunSummary(db, CallerOf(request), run), service::RunJson); });
}

}  // namespace

RouteTable ResultRoutes(Api::Impl& api) {
  using service::UseCase;
  const auto bind = [&api](ApiHandler handler) { return Bind(api, handler); };
  RouteTable routes;
  routes.push_back({"GET",
                    "/api/v1/periods",
                    UseCase::kListPeriods,
                    bind(Periods),
                    BodyKind::kNone,
                    ListSpec{},
                    "Periods with published runs, newest first",
                    {"", "PeriodList"}});
  routes.push_back({"GET",
                    "/api/v1/ranking",
                    UseCase::kRanking,
                    bind(Ranking),
                    BodyKind::kNone,
                    ListSpec{&service::RankingSort()},
                    "A run's results, ranked, filtered and paged",
                    {"", "RankingPage"}});
  routes.back().workbook = true;
  routes.push_back({"GET",
                    "/api/v1/suppliers",
                    UseCase::kListSuppliers,
                    bind(Suppliers),
                    BodyKind::kNone,
                    ListSpec{},
                    "Suppliers' master data",
                    {"", "SupplierList"}});
  routes.push_back({"GET",
                    "/api/v1/suppliers/{id}",
                    UseCase::kShowSupplier,
                    bind(Supplier),
                    BodyKind::kNone,
                    std::nullopt,
                    "One supplier's master data",
                    {"", "Supplier"}});
  routes.push_back({"GET",
                    "/api/v1/suppliers/{id}/scorecard",
                    UseCase::kScorecard,
                    bind(Scorecard),
                    BodyKind::kNone,
                    std::nullopt,
                    "One supplier's result in a run, explained, with its trend",
                    {"", "Scorecard"}});
  routes.push_back({"GET",
                    "/api/v1/suppliers/{id}/deliveries",
                    UseCase::kSupplierDeliveries,
                    bind(SupplierDeliveries),
                    BodyKind::kNone,
                    ListSpec{&service::DeliveriesSort()},
                    "One supplier's deliveries of a run's period as the run saw them, with LZ1 and LZ2 figures",
                    {"", "DeliveryPage"}});
  routes.push_back({"GET",
                    "/api/v1/suppliers/{id}/complaints",
                    UseCase::kSupplierComplaints,
                    bind(SupplierComplaints),
                    BodyKind::kNone,
                    ListSpec{&service::ComplaintsSort()},
                    "One supplier's complaints of a run's period as the run saw them, with the quantity counted "
                    "in ppm and each one's adjustment as it stands now (null without returned_on)",
                    {"", "ComplaintPage"}});
  routes.push_back({"GET",
                    "/api/v1/suppliers/{id}/events",
                    UseCase::kSupplierEvents,
                    bind(SupplierEvents),
                    BodyKind::kNone,
                    ListSpec{},
                    "One supplier's events of a run's period (IATF 16949 8.4.2.4: events.csv) as the run saw "
                    "them, by date then event_id",
                    {"", "EventPage"}});
  routes.push_back({"GET",
                    "/api/v1/runs",
                    UseCase::kListRuns,
                    bind(Runs),
                    BodyKind::kNone,
                    ListSpec{},
                    "Published runs, newest first",
                    {"", "RunList"}});
  routes.push_back({"GET",
                    "/api/v1/runs/{n}",
                    UseCase::kShowRun,
                    bind(Run),
                    BodyKind::kNone,
                    std::nullopt,
                    "One published run",
                    {"", "Run"}});
  routes.back().workbook = true;
  return routes;
}

}  // namespace supeval::server
