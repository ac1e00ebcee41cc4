// The engine's figures as exact rationals, for contract slices (CONTRACTS.md
// §6 wants a KPI's actual unrounded and never a floating-point result): the
// rule set's numbers read as the decimals a rule file writes, the integer
// sums as they are, and the same formulas as the double path evaluated
// without loss. Pure functions: thread-safe.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "supeval/core/decimal.hpp"
#include "supeval/core/rational.hpp"
#include "supeval/core/rules.hpp"

namespace supeval::core::exact {

// A rule number as the decimal of up to six places it stands for (0.13 is
// 13/100), else its exact binary value.
[[nodiscard]] Rational RuleRational(double value);

// Floored and capped as every sub-score is (RuleSet::score_floor, score_cap).
[[nodiscard]] Rational Clamped(const RuleSet& rules, const Rational& score);

// base − factor × count / per (per > 0): QZ1, QZ4, and QZ2 per commodity.
[[nodiscard]] Rational BaseMinus(double base, const Rational& factor, Int128 count, Int128 per);

// The weighted mean of the scores present (weights renormalised), none when
// no score with a positive weight is present.
[[nodiscard]] std::optional<Rational> WeightedMean(
    const std::vector<std::pair<Rational, std::optional<Rational>>>& weighted_scores);

}  // namespace supeval::core::exact
