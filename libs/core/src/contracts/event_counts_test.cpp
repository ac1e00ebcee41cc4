// Tests of the period's event counts (docs/events.md): the period's edges,
// kinds, costs given or not, customer notification, the rows' order.
#include "supeval/core/contracts/event_counts.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace supeval::core::contracts {
namespace {

Date D(std::string_view text) { return Date::Parse(text).value(); }

constexpr Index kS1 = 0, kS2 = 1, kS3 = 2;

const Period kH1{D("2026-01-01"), D("2026-06-30"), "2026-H1"};

Event MakeEvent(std::string id, Index supplier, std::string_view date, EventKind kind,
                std::optional<std::string_view> cost = std::nullopt, bool customer_notified = false) {
  Event event;
  event.id = std::move(id);
  event.supplier = supplier;
  event.date = D(date);
  event.kind = kind;
  if (cost) event.cost = Rational::Parse(*cost).value();
  event.customer_notified = customer_notified;
  return event;
}

std::int64_t Of(const EventCounts& counts, EventKind kind) { return counts.by_kind[static_cast<std::size_t>(kind)]; }

TEST(EventCountsTest, CountsTheFirstAndLastDayButNotTheDaysAround) {
  const std::vector<Event> events = {
      MakeEvent("E1", kS1, "2025-12-31", EventKind::kYardHold),  // the day before
      MakeEvent("E2", kS1, "2026-01-01", EventKind::kYardHold),  // the first day
      MakeEvent("E3", kS1, "2026-06-30", EventKind::kStopShip),  // the last day
      MakeEvent("E4", kS1, "2026-07-01", EventKind::kStopShip),  // the day after
  };
  const std::vector<EventCounts> counts = CountEvents(events, kH1, 2);
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[kS1].total, 2);
  EXPECT_EQ(Of(counts[kS1], EventKind::kYardHold), 1);
  EXPECT_EQ(Of(counts[kS1], EventKind::kStopShip), 1);
  EXPECT_EQ(counts[kS2], EventCounts());
}

TEST(EventCountsTest, CountsKindsNotificationsAndCostsPerSupplier) {
  const std::vector<Event> events = {
      MakeEvent("E1", kS1, "2026-02-01", EventKind::kPremiumFreight, "1200.5"),
      MakeEvent("E2", kS1, "2026-02-03", EventKind::kPremiumFreight, std::nullopt, true),
      MakeEvent("E3", kS1, "2026-03-01", EventKind::kRecall, "0.125", true),
      MakeEvent("E4", kS2, "2026-04-01", EventKind::kDealerReturn),
      MakeEvent("E5", kS3, "2026-05-01", EventKind::kWarranty, "10.004"),
      MakeEvent("E6", kS3, "2026-05-02", EventKind::kWarranty, "0.001"),
  };
  const std::vector<EventCounts> counts = CountEvents(events, kH1, 3);
  EXPECT_EQ(counts[kS1].total, 3);
  EXPECT_EQ(counts[kS1].customer_notified, 2);
  EXPECT_EQ(Of(counts[kS1], EventKind::kPremiumFreight), 2);
  EXPECT_EQ(Of(counts[kS1], EventKind::kRecall), 1);
  EXPECT_EQ(Of(counts[kS1], EventKind::kYardHold), 0);
  EXPECT_EQ(counts[kS1].cost, Rational::Parse("1200.625").value());
  EXPECT_EQ(counts[kS1].CostText(), "1200.63");  // half away from zero, once, on the exact sum
  EXPECT_EQ(counts[kS2].total, 1);
  EXPECT_EQ(counts[kS2].CostText(), "0.00");   // no cost given
  EXPECT_EQ(counts[kS3].CostText(), "10.01");  // 10.005 exactly: each cost rounded first would give 10.00
}

TEST(EventCountsTest, NoEventsGiveZeroCounts) {
  const std::vector<EventCounts> counts = CountEvents({}, kH1, 2);
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[kS1].total, 0);
  EXPECT_EQ(counts[kS1].CostText(), "0.00");
}

TEST(EventCountsTest, ListsOneSuppliersEventsOfThePeriodByDateThenId) {
  const std::vector<Event> events = {
      MakeEvent("E9", kS1, "2026-03-01", EventKind::kRecall),
      MakeEvent("E2", kS1, "2026-03-01", EventKind::kYardHold),
      MakeEvent("E1", kS1, "2026-04-01", EventKind::kYardHold),
      MakeEvent("E3", kS2, "2026-02-01", EventKind::kYardHold),
      MakeEvent("E4", kS1, "2026-07-01", EventKind::kYardHold),
  };
  const std::vector<Event> listed = EventsOf(events, kS1, kH1);
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].id, "E2");
  EXPECT_EQ(listed[1].id, "E9");
  EXPECT_EQ(listed[2].id, "E1");
}

}  // namespace
}  // namespace supeval::core::contracts
