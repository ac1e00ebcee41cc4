// The routes of discussions (API.md, "The ppm adjustment, discussions and
// notifications"): threads listed, shown, opened; their messages listed,
// shown, posted; the caller's read marker. Each reads the request, hands it
// to the service's discussion use cases (scope, rules and notifications
// live there) and writes the thread or message as JSON. Bodies are plain
// text, answered exactly as stored.
#include <string>
#include <utility>

#include "api_context.hpp"
#include "supeval/service/discussions.hpp"

namespace supeval::server {

Json ThreadJson(const service::ThreadView& view) {
  const store::ThreadRow& thread = view.thread;
  return Json{{"id", thread.id},
              {"supplier_id", thread.supplier_id},
              {"complaint_id", Nullable(thread.complaint_id)},
              {"run", thread.run ? Json(*thread.run) : Json()},
              {"settlement", thread.settlement ? Json(*thread.settlement) : Json()},
              {"settlement_line", thread.settlement_line ? Json(*thread.settlement_line) : Json()},
              {"subject", thread.subject},
              {"created_by", view.created_by},
              {"created_at", service::Rfc3339(thread.created_at)},
              {"last_message_at", NullableInstant(view.last_message_at)},
              {"unread", view.unread}};
}

namespace {

using Type = nlohmann::json::value_t;

Json MessageJson(const service::MessageView& message) {
  return Json{{"id", message.id},
              {"author", message.author},
              {"body", message.body},
              {"created_at", service::Rfc3339(message.created_at)}};
}

std::string ThreadPath(std::int64_t id) { return "/api/v1/threads/" + std::to_string(id); }

core::Result<Reply> ListThreads(Api::Impl& api, const Request& request) {
  const service::ThreadsQuery query{QueryString(request, "supplier_id"), QueryString(request, "complaint_id"),
                                    QueryString(request, "run"),         QueryString(request, "unread"),
                                    QueryString(request, "limit"),       QueryString(request, "offset"),
                                    QueryString(request, "settlement")};
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto page = service::ListThreads(db, CallerOf(request), query);
    if (!page.ok()) return page.error();
    return JsonReply(ListJson(*page, ThreadJson));
  });
}

core::Result<Reply> ShowThread(Api::Impl& api, const Request& request) {
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto thread = service::ShowThread(db, CallerOf(request), request.PathParameter("id"));
    if (!thread.ok()) return thread.error();
    return JsonReply(ThreadJson(*thread));
  });
}

core::Result<Reply> ListMessages(Api::Impl& api, const Request& request) {
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto page = service::ListMessages(db, CallerOf(request), request.PathParameter("id"), QueryString(request, "limit"),
                                      QueryString(request, "offset"));
    if (!page.ok()) return page.error();
    return JsonReply(ListJson(*page, MessageJson));
  });
}

core::Result<Reply> ShowMessage(Api::Impl& api, const Request& request) {
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto message = service::ShowMessage(db, CallerOf(request), request.PathParameter("id"), request.PathParameter("m"));
    if (!message.ok()) return message.error();
    return JsonReply(MessageJson(*message));
  });
}

// An optional integer member (absent or null: none).
std::optional<std::int64_t> OptionalInteger(const nlohmann::json& body, const char* name) {
  const auto member = body.find(name);
  if (member == body.end() || member->is_null()) return std::nullopt;
  return member->get<std::int64_t>();
}

// The body of POST /api/v1/threads.
core::Result<service::NewThread> NewThreadOf(const nlohmann::json& body) {
  if (auto checked = CheckMembers(body, {{"supplier_id", Type::string, false},
                                         {"complaint_id", Type::string, false},
                                         {"run", Type::number_integer, false},
                                         {"settlement", Type::number_integer, false},
                                         {"settlement_line", Type::number_integer, false},
                                         {"subject", Type::string},
                                         {"body", Type::string}});
      !checked.ok()) {
    return checked.error();
  }
  service::NewThread thread;
  thread.supplier_id = OptionalString(body, "supplier_id");
  thread.complaint_id = OptionalString(body, "complaint_id");
  thread.run = OptionalInteger(body, "run");
  thread.settlement = OptionalInteger(body, "settlement");
  thread.settlement_line = OptionalInteger(body, "settlement_line");
  thread.subject = body["subject"].get<std::string>();
  thread.body = body["body"].get<std::string>();
  return thread;
}

core::Result<Reply> OpenThread(Api::Impl& api, const Request& request) {
  auto thread = NewThreadOf(request.json);
  if (!thread.ok()) return thread.error();
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto opened = service::OpenThread(db, CallerOf(request), *thread, api.Now());
    if (!opened.ok()) return opened.error();
    Reply reply = JsonReply(ThreadJson(*opened), 201);
    reply.headers.emplace_back("Location", ThreadPath(opened->thread.id));
    return reply;
  });
}

core::Result<Reply> PostMessage(Api::Impl& api, const Request& request) {
  if (auto checked = CheckMembers(request.json, {{"body", Type::string}}); !checked.ok()) return checked.error();
  const std::string body = request.json["body"].get<std::string>();
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto posted = service::PostMessage(db, CallerOf(request), request.PathParameter("id"), body, api.Now());
    if (!posted.ok()) return posted.error();
    Reply reply = JsonReply(MessageJson(*posted), 201);
    reply.headers.emplace_back("Location", ThreadPath(posted->thread_id) + "/messages/" + std::to_string(posted->id));
    return reply;
  });
}

core::Result<Reply> MarkThreadRead(Api::Impl& api, const Request& request) {
  auto up_to = UpToOf(request.json);
  if (!up_to.ok()) return up_to.error();
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    if (core::Status marked = service::MarkThreadRead(db, CallerOf(request), request.PathParameter("id"), *up_to);
        !marked.ok()) {
      return marked.error();
    }
    return Reply::NoContent();
  });
}

}  // namespace

RouteTable ThreadRoutes(Api::Impl& api) {
  using service::UseCase;
  const auto bind = [&api](ApiHandler handler) { return Bind(api, handler); };
  RouteTable routes;
  routes.push_back({"GET",
                    "/api/v1/threads",
                    UseCase::kListThreads,
                    bind(ListThreads),
                    BodyKind::kNone,
                    ListSpec{},
                    "Discussion threads, newest activity first, filtered by supplier, complaint, run and unread",
                    {"", "ThreadList"}});
  routes.push_back({"GET",
                    "/api/v1/threads/{id}",
                    UseCase::kShowThread,
                    bind(ShowThread),
                    BodyKind::kNone,
                    std::nullopt,
                    "One thread",
                    {"", "Thread"}});
  routes.push_back({"GET",
                    "/api/v1/threads/{id}/messages",
                    UseCase::kListThreadMessages,
                    bind(ListMessages),
                    BodyKind::kNone,
                    ListSpec{},
                    "A thread's messages, oldest first",
                    {"", "MessageList"}});
  routes.push_back({"GET",
                    "/api/v1/threads/{id}/messages/{m}",
                    UseCase::kShowThreadMessage,
                    bind(ShowMessage),
                    BodyKind::kNone,
                    std::nullopt,
                    "One message of a thread",
                    {"", "Message"}});
  routes.push_back({"POST",
                    "/api/v1/threads",
                    UseCase::kOpenThread,
                    bind(OpenThread),
                    BodyKind::kJson,
                    std::nullopt,
                    "Open a thread on a complaint or on a run's result of a supplier",
                    {"OpenThreadRequest", "Thread", 201}});
  routes.push_back({"POST",
                    "/api/v1/threads/{id}/messages",
                    UseCase::kPostThreadMessage,
                    bind(PostMessage),
                    BodyKind::kJson,
                    std::nullopt,
                    "Post a message in a thread",
                    {"PostMessageRequest", "Message", 201}});
  routes.push_back({"PUT",
                    "/api/v1/threads/{id}/read",
                    UseCase::kMarkThreadRead,
                    bind(MarkThreadRead),
                    BodyKind::kJson,
                    std::nullopt,
                    "Move the caller's read marker of a thread forward",
                    {"ReadMarkerRequest", "", 204}});
  return routes;
}

}  // namespace supeval::server
