// The routes an administrator keeps accounts with, and every user's own API
// tokens (API.md, "Accounts and audit"): users, their sessions, tokens, and
// the audit log.
#include <charconv>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "api_context.hpp"
#include "supeval/core/date.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/lists.hpp"
#include "supeval/service/tokens.hpp"

namespace supeval::server {
namespace {

using Type = nlohmann::json::value_t;

using service::UserJson;

Json UserWithPasswordJson(const service::UserWithPassword& user) {
  Json json = UserJson(user.user);
  if (user.initial_password) json["initial_password"] = *user.initial_password;
  return json;
}

Json TokenJson(const service::TokenView& token) {
  return Json{{"id", token.id},
              {"name", token.name},
              {"user", token.user},
              {"created_at", service::Rfc3339(token.created_at)},
              {"expires_at", service::Rfc3339(token.expires_at)},
              {"last_used_at", NullableInstant(token.last_used_at)}};
}

// A stored JSON text as a JSON value (null when none).
Json Embedded(const std::optional<std::string>& text) {
  if (!text) return Json();
  Json value = Json::parse(*text, nullptr, false);
  return value.is_discarded() ? Json(*text) : value;
}

Json AuditJson(const store::AuditEntry& entry) {
  return Json{{"id", entry.id},
              {"at", service::Rfc3339(entry.at)},
              {"user", entry.user},
              {"address", Nullable(entry.address)},
              {"action", entry.action},
              {"target", entry.target},
              {"before", Embedded(entry.before)},
              {"after", Embedded(entry.after)}};
}

// A list answer of rows already cut to the page.
Json ListJson(Json rows, std::int64_t total_count, const service::Paging& paging) {
  return Json{
      {"total_count", total_count}, {"limit", paging.limit}, {"offset", paging.offset}, {"rows", std::move(rows)}};
}

// The page of `items` that `request`'s limit and offset select, as JSON rows.
template <class T, class ToJson>
core::Result<Reply> PagedList(const Request& request, const std::vector<T>& items, ToJson to_json) {
  auto paging = service::ParsePaging(QueryString(request, "limit"), QueryString(request, "offset"));
  if (!paging.ok()) return paging.error();
  const service::PageRange range = service::PageOf(*paging, items.size());
  Json rows = Json::array();
  for (std::size_t i = range.begin; i < range.end; ++i) rows.push_back(to_json(items[i]));
  return JsonReply(ListJson(std::move(rows), static_cast<std::int64_t>(items.size()), *paging));
}

// "2026-07-01T08:15:30Z" (API.md, "Time"), else kBadInput naming `parameter`.
core::Result<service::Instant> ParseInstant(std::string_view parameter, std::string_view text) {
  const auto refuse = [&] {
    return core::BadInput("'" + std::string(text) + "' is not an instant like 2026-07-01T08:15:30Z",
                          {"", 0, std::string(parameter)});
  };
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z') return refuse();
  const auto date = core::Date::Parse(text.substr(0, 10));
  int parts[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    const char* begin = text.data() + 11 + 3 * i;
    if (std::from_chars(begin, begin + 2, parts[i]).ptr != begin + 2) return refuse();
  }
  if (!date || parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return refuse();
  return service::Instant(std::chrono::days(date->days()) + std::chrono::hours(parts[0]) +
                          std::chrono::minutes(parts[1]) + std::chrono::seconds(parts[2]));
}

core::Result<service::Role> RoleOf(std::string_view pointer, const std::string& text) {
  const auto role = service::ParseRole(text);
  if (!role) {
    return core::BadInput("'" + text + "' is not a role (admin, quality, purchasing, supplier)",
                          {"", 0, std::string(pointer)});
  }
  return *role;
}

core::Result<Reply> ListUsers(Api::Impl& api, const Request& request) {
  service::UserQuery query;
  query.text = QueryString(request, "q");
  query.supplier_id = QueryString(request, "supplier_id");
  if (const auto role = QueryString(request, "role")) {
    auto parsed = RoleOf("role", *role);
    if (!parsed.ok()) return parsed.error();
    query.role = *parsed;
  }
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    service::Accounts accounts(db.accounts());
    auto users = accounts.ListUsers(CallerOf(request), query);
    if (!users.ok()) return users.error();
    return PagedList(request, *users, UserJson);
  });
}

// A user's ETag is its row version: PATCH checks If-Match against the same
// number inside its transaction, so two admins cannot overwrite each other.
std::string UserEntityTag(const service::UserView& user) { return "\"user-v" + std::to_string(user.version) + "\""; }

Reply UserReply(const service::UserView& user, Json json) {
  Reply reply = JsonReply(json);
  reply.headers.emplace_back("ETag", UserEntityTag(user));
  return reply;
}

// The version If-Match asks for: nullopt without the header or with `*`
// (the user must only exist); a tag that is not one of ours, or a weak one
// (If-Match compares strongly, RFC 9110 13.1.1), names no version and fails.
std::optional<std::int64_t> VersionOfIfMatch(const Request& request) {
  const auto header = request.Header("If-Match");
  if (!header) return std::nullopt;
  std::string_view tag = *header;
  while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
  while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
  if (tag == "*") return std::nullopt;
  constexpr std::string_view kPrefix = "\"user-v";
  constexpr std::int64_t kNoVersion = -1;
  if (!tag.starts_with(kPrefix) || !tag.ends_with('"')) return kNoVersion;
  const std::string_view digits = tag.substr(kPrefix.size(), tag.size() - kPrefix.size() - 1);
  std::int64_t version = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (error != std::errc() || end != digits.data() + digits.size() || digits.empty()) return kNoVersion;
  return version;
}

core::Result<Reply> ShowUser(Api::Impl& api, const Request& request) {
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    service::Accounts accounts(db.accounts());
    auto user = accounts.ShowUser(CallerOf(request), std::string(request.PathParameter("name")));
    if (!user.ok()) return user.error();
    return UserReply(*user, UserJson(*user));
  });
}

core::Result<Reply> CreateUser(Api::Impl& api, const Request& request) {
  if (auto checked = CheckMembers(request.json, {{"name", Type::string},
                                                 {"display_name", Type::string, false},
                                                 {"role", Type::string},
                                                 {"supplier_id", Type::string, false}});
      !checked.ok()) {
    return checked.error();
  }
  auto role = RoleOf("/role", request.json["role"].get<std::string>());
  if (!role.ok()) return role.error();
  service::NewUser user;
  user.name = request.json["name"].get<std::string>();
  user.display_name = OptionalString(request.json, "display_name").value_or("");
  user.role = *role;
  user.supplier_id = OptionalString(request.json, "supplier_id");
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    service::Accounts accounts(db.accounts());
    auto created = accounts.CreateUser(CallerOf(request), user, api.Now());
    if (!created.ok()) return created.error();
    Reply reply = JsonReply(UserWithPasswordJson(*created), 201);
    reply.headers.emplace_back("Location", "/api/v1/users/" + created->user.name);
    return reply;
  });
}

core::Result<service::UserPatch> ReadPatch(const nlohmann::json& body) {
  if (auto checked = CheckMembers(body, {{"display_name", Type::string, false},
                                         {"role", Type::string, false},
                                         {"supplier_id", Type::string, false},
                                         {"disabled", Type::boolean, false},
                                         {"reset_password", Type::boolean, false},
                                         {"reset_totp", Type::boolean, false}});
      !checked.ok()) {
    return checked.error();
  }
  service::UserPatch patch;
  patch.display_name = OptionalString(body, "display_name");
  if (const auto role = OptionalString(body, "role")) {
    auto parsed = RoleOf("/role", *role);
    if (!parsed.ok()) return parsed.error();
    patch.role = *parsed;
  }
  if (body.contains("supplier_id")) patch.supplier_id = OptionalString(body, "supplier_id");
  if (body.contains("disabled") && !body["disabled"].is_null()) patch.disabled = body["disabled"].get<bool>();
  patch.reset_password = OptionalBoolean(body, "reset_password", false);
  patch.reset_totp = OptionalBoolean(body, "reset_totp", false);
  return patch;
}

core::Result<Reply> UpdateUser(Api::Impl& api, const Request& request) {
  auto patch = ReadPatch(request.json);
  if (!patch.ok()) return patch.error();
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    service::Accounts accounts(db.accounts());
    auto updated = accounts.UpdateUser(CallerOf(request), std::string(request.PathParameter("name")), *patch,
                                       VersionOfIfMatch(request), api.Now());
    if (!updated.ok()) return updated.error();
    return UserReply(updated->user, UserWithPasswordJson(*updated));
  });
}

core::Result<Reply> EndUserSessions(Api::Impl& api, const Request& request) {
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    service::Accounts accounts(db.accounts());
    auto ended = accounts.EndSessions(CallerOf(request), std::string(request.PathParameter("name")), api.Now());
    if (!ended.ok()) return ended.error();
    return Reply::NoContent();
  });
}

core::Result<Reply> ListTokens(Api::Impl& api, const Request& request) {
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    service::Tokens tokens(db.accounts());
    auto listed = tokens.List(CallerOf(request), QueryString(request, "user"), api.Now());
    if (!listed.ok()) return listed.error();
    return PagedList(request, *listed, TokenJson);
  });
}

core::Result<Reply> CreateToken(Api::Impl& api, const Request& request) {
  if (auto checked =
          CheckMembers(request.json, {{"name", Type::string}, {"expires_in_days", Type::number_integer, false}});
      !checked.ok()) {
    return checked.error();
  }
  std::optional<std::int64_t> days;
  if (request.json.contains("expires_in_days") && !request.json["expires_in_days"].is_null()) {
    days = request.json["expires_in_days"].get<std::int64_t>();
  }
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    service::Tokens tokens(db.accounts());
    auto created = tokens.Create(CallerOf(request), request.json["name"].get<std::string>(), days, api.Now());
    if (!created.ok()) return created.error();
    Json json = TokenJson(created->token);
    json["token"] = created->secret;
    Reply reply = JsonReply(json, 201);
    reply.headers.emplace_back("Location", "/api/v1/tokens/" + std::to_string(created->token.id));
    return reply;
  });
}

core::Result<Reply> RevokeToken(Api::Impl& api, const Request& request) {
  auto id = service::ParseIntegerParameter("id", request.PathParameter("id"), 1, INT64_MAX);
  if (!id.ok()) return core::Failure(core::ErrorCode::kNotFound, "no such token");
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    service::Tokens tokens(db.accounts());
    if (auto revoked = tokens.Revoke(CallerOf(request), *id, api.Now()); !revoked.ok()) return revoked.error();
    return Reply::NoContent();
  });
}

core::Result<Reply> ListAudit(Api::Impl& api, const Request& request) {
  store::AuditFilter filter;
  auto paging = service::ParsePaging(QueryString(request, "limit"), QueryString(request, "offset"));
  if (!paging.ok()) return paging.error();
  filter.limit = paging->limit;
  filter.offset = paging->offset;
  filter.user = QueryString(request, "user");
  filter.action = QueryString(request, "action");
  if (const auto since = QueryString(request, "since")) {
    auto at = ParseInstant("since", *since);
    if (!at.ok()) return at.error();
    filter.since = *at;
  }
  if (const auto before = QueryString(request, "before")) {
    auto id = service::ParseIntegerParameter("before", *before, 1, INT64_MAX);
    if (!id.ok()) return id.error();
    filter.before = *id;
  }
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    service::Accounts accounts(db.accounts());
    auto page = accounts.ListAudit(CallerOf(request), filter);
    if (!page.ok()) return page.error();
    Json rows = Json::array();
    for (const store::AuditEntry& entry : page->rows) rows.push_back(AuditJson(entry));
    return JsonReply(ListJson(std::move(rows), page->total_count, *paging));
  });
}

}  // namespace

RouteTable AccountRoutes(Api::Impl& api) {
  using service::UseCase;
  const auto bind = [&api](ApiHandler handler) { return Bind(api, handler); };
  RouteTable routes;
  routes.push_back({"GET",
                    "/api/v1/users",
                    UseCase::kListUsers,
                    bind(ListUsers),
                    BodyKind::kNone,
                    ListSpec{},
                    "User accounts",
                    {"", "UserList"}});
  routes.push_back({"POST",
                    "/api/v1/users",
                    UseCase::kCreateUser,
                    bind(CreateUser),
                    BodyKind::kJson,
                    std::nullopt,
                    "Create a user with an initial password",
                    {"CreateUserRequest", "UserWithPassword", 201}});
  routes.push_back({"GET",
                    "/api/v1/users/{name}",
                    UseCase::kShowUser,
                    bind(ShowUser),
                    BodyKind::kNone,
                    std::nullopt,
                    "One user account",
                    {"", "User"}});
  routes.push_back({"PATCH",
                    "/api/v1/users/{name}",
                    UseCase::kUpdateUser,
                    bind(UpdateUser),
                    BodyKind::kMergePatch,
                    std::nullopt,
                    "Change a user (JSON Merge Patch)",
                    {"UserPatch", "UserWithPassword"}});
  routes.push_back({"DELETE",
                    "/api/v1/users/{name}/sessions",
                    UseCase::kEndUserSessions,
                    bind(EndUserSessions),
                    BodyKind::kNone,
                    std::nullopt,
                    "End every session of a user",
                    {"", "", 204}});
  routes.push_back({"GET",
                    "/api/v1/tokens",
                    UseCase::kListTokens,
                    bind(ListTokens),
                    BodyKind::kNone,
                    ListSpec{},
                    "API tokens: the caller's own (an admin may name a user)",
                    {"", "TokenList"}});
  routes.push_back({"POST",
                    "/api/v1/tokens",
                    UseCase::kCreateToken,
                    bind(CreateToken),
                    BodyKind::kJson,
                    std::nullopt,
                    "Create an API token (shown once)",
                    {"CreateTokenRequest", "NewToken", 201}});
  routes.push_back({"DELETE",
                    "/api/v1/tokens/{id}",
                    UseCase::kRevokeToken,
                    bind(RevokeToken),
                    BodyKind::kNone,
                    std::nullopt,
                    "Revoke an API token",
                    {"", "", 204}});
  routes.push_back({"GET",
                    "/api/v1/audit",
                    UseCase::kListAudit,
                    bind(ListAudit),
                    BodyKind::kNone,
                    ListSpec{},
                    "The audit log, newest first",
                    {"", "AuditList"}});
  return routes;
}

}  // namespace supeval::server
