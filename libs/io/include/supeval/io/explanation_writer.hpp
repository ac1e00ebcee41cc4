// Explanation writers: how each figure of one supplier came about, as text a
// supplier can check by hand (formulas with the numbers filled in, the
// spreadsheet row applied to each complaint, the points distribution and the
// worst deliveries) or as JSON for other programs. Pure functions: thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "supeval/core/evaluation.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/rules.hpp"

namespace supeval::io {

// The names the JSON explanation gives a complaint's type ("complaint",
// "notification", "sample") and a spreadsheet row's basis ("rejected",
// "affected", "lot", "none").
std::string_view ComplaintTypeName(core::ComplaintType type);
std::string_view QuantityBasisName(core::QuantityBasis basis);

std::string WriteExplanationText(const core::Explanation& explanation, const core::Period& period,
                                 const core::RuleSet& rules);
std::string WriteExplanationJson(const core::Explanation& explanation, const core::Period& period,
                                 const core::RuleSet& rules);

}  // namespace supeval::io
