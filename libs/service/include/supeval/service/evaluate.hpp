// The evaluate and explain use cases: read a rule set and an interchange CSV
// folder, validate everything, stream the deliveries through the engine, and
// return the results (and one supplier's explanation when asked). Nothing is
// returned on bad input but the complete list of problems.
// Thread-compatible: each call is independent.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "supeval/core/evaluator.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/result.hpp"
#include "supeval/core/rules.hpp"

namespace supeval::service {

struct EvaluateRequest {
  std::filesystem::path data_dir;
  std::string period;                               // as ParsePeriod reads it
  std::optional<std::filesystem::path> rules_file;  // default: the agreement's rule set
  std::optional<std::string> explain_supplier;      // supplier_id to trace
};

struct EvaluateOutcome {
  core::RuleSet rules;
  core::Period period;
  core::Evaluation evaluation;
};

// The rule set in `rules_file`, or the default one.
[[nodiscard]] core::Result<core::RuleSet> LoadRules(const std::optional<std::filesystem::path>& rules_file);

// Errors are kBadInput: the period, the rule file, a missing folder or file,
// or every bad row (one `file:line: column: message` per line of the message).
[[nodiscard]] core::Result<EvaluateOutcome> EvaluateDataset(const EvaluateRequest& request);

}  // namespace supeval::service
