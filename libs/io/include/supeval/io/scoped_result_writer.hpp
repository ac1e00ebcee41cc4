// Writers for results per plant or company (docs/EVALUATION.md, "Scopes"):
// the result CSV with a `scope` column after supplier_id (the plant or company
// id), JSON rows with the same `scope` member, and the ranked table once per
// scope. Rows are written in the order given (ScopedEvaluator's: by scope id,
// then supplier_id). Pure functions: thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/period.hpp"
#include "supeval/core/scopes.hpp"
#include "supeval/io/result_writer.hpp"

namespace supeval::io {

// ResultColumns() with "scope" after "supplier_id".
const std::vector<std::string_view>& ScopedResultColumns();

// ResultRowJson of the row's result with "scope" (the scope id) after
// "supplier_id".
nlohmann::ordered_json ScopedResultRowJson(const core::ScopedResult& row, std::string_view period_label,
                                           ResultJsonForm form);

std::string WriteScopedResultsCsv(const std::vector<core::ScopedResult>& rows, const core::Period& period);
// {"period": {...}, "scope": "plant", "results": [...]}.
std::string WriteScopedResultsJson(const std::vector<core::ScopedResult>& rows, const core::Period& period,
                                   core::ScopeKind kind);
// WriteResultsTable for each scope id in turn, under a "plant P1" heading:
// ranked within the scope.
std::string WriteScopedResultsTable(const std::vector<core::ScopedResult>& rows, const core::Period& period,
                                    core::ScopeKind kind);

std::string WriteScopedResults(const std::vector<core::ScopedResult>& rows, const core::Period& period,
                               core::ScopeKind kind, ResultFormat format);

}  // namespace supeval::io
