// The read use cases of published results: choosing the run, the ranking,
// periods, suppliers, the scorecard and the runs (results.hpp).
#include "supeval/service/results.hpp"
#include "supeval/service/results_json.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <variant>

#include "supeval/service/supplier_events.hpp"
#include "supeval/service/supplier_records.hpp"

namespace supeval::service {
namespace {

// ---------------------------------------------------------------------------
// Period kinds, as data: a kind is a length in months and the months it may
// start in; its named form spells a period of it.

struct KindRule {
  PeriodKind kind;
  int months;
  int start_every;  // a period of the kind starts in month 1, 1 + start_every, ...
  std::string (*label)(const core::CivilDate& first);
};

std::string TwoDigits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

constexpr std::array<KindRule, 4> kKindRules = {{
    {PeriodKind::kYear, 12, 12, [](const core::CivilDate& d) { return std::to_string(d.year); }},
    {PeriodKind::kHalfYear, 6, 6,
     [](const core::CivilDate& d) { return std::to_string(d.year) + "-H" + std::to_string((d.month + 5) / 6); }},
    {PeriodKind::kQuarter, 3, 3,
     [](const core::CivilDate& d) { return std::to_string(d.year) + "-Q" + std::to_string((d.month + 2) / 3); }},
    {PeriodKind::kMonth, 1, 1,
     [](const core::CivilDate& d) { return std::to_string(d.year) + "-" + TwoDigits(d.month); }},
}};

const KindRule* RuleOf(const core::Period& period) {
  const core::CivilDate first = period.first.ToCivil();
  if (first.day != 1) return nullptr;
  for (const KindRule& rule : kKindRules) {
    if ((first.month - 1) % rule.start_every == 0 && period.first.AddMonths(rule.months) - 1 == period.last) {
      return &rule;
    }
  }
  return nullptr;
}

bool SameDates(const core::Period& a, const core::Period& b) { return a.first == b.first && a.last == b.last; }

const core::Location kPeriodParameter{"", 0, "period"};

core::Error NotFound(const std::string& what) { return core::Failure(core::ErrorCode::kNotFound, what + " not found"); }

// The published runs, oldest first, each with its period's dates; counted:
// with the numbers of their results (see store::Store::ListRunsUncounted).
core::Result<std::vector<ChosenRun>> AllRuns(store::Store& db, bool counted = false) {
  auto summaries = counted ? db.ListRuns() : db.ListRunsUncounted();
  if (!summaries.ok()) return summaries.error();
  std::vector<ChosenRun> runs;
  runs.reserve(summaries->size());
  for (store::RunSummary& summary : *summaries) {
    auto period = core::ParsePeriod(summary.period);
    if (!period.ok()) {
      return core::Internal("run " + std::to_string(summary.id) + ": period '" + summary.period + "' unreadable");
    }
    runs.push_back({std::move(summary), *std::move(period)});
  }
  return runs;
}

// The latest run of `period` (by its dates) among `runs`, or null.
const ChosenRun* LatestRunOf(const std::vector<ChosenRun>& runs, const core::Period& period) {
  for (auto run = runs.rbegin(); run != runs.rend(); ++run) {
    if (SameDates(run->period, period)) return &*run;
  }
  return nullptr;
}

// The selector's period and run number, parsed.
struct ParsedSelector {
  std::optional<core::Period> period;
  std::optional<store::RunId> run;
};

// Checks the selector's syntax alone: a bad period or run is a 400, which
// comes before any 404 (API.md, "Order of checks").
core::Result<ParsedSelector> ParseSelector(const RunSelector& selector) {
  ParsedSelector parsed;
  if (selector.period) {
    auto period = core::ParsePeriod(*selector.period);
    if (!period.ok()) return core::BadInput(period.error().message, kPeriodParameter);
    parsed.period = *std::move(period);
  }
  if (selector.run) {
    auto id = ParseIntegerParameter("run", *selector.run, 1, INT64_MAX);
    if (!id.ok()) return id.error();
    parsed.run = *id;
  }
  return parsed;
}

core::Result<ChosenRun> ChooseAmong(const std::vector<ChosenRun>& runs, const RunSelector& selector) {
  auto parsed = ParseSelector(selector);
  if (!parsed.ok()) return parsed.error();
  const std::optional<core::Period>& period = parsed->period;
  if (const std::optional<store::RunId> id = parsed->run) {
    const auto found =
        std::find_if(runs.begin(), runs.end(), [&](const ChosenRun& run) { return run.summary.id == *id; });
    if (found == runs.end() || (period && !SameDates(found->period, *period))) {
      return NotFound("run " + *selector.run + (period ? " of period " + *selector.period : ""));
    }
    return *found;
  }
  if (!period) {
    // Neither: the latest run of the period that ends last, the first row
    // of GET /api/v1/periods — what a dashboard opens on.
    const ChosenRun* newest = nullptr;
    for (const ChosenRun& run : runs) {  // oldest first: a later run of the same period wins
      if (newest == nullptr || run.period.last >= newest->period.last) newest = &run;
    }
    if (newest == nullptr) return NotFound("a published run");
    return *LatestRunOf(runs, newest->period);
  }
  const ChosenRun* latest = LatestRunOf(runs, *period);
  if (latest == nullptr) return NotFound("a run of period " + *selector.period);
  return *latest;
}

// One row per period with runs: its latest run and how many it has, newest
// `to` first, then the later latest run first.
std::vector<PeriodRow> PeriodsOf(const std::vector<ChosenRun>& runs) {
  std::map<std::pair<core::Date, core::Date>, PeriodRow> by_dates;
  for (const ChosenRun& run : runs) {  // oldest first: the last one seen is the latest
    PeriodRow& row = by_dates[{run.period.first, run.period.last}];
    row.period = run.period;
    row.latest_run = run.summary.id;
    ++row.runs;
  }
  std::vector<PeriodRow> rows;
  rows.reserve(by_dates.size());
  for (auto& [dates, row] : by_dates) rows.push_back(std::move(row));
  std::sort(rows.begin(), rows.end(), [](const PeriodRow& a, const PeriodRow& b) {
    if (a.period.last != b.period.last) return a.period.last > b.period.last;
    return a.latest_run > b.latest_run;
  });
  return rows;
}

const ChosenRun& RunById(const std::vector<ChosenRun>& runs, store::RunId id) {
  return *std::find_if(runs.begin(), runs.end(), [&](const ChosenRun& run) { return run.summary.id == id; });
}

// Whether `text` holds `needle`, ignoring ASCII case.
bool ContainsIgnoringCase(std::string_view text, std::string_view needle) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                     [&](char a, char b) { return lower(a) == lower(b); }) != text.end();
}

bool MatchesQ(const std::optional<std::string>& q, std::string_view id, std::string_view name) {
  return !q || ContainsIgnoringCase(id, *q) || ContainsIgnoringCase(name, *q);
}

bool Holds(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// ---------------------------------------------------------------------------
// The ranking's sort fields, as data

using RankingField = SortField<RankingRow>;

const core::SupplierResult& Of(const RankingRow& row) { return row.ranked->result; }

const std::vector<RankingField>& RankingFields() {
  static const std::vector<RankingField> kFields = {
      {"rank",
       [](const RankingRow& r) {
         return r.ranked->rank ? SortValue(static_cast<double>(*r.ranked->rank)) : SortValue();
       }},
      {"supplier_id", [](const RankingRow& r) { return SortText(Of(r).supplier_id); }},
      {"name", [](const RankingRow& r) { return SortText(Of(r).name); }},
      {"status",
       [](const RankingRow& r) {
         return SortValue(
             std::string_view(Of(r).status == core::EvaluationStatus::kEvaluated ? "evaluated" : "not_evaluated"));
       }},
      {"class", [](const RankingRow& r) { return SortText(Of(r).grade_class); }},
      {"total", [](const RankingRow& r) { return SortNumber(Of(r).total); }},
      {"qz", [](const RankingRow& r) { return SortNumber(Of(r).qz); }},
      {"lz", [](const RankingRow& r) { return SortNumber(Of(r).lz); }},
      {"qz1", [](const RankingRow& r) { return SortNumber(Of(r).qz1); }},
      {"qz2", [](const RankingRow& r) { return SortNumber(Of(r).qz2); }},
      {"qz3", [](const RankingRow& r) { return SortNumber(Of(r).qz3); }},
      {"qz4", [](const RankingRow& r) { return SortNumber(Of(r).qz4); }},
      {"lz1", [](const RankingRow& r) { return SortNumber(Of(r).lz1); }},
      {"lz2", [](const RankingRow& r) { return SortNumber(Of(r).lz2); }},
      {"ppm", [](const RankingRow& r) { return SortNumber(Of(r).ppm); }},
      {"deliveries", [](const RankingRow& r) { return SortCount(Of(r).deliveries); }},
      {"series_deliveries", [](const RankingRow& r) { return SortCount(Of(r).series_deliveries); }},
      {"sample_deliveries", [](const RankingRow& r) { return SortCount(Of(r).sample_deliveries); }},
      {"complaints", [](const RankingRow& r) { return SortCount(Of(r).complaints); }},
      {"sample_complaints", [](const RankingRow& r) { return SortCount(Of(r).sample_complaints); }},
      {"previous_total", [](const RankingRow& r) { return SortNumber(r.previous_total); }},
      {"change", [](const RankingRow& r) { return SortNumber(r.change); }},
      {"events", [](const RankingRow& r) { return SortCount(r.events); }},
  };
  return kFields;
}

bool BySupplierId(const RankingRow& a, const RankingRow& b) { return Of(a).supplier_id < Of(b).supplier_id; }

// ---------------------------------------------------------------------------
// Ranking filters

struct RankingFilter {
  std::optional<std::vector<std::string>> classes;
  std::optional<core::EvaluationStatus> status;
  const RunReach* reach = nullptr;
  std::optional<std::vector<core::contracts::EventKind>> event_kinds;
  const RunEvents* events = nullptr;
  const RankingQuery* query = nullptr;

  [[nodiscard]] bool Selects(const core::SupplierResult& r) const {
    if (status && r.status != *status) return false;
    if (classes && !Holds(*classes, r.grade_class)) return false;
    if (!MatchesQ(query->q, r.supplier_id, r.name)) return false;
    if (query->plant && !ListedFor(reach->plants_of, r.supplier_id, *query->plant)) return false;
    if (query->commodity && !ListedFor(reach->series_commodities_of, r.supplier_id, *query->commodity)) return false;
    if (event_kinds && !HasEventOf(events->CountsOf(r.supplier_id), *event_kinds)) return false;
    return true;
  }

  static bool ListedFor(const std::unordered_map<std::string, std::vector<std::string>>& lists,
                        const std::string& supplier_id, const std::string& item) {
    const auto found = lists.find(supplier_id);
    return found != lists.end() && Holds(found->second, item);
  }
};

core::Result<std::optional<core::EvaluationStatus>> ParseStatus(const std::optional<std::string>& status) {
  if (!status) return std::optional<core::EvaluationStatus>();
  if (*status == "evaluated") return std::optional(core::EvaluationStatus::kEvaluated);
  if (*status == "not_evaluated") return std::optional(core::EvaluationStatus::kNotEvaluated);
  return core::BadInput("status must be evaluated or not_evaluated", {"", 0, "status"});
}

core::Result<std::optional<std::vector<std::string>>> ParseClasses(const std::optional<std::string>& text) {
  if (!text) return std::optional<std::vector<std::string>>();
  std::vector<std::string> classes = SplitList(*text);
  if (Holds(classes, "")) return core::BadInput("class: a comma-separated list of classes (A,B)", {"", 0, "class"});
  return std::optional(std::move(classes));
}

// The supplier's scorecard period when the request names none: the latest
// period whose latest run has a result of it.
core::Result<ChosenRun> LatestRunWith(store::Store& db, ResultsCache& cache, const std::vector<ChosenRun>& runs,
                                      const std::string& supplier_id) {
  for (const PeriodRow& period : PeriodsOf(runs)) {
    const ChosenRun& run = RunById(runs, period.latest_run);
    auto table = cache.Ranked(db, run);
    if (!table.ok()) return table.error();
    if ((*table)->Find(supplier_id) != nullptr) return run;
  }
  return NotFound("a run with a result of supplier '" + supplier_id + "'");
}

core::Error SupplierNotFound(const std::string& supplier_id) { return NotFound("supplier '" + supplier_id + "'"); }

// The trend: the latest run of each period of P's kind up to P, oldest first.
core::Result<std::vector<TrendPoint>> TrendOf(store::Store& db, ResultsCache& cache, const std::vector<ChosenRun>& runs,
                                              const ChosenRun& chosen, const std::string& supplier_id) {
  std::vector<TrendPoint> trend;
  if (KindOf(chosen.period) == PeriodKind::kRange) return trend;
  std::vector<PeriodRow> periods = PeriodsOf(runs);
  std::erase_if(periods, [&](const PeriodRow& p) {
    return KindOf(p.period) != KindOf(chosen.period) || p.period.last > chosen.period.last;
  });
  for (const PeriodRow& period : periods) {  // newest first
    if (trend.size() == kTrendLength) break;
    // The chosen run stands for its own period, even when a later run of it exists.
    const ChosenRun& run = SameDates(period.period, chosen.period) ? chosen : RunById(runs, period.latest_run);
    auto table = cache.Ranked(db, run);
    if (!table.ok()) return table.error();
    const RankedResult* found = (*table)->Find(supplier_id);
    if (found == nullptr) continue;  // the supplier was not known then
    const core::SupplierResult& r = found->result;
    trend.push_back({run.summary.period, run.summary.id, r.total, r.qz, r.lz, r.grade_class});
  }
  std::reverse(trend.begin(), trend.end());
  return trend;
}

core::Result<std::vector<core::Supplier>> CurrentSuppliers(store::Store& db) {
  auto snapshot = db.OpenSnapshot(std::nullopt);
  if (!snapshot.ok()) return snapshot.error();
  return (*snapshot)->ReadSupplierList();
}

}  // namespace

// ---------------------------------------------------------------------------

PeriodKind KindOf(const core::Period& period) {
  const KindRule* rule = RuleOf(period);
  return rule == nullptr ? PeriodKind::kRange : rule->kind;
}

std::optional<core::Period> PrecedingPeriod(const core::Period& period) {
  const KindRule* rule = RuleOf(period);
  if (rule == nullptr) return std::nullopt;
  core::Period preceding;
  preceding.first = period.first.AddMonths(-rule->months);
  preceding.last = period.first - 1;
  preceding.label = rule->label(preceding.first.ToCivil());
  return preceding;
}

core::Result<ChosenRun> ChooseRun(store::Store& db, const RunSelector& selector) {
  auto runs = AllRuns(db);
  if (!runs.ok()) return runs.error();
  return ChooseAmong(*runs, selector);
}

const RankedResult* RankedRun::Find(std::string_view supplier_id) const {
  const auto found =
      std::lower_bound(rows.begin(), rows.end(), supplier_id,
                       [](const RankedResult& row, std::string_view id) { return row.result.supplier_id < id; });
  return found != rows.end() && found->result.supplier_id == supplier_id ? &*found : nullptr;
}

std::vector<RankedResult> RankResults(std::vector<core::SupplierResult> results) {
  std::vector<double> totals;  // of the evaluated results, highest first
  for (const core::SupplierResult& r : results) {
    if (r.status == core::EvaluationStatus::kEvaluated && r.total) totals.push_back(*r.total);
  }
  std::sort(totals.begin(), totals.end(), std::greater<>());
  std::vector<RankedResult> rows;
  rows.reserve(results.size());
  for (core::SupplierResult& r : results) {
    RankedResult row{std::move(r), std::nullopt};
    if (row.result.status == core::EvaluationStatus::kEvaluated && row.result.total) {
      const auto higher = std::lower_bound(totals.begin(), totals.end(), *row.result.total, std::greater<>());
      row.rank = 1 + (higher - totals.begin());
    }
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(),
            [](const RankedResult& a, const RankedResult& b) { return a.result.supplier_id < b.result.supplier_id; });
  return rows;
}

const SortSpec& RankingSort() {
  static const SortSpec kSpec = SpecOf(RankingFields(), "rank", "supplier_id");
  return kSpec;
}

namespace {

// The runs a ranking shows: the chosen one and the latest run of the period
// before it (whose totals give `previous_total` and `change`).
struct RankingRuns {
  ChosenRun chosen;
  std::optional<ChosenRun> previous;
};

core::Result<RankingRuns> ChooseRankingRuns(store::Store& db, const RunSelector& selector) {
  auto runs = AllRuns(db);
  if (!runs.ok()) return runs.error();
  auto chosen = ChooseAmong(*runs, selector);
  if (!chosen.ok()) return chosen.error();
  RankingRuns chosen_runs{*std::move(chosen), std::nullopt};
  if (const auto preceding = PrecedingPeriod(chosen_runs.chosen.period)) {
    if (const ChosenRun* run = LatestRunOf(*runs, *preceding)) chosen_runs.previous = *run;
  }
  return chosen_runs;
}

// A ranking request's parameters, parsed (the run aside).
struct RankingParameters {
  Paging paging;
  std::vector<SortKey> sort;
  std::optional<core::EvaluationStatus> status;
  std::optional<std::vector<std::string>> classes;
  std::optional<std::vector<core::contracts::EventKind>> event_kinds;
};

core::Result<RankingParameters> ParseRankingParameters(const Caller& caller, const RankingQuery& query) {
  // The ranking is staff's (Authorize refuses a supplier user first); its
  // figures depend on every supplier, so nothing of it is any one's own.
  if (ScopeOf(caller).only) return NotFound("ranking");
  auto paging = ParsePaging(query.limit, query.offset);
  if (!paging.ok()) return paging.error();
  auto sort = ParseSort(RankingSort(), query.sort);
  if (!sort.ok()) return sort.error();
  auto status = ParseStatus(query.status);
  if (!status.ok()) return status.error();
  auto classes = ParseClasses(query.grade_class);
  if (!classes.ok()) return classes.error();
  auto event_kinds = ParseEventKinds(query.event_kind);
  if (!event_kinds.ok()) return event_kinds.error();
  return RankingParameters{*paging, *std::move(sort), *status, *std::move(classes), *std::move(event_kinds)};
}

// The ranking of `runs` with checked `parameters`.
core::Result<RankingPage> RankingOf(store::Store& db, ResultsCache& cache, const RankingQuery& query,
                                    RankingParameters parameters, const RankingRuns& runs) {
  RankingPage page;
  page.paging = parameters.paging;
  auto table = cache.Ranked(db, runs.chosen);
  if (!table.ok()) return table.error();
  page.table = *table;
  std::shared_ptr<const RankedRun> previous;
  if (runs.previous) {
    auto read = cache.Ranked(db, *runs.previous);
    if (!read.ok()) return read.error();
    previous = *read;
    page.previous_run = runs.previous->summary.id;
  }
  std::shared_ptr<const RunReach> reach;
  if (query.plant || query.commodity) {
    auto read = cache.Reach(db, runs.chosen);
    if (!read.ok()) return read.error();
    reach = *read;
    if (query.plant && !Holds(reach->plants, *query.plant)) {
      return core::Failure(core::ErrorCode::kNotFound, "plant '" + *query.plant + "' not found");
    }
  }

  auto events = cache.Events(db, runs.chosen);
  if (!events.ok()) return events.error();
  page.events = *std::move(events);

  RankingFilter filter;
  filter.classes = std::move(parameters.classes);
  filter.status = parameters.status;
  filter.reach = reach.get();
  filter.event_kinds = std::move(parameters.event_kinds);
  filter.events = page.events.get();
  filter.query = &query;
  std::vector<RankingRow> rows;
  for (const RankedResult& ranked : page.table->rows) {
    if (!filter.Selects(ranked.result)) continue;
    RankingRow row{&ranked, std::nullopt, std::nullopt, page.events->CountsOf(ranked.result.supplier_id).total};
    if (previous) {
      if (const RankedResult* before = previous->Find(ranked.result.supplier_id))
        row.previous_total = before->result.total;
    }
    if (row.previous_total && ranked.result.total) row.change = *ranked.result.total - *row.previous_total;
    rows.push_back(row);
  }
  const PageRange range = PageOf(page.paging, rows.size());
  SortRows(rows, RankingFields(), parameters.sort, range.end, BySupplierId);
  page.total_count = static_cast<std::int64_t>(rows.size());
  page.rows = TakePage(std::move(rows), page.paging);
  return page;
}

// Where a ranking's answer is kept: its runs and every parameter that
// shapes the page, each as sent (an absent one differs from an empty one).
std::string RankingAnswerKey(const RankingRuns& runs, const RankingQuery& query) {
  std::string key = "ranking " + std::to_string(runs.chosen.summary.id) + " " +
                    (runs.previous ? std::to_string(runs.previous->summary.id) : "-");
  for (const std::optional<std::string>* parameter :
       {&query.plant, &query.commodity, &query.grade_class, &query.status, &query.q, &query.event_kind, &query.sort,
        &query.limit, &query.offset}) {
    // Length-prefixed, so that no value can spell another parameter.
    key += *parameter ? "\n" + std::to_string((*parameter)->size()) + ":" + **parameter : "\n-";
  }
  return key;
}

}  // namespace

core::Result<RankingPage> Ranking(store::Store& db, ResultsCache& cache, const Caller& caller,
                                  const RankingQuery& query) {
  auto parameters = ParseRankingParameters(caller, query);
  if (!parameters.ok()) return parameters.error();
  auto runs = ChooseRankingRuns(db, query.run);
  if (!runs.ok()) return runs.error();
  return RankingOf(db, cache, query, *std::move(parameters), *runs);
}

core::Result<std::shared_ptr<const std::string>> RankingAnswer(store::Store& db, ResultsCache& cache,
                                                               const Caller& caller, const RankingQuery& query) {
  auto parameters = ParseRankingParameters(caller, query);
  if (!parameters.ok()) return parameters.error();
  auto runs = ChooseRankingRuns(db, query.run);
  if (!runs.ok()) return runs.error();
  return cache.Answer(RankingAnswerKey(*runs, query), [&]() -> core::Result<std::string> {
    auto page = RankingOf(db, cache, query, *std::move(parameters), *runs);
    if (!page.ok()) return page.error();
    return JsonText(RankingJson(*page));
  });
}

core::Result<PeriodsPage> ListPeriods(store::Store& db, ResultsCache& cache, const Caller& caller,
                                      const std::optional<std::string>& limit,
                                      const std::optional<std::string>& offset) {
  auto paging = ParsePaging(limit, offset);
  if (!paging.ok()) return paging.error();
  auto runs = AllRuns(db);
  if (!runs.ok()) return runs.error();
  std::vector<PeriodRow> periods = PeriodsOf(*runs);
  if (const SupplierScope scope = ScopeOf(caller); scope.only) {
    std::vector<PeriodRow> own;
    for (PeriodRow& period : periods) {
      auto table = cache.Ranked(db, RunById(*runs, period.latest_run));
      if (!table.ok()) return table.error();
      if ((*table)->Find(*scope.only) != nullptr) own.push_back(std::move(period));
    }
    periods = std::move(own);
  }
  for (PeriodRow& period : periods) period.period = RunById(*runs, period.latest_run).period;
  PeriodsPage page;
  page.paging = *paging;
  page.total_count = static_cast<std::int64_t>(periods.size());
  page.rows = TakePage(std::move(periods), page.paging);
  return page;
}

core::Result<SuppliersPage> ListSuppliers(store::Store& db, const Caller& caller, const SuppliersQuery& query) {
  auto paging = ParsePaging(query.limit, query.offset);
  if (!paging.ok()) return paging.error();
  auto suppliers = CurrentSuppliers(db);
  if (!suppliers.ok()) return suppliers.error();
  const SupplierScope scope = ScopeOf(caller);
  std::erase_if(*suppliers,
                [&](const core::Supplier& s) { return !scope.Sees(s.id) || !MatchesQ(query.q, s.id, s.name); });
  SuppliersPage page;
  page.paging = *paging;
  page.total_count = static_cast<std::int64_t>(suppliers->size());
  page.rows = TakePage(std::move(*suppliers), page.paging);
  return page;
}

core::Result<core::Supplier> ShowSupplier(store::Store& db, const Caller& caller, const std::string& supplier_id) {
  if (!ScopeOf(caller).Sees(supplier_id)) return SupplierNotFound(supplier_id);
  auto suppliers = CurrentSuppliers(db);
  if (!suppliers.ok()) return suppliers.error();
  for (core::Supplier& supplier : *suppliers) {
    if (supplier.id == supplier_id) return std::move(supplier);
  }
  return SupplierNotFound(supplier_id);
}

core::Result<SupplierRun> ChooseSupplierRun(store::Store& db, ResultsCache& cache, const Caller& caller,
                                            const std::string& supplier_id, const RunSelector& selector) {
  if (auto parsed = ParseSelector(selector); !parsed.ok()) return parsed.error();
  if (!ScopeOf(caller).Sees(supplier_id)) return SupplierNotFound(supplier_id);
  SupplierRun found;
  auto runs = AllRuns(db);
  if (!runs.ok()) return runs.error();
  found.runs = *std::move(runs);
  auto chosen = selector.period || selector.run ? ChooseAmong(found.runs, selector)
                                                : LatestRunWith(db, cache, found.runs, supplier_id);
  if (!chosen.ok()) return chosen.error();
  found.chosen = *std::move(chosen);
  auto table = cache.Ranked(db, found.chosen);
  if (!table.ok()) return table.error();
  found.table = *std::move(table);
  found.published = found.table->Find(supplier_id);
  if (found.published == nullptr) return SupplierNotFound(supplier_id);
  return found;
}

namespace {

// The scorecard of the run ChooseSupplierRun found.
core::Result<Scorecard> ScorecardOf(store::Store& db, ResultsCache& cache, const SupplierRun& found,
                                    const std::string& supplier_id) {
  auto trace = cache.Trace(db, *found.table, supplier_id);
  if (!trace.ok()) return trace.error();
  auto trend = TrendOf(db, cache, found.runs, found.chosen, supplier_id);
  if (!trend.ok()) return trend.error();
  auto events = cache.Events(db, found.chosen);
  if (!events.ok()) return events.error();
  return Scorecard{found.chosen, found.published->result, *std::move(trace), *std::move(trend), *std::move(events)};
}

}  // namespace

core::Result<Scorecard> ShowScorecard(store::Store& db, ResultsCache& cache, const Caller& caller,
                                      const std::string& supplier_id, const RunSelector& selector) {
  auto found = ChooseSupplierRun(db, cache, caller, supplier_id, selector);
  if (!found.ok()) return found.error();
  return ScorecardOf(db, cache, *found, supplier_id);
}

core::Result<std::shared_ptr<const std::string>> ScorecardAnswer(store::Store& db, ResultsCache& cache,
                                                                 const Caller& caller, const std::string& supplier_id,
                                                                 const RunSelector& selector) {
  auto found = ChooseSupplierRun(db, cache, caller, supplier_id, selector);
  if (!found.ok()) return found.error();
  // The trend reads the other runs; runs are only ever added, so the newest
  // run's number stands for all of them. The caller is not in the key: its
  // scope was applied above, and the answer is the same for all who see it.
  store::RunId newest = 0;
  for (const ChosenRun& run : found->runs) newest = std::max(newest, run.summary.id);
  const std::string key =
      "scorecard " + std::to_string(found->chosen.summary.id) + " " + std::to_string(newest) + " " + supplier_id;
  return cache.Answer(key, [&]() -> core::Result<std::string> {
    auto card = ScorecardOf(db, cache, *found, supplier_id);
    if (!card.ok()) return card.error();
    return JsonText(ScorecardJson(*card));
  });
}

const core::Explanation& Scorecard::explanation() const { return trace->explanation; }
const core::RuleSet& Scorecard::rules() const { return trace->rules; }

core::Result<RunsPage> ListRunsPage(store::Store& db, const Caller& caller, const RunsQuery& query) {
  if (ScopeOf(caller).only) return NotFound("runs");  // staff's (Authorize refuses a supplier user first)
  auto paging = ParsePaging(query.limit, query.offset);
  if (!paging.ok()) return paging.error();
  std::optional<std::int64_t> before;
  if (query.before) {
    auto parsed = ParseIntegerParameter("before", *query.before, 1, INT64_MAX);
    if (!parsed.ok()) return parsed.error();
    before = *parsed;
  }
  auto runs = db.ListRuns();
  if (!runs.ok()) return runs.error();
  std::vector<store::RunSummary> rows;
  for (auto run = runs->rbegin(); run != runs->rend(); ++run) {
    if (!before || run->id < *before) rows.push_back(std::move(*run));
  }
  RunsPage page;
  page.paging = *paging;
  page.total_count = static_cast<std::int64_t>(rows.size());
  page.rows = TakePage(std::move(rows), page.paging);
  return page;
}

core::Result<ChosenRun> ShowRunSummary(store::Store& db, const Caller& caller, const std::string& run) {
  if (ScopeOf(caller).only) return NotFound("run " + run);
  auto runs = AllRuns(db, true);
  if (!runs.ok()) return runs.error();
  return ChooseAmong(*runs, RunSelector{std::nullopt, run});
}

}  // namespace supeval::service
