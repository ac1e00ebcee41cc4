// Published runs as published.csv rows (published_runs.hpp).
#include "published_runs.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "account_support.hpp"
#include "supeval/core/period.hpp"
#include "supeval/io/result_writer.hpp"

namespace supeval::service::internal {
namespace {

namespace cc = core::contracts;

using PublishedKey = std::tuple<core::Index, core::Date, core::Date, core::Date>;

PublishedKey KeyOf(const cc::PublishedResult& row) {
  return {row.supplier, row.period.first, row.period.last, row.published_on};
}

// A score as the result CSV writes it, read back exactly; none when empty.
std::optional<core::Rational> Figure(const std::optional<double>& score) {
  if (!score) return std::nullopt;
  return core::Rational::Parse(io::FormatScore(score), true);
}

cc::PublishedResult RowOf(const core::SupplierResult& result, core::Index supplier, const core::Period& period,
                          core::Date published_on) {
  cc::PublishedResult row;
  row.supplier = supplier;
  row.period = period;
  row.published_on = published_on;
  row.status = result.status == core::EvaluationStatus::kEvaluated ? "evaluated" : "not_evaluated";
  row.grade_class = result.grade_class;
  row.total = Figure(result.total);
  row.qz = Figure(result.qz);
  row.qz1 = Figure(result.qz1);
  row.qz2 = Figure(result.qz2);
  row.qz3 = Figure(result.qz3);
  row.qz4 = Figure(result.qz4);
  row.lz = Figure(result.lz);
  row.lz1 = Figure(result.lz1);
  row.lz2 = Figure(result.lz2);
  row.ppm = Figure(result.ppm);
  return row;
}

// The run's period with its stored dates under its label.
core::Period PeriodOf(const store::RunRecord& run) {
  core::Period period;
  period.label = run.summary.period;
  period.first = run.period_first;
  period.last = run.period_last;
  return period;
}

}  // namespace

core::Result<std::vector<store::RunRecord>> ReadPublishedRuns(store::Store& db, std::optional<store::BatchId> up_to) {
  auto summaries = db.ListRunsUncounted();
  if (!summaries.ok()) return summaries.error();
  std::vector<store::RunRecord> runs;
  for (const store::RunSummary& summary : *summaries) {
    if (up_to && summary.as_of_batch > *up_to) continue;
    auto run = db.ReadRun(summary.id);
    if (!run.ok()) return run.error();
    runs.push_back(*std::move(run));
  }
  return runs;
}

core::Status AddPublishedRuns(const std::vector<store::RunRecord>& runs, const core::MasterData& master,
                              cc::ContractData& data) {
  std::map<std::string, core::Index, std::less<>> suppliers;
  for (core::Index s = 0; s < master.suppliers.size(); ++s) suppliers.emplace(master.suppliers[s].id, s);
  std::set<PublishedKey> imported;
  for (const cc::PublishedResult& row : data.published) imported.insert(KeyOf(row));
  for (const store::RunRecord& run : runs) {
    const std::optional<core::Date> published_on = core::Date::Parse(run.summary.created_at.substr(0, 10));
    if (!published_on) return core::Internal("run " + std::to_string(run.summary.id) + " has no publication date");
    const core::Period period = PeriodOf(run);
    for (const core::SupplierResult& result : run.results) {
      const auto supplier = suppliers.find(result.supplier_id);
      if (supplier == suppliers.end()) continue;
      cc::PublishedResult row = RowOf(result, supplier->second, period, *published_on);
      if (imported.insert(KeyOf(row)).second) data.published.push_back(std::move(row));
    }
  }
  std::stable_sort(data.published.begin(), data.published.end(),
                   [](const cc::PublishedResult& a, const cc::PublishedResult& b) { return KeyOf(a) < KeyOf(b); });
  return core::Ok{};
}

core::Result<CurrentRecords> ReadCurrentRecords(store::Store& db, bool with_published_runs) {
  std::vector<store::RunRecord> runs;
  if (with_published_runs) {
    auto read = ReadPublishedRuns(db);  // before the snapshot holds the connection
    if (!read.ok()) return read.error();
    runs = *std::move(read);
  }
  auto snapshot = db.OpenSnapshot(std::nullopt);
  if (!snapshot.ok()) return snapshot.error();
  CurrentRecords records;
  auto master = (*snapshot)->ReadMasterData();
  if (!master.ok()) return master.error();
  records.master = *std::move(master);
  auto data = (*snapshot)->ReadContractData(records.master);
  if (!data.ok()) return data.error();
  records.data = *std::move(data);
  if (core::Status added = AddPublishedRuns(runs, records.master, records.data); !added.ok()) return added.error();
  return records;
}

core::Result<core::Period> LatestRunPeriod(store::Store& db) {
  auto runs = db.ListRunsUncounted();
  if (!runs.ok()) return runs.error();
  if (runs->empty()) return NotFound("a published run (no period given)");
  auto period = core::ParsePeriod(runs->back().period);
  if (!period.ok()) return core::Internal("published run with period '" + runs->back().period + "'");
  return period;
}

}  // namespace supeval::service::internal
