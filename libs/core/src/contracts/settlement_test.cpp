// The assembled settlement (CONTRACTS.md §8): line order, shared columns,
// cells, re-settling with delta and withdrawn lines, settled periods that
// overlap.
#include <gtest/gtest.h>

#include <algorithm>

#include "contracts/settlement_parts.hpp"
#include "contracts/settlement_test_fixture.hpp"

namespace supeval::core::contracts {
namespace {

// Two contracts, registered out of id order: KB (M1, M2 with tiers, a
// milestone, a KPI) and KA (M1 of S2 would be another supplier: here M1 of
// S1 after KB's term).
Book OrderBook() {
  Book book;
  book.AddContract("KB", "2026-01-01", "2026-03-31", {1, 0});
  book.AddContract("KA", "2026-04-01", std::nullopt, {0});
  book.AddTier(0, 0, "0", "2");
  book.AddTier(0, 0, "10", "1");
  book.AddTier(0, 1, "0", "3");
  book.AddTier(0, 1, "10", "2");
  book.AddTier(1, 0, "0", "5");
  book.data.milestones.push_back({"MS", 0, "", D("2026-02-01"), D("2026-02-01"), R("10"), false});
  KpiClause clause;
  clause.id = "K1";
  clause.contract = 0;
  clause.kpi = Kpi::kOnTimeRate;
  clause.target = R("95");
  book.data.kpis.push_back(clause);
  book.Deliver("2026-02-01", "20", 1);
  book.Deliver("2026-02-01", "20", 0);
  book.Deliver("2026-04-02", "1", 0);
  return book;
}

TEST(Settlement, LinesComeByContractIdThenKindThenMaterialThenRef) {
  const Settlement settlement = OrderBook().Settle("2026-H1");
  ASSERT_TRUE(settlement.errors.empty());
  std::vector<std::string> keys;
  for (const SettlementLine& line : settlement.lines) {
    keys.push_back(line.contract_id + " " + line.kind + " " + line.material_id + " " + line.ref);
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"KA volume_tier M1 2026-04-01", "KB volume_tier M1 2026-01-01",
                                            "KB volume_tier M2 2026-01-01", "KB milestone  MS", "KB kpi  K1"}));
  const SettlementLine& first = settlement.lines[1];
  EXPECT_EQ(first.supplier_id, "S1");
  EXPECT_EQ(first.period, "2026-H1");
  EXPECT_EQ(first.currency, "EUR");
  EXPECT_EQ(first.line_type, "original");
  EXPECT_FALSE(first.settled_before_cents.has_value());
}

TEST(Settlement, CellsFollowTheHeaderAndFormatMoney) {
  const Settlement settlement = OrderBook().Settle("2026-H1");
  ASSERT_EQ(SettlementColumns().size(), 19U);
  EXPECT_EQ(SettlementColumns().front(), "contract_id");
  EXPECT_EQ(SettlementColumns()[15], "amount");
  EXPECT_EQ(SettlementColumns().back(), "note");
  EXPECT_EQ(SettlementCells(settlement.lines[1]),
            (std::vector<std::string>{"KB", "S1", "2026-H1", "EUR", "volume_tier", "2026-01-01", "M1", "all_units",
                                      "20", "20", "10", "", "1", "40.00", "", "-20.00", "original", "", ""}));
}

TEST(Settlement, FormatCentsNeverWritesMinusZero) {
  EXPECT_EQ(FormatCents(0), "0.00");
  EXPECT_EQ(FormatCents(-5), "-0.05");
  EXPECT_EQ(FormatCents(12345), "123.45");
  EXPECT_EQ(FormatCents(-100), "-1.00");
}

TEST(Settlement, MoneyRoundsHalfAwayFromZeroOnlyWhereTheAmountIsFormed) {
  EXPECT_EQ(Cents(R("0.125")), 13);
  EXPECT_EQ(Cents(R("-0.125")), -13);
  EXPECT_EQ(Cents(R("-0.124999")), -12);
  EXPECT_EQ(Cents(Rational::Of(-1, 200)), -1);
}

void Settled(Book& book, Index contract, std::string_view period, std::string kind, std::string ref,
             std::string material, std::string_view amount) {
  book.data.settled.push_back({contract, P(period), std::move(kind), std::move(ref), std::move(material), R(amount),
                               book.data.settled.size() + 2});
}

TEST(Settlement, ASettledContractGetsDeltaLinesForEveryKeyOfEitherSide) {
  Book book = OrderBook();
  Settled(book, 0, "2026-H1", "volume_tier", "2026-01-01", "M1", "-15.00");
  Settled(book, 0, "2026-01-01..2026-06-30", "volume_tier", "2026-01-01", "M1", "-1.50");  // same dates
  Settled(book, 0, "2026-H1", "tooling", "T9", "M1", "7.25");
  const Settlement settlement = book.Settle("2026-H1");
  ASSERT_TRUE(settlement.errors.empty());
  const SettlementLine tier = LineOf(settlement, "volume_tier", "2026-01-01", "M1");
  EXPECT_EQ(tier.line_type, "delta");
  EXPECT_EQ(tier.settled_before_cents, -1650);
  EXPECT_EQ(tier.amount_cents, -2000 + 1650);
  const SettlementLine kpi = LineOf(settlement, "kpi", "K1");  // a new key: 0.00 before
  EXPECT_EQ(kpi.settled_before_cents, 0);
  EXPECT_EQ(kpi.line_type, "delta");
  const SettlementLine withdrawn = LineOf(settlement, "tooling", "T9");
  EXPECT_EQ(withdrawn.status, "withdrawn");
  EXPECT_EQ(withdrawn.amount_cents, -725);
  EXPECT_EQ(withdrawn.material_id, "M1");
  EXPECT_EQ(withdrawn.quantity, "");
  EXPECT_EQ(withdrawn.contract_id, "KB");
  EXPECT_EQ(LineOf(settlement, "volume_tier", "2026-04-01").line_type, "original");  // KA: nothing settled
  EXPECT_EQ(SettlementCells(withdrawn)[17], "7.25");
  EXPECT_EQ(withdrawn.steps.back(), "no longer computed: amount = 0.00 − settled before 7.25 = -7.25");
}

TEST(Settlement, AContractOutOfTermWithSettledLinesWithdrawsAllButItsMilestones) {
  Book book = OrderBook();
  book.data.contracts[0].end = D("2026-01-31");
  book.data.contracts[0].start = D("2025-01-01");
  Settled(book, 0, "2026-02", "volume_tier", "2026-01-01", "M1", "-20.00");
  Settled(book, 0, "2026-02", "milestone", "MS", "", "10.00");
  const Settlement settlement = book.Settle("2026-02");
  ASSERT_EQ(settlement.lines.size(), 2U);
  EXPECT_EQ(settlement.lines[0].status, "withdrawn");
  EXPECT_EQ(settlement.lines[0].amount_cents, 2000);
  EXPECT_EQ(settlement.lines[1].kind, "milestone");
  EXPECT_EQ(settlement.lines[1].amount_cents, 0);
  EXPECT_EQ(settlement.lines[1].status, "on_time");
}

TEST(Settlement, ASettledPeriodOverlappingWithoutBeingEqualIsBadInput) {
  Book book = OrderBook();
  Settled(book, 0, "2026-Q1", "kpi", "K1", "", "0.00");
  Settled(book, 0, "2025", "kpi", "K1", "", "0.00");  // no overlap: fine
  Settled(book, 1, "2026-06-30..2026-07-31", "kpi", "K1", "", "0.00");
  const Settlement settlement = book.Settle("2026-H1");
  EXPECT_TRUE(settlement.lines.empty());
  ASSERT_EQ(settlement.errors.size(), 2U);
  EXPECT_EQ(settlement.errors[0].ToString(),
            "settled.csv:2: period: 2026-Q1 overlaps the settled period 2026-H1 without being equal to it");
  EXPECT_EQ(settlement.errors[1].location.line, 4U);
}

TEST(Settlement, DeliveriesOfAnotherSupplierOrOutsideTheTermDoNotCount) {
  Book book = OrderBook();
  book.deliveries.push_back({"X", 1, 0, D("2026-02-01"), Q("1000"), DeliveryType::kSeries});  // S2
  book.Deliver("2025-12-31", "1000", 1);                                                      // before KB's term
  const SettlementLine line = LineOf(book.Settle("2026-H1"), "volume_tier", "2026-01-01", "M1");
  EXPECT_EQ(line.actual, "20");
}

TEST(Settlement, TheLinesDoNotDependOnTheOrderOrSplitOfTheDeliveries) {
  Book book = OrderBook();
  book.data.contracts[0].tier_mode = TierMode::kRunning;
  book.Deliver("2026-02-01", "5", 0, "A");
  book.Deliver("2026-03-01", "7", 0, "B");
  const Settlement forward = book.Settle("2026-H1");
  std::reverse(book.deliveries.begin(), book.deliveries.end());
  const Settlement backward = book.Settle("2026-H1");
  ASSERT_EQ(forward.lines.size(), backward.lines.size());
  for (std::size_t i = 0; i < forward.lines.size(); ++i) {
    EXPECT_EQ(SettlementCells(forward.lines[i]), SettlementCells(backward.lines[i]));
  }
  const SettlementPlan plan({book.rules, book.data, book.master, P("2026-H1")});
  SettlementAccumulator accumulator(plan);
  book.Feed(accumulator, accumulator);
  accumulator.Clear();
  EXPECT_TRUE(Settle(plan, {}, accumulator).lines.size() < forward.lines.size());
}

TEST(Settlement, ExplainStepsCarryTheNumbers) {
  const Settlement settlement = OrderBook().Settle("2026-Q1");
  const SettlementLine line = LineOf(settlement, "volume_tier", "2026-01-01", "M1");
  EXPECT_EQ(line.steps.front(), "A(t0) = 0 (t0 2025-12-31 is before the year)");
  EXPECT_EQ(line.steps[1], "Q(t1) = 20 (2026-01-01..2026-03-31)");
  EXPECT_EQ(line.steps[2], "V(t1) = 20 × 1 = 20");
  EXPECT_EQ(line.steps[3], "A(t1) = 20 − 2 × 20 = -20");
}

}  // namespace
}  // namespace supeval::core::contracts
