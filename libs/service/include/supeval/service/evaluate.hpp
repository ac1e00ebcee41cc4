// The evaluate and explain use cases: a rule set and a record source (a CSV
// folder, later a database) in, validated records streamed through the engine,
// results (and one supplier's explanation when asked) out. On bad input
// nothing is returned but the complete list of problems.
// Thread-compatible: each call is independent.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "supeval/core/contracts/event_counts.hpp"
#include "supeval/core/evaluator.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/record_source.hpp"
#include "supeval/core/result.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/core/scopes.hpp"

namespace supeval::service {

struct EvaluateRequest {
  std::filesystem::path data_dir;
  std::string period;                               // as ParsePeriod reads it
  std::optional<std::filesystem::path> rules_file;  // default: the agreement's rule set
  std::optional<std::string> explain_supplier;      // supplier_id to trace
  int threads = 0;                                  // 0: one per core; at most kMaxThreads
  // Per plant or company (docs/EVALUATION.md, "Scopes"): the outcome's
  // `scoped` rows instead of its evaluation.
  core::ScopeKind scope = core::ScopeKind::kSupplier;
};

// Each supplier's events dated in the period (IATF 16949 8.4.2.4), in the
// order of Evaluation::results; none when the records hold no event at all
// (any supplier, any date), so that results without events read as before
// (docs/events.md).
using SupplierEvents = std::optional<std::vector<core::contracts::EventCounts>>;

// The counts for the result writers: empty when there are none.
inline std::span<const core::contracts::EventCounts> EventCountsOf(const SupplierEvents& events) {
  if (!events) return {};
  return *events;
}

struct EvaluateOutcome {
  core::RuleSet rules;
  core::Period period;
  core::Evaluation evaluation;  // empty when scoped
  SupplierEvents events;
  std::vector<core::ScopedResult> scoped;  // the rows of a plant or company scope
};

// The rule set in `rules_file`, or the default one.
[[nodiscard]] core::Result<core::RuleSet> LoadRules(const std::optional<std::filesystem::path>& rules_file);

// Evaluates the records of `source` (requires threads >= 1); `events`, when
// given, receives the source's event counts. Errors are kBadInput: an
// unknown explain supplier, or the source's bad records.
[[nodiscard]] core::Result<core::Evaluation> EvaluateSource(core::RecordSource& source, const core::RuleSet& rules,
                                                            const core::Period& period,
                                                            const std::optional<std::string>& explain_supplier,
                                                            int threads, SupplierEvents* events = nullptr);

// The counts of SupplierEvents for `events` (resolved to a master data of
// `supplier_count` suppliers) in `period`: none when `events` is empty.
[[nodiscard]] SupplierEvents CountSupplierEvents(const std::vector<core::contracts::Event>& events,
                                                 const core::Period& period, std::size_t supplier_count);

// Explains `supplier_id` from the records of `source` (one thread): the
// explanation lists up to `worst_deliveries` deliveries in each worst list
// (core::EvaluationOptions), and `inspect` is called with the master data
// the explanation's indices refer to, and the explanation, before the
// master data is freed. Errors as EvaluateSource's.
[[nodiscard]] core::Result<core::Explanation> ExplainSource(
    core::RecordSource& source, const core::RuleSet& rules, const core::Period& period, const std::string& supplier_id,
    std::size_t worst_deliveries,
    const std::function<void(const core::MasterData&, const core::Explanation&)>& inspect);

// The CSV folder of `request`. Errors are kBadInput: the period, the rule
// file, a missing folder or file, or every bad row (one
// `file:line: column: message` per line of the message).
[[nodiscard]] core::Result<EvaluateOutcome> EvaluateDataset(const EvaluateRequest& request);

// EvaluateDataset, then `use` of its outcome (writing the results) while the
// records the evaluation was made from are freed beside it (a large data
// set's take milliseconds). The error is EvaluateDataset's; `use` is not
// called then.
[[nodiscard]] core::Status EvaluateDatasetThen(const EvaluateRequest& request,
                                               const std::function<void(const EvaluateOutcome&)>& use);

// Evaluates the records of `source` per plant or company (`kind` not
// kSupplier): ScopedEvaluator's rows. Errors are kBadInput: the source's bad
// records, or a plant without company under kCompany.
[[nodiscard]] core::Result<std::vector<core::ScopedResult>> EvaluateSourceScoped(core::RecordSource& source,
                                                                                 const core::RuleSet& rules,
                                                                                 const core::Period& period,
                                                                                 core::ScopeKind kind);

// The most threads an evaluation takes. Each costs memory (its own tallies:
// about 0.7 MB with 10,000 suppliers) and beyond the cores buys nothing; a
// fixed bound, not one derived from this machine, lets the same command line
// run everywhere.
inline constexpr int kMaxThreads = 256;

// Threads to use for `requested` (0: one per hardware thread, at most
// kMaxThreads). A request outside 0..kMaxThreads is kBadInput.
[[nodiscard]] core::Result<int> ResolveThreads(int requested);

}  // namespace supeval::service
