// The DiscussionStore over a Connection, written once for SQLite and
// PostgreSQL.
#include "discussions_store.hpp"

#include <utility>

#include "row_reading.hpp"

namespace supeval::store::internal {
namespace {

// The columns ListThreads reads, in ReadThreadSummary's order; the two
// placeholders are the reader (its own messages are never unread to it).
constexpr std::string_view kThreadSelect =
    "SELECT t.thread_id, t.supplier_id, t.complaint_id, t.run_id, t.subject, t.created_by, t.created_at, "
    "coalesce(u.display_name, t.created_by), "
    "(SELECT max(m.created_at) FROM thread_messages m WHERE m.thread_id = t.thread_id), "
    "(SELECT count(*) FROM thread_messages m WHERE m.thread_id = t.thread_id AND m.author_name <> ? "
    "AND m.message_id > coalesce((SELECT r.up_to FROM thread_reads r WHERE r.thread_id = t.thread_id "
    "AND r.user_name = ?), 0)), "
    "(SELECT max(m.message_id) FROM thread_messages m WHERE m.thread_id = t.thread_id) AS last_message_id, "
    "t.settlement_id, t.settlement_line "
    "FROM threads t LEFT JOIN users u ON u.name = t.created_by WHERE 1 = 1";

ThreadSummary ReadThreadSummary(const Row& r) {
  ThreadSummary summary;
  ThreadRow& t = summary.thread;
  t.id = r.Int(0);
  t.supplier_id = std::string(r.Text(1));
  t.complaint_id = ReadOptionalText(r, 2);
  t.run = ReadOptionalInt(r, 3);
  t.subject = std::string(r.Text(4));
  t.created_by = std::string(r.Text(5));
  t.created_at = ReadAt(r, 6);
  summary.created_by_display_name = std::string(r.Text(7));
  summary.last_message_at = ReadOptionalAt(r, 8);
  summary.unread = r.Int(9);
  t.settlement = ReadOptionalInt(r, 11);
  t.settlement_line = ReadOptionalInt(r, 12);
  return summary;
}

constexpr std::string_view kMessageSelect =
    "SELECT m.message_id, m.thread_id, m.author_name, coalesce(u.display_name, m.author_name), m.body, m.created_at "
    "FROM thread_messages m LEFT JOIN users u ON u.name = m.author_name";

MessageRow ReadMessage(const Row& r) {
  MessageRow message;
  message.id = r.Int(0);
  message.thread_id = r.Int(1);
  message.author = std::string(r.Text(2));
  message.author_display_name = std::string(r.Text(3));
  message.body = std::string(r.Text(4));
  message.created_at = ReadAt(r, 5);
  return message;
}

NotificationRow ReadNotification(const Row& r) {
  NotificationRow notification;
  notification.id = r.Int(0);
  notification.user = std::string(r.Text(1));
  notification.kind = std::string(r.Text(2));
  notification.at = ReadAt(r, 3);
  notification.text = std::string(r.Text(4));
  notification.link = std::string(r.Text(5));
  notification.read_at = ReadOptionalAt(r, 6);
  return notification;
}

OutboxRow ReadOutbox(const Row& r) {
  OutboxRow row;
  row.id = r.Int(0);
  row.notification_id = r.Int(1);
  row.recipient = std::string(r.Text(2));
  row.recipient_display_name = std::string(r.Text(3));
  row.kind = std::string(r.Text(4));
  row.subject = std::string(r.Text(5));
  row.text = std::string(r.Text(6));
  row.link = std::string(r.Text(7));
  row.created_at = ReadAt(r, 8);
  row.sent_at = ReadOptionalAt(r, 9);
  return row;
}

// " AND read_at IS NULL" for the unread, " ... IS NOT NULL" for the read.
std::string ReadCondition(std::optional<bool> unread) {
  if (!unread) return "";
  return *unread ? " AND read_at IS NULL" : " AND read_at IS NOT NULL";
}

class SqlDiscussionStore final : public DiscussionStore {
 public:
  explicit SqlDiscussionStore(Connection& connection) : connection_(connection) {}

  core::Result<std::int64_t> InsertThread(const ThreadRow& t) override {
    const Value row[] = {Value::Text(t.supplier_id),
                         OptionalText(t.complaint_id),
                         OptionalInt(t.run),
                         OptionalInt(t.settlement),
                         OptionalInt(t.settlement_line),
                         Value::Text(t.subject),
                         Value::Text(t.created_by),
                         At(t.created_at)};
    return QueryInt(connection_,
                    "INSERT INTO threads (supplier_id, complaint_id, run_id, settlement_id, settlement_line, subject, "
                    "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING thread_id",
                    row);
  }

  core::Result<std::vector<ThreadSummary>> ListThreads(const ThreadFilter& filter) override {
    std::string sql(kThreadSelect);
    std::vector<Value> params = {Value::Text(filter.reader), Value::Text(filter.reader)};
    if (filter.id) {
      sql += " AND t.thread_id = ?";
      params.push_back(Value::Int(*filter.id));
    }
    if (filter.supplier_id) {
      sql += " AND t.supplier_id = ?";
      params.push_back(Value::Text(*filter.supplier_id));
    }
    if (filter.complaint_id) {
      sql += " AND t.complaint_id = ?";
      params.push_back(Value::Text(*filter.complaint_id));
    }
    if (filter.run) {
      sql += " AND t.run_id = ?";
      params.push_back(Value::Int(*filter.run));
    }
    if (filter.settlement) {
      sql += " AND t.settlement_id = ?";
      params.push_back(Value::Int(*filter.settlement));
    }
    return QueryAll(connection_, sql + " ORDER BY last_message_id DESC, t.thread_id", params, ReadThreadSummary);
  }

  core::Result<std::int64_t> InsertMessage(const MessageRow& m) override {
    const Value row[] = {Value::Int(m.thread_id), Value::Text(m.author), Value::Text(m.body), At(m.created_at)};
    return QueryInt(connection_,
                    "INSERT INTO thread_messages (thread_id, author_name, body, created_at) VALUES (?, ?, ?, ?) "
                    "RETURNING message_id",
                    row);
  }

  core::Result<std::optional<MessageRow>> FindMessage(std::int64_t id) override {
    const Value key[] = {Value::Int(id)};
    return QueryOne(connection_, std::string(kMessageSelect) + " WHERE m.message_id = ?", key, ReadMessage);
  }

  core::Result<std::vector<MessageRow>> ListMessages(std::int64_t thread_id) override {
    const Value key[] = {Value::Int(thread_id)};
    return QueryAll(connection_, std::string(kMessageSelect) + " WHERE m.thread_id = ? ORDER BY m.message_id", key,
                    ReadMessage);
  }

  core::Result<std::vector<std::string>> ThreadAuthors(std::int64_t thread_id) override {
    const Value key[] = {Value::Int(thread_id)};
    return QueryAll(connection_,
                    "SELECT DISTINCT author_name FROM thread_messages WHERE thread_id = ? ORDER BY author_name", key,
                    [](const Row& r) { return std::string(r.Text(0)); });
  }

  core::Status MoveReadMarker(const std::string& user, std::int64_t thread_id, std::int64_t up_to) override {
    const Value row[] = {Value::Text(user), Value::Int(thread_id), Value::Int(up_to)};
    return Done(connection_.Execute(
        "INSERT INTO thread_reads (user_name, thread_id, up_to) VALUES (?, ?, ?) ON CONFLICT (user_name, thread_id) "
        "DO UPDATE SET up_to = excluded.up_to WHERE thread_reads.up_to < excluded.up_to",
        row));
  }

  core::Result<std::optional<std::string>> ComplaintSupplier(const std::string& complaint_id) override {
    const Value key[] = {Value::Text(complaint_id)};
    return QueryOne(connection_, "SELECT supplier_id FROM complaints WHERE complaint_id = ?", key,
                    [](const Row& r) { return std::string(r.Text(0)); });
  }

  core::Result<bool> RunHasResult(std::int64_t run, const std::string& supplier_id) override {
    const Value key[] = {Value::Int(run), Value::Text(supplier_id)};
    auto count = QueryInt(connection_, "SELECT count(*) FROM run_results WHERE run_id = ? AND supplier_id = ?", key);
    if (!count.ok()) return count.error();
    return *count > 0;
  }

  core::Result<std::optional<std::string>> SettlementLineSupplier(std::int64_t settlement, std::int64_t line) override {
    const Value key[] = {Value::Int(settlement), Value::Int(line - 1)};  // positions count from 0
    return QueryOne(connection_, "SELECT supplier_id FROM settlement_lines WHERE settlement_id = ? AND position = ?",
                    key, [](const Row& r) { return std::string(r.Text(0)); });
  }

  core::Result<bool> SettlementHasLines(std::int64_t settlement,
                                        const std::optional<std::string>& supplier_id) override {
    std::vector<Value> key = {Value::Int(settlement)};
    std::string sql = "SELECT count(*) FROM settlement_lines WHERE settlement_id = ?";
    if (supplier_id) {
      sql += " AND supplier_id = ?";
      key.push_back(Value::Text(*supplier_id));
    }
    auto count = QueryInt(connection_, sql, key);
    if (!count.ok()) return count.error();
    return *count > 0;
  }

  core::Result<std::int64_t> InsertNotification(const NotificationRow& n, const std::string& recipient_display_name,
                                                const std::string& subject) override {
    const Value row[] = {Value::Text(n.user), Value::Text(n.kind), At(n.at),
                         Value::Text(n.text), Value::Text(n.link), OptionalAt(n.read_at)};
    auto id = QueryInt(connection_,
                       "INSERT INTO notifications (user_name, kind, at, body, link, read_at) VALUES (?, ?, ?, ?, ?, ?) "
                       "RETURNING notification_id",
                       row);
    if (!id.ok()) return id.error();
    const Value mail[] = {Value::Int(*id),
                          Value::Text(n.user),
                          Value::Text(recipient_display_name),
                          Value::Text(n.kind),
                          Value::Text(subject),
                          Value::Text(n.text),
                          Value::Text(n.link),
                          At(n.at)};
    auto queued = connection_.Execute(
        "INSERT INTO notification_outbox (notification_id, recipient, recipient_display_name, kind, subject, body, "
        "link, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        mail);
    if (!queued.ok()) return queued.error();
    return *id;
  }

  core::Result<std::vector<NotificationRow>> ListNotifications(const std::string& user, std::optional<bool> unread,
                                                               std::int64_t limit, std::int64_t offset) override {
    const Value params[] = {Value::Text(user), Value::Int(limit), Value::Int(offset)};
    return QueryAll(connection_,
                    "SELECT notification_id, user_name, kind, at, body, link, read_at FROM notifications "
                    "WHERE user_name = ?" +
                        ReadCondition(unread) + " ORDER BY notification_id DESC LIMIT ? OFFSET ?",
                    params, ReadNotification);
  }

  core::Result<std::int64_t> CountNotifications(const std::string& user, std::optional<bool> unread) override {
    const Value key[] = {Value::Text(user)};
    return QueryInt(connection_, "SELECT count(*) FROM notifications WHERE user_name = ?" + ReadCondition(unread), key);
  }

  core::Result<std::int64_t> MarkNotificationsRead(const std::string& user, std::int64_t up_to, Instant at) override {
    const Value params[] = {At(at), Value::Text(user), Value::Int(up_to)};
    return connection_.Execute(
        "UPDATE notifications SET read_at = ? WHERE user_name = ? AND notification_id <= ? AND read_at IS NULL",
        params);
  }

  core::Result<std::vector<OutboxRow>> ListOutbox(bool unsent_only) override {
    return QueryAll(connection_,
                    std::string("SELECT outbox_id, notification_id, recipient, recipient_display_name, kind, subject, "
                                "body, link, created_at, sent_at FROM notification_outbox") +
                        (unsent_only ? " WHERE sent_at IS NULL" : "") + " ORDER BY outbox_id",
                    {}, ReadOutbox);
  }

  core::Result<bool> MarkOutboxSent(std::int64_t id, Instant at) override {
    const Value params[] = {At(at), Value::Int(id)};
    auto changed = connection_.Execute(
        "UPDATE notification_outbox SET sent_at = ? WHERE outbox_id = ? AND sent_at IS NULL", params);
    if (!changed.ok()) return changed.error();
    return *changed == 1;
  }

  core::Result<bool> ClaimDeadlineNotice(const std::string& complaint_id, Instant at) override {
    const Value params[] = {Value::Text(complaint_id), At(at)};
    auto inserted = connection_.Execute(
        "INSERT INTO adjustment_deadline_notices (complaint_id, notified_at) VALUES (?, ?) "
        "ON CONFLICT (complaint_id) DO NOTHING",
        params);
    if (!inserted.ok()) return inserted.error();
    return *inserted == 1;
  }

 private:
  Connection& connection_;
};

}  // namespace

std::unique_ptr<DiscussionStore> MakeDiscussionStore(Connection& connection) {
  return std::make_unique<SqlDiscussionStore>(connection);
}

}  // namespace supeval::store::internal
