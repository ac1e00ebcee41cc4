// KPI clauses (CONTRACTS.md §6): actuals, shortfall, clause and contract
// caps, "one incident, one remedy"; the §13 KPI example.
#include <gtest/gtest.h>

#include "contracts/settlement_test_fixture.hpp"

namespace supeval::core::contracts {
namespace {

// Spend 40000 in 2026-Q1: 10000 pieces at the list price 4.00.
Book KpiBook() {
  Book book;
  book.AddContract("K1", "2026-01-01");
  book.AddTier(0, 0, "0", "4.00");
  book.Deliver("2026-02-01", "10000");
  return book;
}

void AddClause(Book& book, std::string id, Kpi kpi, std::string_view target, std::string_view penalty_rate,
               std::string_view bonus_rate = "0") {
  KpiClause clause;
  clause.id = std::move(id);
  clause.contract = 0;
  clause.kpi = kpi;
  clause.target = R(target);
  clause.penalty_rate = R(penalty_rate);
  clause.bonus_rate = R(bonus_rate);
  book.data.kpis.push_back(clause);
}

std::vector<std::optional<SliceFigures>> Slice(const SliceFigures& figures) { return {figures}; }

TEST(KpiClauses, WorkedExample) {
  Book book = KpiBook();
  AddClause(book, "K1-OT", Kpi::kOnTimeRate, "95", "0.002");
  AddClause(book, "K2-LZ1", Kpi::kLz1, "95", "0.005");
  AddClause(book, "K3-PPM", Kpi::kPpm, "800", "0.0001");
  SliceFigures figures;
  figures.on_time_rate = R("88");
  figures.lz1 = R("93");
  figures.ppm = R("1200");
  const Settlement settlement = book.Settle("2026-Q1", Slice(figures));
  const SettlementLine on_time = LineOf(settlement, "kpi", "K1-OT");
  EXPECT_EQ(on_time.status, "missed");
  EXPECT_EQ(on_time.actual, "88");
  EXPECT_EQ(on_time.target, "95");
  EXPECT_EQ(on_time.shortfall, "7");
  EXPECT_EQ(on_time.rate, "0.002");
  EXPECT_EQ(on_time.spend, "40000.00");
  EXPECT_EQ(on_time.cap, "2000.00");
  EXPECT_EQ(on_time.amount_cents, -56000);
  const SettlementLine lz1 = LineOf(settlement, "kpi", "K2-LZ1");
  EXPECT_EQ(lz1.status, "superseded");
  EXPECT_EQ(lz1.note, "superseded by K1-OT");
  EXPECT_EQ(lz1.amount_cents, 0);
  EXPECT_EQ(lz1.shortfall, "2");
  EXPECT_EQ(LineOf(settlement, "kpi", "K3-PPM").amount_cents, -160000);
  const SettlementLine cap = LineOf(settlement, "penalty_cap");
  EXPECT_EQ(cap.amount_cents, 16000);
  EXPECT_EQ(cap.actual, "2160");
  EXPECT_EQ(cap.rate, "0.05");
  EXPECT_EQ(cap.spend, "40000.00");
  EXPECT_EQ(cap.cap, "2000.00");
  EXPECT_TRUE(LinesOf(settlement, "bonus_cap").empty());
}

TEST(KpiClauses, ChargedPenaltiesEqualToTheContractCapGetNoCapLine) {
  Book book = KpiBook();
  AddClause(book, "K1", Kpi::kOnTimeRate, "95", "0.005");  // 0.005 × 10 × 40000 = 2000
  SliceFigures figures;
  figures.on_time_rate = R("85");
  const Settlement settlement = book.Settle("2026-Q1", Slice(figures));
  EXPECT_EQ(LineOf(settlement, "kpi", "K1").amount_cents, -200000);
  EXPECT_TRUE(LinesOf(settlement, "penalty_cap").empty());
}

TEST(KpiClauses, NotAssessedPaysNothingAndLeavesTheFiguresEmpty) {
  Book book = KpiBook();
  AddClause(book, "K1", Kpi::kTotal, "80", "0.01", "0.01");
  const SettlementLine line = LineOf(book.Settle("2026-Q1"), "kpi", "K1");
  EXPECT_EQ(line.status, "not_assessed");
  EXPECT_EQ(line.actual, "");
  EXPECT_EQ(line.shortfall, "");
  EXPECT_EQ(line.rate, "");
  EXPECT_EQ(line.cap, "");
  EXPECT_EQ(line.target, "80");
  EXPECT_EQ(line.spend, "40000.00");
  EXPECT_EQ(line.amount_cents, 0);
}

TEST(KpiClauses, MetExactlyLeavesTheRateEmptyAndAmountZero) {
  Book book = KpiBook();
  AddClause(book, "K1", Kpi::kQz, "80", "0.01", "0.01");
  SliceFigures figures;
  figures.qz = R("80");
  const SettlementLine line = LineOf(book.Settle("2026-Q1", Slice(figures)), "kpi", "K1");
  EXPECT_EQ(line.status, "met");
  EXPECT_EQ(line.shortfall, "0");
  EXPECT_EQ(line.rate, "");
  EXPECT_EQ(line.cap, "2000.00");
  EXPECT_EQ(line.amount_cents, 0);
}

TEST(KpiClauses, AClausePenaltyStopsAtItsCapShare) {
  Book book = KpiBook();
  AddClause(book, "K1", Kpi::kQz1, "90", "1");
  book.data.kpis[0].cap_share = R("0.001");  // 40.00
  SliceFigures figures;
  figures.qz1 = R("80");  // 1 × 10 × 40000, capped at 40
  const SettlementLine line = LineOf(book.Settle("2026-Q1", Slice(figures)), "kpi", "K1");
  EXPECT_EQ(line.cap, "40.00");
  EXPECT_EQ(line.amount_cents, -4000);
  book.data.kpis[0].penalty_rate = R("0.0001");  // 0.0001 × 10 × 40000 = 40: the cap exactly
  EXPECT_EQ(LineOf(book.Settle("2026-Q1", Slice(figures)), "kpi", "K1").amount_cents, -4000);
  book.data.kpis[0].penalty_rate = R("0.00009");
  EXPECT_EQ(LineOf(book.Settle("2026-Q1", Slice(figures)), "kpi", "K1").amount_cents, -3600);
}

TEST(KpiClauses, EqualPenaltiesSharingAKindChargeTheFirstClauseId) {
  Book book = KpiBook();
  AddClause(book, "KB", Kpi::kLz2, "90", "0.001");
  AddClause(book, "KA", Kpi::kLz1, "90", "0.001");
  SliceFigures figures;
  figures.lz1 = R("80");
  figures.lz2 = R("80");
  const Settlement settlement = book.Settle("2026-Q1", Slice(figures));
  EXPECT_EQ(LineOf(settlement, "kpi", "KA").amount_cents, -40000);
  EXPECT_EQ(LineOf(settlement, "kpi", "KB").note, "superseded by KA");
}

TEST(KpiClauses, ClausesWithoutASharedKindAreBothCharged) {
  Book book = KpiBook();
  AddClause(book, "K1", Kpi::kQz3, "90", "0.001");  // certification
  AddClause(book, "K2", Kpi::kQz1, "90", "0.001");  // quality
  AddClause(book, "K3", Kpi::kQz, "90", "0.002");   // quality + certification: the largest
  SliceFigures figures;
  figures.qz3 = R("80");
  figures.qz1 = R("80");
  figures.qz = R("89");
  const Settlement settlement = book.Settle("2026-Q1", Slice(figures));
  // K1 and K2 (400 each) beat K3 (80); K2 shares nothing with K1.
  EXPECT_EQ(LineOf(settlement, "kpi", "K1").amount_cents, -40000);
  EXPECT_EQ(LineOf(settlement, "kpi", "K2").amount_cents, -40000);
  EXPECT_EQ(LineOf(settlement, "kpi", "K3").note, "superseded by K1");
}

TEST(KpiClauses, ABonusSharingAKindWithAChargedPenaltyIsSuperseded) {
  Book book = KpiBook();
  AddClause(book, "K1", Kpi::kOnTimeRate, "95", "0.001");
  AddClause(book, "K2", Kpi::kLz, "90", "0", "0.0001");
  AddClause(book, "K3", Kpi::kLz2, "90", "0", "0.00005");
  AddClause(book, "K4", Kpi::kPpm, "800", "0", "0.000001");
  SliceFigures figures;
  figures.on_time_rate = R("94");
  figures.lz = R("100");
  figures.lz2 = R("100");
  figures.ppm = R("700");
  const Settlement settlement = book.Settle("2026-Q1", Slice(figures));
  EXPECT_EQ(LineOf(settlement, "kpi", "K2").note, "superseded by K1");
  EXPECT_EQ(LineOf(settlement, "kpi", "K2").status, "superseded");
  EXPECT_EQ(LineOf(settlement, "kpi", "K3").note, "superseded by K1");
  const SettlementLine bonus = LineOf(settlement, "kpi", "K4");
  EXPECT_EQ(bonus.status, "met");
  EXPECT_EQ(bonus.rate, "0.000001");
  EXPECT_EQ(bonus.cap, "");
  EXPECT_EQ(bonus.amount_cents, 400);  // 0.000001 × 100 × 40000
}

TEST(KpiClauses, ABonusSharingAKindWithAChargedBonusIsSupersededAndTheBonusCapApplies) {
  Book book = KpiBook();
  AddClause(book, "K1", Kpi::kLz, "90", "0", "0.002");   // 0.002 × 10 × 40000 = 800
  AddClause(book, "K2", Kpi::kLz1, "90", "0", "0.001");  // 400, delivery too
  AddClause(book, "K3", Kpi::kQz, "90", "0", "0.001");   // 400
  SliceFigures figures;
  figures.lz = R("100");
  figures.lz1 = R("100");
  figures.qz = R("100");
  const Settlement settlement = book.Settle("2026-Q1", Slice(figures));
  EXPECT_EQ(LineOf(settlement, "kpi", "K2").note, "superseded by K1");
  EXPECT_EQ(LineOf(settlement, "kpi", "K3").amount_cents, 40000);
  const SettlementLine cap = LineOf(settlement, "bonus_cap");  // 1200 > 0.02 × 40000
  EXPECT_EQ(cap.amount_cents, -40000);
  EXPECT_EQ(cap.actual, "1200");
  EXPECT_EQ(cap.cap, "800.00");
}

TEST(KpiClauses, MilestonesOnTimeHasThePaymentsDueAsBaseAndNoContractCap) {
  Book book = KpiBook();
  book.data.contracts[0].penalty_cap_share = R("0");
  book.data.milestones.push_back({"MA", 0, "", D("2026-02-01"), D("2026-02-01"), R("1000"), false});
  book.data.milestones.push_back({"MB", 0, "", D("2026-03-01"), D("2026-03-02"), R("3000"), false});
  book.data.milestones.push_back({"MC", 0, "", D("2026-04-01"), std::nullopt, R("9000"), false});
  AddClause(book, "K1", Kpi::kMilestonesOnTime, "100", "0.001");
  book.data.kpis[0].cap_share = R("1");
  const Settlement settlement = book.Settle("2026-Q1");
  const SettlementLine line = LineOf(settlement, "kpi", "K1");
  EXPECT_EQ(line.actual, "50");
  EXPECT_EQ(line.spend, "4000.00");
  EXPECT_EQ(line.amount_cents, -20000);  // 0.001 × 50 × 4000
  EXPECT_TRUE(LinesOf(settlement, "penalty_cap").empty());
}

TEST(KpiClauses, MilestonesOnTimeWithNoneDueIsNotAssessed) {
  Book book = KpiBook();
  AddClause(book, "K1", Kpi::kMilestonesOnTime, "100", "0.001");
  EXPECT_EQ(LineOf(book.Settle("2026-Q1"), "kpi", "K1").status, "not_assessed");
}

TEST(KpiClauses, WarrantyPpmSetsClaimsInThePeriodAgainstTheWindowsDeliveries) {
  Book book = KpiBook();
  book.data.contracts[0].start = D("2025-01-01");
  book.Deliver("2025-04-01", "10000");  // inside the 12 months before 2026-03-31
  book.Deliver("2025-03-31", "70000");  // outside
  book.data.warranty_claims.push_back({"W1", 0, 0, D("2026-03-01"), Q("10"), R("0.5")});
  book.data.warranty_claims.push_back({"W2", 0, 0, D("2025-12-31"), Q("99"), R("1")});  // before the period
  book.data.warranty_claims.push_back({"W3", 0, 1, D("2026-03-01"), Q("99"), R("1")});  // not covered
  AddClause(book, "K1", Kpi::kWarrantyPpm, "200", "0.00001");
  const SettlementLine line = LineOf(book.Settle("2026-Q1"), "kpi", "K1");
  EXPECT_EQ(line.actual, "250");  // 5 ÷ 20000 × 10^6
  EXPECT_EQ(line.shortfall, "50");
  EXPECT_EQ(line.amount_cents, -2000);  // 0.00001 × 50 × 40000
}

TEST(KpiClauses, Co2PerUnitIsSpendWeightedOverMaterialsWithADeclaration) {
  Book book;
  book.AddContract("K1", "2026-01-01", std::nullopt, {0, 1});
  book.AddTier(0, 0, "0", "1");
  book.AddTier(0, 1, "0", "3");
  book.Deliver("2026-02-01", "100");     // spend 100, 2 kg
  book.Deliver("2026-02-01", "100", 1);  // spend 300, 6 kg
  book.data.emissions.push_back({0, 0, P("2026-Q1"), R("2")});
  book.data.emissions.push_back({0, 1, P("2026-01-01..2026-03-31"), R("6")});
  book.data.emissions.push_back({0, 1, P("2026-H1"), R("1000")});  // other dates
  AddClause(book, "K1", Kpi::kCo2PerUnit, "5", "0.01");
  const SettlementLine line = LineOf(book.Settle("2026-Q1"), "kpi", "K1");
  EXPECT_EQ(line.actual, "5");  // (100 × 2 + 300 × 6) ÷ 400
  EXPECT_EQ(line.status, "met");
}

}  // namespace
}  // namespace supeval::core::contracts
