// Exact arithmetic behind the engine's figures (figures.hpp): the agreement's
// formulas as ratios of 128-bit integers (the sums of quantities and counts,
// and the rule set's numbers as the decimals a rule file writes), converted
// to a double once; and compensated sums for the weighted means, whose error
// then does not grow with the number of terms. A step that would leave 128
// bits gives no value, and the engine computes that figure in floating point.
// Values and pure functions: thread-compatible.
#pragma once

#include <cmath>
#include <optional>

#include "supeval/core/decimal.hpp"

namespace supeval::core::exact {

// numerator / denominator, denominator > 0.
struct Ratio {
  Int128 numerator = 0;
  Int128 denominator = 1;
};

// The decimal of at most six places that `value` stands for (a rule file's
// 0.13 is read as the double nearest to 0.13: this gives 13/100), reduced;
// nothing for a value that is no such decimal.
[[nodiscard]] std::optional<Ratio> DecimalOf(double value);

// a × b and a / b (b not 0), reduced; nothing when they leave 128 bits.
[[nodiscard]] std::optional<Ratio> Product(const Ratio& a, const Ratio& b);
[[nodiscard]] std::optional<Ratio> Quotient(const Ratio& a, const Ratio& b);

// factor × count / per (per > 0), as the double nearest to it within 2 ULPs.
[[nodiscard]] std::optional<double> Scaled(const Ratio& factor, Int128 count, Int128 per);

// base − factor × count / per (per > 0), the same way: exact where the
// difference cancels most digits (a score near the floor, 100 − 98.95).
[[nodiscard]] std::optional<double> BaseMinus(const Ratio& base, const Ratio& factor, Int128 count, Int128 per);

// Σ weight × value and Σ weight of non-negative terms, both summed without
// loss (each product split exactly by fma, Neumaier's compensated sum), and
// divided once: the mean is within 2 ULPs of the weighted mean of the
// doubles given, whatever the number of terms.
class WeightedSum {
 public:
  void Add(double weight, double value) {
    const double product = weight * value;
    Accumulate(weighted_, weighted_error_, product);
    weighted_error_ += std::fma(weight, value, -product);
    Accumulate(weights_, weights_error_, weight);
  }
  [[nodiscard]] double weights() const { return weights_ + weights_error_; }
  // Requires weights() > 0.
  [[nodiscard]] double Mean() const {
    const double divisor = weights();
    const double quotient = weighted_ / divisor;
    const double remainder = std::fma(-quotient, divisor, weighted_) + weighted_error_;
    return quotient + remainder / divisor;
  }

 private:
  static void Accumulate(double& sum, double& error, double term) {
    const double total = sum + term;
    error += std::abs(sum) >= std::abs(term) ? (sum - total) + term : (term - total) + sum;
    sum = total;
  }

  double weighted_ = 0;
  double weighted_error_ = 0;
  double weights_ = 0;
  double weights_error_ = 0;
};

}  // namespace supeval::core::exact
