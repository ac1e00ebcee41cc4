// How figures are shown: the exact value rounded half away from zero (spec
// "Overall"). Figures are ratios of exact integer sums and of the rule set's
// decimal numbers; the engine computes each sub-score as one such ratio
// converted to a double once, and the means of them with compensated sums,
// so that a figure lies within kFigureUlps units in the last place (ULPs) of
// its exact value. A half-way point is therefore decided on the decimal it
// stands for: a double within that error of the double nearest to a decimal
// half counts as the half (89.95 computed as 89.94999999999999 shows 90.0),
// and any other value is rounded as it is (ppm 8703.3499967 shows 8703.3).
// The tolerance is in ULPs, so it stays at the floating-point error whatever
// the size of the value, never a nudge that grows with it.
// Pure functions: thread-safe.
#pragma once

namespace supeval::core {

// How far, in ULPs, a figure of the engine may lie from its exact value: each
// sub-score is within 2 of it, and the weighted means (QZ2, QZ, LZ, total)
// add at most about 3 each, so the total is within about 12.
inline constexpr int kFigureUlps = 16;

// Whether `a` and `b` stand for the same exact figure: equal, or of the same
// sign and at most kFigureUlps ULPs apart. Never true for a NaN.
[[nodiscard]] bool SameFigure(double a, double b);

// Whether `value` reaches `edge`: at or above it, or the same figure (a total
// of 90 computed as 89.99999999999999 reaches class A's 90; one of exactly 80
// does not reach 80.0000000001).
[[nodiscard]] bool Reaches(double value, double edge);

// Rounds half away from zero to `decimals` places (0 to 9): 89.95 -> 90.0,
// -0.05 -> -0.1, 8703.3499967 -> 8703.3, 1e9 -> 1e9. Returns the double
// nearest to the rounded decimal, with the sign of `value` (-0.04 -> -0.0,
// which printf shows as "-0.0"). Values too large to have digits at that
// place, infinities and NaN are returned as they are.
[[nodiscard]] double RoundHalfAwayFromZero(double value, int decimals);

}  // namespace supeval::core
