// The JSON of the read use cases' answers (results.hpp), with API.md's field
// names and types: counts integers; scores and ppm full-precision numbers or
// null; `class`, `reason` strings or null, never ""; `warnings` always an
// array; dates YYYY-MM-DD; instants as recorded (RFC 3339 UTC with Z). A
// result row is io::ResultRowJson's API form, a run the row of
// `runs list --format json`, an explanation `explain --format json`'s data:
// one JSON form per thing, shared with the command line.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "supeval/service/publishing.hpp"
#include "supeval/service/results.hpp"

namespace supeval::service {

using Json = nlohmann::ordered_json;

// `value` as the compact text of an answer (invalid UTF-8 replaced, never
// thrown on): the one way answers are written.
[[nodiscard]] std::string JsonText(const Json& value);

// {period, from, to, run, previous_run, total_count, limit, offset, rows}:
// each row a result with rank, previous_total, change.
[[nodiscard]] Json RankingJson(const RankingPage& page);
// {total_count, limit, offset, rows: [{period, from, to, latest_run, runs}]}.
[[nodiscard]] Json PeriodsJson(const PeriodsPage& page);
// {supplier_id, name, country, qz3}: country null when empty, qz3
// "evaluate" or "exempt".
[[nodiscard]] Json SupplierJson(const core::Supplier& supplier);
[[nodiscard]] Json SuppliersJson(const SuppliersPage& page);
// {period, from, to, run, result, explanation, trend}.
[[nodiscard]] Json ScorecardJson(const Scorecard& card);
// {total_count, limit, offset, rows}: rows as `runs list --format json`.
[[nodiscard]] Json RunsJson(const RunsPage& page);
// One run: its `runs list --format json` row plus from and to.
[[nodiscard]] Json RunJson(const ChosenRun& run);
// A batch as a row of GET /api/v1/batches: {batch, kind ("import" or
// "holds"), at, by, added, changed, unchanged (the totals over its tables),
// source, why (null for an import)}.
[[nodiscard]] Json BatchRowJson(const store::BatchInfo& batch);
// One batch: its row plus `tables` [{table, added, changed, unchanged}],
// `files` [{name, sha256, bytes}] and `warnings`.
[[nodiscard]] Json BatchJson(const store::BatchInfo& batch);
[[nodiscard]] Json BatchesJson(const BatchesPage& page);
// {name, sha256, toml, rules}: `rules` in the rule file's layout (io/rules_json.hpp).
[[nodiscard]] Json RuleSetViewJson(const RuleSetView& view);

}  // namespace supeval::service
