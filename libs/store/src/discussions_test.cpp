// The discussion tables on both databases: a thread is about a complaint, a
// run or a settlement line, exactly one; threads and messages cannot be changed or
// deleted; a read marker only moves forward; unread counts leave out the
// reader's own messages; notifications and their outbox rows.
#include "supeval/store/discussions.hpp"

#include <gtest/gtest.h>

#include "connection.hpp"
#include "supeval/store/settlements.hpp"
#include "supeval/store/store.hpp"
#include "supeval/store/test_database.hpp"

namespace supeval::store {
namespace {

Instant T(std::int64_t seconds) { return Instant(std::chrono::seconds(seconds)); }

class DiscussionStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (!testing::OpenOrSkip(GetParam(), database_)) return;
    auto opened = OpenStore(database_->url(), {.create_if_missing = true});
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    store_ = *std::move(opened);
    UserRow user;
    user.name = "sam";
    user.display_name = "Sam S.";
    user.role = "supplier";
    user.supplier_id = "S00001";
    user.password_hash = "$argon2id$placeholder";
    user.created_at = T(1000);
    ASSERT_TRUE(store_->accounts().InsertUser(user).ok());
  }

  DiscussionStore& discussions() { return store_->discussions(); }

  std::int64_t Thread() {
    ThreadRow thread;
    thread.supplier_id = "S00001";
    thread.complaint_id = "C1";
    thread.subject = "Quantity";
    thread.created_by = "sam";
    thread.created_at = T(2000);
    auto id = discussions().InsertThread(thread);
    EXPECT_TRUE(id.ok()) << id.error().ToString();
    return id.ok() ? *id : 0;
  }

  std::int64_t Message(std::int64_t thread, const std::string& author) {
    auto id = discussions().InsertMessage({0, thread, author, "", "text", T(3000)});
    EXPECT_TRUE(id.ok()) << id.error().ToString();
    return id.ok() ? *id : 0;
  }

  std::int64_t UnreadOf(const std::string& reader, std::int64_t thread) {
    ThreadFilter filter;
    filter.reader = reader;
    filter.id = thread;
    auto found = discussions().ListThreads(filter);
    EXPECT_TRUE(found.ok() && found->size() == 1U);
    return found.ok() && !found->empty() ? found->front().unread : -1;
  }

  std::optional<testing::TestDatabase> database_;
  std::unique_ptr<Store> store_;
};

TEST_P(DiscussionStoreTest, AThreadIsAboutAComplaintOrARunNeverBothOrNeither) {
  ThreadRow thread;
  thread.supplier_id = "S00001";
  thread.subject = "s";
  thread.created_by = "sam";
  thread.created_at = T(2000);
  EXPECT_FALSE(discussions().InsertThread(thread).ok());  // neither
  thread.complaint_id = "C1";
  thread.run = 1;
  EXPECT_FALSE(discussions().InsertThread(thread).ok());  // both (and no run 1)
  thread.run.reset();
  EXPECT_TRUE(discussions().InsertThread(thread).ok());
}

TEST_P(DiscussionStoreTest, AThreadOnASettlementNamesItsLineAndNothingElse) {
  auto settlements = SettlementStore::Open(database_->url());
  ASSERT_TRUE(settlements.ok()) << settlements.error().ToString();
  SettlementRecord record;
  record.summary.period = "2026-H1";
  record.summary.created_at = "2026-07-01T08:00:00Z";
  record.summary.user = "pat";
  record.period_first = *core::Date::Parse("2026-01-01");
  record.period_last = *core::Date::Parse("2026-06-30");
  std::vector<std::string> line(19, "");
  line[0] = "CT1";
  line[1] = "S00002";
  record.lines = {line};
  auto published = (*settlements)->Publish(record);
  ASSERT_TRUE(published.ok()) << published.error().ToString();
  auto supplier = discussions().SettlementLineSupplier(*published, 1);
  ASSERT_TRUE(supplier.ok());
  EXPECT_EQ(*supplier, std::optional<std::string>("S00002"));
  EXPECT_EQ(*discussions().SettlementLineSupplier(*published, 2), std::nullopt);
  EXPECT_TRUE(*discussions().SettlementHasLines(*published, std::nullopt));
  EXPECT_TRUE(*discussions().SettlementHasLines(*published, "S00002"));
  EXPECT_FALSE(*discussions().SettlementHasLines(*published, "S00001"));

  ThreadRow thread;
  thread.supplier_id = "S00002";
  thread.subject = "s";
  thread.created_by = "pat";
  thread.created_at = T(2000);
  thread.settlement = *published;
  EXPECT_FALSE(discussions().InsertThread(thread).ok()) << "a settlement without its line";
  thread.settlement_line = 1;
  thread.run = 1;
  EXPECT_FALSE(discussions().InsertThread(thread).ok()) << "a settlement line and a run";
  thread.run.reset();
  auto id = discussions().InsertThread(thread);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  ThreadFilter filter;
  filter.reader = "pat";
  filter.settlement = *published;
  auto found = discussions().ListThreads(filter);
  ASSERT_TRUE(found.ok() && found->size() == 1U);
  EXPECT_EQ(found->front().thread.settlement_line, 1);
  filter.settlement = *published + 1;
  EXPECT_TRUE(discussions().ListThreads(filter)->empty());
}

TEST_P(DiscussionStoreTest, MarkersMoveForwardAndOwnMessagesAreNeverUnread) {
  const std::int64_t thread = Thread();
  const std::int64_t first = Message(thread, "sam");
  const std::int64_t second = Message(thread, "quinn");
  const std::int64_t third = Message(thread, "quinn");
  EXPECT_EQ(UnreadOf("sam", thread), 2);
  EXPECT_EQ(UnreadOf("quinn", thread), 1);
  ASSERT_TRUE(discussions().MoveReadMarker("sam", thread, third).ok());
  EXPECT_EQ(UnreadOf("sam", thread), 0);
  ASSERT_TRUE(discussions().MoveReadMarker("sam", thread, second).ok());
  EXPECT_EQ(UnreadOf("sam", thread), 0) << "a marker never moves back";
  ASSERT_TRUE(discussions().MoveReadMarker("quinn", thread, first).ok());
  EXPECT_EQ(UnreadOf("quinn", thread), 0);
  auto authors = discussions().ThreadAuthors(thread);
  ASSERT_TRUE(authors.ok());
  EXPECT_EQ(*authors, (std::vector<std::string>{"quinn", "sam"}));
  auto messages = discussions().ListMessages(thread);
  ASSERT_TRUE(messages.ok());
  ASSERT_EQ(messages->size(), 3U);
  EXPECT_EQ(messages->front().author_display_name, "Sam S.");
  EXPECT_EQ(messages->back().author_display_name, "quinn");  // no account: the login name
}

TEST_P(DiscussionStoreTest, TheDatabaseRefusesToChangeOrDeleteThreadsAndMessages) {
  const std::int64_t thread = Thread();
  Message(thread, "sam");
  // Straight at the database, past the store's API.
  const std::string target = ParseDatabaseUrl(database_->url())->target;
  auto connection =
      GetParam() == Backend::kSqlite ? internal::OpenSqlite(target, {}) : internal::OpenPostgres(target, {});
  ASSERT_TRUE(connection.ok()) << connection.error().ToString();
  for (const char* sql : {"UPDATE thread_messages SET body = 'rewritten'", "DELETE FROM thread_messages",
                          "UPDATE threads SET subject = 'rewritten'", "DELETE FROM threads"}) {
    auto refused = (*connection)->Execute(sql);
    ASSERT_FALSE(refused.ok()) << sql;
    EXPECT_NE(refused.error().message.find("discussions are never changed"), std::string::npos)
        << refused.error().message;
  }
  auto messages = discussions().ListMessages(thread);
  ASSERT_TRUE(messages.ok());
  ASSERT_EQ(messages->size(), 1U);
  EXPECT_EQ(messages->front().body, "text");
}

TEST_P(DiscussionStoreTest, ANotificationHasItsOutboxRowMarkedSentOnce) {
  NotificationRow note{0, "sam", "thread.reply", T(5000), "Quinn wrote.", "/threads/1", std::nullopt};
  auto id = discussions().InsertNotification(note, "Sam S.", "supeval: a new message");
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  auto unread = discussions().ListNotifications("sam", true, 50, 0);
  ASSERT_TRUE(unread.ok());
  ASSERT_EQ(unread->size(), 1U);
  EXPECT_EQ(unread->front().id, *id);
  auto marked = discussions().MarkNotificationsRead("sam", *id - 1, T(6000));
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(*marked, 0);
  marked = discussions().MarkNotificationsRead("sam", *id, T(6000));
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(*marked, 1);
  EXPECT_EQ(*discussions().CountNotifications("sam", true), 0);
  EXPECT_EQ(*discussions().CountNotifications("sam", false), 1);

  auto outbox = discussions().ListOutbox(true);
  ASSERT_TRUE(outbox.ok());
  ASSERT_EQ(outbox->size(), 1U);
  const OutboxRow& row = outbox->front();
  EXPECT_EQ(row.notification_id, *id);
  EXPECT_EQ(row.recipient, "sam");
  EXPECT_EQ(row.recipient_display_name, "Sam S.");
  EXPECT_EQ(row.subject, "supeval: a new message");
  EXPECT_EQ(row.text, "Quinn wrote.");
  EXPECT_EQ(row.link, "/threads/1");
  EXPECT_EQ(*discussions().MarkOutboxSent(row.id, T(7000)), true);
  EXPECT_EQ(*discussions().MarkOutboxSent(row.id, T(8000)), false);
  EXPECT_TRUE(discussions().ListOutbox(true)->empty());
  EXPECT_EQ(discussions().ListOutbox(false)->front().sent_at, T(7000));
}

INSTANTIATE_TEST_SUITE_P(Backends, DiscussionStoreTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const ::testing::TestParamInfo<Backend>& param_info) {
                           return testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::store
