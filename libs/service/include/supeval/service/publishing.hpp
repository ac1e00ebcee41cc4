// The use cases of runs, batches and rule sets as the API offers them
// (API.md, "Runs, imports, holds, rules"): publishing a run of a period with
// the server's rule set, comparing two runs, the batches as a paged list
// (newest first) and one batch, and the rule set a run recorded or the one a
// publication would use. Each takes the caller (the policy has let it in)
// and an open store (the server's pooled connection); the evaluation, the
// diff and the batches are the command line's own functions (runs.hpp), so
// `supeval runs diff` and the API cannot disagree.
//
// Errors: kBadInput naming the parameter for a bad number, kNotFound for a
// run or batch that does not exist, kRefused when publishing meets a rule
// (nothing imported yet), kInternal for the database.
//
// Thread-safety: a Store is one connection, used by one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "supeval/core/result.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/lists.hpp"
#include "supeval/service/policy.hpp"
#include "supeval/service/results.hpp"
#include "supeval/service/runs.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

// Publishes a run of `period` (already parsed by the caller's request
// check; unparseable: kBadInput "period") evaluated with `rules`, by the
// caller at `at`, with an audit entry `run.publish` from the caller's
// address. Returns the run as ShowRunSummary shows it.
[[nodiscard]] core::Result<ChosenRun> PublishPeriod(store::Store& db, const Caller& caller, const std::string& period,
                                                    const core::RuleSet& rules, Instant at);

// Run `b` against run `a` (runs diff). kBadInput "a"/"b" for a number that
// is not one, kNotFound for a run that does not exist.
[[nodiscard]] core::Result<RunDiff> CompareRuns(store::Store& db, const Caller& caller, const std::string& a,
                                                const std::string& b);

struct BatchesQuery {
  std::optional<std::string> before;  // only batches with a smaller number (the last row's `batch`)
  std::optional<std::string> limit;
  std::optional<std::string> offset;
};

struct BatchesPage {
  std::int64_t total_count = 0;  // batches before `before`
  Paging paging;
  std::vector<store::BatchInfo> rows;  // newest first
};

[[nodiscard]] core::Result<BatchesPage> ListBatchesPage(store::Store& db, const Caller& caller,
                                                        const BatchesQuery& query);
// kBadInput "n" for a number that is not one, kNotFound when there is no such batch.
[[nodiscard]] core::Result<store::BatchInfo> ShowBatchNumber(store::Store& db, const Caller& caller,
                                                             const std::string& batch);

// A rule set as GET /api/v1/rules shows it.
struct RuleSetView {
  std::string name;
  std::string sha256;  // of `toml`, as a run records it
  std::string toml;    // the full rule set as a run records it
  core::RuleSet rules;
};

// Without `run`: `current` (what PublishPeriod would use); with it, the rule
// set that run recorded (any user may read any run's). kBadInput "run",
// kNotFound for a run that does not exist.
[[nodiscard]] core::Result<RuleSetView> ShowRules(store::Store& db, const std::optional<std::string>& run,
                                                  const core::RuleSet& current);

}  // namespace supeval::service
