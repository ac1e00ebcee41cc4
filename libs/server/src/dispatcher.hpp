// One request, from its parsed message to its answer, through API.md's order
// of checks: route (404, 405, OPTIONS; a path no route has may be the
// front end's, static_files.hpp), 401, 403 cross-origin, 403 csrf, 403
// restricted session, 403 policy, 415, 400 (JSON, list parameters), the
// handler; then the headers every answer carries, ETag and 304, HEAD. The
// limits (413, 431) are the connection's, before a body is read.
// Socket-free, so that tests and the fuzz target call it directly.
// Thread-safety: Handle may be called from several threads at once.
#pragma once

#include <boost/beast/http.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "router.hpp"
#include "static_files.hpp"
#include "supeval/server/authenticator.hpp"
#include "supeval/server/routes.hpp"
#include "supeval/server/server.hpp"

namespace supeval::server {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// An answer and what the request log says of it.
struct Outcome {
  HttpResponse response;
  std::string user;      // the caller's login name; empty: nobody
  std::string internal;  // a handler's internal error, for the log only
  std::string route;     // the route pattern the path matched; empty: none
  // The security log's event (a login, a logout, a refusal, a supplier
  // user asking for another's data) and whom it concerns; empty: none.
  std::string security_event;
  std::string security_user;
};

class Dispatcher {
 public:
  // `routes` must outlive the dispatcher, and so must `static_files`, the
  // front end answering paths no route has (nullptr: none).
  Dispatcher(const ServerOptions& options, const RouteTable& routes, Authenticator& authenticator,
             const StaticFiles* static_files = nullptr);

  // The most body the route of `target` (a request target) may receive.
  [[nodiscard]] std::uint64_t BodyLimit(std::string_view target) const;

  // `address` is the client's; `https`: a trusted proxy says the client
  // came over HTTPS (the server's own TLS counts anyway).
  [[nodiscard]] Outcome Handle(const HttpRequest& request, std::string_view address, std::string_view request_id,
                               bool https = false) const;

  // A refusal made before a request was whole (413, 431, a malformed
  // header), with the headers every answer carries.
  [[nodiscard]] HttpResponse Refusal(unsigned status, std::string_view problem, std::string detail,
                                     std::string_view request_id) const;

 private:
  struct Context;
  [[nodiscard]] Reply Decide(const HttpRequest& request, Context& context) const;
  // Each check gives the refusal, or nothing when the request passes.
  [[nodiscard]] std::optional<Reply> Authenticate(const HttpRequest& request, const Route& route,
                                                  Context& context) const;
  [[nodiscard]] std::optional<Reply> CheckOrigin(const HttpRequest& request, const Route& route,
                                                 const Context& context) const;
  [[nodiscard]] std::optional<Reply> CheckBody(const HttpRequest& request, const Route& route, Context& context) const;
  [[nodiscard]] Reply Run(const RouteMatch& match, Context& context) const;
  [[nodiscard]] HttpResponse Finish(const HttpRequest& request, Reply reply, const Context& context) const;
  [[nodiscard]] static std::string SecurityEventOf(const Reply& reply, const Context& context);

  const ServerOptions& options_;
  Router router_;
  Authenticator& authenticator_;
  const StaticFiles* static_files_;
};

// The value of header field `name`, if the request has it.
[[nodiscard]] std::optional<std::string_view> FieldOf(const HttpRequest& request, std::string_view name);

// A random (version 4) UUID, as a request id.
[[nodiscard]] std::string NewRequestId();

}  // namespace supeval::server
