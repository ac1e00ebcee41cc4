// The workbooks the API offers for download (spreadsheets.hpp): the same
// workbooks as the command line's --format xlsx, named after what they hold.
#include <string>

#include "supeval/core/contracts/settlement.hpp"
#include "supeval/service/spreadsheets.hpp"

namespace supeval::service {

core::Result<WorkbookFile> RunWorkbookFile(store::Store& db, const ChosenRun& run, std::string_view version) {
  auto record = db.ReadRun(run.summary.id);
  if (!record.ok()) return record.error();
  auto bytes = ResultsXlsx(record->results, run.period, RunIdentity(*record, version));
  if (!bytes.ok()) return bytes.error();
  return WorkbookFile{"supeval-run-" + std::to_string(run.summary.id) + ".xlsx", *std::move(bytes)};
}

core::Result<WorkbookFile> SettlementWorkbookFile(const store::SettlementRecord& record, std::string_view version) {
  io::TextResult table{{}, record.lines};
  for (const std::string_view column : core::contracts::SettlementColumns()) table.columns.emplace_back(column);
  const store::SettlementSummary& summary = record.summary;
  const Identity identity = {
      {"settlement", std::to_string(summary.id)},
      {"period", summary.period},
      {"period_first", record.period_first.ToString()},
      {"period_last", record.period_last.ToString()},
      {"as_of_batch", std::to_string(summary.as_of_batch)},
      {"rules_sha256", summary.rules_sha256},
      {"published_by", summary.user},
      {"published_at", summary.created_at},
      {"supeval_version", std::string(version)},
  };
  auto bytes = XlsxOfTable(table, "settlement", identity);
  if (!bytes.ok()) return bytes.error();
  return WorkbookFile{"supeval-settlement-" + std::to_string(summary.id) + ".xlsx", *std::move(bytes)};
}

core::Result<WorkbookFile> RunDiffWorkbookFile(const RunDiff& diff, std::string_view version) {
  auto bytes = XlsxOfTable(RunDiffTable(diff), "changes", RunDiffIdentity(diff, version));
  if (!bytes.ok()) return bytes.error();
  return WorkbookFile{"supeval-diff-" + std::to_string(diff.a.id) + "-" + std::to_string(diff.b.id) + ".xlsx",
                      *std::move(bytes)};
}

}  // namespace supeval::service
