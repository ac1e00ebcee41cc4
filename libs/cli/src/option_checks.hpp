// Checks of numeric options whose messages read as a person writes them
// ("--threads: 50000 not in 0..256"): CLI11's own Range, PositiveNumber and
// NonNegativeNumber compare as double and print their limits as such
// ("0.000000 to 179769313486231570814527423731704356798070…").
// Thread-compatible: the validators are values.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>

namespace supeval::cli {

// A whole number in min..max (both included).
[[nodiscard]] CLI::Validator WholeNumberIn(std::int64_t min, std::int64_t max);

// A whole number of at least `min` (ids: 1).
[[nodiscard]] CLI::Validator WholeNumberFrom(std::int64_t min);

// A whole number in 0..2^64-1 (CLI11 takes "-1" for 2^64-1).
[[nodiscard]] CLI::Validator AnyUnsignedWholeNumber();

// A finite number of at least `min` (seconds: 0).
[[nodiscard]] CLI::Validator NumberFrom(double min);

}  // namespace supeval::cli
