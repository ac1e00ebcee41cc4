// The workbooks the API offers for download (spreadsheets.hpp): the same
// workbooks as the command line's --format xlsx, named after what they hold.
#include <string>

#include "supeval/io/result_writer.hpp"
#include "supeval/service/spreadsheets.hpp"

namespace supeval::service {

core::Result<WorkbookFile> RunWorkbookFile(store::Store& db, const ChosenRun& run, std::string_view version) {
  auto record = db.ReadRun(run.summary.id);
  if (!record.ok()) return record.error();
  auto bytes = XlsxOfCsv(io::WriteResultsCsv(record->results, run.period), "results", RunIdentity(*record, version));
  if (!bytes.ok()) return bytes.error();
  return WorkbookFile{"supeval-run-" + std::to_string(run.summary.id) + ".xlsx", *std::move(bytes)};
}

core::Result<WorkbookFile> RunDiffWorkbookFile(const RunDiff& diff, std::string_view version) {
  auto bytes = XlsxOfTable(RunDiffTable(diff), "changes", RunDiffIdentity(diff, version));
  if (!bytes.ok()) return bytes.error();
  return WorkbookFile{"supeval-diff-" + std::to_string(diff.a.id) + "-" + std::to_string(diff.b.id) + ".xlsx",
                      *std::move(bytes)};
}

}  // namespace supeval::service
