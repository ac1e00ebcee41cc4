// ContractRules: the `[contracts]` table of a rule file (CONTRACTS.md §12) as
// plain data — caps, day counts, HHI bands, finding severities, the contract
// types with their reference texts and required clauses, and the escalation
// ladders. DefaultContractRules() is the spec's defaults; a rule file
// replaces a ladder, a type's `requires` or a severity whole (io).
// Plain values: thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/contracts/records.hpp"
#include "supeval/core/rational.hpp"
#include "supeval/core/result.hpp"

namespace supeval::core::contracts {

enum class Severity : std::uint8_t { kHigh, kMedium, kLow };

struct ContractTypeRules {
  std::string name;  // "Standard Supply Agreement"
  std::string best_for;
  std::string investment;
  std::string ip_ownership;
  std::string time_to_value;
  // Clauses whose absence the health check reports: "prices",
  // "delivery_penalty", "quality_kpi", "ladder", "contingency_logistics",
  // "steering_committee", "escrow".
  std::vector<std::string> requires_clauses;
};

struct LadderLevel {
  std::string level;  // "E0", "E1", …
  std::string name;   // "intensified"
  std::int32_t review_days = 0;
  bool hold = false;
  std::string owner;
  std::vector<std::string> actions;
};

// A kind the ladder has no trigger for never fires (as level "none").
struct LadderTrigger {
  std::string kind;                // class_c, kpi_missed, milestone_missed, or an EventKind's name
  std::string level;               // "none": never fires
  std::string level_if_notified;   // "none" or a level; same as level when not given
  Cause reason = Cause::kQuality;  // a kpi_missed trigger's reason depends on its KPI (§9)
};

struct Ladder {
  std::vector<LadderLevel> levels;  // lowest first, E0 first
  std::vector<LadderTrigger> triggers;
};

struct ContractRules {
  TierMode tier_mode = TierMode::kAllUnits;
  Rational kpi_cap_share = Rational::Of(5, 100);
  Rational penalty_cap_share = Rational::Of(5, 100);
  Rational bonus_cap_share = Rational::Of(2, 100);
  Rational cap_share_limit = Rational::Of(5, 100);
  std::int32_t qualification_days = 168;
  std::int32_t warranty_window_months = 12;
  std::int32_t fixing_max_age_days = 31;
  Rational hhi_moderate{1000};
  Rational hhi_high{1800};
  std::map<std::string, Severity> severity;  // by finding name (§11)
  std::map<ContractType, ContractTypeRules> types;
  std::map<std::string, Ladder> ladders;  // by ladder id ("default", …)
};

// The defaults of CONTRACTS.md §4, §9, §11 and §12.
[[nodiscard]] ContractRules DefaultContractRules();

// The rule-set problems of §12: a ladder whose first level is not E0, a
// trigger that names E0 or a level its ladder lacks, a level with hold
// followed by one without; a severity key that is no finding. Besides: level
// i not named E<i> (§12 "ids E0, E1, …"), negative review days, a ladder
// named "none" (contracts.csv's "no ladder"), a trigger of no kind of §9 or
// a kind twice, a type without rules or with an unknown `requires`, a
// finding without severity, shares outside 0..1, negative day counts,
// warranty_window_months outside 1..120, HHI bands outside 0..10000 or
// hhi_moderate above hhi_high. The first problem found; its location names
// the key ("contracts.ladders.<id>.levels[0].level", "contracts.severity.<key>").
[[nodiscard]] Status ValidateContractRules(const ContractRules& rules);

// The findings of the health check (§11) in the table's order: the keys of
// `[contracts.severity]`.
[[nodiscard]] std::span<const std::string_view> FindingNames();
// The clauses a type's `requires` may name (§4).
[[nodiscard]] std::span<const std::string_view> RequirableClauses();
// The trigger kinds of §9: class_c, kpi_missed, milestone_missed and every
// EventKind's name, in the table's order.
[[nodiscard]] std::span<const std::string_view> TriggerKinds();

// The text names of the enums, as the files and results write them.
[[nodiscard]] std::string_view NameOf(ContractType type);
[[nodiscard]] std::string_view NameOf(TierMode mode);
[[nodiscard]] std::string_view NameOf(IpToPartner grant);
[[nodiscard]] std::string_view NameOf(IpTerm term);
[[nodiscard]] std::string_view NameOf(ForceMajeure clause);
[[nodiscard]] std::string_view NameOf(Fixing fixing);
[[nodiscard]] std::string_view NameOf(Kpi kpi);
[[nodiscard]] std::string_view NameOf(EventKind kind);
[[nodiscard]] std::string_view NameOf(Decision decision);
[[nodiscard]] std::string_view NameOf(Cause cause);
[[nodiscard]] std::string_view NameOf(Severity severity);

// The value whose NameOf is `name` (exactly, case-sensitive); none for any
// other text. Defined for each enum with a NameOf above: Named<Kpi>("ppm").
template <class Enum>
[[nodiscard]] std::optional<Enum> Named(std::string_view name);

}  // namespace supeval::core::contracts
