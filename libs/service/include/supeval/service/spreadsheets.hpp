// Excel exports (issue 24 §3) for the command line and the API: the workbook
// model of a result is built from the very rows its CSV output has (same
// columns, same order, same cell text: the CSV columns are the contract), the
// cells typed by column name (counts as integers, scores and money as
// decimals, dates as dates, `class` coloured), with the run's identity and
// rule set on the second sheet. Nothing is computed a second time.
//
// Pure functions: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "supeval/core/period.hpp"
#include "supeval/core/result.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/io/table_writer.hpp"
#include "supeval/report/workbook.hpp"
#include "supeval/service/results.hpp"
#include "supeval/service/runs.hpp"
#include "supeval/store/settlements.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

using Identity = std::vector<std::pair<std::string, std::string>>;

// How a result column's cells go into Excel; text unless named in the table
// of typed columns (spreadsheets.cpp).
[[nodiscard]] report::CellType ColumnCellType(std::string_view column);

// A CSV text (a header row, then rows; §2 of CONTRACTS.md, RFC 4180) as a
// table of text cells. Fails (kInternal) on a malformed or ragged record:
// the text is supeval's own output.
[[nodiscard]] core::Result<io::TextResult> TableOfCsv(std::string csv);

// The workbook of `table` (sheet `sheet_name`) with `identity` on the second sheet.
[[nodiscard]] report::Workbook WorkbookOf(std::string sheet_name, const io::TextResult& table, Identity identity);

// The identity of an evaluation not published: period (label, first and last
// day), the reference date (EVALUATION.md: the period's last day), rule set
// name and SHA-256, supeval version, created_at, and the rule set's text.
[[nodiscard]] Identity EvaluationIdentity(const core::RuleSet& rules, const core::Period& period,
                                          std::string_view version, std::string_view created_at);

// The identity of a published run: its number, period, as-of batch, rule set
// name and hash, who published it and when, and the rule set's text.
[[nodiscard]] Identity RunIdentity(const store::RunRecord& run, std::string_view version);

// `runs diff --format csv|xlsx`: one row per supplier that changed, in the
// diff's order (by supplier_id): supplier_id, name, change (new, gone,
// changed), status_before, status_after, total_before, total_after,
// total_delta (ShownDelta, one decimal with its sign), class_before,
// class_after, records_total. A side the supplier is not in is empty.
[[nodiscard]] io::TextResult RunDiffTable(const RunDiff& diff);

// The identity of a diff: both runs' identities, labelled "a " and "b ".
[[nodiscard]] Identity RunDiffIdentity(const RunDiff& diff, std::string_view version);

// The .xlsx bytes of a table's rows (see WorkbookOf).
[[nodiscard]] core::Result<std::string> XlsxOfTable(const io::TextResult& table, std::string sheet_name,
                                                    Identity identity);

// The .xlsx bytes of a CSV text's rows (see WorkbookOf).
[[nodiscard]] core::Result<std::string> XlsxOfCsv(std::string csv, std::string sheet_name, Identity identity);

// The .xlsx bytes of an evaluation's results: the rows of its result CSV on
// a sheet named "results" (evaluate and runs show, the CLI's and the API's).
[[nodiscard]] core::Result<std::string> ResultsXlsx(const std::vector<core::SupplierResult>& results,
                                                    const core::Period& period, Identity identity);

// ---------------------------------------------------------------------------
// Downloads over the API (`?format=xlsx`, API.md "Excel downloads"): the
// caller is authorized by the route's use case before these run.

// A workbook to answer with, and the file name it is offered under.
struct WorkbookFile {
  std::string file_name;  // supeval-run-12.xlsx, supeval-diff-11-12.xlsx: digits and ASCII only
  std::string bytes;
};

// A published run's results as `runs show N --format xlsx` writes them.
[[nodiscard]] core::Result<WorkbookFile> RunWorkbookFile(store::Store& db, const ChosenRun& run,
                                                         std::string_view version);

// A published settlement's lines (those `record` holds: the caller's scope
// already applied) as `contracts settle --format xlsx` writes them.
[[nodiscard]] core::Result<WorkbookFile> SettlementWorkbookFile(const store::SettlementRecord& record,
                                                                std::string_view version);

// A diff as `runs diff A B --format xlsx` writes it.
[[nodiscard]] core::Result<WorkbookFile> RunDiffWorkbookFile(const RunDiff& diff, std::string_view version);

}  // namespace supeval::service
