// Tests of the contract health check (CONTRACTS.md §11): each finding at the
// edges of its condition, starting from a supply contract that has none.
#include "supeval/core/contracts/health.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace supeval::core::contracts {
namespace {

Date D(std::string_view text) { return Date::Parse(text).value(); }

constexpr Index kS1 = 0, kS2 = 1;
constexpr Index kM1 = 0, kM2 = 1, kM3 = 2;

MasterData Master() {
  MasterData master;
  master.suppliers = {{"S1", "", "DE", false}, {"S2", "", "CN", false}};
  master.materials = {{"M1", "M350", "pc", MaterialKind::kPurchased},
                      {"M2", "M350", "pc", MaterialKind::kPurchased},
                      {"M3", "M350", "pc", MaterialKind::kPurchased}};
  return master;
}

KpiClause Clause(std::string id, Kpi kpi, Rational penalty_rate) {
  KpiClause clause;
  clause.id = std::move(id);
  clause.kpi = kpi;
  clause.target = 95;
  clause.penalty_rate = std::move(penalty_rate);
  return clause;
}

// A supply contract K1 of S1 for M1 with everything §11 asks for: prices,
// a delivery penalty, a quality KPI, the default ladder, contingency
// logistics, objective force majeure and a dual-source lead of exactly the
// qualification days.
ContractData Healthy() {
  ContractData data;
  Contract contract;
  contract.id = "K1";
  contract.supplier = kS1;
  contract.type = ContractType::kSupply;
  contract.start = D("2026-01-01");
  contract.end = D("2026-12-31");
  contract.currency = "EUR";
  contract.dual_source_lead_days = 168;
  contract.force_majeure = ForceMajeure::kObjective;
  contract.contingency_logistics = true;
  contract.materials = {kM1};
  data.contracts.push_back(contract);
  data.price_tiers.push_back({0, kM1, Decimal(), Rational::Of(4, 1), 2});
  data.kpis.push_back(Clause("KD", Kpi::kLz1, Rational::Of(5, 1000)));
  data.kpis.push_back(Clause("KQ", Kpi::kPpm, 0));
  data.indices.push_back({"STEEL", "", "t", "EUR"});
  data.indices.push_back({"PPI", "", "", ""});
  Indexation indexation;
  indexation.material = kM1;
  indexation.floor = Rational::Of(-5, 100);
  indexation.ceiling = Rational::Of(10, 100);
  indexation.fallback_index = 1;
  indexation.fallback_base_value = 100;
  data.indexations.push_back(indexation);
  return data;
}

// "contract finding severity detail" per row.
std::vector<std::string> Rows(const ContractData& data, const ContractRules& rules = DefaultContractRules()) {
  std::vector<std::string> rows;
  for (const Finding& finding : CheckContracts(rules, data, Master())) {
    rows.push_back(finding.contract_id + " " + finding.finding + " " + std::string(NameOf(finding.severity)) +
                   (finding.detail.empty() ? "" : " " + finding.detail));
  }
  return rows;
}

using Expected = std::vector<std::string>;

// One change to the healthy data and the rows it gives.
struct Case {
  const char* what;
  std::function<void(ContractData&)> change;
  Expected rows;
};

Contract& K1(ContractData& data) { return data.contracts[0]; }

// A contract of S2 covering `material` over [start, end].
Contract OtherSource(Index material, Date start, std::optional<Date> end) {
  Contract other;
  other.id = "K9";
  other.supplier = kS2;
  other.type = ContractType::kLicense;  // requires escrow only
  other.software_escrow = true;
  other.force_majeure = ForceMajeure::kObjective;
  other.dual_source_lead_days = 168;
  other.start = start;
  other.end = end;
  other.materials = {material};
  return other;
}

const Case kCases[] = {
    {"healthy", [](ContractData&) {}, {}},
    // broad_ip_grant
    {"field-limited licence for the term",
     [](ContractData& d) { K1(d).ip_to_partner = IpToPartner::kFieldLimited; },
     {}},
    {"field-limited and perpetual",
     [](ContractData& d) {
       K1(d).ip_to_partner = IpToPartner::kFieldLimited;
       K1(d).ip_term = IpTerm::kPerpetual;
     },
     {"K1 broad_ip_grant high field_limited perpetual"}},
    {"perpetual without grant", [](ContractData& d) { K1(d).ip_term = IpTerm::kPerpetual; }, {}},
    {"global",
     [](ContractData& d) { K1(d).ip_to_partner = IpToPartner::kGlobal; },
     {"K1 broad_ip_grant high global term"}},
    {"assignment",
     [](ContractData& d) { K1(d).ip_to_partner = IpToPartner::kAssignment; },
     {"K1 broad_ip_grant high assignment term"}},
    // exclusivity
    {"exclusive without end", [](ContractData& d) { K1(d).exclusive = true; }, {"K1 exclusive_without_end high"}},
    {"exclusive until the end",
     [](ContractData& d) {
       K1(d).exclusive = true;
       K1(d).exclusive_until = D("2026-12-31");
     },
     {}},
    {"exclusive a day beyond the end",
     [](ContractData& d) {
       K1(d).exclusive = true;
       K1(d).exclusive_until = D("2027-01-01");
     },
     {"K1 exclusive_beyond_term medium 2027-01-01 > 2026-12-31"}},
    {"exclusive until a date, open term",
     [](ContractData& d) {
       K1(d).exclusive = true;
       K1(d).exclusive_until = D("2030-01-01");
       K1(d).end.reset();
     },
     {}},
    // no_delivery_penalty
    {"delivery clause without penalty rate",
     [](ContractData& d) { d.kpis[0].penalty_rate = 0; },
     {"K1 no_delivery_penalty high"}},
    {"on-time clause with a penalty", [](ContractData& d) { d.kpis[0].kpi = Kpi::kOnTimeRate; }, {}},
    {"lz and lz2 count too",
     [](ContractData& d) {
       d.kpis[0].kpi = Kpi::kLz2;
       d.kpis.push_back(Clause("KL", Kpi::kLz, Rational::Of(1, 1'000'000)));
       d.kpis[0].penalty_rate = 0;
     },
     {}},
    {"a quality penalty is no delivery penalty",
     [](ContractData& d) { d.kpis[0].kpi = Kpi::kQz; },
     {"K1 no_delivery_penalty high"}},
    // no_quality_kpi
    {"no quality clause", [](ContractData& d) { d.kpis.pop_back(); }, {"K1 no_quality_kpi high"}},
    {"warranty_ppm is a quality KPI", [](ContractData& d) { d.kpis[1].kpi = Kpi::kWarrantyPpm; }, {}},
    {"co2 is not", [](ContractData& d) { d.kpis[1].kpi = Kpi::kCo2PerUnit; }, {"K1 no_quality_kpi high"}},
    {"milestones are not", [](ContractData& d) { d.kpis[1].kpi = Kpi::kMilestonesOnTime; }, {"K1 no_quality_kpi high"}},
    // no_ladder
    {"ladder none", [](ContractData& d) { K1(d).ladder = "none"; }, {"K1 no_ladder medium"}},
    {"another ladder", [](ContractData& d) { K1(d).ladder = "strict"; }, {}},
    // material_without_price, details in byte order
    {"materials without tiers",
     [](ContractData& d) {
       K1(d).materials = {kM3, kM1, kM2};
     },
     {"K1 material_without_price medium M2", "K1 material_without_price medium M3"}},
    // indexation
    {"indexation without floor",
     [](ContractData& d) { d.indexations[0].floor.reset(); },
     {"K1 index_without_collar medium M1 STEEL"}},
    {"indexation without ceiling",
     [](ContractData& d) { d.indexations[0].ceiling.reset(); },
     {"K1 index_without_collar medium M1 STEEL"}},
    {"indexation without fallback",
     [](ContractData& d) { d.indexations[0].fallback_index.reset(); },
     {"K1 index_without_fallback low M1 STEEL"}},
    {"indexation with neither",
     [](ContractData& d) {
       d.indexations[0].floor.reset();
       d.indexations[0].fallback_index.reset();
     },
     {"K1 index_without_collar medium M1 STEEL", "K1 index_without_fallback low M1 STEEL"}},
    // force majeure, contingency
    {"no force majeure",
     [](ContractData& d) { K1(d).force_majeure = ForceMajeure::kNone; },
     {"K1 no_objective_force_majeure medium none"}},
    {"generic force majeure",
     [](ContractData& d) { K1(d).force_majeure = ForceMajeure::kGeneric; },
     {"K1 no_objective_force_majeure medium generic"}},
    {"no contingency logistics",
     [](ContractData& d) { K1(d).contingency_logistics = false; },
     {"K1 no_contingency_logistics medium"}},
    // single sourcing
    {"no dual-source clause",
     [](ContractData& d) { K1(d).dual_source_lead_days.reset(); },
     {"K1 single_source_no_dual_clause high M1"}},
    {"lead a day short",
     [](ContractData& d) { K1(d).dual_source_lead_days = 167; },
     {"K1 dual_source_lead_too_short high M1 167 < 168"}},
    {"lead short, another supplier's contract overlapping on the last day",
     [](ContractData& d) {
       K1(d).dual_source_lead_days = 0;
       d.contracts.push_back(OtherSource(kM1, D("2026-12-31"), std::nullopt));
     },
     {}},
    {"lead short, another supplier's contract ending the day before",
     [](ContractData& d) {
       K1(d).dual_source_lead_days = 0;
       d.contracts.push_back(OtherSource(kM1, D("2025-01-01"), D("2025-12-31")));
     },
     {"K1 dual_source_lead_too_short high M1 0 < 168"}},
    {"no clause, another supplier's contract for another material",
     [](ContractData& d) {
       K1(d).dual_source_lead_days.reset();
       d.contracts.push_back(OtherSource(kM2, D("2026-01-01"), std::nullopt));
     },
     {"K1 single_source_no_dual_clause high M1"}},
    {"no clause, a qualified alternate",
     [](ContractData& d) {
       K1(d).dual_source_lead_days.reset();
       d.alternates.push_back({kM1, kS2, D("2030-01-01")});
     },
     {}},
    {"no clause, an alternate not yet qualified",
     [](ContractData& d) {
       K1(d).dual_source_lead_days.reset();
       d.alternates.push_back({kM1, kS2, std::nullopt});
     },
     {"K1 single_source_no_dual_clause high M1"}},
    {"no clause, the supplier itself as alternate",
     [](ContractData& d) {
       K1(d).dual_source_lead_days.reset();
       d.alternates.push_back({kM1, kS1, D("2026-01-01")});
     },
     {"K1 single_source_no_dual_clause high M1"}},
    // cap_above_limit, effective shares
    {"contract cap at the limit", [](ContractData& d) { K1(d).penalty_cap_share = Rational::Of(5, 100); }, {}},
    {"contract cap above the limit",
     [](ContractData& d) { K1(d).penalty_cap_share = Rational::Of(50'001, 1'000'000); },
     {"K1 cap_above_limit medium contract 0.050001"}},
    {"clause cap above the limit",
     [](ContractData& d) { d.kpis[1].cap_share = Rational::Of(6, 100); },
     {"K1 cap_above_limit medium KQ 0.06"}},
    {"clause cap at the limit", [](ContractData& d) { d.kpis[1].cap_share = Rational::Of(5, 100); }, {}},
    // types: what each requires
    {"licence without escrow",
     [](ContractData& d) {
       K1(d).type = ContractType::kLicense;
       K1(d).contingency_logistics = false;
       K1(d).ladder = "none";
       d.kpis.clear();
       d.price_tiers.clear();
     },
     {"K1 licence_without_escrow high"}},
    {"joint venture without steering committee",
     [](ContractData& d) {
       K1(d).type = ContractType::kJointVenture;
       d.kpis.clear();
     },
     {"K1 no_steering_committee medium"}},
    {"co-development with one",
     [](ContractData& d) {
       K1(d).type = ContractType::kCoDevelopment;
       K1(d).steering_committee = true;
       K1(d).contingency_logistics = false;
     },
     {}},
};

TEST(ContractHealth, EachFindingAtItsEdges) {
  for (const Case& test : kCases) {
    ContractData data = Healthy();
    test.change(data);
    EXPECT_EQ(Rows(data), test.rows) << test.what;
  }
}

TEST(ContractHealth, RuleSetSetsSeveritiesSharesAndDays) {
  ContractData data = Healthy();
  ContractRules rules = DefaultContractRules();
  rules.kpi_cap_share = Rational::Of(1, 10);
  rules.penalty_cap_share = Rational::Of(7, 100);
  EXPECT_EQ(Rows(data, rules), (Expected{"K1 cap_above_limit medium KD 0.1", "K1 cap_above_limit medium KQ 0.1",
                                         "K1 cap_above_limit medium contract 0.07"}));
  rules = DefaultContractRules();
  rules.cap_share_limit = Rational::Of(1, 100);
  data.kpis[0].cap_share = Rational::Of(1, 100);
  EXPECT_EQ(Rows(data, rules),
            (Expected{"K1 cap_above_limit medium KQ 0.05", "K1 cap_above_limit medium contract 0.05"}));

  data = Healthy();
  rules = DefaultContractRules();
  rules.qualification_days = 169;
  rules.severity["dual_source_lead_too_short"] = Severity::kLow;
  EXPECT_EQ(Rows(data, rules), (Expected{"K1 dual_source_lead_too_short low M1 168 < 169"}));

  rules = DefaultContractRules();
  rules.types.at(ContractType::kSupply).requires_clauses = {"escrow"};
  EXPECT_EQ(Rows(data, rules), (Expected{"K1 licence_without_escrow high"}));
}

TEST(ContractHealth, RowsByContractThenTableOrderThenDetail) {
  ContractData data = Healthy();
  data.contracts.push_back(OtherSource(kM2, D("2020-01-01"), D("2020-12-31")));
  data.contracts.back().id = "K10";
  data.contracts.back().software_escrow = false;
  data.contracts.back().dual_source_lead_days.reset();
  K1(data).id = "K2";
  K1(data).ladder = "none";
  K1(data).ip_to_partner = IpToPartner::kGlobal;
  K1(data).materials = {kM3, kM1};
  EXPECT_EQ(Rows(data), (Expected{
                            "K10 single_source_no_dual_clause high M2",
                            "K10 licence_without_escrow high",
                            "K2 broad_ip_grant high global term",
                            "K2 no_ladder medium",
                            "K2 material_without_price medium M3",
                        }));
}

// A supply contract required to have every clause and lacking all of them
// gives every finding of §11 once, in the table's order.
TEST(ContractHealth, EveryFindingInTheTablesOrder) {
  ContractRules rules = DefaultContractRules();
  rules.types.at(ContractType::kSupply).requires_clauses.assign(RequirableClauses().begin(), RequirableClauses().end());
  ContractData data = Healthy();
  Contract& contract = K1(data);
  contract.ip_to_partner = IpToPartner::kGlobal;
  contract.exclusive = true;
  contract.ladder = "none";
  contract.force_majeure = ForceMajeure::kNone;
  contract.contingency_logistics = false;
  contract.penalty_cap_share = Rational::Of(1, 10);
  contract.materials = {kM1, kM2};
  contract.dual_source_lead_days = 10;
  data.contracts.push_back(contract);  // a twin without the dual-source clause
  data.contracts.back().id = "K1b";
  data.contracts.back().dual_source_lead_days.reset();
  data.contracts.back().exclusive_until = D("2027-01-01");
  data.kpis = {Clause("KC", Kpi::kCo2PerUnit, 0)};
  data.indexations[0].floor.reset();
  data.indexations[0].fallback_index.reset();

  EXPECT_EQ(Rows(data, rules), (Expected{
                                   "K1 broad_ip_grant high global term",
                                   "K1 exclusive_without_end high",
                                   "K1 no_delivery_penalty high",
                                   "K1 no_quality_kpi high",
                                   "K1 no_ladder medium",
                                   "K1 material_without_price medium M2",
                                   "K1 index_without_collar medium M1 STEEL",
                                   "K1 index_without_fallback low M1 STEEL",
                                   "K1 no_objective_force_majeure medium none",
                                   "K1 no_contingency_logistics medium",
                                   "K1 dual_source_lead_too_short high M1 10 < 168",
                                   "K1 dual_source_lead_too_short high M2 10 < 168",
                                   "K1 licence_without_escrow high",
                                   "K1 no_steering_committee medium",
                                   "K1 cap_above_limit medium contract 0.1",
                                   "K1b broad_ip_grant high global term",
                                   "K1b exclusive_beyond_term medium 2027-01-01 > 2026-12-31",
                                   "K1b no_delivery_penalty high",
                                   "K1b no_quality_kpi high",
                                   "K1b no_ladder medium",
                                   "K1b material_without_price medium M1",  // the tiers are K1's
                                   "K1b material_without_price medium M2",
                                   "K1b no_objective_force_majeure medium none",
                                   "K1b no_contingency_logistics medium",
                                   "K1b single_source_no_dual_clause high M1",
                                   "K1b single_source_no_dual_clause high M2",
                                   "K1b licence_without_escrow high",
                                   "K1b no_steering_committee medium",
                                   "K1b cap_above_limit medium contract 0.1",
                               }));
  // Between them, every finding of the table.
  std::set<std::string> seen;
  for (const Finding& finding : CheckContracts(rules, data, Master())) seen.insert(finding.finding);
  EXPECT_EQ(seen, std::set<std::string>(FindingNames().begin(), FindingNames().end()));
}

}  // namespace
}  // namespace supeval::core::contracts
