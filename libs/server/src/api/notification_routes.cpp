// The routes of the caller's own notifications (API.md, "The ppm
// adjustment, discussions and notifications"): the list, newest first, and
// marking them read up to an id.
#include <utility>

#include "api_context.hpp"
#include "supeval/service/notifications.hpp"

namespace supeval::server {
namespace {

Json NotificationJson(const store::NotificationRow& notification) {
  return Json{{"id", notification.id},     {"kind", notification.kind}, {"at", service::Rfc3339(notification.at)},
              {"text", notification.text}, {"link", notification.link}, {"read", notification.read_at.has_value()}};
}

core::Result<Reply> ListNotifications(Api::Impl& api, const Request& request) {
  const service::NotificationsQuery query{QueryString(request, "unread"), QueryString(request, "limit"),
                                          QueryString(request, "offset")};
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto page = service::ListNotifications(db, CallerOf(request), query);
    if (!page.ok()) return page.error();
    return JsonReply(ListJson(*page, NotificationJson));
  });
}

core::Result<Reply> MarkNotificationsRead(Api::Impl& api, const Request& request) {
  auto up_to = UpToOf(request.json);
  if (!up_to.ok()) return up_to.error();
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    if (core::Status marked = service::MarkNotificationsRead(db, CallerOf(request), *up_to, api.Now()); !marked.ok()) {
      return marked.error();
    }
    return Reply::NoContent();
  });
}

}  // namespace

RouteTable NotificationRoutes(Api::Impl& api) {
  using service::UseCase;
  const auto bind = [&api](ApiHandler handler) { return Bind(api, handler); };
  RouteTable routes;
  routes.push_back({"GET",
                    "/api/v1/notifications",
                    UseCase::kListNotifications,
                    bind(ListNotifications),
                    BodyKind::kNone,
                    ListSpec{},
                    "The caller's notifications, newest first",
                    {"", "NotificationList"}});
  routes.push_back({"PUT",
                    "/api/v1/notifications/read",
                    UseCase::kMarkNotificationsRead,
                    bind(MarkNotificationsRead),
                    BodyKind::kJson,
                    std::nullopt,
                    "Mark the caller's notifications read up to an id",
                    {"ReadMarkerRequest", "", 204}});
  return routes;
}

}  // namespace supeval::server
