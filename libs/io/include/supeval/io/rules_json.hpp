// A rule set as JSON, for the API's `GET /api/v1/rules` (API.md, "Runs,
// imports, holds, rules"): the same layout as the rule file (rules_toml.hpp),
// so that what a client reads and what a user edits name every value alike —
// each TOML table an object with the same keys, each array of tables an
// array of objects, integers as JSON integers, other numbers as JSON numbers.
//
// Thread-safety: stateless free functions; safe to call from several threads.
#pragma once

#include <nlohmann/json.hpp>

#include "supeval/core/rules.hpp"

namespace supeval::io {

// `rules` in the layout of WriteRuleSetToml(rules), keys of a table in
// alphabetical order. Requires a rule set that WriteRuleSetToml can write
// (finite numbers), as every validated rule set is.
[[nodiscard]] nlohmann::ordered_json RuleSetJson(const core::RuleSet& rules);

}  // namespace supeval::io
