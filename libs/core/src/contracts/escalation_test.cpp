// Tests of the escalation ladder's replay (CONTRACTS.md §9): reviews on
// both sides of their day, every level of the default ladder, decisions
// that fit and misfit, holds, ties and the result's cells. Days count from
// 2026-01-01 (day 0); expected values are derived in the comments.
#include <gtest/gtest.h>

#include "contracts/escalation_test_fixture.hpp"

namespace supeval::core::contracts {
namespace {

using Lines = std::vector<std::string>;

// §13: stop_ship on day 0 opens E1; a yard_hold on day 12 counts; review on
// day 30 → E2; nothing until day 60 → met, stays E2 (next review day 90);
// deescalate on day 70 → E1, review day 100.
TEST(EscalationTest, WorkedExampleOfTheSpec) {
  LadderBook book;
  book.AddEvent("EV1", 0, EventKind::kStopShip);
  book.AddEvent("EV2", 12, EventKind::kYardHold);
  book.Decide(70, Decision::kDeescalate);

  EXPECT_EQ(StateOf(RowOf(book.Run(65))), "E2 since 30, review 90");

  const EscalationResult result = book.Run(75);
  ASSERT_EQ(result.rows.size(), 1U);
  const EscalationRow row = RowOf(result);
  EXPECT_EQ(StateOf(row), "E1 since 70, review 100");
  EXPECT_EQ(row.trigger, "deescalate by jdoe");
  EXPECT_EQ(HoldOf(row), "none");
  EXPECT_EQ(Timeline(result, book), (Lines{"case 1 day 0: E0->E1 stop_ship EV1", "case 1 day 30: E1->E2 review",
                                           "case 1 day 70: E2->E1 deescalate by jdoe"}));
  EXPECT_TRUE(result.errors.empty());
}

// E1 entered on day 0 (review day 30) with a trigger counted on day 5: the
// day before the review nothing moved; on the day and after, E2 since 30.
TEST(EscalationTest, ReviewDeadlineTheDayBeforeTheDayAndTheDayAfter) {
  LadderBook book;
  book.AddEvent("EV1", 0, EventKind::kStopShip);
  book.AddEvent("EV2", 5, EventKind::kYardHold);

  EXPECT_EQ(StateOf(RowOf(book.Run(29))), "E1 since 0, review 30");
  // The next review is the first review day after the as-of date.
  EXPECT_EQ(StateOf(RowOf(book.Run(30))), "E2 since 30, review 60");
  const EscalationRow after = RowOf(book.Run(31));
  EXPECT_EQ(StateOf(after), "E2 since 30, review 60");
  EXPECT_EQ(after.level_name, "warning");
  EXPECT_EQ(after.trigger, "review");
  // Nothing counted in 31..60: met at 60, the clock restarted at 30.
  EXPECT_EQ(StateOf(RowOf(book.Run(60))), "E2 since 30, review 90");
}

// Nothing counted since day 0: the review on day 30 finds the exit criteria
// met, the case stays at E1 and is reviewed again 30 days later.
TEST(EscalationTest, ExitCriteriaMetKeepTheLevel) {
  LadderBook book;
  book.AddEvent("EV1", 0, EventKind::kStopShip);

  EXPECT_EQ(StateOf(RowOf(book.Run(29))), "E1 since 0, review 30");
  const EscalationRow row = RowOf(book.Run(30));
  EXPECT_EQ(StateOf(row), "E1 since 0, review 60");
  EXPECT_EQ(row.trigger, "stop_ship EV1");
  EXPECT_EQ(StateOf(RowOf(book.Run(60))), "E1 since 0, review 90");
}

// The review day's own trigger counts ("this day's included"): yard_hold on
// day 30 at E1 → unmet → E2 on day 30.
TEST(EscalationTest, ATriggerOnTheReviewDayCounts) {
  LadderBook book;
  book.AddEvent("EV1", 0, EventKind::kStopShip);
  book.AddEvent("EV2", 30, EventKind::kYardHold);
  EXPECT_EQ(StateOf(RowOf(book.Run(30))), "E2 since 30, review 60");
}

// One counted trigger per review period climbs E1 (day 0) → E2 (30) → E3
// (60, hold since 60, quality) → E4 (90, review days 0: no next review);
// E4 is the top, a later trigger changes nothing.
TEST(EscalationTest, ReviewsClimbEveryLevelToTheTop) {
  LadderBook book;
  book.AddEvent("EV1", 0, EventKind::kStopShip);
  book.AddEvent("EV2", 10, EventKind::kYardHold);
  book.AddEvent("EV3", 40, EventKind::kYardHold);
  book.AddEvent("EV4", 70, EventKind::kSpecialStatus);
  book.AddEvent("EV5", 100, EventKind::kRecall);

  const EscalationRow at_60 = RowOf(book.Run(60));
  EXPECT_EQ(StateOf(at_60), "E3 since 60, review 90");
  EXPECT_EQ(at_60.level_name, "new_business_hold");
  EXPECT_EQ(at_60.owner, "commodity manager");
  EXPECT_EQ(HoldOf(at_60), "since 60, quality");

  const EscalationResult result = book.Run(200);
  const EscalationRow row = RowOf(result);
  EXPECT_EQ(StateOf(row), "E4 since 90, no review");
  EXPECT_EQ(row.level_name, "disqualification");
  EXPECT_EQ(row.trigger, "review");
  EXPECT_EQ(row.owner, "steering committee");
  EXPECT_EQ(HoldOf(row), "since 60, quality");  // imposed at E3 already
  EXPECT_EQ(Timeline(result, book), (Lines{"case 1 day 0: E0->E1 stop_ship EV1", "case 1 day 30: E1->E2 review",
                                           "case 1 day 60: E2->E3 review", "case 1 day 90: E3->E4 review"}));
}

// A rule file's ladder "short": E0, E1 (review 10), E2 (review 10, hold,
// owner "plant manager"); stop_ship enters E2 directly, yard_hold E1,
// recall never fires. At its top an unmet review keeps the level and
// schedules the next one.
TEST(EscalationTest, ACustomLadderFromTheRules) {
  LadderBook book;
  Ladder ladder;
  ladder.levels = {{"E0", "normal", 0, false, "buyer", {}},
                   {"E1", "watch", 10, false, "buyer", {"call"}},
                   {"E2", "stop", 10, true, "plant manager", {"stop orders", "audit"}}};
  ladder.triggers = {{"stop_ship", "E2", "E2", Cause::kDelivery},
                     {"yard_hold", "E1", "E1", Cause::kQuality},
                     {"recall", "none", "none", Cause::kQuality}};
  book.rules.ladders["short"] = ladder;
  book.data.contracts[book.k1].ladder = "short";
  book.AddEvent("EV1", 0, EventKind::kStopShip);  // → E2, hold (delivery: the only cause)
  book.AddEvent("EV2", 4, EventKind::kYardHold);  // counts: review day 10 unmet, at the top
  book.AddEvent("EV3", 15, EventKind::kRecall);   // never fires

  const EscalationRow row = RowOf(book.Run(15));
  EXPECT_EQ(StateOf(row), "E2 since 0, review 20");
  EXPECT_EQ(row.level_name, "stop");
  EXPECT_EQ(row.owner, "plant manager");
  EXPECT_EQ(row.actions_due, (Lines{"stop orders", "audit"}));
  EXPECT_EQ(HoldOf(row), "since 0, delivery");
  EXPECT_EQ(Timeline(book.Run(15), book), (Lines{"case 1 day 0: E0->E2 stop_ship EV1"}));
}

// escalate from E0 opens a case at its to_level; deescalate goes one level
// down; reaching E0 closes the case (level E0, no next review).
TEST(EscalationTest, ManualEscalateAndDeescalateToClosing) {
  LadderBook book;
  book.Decide(3, Decision::kEscalate, "E2", Cause::kQuality, "ann");
  book.Decide(20, Decision::kDeescalate);
  book.Decide(25, Decision::kDeescalate);

  const EscalationRow opened = RowOf(book.Run(10));
  EXPECT_EQ(opened.opened_on, Day(3));
  EXPECT_EQ(StateOf(opened), "E2 since 3, review 33");
  EXPECT_EQ(opened.trigger, "escalate by ann");

  const EscalationResult result = book.Run(30);
  const EscalationRow row = RowOf(result);
  EXPECT_EQ(StateOf(row), "E0 since 25, closed");
  EXPECT_EQ(row.next_review, std::nullopt);
  EXPECT_EQ(row.case_number, 1);
  EXPECT_EQ(row.trigger, "deescalate by jdoe");
  ASSERT_EQ(result.cases.size(), 1U);
  EXPECT_EQ(result.cases[0].closed_on, Day(25));
  EXPECT_EQ(Timeline(result, book),
            (Lines{"case 1 day 3: E0->E2 escalate by ann", "case 1 day 20: E2->E1 deescalate by jdoe",
                   "case 1 day 25: E1->E0 deescalate by jdoe"}));
}

// close ends the case at any level (E3 here); the hold stays until a
// withdraw_hold, which fits once the level has none (E0 after closing).
TEST(EscalationTest, CloseKeepsTheHoldUntilWithdrawn) {
  LadderBook book;
  book.Decide(1, Decision::kEscalate, "E3");
  book.Decide(10, Decision::kClose);
  book.Decide(12, Decision::kWithdrawHold);

  const EscalationRow closed = RowOf(book.Run(11));
  EXPECT_EQ(StateOf(closed), "E0 since 10, closed");
  EXPECT_EQ(closed.trigger, "close by jdoe");
  EXPECT_EQ(HoldOf(closed), "since 1, quality");

  const EscalationRow withdrawn = RowOf(book.Run(12));
  EXPECT_EQ(HoldOf(withdrawn), "none");
  EXPECT_TRUE(book.Run(12).errors.empty());
}

// deescalate from E3 to E2 keeps the hold (since day 1); withdraw_hold at E2
// (no hold level) ends it; re-entering E3 (review on day 35, a yard_hold
// counted on day 10) imposes a new one, since 35.
TEST(EscalationTest, DeescalatingKeepsTheHold) {
  LadderBook book;
  book.Decide(1, Decision::kEscalate, "E3");
  book.Decide(5, Decision::kDeescalate);
  const EscalationRow kept = RowOf(book.Run(5));
  EXPECT_EQ(StateOf(kept), "E2 since 5, review 35");
  EXPECT_EQ(HoldOf(kept), "since 1, quality");

  book.Decide(6, Decision::kWithdrawHold);
  EXPECT_EQ(HoldOf(RowOf(book.Run(6))), "none");

  book.AddEvent("EV1", 10, EventKind::kYardHold);
  const EscalationRow again = RowOf(book.Run(35));
  EXPECT_EQ(StateOf(again), "E3 since 35, review 65");
  EXPECT_EQ(HoldOf(again), "since 35, quality");
}

// The result lists every hold a contract's ladder imposed, withdrawn or not:
// here the one of day 1 (escalate to E3), withdrawn on day 6 by jdoe, and
// the one of day 35 (review), in force on day 40.
TEST(EscalationTest, TheResultListsEveryHoldWithItsWithdrawal) {
  LadderBook book;
  book.Decide(1, Decision::kEscalate, "E3");
  book.Decide(5, Decision::kDeescalate);
  book.Decide(6, Decision::kWithdrawHold);
  book.AddEvent("EV1", 10, EventKind::kYardHold);

  const EscalationResult result = book.Run(40);
  ASSERT_EQ(result.holds.size(), 2U);
  const LadderHold& first = result.holds[0];
  EXPECT_EQ(first.since, Day(1));
  EXPECT_EQ(first.level, "E3");
  EXPECT_EQ(first.cause, "escalate by jdoe");
  EXPECT_EQ(first.reason, Cause::kQuality);
  ASSERT_TRUE(first.withdrawn.has_value());
  EXPECT_EQ(first.withdrawn->on, Day(6));
  EXPECT_EQ(first.withdrawn->user, "jdoe");
  const LadderHold& second = result.holds[1];
  EXPECT_EQ(second.since, Day(35));
  EXPECT_EQ(second.cause, "review");
  EXPECT_EQ(second.case_number, 1);
  EXPECT_FALSE(second.withdrawn.has_value());

  ASSERT_EQ(result.triggers.size(), 1U);
  EXPECT_EQ(result.triggers[0].day, Day(10));
  EXPECT_EQ(result.triggers[0].kind, "yard_hold");
  EXPECT_EQ(result.triggers[0].ref, "EV1");
  EXPECT_EQ(result.triggers[0].level, "E1");

  // Before the withdrawal the first is in force and the second not yet there.
  const EscalationResult earlier = book.Run(5);
  ASSERT_EQ(earlier.holds.size(), 1U);
  EXPECT_FALSE(earlier.holds[0].withdrawn.has_value());
}

// Each misfit is reported on its line and column and ignored: the replay is
// that of the fitting decisions alone (escalate to E1 on day 1, reviewed
// met on day 31).
TEST(EscalationTest, MisfitDecisionsAreReportedAndIgnored) {
  LadderBook book;
  const std::uint64_t deescalate_no_case = book.Decide(0, Decision::kDeescalate);
  const std::uint64_t close_no_case = book.Decide(0, Decision::kClose);
  const std::uint64_t withdraw_no_hold = book.Decide(0, Decision::kWithdrawHold);
  book.Decide(1, Decision::kEscalate, "E1");
  const std::uint64_t escalate_same = book.Decide(2, Decision::kEscalate, "E1");
  const std::uint64_t escalate_e0 = book.Decide(3, Decision::kEscalate, "E0");

  const EscalationResult result = book.Run(40);
  ASSERT_EQ(result.errors.size(), 5U);
  const std::vector<std::pair<std::uint64_t, std::string>> expected = {{deescalate_no_case, "decision"},
                                                                       {close_no_case, "decision"},
                                                                       {withdraw_no_hold, "decision"},
                                                                       {escalate_same, "to_level"},
                                                                       {escalate_e0, "to_level"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(result.errors[i].code, ErrorCode::kBadInput);
    EXPECT_EQ(result.errors[i].location.file, "escalation_decisions.csv");
    EXPECT_EQ(result.errors[i].location.line, expected[i].first) << i;
    EXPECT_EQ(result.errors[i].location.field, expected[i].second) << i;
  }
  EXPECT_EQ(StateOf(RowOf(result)), "E1 since 1, review 61");
  EXPECT_EQ(Timeline(result, book), (Lines{"case 1 day 1: E0->E1 escalate by jdoe"}));
}

// withdraw_hold while the current level has a hold (E3) does not fit.
TEST(EscalationTest, WithdrawHoldAtAHoldLevelIsAMisfit) {
  LadderBook book;
  book.Decide(1, Decision::kEscalate, "E3");
  const std::uint64_t line = book.Decide(2, Decision::kWithdrawHold);
  const EscalationResult result = book.Run(5);
  ASSERT_EQ(result.errors.size(), 1U);
  EXPECT_EQ(result.errors[0].location.line, line);
  EXPECT_EQ(result.errors[0].location.field, "decision");
  EXPECT_EQ(HoldOf(RowOf(result)), "since 1, quality");
}

// Decisions after the as-of date are neither replayed nor checked: the
// misfit on day 11 and the escalate on day 12 leave no trace on day 10.
TEST(EscalationTest, DecisionsAfterTheAsOfDateAreIgnored) {
  LadderBook book;
  book.Decide(11, Decision::kClose);
  book.Decide(12, Decision::kEscalate, "E2");
  const EscalationResult result = book.Run(10);
  EXPECT_TRUE(result.errors.empty());
  EXPECT_TRUE(result.rows.empty());
  EXPECT_EQ(book.Run(12).errors.size(), 1U);
}

// A trigger on the day a decision raised the level counts against the new
// level: escalate to E2 on day 10 with a yard_hold that day → review on day
// 40 unmet → E3. Without it the review is met.
TEST(EscalationTest, ATriggerOnTheDayOfADecisionCountsAgainstTheNewLevel) {
  LadderBook book;
  book.Decide(10, Decision::kEscalate, "E2");
  EXPECT_EQ(StateOf(RowOf(book.Run(40))), "E2 since 10, review 70");

  book.AddEvent("EV1", 10, EventKind::kYardHold);
  EXPECT_EQ(StateOf(RowOf(book.Run(40))), "E3 since 40, review 70");
}

// A day's decisions run in file order, each on the state the one before
// left: at E1, deescalate (→ E0, closes case 1) then escalate to E2 opens
// case 2; the other way round, E2 then one level down is E1 in case 1.
// Decisions of later days may come first in the file.
TEST(EscalationTest, ADaysDecisionsRunInFileOrder) {
  LadderBook down_first;
  down_first.Decide(9, Decision::kDeescalate);
  down_first.Decide(9, Decision::kEscalate, "E2");
  down_first.Decide(1, Decision::kEscalate, "E1");
  const EscalationRow reopened = RowOf(down_first.Run(9));
  EXPECT_EQ(reopened.case_number, 2);
  EXPECT_EQ(StateOf(reopened), "E2 since 9, review 39");
  EXPECT_TRUE(down_first.Run(9).errors.empty());

  LadderBook up_first;
  up_first.Decide(9, Decision::kEscalate, "E2");
  up_first.Decide(9, Decision::kDeescalate);
  up_first.Decide(1, Decision::kEscalate, "E1");
  const EscalationResult result = up_first.Run(9);
  EXPECT_EQ(RowOf(result).case_number, 1);
  EXPECT_EQ(StateOf(RowOf(result)), "E1 since 9, review 39");
  EXPECT_EQ(Timeline(result, up_first),
            (Lines{"case 1 day 1: E0->E1 escalate by jdoe", "case 1 day 9: E1->E2 escalate by jdoe",
                   "case 1 day 9: E2->E1 deescalate by jdoe"}));
}

// A change of level restarts the exit criteria: the yard_hold counted at
// E1 on day 5 does not count at E2, entered by decision on day 10, whose
// review on day 40 is met.
TEST(EscalationTest, ADecisionRestartsTheExitCriteria) {
  LadderBook book;
  book.AddEvent("EV1", 0, EventKind::kStopShip);
  book.AddEvent("EV2", 5, EventKind::kYardHold);
  book.Decide(10, Decision::kEscalate, "E2");
  EXPECT_EQ(StateOf(RowOf(book.Run(40))), "E2 since 10, review 70");
}

// On one day a recall (E2) beats a class C result and a stop_ship (E1):
// the highest level wins.
TEST(EscalationTest, TheHighestLevelOfADayWins) {
  LadderBook book;
  book.Publish(5, "C");
  book.AddEvent("EV2", 5, EventKind::kStopShip);
  book.AddEvent("EV9", 5, EventKind::kRecall);
  const EscalationRow row = RowOf(book.Run(5));
  EXPECT_EQ(row.level, "E2");
  EXPECT_EQ(row.trigger, "recall EV9");
}

// Ties at the highest level name the first of class_c, kpi_missed (by
// clause_id), events (by event_id), milestone_missed.
TEST(EscalationTest, TheTriggerCellFollowsTheTieOrder) {
  LadderBook book;
  book.AddMilestone("A1", 4, std::nullopt);  // fires on day 5; "A1" would come first as text
  book.AddEvent("EV2", 5, EventKind::kStopShip);
  book.AddEvent("EV10", 5, EventKind::kYardHold);  // "EV10" < "EV2" as text
  EXPECT_EQ(RowOf(book.Run(5)).trigger, "yard_hold EV10");

  book.AddClause("KB", Kpi::kQz1, 80);
  book.AddClause("KA", Kpi::kQz2, 80);
  PublishedResult& published = book.Publish(5, "B");
  published.qz1 = 70;
  published.qz2 = 70;
  EXPECT_EQ(RowOf(book.Run(5)).trigger, "kpi_missed KA");

  book.Publish(5, "C", "2026-Q1");
  EXPECT_EQ(RowOf(book.Run(5)).trigger, "class_c 2026-Q1");
}

// A milestone alone on its day names the change.
TEST(EscalationTest, MilestoneMissedFiresTheDayAfterTheDueDate) {
  LadderBook book;
  book.AddMilestone("M1", 9, 10);                    // approved late: fires on day 10
  book.AddMilestone("M2", 20, 20);                   // approved on the due date: on time
  book.AddMilestone("M3", 30, std::nullopt, false);  // not critical
  EXPECT_TRUE(book.Run(9).rows.empty());
  const EscalationResult result = book.Run(40);
  const EscalationRow row = RowOf(result);
  EXPECT_EQ(row.opened_on, Day(10));
  EXPECT_EQ(row.trigger, "milestone_missed M1");
  EXPECT_EQ(Timeline(result, book), (Lines{"case 1 day 10: E0->E1 milestone_missed M1"}));
}

// The hold's reason: delivery when every cause of the case so far is
// delivery (a missed milestone, an escalate for delivery); a hold imposed
// by a decision takes no reason from that day's triggers (stop_ship, quality,
// on day 20 too).
TEST(EscalationTest, HoldReasonDeliveryWhenNoCauseIsQuality) {
  LadderBook book;
  book.AddMilestone("M1", 9, std::nullopt);  // day 10: E1, delivery
  book.Decide(20, Decision::kEscalate, "E3", Cause::kDelivery);
  book.AddEvent("EV1", 20, EventKind::kStopShip);
  const EscalationRow row = RowOf(book.Run(20));
  EXPECT_EQ(row.level, "E3");
  EXPECT_EQ(HoldOf(row), "since 20, delivery");
}

// Any quality cause earlier in the case makes the hold's reason quality:
// yard_hold (quality) counted on day 15, then escalate for delivery.
TEST(EscalationTest, HoldReasonQualityWhenAnyCauseSoFarIsQuality) {
  LadderBook book;
  book.AddMilestone("M1", 9, std::nullopt);
  book.AddEvent("EV1", 15, EventKind::kYardHold);
  book.Decide(20, Decision::kEscalate, "E3", Cause::kDelivery);
  EXPECT_EQ(HoldOf(RowOf(book.Run(20))), "since 20, quality");
}

// The hold's reason looks at the current case's causes, and the hold
// outlives its case: case 1 (stop_ship, quality) closes without a hold;
// case 2 opens by a missed milestone (delivery) and enters E3 for delivery
// on day 20 → hold since 20, delivery; it stays through the close on day 25
// and case 3's E3 (quality, day 30) imposes no new one.
TEST(EscalationTest, TheHoldReasonIsTheCasesAndTheHoldOutlivesIt) {
  LadderBook book;
  book.AddEvent("EV1", 0, EventKind::kStopShip);
  book.Decide(5, Decision::kClose);
  book.AddMilestone("M1", 9, std::nullopt);
  book.Decide(20, Decision::kEscalate, "E3", Cause::kDelivery);
  book.Decide(25, Decision::kClose);
  book.Decide(30, Decision::kEscalate, "E3", Cause::kQuality);
  EXPECT_EQ(HoldOf(RowOf(book.Run(20))), "since 20, delivery");
  const EscalationRow row = RowOf(book.Run(30));
  EXPECT_EQ(row.case_number, 3);
  EXPECT_EQ(HoldOf(row), "since 20, delivery");
}

// A trigger's reason counts from the day it fires: a field_action (quality)
// with customer notified enters E3 directly and its hold is quality.
TEST(EscalationTest, CustomerNotifiedUsesTheOtherLevel) {
  LadderBook book;
  book.AddEvent("EV1", 3, EventKind::kFieldAction, kM1, true);
  const EscalationRow row = RowOf(book.Run(3));
  EXPECT_EQ(row.level, "E3");
  EXPECT_EQ(HoldOf(row), "since 3, quality");

  LadderBook yard;
  yard.AddEvent("EV1", 3, EventKind::kYardHold, kM1, true);
  EXPECT_EQ(RowOf(yard.Run(3)).level, "E2");
  LadderBook unnotified;
  unnotified.AddEvent("EV1", 3, EventKind::kYardHold, kM1, false);
  EXPECT_EQ(RowOf(unnotified.Run(3)).level, "E1");
}

// After close, a trigger opens case 2 (the row shows the latest case).
TEST(EscalationTest, ATriggerOnAClosedCaseOpensANewOne) {
  LadderBook book;
  book.AddEvent("EV1", 0, EventKind::kStopShip);
  book.Decide(5, Decision::kClose);
  book.AddEvent("EV2", 8, EventKind::kSpecialStatus);
  const EscalationResult result = book.Run(8);
  const EscalationRow row = RowOf(result);
  EXPECT_EQ(row.case_number, 2);
  EXPECT_EQ(row.opened_on, Day(8));
  EXPECT_TRUE(row.open);
  EXPECT_EQ(row.trigger, "special_status EV2");
  ASSERT_EQ(result.cases.size(), 2U);
  EXPECT_EQ(result.cases[0].closed_on, Day(5));
  EXPECT_EQ(result.cases[1].closed_on, std::nullopt);
  EXPECT_EQ(Timeline(result, book), (Lines{"case 1 day 0: E0->E1 stop_ship EV1", "case 1 day 5: E1->E0 close by jdoe",
                                           "case 2 day 8: E0->E1 special_status EV2"}));
}

// The same day: close, then a trigger opens case 2 (step 1 before step 2).
TEST(EscalationTest, ATriggerOnTheDayOfClosingOpensTheNextCase) {
  LadderBook book;
  book.AddEvent("EV1", 0, EventKind::kStopShip);
  book.Decide(5, Decision::kClose);
  book.AddEvent("EV2", 5, EventKind::kStopShip);
  const EscalationRow row = RowOf(book.Run(5));
  EXPECT_EQ(row.case_number, 2);
  EXPECT_EQ(row.opened_on, Day(5));
}

// An event without material fires for every contract of the supplier active
// on its date; one with a material only for the contracts covering it; a
// contract ended before the date and another supplier's get nothing.
TEST(EscalationTest, EventsFireForTheSuppliersActiveContractsCoveringTheMaterial) {
  LadderBook book;
  book.AddContract("K2", kS1, {kM2});
  book.AddContract("K3", kS1, {kM1, kM2}, 0, 4);  // ended on day 4
  book.AddContract("K4", kS2, {kM1});
  book.AddEvent("EV1", 5, EventKind::kStopShip, kM2);
  book.AddEvent("EV2", 6, EventKind::kYardHold, kNoIndex);

  const EscalationResult result = book.Run(10);
  ASSERT_EQ(result.rows.size(), 2U);
  EXPECT_EQ(result.rows[0].contract_id, "K1");
  EXPECT_EQ(result.rows[0].trigger, "yard_hold EV2");
  EXPECT_EQ(result.rows[1].contract_id, "K2");
  EXPECT_EQ(result.rows[1].trigger, "stop_ship EV1");
  EXPECT_EQ(result.rows[1].supplier_id, "S1");
}

// A contract starting after the event's date is not active that day.
TEST(EscalationTest, AContractNotYetActiveGetsNoTrigger) {
  LadderBook book;
  book.data.contracts[book.k1].start = Day(10);
  book.AddEvent("EV1", 9, EventKind::kStopShip);
  EXPECT_TRUE(book.Run(20).rows.empty());
  book.AddEvent("EV2", 10, EventKind::kStopShip);
  EXPECT_EQ(RowOf(book.Run(20)).opened_on, Day(10));
}

TEST(EscalationTest, LadderNoneNeverGetsACase) {
  LadderBook book;
  book.data.contracts[book.k1].ladder = "none";
  book.AddEvent("EV1", 0, EventKind::kRecall);
  book.Publish(1, "C");
  EXPECT_TRUE(book.Run(100).rows.empty());
  EXPECT_TRUE(book.Run(100).cases.empty());
}

// premium_freight, warranty and dealer_return are "none" in the default
// ladder: they never fire.
TEST(EscalationTest, NoneTriggersNeverFire) {
  LadderBook book;
  book.AddEvent("EV1", 0, EventKind::kPremiumFreight, kM1, true);
  book.AddEvent("EV2", 0, EventKind::kWarranty);
  book.AddEvent("EV3", 0, EventKind::kDealerReturn);
  EXPECT_TRUE(book.Run(10).rows.empty());
}

// class_c: an evaluated result of class C, on its published_on, for every
// active contract of the supplier; class B or not evaluated: nothing.
TEST(EscalationTest, ClassCFiresOnThePublicationDay) {
  LadderBook book;
  book.AddContract("K2", kS1, {kM2});
  book.Publish(3, "B");
  book.Publish(4, "C").status = "not_evaluated";
  EXPECT_TRUE(book.Run(10).rows.empty());

  book.Publish(7, "C", "2026-Q1");
  const EscalationResult result = book.Run(10);
  ASSERT_EQ(result.rows.size(), 2U);
  EXPECT_EQ(result.rows[0].trigger, "class_c 2026-Q1");
  EXPECT_EQ(result.rows[1].trigger, "class_c 2026-Q1");
  EXPECT_EQ(result.rows[1].opened_on, Day(7));
}

// kpi_missed compares the figure exactly (higher is better for qz1: 79.99
// misses 80, 80 does not; lower for ppm: 801 misses 800); empty never
// misses; escalate=no never fires; only the clause's contract gets it.
TEST(EscalationTest, KpiMissedComparesTheFigureExactly) {
  LadderBook book;
  book.AddContract("K2", kS1, {kM2});
  book.AddClause("KQ", Kpi::kQz1, 80);
  book.AddClause("KP", Kpi::kPpm, 800);
  book.AddClause("KN", Kpi::kQz2, 80, false);
  PublishedResult& met = book.Publish(3, "A");
  met.qz1 = 80;
  met.ppm = 800;
  met.qz2 = 10;  // its clause does not escalate
  EXPECT_TRUE(book.Run(10).rows.empty());

  PublishedResult& missed = book.Publish(5, "A", "2026-Q1");
  missed.qz1 = Rational::Of(7999, 100);
  const EscalationResult result = book.Run(10);
  ASSERT_EQ(result.rows.size(), 1U);
  EXPECT_EQ(RowOf(result).trigger, "kpi_missed KQ");

  LadderBook ppm;
  ppm.AddClause("KP", Kpi::kPpm, 800);
  ppm.Publish(5, "A").ppm = 801;
  EXPECT_EQ(RowOf(ppm.Run(5)).trigger, "kpi_missed KP");
}

// A missed lz1 is a delivery cause: escalating to E3 for delivery gives a
// delivery hold; a missed qz1 would have made it quality.
TEST(EscalationTest, KpiMissedOnDeliveryIsADeliveryCause) {
  LadderBook book;
  book.AddClause("KL", Kpi::kLz1, 90);
  book.Publish(5, "A").lz1 = 85;
  book.Decide(6, Decision::kEscalate, "E3", Cause::kDelivery);
  EXPECT_EQ(HoldOf(RowOf(book.Run(6))), "since 6, delivery");

  book.AddClause("KQ", Kpi::kQz1, 90);
  book.data.published.back().qz1 = 85;
  EXPECT_EQ(HoldOf(RowOf(book.Run(6))), "since 6, quality");
}

// The cells in §9's order: E1 of the default ladder with its actions joined
// by ";", no hold.
TEST(EscalationTest, CellsInTheColumnOrder) {
  LadderBook book;
  book.AddEvent("EV7", 0, EventKind::kStopShip);
  const EscalationResult result = book.Run(10);
  ASSERT_EQ(result.rows.size(), 1U);
  EXPECT_EQ(EscalationColumns(),
            (std::vector<std::string_view>{"contract_id", "supplier_id", "case", "opened_on", "status", "level",
                                           "level_name", "since", "trigger", "next_review", "owner", "actions_due",
                                           "hold", "hold_since", "hold_reason"}));
  const std::string actions =
      "CS1 controlled shipping: 100 % inspection by the supplier;containment within 24 h;8D with root cause in 10 "
      "working days;weekly status report";
  EXPECT_EQ(EscalationCells(result.rows[0]),
            (Lines{"K1", "S1", "1", "2026-01-01", "open", "E1", "intensified", "2026-01-01", "stop_ship EV7",
                   "2026-01-31", "supplier quality engineer", actions, "no", "", ""}));
}

// A closed case after a hold: status closed, next_review empty, the hold's
// cells filled.
TEST(EscalationTest, CellsOfAClosedCaseWithAHold) {
  LadderBook book;
  book.Decide(1, Decision::kEscalate, "E3", Cause::kDelivery);
  book.Decide(2, Decision::kClose);
  const std::vector<std::string> cells = EscalationCells(RowOf(book.Run(5)));
  EXPECT_EQ(cells, (Lines{"K1", "S1", "1", "2026-01-02", "closed", "E0", "standard", "2026-01-03", "close by jdoe", "",
                          "supplier quality engineer", "", "yes", "2026-01-02", "delivery"}));
}

// The same inputs give the same cells, whatever the order of the events'
// lines.
TEST(EscalationTest, DeterministicWhateverTheFileOrder) {
  LadderBook book;
  book.AddEvent("EV2", 5, EventKind::kYardHold);
  book.AddEvent("EV1", 5, EventKind::kStopShip);
  const std::vector<std::string> first = EscalationCells(RowOf(book.Run(5)));
  std::swap(book.data.events[0], book.data.events[1]);
  EXPECT_EQ(EscalationCells(RowOf(book.Run(5))), first);
  EXPECT_EQ(first[8], "stop_ship EV1");
}

}  // namespace
}  // namespace supeval::core::contracts
