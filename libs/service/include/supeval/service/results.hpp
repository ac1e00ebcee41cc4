// The read use cases of published results (API.md, "Health and results" and
// "Runs"): which run a request means, the ranking of a run, the periods that
// have runs, the suppliers' master data, one supplier's scorecard, and the
// runs themselves. The server's routes and the command line call these same
// functions, so a figure can never differ between them.
//
// Every function takes the caller and applies its supplier scope
// (service::ScopeOf) inside its queries: a supplier user asking about another
// supplier gets exactly the kNotFound of an id that does not exist. Whether
// the caller may run the use case at all is service::Authorize's to decide,
// before the call. Errors: kBadInput for a bad parameter (the location's
// field names the parameter), kNotFound, kInternal for the database.
//
// Thread-safety: a Store is one connection, used by one thread at a time;
// the ResultsCache is thread-safe and shared by all threads of a process.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "supeval/core/evaluation.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/result.hpp"
#include "supeval/service/lists.hpp"
#include "supeval/service/policy.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

// ---------------------------------------------------------------------------
// Periods and runs

// The kinds of period whose runs follow one another (a date range that is
// none of them has no preceding period and no trend). A period is of a kind
// by its dates, whatever its spelling: 2026-01-01..2026-06-30 is 2026-H1.
enum class PeriodKind : std::uint8_t { kYear, kHalfYear, kQuarter, kMonth, kRange };
[[nodiscard]] PeriodKind KindOf(const core::Period& period);

// The period of the same kind just before `period` (2026-H1 -> 2025-H2,
// 2026-Q3 -> 2026-Q2, 2026 -> 2025, 2026-03 -> 2026-02), labelled in its
// named form; none for a date range.
[[nodiscard]] std::optional<core::Period> PrecedingPeriod(const core::Period& period);

// What a request says about the run it means: `period` (any period the CLI
// accepts, matched on its dates) and/or `run` (a run number, as text).
struct RunSelector {
  std::optional<std::string> period;
  std::optional<std::string> run;
};

// A published run and its period (the run's own label, with its dates).
// The summary's `suppliers` and `evaluated` are counted by ShowRunSummary
// only; elsewhere they are 0 (counting reads every run's results).
struct ChosenRun {
  store::RunSummary summary;
  core::Period period;
};

// `run` alone: that run; with `period`, the run must be one of that period;
// `period` alone: its latest run; neither: the latest run of the period that ends last (kNotFound when there is no
// run). kBadInput (field "period" or "run") for an unparseable period or run number.
[[nodiscard]] core::Result<ChosenRun> ChooseRun(store::Store& db, const RunSelector& selector);

// ---------------------------------------------------------------------------
// The cache of runs' tables

struct RankedRun;
struct RunReach;
struct RunEvents;      // supplier_events.hpp
struct SupplierTrace;  // supplier_records.hpp

// The per-run tables the answers are computed from: a published run never
// changes, so each is computed once and kept, keyed by run number, the least
// recently used dropped beyond `capacity` runs. An optimisation, never the
// source of truth: an empty cache gives the same answers. One cache per
// database. Thread-safe.
class ResultsCache {
 public:
  explicit ResultsCache(std::size_t capacity = 16, std::size_t trace_capacity = 512,
                        std::size_t answer_bytes = std::size_t{8} << 20);
  ~ResultsCache();
  ResultsCache(const ResultsCache&) = delete;
  ResultsCache& operator=(const ResultsCache&) = delete;

  // The ranked results of run `run`, read from `db` when not kept.
  [[nodiscard]] core::Result<std::shared_ptr<const RankedRun>> Ranked(store::Store& db, const ChosenRun& run);
  // Who delivered to which plant and commodity in the run's period, as the
  // run saw the records.
  [[nodiscard]] core::Result<std::shared_ptr<const RunReach>> Reach(store::Store& db, const ChosenRun& run);
  // The events of the run's period as the run saw the records.
  [[nodiscard]] core::Result<std::shared_ptr<const RunEvents>> Events(store::Store& db, const ChosenRun& run);

  // One supplier evaluated from the records the run of `table` saw (see
  // TraceSupplier), kept per (run, supplier) for the `trace_capacity` most
  // recently used.
  [[nodiscard]] core::Result<std::shared_ptr<const SupplierTrace>> Trace(store::Store& db, const RankedRun& table,
                                                                         const std::string& supplier_id);

  // The JSON text of an answer that depends only on published runs and the
  // request's parameters, kept under `key` (which must name the runs and
  // every parameter) while the texts kept stay within `answer_bytes`, the
  // least recently used dropped first; computed by `compute` when not kept.
  // An error is returned, never kept.
  [[nodiscard]] core::Result<std::shared_ptr<const std::string>> Answer(
      const std::string& key, const std::function<core::Result<std::string>()>& compute);

  // How many tables were computed rather than found (for tests and metrics).
  [[nodiscard]] std::size_t computed() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// One result of a run with its rank over the whole run.
struct RankedResult {
  core::SupplierResult result;
  std::optional<std::int64_t> rank;  // 1 + evaluated suppliers with a higher total; none when not evaluated
};

struct RankedRun {
  ChosenRun run;
  std::string rules_toml;          // the rule set the run evaluated with
  std::vector<RankedResult> rows;  // by supplier_id
  // The row of a supplier, or null.
  [[nodiscard]] const RankedResult* Find(std::string_view supplier_id) const;
};

// Ranks by total: 1 + the number of evaluated results with a higher total
// (1, 2, 2, 4), none for those not evaluated; rows sorted by supplier_id.
[[nodiscard]] std::vector<RankedResult> RankResults(std::vector<core::SupplierResult> results);

struct RunReach {
  std::vector<std::string> plants;  // every plant the run's records know
  // supplier_id -> the plants it delivered to (any delivery), and the
  // commodities of its series deliveries, in the run's period.
  std::unordered_map<std::string, std::vector<std::string>> plants_of;
  std::unordered_map<std::string, std::vector<std::string>> series_commodities_of;
};

// ---------------------------------------------------------------------------
// Ranking (GET /api/v1/ranking)

struct RankingQuery {
  RunSelector run;
  std::optional<std::string> plant;        // suppliers with a delivery to this plant in the period
  std::optional<std::string> commodity;    // suppliers with a series delivery of it
  std::optional<std::string> grade_class;  // `class`: A,B
  std::optional<std::string> status;       // evaluated | not_evaluated
  std::optional<std::string> q;            // case-insensitive substring of supplier_id or name
  std::optional<std::string> event_kind;   // with an event of one of these kinds in the period: stop_ship,recall
  std::optional<std::string> sort;
  std::optional<std::string> limit;
  std::optional<std::string> offset;
};

// The sortable fields of the ranking and its default order.
[[nodiscard]] const SortSpec& RankingSort();

struct RankingRow {
  const RankedResult* ranked = nullptr;  // points into RankingPage::table
  std::optional<double> previous_total;
  std::optional<double> change;  // total - previous_total
  std::int64_t events = 0;       // the supplier's events in the period (docs/events.md)
};

struct RankingPage {
  std::shared_ptr<const RankedRun> table;
  std::shared_ptr<const RunEvents> events;   // the run's events, counted per supplier
  std::optional<store::RunId> previous_run;  // the latest run of the preceding period
  std::int64_t total_count = 0;              // rows the filters select
  Paging paging;
  std::vector<RankingRow> rows;
};

// The ranking of the chosen run: filters select rows, the figures (rank,
// previous total) stay company-wide. Unknown plant: kNotFound (field
// "plant"); a bad status, event_kind, sort, limit or offset: kBadInput.
[[nodiscard]] core::Result<RankingPage> Ranking(store::Store& db, ResultsCache& cache, const Caller& caller,
                                                const RankingQuery& query);

// Ranking's answer as JSON text (RankingJson), kept in `cache` per (the run
// chosen, the run before it, every parameter as sent): a published run never
// changes, so the text is written once and copied into each answer. The same
// checks and errors as Ranking, in the same order.
[[nodiscard]] core::Result<std::shared_ptr<const std::string>> RankingAnswer(store::Store& db, ResultsCache& cache,
                                                                             const Caller& caller,
                                                                             const RankingQuery& query);

// ---------------------------------------------------------------------------
// Periods (GET /api/v1/periods)

struct PeriodRow {
  core::Period period;  // labelled as its latest run
  store::RunId latest_run = 0;
  std::int64_t runs = 0;
};

struct PeriodsPage {
  std::int64_t total_count = 0;
  Paging paging;
  std::vector<PeriodRow> rows;  // newest `to` first
};

// The periods that have runs, newest `to` first (then the later latest run
// first); for a supplier user only those whose latest run has a result of
// its supplier.
[[nodiscard]] core::Result<PeriodsPage> ListPeriods(store::Store& db, ResultsCache& cache, const Caller& caller,
                                                    const std::optional<std::string>& limit,
                                                    const std::optional<std::string>& offset);

// ---------------------------------------------------------------------------
// Suppliers (GET /api/v1/suppliers, GET /api/v1/suppliers/{id})

struct SuppliersQuery {
  std::optional<std::string> q;  // case-insensitive substring of supplier_id or name
  std::optional<std::string> limit;
  std::optional<std::string> offset;
};

struct SuppliersPage {
  std::int64_t total_count = 0;
  Paging paging;
  std::vector<core::Supplier> rows;  // by supplier_id
};

// The current master data of the suppliers (a supplier user: its own only).
[[nodiscard]] core::Result<SuppliersPage> ListSuppliers(store::Store& db, const Caller& caller,
                                                        const SuppliersQuery& query);
[[nodiscard]] core::Result<core::Supplier> ShowSupplier(store::Store& db, const Caller& caller,
                                                        const std::string& supplier_id);

// ---------------------------------------------------------------------------
// Scorecard (GET /api/v1/suppliers/{id}/scorecard)

struct TrendPoint {
  std::string period;  // the run's label
  store::RunId run = 0;
  std::optional<double> total, qz, lz;
  std::string grade_class;  // empty when not evaluated
};

struct Scorecard {
  ChosenRun run;
  core::SupplierResult result;                 // as published with the run
  std::shared_ptr<const SupplierTrace> trace;  // the supplier evaluated as the run saw the records
  std::vector<TrendPoint> trend;               // oldest first, at most kTrendLength
  std::shared_ptr<const RunEvents> events;     // the run's events (IATF 16949 8.4.2.4) as it saw the records

  [[nodiscard]] const core::Explanation& explanation() const;  // as `explain --as-of RUN` gives it
  [[nodiscard]] const core::RuleSet& rules() const;            // the run's rule set
};

inline constexpr std::size_t kTrendLength = 8;

// The run a supplier's scorecard, deliveries and complaints answer from:
// the selector's, or given neither period nor run, the latest period in
// which the supplier has a result; with the run's table and its result.
// kNotFound: no such supplier, not the caller's, or not in the run.
struct SupplierRun {
  std::vector<ChosenRun> runs;  // every published run, oldest first
  ChosenRun chosen;
  std::shared_ptr<const RankedRun> table;
  const RankedResult* published = nullptr;  // the supplier's row of `table`
};
[[nodiscard]] core::Result<SupplierRun> ChooseSupplierRun(store::Store& db, ResultsCache& cache, const Caller& caller,
                                                          const std::string& supplier_id, const RunSelector& selector);

// One supplier's result in the chosen run, explained from the records as
// that run saw them (the store's history, as `evaluate --as-of`). Given
// neither period nor run: the latest period in which the supplier has a
// result. kNotFound: no such supplier, not the caller's, or not in the run.
[[nodiscard]] core::Result<Scorecard> ShowScorecard(store::Store& db, ResultsCache& cache, const Caller& caller,
                                                    const std::string& supplier_id, const RunSelector& selector);
// ShowScorecard's answer as JSON text (ScorecardJson), kept in `cache` per
// (run, supplier, newest run: the trend's runs); the same checks and errors.
[[nodiscard]] core::Result<std::shared_ptr<const std::string>> ScorecardAnswer(store::Store& db, ResultsCache& cache,
                                                                               const Caller& caller,
                                                                               const std::string& supplier_id,
                                                                               const RunSelector& selector);

// ---------------------------------------------------------------------------
// Runs (GET /api/v1/runs, GET /api/v1/runs/{n})

struct RunsQuery {
  std::optional<std::string> before;  // only runs with a smaller number (the last row's `run`)
  std::optional<std::string> limit;
  std::optional<std::string> offset;
};

struct RunsPage {
  std::int64_t total_count = 0;  // runs before `before`
  Paging paging;
  std::vector<store::RunSummary> rows;  // newest first
};

[[nodiscard]] core::Result<RunsPage> ListRunsPage(store::Store& db, const Caller& caller, const RunsQuery& query);
// kNotFound (field "run") for a run that does not exist.
[[nodiscard]] core::Result<ChosenRun> ShowRunSummary(store::Store& db, const Caller& caller, const std::string& run);

}  // namespace supeval::service
