// The route table's vocabulary: what a handler sees of a request (already
// authenticated, authorized and checked, API.md "Order of checks") and what it
// answers. A route is one line of a table — method, path pattern, the use case
// it runs (whose policy decides who may call it), the body it takes and its
// handler, and the schemas of its bodies — and a handler only maps HTTP to a
// service call and back.
//
// Thread-safety: a RouteTable is immutable once built and shared by all the
// server's threads; handlers are called from several threads at once and must
// be safe for that (open a Store per call, or keep one per thread).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "supeval/core/result.hpp"
#include "supeval/service/lists.hpp"
#include "supeval/service/policy.hpp"

namespace supeval::server {

// What a route's body must be (API.md, "Conventions"). A request whose body
// is of another type answers 415; a request without a body needs no type.
enum class BodyKind : std::uint8_t {
  kNone,        // no body expected (one sent as JSON is ignored)
  kJson,        // application/json[; charset=utf-8], parsed (400 malformed-json)
  kMergePatch,  // the same, or application/merge-patch+json (RFC 7396)
  kMultipart,   // multipart/form-data, passed on as bytes (limit: --max-upload)
  kFile,        // application/pdf, image/png or image/jpeg, passed on as bytes (limit: an adjustment report's)
};

// A list route (API.md, "Lists"): paged by limit and offset, and sorted by
// `sort` when the service declares sortable fields for it. The server
// checks the parameters with the service's own parsing before the handler
// runs (every problem at once) and lists them in the OpenAPI document
// (x-sort); the service, which reads them again, stays the one definition.
struct ListSpec {
  const service::SortSpec* sort = nullptr;  // static; nullptr: no `sort`
};

// The session cookie's name (API.md): `__Host-` over HTTPS, so that the
// browser sends it only to this host, over HTTPS, for every path.
[[nodiscard]] constexpr std::string_view SessionCookieName(bool https) { return https ? "__Host-supeval" : "supeval"; }

// A request as a handler sees it.
struct Request {
  std::string method;                                                // "GET" (also for HEAD), "POST", ...
  std::string path;                                                  // decoded path, without the query
  std::vector<std::pair<std::string, std::string>> path_parameters;  // {id} -> value, in pattern order
  std::vector<std::pair<std::string, std::string>> query;            // decoded, in request order
  const service::Caller* caller = nullptr;                           // nullptr: nobody logged in
  nlohmann::json json;                                               // kJson/kMergePatch: the parsed body
  std::string body;          // kMultipart, kFile, kJson: the raw body (a JSON number's decimal text)
  std::string content_type;  // as sent
  std::string request_id;    // a UUID, as in X-Request-Id
  std::string address;       // the client's address
  std::string user_agent;    // as sent ("" when none)
  std::vector<std::pair<std::string, std::string>> headers;  // as sent (If-Match, Idempotency-Key, ...)
  bool https = false;  // over HTTPS (own TLS or a trusted proxy): the cookie is __Host-supeval; Secure
  // The session cookie's value as sent (logout revokes it; a login revokes
  // the one it replaces), whether or not it named a live session; empty: none.
  std::string session_id;

  // The value of path parameter `name` ("" when the pattern has none).
  [[nodiscard]] std::string_view PathParameter(std::string_view name) const;
  // The first value of header field `name` (case-insensitive).
  [[nodiscard]] std::optional<std::string_view> Header(std::string_view name) const;
  // The first value of query parameter `name`.
  [[nodiscard]] std::optional<std::string_view> QueryParameter(std::string_view name) const;
};

// A handler's answer. Refusals are core::Errors instead: the server turns
// them into problems (ErrorCode -> status, Error::problem -> type).
struct Reply {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Location
  // A security event the handler saw (a login, its failure, a logout) for
  // the security log, and whom it concerns when known; the dispatcher adds
  // the refusals it makes itself. Empty: none.
  std::string security_event;
  std::string security_user;

  // 200 (or `status`) with `value` as the JSON body.
  [[nodiscard]] static Reply Json(const nlohmann::json& value, unsigned status = 200);
  // 204 No Content.
  [[nodiscard]] static Reply NoContent();
};

using Handler = std::function<core::Result<Reply>(const Request&)>;

// What a route takes and answers, as named schemas (schemas.hpp), and its
// success status (API.md: 201 with Location for a creation, 204 without a
// body). The OpenAPI document refers to them; serve_schema_test holds every
// real answer to them.
struct Bodies {
  std::string_view request;  // the body's schema; "" when the route takes none
  std::string_view answer;   // the success answer's schema; "" for 204
  unsigned status = 200;     // the success status
  unsigned also_status = 0;  // another success status with the same answer (an import's dry run: 200); 0: none
};

struct Route {
  std::string method;   // "GET", "POST", "PUT", "PATCH", "DELETE"
  std::string pattern;  // "/api/v1/suppliers/{id}": a {name} matches one non-empty segment
  service::UseCase use_case;
  Handler handler;
  BodyKind body = BodyKind::kNone;
  std::optional<ListSpec> list;
  std::string summary;  // one line for the OpenAPI document
  Bodies bodies{};
  // A GET that also answers `?format=xlsx` with its table as an Excel
  // workbook (API.md "Excel downloads"; api/workbook_reply.hpp).
  bool workbook = false;
};

using RouteTable = std::vector<Route>;

}  // namespace supeval::server
