// Result writers: the evaluation's supplier rows as the spec's CSV (a contract
// users' scripts rely on: columns are only ever added at the end), as JSON, or
// as a ranked, aligned table for a terminal. Scores are shown with one decimal,
// rounded half away from zero. Pure functions: thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/contracts/event_counts.hpp"
#include "supeval/core/evaluation.hpp"
#include "supeval/core/period.hpp"
#include "supeval/io/csv_writer.hpp"

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

// A supplier's events of a period (docs/events.md): {"total",
// "customer_notified", "cost" (money text, 2 decimals), "by_kind" (kind →
// count, only kinds counted, in CONTRACTS.md §3's order)}.
nlohmann::ordered_json EventCountsJson(const core::contracts::EventCounts& counts);

// One result row of WriteResultsCsv to `csv`; with `scope_id` (not null),
// the scope column after supplier_id (docs/EVALUATION.md, "Scopes").
void WriteResultCsvRow(CsvWriter& csv, const core::SupplierResult& result, std::string_view period_label,
                       const std::string* scope_id);

// One row per supplier sorted by supplier_id.
std::string WriteResultsCsv(const std::vector<core::SupplierResult>& results, const core::Period& period);
// {"period": {...}, "results": [...]} sorted by supplier_id; empty scores are
// null. `events`, when not empty, holds each result's event counts (same
// order as `results`): each row then ends with "events".
std::string WriteResultsJson(const std::vector<core::SupplierResult>& results, const core::Period& period,
                             std::span<const core::contracts::EventCounts> events = {});
// Ranked by total (best first), then the suppliers not evaluated with their reason.
std::string WriteResultsTable(const std::vector<core::SupplierResult>& results, const core::Period& period);

// `events` only reaches the JSON (CSV columns and the table are a contract).
std::string WriteResults(const std::vector<core::SupplierResult>& results, const core::Period& period,
                         ResultFormat format, std::span<const core::contracts::EventCounts> events = {});

// "92.3" for a score, "" when empty.
std::string FormatScore(const std::optional<double>& score);

}  // namespace supeval::io
