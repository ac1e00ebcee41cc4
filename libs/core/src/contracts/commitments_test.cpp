// Take-or-pay, tooling and milestones (CONTRACTS.md §7), the §13 tooling
// example included.
#include <gtest/gtest.h>

#include "contracts/settlement_test_fixture.hpp"

namespace supeval::core::contracts {
namespace {

Book TakeOrPayBook(std::string_view min_qty) {
  Book book;
  book.AddContract("K1", "2025-01-01", "2026-12-31");
  book.data.commitments.push_back({"V1", 0, 0, D("2025-10-01"), D("2026-03-31"), Q(min_qty), R("1.25")});
  book.Deliver("2025-09-30", "1000");  // before `from`
  book.Deliver("2025-10-01", "300");
  book.Deliver("2026-03-31", "200");
  book.Deliver("2026-04-01", "1000");  // after `to`
  return book;
}

TEST(TakeOrPay, ChargesTheShortfallOfTheWholeWindowInThePeriodOfItsTo) {
  const Settlement settlement = TakeOrPayBook("1000").Settle("2026-Q1");
  const SettlementLine line = LineOf(settlement, "take_or_pay");
  EXPECT_EQ(line.ref, "V1");
  EXPECT_EQ(line.material_id, "M1");
  EXPECT_EQ(line.status, "missed");
  EXPECT_EQ(line.quantity, "500");
  EXPECT_EQ(line.target, "1000");
  EXPECT_EQ(line.shortfall, "500");
  EXPECT_EQ(line.rate, "1.25");
  EXPECT_EQ(line.amount_cents, 62500);
  EXPECT_TRUE(LinesOf(TakeOrPayBook("1000").Settle("2025-Q4"), "take_or_pay").empty());
}

TEST(TakeOrPay, TakenEqualToTheMinimumIsMet) {
  const SettlementLine line = LineOf(TakeOrPayBook("500").Settle("2026-Q1"), "take_or_pay");
  EXPECT_EQ(line.status, "met");
  EXPECT_EQ(line.shortfall, "0");
  EXPECT_EQ(line.amount_cents, 0);
}

TEST(TakeOrPay, AWindowInsideThePeriodCountsOnlyItsOwnDays) {
  Book book;
  book.AddContract("K1", "2026-01-01");
  book.data.commitments.push_back({"V1", 0, 0, D("2026-02-10"), D("2026-02-20"), Q("100"), R("2")});
  book.Deliver("2026-02-09", "50");
  book.Deliver("2026-02-10", "30");
  book.Deliver("2026-02-20", "30");
  book.Deliver("2026-02-21", "50");
  const SettlementLine line = LineOf(book.Settle("2026-Q1"), "take_or_pay");
  EXPECT_EQ(line.quantity, "60");
  EXPECT_EQ(line.amount_cents, 8000);
}

// §13: 3000.00 over 6000 pieces; 2500 in Q1, 2000 in Q2; the contract ends 06-30.
Book ToolingExample() {
  Book book;
  book.AddContract("K1", "2026-01-01", "2026-06-30");
  book.data.toolings.push_back({"T1", 0, 0, R("3000.00"), Q("6000"), std::nullopt});
  book.Deliver("2026-02-01", "2500");
  book.Deliver("2026-05-01", "2000");
  return book;
}

TEST(Tooling, WorkedExample) {
  const Book book = ToolingExample();
  const SettlementLine q1 = LineOf(book.Settle("2026-Q1"), "tooling");
  EXPECT_EQ(q1.amount_cents, 125000);
  EXPECT_EQ(q1.quantity, "2500");
  EXPECT_EQ(q1.actual, "2500");
  EXPECT_EQ(q1.target, "6000");
  EXPECT_EQ(q1.rate, "0.5");
  EXPECT_TRUE(LinesOf(book.Settle("2026-Q1"), "tooling_residual").empty());
  const Settlement q2 = book.Settle("2026-Q2");
  EXPECT_EQ(LineOf(q2, "tooling").amount_cents, 100000);
  const SettlementLine residual = LineOf(q2, "tooling_residual");
  EXPECT_EQ(residual.amount_cents, 75000);
  EXPECT_EQ(residual.quantity, "1500");
  EXPECT_EQ(residual.actual, "4500");
}

TEST(Tooling, LinesOfAllPeriodsAddUpToTheRoundedAmount) {
  Book book;
  book.AddContract("K1", "2026-01-01", "2026-04-30");
  book.data.toolings.push_back({"T1", 0, 0, R("1000.005"), Q("3"), D("2026-01-15")});
  book.Deliver("2026-01-14", "5");  // before `from`
  book.Deliver("2026-01-20", "1");
  book.Deliver("2026-02-20", "0.5");
  book.Deliver("2026-03-20", "0.5");
  std::int64_t total = 0;
  for (const std::string_view month : {"2026-01", "2026-02", "2026-03", "2026-04"}) {
    const Settlement settlement = book.Settle(month);
    for (const SettlementLine& line : settlement.lines) total += line.amount_cents;
  }
  EXPECT_EQ(total, 100001);                                                           // round2(1000.005)
  EXPECT_EQ(LineOf(book.Settle("2026-01"), "tooling").amount_cents, 33334);           // round2(333.335)
  EXPECT_EQ(LineOf(book.Settle("2026-04"), "tooling_residual").amount_cents, 33334);  // 1000.01 − 666.67
}

TEST(Tooling, StopsGrowingAtThePiecesAndOwesNoResidualOnceReached) {
  Book book;
  book.AddContract("K1", "2026-01-01", "2026-03-31");
  book.data.toolings.push_back({"T1", 0, 0, R("100"), Q("10"), std::nullopt});
  book.Deliver("2026-01-10", "8");
  book.Deliver("2026-02-10", "8");  // only 2 more count
  book.Deliver("2026-03-10", "8");
  EXPECT_EQ(LineOf(book.Settle("2026-02"), "tooling").quantity, "2");
  EXPECT_EQ(LineOf(book.Settle("2026-02"), "tooling").amount_cents, 2000);
  const Settlement march = book.Settle("2026-03");
  EXPECT_TRUE(LinesOf(march, "tooling").empty());
  EXPECT_TRUE(LinesOf(march, "tooling_residual").empty());
}

TEST(Tooling, CountsFromItsFromDayInsideThePeriod) {
  Book book;
  book.AddContract("K1", "2026-01-01");
  book.data.toolings.push_back({"T1", 0, 0, R("100"), Q("100"), D("2026-02-15")});
  book.Deliver("2026-02-14", "40");
  book.Deliver("2026-02-15", "10");
  const SettlementLine line = LineOf(book.Settle("2026-Q1"), "tooling");
  EXPECT_EQ(line.quantity, "10");
  EXPECT_EQ(line.amount_cents, 1000);
}

Book MilestoneBook() {
  Book book;
  book.AddContract("K1", "2026-01-01", "2026-03-31");
  book.data.milestones.push_back({"M-A", 0, "PPAP", D("2026-03-31"), D("2026-03-31"), R("500.005"), true});
  book.data.milestones.push_back({"M-B", 0, "SOP", D("2026-03-30"), D("2026-04-02"), R("100"), false});
  book.data.milestones.push_back({"M-C", 0, "run", D("2026-04-30"), std::nullopt, R("100"), false});
  return book;
}

TEST(Milestones, PaidInThePeriodOfApprovalOnTimeUpToTheDueDate) {
  const SettlementLine on_time = LineOf(MilestoneBook().Settle("2026-03"), "milestone");
  EXPECT_EQ(on_time.ref, "M-A");
  EXPECT_EQ(on_time.status, "on_time");
  EXPECT_EQ(on_time.actual, "2026-03-31");
  EXPECT_EQ(on_time.target, "2026-03-31");
  EXPECT_EQ(on_time.amount_cents, 50001);
}

TEST(Milestones, ApprovedOutsideTheTermStillPaysAndTheContractGetsOnlyThat) {
  const Settlement april = MilestoneBook().Settle("2026-04");
  ASSERT_EQ(april.lines.size(), 1U);
  EXPECT_EQ(april.lines[0].kind, "milestone");
  EXPECT_EQ(april.lines[0].ref, "M-B");
  EXPECT_EQ(april.lines[0].status, "late");
  EXPECT_EQ(april.lines[0].amount_cents, 10000);
}

}  // namespace
}  // namespace supeval::core::contracts
