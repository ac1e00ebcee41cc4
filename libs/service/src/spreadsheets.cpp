// Workbook models of the CSV outputs, typed by column name (spreadsheets.hpp).
#include "supeval/service/spreadsheets.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "supeval/io/csv_reader.hpp"
#include "supeval/io/result_writer.hpp"
#include "supeval/service/runs.hpp"

namespace supeval::service {
namespace {

struct TypedColumn {
  std::string_view name;
  report::CellType type;
};

// Every typed column of the CSV outputs: the evaluation's result columns
// (EVALUATION.md), the settlement's (CONTRACTS.md §8) and the run diff's.
// A column not listed is text (ids, names, statuses, notes).
constexpr TypedColumn kTypedColumns[] = {
    {"deliveries", report::CellType::kInteger},
    {"series_deliveries", report::CellType::kInteger},
    {"sample_deliveries", report::CellType::kInteger},
    {"complaints", report::CellType::kInteger},
    {"sample_complaints", report::CellType::kInteger},
    {"ppm", report::CellType::kDecimal},
    {"qz1", report::CellType::kDecimal},
    {"qz2", report::CellType::kDecimal},
    {"qz3", report::CellType::kDecimal},
    {"qz4", report::CellType::kDecimal},
    {"qz", report::CellType::kDecimal},
    {"lz1", report::CellType::kDecimal},
    {"lz2", report::CellType::kDecimal},
    {"lz", report::CellType::kDecimal},
    {"total", report::CellType::kDecimal},
    {"class", report::CellType::kClass},
    {"quantity", report::CellType::kDecimal},
    {"actual", report::CellType::kDecimal},
    {"target", report::CellType::kDecimal},
    {"shortfall", report::CellType::kDecimal},
    {"rate", report::CellType::kDecimal},
    {"spend", report::CellType::kDecimal},
    {"cap", report::CellType::kDecimal},
    {"amount", report::CellType::kDecimal},
    {"settled_before", report::CellType::kDecimal},
    {"total_before", report::CellType::kDecimal},
    {"total_after", report::CellType::kDecimal},
    {"total_delta", report::CellType::kDecimal},
    {"class_before", report::CellType::kClass},
    {"class_after", report::CellType::kClass},
    {"records_total", report::CellType::kInteger},
    {"period_first", report::CellType::kDate},
    {"period_last", report::CellType::kDate},
};

// The rule set's TOML text, one line a row under its label.
void AppendRuleText(Identity& identity, std::string_view text) {
  std::string_view label = "rule set (TOML)";
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    identity.emplace_back(std::string(label), std::string(text.substr(0, end)));
    label = "";
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

std::string StatusText(const std::optional<core::SupplierResult>& result) {
  if (!result) return "";
  return result->status == core::EvaluationStatus::kEvaluated ? "evaluated" : "not_evaluated";
}

std::string TotalText(const std::optional<core::SupplierResult>& result) {
  return result ? io::FormatScore(result->total) : "";
}

std::string ClassText(const std::optional<core::SupplierResult>& result) { return result ? result->grade_class : ""; }

std::string ChangeOf(const SupplierChange& change) {
  if (!change.before) return "new";
  if (!change.after) return "gone";
  return "changed";
}

std::string DeltaText(const SupplierChange& change) {
  if (!change.total_delta) return "";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", ShownDelta(change));
  return buffer;
}

void AppendLabelled(Identity& identity, std::string_view prefix, const store::RunSummary& run) {
  for (auto [label, value] : Identity{{"run", std::to_string(run.id)},
                                      {"period", run.period},
                                      {"as_of_batch", std::to_string(run.as_of_batch)},
                                      {"rules_name", run.rules_name},
                                      {"rules_sha256", run.rules_sha256},
                                      {"published_by", run.user},
                                      {"published_at", run.created_at}}) {
    identity.emplace_back(std::string(prefix) + label, std::move(value));
  }
}

}  // namespace

report::CellType ColumnCellType(std::string_view column) {
  const auto* typed = std::find_if(std::begin(kTypedColumns), std::end(kTypedColumns),
                                   [column](const TypedColumn& entry) { return entry.name == column; });
  return typed == std::end(kTypedColumns) ? report::CellType::kText : typed->type;
}

core::Result<io::TextResult> TableOfCsv(std::string csv) {
  io::CsvReader reader = io::CsvReader::FromString(std::move(csv), "csv output");
  io::TextResult table;
  io::CsvRecord record;
  for (bool header = true;; header = false) {
    auto more = reader.Next(record);
    if (!more.ok()) return core::Internal("the CSV output does not read back: " + more.error().ToString());
    if (!*more) break;
    std::vector<std::string> cells(record.fields.begin(), record.fields.end());
    if (header) {
      table.columns = std::move(cells);
    } else if (cells.size() != table.columns.size()) {
      return core::Internal("the CSV output's line " + std::to_string(record.line) + " has " +
                            std::to_string(cells.size()) + " fields, its header " +
                            std::to_string(table.columns.size()));
    } else {
      table.rows.push_back(std::move(cells));
    }
  }
  return table;
}

report::Workbook WorkbookOf(std::string sheet_name, const io::TextResult& table, Identity identity) {
  report::Workbook workbook;
  workbook.table.name = std::move(sheet_name);
  for (const std::string& column : table.columns) workbook.table.columns.push_back({column, ColumnCellType(column)});
  workbook.table.rows = table.rows;
  workbook.identity = std::move(identity);
  return workbook;
}

Identity EvaluationIdentity(const core::RuleSet& rules, const core::Period& period, std::string_view version,
                            std::string_view created_at) {
  Identity identity = {
      {"period", period.label},
      {"period_first", period.first.ToString()},
      {"period_last", period.last.ToString()},
      {"reference_date", period.ReferenceDate().ToString()},
      {"rules_name", rules.name},
      {"rules_sha256", RuleSetSha256(rules)},
      {"supeval_version", std::string(version)},
      {"created_at", std::string(created_at)},
  };
  AppendRuleText(identity, RuleSetText(rules));
  return identity;
}

Identity RunIdentity(const store::RunRecord& run, std::string_view version) {
  const store::RunSummary& summary = run.summary;
  Identity identity = {
      {"run", std::to_string(summary.id)},
      {"period", summary.period},
      {"period_first", run.period_first.ToString()},
      {"period_last", run.period_last.ToString()},
      {"as_of_batch", std::to_string(summary.as_of_batch)},
      {"rules_name", summary.rules_name},
      {"rules_sha256", summary.rules_sha256},
      {"published_by", summary.user},
      {"published_at", summary.created_at},
      {"supeval_version", std::string(version)},
  };
  AppendRuleText(identity, run.rules_toml);
  return identity;
}

io::TextResult RunDiffTable(const RunDiff& diff) {
  io::TextResult table{{"supplier_id", "name", "change", "status_before", "status_after", "total_before", "total_after",
                        "total_delta", "class_before", "class_after", "records_total"},
                       {}};
  for (const SupplierChange& change : diff.suppliers) {
    table.rows.push_back({change.supplier_id, change.name, ChangeOf(change), StatusText(change.before),
                          StatusText(change.after), TotalText(change.before), TotalText(change.after),
                          DeltaText(change), ClassText(change.before), ClassText(change.after),
                          std::to_string(change.records_total)});
  }
  return table;
}

Identity RunDiffIdentity(const RunDiff& diff, std::string_view version) {
  Identity identity;
  AppendLabelled(identity, "a ", diff.a);
  AppendLabelled(identity, "b ", diff.b);
  identity.emplace_back("unchanged_suppliers", std::to_string(diff.unchanged_suppliers));
  identity.emplace_back("supeval_version", std::string(version));
  return identity;
}

core::Result<std::string> XlsxOfTable(const io::TextResult& table, std::string sheet_name, Identity identity) {
  return report::WriteWorkbook(WorkbookOf(std::move(sheet_name), table, std::move(identity)));
}

core::Result<std::string> XlsxOfCsv(std::string csv, std::string sheet_name, Identity identity) {
  auto table = TableOfCsv(std::move(csv));
  if (!table.ok()) return table.error();
  return XlsxOfTable(*table, std::move(sheet_name), std::move(identity));
}

core::Result<std::string> ResultsXlsx(const std::vector<core::SupplierResult>& results, const core::Period& period,
                                      Identity identity) {
  return XlsxOfCsv(io::WriteResultsCsv(results, period), "results", std::move(identity));
}

}  // namespace supeval::service
