// DiscussionStore: the tables of discussions and notifications (API.md, "The
// ppm adjustment, discussions and notifications") — threads on a complaint or
// on a supplier's result in a published run, their messages, each user's
// read marker per thread, each user's notifications, and the outbox that an
// operator's mail relay polls (docs/notifications.md). Rows only: who may see
// or post what, and who is notified, is decided by supeval::service.
//
// Threads and messages are append-only: the database refuses to change or
// delete them, so a discussion stays as it was written, with the run it is
// about. A read marker only moves forward. Instants are whole seconds, UTC.
//
// Each call is atomic on its own; several calls become one change inside
// AccountStore::InTransaction of the same Store (one connection), and the
// notifications of a publication are written in the run's own transaction
// (RunRecord::in_transaction).
//
// Thread-safety: a DiscussionStore borrows its Store's connection (Store::
// discussions()): one thread at a time, as the Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "supeval/core/result.hpp"
#include "supeval/store/accounts.hpp"

namespace supeval::store {

struct ThreadRow {
  std::int64_t id = 0;  // assigned by InsertThread
  std::string supplier_id;
  // Exactly one of the three: what the thread is about.
  std::optional<std::string> complaint_id;
  std::optional<std::int64_t> run;
  std::optional<std::int64_t> settlement;       // a published settlement, with...
  std::optional<std::int64_t> settlement_line;  // ...the line's 1-based position in it
  std::string subject;
  std::string created_by;  // login name
  Instant created_at;
};

// A thread as a list shows it to one reader.
struct ThreadSummary {
  ThreadRow thread;
  std::string created_by_display_name;  // the account's, or the login name when it is gone
  std::optional<Instant> last_message_at;
  // Messages after the reader's marker that others wrote.
  std::int64_t unread = 0;
};

struct ThreadFilter {
  std::string reader;  // whose read markers count
  std::optional<std::string> supplier_id;
  std::optional<std::string> complaint_id;
  std::optional<std::int64_t> run;
  std::optional<std::int64_t> settlement;
  std::optional<std::int64_t> id;  // one thread
};

struct MessageRow {
  std::int64_t id = 0;  // assigned by InsertMessage; ascending in posting order
  std::int64_t thread_id = 0;
  std::string author;               // login name
  std::string author_display_name;  // read back: the account's, or the login name when it is gone
  std::string body;
  Instant created_at;
};

struct NotificationRow {
  std::int64_t id = 0;  // assigned by InsertNotification
  std::string user;     // the recipient's login name
  std::string kind;     // run.published, thread.reply, adjustment.decided, adjustment.deadline
  Instant at;
  std::string text;
  std::string link;  // a path of the front end ("/threads/12")
  std::optional<Instant> read_at;
};

// One mail to send: a notification as the relay sees it.
struct OutboxRow {
  std::int64_t id = 0;
  std::int64_t notification_id = 0;
  std::string recipient;               // login name
  std::string recipient_display_name;  // for the salutation
  std::string kind;
  std::string subject;
  std::string text;
  std::string link;
  Instant created_at;
  std::optional<Instant> sent_at;
};

class DiscussionStore {
 public:
  virtual ~DiscussionStore() = default;

  // Threads: the new id; the thread (nullopt: none), for `filter.reader`;
  // those the filter selects, newest activity first, then by id.
  [[nodiscard]] virtual core::Result<std::int64_t> InsertThread(const ThreadRow& thread) = 0;
  [[nodiscard]] virtual core::Result<std::vector<ThreadSummary>> ListThreads(const ThreadFilter& filter) = 0;

  // Messages: the new id; one message; a thread's messages, oldest first;
  // the distinct authors of a thread.
  [[nodiscard]] virtual core::Result<std::int64_t> InsertMessage(const MessageRow& message) = 0;
  [[nodiscard]] virtual core::Result<std::optional<MessageRow>> FindMessage(std::int64_t id) = 0;
  [[nodiscard]] virtual core::Result<std::vector<MessageRow>> ListMessages(std::int64_t thread_id) = 0;
  [[nodiscard]] virtual core::Result<std::vector<std::string>> ThreadAuthors(std::int64_t thread_id) = 0;

  // Sets `user`'s marker of `thread_id` to `up_to` unless it is there
  // already or further on (a marker never moves back).
  virtual core::Status MoveReadMarker(const std::string& user, std::int64_t thread_id, std::int64_t up_to) = 0;

  // What a thread may be about: the supplier of complaint `complaint_id` in
  // the live records (nullopt: no such complaint), and whether run `run`
  // holds a result for `supplier_id`.
  [[nodiscard]] virtual core::Result<std::optional<std::string>> ComplaintSupplier(const std::string& complaint_id) = 0;
  [[nodiscard]] virtual core::Result<bool> RunHasResult(std::int64_t run, const std::string& supplier_id) = 0;
  // The supplier of line `line` (1-based) of published settlement
  // `settlement`; none when there is no such line.
  [[nodiscard]] virtual core::Result<std::optional<std::string>> SettlementLineSupplier(std::int64_t settlement,
                                                                                        std::int64_t line) = 0;
  // Whether published settlement `settlement` has a line (of `supplier_id`, when given).
  [[nodiscard]] virtual core::Result<bool> SettlementHasLines(std::int64_t settlement,
                                                              const std::optional<std::string>& supplier_id) = 0;

  // Notifications: inserts the notification and its outbox row (subject
  // given, the rest copied), returns the notification's id.
  [[nodiscard]] virtual core::Result<std::int64_t> InsertNotification(const NotificationRow& notification,
                                                                      const std::string& recipient_display_name,
                                                                      const std::string& subject) = 0;
  // `user`'s notifications (only the unread, or only the read, when given),
  // newest first, `limit` from `offset`; and how many there are.
  [[nodiscard]] virtual core::Result<std::vector<NotificationRow>> ListNotifications(const std::string& user,
                                                                                     std::optional<bool> unread,
                                                                                     std::int64_t limit,
                                                                                     std::int64_t offset) = 0;
  [[nodiscard]] virtual core::Result<std::int64_t> CountNotifications(const std::string& user,
                                                                      std::optional<bool> unread) = 0;
  // Marks `user`'s unread notifications with an id up to `up_to` read at
  // `at`; returns how many.
  [[nodiscard]] virtual core::Result<std::int64_t> MarkNotificationsRead(const std::string& user, std::int64_t up_to,
                                                                         Instant at) = 0;

  // The outbox, oldest first (all, or only the unsent), and marking one row
  // sent (false: it was sent already). The relay does the same in SQL.
  [[nodiscard]] virtual core::Result<std::vector<OutboxRow>> ListOutbox(bool unsent_only) = 0;
  [[nodiscard]] virtual core::Result<bool> MarkOutboxSent(std::int64_t id, Instant at) = 0;

  // The "deadline in 7 days" notice of complaint `complaint_id`'s adjustment
  // is claimed once for all time: true for the first claim, false after
  // (another serve process or an earlier sweep sent it).
  [[nodiscard]] virtual core::Result<bool> ClaimDeadlineNotice(const std::string& complaint_id, Instant at) = 0;
};

}  // namespace supeval::store
