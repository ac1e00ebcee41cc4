// The checks a request meets before its handler, each on the request alone
// (API.md, "Conventions", "Lists", "Authentication and sessions"): the body's
// media type, limit/offset/sort, where a state-changing request comes from,
// the CSRF token.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/result.hpp"
#include "supeval/server/routes.hpp"

namespace supeval::server {

// Whether a body of type `content_type` may be sent to a route taking `kind`:
// application/json with no parameter but charset=utf-8 (and, for kMergePatch,
// application/merge-patch+json); multipart/form-data for kMultipart. Types
// and parameter names compare case-insensitively.
[[nodiscard]] bool AcceptsMediaType(BodyKind kind, std::string_view content_type);

// A check of one query parameter that failed: the parameter and why.
struct ParameterProblem {
  std::string parameter;
  std::string detail;
};

// What is wrong with limit, offset and (where the list is sorted) sort of
// `request`'s query, as service::ParsePaging and ParseSort read them; empty
// when nothing is.
[[nodiscard]] std::vector<ParameterProblem> CheckListParameters(const Request& request, const ListSpec& spec);

// Whether a POST, PUT, PATCH or DELETE comes from another site: an Origin
// that is not `scheme://host`, or Sec-Fetch-Site: cross-site. Without either
// header (curl, integrations) it does not.
[[nodiscard]] bool IsCrossOrigin(std::optional<std::string_view> origin, std::optional<std::string_view> fetch_site,
                                 std::string_view scheme, std::string_view host);

// Whether `method` changes state (a CSRF token and a same-origin request are needed).
[[nodiscard]] bool IsStateChanging(std::string_view method);

// Compares in time that depends only on the lengths.
[[nodiscard]] bool ConstantTimeEquals(std::string_view a, std::string_view b);

// The value of cookie `name` in a Cookie header, if present.
[[nodiscard]] std::optional<std::string> CookieValue(std::string_view cookie_header, std::string_view name);

// The token of an `Authorization: Bearer TOKEN` header (the scheme
// case-insensitive); none for another scheme.
[[nodiscard]] std::optional<std::string> BearerToken(std::string_view authorization);

}  // namespace supeval::server
