// SparseNumbers: ids of one numbered form (NumberedIdForm) whose numbers are
// far apart, each with a slot: the deliveries that complaints name, about one
// in a hundred. Their numbers are kept sorted; a stream of ids in ascending
// order (goods receipts are numbered as they arrive) walks them with a
// Cursor, one comparison a row and no random access, where a hash lookup
// would miss the cache on most rows. Ids out of order are found by binary
// search: slower, still exact. (NumberTable is for numbers close together.)
// Immutable once built: several threads may read it, each with its Cursor.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "supeval/core/reading/numbered_id.hpp"
#include "supeval/core/records.hpp"

namespace supeval::core {

class SparseNumbers {
 public:
  SparseNumbers() : numbers_{NumberedIdForm::kOtherForm} {}

  // From `ids`, slot i being ids[i]: those written in `form`. (An id of the
  // form can only equal an id of the form; the caller finds the others.)
  SparseNumbers(const NumberReader& form, const std::vector<std::string_view>& ids) {
    std::vector<std::pair<std::uint64_t, Index>> named;
    for (std::size_t slot = 0; slot < ids.size(); ++slot) {
      const std::uint64_t number = form.NumberOf(ids[slot]);
      if (number != NumberedIdForm::kOtherForm) named.emplace_back(number, static_cast<Index>(slot));
    }
    std::sort(named.begin(), named.end());
    numbers_.reserve(named.size() + 1);
    slots_.reserve(named.size());
    for (const auto& [number, slot] : named) {
      numbers_.push_back(number);
      slots_.push_back(slot);
    }
    numbers_.push_back(NumberedIdForm::kOtherForm);  // a sentinel above every number
  }

  // How many of the ids given were of the form.
  [[nodiscard]] std::size_t size() const { return slots_.size(); }

  // A reader's position in the sorted numbers.
  class Cursor {
   public:
    // The slot of the id numbered `number` (< kOtherForm), or kNoIndex.
    [[nodiscard]] Index Find(const SparseNumbers& named, std::uint64_t number) {
      const std::vector<std::uint64_t>& numbers = named.numbers_;
      // Ahead of the last number, and not far: step; else search.
      constexpr std::size_t kSteps = 4;
      if (number < last_ || numbers[std::min(at_ + kSteps, numbers.size() - 1)] < number) {
        at_ = static_cast<std::size_t>(std::lower_bound(numbers.begin(), numbers.end(), number) - numbers.begin());
      } else {
        while (numbers[at_] < number) ++at_;
      }
      last_ = number;
      return numbers[at_] == number ? named.slots_[at_] : kNoIndex;
    }

   private:
    std::size_t at_ = 0;
    std::uint64_t last_ = 0;
  };

 private:
  std::vector<std::uint64_t> numbers_;  // sorted, then the sentinel kOtherForm
  std::vector<Index> slots_;
};

}  // namespace supeval::core
