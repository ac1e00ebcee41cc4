// JSON of the read use cases' answers (results_json.hpp).
#include "supeval/service/results_json.hpp"

#include <algorithm>

#include "supeval/io/explanation_writer.hpp"
#include "supeval/io/result_writer.hpp"
#include "supeval/io/rules_json.hpp"
#include "supeval/service/runs.hpp"
#include "supeval/service/supplier_events.hpp"
#include "supeval/service/supplier_records.hpp"

namespace supeval::service {

std::string JsonText(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }
namespace {

template <class T>
Json OrNull(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json TextOrNull(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

// The context every answer about one period gives: its label and dates.
Json PeriodJson(const core::Period& period) {
  return Json{{"period", period.label}, {"from", period.first.ToString()}, {"to", period.last.ToString()}};
}

// A list answer: the list's context, then total_count, limit, offset, rows.
Json ListJson(Json context, std::int64_t total_count, const Paging& paging, Json rows) {
  context["total_count"] = total_count;
  context["limit"] = paging.limit;
  context["offset"] = paging.offset;
  context["rows"] = std::move(rows);
  return context;
}

Json ResultJson(const core::SupplierResult& result, const core::Period& period) {
  return io::ResultRowJson(result, period.label, io::ResultJsonForm::kApi);
}

}  // namespace

Json RankingJson(const RankingPage& page) {
  const ChosenRun& run = page.table->run;
  Json rows = Json::array();
  for (const RankingRow& row : page.rows) {
    Json json = ResultJson(row.ranked->result, run.period);
    json["rank"] = OrNull(row.ranked->rank);
    json["previous_total"] = OrNull(row.previous_total);
    json["change"] = OrNull(row.change);
    json["events"] = io::EventCountsJson(page.events->CountsOf(row.ranked->result.supplier_id));
    rows.push_back(std::move(json));
  }
  Json context = PeriodJson(run.period);
  context["run"] = run.summary.id;
  context["previous_run"] = OrNull(page.previous_run);
  return ListJson(std::move(context), page.total_count, page.paging, std::move(rows));
}

Json PeriodsJson(const PeriodsPage& page) {
  Json rows = Json::array();
  for (const PeriodRow& row : page.rows) {
    Json json = PeriodJson(row.period);
    json["latest_run"] = row.latest_run;
    json["runs"] = row.runs;
    rows.push_back(std::move(json));
  }
  return ListJson(Json::object(), page.total_count, page.paging, std::move(rows));
}

Json SupplierJson(const core::Supplier& supplier) {
  return Json{{"supplier_id", supplier.id},
              {"name", supplier.name},
              {"country", TextOrNull(supplier.country)},
              {"qz3", supplier.qz3_exempt ? "exempt" : "evaluate"}};
}

Json SuppliersJson(const SuppliersPage& page) {
  Json rows = Json::array();
  for (const core::Supplier& supplier : page.rows) rows.push_back(SupplierJson(supplier));
  return ListJson(Json::object(), page.total_count, page.paging, std::move(rows));
}

Json ScorecardJson(const Scorecard& card) {
  Json json = PeriodJson(card.run.period);
  json["run"] = card.run.summary.id;
  json["result"] = ResultJson(card.result, card.run.period);
  // The data of `explain --format json`, written by its own writer once per run and supplier.
  json["explanation"] = card.trace->explanation_json;
  Json trend = Json::array();
  for (const TrendPoint& point : card.trend) {
    trend.push_back({{"period", point.period},
                     {"run", point.run},
                     {"total", OrNull(point.total)},
                     {"class", TextOrNull(point.grade_class)},
                     {"qz", OrNull(point.qz)},
                     {"lz", OrNull(point.lz)}});
  }
  json["trend"] = std::move(trend);
  json["events"] = SupplierEventsJson(*card.events, card.result.supplier_id);
  return json;
}

Json RunsJson(const RunsPage& page) {
  Json rows = Json::array();
  for (const store::RunSummary& run : page.rows) rows.push_back(RunSummaryJson(run));
  return ListJson(Json::object(), page.total_count, page.paging, std::move(rows));
}

Json RunJson(const ChosenRun& run) {
  Json json = RunSummaryJson(run.summary);
  json["from"] = run.period.first.ToString();
  json["to"] = run.period.last.ToString();
  return json;
}

Json BatchRowJson(const store::BatchInfo& batch) {
  const store::TableCounts totals = batch.Totals();
  return Json{{"batch", batch.id},
              {"kind", store::BatchKindName(batch.kind)},
              {"at", batch.created_at},
              {"by", batch.user},
              {"added", totals.added},
              {"changed", totals.changed},
              {"unchanged", totals.unchanged},
              {"source", batch.source},
              {"why", TextOrNull(batch.comment)}};
}

Json BatchJson(const store::BatchInfo& batch) {
  Json json = BatchRowJson(batch);
  Json tables = Json::array();
  for (const store::TableCounts& t : batch.tables) {
    tables.push_back({{"table", t.table}, {"added", t.added}, {"changed", t.changed}, {"unchanged", t.unchanged}});
  }
  // By name, as the store reads them back: an import's answer and a later
  // GET of its batch are the same document.
  std::vector<store::BatchFile> by_name = batch.files;
  std::sort(by_name.begin(), by_name.end(),
            [](const store::BatchFile& a, const store::BatchFile& b) { return a.name < b.name; });
  Json files = Json::array();
  for (const store::BatchFile& f : by_name)
    files.push_back({{"name", f.name}, {"sha256", f.sha256}, {"bytes", f.bytes}});
  json["tables"] = std::move(tables);
  json["files"] = std::move(files);
  json["warnings"] = batch.warnings;
  return json;
}

Json BatchesJson(const BatchesPage& page) {
  Json rows = Json::array();
  for (const store::BatchInfo& batch : page.rows) rows.push_back(BatchRowJson(batch));
  return ListJson(Json::object(), page.total_count, page.paging, std::move(rows));
}

Json RuleSetViewJson(const RuleSetView& view) {
  return Json{
      {"name", view.name}, {"sha256", view.sha256}, {"toml", view.toml}, {"rules", io::RuleSetJson(view.rules)}};
}

}  // namespace supeval::service
