// The routes of runs, batches, imports and rule sets (API.md, "Runs,
// imports, holds, rules"): publishing a run, comparing two, the batches,
// an import uploaded as multipart/form-data, and the rule sets. Each maps
// the request onto the service's use case (publishing.hpp, import.hpp) and
// its answer back; the diff is the command line's own JSON.
#include <string>
#include <utility>

#include "../multipart.hpp"
#include "api_context.hpp"
#include "supeval/core/period.hpp"
#include "supeval/server/problem.hpp"
#include "supeval/service/import.hpp"
#include "supeval/service/publishing.hpp"
#include "supeval/service/results_json.hpp"
#include "upload.hpp"
#include "workbook_reply.hpp"

namespace supeval::server {
namespace {

using Type = nlohmann::json::value_t;

// What a batch records as the source of an upload (its files are listed
// with it): the temporary folder's name would say nothing.
constexpr std::string_view kUploadSource = "upload";
// A problem lists at most this many `errors` (API.md, "Problems").
constexpr std::size_t kMaxListedErrors = 100;

Reply Created(const Json& body, const std::string& location) {
  Reply reply = JsonReply(body, 201);
  reply.headers.emplace_back("Location", location);
  return reply;
}

core::Result<Reply> Rules(Api::Impl& api, const Request& request) {
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto view = service::ShowRules(db, QueryString(request, "run"), api.options.rules);
    if (!view.ok()) return view.error();
    return JsonReply(service::RuleSetViewJson(*view));
  });
}

core::Result<Reply> PublishRun(Api::Impl& api, const Request& request) {
  if (auto checked = CheckMembers(request.json, {{"period", Type::string}}); !checked.ok()) return checked.error();
  const std::string period = request.json["period"].get<std::string>();
  // An unparseable period is the request's form (400), before any rule.
  if (auto parsed = core::ParsePeriod(period); !parsed.ok()) {
    return core::BadInput(parsed.error().message, {"", 0, "/period"});
  }
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto run = service::PublishPeriod(db, CallerOf(request), period, api.options.rules, api.Now());
    if (!run.ok()) return run.error();
    return Created(service::RunJson(*run), "/api/v1/runs/" + std::to_string(run->summary.id));
  });
}

core::Result<Reply> DiffRuns(Api::Impl& api, const Request& request) {
  const std::string a(request.PathParameter("a"));
  const std::string b(request.PathParameter("b"));
  const auto workbook = WantsWorkbook(request);
  if (!workbook.ok()) return workbook.error();
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto diff = service::CompareRuns(db, CallerOf(request), a, b);
    if (!diff.ok()) return diff.error();
    if (*workbook) return WorkbookReply(service::RunDiffWorkbookFile(*diff, WorkbookVersion()));
    Reply reply;
    reply.body = service::WriteRunDiffJson(*diff);  // exactly `runs diff --format json`
    return reply;
  });
}

core::Result<Reply> Batches(Api::Impl& api, const Request& request) {
  const service::BatchesQuery query{QueryString(request, "before"), QueryString(request, "limit"),
                                    QueryString(request, "offset")};
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto page = service::ListBatchesPage(db, CallerOf(request), query);
    if (!page.ok()) return page.error();
    return JsonReply(service::BatchesJson(*page));
  });
}

core::Result<Reply> Batch(Api::Impl& api, const Request& request) {
  const std::string batch(request.PathParameter("n"));
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto found = service::ShowBatchNumber(db, CallerOf(request), batch);
    if (!found.ok()) return found.error();
    return JsonReply(service::BatchJson(*found));
  });
}

// `dry_run`: absent, "true" or "false".
core::Result<bool> DryRun(const Request& request) {
  const auto value = request.QueryParameter("dry_run");
  if (!value || *value == "false") return false;
  if (*value == "true") return true;
  return core::BadInput("dry_run is true or false", {"", 0, "dry_run"});
}

// `text` without the upload folder's path, so that neither a problem nor a
// log line shows where the server keeps its temporary files.
std::string WithoutFolder(std::string text, const std::filesystem::path& folder) {
  const std::string prefix = folder.string() + "/";
  for (std::size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  return text;
}

// 422 rejected-rows: each refused row with its file, line and column
// (API.md, "Problems"), at most 100 items, error_count the total.
Reply RejectedRowsReply(const service::RejectedRows& rejected, const std::filesystem::path& folder,
                        const Request& request) {
  nlohmann::json errors = nlohmann::json::array();
  for (const core::Error& row : rejected.errors) {
    if (errors.size() == kMaxListedErrors) break;
    nlohmann::json item{{"detail", WithoutFolder(row.message, folder)},
                        {"file", std::filesystem::path(row.location.file).filename().string()}};
    item["line"] = row.location.line == 0 ? nlohmann::json() : nlohmann::json(row.location.line);
    item["column"] = row.location.field.empty() ? nlohmann::json() : nlohmann::json(row.location.field);
    errors.push_back(std::move(item));
  }
  const std::string detail = std::to_string(rejected.count) + " row(s) refused; nothing was imported";
  return ProblemReply("rejected-rows", detail, request.request_id, 0, std::move(errors), rejected.count);
}

core::Result<Reply> Import(Api::Impl& api, const Request& request) {
  auto dry_run = DryRun(request);
  if (!dry_run.ok()) return dry_run.error();
  auto parts = ParseMultipart(request.content_type, request.body);
  if (!parts.ok()) return parts.error();
  auto folder = UploadFolder::Write(*parts);
  if (!folder.ok()) return folder.error();
  const service::Caller& caller = CallerOf(request);
  service::ImportRequest import;
  import.db_url = api.options.db_url;
  import.data_dir = folder->path();
  import.rules = api.options.rules;
  import.contract_rules = api.contract_rules.contracts;
  import.dry_run = *dry_run;
  service::SetActor(import, caller, api.Now());
  import.source = std::string(kUploadSource);
  // Another writer: refused at once (409 import-in-progress), not waited for.
  import.lock_timeout = std::chrono::seconds(1);
  service::RejectedRows rejected;
  auto outcome = service::ImportDataset(import, {}, &rejected);
  if (!outcome.ok()) {
    if (rejected.count > 0) return RejectedRowsReply(rejected, folder->path(), request);
    core::Error error = outcome.error();
    error.message = WithoutFolder(error.message, folder->path());
    error.location.file = WithoutFolder(error.location.file, folder->path());
    if (error.code == core::ErrorCode::kBadInput && error.problem.empty()) error.code = core::ErrorCode::kRefused;
    return error;
  }
  Json batch = service::BatchJson(outcome->batch);
  if (outcome->dry_run) {
    batch["batch"] = nullptr;
    return JsonReply(batch);
  }
  return Created(batch, "/api/v1/batches/" + std::to_string(outcome->batch.id));
}

}  // namespace

RouteTable RunRoutes(Api::Impl& api) {
  using service::UseCase;
  const auto bind = [&api](ApiHandler handler) { return Bind(api, handler); };
  RouteTable routes;
  routes.push_back({"POST",
                    "/api/v1/runs",
                    UseCase::kPublishRun,
                    bind(PublishRun),
                    BodyKind::kJson,
                    std::nullopt,
                    "Publish a run of a period with the server's rule set",
                    {"PublishRunRequest", "Run", 201}});
  routes.push_back({"GET",
                    "/api/v1/runs/{a}/diff/{b}",
                    UseCase::kDiffRuns,
                    bind(DiffRuns),
                    BodyKind::kNone,
                    std::nullopt,
                    "What changed from run a to run b, and the records that explain it",
                    {"", "RunDiff"}});
  routes.back().workbook = true;
  routes.push_back({"GET",
                    "/api/v1/batches",
                    UseCase::kListBatches,
                    bind(Batches),
                    BodyKind::kNone,
                    ListSpec{},
                    "Imports and hold changes, newest first",
                    {"", "BatchList"}});
  routes.push_back({"GET",
                    "/api/v1/batches/{n}",
                    UseCase::kShowBatch,
                    bind(Batch),
                    BodyKind::kNone,
                    std::nullopt,
                    "One batch with its tables and files",
                    {"", "Batch"}});
  routes.push_back({"POST",
                    "/api/v1/imports",
                    UseCase::kImport,
                    bind(Import),
                    BodyKind::kMultipart,
                    std::nullopt,
                    "Import interchange files as one batch (dry_run: count only)",
                    {"ImportFiles", "ImportResult", 201, 200}});
  routes.push_back({"GET",
                    "/api/v1/rules",
                    UseCase::kShowRules,
                    bind(Rules),
                    BodyKind::kNone,
                    std::nullopt,
                    "The rule set runs are published with, or the one a run recorded",
                    {"", "RuleSet"}});
  return routes;
}

}  // namespace supeval::server
