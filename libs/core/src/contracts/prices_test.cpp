// Volume tiers and spend (CONTRACTS.md §5), the §13 tier example included.
#include <gtest/gtest.h>

#include "contracts/settlement_parts.hpp"
#include "contracts/settlement_test_fixture.hpp"

namespace supeval::core::contracts {
namespace {

// §13: bands 0 → 4.00, 500 → 3.80, 2000 → 3.50; Q1 300 then 200, Q2 1600.
Book TierExample(TierMode mode) {
  Book book;
  const Index contract = book.AddContract("K1", "2026-01-01");
  book.data.contracts[contract].tier_mode = mode;
  book.AddTier(contract, 0, "0", "4.00");
  book.AddTier(contract, 0, "500", "3.80");
  book.AddTier(contract, 0, "2000", "3.50");
  book.Deliver("2026-01-15", "300");
  book.Deliver("2026-02-15", "200");
  book.Deliver("2026-04-15", "1600");
  return book;
}

std::int64_t TierCents(const Book& book, std::string_view period) {
  const Settlement settlement = book.Settle(period);
  EXPECT_TRUE(settlement.errors.empty());
  return LineOf(settlement, "volume_tier").amount_cents;
}

TEST(VolumeTiers, AllUnitsWorkedExample) {
  const Book book = TierExample(TierMode::kAllUnits);
  const Settlement q1 = book.Settle("2026-Q1");
  const SettlementLine first = LineOf(q1, "volume_tier");
  EXPECT_EQ(first.amount_cents, -10000);
  EXPECT_EQ(first.ref, "2026-01-01");
  EXPECT_EQ(first.status, "all_units");
  EXPECT_EQ(first.quantity, "500");
  EXPECT_EQ(first.actual, "500");
  EXPECT_EQ(first.target, "500");  // 500 lies in the band from 500
  EXPECT_EQ(first.rate, "3.8");
  EXPECT_EQ(first.spend, "2000.00");
  const SettlementLine second = LineOf(book.Settle("2026-Q2"), "volume_tier");
  EXPECT_EQ(second.amount_cents, -95000);
  EXPECT_EQ(second.quantity, "1600");
  EXPECT_EQ(second.actual, "2100");
  EXPECT_EQ(second.target, "2000");
  EXPECT_EQ(second.rate, "3.5");
  EXPECT_EQ(second.steps.back(), "amount = round2(-1050) − round2(-100) = -950.00");
  EXPECT_EQ(TierCents(book, "2026-H1"), -105000);
}

TEST(VolumeTiers, GraduatedWorkedExample) {
  const Book book = TierExample(TierMode::kGraduated);
  EXPECT_EQ(TierCents(book, "2026-Q1"), 0);
  EXPECT_EQ(TierCents(book, "2026-Q2"), -35000);
}

TEST(VolumeTiers, RunningWorkedExample) {
  const Book book = TierExample(TierMode::kRunning);
  EXPECT_EQ(TierCents(book, "2026-Q1"), 0);
  EXPECT_EQ(TierCents(book, "2026-Q2"), -32000);
}

TEST(VolumeTiers, TheRuleSetModeAppliesWhenTheContractLeavesItEmpty) {
  Book book = TierExample(TierMode::kAllUnits);
  book.data.contracts[0].tier_mode.reset();
  book.rules.tier_mode = TierMode::kGraduated;
  EXPECT_EQ(LineOf(book.Settle("2026-Q2"), "volume_tier").status, "graduated");
  EXPECT_EQ(TierCents(book, "2026-Q2"), -35000);
}

TEST(VolumeTiers, JustUnderABandEdgeStaysInTheLowerBand) {
  Book book = TierExample(TierMode::kAllUnits);
  book.deliveries = {};
  book.Deliver("2026-01-15", "499.999999");
  const SettlementLine line = LineOf(book.Settle("2026-Q1"), "volume_tier");
  EXPECT_EQ(line.target, "0");
  EXPECT_EQ(line.amount_cents, 0);
  book.Deliver("2026-01-16", "0.000002");  // 500.000001: just over
  EXPECT_EQ(LineOf(book.Settle("2026-Q1"), "volume_tier").target, "500");
}

// A year's quantity exactly on the edge 2000 (500 + 1500 in two deliveries).
Book OnTheEdge(TierMode mode) {
  Book book = TierExample(mode);
  book.deliveries = {};
  book.Deliver("2026-01-15", "500");
  book.Deliver("2026-01-16", "1500");
  return book;
}

TEST(VolumeTiers, AQuantityOnABandEdgeInEachMode) {
  // all_units: 2000 × 3.50 − 2000 × 4.
  EXPECT_EQ(TierCents(OnTheEdge(TierMode::kAllUnits), "2026-01"), -100000);
  // graduated: 500 × 4 + 1500 × 3.80 − 2000 × 4; the band from 2000 holds nothing yet.
  EXPECT_EQ(TierCents(OnTheEdge(TierMode::kGraduated), "2026-01"), -30000);
  // running: the first 500 at 4 (0 before), the 1500 at 3.80 (500 before: the band from 500).
  EXPECT_EQ(TierCents(OnTheEdge(TierMode::kRunning), "2026-01"), -30000);
  const SettlementLine line = LineOf(OnTheEdge(TierMode::kGraduated).Settle("2026-01"), "volume_tier");
  EXPECT_EQ(line.target, "2000");
  EXPECT_EQ(line.rate, "3.5");
}

TEST(VolumeTiers, RunningPricesEachDeliveryByWhatPrecedesItIncludingSameDayByDeliveryId) {
  Book book;
  const Index contract = book.AddContract("K1", "2026-01-01");
  book.data.contracts[contract].tier_mode = TierMode::kRunning;
  book.AddTier(contract, 0, "0", "4");
  book.AddTier(contract, 0, "100", "3");
  // Same day: "…A" (50) precedes "…B" (100) by delivery_id whatever the feed
  // order (and the accumulator each went to; long ids, kept beside the sums).
  book.Deliver("2026-01-10", "100", 0, "DELIVERY-LONG-ID-B");
  book.Deliver("2026-01-10", "50", 0, "DELIVERY-LONG-ID-A");
  book.Deliver("2026-01-11", "10", 0, "DELIVERY-LONG-ID-C");
  // A at 4 (0 before), B at 4 (50 before), C at 3 (150 before): A = −10.
  EXPECT_EQ(TierCents(book, "2026-01"), -1000);
}

// Prices with a third of a cent per unit make each period's A(t) round.
Book OddPriceYear(TierMode mode) {
  Book book;
  const Index contract = book.AddContract("K1", "2026-01-01");
  book.data.contracts[contract].tier_mode = mode;
  book.AddTier(contract, 0, "0", "1");
  book.AddTier(contract, 0, "7", "0.996667");
  book.AddTier(contract, 0, "20", "0.993333");
  for (int month = 1; month <= 12; ++month) {
    book.Deliver(Date::FromCivil(2026, month, 3).ToString(), std::to_string(month % 4 + 1) + ".5");
  }
  return book;
}

TEST(VolumeTiers, ConsecutivePeriodsAddUpToTheYearsRoundedAdjustment) {
  for (const TierMode mode : {TierMode::kAllUnits, TierMode::kGraduated, TierMode::kRunning}) {
    const Book book = OddPriceYear(mode);
    std::int64_t months = 0;
    for (int month = 1; month <= 12; ++month) {
      months += TierCents(book, Date::FromCivil(2026, month, 1).ToString().substr(0, 7));
    }
    EXPECT_EQ(months, TierCents(book, "2026")) << NameOf(mode);
    EXPECT_NE(months, 0) << NameOf(mode);
  }
}

TEST(VolumeTiers, BandsResetEachContractYearAndAPeriodAcrossTwoYearsGetsTwoLines) {
  Book book;
  const Index contract = book.AddContract("K1", "2025-07-01");
  book.AddTier(contract, 0, "0", "4");
  book.AddTier(contract, 0, "500", "3");
  book.Deliver("2025-12-01", "400");  // year 0, before the period
  book.Deliver("2026-06-30", "200");  // year 0: 600 → band 500, credits the 400 too
  book.Deliver("2026-07-01", "200");  // year 1 from its first day: 200 → list price
  const Settlement settlement = book.Settle("2026");
  const std::vector<SettlementLine> lines = LinesOf(settlement, "volume_tier");
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0].ref, "2025-07-01");
  EXPECT_EQ(lines[0].quantity, "200");
  EXPECT_EQ(lines[0].actual, "600");
  EXPECT_EQ(lines[0].amount_cents, -60000);  // A(t1) = 600 × (3 − 4), A(t0) = 0 (400 in band 0)
  EXPECT_EQ(lines[1].ref, "2026-07-01");
  EXPECT_EQ(lines[1].actual, "200");
  EXPECT_EQ(lines[1].amount_cents, 0);
}

TEST(VolumeTiers, AYearWithoutADeliveryInThePeriodGetsNoLine) {
  Book book;
  const Index contract = book.AddContract("K1", "2025-07-01");
  book.AddTier(contract, 0, "0", "4");
  book.Deliver("2026-07-02", "5");
  const Settlement settlement = book.Settle("2026");
  ASSERT_EQ(LinesOf(settlement, "volume_tier").size(), 1U);
  EXPECT_EQ(LineOf(settlement, "volume_tier").ref, "2026-07-01");
}

TEST(ContractYears, StartPlusYearsIsClampedToTheMonthsEndFromTheStartItself) {
  Contract contract;
  contract.start = D("2024-02-29");
  EXPECT_EQ(ContractYearStart(contract, 1), D("2025-02-28"));
  EXPECT_EQ(ContractYearStart(contract, 4), D("2028-02-29"));
  EXPECT_EQ(ContractYearOf(contract, D("2025-02-27")), 0);
  EXPECT_EQ(ContractYearOf(contract, D("2025-02-28")), 1);
  EXPECT_EQ(ContractYearOf(contract, D("2028-02-28")), 3);
  EXPECT_EQ(ContractYearOf(contract, D("2028-02-29")), 4);
}

TEST(VolumeTiers, ALeapDayStartGivesYearsFromTheClampedDays) {
  Book book;
  const Index contract = book.AddContract("K1", "2024-02-29");
  book.AddTier(contract, 0, "0", "4");
  book.AddTier(contract, 0, "10", "3");
  book.Deliver("2025-02-27", "10");  // last day of year 0
  book.Deliver("2025-02-28", "5");   // first day of year 1
  const Settlement settlement = book.Settle("2025-02");
  const std::vector<SettlementLine> lines = LinesOf(settlement, "volume_tier");
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0].ref, "2024-02-29");
  EXPECT_EQ(lines[0].amount_cents, -1000);
  EXPECT_EQ(lines[1].ref, "2025-02-28");
  EXPECT_EQ(lines[1].amount_cents, 0);
}

TEST(Spend, IsTheListValueOfPricedSeriesDeliveriesInThePeriod) {
  Book book;
  const Index contract = book.AddContract("K1", "2026-01-01", std::nullopt, {0, 1});
  book.AddTier(contract, 0, "0", "2.5");
  book.AddTier(contract, 0, "10", "1");  // tiers never change the spend
  book.Deliver("2026-01-10", "100");
  book.Deliver("2026-01-11", "7", 1);  // M2 has no price: unpriced
  book.Deliver("2025-12-31", "50");    // before the period (and the term)
  book.deliveries.push_back({"SMP", 0, 0, D("2026-01-12"), Q("9"), DeliveryType::kSample});
  const SettlementPlan plan({book.rules, book.data, book.master, P("2026-01")});
  SettlementAccumulator accumulator(plan);
  book.Feed(accumulator, accumulator);
  const ContractView view{plan.impl(), accumulator.state(), contract, nullptr};
  EXPECT_EQ(Spend(view), Rational(250));
}

}  // namespace
}  // namespace supeval::core::contracts
