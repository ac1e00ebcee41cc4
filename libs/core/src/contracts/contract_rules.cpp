// The `[contracts]` rule set's defaults (CONTRACTS.md §4, §9, §11, §12) as
// tables written the way the spec writes them, its validation, and the
// names of the contract enums.
#include "supeval/core/contracts/contract_rules.hpp"

#include <array>
#include <cstddef>
#include <limits>
#include <set>
#include <utility>

namespace supeval::core::contracts {
namespace {

// ---- names: one table per enum, indexed by the enumerator's value ----------

template <class Enum>
struct Names;

template <>
struct Names<ContractType> {
  static constexpr std::array<std::string_view, 5> kAll = {"supply", "preferred", "joint_venture", "license",
                                                           "co_development"};
};
template <>
struct Names<TierMode> {
  static constexpr std::array<std::string_view, 3> kAll = {"all_units", "graduated", "running"};
};
template <>
struct Names<IpToPartner> {
  static constexpr std::array<std::string_view, 4> kAll = {"none", "field_limited", "global", "assignment"};
};
template <>
struct Names<IpTerm> {
  static constexpr std::array<std::string_view, 2> kAll = {"term", "perpetual"};
};
template <>
struct Names<ForceMajeure> {
  static constexpr std::array<std::string_view, 3> kAll = {"none", "generic", "objective"};
};
template <>
struct Names<Fixing> {
  static constexpr std::array<std::string_view, 2> kAll = {"prev_month_avg", "lag"};
};
template <>
struct Names<Kpi> {
  static constexpr std::array<std::string_view, 14> kAll = {
      "total",
      "qz",
      "lz",
      "qz1",
      "qz2",
      "qz3",
      "qz4",
      "lz1",
      "lz2",
      "ppm",
      "on_time_rate",
      "warranty_ppm",
      "milestones_on_time",
      "co2_per_unit",
  };
};
template <>
struct Names<EventKind> {
  static constexpr std::array<std::string_view, 8> kAll = {
      "yard_hold",    "stop_ship", "premium_freight", "special_status",
      "field_action", "recall",    "warranty",        "dealer_return",
  };
};
template <>
struct Names<Decision> {
  static constexpr std::array<std::string_view, 4> kAll = {"escalate", "deescalate", "close", "withdraw_hold"};
};
template <>
struct Names<Cause> {
  static constexpr std::array<std::string_view, 2> kAll = {"quality", "delivery"};
};
template <>
struct Names<Severity> {
  static constexpr std::array<std::string_view, 3> kAll = {"high", "medium", "low"};
};

// The last enumerator of each enum, so that a table that misses one fails to build.
static_assert(Names<ContractType>::kAll.size() == static_cast<std::size_t>(ContractType::kCoDevelopment) + 1);
static_assert(Names<TierMode>::kAll.size() == static_cast<std::size_t>(TierMode::kRunning) + 1);
static_assert(Names<IpToPartner>::kAll.size() == static_cast<std::size_t>(IpToPartner::kAssignment) + 1);
static_assert(Names<IpTerm>::kAll.size() == static_cast<std::size_t>(IpTerm::kPerpetual) + 1);
static_assert(Names<ForceMajeure>::kAll.size() == static_cast<std::size_t>(ForceMajeure::kObjective) + 1);
static_assert(Names<Fixing>::kAll.size() == static_cast<std::size_t>(Fixing::kLag) + 1);
static_assert(Names<Kpi>::kAll.size() == static_cast<std::size_t>(Kpi::kCo2PerUnit) + 1);
static_assert(Names<EventKind>::kAll.size() == static_cast<std::size_t>(EventKind::kDealerReturn) + 1);
static_assert(Names<Decision>::kAll.size() == static_cast<std::size_t>(Decision::kWithdrawHold) + 1);
static_assert(Names<Cause>::kAll.size() == static_cast<std::size_t>(Cause::kDelivery) + 1);
static_assert(Names<Severity>::kAll.size() == static_cast<std::size_t>(Severity::kLow) + 1);

template <class Enum>
std::string_view NameIn(Enum value) {
  return Names<Enum>::kAll.at(static_cast<std::size_t>(value));
}

// ---- §11: the findings and their default severities ------------------------

struct FindingDefault {
  std::string_view name;
  Severity severity;
};

constexpr std::array<FindingDefault, 16> kFindings = {{
    {"broad_ip_grant", Severity::kHigh},
    {"exclusive_without_end", Severity::kHigh},
    {"exclusive_beyond_term", Severity::kMedium},
    {"no_delivery_penalty", Severity::kHigh},
    {"no_quality_kpi", Severity::kHigh},
    {"no_ladder", Severity::kMedium},
    {"material_without_price", Severity::kMedium},
    {"index_without_collar", Severity::kMedium},
    {"index_without_fallback", Severity::kLow},
    {"no_objective_force_majeure", Severity::kMedium},
    {"no_contingency_logistics", Severity::kMedium},
    {"single_source_no_dual_clause", Severity::kHigh},
    {"dual_source_lead_too_short", Severity::kHigh},
    {"licence_without_escrow", Severity::kHigh},
    {"no_steering_committee", Severity::kMedium},
    {"cap_above_limit", Severity::kMedium},
}};

constexpr std::array<std::string_view, kFindings.size()> kFindingNames = [] {
  std::array<std::string_view, kFindings.size()> names{};
  for (std::size_t i = 0; i < kFindings.size(); ++i) names[i] = kFindings[i].name;
  return names;
}();

constexpr std::array<std::string_view, 7> kRequirableClauses = {
    "prices", "delivery_penalty", "quality_kpi", "ladder", "contingency_logistics", "steering_committee", "escrow",
};

// ---- §4: the contract types, their reference texts and required clauses ----

struct TypeRow {
  ContractType type;
  std::string_view name;
  std::string_view best_for;
  std::string_view investment;
  std::string_view ip_ownership;
  std::string_view time_to_value;
  std::string_view requires_clauses;  // as the table writes them: ", "-joined
};

constexpr std::array<TypeRow, 5> kTypes = {{
    {ContractType::kSupply, "Standard Supply Agreement", "component sourcing (ECUs, lighting)", "low",
     "supplier retains, OEM licensed", "short", "prices, delivery_penalty, quality_kpi, ladder, contingency_logistics"},
    {ContractType::kPreferred, "Preferred Supplier / Long-term", "high-volume parts with predictable demand",
     "moderate", "jointly defined", "medium", "prices, delivery_penalty, quality_kpi, ladder, contingency_logistics"},
    {ContractType::kJointVenture, "Joint Venture", "shared factories, battery assembly", "high", "joint ownership",
     "medium-long", "steering_committee, contingency_logistics"},
    {ContractType::kLicense, "Licensing / Tech Transfer", "software stacks, BMS IP", "low-moderate",
     "licensor retains; field licence", "short-medium", "escrow"},
    {ContractType::kCoDevelopment, "Co-development / R&D", "new modules, shared innovation", "moderate-high",
     "negotiated; shared for co-developed items", "long", "steering_committee"},
}};

// ---- §9: the default ladder ------------------------------------------------

constexpr std::string_view kDefaultLadder = "default";
constexpr std::string_view kNever = "none";

struct LevelRow {
  std::string_view level;
  std::string_view name;
  std::int32_t review_days;
  bool hold;
  std::string_view owner;
  std::string_view actions;  // as the table writes them: "; "-joined
};

constexpr std::array<LevelRow, 5> kDefaultLevels = {{
    {"E0", "standard", 0, false, "supplier quality engineer", ""},
    {"E1", "intensified", 30, false, "supplier quality engineer",
     "CS1 controlled shipping: 100 % inspection by the supplier; containment within 24 h; 8D with root cause in 10 "
     "working days; weekly status report"},
    {"E2", "warning", 30, false, "SQE lead and buyer",
     "CS2 controlled shipping: third-party inspection at the supplier's cost; corrective action plan; process audit "
     "on site; management meeting"},
    {"E3", "new_business_hold", 30, true, "commodity manager",
     "New Business Hold: no new orders or RFQs; supplier informs its certification body; resourcing: PPAP of an "
     "alternate; top-management meeting"},
    {"E4", "disqualification", 0, true, "steering committee",
     "block for new business; phase-out and transfer to the alternate; termination review"},
}};

struct TriggerRow {
  std::string_view kind;
  std::string_view level;
  std::string_view level_if_notified;  // the table's empty cell: the same as level
  Cause reason;                        // kpi_missed: the escalation engine takes it from the clause's KPI (§9)
};

constexpr std::array<TriggerRow, 11> kDefaultTriggers = {{
    {"class_c", "E1", "E1", Cause::kQuality},
    {"kpi_missed", "E1", "E1", Cause::kQuality},
    {"milestone_missed", "E1", "E1", Cause::kDelivery},
    {"yard_hold", "E1", "E2", Cause::kQuality},
    {"stop_ship", "E1", "E2", Cause::kQuality},
    {"special_status", "E1", "E2", Cause::kQuality},
    {"field_action", "E2", "E3", Cause::kQuality},
    {"recall", "E2", "E3", Cause::kQuality},
    {"premium_freight", "none", "none", Cause::kQuality},
    {"warranty", "none", "none", Cause::kQuality},
    {"dealer_return", "none", "none", Cause::kQuality},
}};

constexpr std::array<std::string_view, kDefaultTriggers.size()> kTriggerKinds = [] {
  std::array<std::string_view, kDefaultTriggers.size()> kinds{};
  for (std::size_t i = 0; i < kDefaultTriggers.size(); ++i) kinds[i] = kDefaultTriggers[i].kind;
  return kinds;
}();

std::vector<std::string> Split(std::string_view text, std::string_view separator) {
  std::vector<std::string> parts;
  while (!text.empty()) {
    const std::size_t end = text.find(separator);
    parts.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + separator.size());
  }
  return parts;
}

Ladder DefaultLadder() {
  Ladder ladder;
  for (const LevelRow& row : kDefaultLevels) {
    ladder.levels.push_back({std::string(row.level), std::string(row.name), row.review_days, row.hold,
                             std::string(row.owner), Split(row.actions, "; ")});
  }
  for (const TriggerRow& row : kDefaultTriggers) {
    ladder.triggers.push_back(
        {std::string(row.kind), std::string(row.level), std::string(row.level_if_notified), row.reason});
  }
  return ladder;
}

// ---- validation --------------------------------------------------------------

constexpr std::int32_t kLargestWarrantyWindowMonths = 120;  // ten years; dates stay dates
constexpr std::int32_t kLargestHhi = 10'000;                // 100 %²

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& names, std::string_view name) {
  for (const std::string_view known : names) {
    if (known == name) return true;
  }
  return false;
}

// Keeps the first problem; every check after it does nothing.
class Checks {
 public:
  void Require(bool holds, std::string key, std::string message) {
    if (!holds && !problem_) problem_ = BadInput(std::move(message), {"", 0, std::move(key)});
  }
  void Share(std::string key, const Rational& value) {
    Require(value >= 0 && value <= 1, std::move(key), "must be a share from 0 to 1 (found " + value.ToFigure() + ")");
  }
  void Whole(std::string key, std::int32_t value, std::int32_t min, std::int32_t max) {
    Require(value >= min && value <= max, std::move(key),
            "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) + " (found " +
                std::to_string(value) + ")");
  }
  [[nodiscard]] Status Result() const {
    if (problem_) return *problem_;
    return Ok{};
  }

 private:
  std::optional<Error> problem_;
};

std::string Indexed(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

void CheckNumbers(Checks& checks, const ContractRules& rules) {
  const std::pair<const char*, const Rational*> shares[] = {
      {"contracts.kpi_cap_share", &rules.kpi_cap_share},
      {"contracts.penalty_cap_share", &rules.penalty_cap_share},
      {"contracts.bonus_cap_share", &rules.bonus_cap_share},
      {"contracts.cap_share_limit", &rules.cap_share_limit},
  };
  for (const auto& [key, share] : shares) checks.Share(key, *share);
  constexpr std::int32_t kNoLimit = std::numeric_limits<std::int32_t>::max();
  checks.Whole("contracts.qualification_days", rules.qualification_days, 0, kNoLimit);
  checks.Whole("contracts.fixing_max_age_days", rules.fixing_max_age_days, 0, kNoLimit);
  checks.Whole("contracts.warranty_window_months", rules.warranty_window_months, 1, kLargestWarrantyWindowMonths);
  const std::string bands = "must be from 0 to " + std::to_string(kLargestHhi) + " (found ";
  checks.Require(rules.hhi_moderate >= 0 && rules.hhi_moderate <= kLargestHhi, "contracts.hhi_moderate",
                 bands + rules.hhi_moderate.ToFigure() + ")");
  checks.Require(rules.hhi_high >= rules.hhi_moderate && rules.hhi_high <= kLargestHhi, "contracts.hhi_high",
                 "must be from hhi_moderate (" + rules.hhi_moderate.ToFigure() + ") to " + std::to_string(kLargestHhi) +
                     " (found " + rules.hhi_high.ToFigure() + ")");
}

void CheckSeverities(Checks& checks, const ContractRules& rules) {
  for (const auto& [key, severity] : rules.severity) {
    checks.Require(Contains(kFindingNames, key), "contracts.severity." + key, "is no finding of the health check");
  }
  for (const std::string_view finding : kFindingNames) {
    checks.Require(rules.severity.contains(std::string(finding)), "contracts.severity." + std::string(finding),
                   "has no severity");
  }
}

void CheckTypes(Checks& checks, const ContractRules& rules) {
  for (const TypeRow& row : kTypes) {
    const std::string key = "contracts.types." + std::string(NameOf(row.type));
    const auto type = rules.types.find(row.type);
    checks.Require(type != rules.types.end(), key, "is missing");
    if (type == rules.types.end()) continue;
    for (const std::string& clause : type->second.requires_clauses) {
      checks.Require(Contains(kRequirableClauses, clause), key + ".requires",
                     "'" + clause + "' is no clause the health check knows");
    }
  }
}

void CheckLevels(Checks& checks, const std::string& path, const Ladder& ladder) {
  checks.Require(!ladder.levels.empty(), path + ".levels", "needs at least the level E0");
  for (std::size_t i = 0; i < ladder.levels.size(); ++i) {
    const LadderLevel& level = ladder.levels[i];
    const std::string key = Indexed(path + ".levels", i);
    const std::string expected = "E" + std::to_string(i);
    checks.Require(level.level == expected, key + ".level",
                   (i == 0 ? "the first level must be E0" : "level " + std::to_string(i) + " must be " + expected) +
                       " (found '" + level.level + "')");
    checks.Whole(key + ".review_days", level.review_days, 0, std::numeric_limits<std::int32_t>::max());
    checks.Require(i == 0 || level.hold || !ladder.levels[i - 1].hold, key + ".hold",
                   "a level without hold must not follow one with hold");
  }
}

bool IsLevelAboveE0(const Ladder& ladder, std::string_view level) {
  for (std::size_t i = 1; i < ladder.levels.size(); ++i) {
    if (ladder.levels[i].level == level) return true;
  }
  return false;
}

void CheckTriggers(Checks& checks, const std::string& path, const Ladder& ladder) {
  std::set<std::string_view> kinds;
  for (std::size_t i = 0; i < ladder.triggers.size(); ++i) {
    const LadderTrigger& trigger = ladder.triggers[i];
    const std::string key = Indexed(path + ".triggers", i);
    checks.Require(Contains(kTriggerKinds, trigger.kind), key + ".kind",
                   "'" + trigger.kind + "' is no trigger kind of the escalation ladder");
    checks.Require(kinds.insert(trigger.kind).second, key + ".kind", "'" + trigger.kind + "' appears twice");
    const std::pair<const char*, const std::string*> levels[] = {{".level", &trigger.level},
                                                                 {".level_if_notified", &trigger.level_if_notified}};
    for (const auto& [field, level] : levels) {
      checks.Require(*level == kNever || IsLevelAboveE0(ladder, *level), key + field,
                     "'" + *level + "' must be \"none\" or a level of the ladder above E0");
    }
  }
}

}  // namespace

ContractRules DefaultContractRules() {
  ContractRules rules;
  for (const FindingDefault& finding : kFindings) rules.severity.emplace(finding.name, finding.severity);
  for (const TypeRow& row : kTypes) {
    rules.types.emplace(row.type, ContractTypeRules{std::string(row.name), std::string(row.best_for),
                                                    std::string(row.investment), std::string(row.ip_ownership),
                                                    std::string(row.time_to_value), Split(row.requires_clauses, ", ")});
  }
  rules.ladders.emplace(kDefaultLadder, DefaultLadder());
  return rules;
}

Status ValidateContractRules(const ContractRules& rules) {
  Checks checks;
  CheckNumbers(checks, rules);
  CheckSeverities(checks, rules);
  CheckTypes(checks, rules);
  for (const auto& [id, ladder] : rules.ladders) {
    const std::string path = "contracts.ladders." + id;
    checks.Require(id != kNever, path, "\"none\" means no ladder and cannot name one");
    CheckLevels(checks, path, ladder);
    CheckTriggers(checks, path, ladder);
  }
  return checks.Result();
}

std::span<const std::string_view> FindingNames() { return kFindingNames; }
std::span<const std::string_view> RequirableClauses() { return kRequirableClauses; }
std::span<const std::string_view> TriggerKinds() { return kTriggerKinds; }

std::string_view NameOf(ContractType type) { return NameIn(type); }
std::string_view NameOf(TierMode mode) { return NameIn(mode); }
std::string_view NameOf(IpToPartner grant) { return NameIn(grant); }
std::string_view NameOf(IpTerm term) { return NameIn(term); }
std::string_view NameOf(ForceMajeure clause) { return NameIn(clause); }
std::string_view NameOf(Fixing fixing) { return NameIn(fixing); }
std::string_view NameOf(Kpi kpi) { return NameIn(kpi); }
std::string_view NameOf(EventKind kind) { return NameIn(kind); }
std::string_view NameOf(Decision decision) { return NameIn(decision); }
std::string_view NameOf(Cause cause) { return NameIn(cause); }
std::string_view NameOf(Severity severity) { return NameIn(severity); }

template <class Enum>
std::optional<Enum> Named(std::string_view name) {
  const auto& names = Names<Enum>::kAll;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

template std::optional<ContractType> Named<ContractType>(std::string_view);
template std::optional<TierMode> Named<TierMode>(std::string_view);
template std::optional<IpToPartner> Named<IpToPartner>(std::string_view);
template std::optional<IpTerm> Named<IpTerm>(std::string_view);
template std::optional<ForceMajeure> Named<ForceMajeure>(std::string_view);
template std::optional<Fixing> Named<Fixing>(std::string_view);
template std::optional<Kpi> Named<Kpi>(std::string_view);
template std::optional<EventKind> Named<EventKind>(std::string_view);
template std::optional<Decision> Named<Decision>(std::string_view);
template std::optional<Cause> Named<Cause>(std::string_view);
template std::optional<Severity> Named<Severity>(std::string_view);

}  // namespace supeval::core::contracts
