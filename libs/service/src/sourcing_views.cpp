// Sourcing concentration over the API (sourcing.hpp): `supeval sourcing` on
// the server's database, its rows and risk list as the CLI's cells.
#include <algorithm>
#include <string_view>
#include <vector>

#include "account_support.hpp"
#include "published_runs.hpp"
#include "supeval/service/lists.hpp"
#include "supeval/service/sourcing.hpp"

namespace supeval::service {
namespace {

namespace cc = core::contracts;

// A row of cells as an object of its columns; an empty cell is null.
Json CellsJson(const std::vector<std::string_view>& columns, const std::vector<std::string>& cells) {
  Json row = Json::object();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    row[std::string(columns[i])] = cells[i].empty() ? Json(nullptr) : Json(cells[i]);
  }
  return row;
}

struct SourcedPeriod {
  core::Period period;
  SourcingReport report;
};

core::Result<SourcedPeriod> Source(store::Store& db, const std::optional<std::string>& period_text,
                                   const ContractRuleSet& rules, const std::string& db_url) {
  core::Result<core::Period> period = core::Internal("no period");
  if (period_text) {
    period = core::ParsePeriod(*period_text);
    if (!period.ok()) return core::BadInput(period.error().message, {"", 0, "period"});
  } else {
    period = internal::LatestRunPeriod(db);
    if (!period.ok()) return period.error();
  }
  ContractsRequest request;
  request.db_url = db_url;
  request.rules = rules;
  request.period = period->label;
  request.threads = 1;
  auto report = SourceContracts(request);
  // Bad records: the request is well formed, the data refuses it (422).
  if (!report.ok() && report.error().code == core::ErrorCode::kBadInput) {
    return internal::RuleViolation(report.error().ToString());
  }
  if (!report.ok()) return report.error();
  return SourcedPeriod{*std::move(period), *std::move(report)};
}

Json PeriodJson(const core::Period& period) {
  return Json{{"period", period.label}, {"from", period.first.ToString()}, {"to", period.last.ToString()}};
}

bool HasFinding(const std::string& findings, std::string_view finding) {
  const std::vector<std::string> items = [&] {
    std::string list = findings;
    std::replace(list.begin(), list.end(), ';', ',');
    return SplitList(list);
  }();
  return std::find(items.begin(), items.end(), finding) != items.end();
}

}  // namespace

core::Result<Json> ListSourcing(store::Store& db, const SourcingQuery& query, const ContractRuleSet& rules,
                                const std::string& db_url) {
  if (query.scope && *query.scope != "material" && *query.scope != "commodity") {
    return core::BadInput("scope is material or commodity, not '" + *query.scope + "'", {"", 0, "scope"});
  }
  auto paging = ParsePaging(query.limit, query.offset);
  if (!paging.ok()) return paging.error();
  auto sourced = Source(db, query.period, rules, db_url);
  if (!sourced.ok()) return sourced.error();
  std::vector<Json> rows;
  for (const cc::SourcingRow& row : sourced->report.result.rows) {
    Json cells = CellsJson(cc::SourcingColumns(), cc::SourcingCells(row));
    const std::string key = cells["key"].is_string() ? cells["key"].get<std::string>() : std::string();
    const std::string scope = cells["scope"].get<std::string>();
    const std::string findings = cells["findings"].is_string() ? cells["findings"].get<std::string>() : "";
    if (query.scope && scope != *query.scope) continue;
    if (query.finding && !HasFinding(findings, *query.finding)) continue;
    if (query.q && key.find(*query.q) == std::string::npos) continue;
    rows.push_back(std::move(cells));
  }
  const auto total = static_cast<std::int64_t>(rows.size());
  Json page = Json::array();
  for (Json& row : TakePage(std::move(rows), *paging)) page.push_back(std::move(row));
  Json answer = PeriodJson(sourced->period);
  answer.update(
      Json{{"total_count", total}, {"limit", paging->limit}, {"offset", paging->offset}, {"rows", std::move(page)}});
  return answer;
}

core::Result<Json> ListSourcingRisks(store::Store& db, const std::optional<std::string>& period,
                                     const ContractRuleSet& rules, const std::string& db_url) {
  auto sourced = Source(db, period, rules, db_url);
  if (!sourced.ok()) return sourced.error();
  Json rows = Json::array();
  for (const cc::SourcingRisk& risk : sourced->report.risks) {
    rows.push_back(CellsJson(cc::SourcingRiskColumns(), cc::SourcingRiskCells(risk)));
  }
  Json answer = PeriodJson(sourced->period);
  answer["rows"] = std::move(rows);
  return answer;
}

}  // namespace supeval::service
