// The contract files of CONTRACTS.md §3 — their names and columns, in the
// order they are read — and the codes their columns take, as written.
// Internal to io. Constants: thread-safe.
#pragma once

#include <array>
#include <cstddef>

#include "row_reader.hpp"
#include "supeval/core/contracts/contract_rules.hpp"
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

// The codes of a contract enum with `count` values, as core names them
// (NameOf), for RowReader::ReadEnum.
template <class Enum, std::size_t count>
std::array<EnumName<Enum>, count> CodesOf() {
  std::array<EnumName<Enum>, count> codes{};
  for (std::size_t i = 0; i < count; ++i) codes[i] = {cc::NameOf(static_cast<Enum>(i)), static_cast<Enum>(i)};
  return codes;
}

inline const auto kContractTypes = CodesOf<cc::ContractType, 5>();
inline const auto kTierModes = CodesOf<cc::TierMode, 3>();
inline const auto kIpToPartner = CodesOf<cc::IpToPartner, 4>();
inline const auto kIpTerms = CodesOf<cc::IpTerm, 2>();
inline const auto kForceMajeure = CodesOf<cc::ForceMajeure, 3>();
inline const auto kFixings = CodesOf<cc::Fixing, 2>();
inline const auto kKpiNames = CodesOf<cc::Kpi, 14>();
inline const auto kEventKinds = CodesOf<cc::EventKind, 8>();
inline const auto kDecisionNames = CodesOf<cc::Decision, 4>();
inline const auto kCauses = CodesOf<cc::Cause, 2>();
// The KPIs that published.csv carries: only they may escalate (§3).
inline constexpr std::array<cc::Kpi, 10> kPublishedKpis{cc::Kpi::kTotal, cc::Kpi::kQz,  cc::Kpi::kQz1, cc::Kpi::kQz2,
                                                        cc::Kpi::kQz3,   cc::Kpi::kQz4, cc::Kpi::kLz,  cc::Kpi::kLz1,
                                                        cc::Kpi::kLz2,   cc::Kpi::kPpm};
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
