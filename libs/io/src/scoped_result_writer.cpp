// Formatting results per plant or company: the supplier writers' rows with
// the scope id beside the supplier's.
#include "supeval/io/scoped_result_writer.hpp"

#include <sstream>

#include "supeval/core/printable.hpp"
#include "supeval/io/csv_writer.hpp"

namespace supeval::io {

const std::vector<std::string_view>& ScopedResultColumns() {
  static const std::vector<std::string_view> kColumns = [] {
    std::vector<std::string_view> columns = ResultColumns();
    columns.insert(columns.begin() + 1, "scope");
    return columns;
  }();
  return kColumns;
}

nlohmann::ordered_json ScopedResultRowJson(const core::ScopedResult& row, std::string_view period_label,
                                           ResultJsonForm form) {
  nlohmann::ordered_json unscoped = ResultRowJson(row.result, period_label, form);
  nlohmann::ordered_json json;
  for (auto& [key, value] : unscoped.items()) {
    json[key] = std::move(value);
    if (key == "supplier_id") json["scope"] = row.scope_id;
  }
  return json;
}

std::string WriteScopedResultsCsv(const std::vector<core::ScopedResult>& rows, const core::Period& period) {
  std::ostringstream out;
  {
    CsvWriter csv(out);
    for (const std::string_view column : ScopedResultColumns()) csv.Field(column);
    csv.EndRow();
    for (const core::ScopedResult& row : rows) WriteResultCsvRow(csv, row.result, period.label, &row.scope_id);
  }
  return out.str();
}

std::string WriteScopedResultsJson(const std::vector<core::ScopedResult>& rows, const core::Period& period,
                                   core::ScopeKind kind) {
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const core::ScopedResult& row : rows) {
    results.push_back(ScopedResultRowJson(row, period.label, ResultJsonForm::kCommandLine));
  }
  nlohmann::ordered_json document;
  document["period"] = {{"label", period.label}, {"from", period.first.ToString()}, {"to", period.last.ToString()}};
  document["scope"] = core::ScopeKindName(kind);
  document["results"] = std::move(results);
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string WriteScopedResultsTable(const std::vector<core::ScopedResult>& rows, const core::Period& period,
                                    core::ScopeKind kind) {
  std::string out;
  for (std::size_t first = 0; first < rows.size();) {
    std::vector<core::SupplierResult> results;
    std::size_t end = first;
    for (; end < rows.size() && rows[end].scope_id == rows[first].scope_id; ++end) results.push_back(rows[end].result);
    out += (out.empty() ? "" : "\n") + std::string(core::ScopeKindName(kind)) + " " +
           core::Printable(rows[first].scope_id) + "\n" + WriteResultsTable(results, period);
    first = end;
  }
  return out;
}

std::string WriteScopedResults(const std::vector<core::ScopedResult>& rows, const core::Period& period,
                               core::ScopeKind kind, ResultFormat format) {
  switch (format) {
    case ResultFormat::kCsv:
      return WriteScopedResultsCsv(rows, period);
    case ResultFormat::kJson:
      return WriteScopedResultsJson(rows, period, kind);
    case ResultFormat::kTable:
      return WriteScopedResultsTable(rows, period, kind);
  }
  return {};
}

}  // namespace supeval::io
