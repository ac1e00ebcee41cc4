// Result writers: the evaluation's supplier rows as the spec's CSV (a contract
// users' scripts rely on: columns are only ever added at the end), as JSON, or
// as a ranked, aligned table for a terminal. Scores are shown with one decimal,
// rounded half away from zero. Pure functions: thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/evaluation.hpp"
#include "supeval/core/period.hpp"

namespace supeval::io {

enum class ResultFormat { kTable, kCsv, kJson };

// The spec's result columns, in order.
const std::vector<std::string_view>& ResultColumns();

// How a result row's JSON gives its figures: the command line's
// (`--format json`) rounds scores to one decimal, as its table and CSV show
// them, and writes an empty reason as ""; the API's gives scores and ppm at
// full precision and an empty reason as null (API.md, "Conventions").
enum class ResultJsonForm { kCommandLine, kApi };

// One result row as JSON, with the spec's column names: counts integers,
// empty scores null, `class` null when empty, `warnings` an array.
nlohmann::ordered_json ResultRowJson(const core::SupplierResult& result, std::string_view period_label,
                                     ResultJsonForm form);

// One row per supplier sorted by supplier_id.
std::string WriteResultsCsv(const std::vector<core::SupplierResult>& results, const core::Period& period);
// {"period": {...}, "results": [...]} sorted by supplier_id; empty scores are null.
std::string WriteResultsJson(const std::vector<core::SupplierResult>& results, const core::Period& period);
// Ranked by total (best first), then the suppliers not evaluated with their reason.
std::string WriteResultsTable(const std::vector<core::SupplierResult>& results, const core::Period& period);

std::string WriteResults(const std::vector<core::SupplierResult>& results, const core::Period& period,
                         ResultFormat format);

// "92.3" for a score, "" when empty.
std::string FormatScore(const std::optional<double>& score);

}  // namespace supeval::io
