// Runs, batches and rule sets for the API, over the command line's own
// evaluation, diff and batch functions (runs.cpp).
#include "supeval/service/publishing.hpp"

#include <algorithm>

#include "supeval/io/rules_toml.hpp"
#include "supeval/service/accounts.hpp"

namespace supeval::service {
namespace {

core::Error NotFound(const std::string& what) { return core::Failure(core::ErrorCode::kNotFound, what + " not found"); }

// A published run's number from `text`, or kBadInput naming `parameter`,
// or kNotFound when no run has it (read without its results).
core::Result<store::RunId> ExistingRun(store::Store& db, std::string_view parameter, const std::string& text) {
  auto id = ParseIntegerParameter(parameter, text, 1, INT64_MAX);
  if (!id.ok()) return id.error();
  auto runs = db.ListRunsUncounted();
  if (!runs.ok()) return runs.error();
  const bool known =
      std::any_of(runs->begin(), runs->end(), [&](const store::RunSummary& run) { return run.id == *id; });
  if (!known) return NotFound("run " + text);
  return *id;
}

}  // namespace

core::Result<ChosenRun> PublishPeriod(store::Store& db, const Caller& caller, const std::string& period,
                                      const core::RuleSet& rules, Instant at) {
  StoreEvaluateRequest request;
  request.period = period;
  request.rules = rules;
  request.publish = true;
  SetActor(request, caller, at);
  auto outcome = EvaluateStore(db, request);
  if (!outcome.ok()) {
    // The request was checked already: what remains is a rule of the data
    // (nothing imported yet), not the request's form.
    if (outcome.error().code != core::ErrorCode::kBadInput) return outcome.error();
    return core::Failure(core::ErrorCode::kRefused, outcome.error().message);
  }
  return ShowRunSummary(db, caller, std::to_string(*outcome->published_run));
}

core::Result<RunDiff> CompareRuns(store::Store& db, const Caller& caller, const std::string& a, const std::string& b) {
  if (ScopeOf(caller).only) return NotFound("run " + a);  // staff's (Authorize refuses a supplier user first)
  auto first = ExistingRun(db, "a", a);
  if (!first.ok()) return first.error();
  auto second = ExistingRun(db, "b", b);
  if (!second.ok()) return second.error();
  return DiffRuns(db, *first, *second);
}

core::Result<BatchesPage> ListBatchesPage(store::Store& db, const Caller& caller, const BatchesQuery& query) {
  if (ScopeOf(caller).only) return NotFound("batches");
  auto cursor = ParseCursorPaging(query.before, query.limit, query.offset);
  if (!cursor.ok()) return cursor.error();
  auto batches = ListBatches(db);
  if (!batches.ok()) return batches.error();
  std::vector<store::BatchInfo> rows =
      NewestFirstBefore(*std::move(batches), cursor->before, [](const store::BatchInfo& batch) { return batch.id; });
  BatchesPage page;
  page.paging = cursor->paging;
  page.total_count = static_cast<std::int64_t>(rows.size());
  page.rows = TakePage(std::move(rows), page.paging);
  return page;
}

core::Result<store::BatchInfo> ShowBatchNumber(store::Store& db, const Caller& caller, const std::string& batch) {
  if (ScopeOf(caller).only) return NotFound("batch " + batch);
  auto id = ParseIntegerParameter("n", batch, 1, INT64_MAX);
  if (!id.ok()) return id.error();
  auto last = db.LastBatch();
  if (!last.ok()) return last.error();
  if (*id > *last) return NotFound("batch " + batch);
  auto found = ShowBatch(db, *id);
  if (!found.ok() && found.error().code == core::ErrorCode::kBadInput) return NotFound("batch " + batch);
  return found;
}

core::Result<RuleSetView> ShowRules(store::Store& db, const std::optional<std::string>& run,
                                    const core::RuleSet& current) {
  if (!run) return RuleSetView{current.name, RuleSetSha256(current), RuleSetText(current), current};
  auto id = ExistingRun(db, "run", *run);
  if (!id.ok()) return id.error();
  auto record = db.ReadRun(*id);
  if (!record.ok()) return record.error();
  auto rules = io::ParseRuleSetToml(record->rules_toml, "rules of run " + *run);
  if (!rules.ok()) return core::Internal(rules.error().ToString());
  return RuleSetView{record->summary.rules_name, record->summary.rules_sha256, record->rules_toml, *std::move(rules)};
}

}  // namespace supeval::service
