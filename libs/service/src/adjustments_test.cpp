// The ppm adjustment's use cases against SQLite and PostgreSQL, at the edge
// of every rule: the deadline day itself and the day after, the month-end
// clamp, the quantity equal to and just above the rejected one, a defect code
// that does not count the rejected quantity, no returned_on, a second
// submission, a decision by its submitter, a stale If-Match; scope, state
// and audit.
#include "supeval/service/adjustments.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "account_test_support.hpp"
#include "service_test_support.hpp"
#include "supeval/service/import.hpp"
#include "supeval/service/notifications.hpp"

namespace supeval::service {
namespace {

using testing::GetField;
using testing::SetField;
using testing::StoreServiceTest;
namespace fs = std::filesystem;

core::Date D(const char* text) { return *core::Date::Parse(text); }
std::chrono::sys_days DayStart(core::Date day) { return std::chrono::sys_days(std::chrono::days(day.days())); }

class AdjustmentsTest : public StoreServiceTest {
 protected:
  void SetUp() override {
    StoreServiceTest::SetUp();
    if (::testing::Test::IsSkipped()) return;
    const fs::path data = Generate("data");
    const fs::path complaints = data / "complaints.csv";
    // Row 1: counts its rejected quantity, returned on 31 Dec (deadline end
    // of February); row 2: a code that takes a share of the lot; row 3:
    // never returned.
    for (std::size_t row = 1; row <= 3; ++row) {
      SetField(complaints, row, "justified", "yes");
      SetField(complaints, row, "rejected_qty", "10");
      SetField(complaints, row, "returned_on", "2025-12-31");
      SetField(complaints, row, "confirmed_qty", "");
      SetField(complaints, row, "confirmed_on", "");
      SetField(complaints, row, "defect", "");
    }
    SetField(complaints, 2, "defect", "nonconforming_rework");
    SetField(complaints, 3, "returned_on", "");
    for (std::size_t row = 1; row <= 3; ++row) ids_.push_back(GetField(complaints, row, "complaint_id"));
    supplier_ = GetField(complaints, 1, "supplier_id");
    ImportFolder(data);
    auto db = store::OpenStore(url());
    ASSERT_TRUE(db.ok()) << db.error().ToString();
    db_ = *std::move(db);
  }

  AdjustmentContext On(const char* today) const {
    AdjustmentContext context;
    context.rules = &rules_;
    context.today = D(today);
    context.end_of_day = [](core::Date day) { return Instant(DayStart(day) + std::chrono::days(1)); };
    context.now = Instant(DayStart(D(today)) + std::chrono::hours(9));
    return context;
  }

  static Caller Quality(const char* name = "qa") {
    Caller caller;
    caller.user = name;
    caller.role = Role::kQuality;
    return caller;
  }

  core::Result<AdjustmentView> Submit(const std::string& id, std::string_view qty, const char* today,
                                      const Caller& caller) {
    return SubmitAdjustment(*db_, caller, id, qty, "sorted: most parts fine", On(today));
  }
  core::Result<AdjustmentView> Submit(const std::string& id, std::string_view qty, const char* today = "2026-02-28") {
    return Submit(id, qty, today, SupplierUser(supplier_));
  }

  core::RuleSet rules_ = core::DefaultRuleSet();
  std::vector<std::string> ids_;
  std::string supplier_;
  std::unique_ptr<store::Store> db_;
};

void ExpectRefused(const core::Result<AdjustmentView>& result, core::ErrorCode code, const char* problem) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, code) << result.error().ToString();
  EXPECT_EQ(result.error().problem, problem) << result.error().ToString();
}

TEST_P(AdjustmentsTest, TheDeadlineIsTheLastDayOfTheClampedMonthInclusive) {
  auto listed = ListAdjustments(*db_, SupplierUser(supplier_), {}, On("2026-02-28"));
  ASSERT_TRUE(listed.ok()) << listed.error().ToString();
  const auto first = std::find_if(listed->rows.begin(), listed->rows.end(),
                                  [&](const AdjustmentView& v) { return v.complaint_id == ids_[0]; });
  ASSERT_NE(first, listed->rows.end());
  EXPECT_EQ(first->deadline, D("2026-02-28"));  // 31 Dec + 2 months = end of February
  EXPECT_EQ(first->state, AdjustmentState::kOpen);
  EXPECT_EQ(Rfc3339(first->deadline_at), "2026-03-01T00:00:00Z");
  auto expired = ListAdjustments(*db_, SupplierUser(supplier_), {std::string("expired"), {}, {}, {}}, On("2026-03-01"));
  ASSERT_TRUE(expired.ok());
  EXPECT_TRUE(std::any_of(expired->rows.begin(), expired->rows.end(),
                          [&](const AdjustmentView& v) { return v.complaint_id == ids_[0]; }));

  ExpectRefused(Submit(ids_[0], "4", "2026-03-01"), core::ErrorCode::kRefused, "deadline-passed");
  auto submitted = Submit(ids_[0], "4", "2026-02-28");
  ASSERT_TRUE(submitted.ok()) << submitted.error().ToString();
  EXPECT_EQ(submitted->state, AdjustmentState::kSubmitted);
  EXPECT_EQ(submitted->stored->submitted_on, D("2026-02-28"));
  EXPECT_EQ(submitted->stored->confirmed_qty, *core::ParseDecimal("4").value);
}

TEST_P(AdjustmentsTest, TheQuantityMayBeTheRejectedOneNotMore) {
  ExpectRefused(Submit(ids_[0], "10.000001"), core::ErrorCode::kRefused, "rule-violation");
  ExpectRefused(Submit(ids_[0], "10.0000001"), core::ErrorCode::kBadInput, "");
  ExpectRefused(Submit(ids_[0], "-1"), core::ErrorCode::kBadInput, "");
  ExpectRefused(Submit(ids_[0], "1e1"), core::ErrorCode::kBadInput, "");
  auto submitted = Submit(ids_[0], "10");
  ASSERT_TRUE(submitted.ok()) << submitted.error().ToString();
  ExpectRefused(Submit(ids_[0], "0"), core::ErrorCode::kConflict, "conflict");
}

TEST_P(AdjustmentsTest, OnlyReturnedComplaintsWhoseCodeCountsTheRejectedQuantity) {
  // Rows 2 and 3 may be another supplier's: quality submits for any.
  ExpectRefused(Submit(ids_[1], "1", "2026-02-28", Quality()), core::ErrorCode::kRefused, "rule-violation");
  ExpectRefused(Submit(ids_[2], "1", "2026-02-28", Quality()), core::ErrorCode::kRefused, "rule-violation");
  auto zero = Submit(ids_[0], "0");
  EXPECT_TRUE(zero.ok()) << zero.error().ToString();
}

TEST_P(AdjustmentsTest, AnotherSuppliersComplaintIsNotFound) {
  const std::string other = supplier_ == "S00001" ? "S00002" : "S00001";
  ExpectRefused(Submit(ids_[0], "1", "2026-02-28", SupplierUser(other)), core::ErrorCode::kNotFound, "not-found");
  auto shown = ShowComplaint(*db_, SupplierUser(other), ids_[0], On("2026-02-28"));
  ASSERT_FALSE(shown.ok());
  EXPECT_EQ(shown.error().code, core::ErrorCode::kNotFound);
  auto listed = ListAdjustments(*db_, SupplierUser(other), {{}, supplier_, {}, {}}, On("2026-02-28"));
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.error().code, core::ErrorCode::kNotFound);
  auto own = ListAdjustments(*db_, SupplierUser(other), {}, On("2026-02-28"));
  ASSERT_TRUE(own.ok());
  for (const AdjustmentView& view : own->rows) EXPECT_EQ(view.supplier_id, other);
}

TEST_P(AdjustmentsTest, ADecisionNeedsAnotherUserAndTheCurrentVersion) {
  auto submitted = Submit(ids_[0], "4", "2026-02-28", Quality("qa"));
  ASSERT_TRUE(submitted.ok()) << submitted.error().ToString();
  AdjustmentDecisionRequest accept{true, "sorting report convincing", std::nullopt};
  ExpectRefused(DecideAdjustment(*db_, Quality("qa"), ids_[0], accept, On("2026-03-02")), core::ErrorCode::kRefused,
                "forbidden");
  auto shown = ShowComplaint(*db_, Quality("qa2"), ids_[0], On("2026-03-02"));
  ASSERT_TRUE(shown.ok()) << shown.error().ToString();
  const std::string tag = ComplaintEntityTag(shown->batch, shown->adjustment_version);
  accept.if_match = ParseComplaintEntityTag(ComplaintEntityTag(shown->batch, shown->adjustment_version + 1));
  ExpectRefused(DecideAdjustment(*db_, Quality("qa2"), ids_[0], accept, On("2026-03-02")), core::ErrorCode::kConflict,
                "precondition-failed");
  accept.if_match = ParseComplaintEntityTag(tag);
  auto accepted = DecideAdjustment(*db_, Quality("qa2"), ids_[0], accept, On("2026-03-02"));
  ASSERT_TRUE(accepted.ok()) << accepted.error().ToString();
  EXPECT_EQ(accepted->state, AdjustmentState::kAccepted);
  accept.if_match.reset();
  ExpectRefused(DecideAdjustment(*db_, Quality("qa2"), ids_[0], accept, On("2026-03-02")), core::ErrorCode::kConflict,
                "already-decided");
  auto after = ShowComplaint(*db_, Quality("qa2"), ids_[0], On("2026-03-02"));
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->record.confirmed_qty, *core::ParseDecimal("4").value);
  EXPECT_EQ(after->record.confirmed_on, D("2026-02-28"));  // the day of the submission

  auto audit = db_->accounts().ListAudit({});
  ASSERT_TRUE(audit.ok());
  ASSERT_GE(audit->size(), 2U);
  EXPECT_EQ((*audit)[0].action, "adjustment.decide");
  EXPECT_EQ((*audit)[0].user, "qa2");
  EXPECT_EQ((*audit)[0].target, "complaint " + ids_[0]);
  EXPECT_EQ((*audit)[1].action, "adjustment.submit");
  EXPECT_EQ((*audit)[1].user, "qa");
}

TEST_P(AdjustmentsTest, AReportIsKeptWhileSubmittedAndReadBack) {
  const Caller supplier = SupplierUser(supplier_);
  const std::string pdf("%PDF-1.4\n\0binary\xff", 17);
  EXPECT_EQ(AttachAdjustmentReport(*db_, supplier, ids_[0], "application/pdf", pdf, On("2026-02-01").now).error().code,
            core::ErrorCode::kConflict);
  ASSERT_TRUE(Submit(ids_[0], "4").ok());
  ASSERT_TRUE(AttachAdjustmentReport(*db_, supplier, ids_[0], "application/pdf", pdf, On("2026-02-01").now).ok());
  auto read = ReadAdjustmentReport(*db_, Quality(), ids_[0]);
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_EQ(read->bytes, pdf);
  EXPECT_EQ(read->media_type, "application/pdf");
  EXPECT_EQ(read->file_name, "sorting-report-" + ids_[0] + ".pdf");
  const std::string too_large(kMaxAdjustmentReportBytes + 1, 'x');
  EXPECT_EQ(
      AttachAdjustmentReport(*db_, supplier, ids_[0], "image/png", too_large, On("2026-02-01").now).error().problem,
      "too-large");
  auto rejected =
      DecideAdjustment(*db_, Quality(), ids_[0], {false, "no sorting evidence", std::nullopt}, On("2026-03-02"));
  ASSERT_TRUE(rejected.ok()) << rejected.error().ToString();
  EXPECT_EQ(rejected->state, AdjustmentState::kRejected);
  EXPECT_EQ(AttachAdjustmentReport(*db_, supplier, ids_[0], "application/pdf", pdf, On("2026-03-02").now).error().code,
            core::ErrorCode::kConflict);
  const Json json = AdjustmentJson(*rejected);
  EXPECT_EQ(json["state"], "rejected");
  EXPECT_EQ(json["reason"], "no sorting evidence");
  EXPECT_EQ(json["report"]["media_type"], "application/pdf");
  EXPECT_EQ(json["confirmed_qty"], 4.0);
}

TEST(AdjustmentTagTest, OnlyOwnStrongTagsNameAVersion) {
  EXPECT_EQ(ParseComplaintEntityTag(std::nullopt), std::nullopt);
  EXPECT_EQ(ParseComplaintEntityTag("*"), std::nullopt);
  EXPECT_EQ(ParseComplaintEntityTag(" \"complaint-12-3\" "), std::make_pair(std::int64_t{12}, std::int64_t{3}));
  const auto none = std::make_pair(std::int64_t{-1}, std::int64_t{-1});
  EXPECT_EQ(ParseComplaintEntityTag("W/\"complaint-12-3\""), none);
  EXPECT_EQ(ParseComplaintEntityTag("\"complaint-12\""), none);
  EXPECT_EQ(ParseComplaintEntityTag("\"user-v3\""), none);
}

TEST_P(AdjustmentsTest, ADecisionNotifiesTheSuppliersUsersAndTheSubmitter) {
  const Caller sam = testing::AddTestUser(*db_, "sam", "Sam", Role::kSupplier, supplier_);
  const Caller quinn = testing::AddTestUser(*db_, "quinn", "Quinn", Role::kQuality);
  const Caller ada = testing::AddTestUser(*db_, "ada", "Ada", Role::kQuality);
  ASSERT_TRUE(Submit(ids_[0], "4", "2026-02-28", quinn).ok());
  auto rejected = DecideAdjustment(*db_, ada, ids_[0], {false, "no sorting evidence", std::nullopt}, On("2026-03-02"));
  ASSERT_TRUE(rejected.ok()) << rejected.error().ToString();
  for (const Caller& told : {sam, quinn}) {
    auto page = ListNotifications(*db_, told, {std::nullopt, std::nullopt, std::nullopt});
    ASSERT_TRUE(page.ok()) << page.error().ToString();
    ASSERT_EQ(page->rows.size(), 1U) << told.user;
    EXPECT_EQ(page->rows[0].kind, "adjustment.decided");
    EXPECT_NE(page->rows[0].text.find(ids_[0] + " was rejected: no sorting evidence"), std::string::npos)
        << page->rows[0].text;
  }
  auto decider = ListNotifications(*db_, ada, {std::nullopt, std::nullopt, std::nullopt});
  ASSERT_TRUE(decider.ok());
  EXPECT_TRUE(decider->rows.empty());
}

TEST_P(AdjustmentsTest, TheDeadlineNoticeGoesOutOnceSevenDaysAhead) {
  const Caller sam = testing::AddTestUser(*db_, "sam", "Sam", Role::kSupplier, supplier_);
  const auto notices = [&] {
    auto page = ListNotifications(*db_, sam, {std::nullopt, std::nullopt, std::nullopt});
    EXPECT_TRUE(page.ok()) << page.error().ToString();
    return page.ok() ? page->rows : std::vector<store::NotificationRow>{};
  };
  // Row 1's deadline is 2026-02-28; row 2's code takes no rejected_qty, row 3 never came back.
  auto early = NotifyAdjustmentDeadlines(*db_, On("2026-02-20"));
  ASSERT_TRUE(early.ok()) << early.error().ToString();
  EXPECT_EQ(*early, 0);
  auto due = NotifyAdjustmentDeadlines(*db_, On("2026-02-21"));
  ASSERT_TRUE(due.ok()) << due.error().ToString();
  EXPECT_EQ(*due, 1);
  ASSERT_EQ(notices().size(), 1U);
  EXPECT_EQ(notices()[0].kind, "adjustment.deadline");
  EXPECT_NE(notices()[0].text.find(ids_[0] + " can be submitted until 2026-02-28"), std::string::npos);
  // Once: a later sweep (or another serve process) sends nothing again.
  auto again = NotifyAdjustmentDeadlines(*db_, On("2026-02-25"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(notices().size(), 1U);
}

TEST_P(AdjustmentsTest, NoDeadlineNoticeOnceSubmittedOrPassed) {
  testing::AddTestUser(*db_, "sam", "Sam", Role::kSupplier, supplier_);
  auto passed = NotifyAdjustmentDeadlines(*db_, On("2026-03-01"));
  ASSERT_TRUE(passed.ok());
  EXPECT_EQ(*passed, 0);
  ASSERT_TRUE(Submit(ids_[0], "4", "2026-02-20").ok());
  auto submitted = NotifyAdjustmentDeadlines(*db_, On("2026-02-25"));
  ASSERT_TRUE(submitted.ok());
  EXPECT_EQ(*submitted, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AdjustmentsTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         testing::BackendTestName);

}  // namespace
}  // namespace supeval::service
