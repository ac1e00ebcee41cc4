// Notifications (API.md, "The ppm adjustment, discussions and
// notifications"): each user's in-app list, and for every notification a row
// of the mail outbox that an operator's relay sends (docs/notifications.md).
// Features notify through Notify(), inside the transaction of the change
// they report, so that a change and its notifications commit together or
// not at all.
//
// The kinds are data (NotificationKinds): each with its token, as the API
// and the outbox show it, and the subject of its mail.
//
// Thread-safety: the functions share no state; a Store is used from the
// calling thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/result.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/lists.hpp"
#include "supeval/service/policy.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

enum class NotificationKind : std::uint8_t {
  kRunPublished,        // a run with a result of the recipient's supplier was published
  kAdjustmentDecided,   // an adjustment of the recipient's supplier was accepted or rejected
  kThreadReply,         // a message in a thread the recipient takes part in
  kAdjustmentDeadline,  // an adjustment's deadline is 7 days away
};

struct NotificationKindInfo {
  NotificationKind kind;
  std::string_view token;         // "run.published", ...
  std::string_view mail_subject;  // the outbox row's subject
};

// Every kind, in enum order.
[[nodiscard]] std::span<const NotificationKindInfo> NotificationKinds();
[[nodiscard]] const NotificationKindInfo& InfoOf(NotificationKind kind);

// What to tell: plain text (stored and shown as given) and the front end's
// path of the thing it is about ("/threads/12", "/suppliers/S00001?run=3").
struct Notice {
  NotificationKind kind = NotificationKind::kThreadReply;
  std::string text;
  std::string link;
};

// Writes one notification and one outbox row per recipient (login names;
// each named once however often listed) on `db`'s connection, at `at`.
// Unknown and disabled users are left out. Requires the caller's open
// transaction (AccountStore::InTransaction, RunRecord::in_transaction) when
// the notifications must commit with a change.
[[nodiscard]] core::Status Notify(store::Store& db, std::span<const std::string> recipients, const Notice& notice,
                                  Instant at);

// The enabled users of the suppliers named, by login name: who hears about
// a supplier's run result or adjustment.
[[nodiscard]] core::Result<std::vector<std::string>> SupplierRecipients(store::Store& db,
                                                                        const std::set<std::string>& supplier_ids);

// The notifications of a publication: every enabled user of each supplier
// with a result in `record` gets a run.published linking to its scorecard of
// the run. For RunRecord::in_transaction.
[[nodiscard]] core::Status NotifyRunPublished(store::Store& db, const store::RunRecord& record, store::RunId run,
                                              Instant at);

// GET /api/v1/notifications: the caller's own, newest first. `unread`:
// "true" or "false" (else kBadInput naming it); limit and offset as lists do.
struct NotificationsQuery {
  std::optional<std::string> unread;
  std::optional<std::string> limit;
  std::optional<std::string> offset;
};
struct NotificationsPage {
  std::vector<store::NotificationRow> rows;
  std::int64_t total_count = 0;
  Paging paging;
};
[[nodiscard]] core::Result<NotificationsPage> ListNotifications(store::Store& db, const Caller& caller,
                                                                const NotificationsQuery& query);

// PUT /api/v1/notifications/read: marks the caller's notifications with an
// id up to `up_to` read (those read before keep their time). `up_to` need
// not be one of the caller's: a marker, not a reference. kBadInput "/up_to"
// below 1.
[[nodiscard]] core::Status MarkNotificationsRead(store::Store& db, const Caller& caller, std::int64_t up_to,
                                                 Instant now);

// "true" / "false" of a query's boolean filter; kBadInput naming `parameter`.
[[nodiscard]] core::Result<std::optional<bool>> ParseBooleanParameter(std::string_view parameter,
                                                                      const std::optional<std::string>& text);

}  // namespace supeval::service
