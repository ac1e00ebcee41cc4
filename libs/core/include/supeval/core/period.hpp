// Period: the closed date range an evaluation covers (spec: "Period and records").
// Named forms: `2026-H1`, `2026-H2`, `2026-Q1`…`2026-Q4`, a whole year `2026`, a
// month `2026-03`, and an explicit range `2026-01-01..2026-03-31`.
// A value type: thread-compatible.
#pragma once

#include <string>
#include <string_view>

#include "supeval/core/date.hpp"
#include "supeval/core/result.hpp"

namespace supeval::core {

struct Period {
  Date first;
  Date last;
  std::string label;  // the text it was parsed from, as the result's `period` column

  [[nodiscard]] bool Contains(Date date) const { return first <= date && date <= last; }
  // Spec: the reference date of an evaluation is the period's last day.
  [[nodiscard]] Date ReferenceDate() const { return last; }
};

// Returns the period named by `text`, or a kBadInput error that lists the forms.
[[nodiscard]] Result<Period> ParsePeriod(std::string_view text);

}  // namespace supeval::core
