// SliceFigures: what the evaluation engine computes for one contract's slice
// of the data in a period (CONTRACTS.md §6: its supplier, its materials, the
// period within its term) — the evaluation's own figures, exact, for the KPI
// clauses. The settlement reads them; it never computes an evaluation figure
// itself. Plain values: thread-compatible.
#pragma once

#include <cstdint>
#include <optional>

#include "supeval/core/decimal.hpp"
#include "supeval/core/rational.hpp"

namespace supeval::core::contracts {

struct SliceFigures {
  // The exact, unrounded figures of docs/EVALUATION.md for the slice; none when
  // the slice is not evaluated or the figure is not taken into account.
  std::optional<Rational> total, qz, lz, qz1, qz2, qz3, qz4, lz1, lz2;
  // Σ ppm-relevant quantity (units of 1e-14) of the slice's justified
  // complaints and notifications, and Σ received_qty (millionths) of its
  // series deliveries: ppm = defective / delivered × 10^6 (none when
  // delivered is 0).
  Int128 defective = 0;
  Int128 delivered_micros = 0;
  std::optional<Rational> ppm;
  // Deliveries (series and sample) of the slice, and those whose LZ1 points
  // are the table's full points: on_time_rate = 100 × on_time / deliveries.
  std::int64_t deliveries = 0;
  std::int64_t on_time = 0;
  std::optional<Rational> on_time_rate;
};

}  // namespace supeval::core::contracts
