// Evaluations from the store and published runs. EvaluateStore reads the
// records of a period through the same core::RecordSource interface as the CSV
// path (so both give identical results), optionally publishes the outcome as
// a run — period, the full rule set with its SHA-256, the batches the
// evaluation saw, the time, who, and every supplier's result — or reproduces
// a published run from the kept history. Runs are listed, shown and
// compared: which suppliers changed score or class, by how much, and which
// records written between the two runs explain it.
//
// Each use case comes twice: on a database URL (the command line: the call
// opens its own store) and on an open store (the server: a pooled
// connection). Publishing appends the audit log's `run.publish` entry in the
// run's own transaction.
//
// Thread-safety: the functions share no state; a Store is used by one thread
// at a time.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "supeval/core/evaluator.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/result.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/service/evaluate.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

struct StoreEvaluateRequest {
  std::string db_url;
  std::string period;                               // required unless as_of_run
  std::optional<std::filesystem::path> rules_file;  // not with as_of_run
  std::optional<core::RuleSet> rules;               // instead of rules_file: a rule set read already (serve --rules)
  std::optional<std::string> explain_supplier;
  int threads = 0;
  std::optional<store::RunId> as_of_run;  // reproduce this run: its data, rules and period
  bool publish = false;                   // record the outcome as a run (not with as_of_run)
  std::string user;                       // who publishes
  std::string created_at;                 // when: RFC 3339 UTC ("2026-07-01T06:00:00Z"), from the caller's clock
  std::optional<std::string> address;     // from where (the server's client); none for the CLI
  // Also per plant or company (docs/EVALUATION.md, "Scopes"): the outcome's
  // `scoped` rows, from the records the supplier rows were made from.
  core::ScopeKind scope = core::ScopeKind::kSupplier;
};

struct StoreEvaluateOutcome {
  core::RuleSet rules;
  core::Period period;
  core::Evaluation evaluation;
  SupplierEvents events;                   // as of the batch the evaluation saw
  store::BatchId as_of_batch = 0;          // the last batch the evaluation saw
  std::vector<core::ScopedResult> scoped;  // per plant or company, when asked
  std::optional<store::RunId> published_run;
  // With as_of_run: the result rows that differ from the published ones, one
  // line each (empty: the run was reproduced exactly).
  std::vector<std::string> differences;
};

// Evaluates from the store. Errors are kBadInput for the request (period,
// rule file, unknown run or supplier, --as-of with --period, --rules or
// --publish, publishing an empty store) and kInternal for the database.
[[nodiscard]] core::Result<StoreEvaluateOutcome> EvaluateStore(const StoreEvaluateRequest& request);
// The same on an open store (`request.db_url` is not read); publishing needs
// a store opened for writing.
[[nodiscard]] core::Result<StoreEvaluateOutcome> EvaluateStore(store::Store& db, const StoreEvaluateRequest& request);

// The full rule set as a run records it, and its SHA-256 (hex).
[[nodiscard]] std::string RuleSetText(const core::RuleSet& rules);
[[nodiscard]] std::string RuleSetSha256(const core::RuleSet& rules);

// Every run, oldest first.
[[nodiscard]] core::Result<std::vector<store::RunSummary>> ListRuns(const std::string& db_url);

struct RunDetails {
  store::RunRecord run;
  core::Period period;
  std::vector<store::BatchInfo> batches;  // the batches the run saw
};
[[nodiscard]] core::Result<RunDetails> ShowRun(const std::string& db_url, store::RunId id);

struct SupplierChange {
  std::string supplier_id;
  std::string name;
  std::optional<core::SupplierResult> before;  // empty: not in the first run
  std::optional<core::SupplierResult> after;   // empty: not in the second run
  std::optional<double> total_delta;           // after − before, when both have a total (unrounded;
                                               // the writers show the difference of the rounded totals)
  std::vector<store::RecordChange> records;    // rows of this supplier written in between (see DiffRuns)
  std::int64_t records_total = 0;              // how many there are (records holds the first few)
};

struct RunDiff {
  store::RunSummary a;
  store::RunSummary b;
  bool same_rules = true;
  bool same_period = true;
  std::vector<SupplierChange> suppliers;    // changed score, class or status; by supplier_id
  std::vector<store::RecordChange> shared;  // changed rows of no one supplier (plants, materials, calendar)
  std::int64_t unchanged_suppliers = 0;
};

// Compares run `a` with run `b` (b − a), in the order given. The records
// that explain the change go the same way: `before` as run a saw the row,
// `after` as run b saw it. So when b saw older data than a (the later run
// given first), `before` is the newer version and `after` the older one,
// or empty when the row had not been written yet; `batch` is then the batch
// that wrote a's version (RecordsGoBack). Records listed per supplier: at
// most `records_per_supplier`, the rest counted.
[[nodiscard]] core::Result<RunDiff> DiffRuns(const std::string& db_url, store::RunId a, store::RunId b,
                                             std::size_t records_per_supplier = 10);
[[nodiscard]] core::Result<RunDiff> DiffRuns(store::Store& db, store::RunId a, store::RunId b,
                                             std::size_t records_per_supplier = 10);

// The change of a supplier's total as the writers show it: the difference
// of the two totals rounded to one decimal (so the figures add up), a zero
// with the sign of the true change. Requires both totals.
[[nodiscard]] double ShownDelta(const SupplierChange& change);

// Whether run b saw older data than run a, so that the records go back.
[[nodiscard]] bool RecordsGoBack(const RunDiff& diff);

// Every batch (imports and hold changes), oldest first.
[[nodiscard]] core::Result<std::vector<store::BatchInfo>> ListBatches(const std::string& db_url);
[[nodiscard]] core::Result<store::BatchInfo> ShowBatch(const std::string& db_url, store::BatchId id);
[[nodiscard]] core::Result<std::vector<store::BatchInfo>> ListBatches(store::Store& db);
[[nodiscard]] core::Result<store::BatchInfo> ShowBatch(store::Store& db, store::BatchId id);

// A run as a row of `runs list --format json` (and of the API's runs).
[[nodiscard]] nlohmann::ordered_json RunSummaryJson(const store::RunSummary& run);

// Text and JSON renderings for the command line.
[[nodiscard]] std::string WriteRunsTable(const std::vector<store::RunSummary>& runs);
[[nodiscard]] std::string WriteRunsJson(const std::vector<store::RunSummary>& runs);
[[nodiscard]] std::string WriteRunText(const RunDetails& details);
[[nodiscard]] std::string WriteRunJson(const RunDetails& details);
[[nodiscard]] std::string WriteRunDiffText(const RunDiff& diff);
[[nodiscard]] std::string WriteRunDiffJson(const RunDiff& diff);
[[nodiscard]] std::string WriteBatchesTable(const std::vector<store::BatchInfo>& batches);
[[nodiscard]] std::string WriteBatchText(const store::BatchInfo& batch);

}  // namespace supeval::service
