// Holds from the command line's use case, against SQLite and PostgreSQL: a
// reason is required, a withdrawal finds the one active hold, several
// active holds need the imposition date.
#include "supeval/service/holds.hpp"

#include <gtest/gtest.h>

#include "service_test_support.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/import.hpp"
#include "supeval/store/accounts.hpp"

namespace supeval::service {
namespace {

using testing::StoreServiceTest;
namespace fs = std::filesystem;

class HoldsTest : public StoreServiceTest {
 protected:
  HoldRequest Request(const std::string& on) {
    HoldRequest request;
    request.db_url = url();
    request.supplier_id = "S00005";
    request.on = *core::Date::Parse(on);
    request.why = "field failure 8D open";
    request.user = "qa-lead";
    request.created_at = "2026-07-05T09:00:00Z";
    return request;
  }
};

TEST_P(HoldsTest, ImposeAndWithdrawWithWhoAndWhy) {
  ImportRequest import;
  import.db_url = url();
  import.data_dir = Generate("data");
  import.user = "importer";
  import.created_at = "2026-07-01T06:00:00Z";
  ASSERT_TRUE(ImportDataset(import).ok());

  HoldRequest no_reason = Request("2026-05-01");
  no_reason.why = "  ";
  auto refused = ImposeHold(no_reason);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().location.field, "--why");

  auto first = ImposeHold(Request("2026-05-01"));
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(first->kind, store::BatchKind::kHolds);
  EXPECT_EQ(first->user, "qa-lead");
  EXPECT_EQ(first->comment, "field failure 8D open");
  auto second = ImposeHold(Request("2026-06-01"));
  ASSERT_TRUE(second.ok());

  auto ambiguous = WithdrawHold(Request("2026-06-15"));
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_NE(ambiguous.error().message.find("several active quality holds"), std::string::npos)
      << ambiguous.error().message;
  HoldRequest which = Request("2026-06-15");
  which.imposed_on = *core::Date::Parse("2026-05-01");
  which.why = "8D closed";
  auto withdrawn = WithdrawHold(which);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.error().ToString();
  auto last = WithdrawHold(Request("2026-06-20"));  // now only one is active
  ASSERT_TRUE(last.ok()) << last.error().ToString();
  auto none = WithdrawHold(Request("2026-06-21"));
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("no active quality hold of supplier S00005"), std::string::npos);

  auto holds = ListHolds(url(), std::string("S00005"));
  ASSERT_TRUE(holds.ok());
  std::size_t mine = 0;
  for (const store::StoredHold& hold : *holds) {
    if (hold.changed_by != "qa-lead") continue;
    ++mine;
    EXPECT_TRUE(hold.withdrawn_on.has_value());
  }
  EXPECT_EQ(mine, 2U);
  const std::string table = WriteHoldsTable(*holds);
  EXPECT_NE(table.find("8D closed"), std::string::npos) << table;
  EXPECT_EQ(ParseHoldReasonName("delivery").value(), core::HoldReason::kDelivery);
  EXPECT_FALSE(ParseHoldReasonName("Quality").ok());
}

TEST_P(HoldsTest, ImportsAndHoldChangesAreAuditedWithTheirBatchRefusalsNot) {
  ImportRequest import;
  import.db_url = url();
  import.data_dir = Generate("data", 40);
  import.user = "importer";
  import.created_at = "2026-07-01T06:00:00Z";
  ASSERT_TRUE(ImportDataset(import).ok());
  ASSERT_TRUE(ImposeHold(Request("2026-05-01")).ok());
  EXPECT_FALSE(ImposeHold(Request("2026-05-01")).ok()) << "exists already";
  HoldRequest withdraw = Request("2026-06-15");
  withdraw.why = "8D closed";
  withdraw.address = "192.0.2.4";
  ASSERT_TRUE(WithdrawHold(withdraw).ok());
  HoldRequest bad_time = Request("2026-06-16");
  bad_time.created_at = "yesterday";
  EXPECT_FALSE(ImposeHold(bad_time).ok());

  auto db = store::OpenStore(url());
  ASSERT_TRUE(db.ok());
  auto audit = (*db)->accounts().ListAudit({});
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 3U) << "one entry per change, none for the refusals";
  const store::AuditEntry& imported = audit->back();
  EXPECT_EQ(imported.action, "import");
  EXPECT_EQ(imported.target, "1") << "the batch";
  EXPECT_EQ(imported.user, "importer");
  EXPECT_NE(imported.after->find(R"("name":"deliveries.csv","sha256":")"), std::string::npos) << *imported.after;
  const store::AuditEntry& imposed = (*audit)[1];
  EXPECT_EQ(imposed.action, "hold.impose");
  EXPECT_EQ(imposed.user, "qa-lead");
  EXPECT_FALSE(imposed.address);
  EXPECT_EQ(imposed.at, *ParseRfc3339("2026-07-05T09:00:00Z"));
  EXPECT_EQ(imposed.target, "S00005/quality/2026-05-01");
  EXPECT_FALSE(imposed.before);
  EXPECT_EQ(imposed.after,
            R"({"supplier_id":"S00005","reason":"quality","imposed_on":"2026-05-01","withdrawn_on":null,)"
            R"("why":"field failure 8D open"})");
  const store::AuditEntry& withdrawn = audit->front();
  EXPECT_EQ(withdrawn.action, "hold.withdraw");
  EXPECT_EQ(withdrawn.address, "192.0.2.4");
  EXPECT_EQ(withdrawn.before,
            R"({"supplier_id":"S00005","reason":"quality","imposed_on":"2026-05-01","withdrawn_on":null})");
  EXPECT_EQ(withdrawn.after,
            R"({"supplier_id":"S00005","reason":"quality","imposed_on":"2026-05-01","withdrawn_on":"2026-06-15",)"
            R"("why":"8D closed"})");
}

TEST_P(HoldsTest, AHoldNeedsADatabaseWithTheSupplier) {
  auto missing = ImposeHold(Request("2026-05-01"));
  ASSERT_FALSE(missing.ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, HoldsTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         testing::BackendTestName);

}  // namespace
}  // namespace supeval::service
