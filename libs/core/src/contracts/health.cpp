// The contract health check (health.hpp, CONTRACTS.md §11): the table of
// findings is one row each here — the finding, the clause a contract's type
// must require for it to apply, and the function that lists its details for
// a contract (one finding per detail).
#include "supeval/core/contracts/health.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>
#include <utility>

namespace supeval::core::contracts {
namespace {

using Details = std::vector<std::string>;

// The KPIs whose clauses count as a delivery penalty (with a penalty rate)
// and as a quality KPI (§11).
constexpr std::array kDeliveryPenaltyKpis = {Kpi::kLz, Kpi::kLz1, Kpi::kLz2, Kpi::kOnTimeRate};
constexpr std::array kQualityKpis = {Kpi::kTotal, Kpi::kQz,  Kpi::kQz1, Kpi::kQz2,
                                     Kpi::kQz3,   Kpi::kQz4, Kpi::kPpm, Kpi::kWarrantyPpm};

template <std::size_t N>
bool IsOneOf(Kpi kpi, const std::array<Kpi, N>& kpis) {
  return std::find(kpis.begin(), kpis.end(), kpi) != kpis.end();
}

bool TermsOverlap(const Contract& a, const Contract& b) {
  return (!b.end || a.start <= *b.end) && (!a.end || b.start <= *a.end);
}

bool CoversMaterial(const Contract& contract, Index material) {
  return std::find(contract.materials.begin(), contract.materials.end(), material) != contract.materials.end();
}

// What the findings read besides the contract itself, grouped by contract once.
class Register {
 public:
  Register(const ContractRules& rules, const ContractData& data, const MasterData& master)
      : rules_(rules), data_(data), master_(master), kpis_(data.contracts.size()), indexations_(data.contracts.size()) {
    for (const KpiClause& clause : data.kpis) kpis_[clause.contract].push_back(&clause);
    for (const Indexation& row : data.indexations) indexations_[row.contract].push_back(&row);
    for (const PriceTier& tier : data.price_tiers) priced_.emplace(tier.contract, tier.material);
  }

  [[nodiscard]] const ContractRules& rules() const { return rules_; }
  [[nodiscard]] const std::vector<const KpiClause*>& kpis(Index contract) const { return kpis_[contract]; }
  [[nodiscard]] const std::vector<const Indexation*>& indexations(Index contract) const {
    return indexations_[contract];
  }
  [[nodiscard]] bool HasTiers(Index contract, Index material) const { return priced_.contains({contract, material}); }
  [[nodiscard]] const std::string& MaterialId(Index material) const { return master_.materials[material].id; }
  [[nodiscard]] const std::string& IndexId(Index index) const { return data_.indices[index].id; }

  // §11: no other supplier has a contract covering the material whose term
  // overlaps this one's, and no alternate of another supplier is qualified.
  [[nodiscard]] bool SingleSourced(const Contract& contract, Index material) const {
    const auto other_source = [&](const Contract& other) {
      return other.supplier != contract.supplier && TermsOverlap(other, contract) && CoversMaterial(other, material);
    };
    const auto qualified_alternate = [&](const Alternate& alternate) {
      return alternate.material == material && alternate.supplier != contract.supplier && alternate.qualified_on;
    };
    return std::none_of(data_.contracts.begin(), data_.contracts.end(), other_source) &&
           std::none_of(data_.alternates.begin(), data_.alternates.end(), qualified_alternate);
  }

 private:
  const ContractRules& rules_;
  const ContractData& data_;
  const MasterData& master_;
  std::vector<std::vector<const KpiClause*>> kpis_;
  std::vector<std::vector<const Indexation*>> indexations_;
  std::set<std::pair<Index, Index>> priced_;  // (contract, material) with price tiers
};

// The contract a finding looks at, with its index into ContractData::contracts.
struct Subject {
  Index index;
  const Contract& contract;
};

Details Flag(bool holds) { return holds ? Details{std::string()} : Details{}; }

Details BroadIpGrant(const Register& /*unused*/, const Subject& s) {
  const IpToPartner grant = s.contract.ip_to_partner;
  const bool broad = grant == IpToPartner::kGlobal || grant == IpToPartner::kAssignment ||
                     (s.contract.ip_term == IpTerm::kPerpetual && grant != IpToPartner::kNone);
  if (!broad) return {};
  return {std::string(NameOf(grant)) + " " + std::string(NameOf(s.contract.ip_term))};
}

Details ExclusiveWithoutEnd(const Register& /*unused*/, const Subject& s) {
  return Flag(s.contract.exclusive && !s.contract.exclusive_until);
}

Details ExclusiveBeyondTerm(const Register& /*unused*/, const Subject& s) {
  const std::optional<Date>& until = s.contract.exclusive_until;
  const std::optional<Date>& end = s.contract.end;
  if (!until || !end || *until <= *end) return {};
  return {until->ToString() + " > " + end->ToString()};
}

Details NoDeliveryPenalty(const Register& r, const Subject& s) {
  const auto& kpis = r.kpis(s.index);
  return Flag(std::none_of(kpis.begin(), kpis.end(), [](const KpiClause* clause) {
    return IsOneOf(clause->kpi, kDeliveryPenaltyKpis) && clause->penalty_rate > 0;
  }));
}

Details NoQualityKpi(const Register& r, const Subject& s) {
  const auto& kpis = r.kpis(s.index);
  return Flag(std::none_of(kpis.begin(), kpis.end(),
                           [](const KpiClause* clause) { return IsOneOf(clause->kpi, kQualityKpis); }));
}

Details NoLadder(const Register& /*unused*/, const Subject& s) { return Flag(s.contract.ladder == "none"); }

Details MaterialWithoutPrice(const Register& r, const Subject& s) {
  Details details;
  for (const Index material : s.contract.materials) {
    if (!r.HasTiers(s.index, material)) details.push_back(r.MaterialId(material));
  }
  return details;
}

// "<material_id> <index_id>" of the contract's indexation rows that lack
// what `has` asks for.
template <class Has>
Details IndexationsWithout(const Register& r, const Subject& s, Has has) {
  Details details;
  for (const Indexation* row : r.indexations(s.index)) {
    if (!has(*row)) details.push_back(r.MaterialId(row->material) + " " + r.IndexId(row->index));
  }
  return details;
}

Details IndexWithoutCollar(const Register& r, const Subject& s) {
  return IndexationsWithout(r, s, [](const Indexation& row) { return row.floor && row.ceiling; });
}

Details IndexWithoutFallback(const Register& r, const Subject& s) {
  return IndexationsWithout(r, s, [](const Indexation& row) { return row.fallback_index.has_value(); });
}

Details NoObjectiveForceMajeure(const Register& /*unused*/, const Subject& s) {
  if (s.contract.force_majeure == ForceMajeure::kObjective) return {};
  return {std::string(NameOf(s.contract.force_majeure))};
}

Details NoContingencyLogistics(const Register& /*unused*/, const Subject& s) {
  return Flag(!s.contract.contingency_logistics);
}

// The contract's single-sourced materials, each as `detail` writes it.
template <class Detail>
Details SingleSourcedMaterials(const Register& r, const Subject& s, Detail detail) {
  Details details;
  for (const Index material : s.contract.materials) {
    if (r.SingleSourced(s.contract, material)) details.push_back(detail(r.MaterialId(material)));
  }
  return details;
}

Details SingleSourceNoDualClause(const Register& r, const Subject& s) {
  if (s.contract.dual_source_lead_days) return {};
  return SingleSourcedMaterials(r, s, [](const std::string& material_id) { return material_id; });
}

// A lead time shorter than qualifying a new source cannot be met by one.
Details DualSourceLeadTooShort(const Register& r, const Subject& s) {
  const std::optional<std::int32_t>& lead_days = s.contract.dual_source_lead_days;
  const std::int32_t qualification_days = r.rules().qualification_days;
  if (!lead_days || *lead_days >= qualification_days) return {};
  return SingleSourcedMaterials(r, s, [&](const std::string& material_id) {
    return material_id + " " + std::to_string(*lead_days) + " < " + std::to_string(qualification_days);
  });
}

Details LicenceWithoutEscrow(const Register& /*unused*/, const Subject& s) { return Flag(!s.contract.software_escrow); }

Details NoSteeringCommittee(const Register& /*unused*/, const Subject& s) {
  return Flag(!s.contract.steering_committee);
}

// Effective shares: an empty cell takes the rule set's value.
Details CapAboveLimit(const Register& r, const Subject& s) {
  const ContractRules& rules = r.rules();
  Details details;
  const Rational contract_share = s.contract.penalty_cap_share.value_or(rules.penalty_cap_share);
  if (contract_share > rules.cap_share_limit) details.push_back("contract " + contract_share.ToFigure());
  for (const KpiClause* clause : r.kpis(s.index)) {
    const Rational share = clause->cap_share.value_or(rules.kpi_cap_share);
    if (share > rules.cap_share_limit) details.push_back(clause->id + " " + share.ToFigure());
  }
  return details;
}

struct FindingRule {
  std::string_view finding;
  std::string_view required_clause;  // empty: every contract; else only types that require it
  Details (*details)(const Register&, const Subject&);
};

// §11's table, in its order (FindingNames()).
constexpr std::array<FindingRule, 16> kFindingRules = {{
    {"broad_ip_grant", "", BroadIpGrant},
    {"exclusive_without_end", "", ExclusiveWithoutEnd},
    {"exclusive_beyond_term", "", ExclusiveBeyondTerm},
    {"no_delivery_penalty", "delivery_penalty", NoDeliveryPenalty},
    {"no_quality_kpi", "quality_kpi", NoQualityKpi},
    {"no_ladder", "ladder", NoLadder},
    {"material_without_price", "prices", MaterialWithoutPrice},
    {"index_without_collar", "", IndexWithoutCollar},
    {"index_without_fallback", "", IndexWithoutFallback},
    {"no_objective_force_majeure", "", NoObjectiveForceMajeure},
    {"no_contingency_logistics", "contingency_logistics", NoContingencyLogistics},
    {"single_source_no_dual_clause", "", SingleSourceNoDualClause},
    {"dual_source_lead_too_short", "", DualSourceLeadTooShort},
    {"licence_without_escrow", "escrow", LicenceWithoutEscrow},
    {"no_steering_committee", "steering_committee", NoSteeringCommittee},
    {"cap_above_limit", "", CapAboveLimit},
}};

bool Applies(const ContractRules& rules, ContractType type, std::string_view required_clause) {
  if (required_clause.empty()) return true;
  const auto found = rules.types.find(type);
  if (found == rules.types.end()) return false;
  const std::vector<std::string>& clauses = found->second.requires_clauses;
  return std::find(clauses.begin(), clauses.end(), required_clause) != clauses.end();
}

Severity SeverityOf(const ContractRules& rules, std::string_view finding) {
  const auto found = rules.severity.find(std::string(finding));
  return found == rules.severity.end() ? Severity::kHigh : found->second;  // validated rules have one
}

}  // namespace

std::vector<Finding> CheckContracts(const ContractRules& rules, const ContractData& data, const MasterData& master) {
  const Register contract_register(rules, data, master);
  std::vector<Index> order(data.contracts.size());
  for (Index i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](Index a, Index b) { return data.contracts[a].id < data.contracts[b].id; });

  std::vector<Finding> findings;
  for (const Index index : order) {
    const Subject subject{index, data.contracts[index]};
    for (const FindingRule& rule : kFindingRules) {
      if (!Applies(rules, subject.contract.type, rule.required_clause)) continue;
      Details details = rule.details(contract_register, subject);
      std::sort(details.begin(), details.end());
      for (std::string& detail : details) {
        findings.push_back(
            {subject.contract.id, std::string(rule.finding), SeverityOf(rules, rule.finding), std::move(detail)});
      }
    }
  }
  return findings;
}

}  // namespace supeval::core::contracts
