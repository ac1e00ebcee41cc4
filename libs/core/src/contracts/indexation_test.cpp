// Indexation (CONTRACTS.md §5): fixings, fallback, dead band, sharing split,
// collar, and the missing fixings found while computing; the §13 example.
#include <gtest/gtest.h>

#include "contracts/settlement_test_fixture.hpp"

namespace supeval::core::contracts {
namespace {

// §13: content 0.5, base 2.00, dead band 0.1 (d = 0.20), share 0.5, floor
// −0.05, ceiling 0.10, `lag` 0 days; index I1 (EUR), fallback F1 (points,
// base 100). The contract has no tiers: indexation still applies.
Book IndexExample() {
  Book book;
  book.AddContract("K1", "2026-01-01");
  book.data.indices = {{"I1", "steel", "kg", "EUR"}, {"F1", "points", "", ""}};
  Indexation row;
  row.contract = 0;
  row.material = 0;
  row.index = 0;
  row.content = R("0.5");
  row.base_value = R("2.00");
  row.fixing = Fixing::kLag;
  row.lag_days = 0;
  row.dead_band = R("0.1");
  row.share = R("0.5");
  row.floor = R("-0.05");
  row.ceiling = R("0.10");
  row.fallback_index = 1;
  row.fallback_base_value = R("100");
  row.line = 2;
  book.data.indexations.push_back(row);
  return book;
}

void AddValue(Book& book, Index index, std::string_view date, std::string_view value) {
  book.data.index_values.push_back({index, D(date), R(value)});
}

SettlementLine OneDay(std::string_view fixing) {
  Book book = IndexExample();
  AddValue(book, 0, "2026-03-02", fixing);
  book.Deliver("2026-03-02", "1000");
  const Settlement settlement = book.Settle("2026-03");
  EXPECT_TRUE(settlement.errors.empty());
  return LineOf(settlement, "indexation");
}

TEST(Indexation, WorkedExampleAboveTheBand) {
  const SettlementLine line = OneDay("2.50");
  EXPECT_EQ(line.ref, "I1@2026-03-02");
  EXPECT_EQ(line.material_id, "M1");
  EXPECT_EQ(line.status, "adjusted");
  EXPECT_EQ(line.quantity, "1000");
  EXPECT_EQ(line.actual, "2.5");
  EXPECT_EQ(line.target, "2");
  EXPECT_EQ(line.rate, "0.075");
  EXPECT_EQ(line.amount_cents, 7500);
  EXPECT_EQ(line.note, "");
}

TEST(Indexation, WorkedExampleBelowTheBand) {
  const SettlementLine line = OneDay("1.70");
  EXPECT_EQ(line.rate, "-0.025");
  EXPECT_EQ(line.amount_cents, -2500);
  EXPECT_EQ(line.status, "adjusted");
}

TEST(Indexation, WorkedExampleAboveTheCeiling) {
  const SettlementLine line = OneDay("3.00");
  EXPECT_EQ(line.status, "ceiling");
  EXPECT_EQ(line.rate, "0.1");
  EXPECT_EQ(line.amount_cents, 10000);
}

TEST(Indexation, WorkedExampleFallbackWithinTheBand) {
  Book book = IndexExample();
  AddValue(book, 0, "2026-01-22", "2.50");  // 39 days before the receipt: discontinued
  AddValue(book, 1, "2026-03-01", "110");
  book.Deliver("2026-03-02", "1000");
  const Settlement settlement = book.Settle("2026-03");
  ASSERT_TRUE(settlement.errors.empty());
  const SettlementLine line = LineOf(settlement, "indexation");
  EXPECT_EQ(line.ref, "I1@2026-03-01");  // the row's index, the fallback's label
  EXPECT_EQ(line.status, "dead_band");   // Δ = 2 × 0.1 = 0.2 = d
  EXPECT_EQ(line.actual, "110");
  EXPECT_EQ(line.target, "100");
  EXPECT_EQ(line.amount_cents, 0);
  EXPECT_EQ(line.note, "fallback F1");
}

TEST(Indexation, DeltaEqualToTheBandIsInTheBandAndJustBeyondIsNot) {
  EXPECT_EQ(OneDay("2.20").status, "dead_band");
  EXPECT_EQ(OneDay("1.80").status, "dead_band");
  const SettlementLine beyond = OneDay("2.200004");  // Δ' = 0.000004, a = 0.000001
  EXPECT_EQ(beyond.status, "adjusted");
  EXPECT_EQ(beyond.rate, "0.000001");
}

TEST(Indexation, AEqualToTheCeilingOrFloorStaysAdjusted) {
  EXPECT_EQ(OneDay("2.60").status, "adjusted");  // a = 0.5 × 0.5 × 0.4 = 0.10
  EXPECT_EQ(OneDay("2.60").amount_cents, 10000);
  EXPECT_EQ(OneDay("1.60").status, "adjusted");  // a = −0.05
  EXPECT_EQ(OneDay("1.599996").status, "floor");
  EXPECT_EQ(OneDay("1.599996").amount_cents, -5000);
}

TEST(Indexation, TheSharingSplitScalesTheMovementAndRoundsNegativeHalvesAwayFromZero) {
  Book book = IndexExample();
  book.data.indexations[0].share = R("0.25");
  book.data.indexations[0].floor.reset();
  AddValue(book, 0, "2026-03-02", "1.76");  // Δ −0.24, Δ' −0.04, a = 0.5 × 0.25 × −0.04 = −0.005
  book.Deliver("2026-03-02", "1");
  const SettlementLine line = LineOf(book.Settle("2026-03"), "indexation");
  EXPECT_EQ(line.rate, "-0.005");
  EXPECT_EQ(line.amount_cents, -1);
}

TEST(Indexation, NoDeadBandMeansAZeroMovementIsAdjusted) {
  Book book = IndexExample();
  book.data.indexations[0].dead_band = R("0");
  AddValue(book, 0, "2026-03-02", "2");
  book.Deliver("2026-03-02", "10");
  EXPECT_EQ(LineOf(book.Settle("2026-03"), "indexation").status, "adjusted");
}

TEST(Indexation, ALagFixingExactlyTheMaximumAgeStillCounts) {
  Book book = IndexExample();
  book.data.indexations[0].lag_days = 5;
  AddValue(book, 0, "2026-01-30", "2.50");  // R = 03-02 − 5 = 02-25; 26 days old
  AddValue(book, 1, "2026-02-25", "200");
  book.rules.fixing_max_age_days = 26;
  book.Deliver("2026-03-02", "1000");
  EXPECT_EQ(LineOf(book.Settle("2026-03"), "indexation").ref, "I1@2026-01-30");
  book.rules.fixing_max_age_days = 25;
  const SettlementLine fallback = LineOf(book.Settle("2026-03"), "indexation");
  EXPECT_EQ(fallback.ref, "I1@2026-02-25");
  EXPECT_EQ(fallback.note, "fallback F1");
}

TEST(Indexation, AValueDatedAfterTheReferenceDayIsNotUsed) {
  Book book = IndexExample();
  AddValue(book, 0, "2026-03-01", "2.50");
  AddValue(book, 0, "2026-03-03", "3.00");
  book.Deliver("2026-03-02", "1000");
  EXPECT_EQ(LineOf(book.Settle("2026-03"), "indexation").ref, "I1@2026-03-01");
}

TEST(Indexation, PrevMonthAverageIsTheMeanOfThePreviousCalendarMonth) {
  Book book = IndexExample();
  book.data.indexations[0].fixing = Fixing::kPrevMonthAvg;
  book.data.indexations[0].floor.reset();
  book.data.indexations[0].ceiling.reset();
  AddValue(book, 0, "2026-01-31", "9");  // the month before February: not used
  AddValue(book, 0, "2026-02-01", "2.4");
  AddValue(book, 0, "2026-02-28", "2.8");  // mean 2.6: Δ 0.6, Δ' 0.4, a 0.1
  AddValue(book, 0, "2026-03-01", "9");
  book.Deliver("2026-03-01", "10");
  book.Deliver("2026-03-31", "30");
  const SettlementLine line = LineOf(book.Settle("2026-03"), "indexation");
  EXPECT_EQ(line.ref, "I1@2026-02");
  EXPECT_EQ(line.actual, "2.6");
  EXPECT_EQ(line.quantity, "40");
  EXPECT_EQ(line.amount_cents, 400);
}

TEST(Indexation, MonthlyFixingsGiveOneLinePerReceiptMonth) {
  Book book = IndexExample();
  book.data.indexations[0].fixing = Fixing::kPrevMonthAvg;
  AddValue(book, 0, "2026-01-10", "2.5");
  AddValue(book, 0, "2026-02-10", "1.7");
  book.Deliver("2026-02-28", "1000");
  book.Deliver("2026-03-01", "1000");
  const std::vector<SettlementLine> lines = LinesOf(book.Settle("2026-Q1"), "indexation");
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0].ref, "I1@2026-01");
  EXPECT_EQ(lines[0].amount_cents, 7500);
  EXPECT_EQ(lines[1].ref, "I1@2026-02");
  EXPECT_EQ(lines[1].amount_cents, -2500);
}

TEST(Indexation, ALagRowOfAContractStartingInThePeriodFixesEachDay) {
  Book book = IndexExample();
  book.data.contracts[0].start = D("2026-03-15");
  AddValue(book, 0, "2026-03-15", "2.5");
  AddValue(book, 0, "2026-03-16", "3");
  book.Deliver("2026-03-14", "1000");  // before the term
  book.Deliver("2026-03-15", "1000");
  book.Deliver("2026-03-16", "1000");
  const std::vector<SettlementLine> lines = LinesOf(book.Settle("2026-03"), "indexation");
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0].amount_cents, 7500);
  EXPECT_EQ(lines[1].amount_cents, 10000);
}

TEST(Indexation, OneLinePerFixingLabelRoundedOnce) {
  Book book = IndexExample();
  book.data.indexations[0].share = R("1");
  book.data.indexations[0].dead_band = R("0");
  AddValue(book, 0, "2026-03-01", "2.000001");  // a = 0.0000005
  AddValue(book, 0, "2026-03-02", "2.000002");
  book.Deliver("2026-03-01", "3000");  // 0.0015 → one label: round2(0.0015) = 0.00
  book.Deliver("2026-03-01", "7000");  // 0.0035 more: round2(0.005) = 0.01
  book.Deliver("2026-03-02", "1");
  const Settlement settlement = book.Settle("2026-03");
  const std::vector<SettlementLine> lines = LinesOf(settlement, "indexation");
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0].ref, "I1@2026-03-01");
  EXPECT_EQ(lines[0].amount_cents, 1);
  EXPECT_EQ(lines[1].ref, "I1@2026-03-02");
  EXPECT_EQ(lines[1].amount_cents, 0);
}

TEST(Indexation, AMissingFixingIsBadInputOncePerRowAndLabel) {
  Book book = IndexExample();
  book.data.indexations[0].line = 7;
  book.Deliver("2026-03-02", "1");
  book.Deliver("2026-03-02", "2");
  book.Deliver("2026-03-03", "2");
  const Settlement settlement = book.Settle("2026-03");
  EXPECT_TRUE(settlement.lines.empty());
  ASSERT_EQ(settlement.errors.size(), 2U);
  EXPECT_EQ(settlement.errors[0].ToString(),
            "indexation.csv:7: index_id: no fixing of I1 or its fallback F1 for 2026-03-02");
  EXPECT_EQ(settlement.errors[1].location.line, 7U);
  EXPECT_EQ(settlement.errors[1].code, ErrorCode::kBadInput);
}

TEST(Indexation, AMissingMonthlyFixingNamesTheMonth) {
  Book book = IndexExample();
  book.data.indexations[0].fixing = Fixing::kPrevMonthAvg;
  book.data.indexations[0].fallback_index.reset();
  book.data.indexations[0].fallback_base_value.reset();
  book.Deliver("2026-03-02", "1");
  const Settlement settlement = book.Settle("2026-03");
  ASSERT_EQ(settlement.errors.size(), 1U);
  EXPECT_EQ(settlement.errors[0].message, "no fixing of I1 for 2026-02");
}

TEST(Indexation, DeliveriesOutsideThePeriodOrOfSamplesAreNotIndexed) {
  Book book = IndexExample();
  AddValue(book, 0, "2026-03-02", "2.5");
  book.Deliver("2026-02-27", "1000");  // no fixing, but not in the period: no error
  book.deliveries.push_back({"SMP", 0, 0, D("2026-03-02"), Q("5"), DeliveryType::kSample});
  const Settlement settlement = book.Settle("2026-03");
  EXPECT_TRUE(settlement.errors.empty());
  EXPECT_TRUE(LinesOf(settlement, "indexation").empty());
}

}  // namespace
}  // namespace supeval::core::contracts
