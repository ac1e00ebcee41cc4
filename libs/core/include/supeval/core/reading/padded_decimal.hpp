// ParseDecimalPadded: ParseDecimal for text in a padded buffer, read a word
// at a time. A helper of the readers (io's blocks of deliveries.csv), not
// of the engine: supeval/core/reading/ holds what io and store share.
// Free functions of values: thread-safe.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "supeval/core/decimal.hpp"
#include "supeval/core/digits.hpp"

namespace supeval::core {

namespace detail {
// "75.277" (1 to 7 digits, '.', 1 to 6 digits) read a word at a time from
// text that at least seven readable bytes follow; false for anything else,
// which ParseDecimal then decides.
[[nodiscard]] bool ReadPaddedFraction(std::string_view text, Decimal& value);
}  // namespace detail

// The same for text that at least seven readable bytes follow (a padded
// buffer, such as io's blocks of deliveries.csv): whole numbers of up to
// eight digits (inline), and up to seven digits before and six after the
// point, are read a word at a time, with no loop whose length varies with
// the number and so no branch to mispredict.
[[nodiscard]] inline bool ParseDecimalPadded(std::string_view text, Decimal& value) {
  if (text.size() - 1 < 8) {  // 1 to 8 bytes: a whole number of up to 8 digits?
    std::uint64_t word;
    std::memcpy(&word, text.data(), 8);
    word = detail::AsLastDigits(word, static_cast<unsigned>(text.size()));
    if (detail::EightDigits(word)) {
      value = Decimal::FromUnits(static_cast<std::int64_t>(detail::EightDigitsValue(word)));
      return true;
    }
  }
  return detail::ReadPaddedFraction(text, value) || ParseDecimal(text, value);
}

}  // namespace supeval::core
