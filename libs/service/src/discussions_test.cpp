// Discussions and notifications against SQLite and PostgreSQL: a thread on
// a complaint and on a run result, at the edges of every rule (10,000 and
// 10,001 characters, blank text, both or neither of complaint and run,
// another supplier's complaint, thread or run result), read markers and
// unread counts, who is notified of a message and of a publication, and
// the outbox rows written with each notification.
#include "supeval/service/discussions.hpp"

#include <gtest/gtest.h>

#include "account_test_support.hpp"
#include "supeval/service/notifications.hpp"

namespace supeval::service {
namespace {

using testing::Start;
using testing::StoreServiceTest;
namespace fs = std::filesystem;

constexpr const char* kPeriod = "2026-H1";

std::string Repeated(std::string_view piece, std::size_t times) {
  std::string text;
  for (std::size_t i = 0; i < times; ++i) text += piece;
  return text;
}

ThreadsQuery Filter(std::optional<std::string> supplier_id, std::optional<std::string> complaint_id = std::nullopt,
                    std::optional<std::string> unread = std::nullopt) {
  return ThreadsQuery{
      std::move(supplier_id), std::move(complaint_id), std::nullopt, std::move(unread), std::nullopt, std::nullopt};
}

class DiscussionsTest : public StoreServiceTest {
 protected:
  void SetUp() override {
    StoreServiceTest::SetUp();
    if (!database_) return;
    folder_ = Generate("data");
    ImportFolder(folder_);
    run_ = PublishEvaluated(kPeriod);
    auto opened = store::OpenStore(url());
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    db_ = *std::move(opened);
    quinn_ = AddUser("quinn", "Quinn Quality", Role::kQuality);
    pat_ = AddUser("pat", "Pat Purchasing", Role::kPurchasing);
    sam_ = AddUser("sam", "Sam of S00001", Role::kSupplier, "S00001");
    sue_ = AddUser("sue", "Sue of S00001", Role::kSupplier, "S00001");
    otto_ = AddUser("otto", "Otto of S00002", Role::kSupplier, "S00002");
  }

  Caller AddUser(const std::string& name, const std::string& display_name, Role role,
                 std::optional<std::string> supplier_id = std::nullopt) {
    return testing::AddTestUser(*db_, name, display_name, role, std::move(supplier_id));
  }

  // The first complaint of `supplier_id` in the imported data.
  std::string ComplaintOf(const std::string& supplier_id) {
    const auto lines = testing::ReadLines(folder_ / "complaints.csv");
    for (std::size_t row = 1; row < lines.size(); ++row) {
      if (testing::GetField(folder_ / "complaints.csv", row, "supplier_id") == supplier_id) {
        return testing::GetField(folder_ / "complaints.csv", row, "complaint_id");
      }
    }
    ADD_FAILURE() << "no complaint of " << supplier_id;
    return "";
  }

  NewThread OnComplaint(const std::string& complaint_id, std::string body = "Please check the count.") {
    NewThread thread;
    thread.complaint_id = complaint_id;
    thread.subject = "Rejected quantity";
    thread.body = std::move(body);
    return thread;
  }

  ThreadView Open(const Caller& caller, const NewThread& thread) {
    auto opened = OpenThread(*db_, caller, thread, Start());
    EXPECT_TRUE(opened.ok()) << opened.error().ToString();
    return opened.ok() ? *opened : ThreadView{};
  }

  std::vector<store::NotificationRow> NotificationsOf(const Caller& caller, std::optional<std::string> unread = {}) {
    auto page = ListNotifications(*db_, caller, {std::move(unread), std::nullopt, std::nullopt});
    EXPECT_TRUE(page.ok()) << page.error().ToString();
    return page.ok() ? page->rows : std::vector<store::NotificationRow>{};
  }

  std::int64_t UnreadOf(const Caller& caller, std::int64_t thread_id) {
    auto thread = ShowThread(*db_, caller, std::to_string(thread_id));
    EXPECT_TRUE(thread.ok()) << thread.error().ToString();
    return thread.ok() ? thread->unread : -1;
  }

  static void ExpectError(const core::Status& status, core::ErrorCode code, const std::string& field = "") {
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, code) << status.error().ToString();
    if (!field.empty()) {
      EXPECT_EQ(status.error().location.field, field) << status.error().ToString();
    }
  }
  template <class T>
  static void ExpectError(const core::Result<T>& result, core::ErrorCode code, const std::string& field = "") {
    ASSERT_FALSE(result.ok());
    ExpectError(core::Status(result.error()), code, field);
  }

  fs::path folder_;
  store::RunId run_ = 0;
  std::unique_ptr<store::Store> db_;
  Caller quinn_, pat_, sam_, sue_, otto_;
};

TEST_P(DiscussionsTest, ASupplierOpensAThreadOnItsComplaintAndStaffReplies) {
  const ThreadView opened = Open(sam_, OnComplaint(ComplaintOf("S00001")));
  EXPECT_EQ(opened.thread.supplier_id, "S00001");  // left out: the supplier user's own
  EXPECT_EQ(opened.created_by, "Sam of S00001");   // to a supplier user: the display name
  EXPECT_EQ(opened.unread, 0);                     // its own message
  EXPECT_EQ(UnreadOf(quinn_, opened.thread.id), 1);
  EXPECT_TRUE(NotificationsOf(quinn_).empty());  // a new thread reaches staff as unread, not as a notification
  EXPECT_TRUE(NotificationsOf(sue_).empty());

  auto reply = PostMessage(*db_, quinn_, std::to_string(opened.thread.id), "We counted again: 12 parts.", Start());
  ASSERT_TRUE(reply.ok()) << reply.error().ToString();
  EXPECT_EQ(reply->author, "quinn");  // staff see login names
  EXPECT_EQ(UnreadOf(quinn_, opened.thread.id), 0);
  EXPECT_EQ(UnreadOf(sam_, opened.thread.id), 1);

  for (const Caller& user : {sam_, sue_}) {  // every user of the supplier, not only those who wrote
    const auto notes = NotificationsOf(user, "true");
    ASSERT_EQ(notes.size(), 1U) << user.user;
    EXPECT_EQ(notes[0].kind, "thread.reply");
    EXPECT_EQ(notes[0].link, "/threads/" + std::to_string(opened.thread.id));
    EXPECT_EQ(notes[0].text, "Quinn Quality wrote in \"Rejected quantity\".");
  }
  EXPECT_TRUE(NotificationsOf(otto_).empty());
  EXPECT_TRUE(NotificationsOf(pat_).empty());

  auto messages = ListMessages(*db_, sam_, std::to_string(opened.thread.id), std::nullopt, std::nullopt);
  ASSERT_TRUE(messages.ok());
  ASSERT_EQ(messages->rows.size(), 2U);
  EXPECT_EQ(messages->rows[0].body, "Please check the count.");  // oldest first
  EXPECT_EQ(messages->rows[1].author, "Quinn Quality");          // to a supplier user: the display name

  // The supplier answers: the staff who wrote hear of it, the others not.
  ASSERT_TRUE(PostMessage(*db_, sam_, std::to_string(opened.thread.id), "Thanks.", Start()).ok());
  EXPECT_EQ(NotificationsOf(quinn_).size(), 1U);
  EXPECT_TRUE(NotificationsOf(pat_).empty());
  EXPECT_EQ(NotificationsOf(sam_).size(), 1U);  // never of its own message
}

TEST_P(DiscussionsTest, ReadMarkersMoveOnlyForwardAndOnlyToMessagesOfTheThread) {
  const ThreadView first = Open(sam_, OnComplaint(ComplaintOf("S00001")));
  const ThreadView second = Open(sam_, OnComplaint(ComplaintOf("S00001"), "Another question."));
  const std::string id = std::to_string(first.thread.id);
  auto a = PostMessage(*db_, quinn_, id, "one", Start());
  auto b = PostMessage(*db_, quinn_, id, "two", Start());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(UnreadOf(sam_, first.thread.id), 2);
  ASSERT_TRUE(MarkThreadRead(*db_, sam_, id, a->id).ok());
  EXPECT_EQ(UnreadOf(sam_, first.thread.id), 1);
  ASSERT_TRUE(MarkThreadRead(*db_, sam_, id, b->id).ok());
  EXPECT_EQ(UnreadOf(sam_, first.thread.id), 0);
  ASSERT_TRUE(MarkThreadRead(*db_, sam_, id, a->id).ok());  // back: accepted, changes nothing
  EXPECT_EQ(UnreadOf(sam_, first.thread.id), 0);

  auto of_second = ListMessages(*db_, sam_, std::to_string(second.thread.id), std::nullopt, std::nullopt);
  ASSERT_TRUE(of_second.ok());
  ExpectError(MarkThreadRead(*db_, sam_, id, of_second->rows.at(0).id), core::ErrorCode::kRefused, "/up_to");
  ExpectError(MarkThreadRead(*db_, sam_, id, b->id + 1000), core::ErrorCode::kRefused, "/up_to");

  auto unread = ListThreads(*db_, quinn_, Filter(std::nullopt, std::nullopt, "true"));
  ASSERT_TRUE(unread.ok());
  // Posting moved quinn's marker past sam's opening message of the first.
  ASSERT_EQ(unread->total_count, 1);
  EXPECT_EQ(unread->rows[0].thread.id, second.thread.id);
  auto read = ListThreads(*db_, quinn_, Filter(std::nullopt, std::nullopt, "false"));
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->total_count, 1);
  EXPECT_EQ(read->rows[0].thread.id, first.thread.id);
  ExpectError(ListThreads(*db_, quinn_, Filter(std::nullopt, std::nullopt, "yes")), core::ErrorCode::kBadInput,
              "unread");
}

TEST_P(DiscussionsTest, AMessageHasAtMostTenThousandCharactersAndIsNeverBlank) {
  const ThreadView opened = Open(sam_, OnComplaint(ComplaintOf("S00001")));
  const std::string id = std::to_string(opened.thread.id);
  // Characters, not bytes: "ä" is two bytes.
  auto longest = PostMessage(*db_, sam_, id, Repeated("ä", kMaxMessageCharacters), Start());
  ASSERT_TRUE(longest.ok()) << longest.error().ToString();
  EXPECT_EQ(longest->body, Repeated("ä", kMaxMessageCharacters));
  ExpectError(PostMessage(*db_, sam_, id, Repeated("ä", kMaxMessageCharacters + 1), Start()),
              core::ErrorCode::kBadInput, "/body");
  ExpectError(PostMessage(*db_, sam_, id, "", Start()), core::ErrorCode::kBadInput, "/body");
  ExpectError(PostMessage(*db_, sam_, id, " \n\t", Start()), core::ErrorCode::kBadInput, "/body");
  ExpectError(PostMessage(*db_, sam_, id, std::string("a\0b", 3), Start()), core::ErrorCode::kBadInput, "/body");
  // Stored and answered as given: markup is text.
  auto markup = PostMessage(*db_, sam_, id, "<b>12</b> & \"13\"\n", Start());
  ASSERT_TRUE(markup.ok());
  EXPECT_EQ(markup->body, "<b>12</b> & \"13\"\n");

  NewThread too_long = OnComplaint(ComplaintOf("S00001"), Repeated("x", kMaxMessageCharacters + 1));
  ExpectError(OpenThread(*db_, sam_, too_long, Start()), core::ErrorCode::kBadInput, "/body");
  NewThread no_subject = OnComplaint(ComplaintOf("S00001"));
  no_subject.subject = " ";
  ExpectError(OpenThread(*db_, sam_, no_subject, Start()), core::ErrorCode::kBadInput, "/subject");
}

TEST_P(DiscussionsTest, AThreadIsAboutExactlyOneComplaintOrRunResultOfItsSupplier) {
  NewThread both = OnComplaint(ComplaintOf("S00001"));
  both.run = run_;
  ExpectError(OpenThread(*db_, sam_, both, Start()), core::ErrorCode::kBadInput, "/complaint_id");
  NewThread neither = OnComplaint(ComplaintOf("S00001"));
  neither.complaint_id.reset();
  ExpectError(OpenThread(*db_, sam_, neither, Start()), core::ErrorCode::kBadInput, "/complaint_id");

  // Another supplier's complaint: not found to a supplier user, refused to staff.
  ExpectError(OpenThread(*db_, sam_, OnComplaint(ComplaintOf("S00002")), Start()), core::ErrorCode::kNotFound);
  ExpectError(OpenThread(*db_, sam_, OnComplaint("NO-SUCH-COMPLAINT"), Start()), core::ErrorCode::kNotFound);
  NewThread named_other = OnComplaint(ComplaintOf("S00001"));
  named_other.supplier_id = "S00002";
  ExpectError(OpenThread(*db_, sam_, named_other, Start()), core::ErrorCode::kNotFound);
  NewThread mismatched = OnComplaint(ComplaintOf("S00002"));
  mismatched.supplier_id = "S00001";
  ExpectError(OpenThread(*db_, quinn_, mismatched, Start()), core::ErrorCode::kRefused, "/complaint_id");
  ExpectError(OpenThread(*db_, quinn_, OnComplaint("NO-SUCH-COMPLAINT"), Start()), core::ErrorCode::kRefused,
              "/complaint_id");
  // Staff may leave supplier_id out with a complaint: the complaint's supplier.
  EXPECT_EQ(Open(quinn_, OnComplaint(ComplaintOf("S00002"))).thread.supplier_id, "S00002");

  NewThread on_run = OnComplaint(ComplaintOf("S00001"));
  on_run.complaint_id.reset();
  on_run.run = run_;
  const ThreadView about_run = Open(sam_, on_run);
  EXPECT_EQ(about_run.thread.run, run_);
  on_run.run = run_ + 1;  // not published
  ExpectError(OpenThread(*db_, sam_, on_run, Start()), core::ErrorCode::kNotFound);
  ExpectError(OpenThread(*db_, quinn_, on_run, Start()), core::ErrorCode::kBadInput, "/supplier_id");
  on_run.supplier_id = "S00001";
  ExpectError(OpenThread(*db_, quinn_, on_run, Start()), core::ErrorCode::kRefused, "/run");
  on_run.supplier_id = "S99999";
  ExpectError(OpenThread(*db_, quinn_, on_run, Start()), core::ErrorCode::kRefused, "/supplier_id");
}

TEST_P(DiscussionsTest, AnotherSuppliersThreadIsNotFoundAnywhere) {
  const ThreadView opened = Open(sam_, OnComplaint(ComplaintOf("S00001")));
  const std::string id = std::to_string(opened.thread.id);
  ExpectError(ShowThread(*db_, otto_, id), core::ErrorCode::kNotFound);
  ExpectError(ShowThread(*db_, otto_, "99999"), core::ErrorCode::kNotFound);
  ExpectError(ShowThread(*db_, otto_, "S00001"), core::ErrorCode::kNotFound);
  ExpectError(ListMessages(*db_, otto_, id, std::nullopt, std::nullopt), core::ErrorCode::kNotFound);
  ExpectError(PostMessage(*db_, otto_, id, "hello", Start()), core::ErrorCode::kNotFound);
  auto messages = ListMessages(*db_, sam_, id, std::nullopt, std::nullopt);
  ASSERT_TRUE(messages.ok());
  const std::string message = std::to_string(messages->rows.at(0).id);
  ExpectError(ShowMessage(*db_, otto_, id, message), core::ErrorCode::kNotFound);
  EXPECT_TRUE(ShowMessage(*db_, sam_, id, message).ok());
  ExpectError(MarkThreadRead(*db_, otto_, id, messages->rows.at(0).id), core::ErrorCode::kNotFound);

  auto otto_list = ListThreads(*db_, otto_, Filter(std::nullopt));
  ASSERT_TRUE(otto_list.ok());
  EXPECT_EQ(otto_list->total_count, 0);
  ExpectError(ListThreads(*db_, otto_, Filter("S00001")), core::ErrorCode::kNotFound);
  ExpectError(ListThreads(*db_, otto_, Filter(std::nullopt, ComplaintOf("S00001"))), core::ErrorCode::kNotFound);
  auto staff_list = ListThreads(*db_, pat_, Filter("S00001", ComplaintOf("S00001")));
  ASSERT_TRUE(staff_list.ok());
  EXPECT_EQ(staff_list->total_count, 1);
  EXPECT_EQ(staff_list->rows.at(0).created_by, "sam");  // staff see login names
}

TEST_P(DiscussionsTest, PublishingARunNotifiesEveryEnabledUserOfEachSupplierWithAResult) {
  auto sue = db_->accounts().FindUser("sue");
  ASSERT_TRUE(sue.ok() && sue->has_value());
  store::UserRow disabled = **sue;
  disabled.disabled = true;
  ASSERT_TRUE(db_->accounts().UpdateUser(disabled).ok());

  const store::RunId run = PublishEvaluated(kPeriod);
  const auto notes = NotificationsOf(sam_);
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_EQ(notes[0].kind, "run.published");
  EXPECT_EQ(notes[0].link, "/suppliers/S00001?run=" + std::to_string(run));
  EXPECT_EQ(NotificationsOf(otto_).size(), 1U);
  EXPECT_TRUE(NotificationsOf(sue_).empty());
  EXPECT_TRUE(NotificationsOf(quinn_).empty());

  auto outbox = db_->discussions().ListOutbox(true);
  ASSERT_TRUE(outbox.ok());
  ASSERT_EQ(outbox->size(), 2U);
  EXPECT_EQ((*outbox)[0].kind, "run.published");
  EXPECT_EQ((*outbox)[0].subject, "supeval: a new evaluation is published");
  std::set<std::string> recipients;
  for (const store::OutboxRow& row : *outbox) recipients.insert(row.recipient + "/" + row.recipient_display_name);
  EXPECT_EQ(recipients, (std::set<std::string>{"otto/Otto of S00002", "sam/Sam of S00001"}));
  auto sent = db_->discussions().MarkOutboxSent((*outbox)[0].id, Start());
  ASSERT_TRUE(sent.ok());
  EXPECT_TRUE(*sent);
  sent = db_->discussions().MarkOutboxSent((*outbox)[0].id, Start());
  ASSERT_TRUE(sent.ok());
  EXPECT_FALSE(*sent);  // once only
  auto unsent = db_->discussions().ListOutbox(true);
  ASSERT_TRUE(unsent.ok());
  EXPECT_EQ(unsent->size(), 1U);
}

TEST_P(DiscussionsTest, NotificationsAreMarkedReadUpToAnId) {
  const ThreadView opened = Open(sam_, OnComplaint(ComplaintOf("S00001")));
  const std::string id = std::to_string(opened.thread.id);
  for (const char* body : {"one", "two", "three"}) ASSERT_TRUE(PostMessage(*db_, quinn_, id, body, Start()).ok());
  auto all = NotificationsOf(sam_);
  ASSERT_EQ(all.size(), 3U);
  EXPECT_GT(all[0].id, all[1].id);  // newest first
  ASSERT_TRUE(MarkNotificationsRead(*db_, sam_, all[1].id, Start()).ok());
  EXPECT_EQ(NotificationsOf(sam_, "true").size(), 1U);
  EXPECT_EQ(NotificationsOf(sam_, "false").size(), 2U);
  ASSERT_TRUE(MarkNotificationsRead(*db_, sue_, all[0].id, Start()).ok());  // its own only
  EXPECT_EQ(NotificationsOf(sam_, "true").size(), 1U);
  ExpectError(MarkNotificationsRead(*db_, sam_, 0, Start()), core::ErrorCode::kBadInput, "/up_to");
  auto page = ListNotifications(*db_, sam_, {std::nullopt, "1", "1"});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total_count, 3);
  ASSERT_EQ(page->rows.size(), 1U);
  EXPECT_EQ(page->rows[0].id, all[1].id);
}

TEST(NotificationKindsTest, EveryKindOfApiMdInEnumOrder) {
  std::vector<std::string_view> tokens;
  for (std::size_t i = 0; i < NotificationKinds().size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(NotificationKinds()[i].kind), i);
    tokens.push_back(NotificationKinds()[i].token);
  }
  EXPECT_EQ(tokens, (std::vector<std::string_view>{"run.published", "adjustment.decided", "thread.reply",
                                                   "adjustment.deadline"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, DiscussionsTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         testing::BackendTestName);

}  // namespace
}  // namespace supeval::service
