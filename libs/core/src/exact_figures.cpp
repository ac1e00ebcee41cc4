// Exact figures for contract slices (exact_figures.hpp).
#include "exact_figures.hpp"

#include "exact.hpp"

namespace supeval::core::exact {

Rational RuleRational(double value) {
  if (const std::optional<Ratio> decimal = DecimalOf(value))
    return Rational::Of(decimal->numerator, decimal->denominator);
  return Rational::FromDouble(value);
}

Rational Clamped(const RuleSet& rules, const Rational& score) {
  const Rational floor = RuleRational(rules.score_floor);
  const Rational cap = RuleRational(rules.score_cap);
  if (score < floor) return floor;
  if (score > cap) return cap;
  return score;
}

Rational BaseMinus(double base, const Rational& factor, Int128 count, Int128 per) {
  return RuleRational(base) - factor * Rational::Of(count, per);
}

std::optional<Rational> WeightedMean(const std::vector<std::pair<Rational, std::optional<Rational>>>& weighted_scores) {
  Rational weights;
  Rational weighted;
  for (const auto& [weight, score] : weighted_scores) {
    if (!score) continue;
    weights += weight;
    weighted += weight * *score;
  }
  if (weights.sign() <= 0) return std::nullopt;
  return weighted / weights;
}

}  // namespace supeval::core::exact
