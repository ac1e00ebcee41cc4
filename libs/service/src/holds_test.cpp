// Holds from the command line's use case, against SQLite and PostgreSQL: a
// reason is required, a withdrawal finds the one active hold, several
// active holds need the imposition date. Holds over the API: by id, in the
// caller's scope, each refusal with its API meaning, audited as the caller.
#include "supeval/service/holds.hpp"

#include <gtest/gtest.h>

#include "account_test_support.hpp"
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
  // The id comes after the columns the table always had, as they were.
  const std::string header = table.substr(0, table.find('\n'));
  EXPECT_EQ(header.find("supplier"), 0U) << header;
  EXPECT_LT(header.find("why"), header.find(" id")) << header;
  EXPECT_EQ(header.substr(header.find_last_not_of(' ') - 1, 2), "id") << header;
  const std::string last_row = table.substr(table.rfind('\n', table.size() - 2) + 1);
  EXPECT_NE(last_row.find(" " + std::to_string(holds->back().id)), std::string::npos) << last_row;
  EXPECT_GT(holds->back().id, 0);
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

// ---------------------------------------------------------------------------
// Over the API

class HoldsApiTest : public testing::AccountServiceTest {
 protected:
  void SetUp() override {
    AccountServiceTest::SetUp();
    if (!database_) return;
    NewUser quality;
    quality.name = "qa";
    quality.display_name = "Quality Lead";
    quality.role = Role::kQuality;
    quality.password = "correct horse battery";
    ASSERT_TRUE(accounts_->CreateUser(Root(), quality, testing::Start()).ok());
  }

  static Caller Quality() {
    Caller caller;
    caller.user = "qa";
    caller.display_name = "Quality Lead";
    caller.role = Role::kQuality;
    caller.address = "192.0.2.7";
    return caller;
  }
  static Caller Supplier(const std::string& supplier_id) {
    Caller caller;
    caller.user = "portal";
    caller.display_name = "Portal";
    caller.role = Role::kSupplier;
    caller.supplier_id = supplier_id;
    return caller;
  }
  static HoldImposition Imposition(const std::string& supplier_id = "S00005", const std::string& on = "2026-05-01") {
    return HoldImposition{supplier_id, core::HoldReason::kQuality, *core::Date::Parse(on), "field failure 8D open"};
  }
  core::Result<HoldView> Withdraw(store::HoldId id, const std::string& on, const Caller& caller = Quality()) {
    return WithdrawHold(*store_, caller, std::to_string(id), *core::Date::Parse(on), "8D closed", testing::Start());
  }
};

TEST_P(HoldsApiTest, ImposeShowAndWithdrawByIdAuditedAsTheCaller) {
  auto imposed = ImposeHold(*store_, Quality(), Imposition(), testing::Start());
  ASSERT_TRUE(imposed.ok()) << imposed.error().ToString();
  const store::HoldId id = imposed->hold.id;
  EXPECT_GT(id, 0);
  EXPECT_EQ(imposed->hold.key.supplier_id, "S00005");
  EXPECT_FALSE(imposed->hold.withdrawn_on);
  EXPECT_EQ(imposed->changed_by, "qa");
  EXPECT_EQ(imposed->hold.changed_at, "2026-07-01T08:00:00Z");
  EXPECT_EQ(imposed->why, "field failure 8D open");
  auto shown = ShowHold(*store_, Quality(), std::to_string(id));
  ASSERT_TRUE(shown.ok()) << shown.error().ToString();
  EXPECT_EQ(shown->hold.key.imposed_on, *core::Date::Parse("2026-05-01"));

  auto too_early = Withdraw(id, "2026-04-30");  // a day before the imposition
  ASSERT_FALSE(too_early.ok());
  EXPECT_EQ(too_early.error().code, core::ErrorCode::kRefused);
  auto withdrawn = Withdraw(id, "2026-05-01");  // the day itself
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.error().ToString();
  EXPECT_EQ(withdrawn->hold.id, id);
  EXPECT_EQ(withdrawn->hold.withdrawn_on, *core::Date::Parse("2026-05-01"));
  EXPECT_EQ(withdrawn->why, "8D closed");
  auto again = Withdraw(id, "2026-05-02");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(again.error().problem, "already-withdrawn");

  const std::vector<store::AuditEntry> audit = AccountAudit();
  ASSERT_GE(audit.size(), 2U);
  EXPECT_EQ(audit[0].action, "hold.withdraw");
  EXPECT_EQ(audit[1].action, "hold.impose");
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(audit[i].user, "qa");
    EXPECT_EQ(audit[i].address, "192.0.2.7");
  }
}

TEST_P(HoldsApiTest, RefusalsCarryTheirApiMeaning) {
  ASSERT_TRUE(ImposeHold(*store_, Quality(), Imposition(), testing::Start()).ok());
  auto twice = ImposeHold(*store_, Quality(), Imposition(), testing::Start());
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, core::ErrorCode::kConflict);
  auto unknown = ImposeHold(*store_, Quality(), Imposition("S99999"), testing::Start());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kRefused);
  EXPECT_EQ(unknown.error().location.field, "/supplier_id");
  HoldImposition no_why = Imposition("S00005", "2026-06-01");
  no_why.why = " ";
  auto refused = ImposeHold(*store_, Quality(), no_why, testing::Start());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kBadInput);
  EXPECT_EQ(refused.error().location.field, "/why");
  Caller purchasing = Quality();
  purchasing.role = Role::kPurchasing;
  auto forbidden = ImposeHold(*store_, purchasing, Imposition("S00005", "2026-06-02"), testing::Start());
  ASSERT_FALSE(forbidden.ok());
  EXPECT_EQ(forbidden.error().problem, "forbidden");
  for (const std::string id : {"abc", "0", "-1", "99999", "1x"}) {
    auto missing = ShowHold(*store_, Quality(), id);
    ASSERT_FALSE(missing.ok()) << id;
    EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound) << id;
  }
  EXPECT_EQ(Withdraw(99999, "2026-06-01").error().code, core::ErrorCode::kNotFound);
}

TEST_P(HoldsApiTest, ASupplierUserSeesItsOwnHoldsOnlyWithDisplayNames) {
  auto own = ImposeHold(*store_, Quality(), Imposition("S00005"), testing::Start());
  auto other = ImposeHold(*store_, Quality(), Imposition("S00006"), testing::Start());
  ASSERT_TRUE(own.ok() && other.ok());
  const Caller supplier = Supplier("S00005");
  auto page = ListHoldsPage(*store_, supplier, {});
  ASSERT_TRUE(page.ok()) << page.error().ToString();
  ASSERT_FALSE(page->rows.empty());
  for (const HoldView& view : page->rows) EXPECT_EQ(view.hold.key.supplier_id, "S00005");
  auto shown = ShowHold(*store_, supplier, std::to_string(own->hold.id));
  ASSERT_TRUE(shown.ok()) << shown.error().ToString();
  EXPECT_EQ(shown->changed_by, "Quality Lead") << "a display name, never a login name";

  auto hidden = ShowHold(*store_, supplier, std::to_string(other->hold.id));
  auto absent = ShowHold(*store_, supplier, "99999");
  ASSERT_FALSE(hidden.ok());
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(hidden.error().problem, absent.error().problem);
  HoldsQuery another;
  another.supplier_id = "S00006";
  auto named = ListHoldsPage(*store_, supplier, another);
  ASSERT_FALSE(named.ok());
  EXPECT_EQ(named.error().code, core::ErrorCode::kNotFound);
  HoldsQuery nobody;
  nobody.supplier_id = "S99999";
  EXPECT_EQ(ListHoldsPage(*store_, Quality(), nobody).error().code, core::ErrorCode::kNotFound);
}

TEST_P(HoldsApiTest, ListsFilterByReasonAndTheDayAHoldIsActive) {
  const store::HoldId id =
      ImposeHold(*store_, Quality(), Imposition("S00005", "2026-05-01"), testing::Start())->hold.id;
  ASSERT_TRUE(Withdraw(id, "2026-05-10").ok());
  auto active_on = [&](const std::string& day) {
    HoldsQuery query;
    query.supplier_id = "S00005";
    query.active_on = day;
    auto page = ListHoldsPage(*store_, Quality(), query);
    EXPECT_TRUE(page.ok()) << page.error().ToString();
    return page.ok() &&
           std::any_of(page->rows.begin(), page->rows.end(), [&](const HoldView& view) { return view.hold.id == id; });
  };
  EXPECT_FALSE(active_on("2026-04-30"));
  EXPECT_TRUE(active_on("2026-05-01"));
  EXPECT_TRUE(active_on("2026-05-09"));
  EXPECT_FALSE(active_on("2026-05-10")) << "withdrawn that day";

  HoldsQuery all;
  auto every = ListHoldsPage(*store_, Quality(), all);
  ASSERT_TRUE(every.ok());
  for (std::size_t i = 1; i < every->rows.size(); ++i) EXPECT_LT(every->rows[i - 1].hold.id, every->rows[i].hold.id);
  HoldsQuery delivery;
  delivery.reason = "delivery";
  auto deliveries = ListHoldsPage(*store_, Quality(), delivery);
  ASSERT_TRUE(deliveries.ok());
  EXPECT_LT(deliveries->total_count, every->total_count);
  for (const HoldView& view : deliveries->rows) EXPECT_EQ(view.hold.key.reason, core::HoldReason::kDelivery);
  EXPECT_GT(deliveries->total_count, 0);
  for (const auto& [parameter, value] :
       std::vector<std::pair<std::string, std::string>>{{"reason", "Quality"}, {"active_on", "2026-13-01"}}) {
    HoldsQuery bad;
    (parameter == "reason" ? bad.reason : bad.active_on) = value;
    auto refused = ListHoldsPage(*store_, Quality(), bad);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, core::ErrorCode::kBadInput);
    EXPECT_EQ(refused.error().location.field, parameter);
  }
  HoldsQuery one;
  one.limit = "1";
  one.offset = "1";
  auto second = ListHoldsPage(*store_, Quality(), one);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->rows.size(), 1U);
  EXPECT_EQ(second->rows[0].hold.id, every->rows[1].hold.id);
  EXPECT_EQ(second->total_count, every->total_count);
}

INSTANTIATE_TEST_SUITE_P(Backends, HoldsApiTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         testing::BackendTestName);

INSTANTIATE_TEST_SUITE_P(Backends, HoldsTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         testing::BackendTestName);

}  // namespace
}  // namespace supeval::service
