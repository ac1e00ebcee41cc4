// Tests of the `[contracts]` rule set: the defaults as CONTRACTS.md §4, §9,
// §11 and §12 list them, the faults of a rule file's ladder, and the names.
#include "supeval/core/contracts/contract_rules.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace supeval::core::contracts {
namespace {

using Actions = std::vector<std::string>;

const LadderLevel& LevelOf(const Ladder& ladder, std::string_view id) {
  for (const LadderLevel& level : ladder.levels) {
    if (level.level == id) return level;
  }
  ADD_FAILURE() << "no level " << id;
  return ladder.levels.front();
}

const LadderTrigger* TriggerOf(const Ladder& ladder, std::string_view kind) {
  for (const LadderTrigger& trigger : ladder.triggers) {
    if (trigger.kind == kind) return &trigger;
  }
  return nullptr;
}

TEST(ContractRules, DefaultNumbersAreThoseOfSection12) {
  const ContractRules rules = DefaultContractRules();
  EXPECT_EQ(rules.tier_mode, TierMode::kAllUnits);
  EXPECT_EQ(rules.kpi_cap_share, Rational::Of(5, 100));
  EXPECT_EQ(rules.penalty_cap_share, Rational::Of(5, 100));
  EXPECT_EQ(rules.bonus_cap_share, Rational::Of(2, 100));
  EXPECT_EQ(rules.cap_share_limit, Rational::Of(5, 100));
  EXPECT_EQ(rules.qualification_days, 168);
  EXPECT_EQ(rules.warranty_window_months, 12);
  EXPECT_EQ(rules.fixing_max_age_days, 31);
  EXPECT_EQ(rules.hhi_moderate, Rational(1000));
  EXPECT_EQ(rules.hhi_high, Rational(1800));
  EXPECT_TRUE(ValidateContractRules(rules).ok());
}

TEST(ContractRules, DefaultTypesCarryTheArticlesTable) {
  const ContractRules rules = DefaultContractRules();
  ASSERT_EQ(rules.types.size(), 5U);
  const ContractTypeRules& supply = rules.types.at(ContractType::kSupply);
  EXPECT_EQ(supply.name, "Standard Supply Agreement");
  EXPECT_EQ(supply.best_for, "component sourcing (ECUs, lighting)");
  EXPECT_EQ(supply.investment, "low");
  EXPECT_EQ(supply.ip_ownership, "supplier retains, OEM licensed");
  EXPECT_EQ(supply.time_to_value, "short");
  const Actions full = {"prices", "delivery_penalty", "quality_kpi", "ladder", "contingency_logistics"};
  EXPECT_EQ(supply.requires_clauses, full);
  EXPECT_EQ(rules.types.at(ContractType::kPreferred).requires_clauses, full);
  EXPECT_EQ(rules.types.at(ContractType::kPreferred).name, "Preferred Supplier / Long-term");
  const ContractTypeRules& joint_venture = rules.types.at(ContractType::kJointVenture);
  EXPECT_EQ(joint_venture.requires_clauses, (Actions{"steering_committee", "contingency_logistics"}));
  EXPECT_EQ(joint_venture.time_to_value, "medium-long");
  const ContractTypeRules& license = rules.types.at(ContractType::kLicense);
  EXPECT_EQ(license.name, "Licensing / Tech Transfer");
  EXPECT_EQ(license.ip_ownership, "licensor retains; field licence");
  EXPECT_EQ(license.requires_clauses, (Actions{"escrow"}));
  const ContractTypeRules& co_development = rules.types.at(ContractType::kCoDevelopment);
  EXPECT_EQ(co_development.name, "Co-development / R&D");
  EXPECT_EQ(co_development.investment, "moderate-high");
  EXPECT_EQ(co_development.requires_clauses, (Actions{"steering_committee"}));
}

TEST(ContractRules, DefaultSeveritiesAreThoseOfSection11) {
  const ContractRules rules = DefaultContractRules();
  ASSERT_EQ(rules.severity.size(), FindingNames().size());
  EXPECT_EQ(FindingNames().front(), "broad_ip_grant");
  EXPECT_EQ(FindingNames().back(), "cap_above_limit");
  const std::pair<const char*, Severity> expected[] = {
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
  };
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    EXPECT_EQ(FindingNames()[i], expected[i].first);
    EXPECT_EQ(rules.severity.at(expected[i].first), expected[i].second) << expected[i].first;
  }
}

TEST(ContractRules, DefaultLadderIsTheTableOfSection9) {
  const ContractRules rules = DefaultContractRules();
  ASSERT_EQ(rules.ladders.size(), 1U);
  const Ladder& ladder = rules.ladders.at("default");
  ASSERT_EQ(ladder.levels.size(), 5U);
  const std::pair<const char*, const char*> names[] = {{"E0", "standard"},
                                                       {"E1", "intensified"},
                                                       {"E2", "warning"},
                                                       {"E3", "new_business_hold"},
                                                       {"E4", "disqualification"}};
  for (std::size_t i = 0; i < std::size(names); ++i) {
    EXPECT_EQ(ladder.levels[i].level, names[i].first);
    EXPECT_EQ(ladder.levels[i].name, names[i].second);
  }
  const LadderLevel& e0 = LevelOf(ladder, "E0");
  EXPECT_EQ(e0.review_days, 0);
  EXPECT_FALSE(e0.hold);
  EXPECT_EQ(e0.owner, "supplier quality engineer");
  EXPECT_TRUE(e0.actions.empty());
  const LadderLevel& e1 = LevelOf(ladder, "E1");
  EXPECT_EQ(e1.review_days, 30);
  EXPECT_FALSE(e1.hold);
  EXPECT_EQ(e1.actions, (Actions{"CS1 controlled shipping: 100 % inspection by the supplier", "containment within 24 h",
                                 "8D with root cause in 10 working days", "weekly status report"}));
  const LadderLevel& e2 = LevelOf(ladder, "E2");
  EXPECT_EQ(e2.review_days, 30);
  EXPECT_FALSE(e2.hold);
  EXPECT_EQ(e2.owner, "SQE lead and buyer");
  EXPECT_EQ(e2.actions, (Actions{"CS2 controlled shipping: third-party inspection at the supplier's cost",
                                 "corrective action plan", "process audit on site", "management meeting"}));
  const LadderLevel& e3 = LevelOf(ladder, "E3");
  EXPECT_EQ(e3.review_days, 30);
  EXPECT_TRUE(e3.hold);
  EXPECT_EQ(e3.owner, "commodity manager");
  EXPECT_EQ(e3.actions, (Actions{"New Business Hold: no new orders or RFQs", "supplier informs its certification body",
                                 "resourcing: PPAP of an alternate", "top-management meeting"}));
  const LadderLevel& e4 = LevelOf(ladder, "E4");
  EXPECT_EQ(e4.review_days, 0);
  EXPECT_TRUE(e4.hold);
  EXPECT_EQ(e4.owner, "steering committee");
  EXPECT_EQ(e4.actions,
            (Actions{"block for new business", "phase-out and transfer to the alternate", "termination review"}));
}

TEST(ContractRules, DefaultTriggersCoverEveryKindOfSection9) {
  const ContractRules rules = DefaultContractRules();
  const Ladder& ladder = rules.ladders.at("default");
  ASSERT_EQ(ladder.triggers.size(), TriggerKinds().size());
  for (std::uint8_t kind = 0; kind <= static_cast<std::uint8_t>(EventKind::kDealerReturn); ++kind) {
    EXPECT_NE(TriggerOf(ladder, NameOf(static_cast<EventKind>(kind))), nullptr) << int{kind};
  }
  struct Expected {
    const char* kind;
    const char* level;
    const char* level_if_notified;
    Cause reason;
  };
  const Expected expected[] = {
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
  };
  for (const Expected& row : expected) {
    const LadderTrigger* trigger = TriggerOf(ladder, row.kind);
    ASSERT_NE(trigger, nullptr) << row.kind;
    EXPECT_EQ(trigger->level, row.level) << row.kind;
    EXPECT_EQ(trigger->level_if_notified, row.level_if_notified) << row.kind;
    EXPECT_EQ(trigger->reason, row.reason) << row.kind;
  }
}

// One change to the default rules and the key whose problem it gives (empty:
// still valid). The defaults' ladder: levels E0…E4, triggers in §9's order
// (0 class_c, 1 kpi_missed, 3 yard_hold).
struct Fault {
  const char* what;
  std::function<void(ContractRules&)> change;
  const char* key;
};

Ladder& Default(ContractRules& rules) { return rules.ladders.at("default"); }

const Fault kFaults[] = {
    // §12's ladder faults.
    {"first level not E0", [](ContractRules& r) { Default(r).levels[0].level = "E1"; },
     "contracts.ladders.default.levels[0].level"},
    {"no levels", [](ContractRules& r) { Default(r).levels.clear(); }, "contracts.ladders.default.levels"},
    {"trigger names E0", [](ContractRules& r) { Default(r).triggers[0].level = "E0"; },
     "contracts.ladders.default.triggers[0].level"},
    {"trigger names a level the ladder lacks",
     [](ContractRules& r) { Default(r).triggers[3].level_if_notified = "E5"; },
     "contracts.ladders.default.triggers[3].level_if_notified"},
    {"trigger names the top level", [](ContractRules& r) { Default(r).triggers[3].level_if_notified = "E4"; }, ""},
    {"E3 with hold, E4 without", [](ContractRules& r) { Default(r).levels[4].hold = false; },
     "contracts.ladders.default.levels[4].hold"},
    {"hold from E2 on", [](ContractRules& r) { Default(r).levels[2].hold = true; }, ""},
    {"hold on E1 only",
     [](ContractRules& r) {
       Default(r).levels[1].hold = true;
       Default(r).levels[2].hold = false;
     },
     "contracts.ladders.default.levels[2].hold"},
    // Further ladder faults.
    {"levels out of order", [](ContractRules& r) { Default(r).levels[2].level = "E3"; },
     "contracts.ladders.default.levels[2].level"},
    {"negative review days", [](ContractRules& r) { Default(r).levels[1].review_days = -1; },
     "contracts.ladders.default.levels[1].review_days"},
    {"unknown trigger kind", [](ContractRules& r) { Default(r).triggers[1].kind = "late_delivery"; },
     "contracts.ladders.default.triggers[1].kind"},
    {"a kind twice", [](ContractRules& r) { Default(r).triggers[1].kind = "class_c"; },
     "contracts.ladders.default.triggers[1].kind"},
    {"a ladder named none", [](ContractRules& r) { r.ladders["none"] = Default(r); }, "contracts.ladders.none"},
    {"a small ladder of its own",
     [](ContractRules& r) {
       r.ladders["strict"] = {{Default(r).levels[0], Default(r).levels[1]}, {{"recall", "E1", "E1", Cause::kQuality}}};
     },
     ""},
    {"a small ladder naming a level it lacks",
     [](ContractRules& r) {
       r.ladders["strict"] = {{Default(r).levels[0], Default(r).levels[1]}, {{"recall", "E1", "E2", Cause::kQuality}}};
     },
     "contracts.ladders.strict.triggers[0].level_if_notified"},
    // Severities and types.
    {"severity of no finding", [](ContractRules& r) { r.severity["broad_ip"] = Severity::kLow; },
     "contracts.severity.broad_ip"},
    {"finding without severity", [](ContractRules& r) { r.severity.erase("cap_above_limit"); },
     "contracts.severity.cap_above_limit"},
    {"unknown required clause",
     [](ContractRules& r) { r.types.at(ContractType::kLicense).requires_clauses.push_back("insurance"); },
     "contracts.types.license.requires"},
    {"type without rules", [](ContractRules& r) { r.types.erase(ContractType::kCoDevelopment); },
     "contracts.types.co_development"},
    // Numbers, at their edges.
    {"share 1", [](ContractRules& r) { r.cap_share_limit = 1; }, ""},
    {"share above 1", [](ContractRules& r) { r.cap_share_limit = Rational::Of(1'000'001, 1'000'000); },
     "contracts.cap_share_limit"},
    {"share 0", [](ContractRules& r) { r.kpi_cap_share = 0; }, ""},
    {"share below 0", [](ContractRules& r) { r.kpi_cap_share = Rational::Of(-1, 100); }, "contracts.kpi_cap_share"},
    {"qualification 0 days", [](ContractRules& r) { r.qualification_days = 0; }, ""},
    {"qualification -1 days", [](ContractRules& r) { r.qualification_days = -1; }, "contracts.qualification_days"},
    {"warranty window 0", [](ContractRules& r) { r.warranty_window_months = 0; }, "contracts.warranty_window_months"},
    {"warranty window 120", [](ContractRules& r) { r.warranty_window_months = 120; }, ""},
    {"warranty window 121", [](ContractRules& r) { r.warranty_window_months = 121; },
     "contracts.warranty_window_months"},
    {"HHI bands equal", [](ContractRules& r) { r.hhi_moderate = 1800; }, ""},
    {"HHI bands crossed", [](ContractRules& r) { r.hhi_moderate = 1801; }, "contracts.hhi_high"},
    {"HHI above 10000", [](ContractRules& r) { r.hhi_high = 10'001; }, "contracts.hhi_high"},
};

TEST(ContractRules, FaultsAreFoundAtTheirKey) {
  for (const Fault& fault : kFaults) {
    ContractRules rules = DefaultContractRules();
    fault.change(rules);
    const Status status = ValidateContractRules(rules);
    EXPECT_EQ(status.ok() ? std::string() : status.error().location.field, fault.key) << fault.what;
    if (!status.ok()) {
      EXPECT_EQ(status.error().code, ErrorCode::kBadInput) << fault.what;
    }
  }
}

// Every name reads back as its value, and nothing else reads.
template <class Enum>
void ExpectNamesRoundTrip(Enum last, std::initializer_list<std::string_view> some_names) {
  for (auto value = 0; value <= static_cast<int>(last); ++value) {
    const auto as_enum = static_cast<Enum>(value);
    EXPECT_EQ(Named<Enum>(NameOf(as_enum)), as_enum) << NameOf(as_enum);
  }
  for (const std::string_view name : some_names) EXPECT_TRUE(Named<Enum>(name).has_value()) << name;
  EXPECT_FALSE(Named<Enum>("").has_value());
  EXPECT_FALSE(Named<Enum>("x").has_value());
}

TEST(ContractRules, NamesAsTheFilesWriteThem) {
  ExpectNamesRoundTrip(ContractType::kCoDevelopment, {"supply", "joint_venture", "co_development"});
  ExpectNamesRoundTrip(TierMode::kRunning, {"all_units", "graduated", "running"});
  ExpectNamesRoundTrip(IpToPartner::kAssignment, {"none", "field_limited", "global", "assignment"});
  ExpectNamesRoundTrip(IpTerm::kPerpetual, {"term", "perpetual"});
  ExpectNamesRoundTrip(ForceMajeure::kObjective, {"none", "generic", "objective"});
  ExpectNamesRoundTrip(Fixing::kLag, {"prev_month_avg", "lag"});
  ExpectNamesRoundTrip(Kpi::kCo2PerUnit, {"on_time_rate", "warranty_ppm", "milestones_on_time", "co2_per_unit"});
  ExpectNamesRoundTrip(EventKind::kDealerReturn, {"yard_hold", "stop_ship", "dealer_return"});
  ExpectNamesRoundTrip(Decision::kWithdrawHold, {"escalate", "deescalate", "close", "withdraw_hold"});
  ExpectNamesRoundTrip(Cause::kDelivery, {"quality", "delivery"});
  ExpectNamesRoundTrip(Severity::kLow, {"high", "medium", "low"});
  EXPECT_EQ(NameOf(Kpi::kQz1), "qz1");
  EXPECT_EQ(NameOf(Kpi::kLz), "lz");
  EXPECT_EQ(NameOf(TierMode::kAllUnits), "all_units");
  EXPECT_EQ(NameOf(EventKind::kYardHold), "yard_hold");
  EXPECT_EQ(NameOf(Severity::kHigh), "high");
  EXPECT_FALSE(Named<Kpi>("PPM").has_value());
  EXPECT_FALSE(Named<Kpi>("ppm ").has_value());
}

}  // namespace
}  // namespace supeval::core::contracts
