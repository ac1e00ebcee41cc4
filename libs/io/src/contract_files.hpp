// The contract files of CONTRACTS.md §3 — their names and columns, in the
// order they are read — and the codes their columns take, as written.
// Internal to io. Constants: thread-safe.
#pragma once

#include <array>

#include "row_reader.hpp"
#include "supeval/core/contracts/records.hpp"

namespace supeval::io {

namespace cc = core::contracts;

inline const FileSpec kContracts{
    "contracts.csv",
    false,
    {"contract_id", "supplier_id", "type", "start", "currency"},
    {"end", "title", "tier_mode", "penalty_cap_share", "bonus_cap_share", "ladder", "exclusive", "exclusive_until",
     "ip_to_partner", "ip_term", "software_escrow", "dual_source_lead_days", "force_majeure", "contingency_logistics",
     "steering_committee"}};
inline const FileSpec kContractMaterials{"contract_materials.csv", false, {"contract_id", "material_id"}, {}};
inline const FileSpec kPriceTiers{
    "price_tiers.csv", false, {"contract_id", "material_id", "from_qty", "unit_price"}, {}};
inline const FileSpec kIndices{"indices.csv", false, {"index_id"}, {"name", "unit", "currency"}};
inline const FileSpec kIndexValues{"index_values.csv", false, {"index_id", "date", "value"}, {}};
inline const FileSpec kIndexation{
    "indexation.csv",
    false,
    {"contract_id", "material_id", "index_id", "content", "base_value"},
    {"fixing", "lag_days", "dead_band", "share", "floor", "ceiling", "fallback_index_id", "fallback_base_value"}};
inline const FileSpec kKpis{"kpis.csv",
                            false,
                            {"clause_id", "contract_id", "kpi", "target"},
                            {"penalty_rate", "bonus_rate", "cap_share", "escalate"}};
inline const FileSpec kCommitments{
    "volume_commitments.csv",
    false,
    {"commitment_id", "contract_id", "material_id", "from", "to", "min_qty", "fee_per_unit"},
    {}};
inline const FileSpec kTooling{
    "tooling.csv", false, {"tooling_id", "contract_id", "material_id", "amount", "pieces"}, {"from"}};
inline const FileSpec kMilestones{"milestones.csv",
                                  false,
                                  {"milestone_id", "contract_id", "due_date"},
                                  {"name", "approved_on", "payment", "critical"}};
inline const FileSpec kAlternates{"alternates.csv", false, {"material_id", "supplier_id"}, {"qualified_on"}};
inline const FileSpec kEvents{"events.csv",
                              false,
                              {"event_id", "supplier_id", "plant_id", "date", "kind"},
                              {"material_id", "delivery_id", "cost", "customer_notified"}};
inline const FileSpec kWarrantyClaims{
    "warranty_claims.csv", false, {"claim_id", "supplier_id", "material_id", "date", "quantity"}, {"supplier_share"}};
inline const FileSpec kPublished{"published.csv",
                                 false,
                                 {"supplier_id", "period", "published_on", "status"},
                                 {"class", "total", "qz", "qz1", "qz2", "qz3", "qz4", "lz", "lz1", "lz2", "ppm"}};
inline const FileSpec kDecisions{
    "escalation_decisions.csv", false, {"contract_id", "date", "decision", "user", "reason"}, {"to_level", "cause"}};
inline const FileSpec kSettled{
    "settled.csv", false, {"contract_id", "period", "kind", "ref", "material_id", "amount"}, {}};
inline const FileSpec kEmissions{
    "emissions.csv", false, {"supplier_id", "material_id", "period", "kg_co2e_per_unit"}, {}};

// The files in the order they are read: a file names ids of files before it.
inline const std::array<const FileSpec*, 17> kFiles{
    &kContracts,      &kContractMaterials, &kPriceTiers, &kIndices,    &kIndexValues, &kIndexation,
    &kKpis,           &kCommitments,       &kTooling,    &kMilestones, &kAlternates,  &kEvents,
    &kWarrantyClaims, &kPublished,         &kDecisions,  &kSettled,    &kEmissions};

inline constexpr std::array<EnumName<cc::ContractType>, 5> kContractTypes{
    {{"supply", cc::ContractType::kSupply},
     {"preferred", cc::ContractType::kPreferred},
     {"joint_venture", cc::ContractType::kJointVenture},
     {"license", cc::ContractType::kLicense},
     {"co_development", cc::ContractType::kCoDevelopment}}};
inline constexpr std::array<EnumName<cc::TierMode>, 3> kTierModes{{{"all_units", cc::TierMode::kAllUnits},
                                                                   {"graduated", cc::TierMode::kGraduated},
                                                                   {"running", cc::TierMode::kRunning}}};
inline constexpr std::array<EnumName<cc::IpToPartner>, 4> kIpToPartner{
    {{"none", cc::IpToPartner::kNone},
     {"field_limited", cc::IpToPartner::kFieldLimited},
     {"global", cc::IpToPartner::kGlobal},
     {"assignment", cc::IpToPartner::kAssignment}}};
inline constexpr std::array<EnumName<cc::IpTerm>, 2> kIpTerms{
    {{"term", cc::IpTerm::kTerm}, {"perpetual", cc::IpTerm::kPerpetual}}};
inline constexpr std::array<EnumName<cc::ForceMajeure>, 3> kForceMajeure{{{"none", cc::ForceMajeure::kNone},
                                                                          {"generic", cc::ForceMajeure::kGeneric},
                                                                          {"objective", cc::ForceMajeure::kObjective}}};
inline constexpr std::array<EnumName<cc::Fixing>, 2> kFixings{
    {{"prev_month_avg", cc::Fixing::kPrevMonthAvg}, {"lag", cc::Fixing::kLag}}};
inline constexpr std::array<EnumName<cc::Kpi>, 14> kKpiNames{{{"total", cc::Kpi::kTotal},
                                                              {"qz", cc::Kpi::kQz},
                                                              {"lz", cc::Kpi::kLz},
                                                              {"qz1", cc::Kpi::kQz1},
                                                              {"qz2", cc::Kpi::kQz2},
                                                              {"qz3", cc::Kpi::kQz3},
                                                              {"qz4", cc::Kpi::kQz4},
                                                              {"lz1", cc::Kpi::kLz1},
                                                              {"lz2", cc::Kpi::kLz2},
                                                              {"ppm", cc::Kpi::kPpm},
                                                              {"on_time_rate", cc::Kpi::kOnTimeRate},
                                                              {"warranty_ppm", cc::Kpi::kWarrantyPpm},
                                                              {"milestones_on_time", cc::Kpi::kMilestonesOnTime},
                                                              {"co2_per_unit", cc::Kpi::kCo2PerUnit}}};
// The KPIs that published.csv carries: only they may escalate (§3).
inline constexpr std::array<cc::Kpi, 10> kPublishedKpis{cc::Kpi::kTotal, cc::Kpi::kQz,  cc::Kpi::kQz1, cc::Kpi::kQz2,
                                                        cc::Kpi::kQz3,   cc::Kpi::kQz4, cc::Kpi::kLz,  cc::Kpi::kLz1,
                                                        cc::Kpi::kLz2,   cc::Kpi::kPpm};
inline constexpr std::array<EnumName<cc::EventKind>, 8> kEventKinds{
    {{"yard_hold", cc::EventKind::kYardHold},
     {"stop_ship", cc::EventKind::kStopShip},
     {"premium_freight", cc::EventKind::kPremiumFreight},
     {"special_status", cc::EventKind::kSpecialStatus},
     {"field_action", cc::EventKind::kFieldAction},
     {"recall", cc::EventKind::kRecall},
     {"warranty", cc::EventKind::kWarranty},
     {"dealer_return", cc::EventKind::kDealerReturn}}};
inline constexpr std::array<EnumName<cc::Decision>, 4> kDecisionNames{{{"escalate", cc::Decision::kEscalate},
                                                                       {"deescalate", cc::Decision::kDeescalate},
                                                                       {"close", cc::Decision::kClose},
                                                                       {"withdraw_hold", cc::Decision::kWithdrawHold}}};
inline constexpr std::array<EnumName<cc::Cause>, 2> kCauses{
    {{"quality", cc::Cause::kQuality}, {"delivery", cc::Cause::kDelivery}}};
inline constexpr std::array<EnumName<bool>, 2> kStatuses{{{"evaluated", true}, {"not_evaluated", false}}};
// The kinds of a settlement line (§8), as settle writes them.
inline constexpr std::array<EnumName<bool>, 9> kSettledKinds{{{"volume_tier", true},
                                                              {"indexation", true},
                                                              {"take_or_pay", true},
                                                              {"tooling", true},
                                                              {"tooling_residual", true},
                                                              {"milestone", true},
                                                              {"kpi", true},
                                                              {"penalty_cap", true},
                                                              {"bonus_cap", true}}};

}  // namespace supeval::io
