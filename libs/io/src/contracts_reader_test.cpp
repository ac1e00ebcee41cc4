// Reading the contract files (CONTRACTS.md §3): records as written, and each
// rule's message at its edges, one per faulty cell, one per row for the row
// rules, none for a row that only names a faulty row.
#include "supeval/io/contracts_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "supeval/core/contracts/health.hpp"
#include "supeval/core/rules.hpp"

namespace supeval::io {
namespace {

namespace fs = std::filesystem;
namespace cc = core::contracts;

class ContractsReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("supeval_contracts_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Write("suppliers.csv", "supplier_id,name\nS1,Alpha\nS2,Beta\n");
    Write("plants.csv", "plant_id,name\nP1,Plant 1\n");
    Write("materials.csv",
          "material_id,commodity,unit,kind\nM1,M310,pc,purchased\nM2,M310,pc,purchased\n"
          "M3,M011,kg,raw\n");
    Write("deliveries.csv",
          "delivery_id,supplier_id,plant_id,material_id,due_date,due_qty,receipt_date,received_qty\n"
          "D1,S1,P1,M1,2026-01-05,100,2026-01-05,100\n"
          "D2,S1,P1,M2,2026-01-06,100,2026-01-07,100\n");
    Write("contracts.csv",
          "contract_id,supplier_id,type,start,currency,end\n"
          "K1,S1,supply,2026-01-01,EUR,2026-12-31\n"
          "K2,S2,preferred,2026-01-01,EUR,\n");
    Write("contract_materials.csv", "contract_id,material_id\nK1,M1\nK1,M2\nK2,M3\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name, std::ios::binary) << text; }

  // Reads the folder as a command does; returns the contract files'
  // problems, one line each, with the folder left out of the file names.
  std::vector<std::string> Read() {
    DatasetReader evaluation(dir_, rules_);
    EXPECT_TRUE(evaluation.ReadMasterData().ok());
    ContractsReader reader(dir_, rules_, contract_rules_);
    Diagnostics diagnostics;
    EXPECT_TRUE(reader.Read(evaluation, diagnostics).ok());
    master_ = evaluation.TakeMasterData();
    EXPECT_TRUE(evaluation
                    .StreamDeliveries([&](const core::Delivery& delivery) {
                      if (delivery.referenced_slot != core::kNoIndex) named_.emplace_back(delivery.id);
                    })
                    .ok());
    evaluation_problems_ = evaluation.diagnostics().Render();
    reader.ResolveDeliveries(evaluation, diagnostics);
    data_ = reader.Take();
    std::vector<std::string> lines;
    count_ = diagnostics.count();
    const std::string prefix = dir_.string() + "/";
    for (const core::Error& error : diagnostics.errors()) {
      std::string line = error.ToString();
      if (line.rfind(prefix, 0) == 0) line.erase(0, prefix.size());
      lines.push_back(line);
    }
    return lines;
  }

  fs::path dir_;
  core::RuleSet rules_ = core::DefaultRuleSet();
  cc::ContractRules contract_rules_ = cc::DefaultContractRules();
  cc::ContractData data_;
  core::MasterData master_;
  std::vector<std::string> named_;  // deliveries the stream tagged as named
  std::string evaluation_problems_;
  std::uint64_t count_ = 0;  // of the contract files' problems, kept or not
};

using Lines = std::vector<std::string>;

TEST_F(ContractsReaderTest, AFolderWithoutContractFilesIsEmpty) {
  fs::remove(dir_ / "contracts.csv");
  fs::remove(dir_ / "contract_materials.csv");
  EXPECT_EQ(Read(), Lines{});
  EXPECT_TRUE(data_.contracts.empty());
  EXPECT_TRUE(data_.events.empty());
  EXPECT_TRUE(data_.settled.empty());
  EXPECT_EQ(evaluation_problems_, "");
}

TEST_F(ContractsReaderTest, ReadsEveryFileAsWritten) {
  Write("contracts.csv",
        "contract_id,supplier_id,type,start,currency,end,title,tier_mode,penalty_cap_share,bonus_cap_share,ladder,"
        "exclusive,exclusive_until,ip_to_partner,ip_term,software_escrow,dual_source_lead_days,force_majeure,"
        "contingency_logistics,steering_committee\n"
        "K1,S1,license,2026-01-01,EUR,2026-12-31,\"Lamps, rear\",graduated,0.1,1,none,yes,2027-06-30,global,"
        "perpetual,yes,90,objective,yes,no\n"
        "K2,S2,preferred,2026-01-01,EUR,,,,,,,,,,,,,,,\n");
  Write("price_tiers.csv", "contract_id,material_id,from_qty,unit_price\nK1,M1,0,4.00\nK1,M1,500,3.8\n");
  Write("indices.csv", "index_id,name,unit,currency\nAL,Aluminium,t,EUR\nPTS,Points,,\n");
  Write("index_values.csv", "index_id,date,value\nAL,2026-01-31,2.5\n");
  Write("indexation.csv",
        "contract_id,material_id,index_id,content,base_value,fixing,lag_days,dead_band,share,floor,ceiling,"
        "fallback_index_id,fallback_base_value\n"
        "K1,M1,AL,0.5,2.00,lag,0,0.1,0.5,-0.05,0.10,PTS,100\n"
        "K1,M2,AL,1,3,,,,,,,,\n");
  Write("kpis.csv",
        "clause_id,contract_id,kpi,target,penalty_rate,bonus_rate,cap_share,escalate\n"
        "C1,K1,on_time_rate,95,0.002,,,\nC2,K2,lz1,95,,,0.05,yes\n");
  Write(
      "volume_commitments.csv",
      "commitment_id,contract_id,material_id,from,to,min_qty,fee_per_unit\nV1,K1,M1,2026-01-01,2026-12-31,1000,0.5\n");
  Write("tooling.csv", "tooling_id,contract_id,material_id,amount,pieces,from\nT1,K1,M1,3000.00,6000,\n");
  Write("milestones.csv",
        "milestone_id,contract_id,name,due_date,approved_on,payment,critical\n"
        "MS1,K1,PPAP,2026-03-31,2026-04-02,5000,yes\n");
  Write("alternates.csv", "material_id,supplier_id,qualified_on\nM1,S2,2026-02-01\nM2,S2,\n");
  Write("events.csv",
        "event_id,supplier_id,plant_id,date,kind,material_id,delivery_id,cost,customer_notified\n"
        "E1,S1,P1,2026-02-01,stop_ship,,D2,1200.50,yes\n"
        "E2,S1,P1,2026-02-02,recall,M1,D2,,\n"
        "E3,S1,P1,2026-02-03,warranty,,,,\n");
  Write("warranty_claims.csv",
        "claim_id,supplier_id,material_id,date,quantity,supplier_share\n"
        "W1,S1,M1,2026-03-01,12,0.5\n");
  Write("published.csv",
        "supplier_id,period,published_on,status,class,total,qz,qz1,qz2,qz3,qz4,lz,lz1,lz2,ppm\n"
        "S1,2026-H1,2026-07-15,evaluated,C,75.25,,,,,,,93,,1200\n"
        "S2,2026-03,2026-04-02,not_evaluated,,,,,,,,,,,\n");
  Write("escalation_decisions.csv",
        "contract_id,date,decision,user,reason,to_level,cause\n"
        "K2,2026-02-01,escalate,jdoe,late deliveries,E2,delivery\n");
  Write("settled.csv",
        "contract_id,period,kind,ref,material_id,amount\nK1,2026-Q1,volume_tier,2026-01-01,M1,-100.00\n"
        "K1,2026-Q1,kpi,C1,,-560\n");
  Write("emissions.csv", "supplier_id,material_id,period,kg_co2e_per_unit\nS1,M1,2026,3.25\n");
  ASSERT_EQ(Read(), Lines{});
  EXPECT_EQ(evaluation_problems_, "");

  ASSERT_EQ(data_.contracts.size(), 2U);
  const cc::Contract& k1 = data_.contracts[0];
  EXPECT_EQ(k1.id, "K1");
  EXPECT_EQ(k1.supplier, 0U);
  EXPECT_EQ(k1.type, cc::ContractType::kLicense);
  EXPECT_EQ(k1.end->ToString(), "2026-12-31");
  EXPECT_EQ(k1.title, "Lamps, rear");
  EXPECT_EQ(k1.tier_mode, cc::TierMode::kGraduated);
  EXPECT_EQ(*k1.penalty_cap_share, core::Rational::Of(1, 10));
  EXPECT_EQ(*k1.bonus_cap_share, core::Rational(1));
  EXPECT_EQ(k1.ladder, "none");
  EXPECT_TRUE(k1.exclusive);
  EXPECT_EQ(k1.ip_to_partner, cc::IpToPartner::kGlobal);
  EXPECT_EQ(k1.ip_term, cc::IpTerm::kPerpetual);
  EXPECT_TRUE(k1.software_escrow);
  EXPECT_EQ(k1.dual_source_lead_days, 90);
  EXPECT_EQ(k1.force_majeure, cc::ForceMajeure::kObjective);
  EXPECT_TRUE(k1.contingency_logistics);
  EXPECT_FALSE(k1.steering_committee);
  EXPECT_EQ(k1.materials, (std::vector<core::Index>{0, 1}));
  EXPECT_EQ(k1.line, 2U);
  const cc::Contract& k2 = data_.contracts[1];
  EXPECT_FALSE(k2.end.has_value());
  EXPECT_FALSE(k2.tier_mode.has_value());
  EXPECT_EQ(k2.ladder, "default");
  EXPECT_EQ(k2.ip_to_partner, cc::IpToPartner::kNone);
  EXPECT_EQ(k2.force_majeure, cc::ForceMajeure::kNone);

  ASSERT_EQ(data_.price_tiers.size(), 2U);
  EXPECT_EQ(data_.price_tiers[1].from_qty, core::Decimal::FromUnits(500));
  EXPECT_EQ(data_.price_tiers[1].unit_price, core::Rational::Of(38, 10));
  ASSERT_EQ(data_.indices.size(), 2U);
  EXPECT_EQ(data_.indices[1].currency, "");
  ASSERT_EQ(data_.indexations.size(), 2U);
  const cc::Indexation& indexation = data_.indexations[0];
  EXPECT_EQ(indexation.fixing, cc::Fixing::kLag);
  EXPECT_EQ(*indexation.floor, core::Rational::Of(-5, 100));
  EXPECT_EQ(indexation.fallback_index, 1U);
  EXPECT_EQ(*indexation.fallback_base_value, core::Rational(100));
  const cc::Indexation& defaults = data_.indexations[1];
  EXPECT_EQ(defaults.fixing, cc::Fixing::kPrevMonthAvg);
  EXPECT_EQ(defaults.lag_days, 0);
  EXPECT_EQ(defaults.dead_band, core::Rational());
  EXPECT_EQ(defaults.share, core::Rational(1));
  EXPECT_FALSE(defaults.floor.has_value());
  EXPECT_FALSE(defaults.fallback_index.has_value());
  ASSERT_EQ(data_.kpis.size(), 2U);
  EXPECT_EQ(data_.kpis[0].kpi, cc::Kpi::kOnTimeRate);
  EXPECT_EQ(data_.kpis[0].bonus_rate, core::Rational());
  EXPECT_TRUE(data_.kpis[1].escalate);
  EXPECT_EQ(data_.kpis[1].contract, 1U);
  ASSERT_EQ(data_.commitments.size(), 1U);
  EXPECT_EQ(data_.commitments[0].min_qty, core::Decimal::FromUnits(1000));
  ASSERT_EQ(data_.toolings.size(), 1U);
  EXPECT_FALSE(data_.toolings[0].from.has_value());
  ASSERT_EQ(data_.milestones.size(), 1U);
  EXPECT_TRUE(data_.milestones[0].critical);
  ASSERT_EQ(data_.alternates.size(), 2U);
  EXPECT_FALSE(data_.alternates[1].qualified_on.has_value());

  ASSERT_EQ(data_.events.size(), 3U);
  EXPECT_EQ(data_.events[0].material, 1U) << "E1 takes its delivery's material";
  EXPECT_EQ(data_.events[1].material, 0U) << "E2's own material_id wins";
  EXPECT_EQ(data_.events[2].material, core::kNoIndex);
  EXPECT_EQ(*data_.events[0].cost, core::Rational::Of(120050, 100));
  EXPECT_TRUE(data_.events[0].customer_notified);
  EXPECT_EQ(named_, std::vector<std::string>{"D2"});
  EXPECT_EQ(master_.referenced_delivery_ids, std::vector<std::string>{"D2"});

  ASSERT_EQ(data_.warranty_claims.size(), 1U);
  EXPECT_EQ(data_.warranty_claims[0].supplier_share, core::Rational::Of(1, 2));
  ASSERT_EQ(data_.published.size(), 2U);
  EXPECT_EQ(data_.published[0].period.label, "2026-H1");
  EXPECT_EQ(data_.published[0].grade_class, "C");
  EXPECT_EQ(*data_.published[0].total, core::Rational::Of(7525, 100));
  EXPECT_FALSE(data_.published[0].qz.has_value());
  EXPECT_EQ(*data_.published[0].lz1, core::Rational(93));
  EXPECT_EQ(data_.published[1].status, "not_evaluated");
  EXPECT_EQ(data_.published[1].period.first.ToString(), "2026-03-01");
  ASSERT_EQ(data_.decisions.size(), 1U);
  EXPECT_EQ(data_.decisions[0].to_level, "E2");
  EXPECT_EQ(data_.decisions[0].cause, cc::Cause::kDelivery);
  ASSERT_EQ(data_.settled.size(), 2U);
  EXPECT_EQ(data_.settled[0].amount, core::Rational(-100));
  EXPECT_EQ(data_.settled[1].material_id, "");
  ASSERT_EQ(data_.emissions.size(), 1U);
  EXPECT_EQ(data_.emissions[0].period.last.ToString(), "2026-12-31");
}

TEST_F(ContractsReaderTest, MissingColumnsAndFieldCounts) {
  Write("contracts.csv", "contract_id,supplier_id,type,start\nK1,S1,supply,2026-01-01\n");
  Write("kpis.csv", "clause_id,contract_id,kpi,target\nC1,K1,ppm,800,extra\nC2,K1,ppm\nC3,K1,ppm,800\nC1,K1,ppm,900\n");
  // contracts.csv cannot be read: references to it name no problem.
  EXPECT_EQ(Read(), (Lines{"contracts.csv:1: -: missing required column 'currency'",
                           "kpis.csv:2: -: expected 4 fields as in the header, found 5",
                           "kpis.csv:3: -: expected 4 fields as in the header, found 3",
                           "kpis.csv:5: clause_id: duplicate id 'C1' (first at line 2)"}));
  EXPECT_TRUE(data_.kpis.empty());
}

TEST_F(ContractsReaderTest, NumbersAreDigitsWithASignOnlyWhereAllowed) {
  Write("price_tiers.csv",
        "contract_id,material_id,from_qty,unit_price\n"
        "K1,M1,0,-1\nK1,M2,0,.5\nK2,M3,0,5.\nK2,M3,10,1e3\nK2,M3,20,0\n");
  Write("indices.csv", "index_id,currency\nAL,EUR\n");
  Write("indexation.csv",
        "contract_id,material_id,index_id,content,base_value,floor,ceiling\n"
        "K1,M1,AL,1,2,-0.05,-0.1\nK1,M2,AL,1,2,0.01,\nK2,M3,AL,1,2,0,0\n");
  Write("settled.csv",
        "contract_id,period,kind,ref,material_id,amount\n"
        "K1,2026-Q1,kpi,C1,,-12.34\nK1,2026-Q1,kpi,C2,,-12.345\nK1,2026-Q1,kpi,C3,,12.3\n"
        "K1,2026-Q1,kpi,C4,,+1\n");
  EXPECT_EQ(Read(),
            (Lines{("price_tiers.csv:2: unit_price: '-1' is not a number (expected digits, optional '.' and fraction, "
                    "no sign)"),
                   ("price_tiers.csv:3: unit_price: '.5' is not a number (expected digits, optional '.' and fraction, "
                    "no sign)"),
                   ("price_tiers.csv:4: unit_price: '5.' is not a number (expected digits, optional '.' and fraction, "
                    "no sign)"),
                   ("price_tiers.csv:5: unit_price: '1e3' is not a number (expected digits, optional '.' and "
                    "fraction, no sign)"),
                   ("indexation.csv:2: ceiling: '-0.1' is not a number (expected digits, optional '.' and fraction, "
                    "no sign)"),
                   "indexation.csv:3: floor: '0.01' is above 0 (a floor is 0 or below)",
                   ("settled.csv:3: amount: '-12.345' is not an amount (expected digits, optional '.' and up to 2 "
                    "decimals, optional leading '-')"),
                   ("settled.csv:5: amount: '+1' is not an amount (expected digits, optional '.' and up to 2 "
                    "decimals, optional leading '-')")}));
  ASSERT_EQ(data_.indexations.size(), 1U);
  EXPECT_EQ(*data_.indexations[0].floor, core::Rational());
  ASSERT_EQ(data_.settled.size(), 2U);
  EXPECT_EQ(data_.settled[0].amount, core::Rational::Of(-1234, 100));
}

TEST_F(ContractsReaderTest, SharesWholeNumbersZerosAndCurrencies) {
  Write("contracts.csv",
        "contract_id,supplier_id,type,start,currency,penalty_cap_share,bonus_cap_share,dual_source_lead_days\n"
        "K1,S1,supply,2026-01-01,EUR,1,0,90\n"
        "K2,S2,supply,2026-01-01,eur,0,0,90.0\n"
        "K3,S2,supply,2026-01-01,EURO,,1.0001,-1\n");
  Write("tooling.csv", "tooling_id,contract_id,material_id,amount,pieces\nT1,K1,M1,100,0\nT2,K1,M1,100,0.5\n");
  Write("indices.csv", "index_id,currency\nAL,EUR\nCU,Eur\n");
  Write("indexation.csv",
        "contract_id,material_id,index_id,content,base_value,dead_band,share,lag_days,"
        "fallback_index_id,fallback_base_value\n"
        "K1,M1,AL,1,0,1,1.5,3.0,,\nK1,M2,AL,1,0.0001,0,0,3,AL,0.0\n");
  Write("warranty_claims.csv",
        "claim_id,supplier_id,material_id,date,quantity,supplier_share\n"
        "W1,S1,M1,2026-01-01,1,1.01\n");
  EXPECT_EQ(Read(), (Lines{"contracts.csv:3: currency: 'eur' is not a currency (expected 3 capital letters, e.g. EUR)",
                           "contracts.csv:3: dual_source_lead_days: '90.0' is not a whole number (expected digits)",
                           "contracts.csv:4: currency: 'EURO' is not a currency (expected 3 capital letters, e.g. EUR)",
                           "contracts.csv:4: bonus_cap_share: '1.0001' is above 1 (a share is 0 to 1)",
                           "contracts.csv:4: dual_source_lead_days: '-1' is not a whole number (expected digits)",
                           "indices.csv:3: currency: 'Eur' is not a currency (expected 3 capital letters, e.g. EUR)",
                           "indexation.csv:2: base_value: '0' must be greater than 0",
                           "indexation.csv:2: lag_days: '3.0' is not a whole number (expected digits)",
                           "indexation.csv:2: share: '1.5' is above 1 (a share is 0 to 1)",
                           "indexation.csv:3: fallback_base_value: '0.0' must be greater than 0",
                           "tooling.csv:2: pieces: '0' must be greater than 0",
                           "warranty_claims.csv:2: supplier_share: '1.01' is above 1 (a share is 0 to 1)"}));
  ASSERT_EQ(data_.contracts.size(), 1U);
  EXPECT_EQ(*data_.contracts[0].penalty_cap_share, core::Rational(1));
  EXPECT_EQ(*data_.contracts[0].bonus_cap_share, core::Rational());
  ASSERT_EQ(data_.toolings.size(), 1U);
  EXPECT_EQ(data_.toolings[0].pieces, core::Decimal::FromMicros(500000));
}

TEST_F(ContractsReaderTest, CodesAndDates) {
  Write("contracts.csv",
        "contract_id,supplier_id,type,start,currency,tier_mode,exclusive\n"
        "K1,S1,supplies,2026-01-01,EUR,,\nK2,S2,supply,2026-02-30,EUR,stepped,maybe\n");
  Write("contract_materials.csv", "contract_id,material_id\n");
  Write("events.csv", "event_id,supplier_id,plant_id,date,kind\nE1,S9,P1,2026-01-01,fire\n");
  EXPECT_EQ(Read(),
            (Lines{("contracts.csv:2: type: unknown value 'supplies' (expected supply, preferred, joint_venture, "
                    "license, co_development)"),
                   "contracts.csv:3: start: '2026-02-30' is not a date (expected YYYY-MM-DD)",
                   "contracts.csv:3: tier_mode: unknown value 'stepped' (expected all_units, graduated, running)",
                   "contracts.csv:3: exclusive: unknown value 'maybe' (expected yes, no)",
                   "events.csv:2: supplier_id: unknown supplier 'S9'",
                   ("events.csv:2: kind: unknown value 'fire' (expected yard_hold, stop_ship, premium_freight, "
                    "special_status, field_action, recall, warranty, dealer_return)")}));
}

TEST_F(ContractsReaderTest, EndBeforeStartAndLadders) {
  Write("contracts.csv",
        "contract_id,supplier_id,type,start,currency,end,ladder\n"
        "K1,S1,supply,2026-01-01,EUR,2026-01-01,\n"
        "K2,S1,supply,2026-01-01,EUR,2025-12-31,\n"
        "K3,S2,supply,2026-01-01,EUR,2025-12-31,strict\n"
        "K4,S2,supply,2026-01-01,EUR,,strict\n"
        "K5,S2,supply,2026-01-01,EUR,,none\n");
  Write("contract_materials.csv", "contract_id,material_id\n");
  // One message per row for the row rules: K3 breaks two.
  EXPECT_EQ(Read(), (Lines{"contracts.csv:3: end: is before start", "contracts.csv:4: end: is before start",
                           "contracts.csv:5: ladder: unknown ladder 'strict' (expected default, or none)"}));
  ASSERT_EQ(data_.contracts.size(), 2U);
  EXPECT_EQ(data_.contracts[1].ladder, "none");
}

TEST_F(ContractsReaderTest, CommitmentDates) {
  Write("volume_commitments.csv",
        "commitment_id,contract_id,material_id,from,to,min_qty,fee_per_unit\n"
        "V1,K1,M1,2026-03-01,2026-03-01,10,1\n"
        "V2,K1,M1,2026-03-01,2026-02-28,10,1\n"
        "V3,K1,M1,2026-03-01,2026-12-31,10,1\n"
        "V4,K1,M1,2026-03-01,2027-01-01,10,1\n"
        "V5,K2,M3,2026-03-01,2099-01-01,10,1\n"
        "V6,K1,M3,2026-03-01,2026-04-01,10,1\n");
  EXPECT_EQ(Read(), (Lines{"volume_commitments.csv:3: to: is before from",
                           "volume_commitments.csv:5: to: is after the end of contract K1 (2026-12-31)",
                           ("volume_commitments.csv:7: material_id: material M3 is not covered by contract K1 "
                            "(contract_materials.csv)")}));
  EXPECT_EQ(data_.commitments.size(), 3U);
}

TEST_F(ContractsReaderTest, Periods) {
  Write("published.csv",
        "supplier_id,period,published_on,status\n"
        "S1,2026,2027-01-10,evaluated\nS1,2026-03,2026-04-10,evaluated\n"
        "S1,2026-01-01..2026-03-31,2026-04-11,evaluated\nS1,2026-13,2026-04-10,evaluated\n"
        "S1,2026-Q5,2026-04-10,evaluated\n");
  Write("emissions.csv", "supplier_id,material_id,period,kg_co2e_per_unit\nS1,M1,2026-H3,1\n");
  EXPECT_EQ(Read(), (Lines{("published.csv:5: period: unknown period '2026-13': expected 2026-H1, 2026-H2, "
                            "2026-Q1..2026-Q4, 2026, 2026-03 or 2026-01-01..2026-03-31"),
                           ("published.csv:6: period: unknown period '2026-Q5': expected 2026-H1, 2026-H2, "
                            "2026-Q1..2026-Q4, 2026, 2026-03 or 2026-01-01..2026-03-31"),
                           ("emissions.csv:2: period: unknown period '2026-H3': expected 2026-H1, 2026-H2, "
                            "2026-Q1..2026-Q4, 2026, 2026-03 or 2026-01-01..2026-03-31")}));
  EXPECT_EQ(data_.published.size(), 3U);
}

TEST_F(ContractsReaderTest, DuplicateKeysRepeatAnEarlierValidRow) {
  Write("contract_materials.csv", "contract_id,material_id\nK1,M1\nK1,M1\nK2,M3\n");
  Write("price_tiers.csv",
        "contract_id,material_id,from_qty,unit_price\n"
        "K1,M1,0,4\nK1,M1,0.0,3\nK2,M3,0,x\nK2,M3,0,2\n");
  Write("indices.csv", "index_id,currency\nAL,EUR\nAL,EUR\n");
  Write("index_values.csv", "index_id,date,value\nAL,2026-01-31,1\nAL,2026-01-31,2\nAL,2026-02-01,2\n");
  Write("indexation.csv", "contract_id,material_id,index_id,content,base_value\nK1,M1,AL,1,2\nK1,M1,AL,1,3\n");
  Write("alternates.csv", "material_id,supplier_id\nM1,S2\nM1,S2\nM1,S1\n");
  Write("published.csv",
        "supplier_id,period,published_on,status\n"
        "S1,2026-H1,2026-07-15,evaluated\nS1,2026-01-01..2026-06-30,2026-07-15,evaluated\n"
        "S1,2026-H1,2026-07-16,evaluated\n");
  Write("emissions.csv",
        "supplier_id,material_id,period,kg_co2e_per_unit\nS1,M1,2026-Q1,1\nS1,M1,2026-03,1\n"
        "S1,M1,2026-01-01..2026-03-31,2\n");
  EXPECT_EQ(Read(),
            (Lines{"contract_materials.csv:3: material_id: contract K1 covers material M1 twice (first at line 2)",
                   ("price_tiers.csv:3: from_qty: contract K1 has a tier of material M1 from 0 twice (first "
                    "at line 2)"),
                   ("price_tiers.csv:4: unit_price: 'x' is not a number (expected digits, optional '.' and "
                    "fraction, no sign)"),
                   "indices.csv:3: index_id: duplicate id 'AL' (first at line 2)",
                   "index_values.csv:3: date: index AL has a value on 2026-01-31 twice (first at line 2)",
                   ("indexation.csv:3: index_id: contract K1 indexes material M1 on index AL twice (first at "
                    "line 2)"),
                   "alternates.csv:3: supplier_id: material M1 has alternate S2 twice (first at line 2)",
                   ("published.csv:3: published_on: supplier S1 has a result for 2026-01-01..2026-06-30 "
                    "published on 2026-07-15 twice (first at line 2)"),
                   ("emissions.csv:4: period: supplier S1 declares material M1 for 2026-01-01..2026-03-31 "
                    "twice (first at line 2)")}));
  EXPECT_EQ(data_.price_tiers.size(), 2U) << "K2/M3 from 0 on line 5 repeats only a faulty row";
}

TEST_F(ContractsReaderTest, CoverageAndBandsFromZero) {
  Write("contract_materials.csv", "contract_id,material_id\nK1,M1\nK1,M2\nK2,M3\nK2,M9\nK2,M2,x\n");
  Write("price_tiers.csv",
        "contract_id,material_id,from_qty,unit_price\n"
        "K1,M1,500,3.8\nK1,M1,0.000001,4\n"  // M1: no band from 0, on its first line
        "K1,M3,0,1\n"                        // not covered
        "K2,M2,0,1\n"                        // only a faulty line covers it: no message
        "K2,M3,100,1\nK2,M3,0,bad\n");       // a faulty tier line: no band check
  EXPECT_EQ(Read(), (Lines{"contract_materials.csv:5: material_id: unknown material 'M9'",
                           "contract_materials.csv:6: -: expected 2 fields as in the header, found 3",
                           ("price_tiers.csv:2: from_qty: contract K1 has no tier of material M1 from 0 (the band "
                            "that sets its list price)"),
                           ("price_tiers.csv:4: material_id: material M3 is not covered by contract K1 "
                            "(contract_materials.csv)"),
                           ("price_tiers.csv:7: unit_price: 'bad' is not a number (expected digits, optional '.' and "
                            "fraction, no sign)")}));
}

TEST_F(ContractsReaderTest, OverlappingContractsOfOneSupplier) {
  Write("contracts.csv",
        "contract_id,supplier_id,type,start,currency,end\n"
        "K1,S1,supply,2026-01-01,EUR,2026-06-30\n"
        "K2,S1,supply,2026-06-30,EUR,\n"
        "K3,S1,supply,2026-07-01,EUR,\n"
        "K4,S2,supply,2026-01-01,EUR,\n");
  Write("contract_materials.csv", "contract_id,material_id\nK1,M1\nK3,M1\nK4,M1\nK2,M1\nK2,M2\nK3,M3\n");
  EXPECT_EQ(Read(), (Lines{("contract_materials.csv:5: material_id: material M1 is covered by contract K1 of the same "
                            "supplier too, whose term overlaps K2's")}));
}

TEST_F(ContractsReaderTest, IndexationRules) {
  Write("contracts.csv",
        "contract_id,supplier_id,type,start,currency\nK1,S1,supply,2026-01-01,EUR\n"
        "K2,S2,supply,2026-01-01,USD\n");
  Write("indices.csv", "index_id,currency\nAL,EUR\nCU,USD\nPTS,\n");
  Write("indexation.csv",
        "contract_id,material_id,index_id,content,base_value,fallback_index_id,fallback_base_value\n"
        "K1,M1,AL,1,2,AL,2\n"     // fallback is the index
        "K1,M2,AL,1,2,PTS,\n"     // fallback without base value
        "K1,M2,PTS,1,2,,\n"       // a points index
        "K1,M2,CU,1,2,,\n"        // another currency
        "K1,M2,AL,1,2,CU,3\n"     // the fallback's other currency
        "K1,M1,AL,1,2,PTS,100\n"  // fine: a points fallback
        "K2,M3,CU,1,2,,\n");      // fine
  EXPECT_EQ(Read(), (Lines{"indexation.csv:2: fallback_index_id: is index_id (a fallback is another index)",
                           "indexation.csv:3: fallback_base_value: is empty (fallback_index_id needs it)",
                           ("indexation.csv:4: index_id: index PTS has no currency (only a fallback may be a points "
                            "index)"),
                           "indexation.csv:5: index_id: index CU is in USD, contract K1 in EUR",
                           "indexation.csv:6: fallback_index_id: index CU is in USD, contract K1 in EUR"}));
  EXPECT_EQ(data_.indexations.size(), 2U);
}

TEST_F(ContractsReaderTest, EscalateOnlyOnPublishedKpis) {
  Write("kpis.csv",
        "clause_id,contract_id,kpi,target,escalate\n"
        "C1,K1,on_time_rate,95,yes\nC2,K1,on_time_rate,95,no\nC3,K1,lz1,95,yes\nC4,K1,ppm,800,yes\n"
        "C5,K1,warranty_ppm,800,yes\n");
  EXPECT_EQ(Read(), (Lines{("kpis.csv:2: escalate: kpi on_time_rate is not published (only total, qz, qz1 to qz4, lz, "
                            "lz1, lz2 and ppm escalate)"),
                           ("kpis.csv:6: escalate: kpi warranty_ppm is not published (only total, qz, qz1 to qz4, lz, "
                            "lz1, lz2 and ppm escalate)")}));
}

TEST_F(ContractsReaderTest, DecisionRules) {
  Write("contracts.csv",
        "contract_id,supplier_id,type,start,currency,ladder\n"
        "K1,S1,supply,2026-01-01,EUR,\nK2,S2,supply,2026-01-01,EUR,none\n");
  Write("escalation_decisions.csv",
        "contract_id,date,decision,user,reason,to_level,cause\n"
        "K1,2026-02-01,escalate,jdoe,r,,\n"
        "K1,2026-02-01,escalate,jdoe,r,E5,\n"
        "K1,2026-02-01,escalate,jdoe,r,E4,\n"
        "K2,2026-02-01,close,jdoe,r,,\n"
        "K1,2026-02-01,deescalate,jdoe,r,,\n"
        "K1,2026-02-01,reopen,,r,,unclear\n");
  EXPECT_EQ(Read(),
            (Lines{"escalation_decisions.csv:2: to_level: is empty (an escalate decision names the level)",
                   ("escalation_decisions.csv:3: to_level: unknown level 'E5' (ladder default of contract K1 has E0, "
                    "E1, E2, E3, E4)"),
                   "escalation_decisions.csv:5: contract_id: contract K2 has no escalation ladder (ladder none)",
                   ("escalation_decisions.csv:7: decision: unknown value 'reopen' (expected escalate, deescalate, "
                    "close, withdraw_hold)"),
                   "escalation_decisions.csv:7: user: is empty",
                   "escalation_decisions.csv:7: cause: unknown value 'unclear' (expected quality, delivery)"}));
  EXPECT_EQ(data_.decisions.size(), 2U);
}

TEST_F(ContractsReaderTest, PublishedClasses) {
  Write("published.csv",
        "supplier_id,period,published_on,status,class,total\n"
        "S1,2026-H1,2026-07-15,evaluated,D,50\n"
        "S1,2026-H2,2027-01-15,not_evaluated,C,\n"
        "S2,2026-H2,2027-01-15,evaluated,,-5\n");
  EXPECT_EQ(Read(), (Lines{"published.csv:2: class: unknown value 'D' (expected A, B, C)",
                           "published.csv:3: class: must be empty when status is not_evaluated",
                           ("published.csv:4: total: '-5' is not a number (expected digits, optional '.' and "
                            "fraction, no sign)")}));
}

TEST_F(ContractsReaderTest, NoCascadeFromFaultyRows) {
  Write("suppliers.csv", "supplier_id,name,qz3\nS1,Alpha,\nS2,Beta,sometimes\n");  // S2's row is faulty
  Write("contracts.csv",
        "contract_id,supplier_id,type,start,currency\n"
        "K1,S1,supply,2026-01-01,eur\n"  // faulty: every row naming K1 is refused silently
        "K2,S2,supply,2026-01-01,EUR\n"  // names a faulty supplier row: known
        "K3,S1,supply\n");               // wrong width: K3 counts as known
  Write("contract_materials.csv", "contract_id,material_id\nK1,M1\nK2,M3\nK3,M1\n");
  Write("kpis.csv", "clause_id,contract_id,kpi,target\nC1,K1,ppm,x\nC2,K3,ppm,800\nC3,K4,ppm,800\n");
  Write("indices.csv", "index_id,currency\nAL,eur\nCU,USD\n");
  // AL's line is faulty: its rows are checked for all but AL's currency.
  Write("indexation.csv",
        "contract_id,material_id,index_id,content,base_value,fallback_index_id,fallback_base_value\n"
        "K2,M3,AL,1,2,,\nK2,M1,AL,1,2,,\nK2,M3,AL,1,2,AL,1\nK2,M3,CU,1,2,AL,\nK2,M3,CU,1,2,AL,1\n");
  Write("milestones.csv", "milestone_id,contract_id,due_date\nMS1,K1,2026-01-01\n");
  EXPECT_EQ(Read(), (Lines{"contracts.csv:2: currency: 'eur' is not a currency (expected 3 capital letters, e.g. EUR)",
                           "contracts.csv:4: -: expected 5 fields as in the header, found 3",
                           ("indices.csv:2: currency: 'eur' is not a currency (expected 3 capital letters, e.g. "
                            "EUR)"),
                           ("indexation.csv:3: material_id: material M1 is not covered by contract K2 "
                            "(contract_materials.csv)"),
                           "indexation.csv:4: fallback_index_id: is index_id (a fallback is another index)",
                           "indexation.csv:5: fallback_base_value: is empty (fallback_index_id needs it)",
                           "indexation.csv:6: index_id: index CU is in USD, contract K2 in EUR",
                           ("kpis.csv:2: target: 'x' is not a number (expected digits, optional '.' and fraction, "
                            "no sign)"),
                           "kpis.csv:4: contract_id: unknown contract 'K4'"}));
  EXPECT_NE(evaluation_problems_.find("qz3"), std::string::npos);
  EXPECT_TRUE(data_.kpis.empty());
  EXPECT_TRUE(data_.milestones.empty());
  EXPECT_TRUE(data_.indexations.empty());
}

TEST_F(ContractsReaderTest, EventsNameDeliveriesAsComplaintsDo) {
  Write("deliveries.csv",
        "delivery_id,supplier_id,plant_id,material_id,due_date,due_qty,receipt_date,received_qty\n"
        "D1,S1,P1,M1,2026-01-05,100,2026-01-05,100\n"
        "D2,S1,P1,M2,2026-01-06,0,2026-01-07,100\n");  // faulty: known, no material
  Write("complaints.csv",
        "complaint_id,supplier_id,plant_id,date,type,justified,status,delivery_id\n"
        "Q1,S1,P1,2026-01-20,complaint,yes,open,D1\n");
  Write("events.csv",
        "event_id,supplier_id,plant_id,date,kind,delivery_id\n"
        "E1,S1,P1,2026-02-01,stop_ship,D1\nE2,S1,P1,2026-02-01,stop_ship,D2\n"
        "E3,S1,P1,2026-02-01,stop_ship,D7\nE4,S1,P1,2026-02-01,stop_ship,D7\n"
        "E4,S1,P1,2026-02-01,stop_ship,D8\n");
  EXPECT_EQ(Read(), (Lines{"events.csv:6: event_id: duplicate id 'E4' (first at line 5)",
                           "events.csv:4: delivery_id: unknown delivery 'D7' (not in deliveries.csv)",
                           "events.csv:5: delivery_id: unknown delivery 'D7' (not in deliveries.csv)"}));
  ASSERT_EQ(data_.events.size(), 4U);
  EXPECT_EQ(data_.events[0].material, 0U) << "shares the complaint's slot";
  EXPECT_EQ(data_.events[1].material, core::kNoIndex);
  EXPECT_EQ(master_.referenced_delivery_ids, (std::vector<std::string>{"D1", "D2", "D7"}));
  EXPECT_EQ(named_, std::vector<std::string>{"D1"});
}

TEST_F(ContractsReaderTest, AnUnreadableFileNamesNoFollowOnProblems) {
  Write("contract_materials.csv", "contract_id\nK1\n");
  Write("price_tiers.csv", "contract_id,material_id,from_qty,unit_price\nK1,M1,0,4\n");
  Write("indices.csv", "");
  Write("index_values.csv", "index_id,date,value\nAL,2026-01-31,1\n");
  EXPECT_EQ(Read(), (Lines{"contract_materials.csv:1: -: missing required column 'material_id'",
                           "indices.csv:1: -: the file is empty (a header row is required)"}));
  EXPECT_TRUE(data_.price_tiers.empty());
  EXPECT_TRUE(data_.index_values.empty());
}

TEST_F(ContractsReaderTest, CellsThatAreNotTextAreNamed) {
  Write("milestones.csv", "milestone_id,contract_id,name,due_date\nMS1,K1,\xff\xfe,2026-01-01\n");
  const Lines lines = Read();
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0].rfind("milestones.csv:2: name: ", 0), 0U) << lines[0];
  EXPECT_TRUE(data_.milestones.empty());
}

TEST_F(ContractsReaderTest, UpToAHundredMessagesThenTheCount) {
  std::string rows = "milestone_id,contract_id,due_date\n";
  for (int i = 0; i < 150; ++i) rows += "MS" + std::to_string(i) + ",K1,someday\n";
  Write("milestones.csv", rows);
  const Lines lines = Read();
  ASSERT_EQ(lines.size(), 100U);
  EXPECT_EQ(lines.back(), "milestones.csv:101: due_date: 'someday' is not a date (expected YYYY-MM-DD)");
  EXPECT_EQ(count_, 150U);
}

// The records as the health check (§11) takes them: read from a folder, they
// give the findings the spec's table names.
TEST_F(ContractsReaderTest, TheHealthCheckReadsTheRecords) {
  Write("contracts.csv",
        "contract_id,supplier_id,type,start,currency,ip_to_partner,ip_term,force_majeure,contingency_logistics,"
        "steering_committee,software_escrow,exclusive,dual_source_lead_days\n"
        "K1,S1,license,2026-01-01,EUR,global,perpetual,objective,,,yes,,\n"
        "K2,S2,joint_venture,2026-01-01,EUR,,,objective,yes,yes,,,200\n");
  Write("contract_materials.csv", "contract_id,material_id\nK2,M3\n");
  Write("indices.csv", "index_id,currency\nAL,EUR\n");
  Write("indexation.csv", "contract_id,material_id,index_id,content,base_value,floor\nK2,M3,AL,1,2,0\n");
  ASSERT_EQ(Read(), Lines{});
  std::vector<std::string> findings;
  for (const cc::Finding& finding : cc::CheckContracts(contract_rules_, data_, master_)) {
    findings.push_back(finding.contract_id + " " + finding.finding + " " + finding.detail);
  }
  EXPECT_EQ(findings, (Lines{"K1 broad_ip_grant global perpetual", "K2 index_without_collar M3 AL",
                             "K2 index_without_fallback M3 AL"}));
}

TEST_F(ContractsReaderTest, FileNamesInReadingOrder) {
  const std::vector<std::string>& names = ContractsReader::FileNames();
  ASSERT_EQ(names.size(), 17U);
  EXPECT_EQ(names.front(), "contracts.csv");
  EXPECT_EQ(names[1], "contract_materials.csv");
  EXPECT_EQ(names.back(), "emissions.csv");
}

TEST_F(ContractsReaderTest, AFolderHoldsTheEvaluationsFilesThenTheContractFiles) {
  const std::vector<std::string>& folder = ContractsReader::FolderFileNames();
  const std::vector<std::string>& evaluation = DatasetReader::FileNames();
  const std::vector<std::string>& contract_files = ContractsReader::FileNames();
  ASSERT_EQ(folder.size(), evaluation.size() + contract_files.size());
  EXPECT_TRUE(std::equal(evaluation.begin(), evaluation.end(), folder.begin()));
  EXPECT_TRUE(std::equal(contract_files.begin(), contract_files.end(), folder.begin() + evaluation.size()));
}

}  // namespace
}  // namespace supeval::io
