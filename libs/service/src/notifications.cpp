// Notifications written with the change they report, listed and marked read.
#include "supeval/service/notifications.hpp"

#include <array>
#include <cassert>
#include <map>

#include "supeval/store/accounts.hpp"

namespace supeval::service {
namespace {

// API.md: the kinds `run.published`, `adjustment.decided`, `thread.reply`,
// `adjustment.deadline`; one row per NotificationKind, in enum order.
constexpr std::array kKinds = {
    NotificationKindInfo{NotificationKind::kRunPublished, "run.published", "supeval: a new evaluation is published"},
    NotificationKindInfo{NotificationKind::kAdjustmentDecided, "adjustment.decided",
                         "supeval: your ppm adjustment is decided"},
    NotificationKindInfo{NotificationKind::kThreadReply, "thread.reply", "supeval: a new message in a discussion"},
    NotificationKindInfo{NotificationKind::kAdjustmentDeadline, "adjustment.deadline",
                         "supeval: an adjustment deadline is 7 days away"},
};

// The enabled supplier users by supplier: one read of the users however
// many suppliers are concerned (a run has thousands).
core::Result<std::map<std::string, std::vector<std::string>>> EnabledSupplierUsers(store::Store& db) {
  store::UserFilter filter;
  filter.role = std::string(RoleName(Role::kSupplier));
  auto users = db.accounts().ListUsers(filter);
  if (!users.ok()) return users.error();
  std::map<std::string, std::vector<std::string>> by_supplier;
  for (const store::UserRow& user : *users) {
    if (!user.disabled && user.supplier_id) by_supplier[*user.supplier_id].push_back(user.name);
  }
  return by_supplier;
}

}  // namespace

std::span<const NotificationKindInfo> NotificationKinds() { return kKinds; }

const NotificationKindInfo& InfoOf(NotificationKind kind) {
  const NotificationKindInfo& info = kKinds.at(static_cast<std::size_t>(kind));
  assert(info.kind == kind);
  return info;
}

core::Status Notify(store::Store& db, std::span<const std::string> recipients, const Notice& notice, Instant at) {
  const NotificationKindInfo& info = InfoOf(notice.kind);
  const std::set<std::string> once(recipients.begin(), recipients.end());
  for (const std::string& name : once) {
    auto user = db.accounts().FindUser(name);
    if (!user.ok()) return user.error();
    if (!user->has_value() || (*user)->disabled) continue;
    store::NotificationRow row;
    row.user = name;
    row.kind = std::string(info.token);
    row.at = at;
    row.text = notice.text;
    row.link = notice.link;
    auto written = db.discussions().InsertNotification(row, (*user)->display_name, std::string(info.mail_subject));
    if (!written.ok()) return written.error();
  }
  return core::Ok{};
}

core::Result<std::vector<std::string>> SupplierRecipients(store::Store& db, const std::set<std::string>& supplier_ids) {
  auto by_supplier = EnabledSupplierUsers(db);
  if (!by_supplier.ok()) return by_supplier.error();
  std::vector<std::string> names;
  for (const std::string& supplier_id : supplier_ids) {
    const auto users_of = by_supplier->find(supplier_id);
    if (users_of != by_supplier->end()) names.insert(names.end(), users_of->second.begin(), users_of->second.end());
  }
  return names;
}

core::Status NotifyRunPublished(store::Store& db, const store::RunRecord& record, store::RunId run, Instant at) {
  auto by_supplier = EnabledSupplierUsers(db);
  if (!by_supplier.ok()) return by_supplier.error();
  const std::string run_text = std::to_string(run);
  for (const core::SupplierResult& result : record.results) {
    const auto users_of = by_supplier->find(result.supplier_id);
    if (users_of == by_supplier->end()) continue;
    Notice notice;
    notice.kind = NotificationKind::kRunPublished;
    notice.text = "The evaluation of " + record.summary.period + " (run " + run_text + ") is published.";
    notice.link = "/suppliers/" + result.supplier_id + "?run=" + run_text;
    if (core::Status done = Notify(db, users_of->second, notice, at); !done.ok()) return done;
  }
  return core::Ok{};
}

core::Result<std::optional<bool>> ParseBooleanParameter(std::string_view parameter,
                                                        const std::optional<std::string>& text) {
  if (!text) return std::optional<bool>();
  if (*text == "true") return std::optional<bool>(true);
  if (*text == "false") return std::optional<bool>(false);
  return core::BadInput(std::string(parameter) + " is true or false", {"", 0, std::string(parameter)});
}

core::Result<NotificationsPage> ListNotifications(store::Store& db, const Caller& caller,
                                                  const NotificationsQuery& query) {
  auto paging = ParsePaging(query.limit, query.offset);
  if (!paging.ok()) return paging.error();
  auto unread = ParseBooleanParameter("unread", query.unread);
  if (!unread.ok()) return unread.error();
  auto rows = db.discussions().ListNotifications(caller.user, *unread, paging->limit, paging->offset);
  if (!rows.ok()) return rows.error();
  auto total = db.discussions().CountNotifications(caller.user, *unread);
  if (!total.ok()) return total.error();
  return NotificationsPage{*std::move(rows), *total, *paging};
}

core::Status MarkNotificationsRead(store::Store& db, const Caller& caller, std::int64_t up_to, Instant now) {
  if (up_to < 1) return core::BadInput("up_to is a notification id (1 or more)", {"", 0, "/up_to"});
  auto marked = db.discussions().MarkNotificationsRead(caller.user, up_to, now);
  if (!marked.ok()) return marked.error();
  return core::Ok{};
}

}  // namespace supeval::service
